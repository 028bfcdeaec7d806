# SPDX-License-Identifier: ISC
# shellcheck shell=bash
# 1 (round two). The caller tries to take over the tool nscap runs for them, from their own
# processes, during its whole life. hijack.c stops the child once between the fork and the exec
# (as soon as the caller may signal it) and once right after the exec, and each time tries
# ptrace attach and seize, pidfd_getfd, process_vm_readv/writev, /proc/PID/mem read and write,
# /proc/PID/fd/N, /proc/PID/environ and prlimit. Every one must be refused (EPERM or EACCES),
# for every shipped tool, whatever its capabilities (caps none tools included).

HIJACK=$NT_BIN/hijack
SHIPPED=(tcpdump=shipped ss=shipped ip=shipped ping=shipped tracepath=shipped nstat=shipped)

# t_takeover TOOL ARG...: up to 60 runs until both phases were caught; then every attack refused.
t_takeover() {
    [[ -x $HIJACK ]] || gcc -static -O2 -o "$HIJACK" "$HERE/hijack.c" || {
        fail "cannot build hijack.c"
        return 1
    }
    (POLICY_TOOLS=("${SHIPPED[@]}") && write_policy \
        "permit group:$ONCALL on container:* run any max-time 20s") || { fail "policy"; return 1; }
    nscap_as "$ALICE" "$HIJACK" -n 60 -- "$CID" "$@"
    write_policy
    local bad phase
    for phase in pre tool; do
        [[ $(probe_val "$phase-caught") == yes ]] ||
            { fail "never caught the $phase phase in 60 runs: $(tr '\n' ' ' <<<"$OUTPUT" | head -c 300)"; return 1; }
    done
    bad=$(grep -E '^(pre|tool)-[a-z-]+ ' <<<"$OUTPUT" | grep -v -E ' (EPERM|EACCES)$' |
        grep -v -E -- '-caught ')
    [[ -z $bad ]] || fail "not refused: $(tr '\n' ' ' <<<"$bad")"
}

run_test takeover-tcpdump t_takeover tcpdump -i lo -nn -c 2 port 8080
run_test takeover-ss t_takeover ss -tan
run_test takeover-ip t_takeover ip -s link
run_test takeover-ping t_takeover ping -c 1 127.0.0.1
run_test takeover-tracepath t_takeover tracepath -n 127.0.0.1
run_test takeover-nstat t_takeover nstat -a
