# SPDX-License-Identifier: ISC
# shellcheck shell=bash
# The probe as alice: the credentials, capabilities, namespaces, fds, environment and cwd the
# tool really gets.

PROBE_OUT=
t_probe_runs() {
    nscap_as "$ALICE" LD_PRELOAD=/tmp/x FOO=bar TERM=xterm -- "$CID" probe
    PROBE_OUT=$OUTPUT
    expect_rc 0 || return 1
    [[ -n $PROBE_OUT ]] || fail "probe printed nothing" || return 1
    check_start_end_ok probe
}
need_probe() {
    [[ -n $PROBE_OUT ]] || fail "probe did not run" || return 1
    OUTPUT=$PROBE_OUT
}
t_probe_ids() {
    need_probe || return 1
    local k
    for k in uid euid suid fsuid; do
        expect_eq "$(probe_val $k)" "$ALICE_UID" "$k" || return 1
    done
    # The tool's group ids are nscap's tool group, which no process of the caller's has.
    local tg
    tg=$(getent group "$TOOL_GROUP" | cut -d: -f3)
    for k in gid egid sgid fsgid; do
        expect_eq "$(probe_val $k)" "$tg" "$k" || return 1
    done
}
t_probe_groups() {
    need_probe || return 1
    local want got
    want=$(id -G "$ALICE" | tr ' ' '\n' | sort -n | tr '\n' ' ')
    got=$(probe_val groups | tr ' ' '\n' | grep . | sort -n | tr '\n' ' ')
    expect_eq "$got" "$want" "supplementary groups"
}
t_probe_caps() {
    need_probe || return 1
    local k
    for k in CapInh CapPrm CapEff CapBnd CapAmb; do
        expect_eq "$(probe_val $k)" "$CAP_NET_RAW" "$k" || return 1
    done
}
t_probe_nnp_seccomp() {
    need_probe || return 1
    expect_eq "$(probe_val NoNewPrivs)" 1 NoNewPrivs || return 1
    expect_eq "$(probe_val Seccomp)" 2 Seccomp
}
t_probe_fds() {
    need_probe || return 1
    expect_eq "$(probe_val fds)" "0 1 2" "open fds (fd 7 was passed in)"
}
t_probe_env() {
    need_probe || return 1
    local names bad
    names=$(awk '$1 == "env" { sub(/^env /, ""); sub(/=.*/, ""); print }' <<<"$OUTPUT")
    grep -qx PATH <<<"$names" || fail "PATH missing from environment" || return 1
    bad=$(grep -v -x -E 'PATH|TERM|LANG|LC_[A-Z_]+' <<<"$names" | tr '\n' ' ')
    [[ -z $bad ]] || fail "unexpected environment variables: $bad" || return 1
    grep -qx 'env TERM=xterm' <<<"$OUTPUT" || fail "sane TERM=xterm not passed" || return 1
}
t_probe_netns() {
    need_probe || return 1
    expect_eq "$(probe_val ns.net)" "$CNETNS" "net namespace inode"
}
t_probe_other_ns() {
    need_probe || return 1
    local ns mine
    for ns in mnt pid user uts ipc cgroup; do
        mine=$(run_as "$ALICE" stat -L -c %i "/proc/self/ns/$ns")
        expect_eq "$(probe_val "ns.$ns")" "$mine" "$ns namespace (caller's)" || return 1
    done
}
t_probe_cwd() {
    need_probe || return 1
    expect_eq "$(probe_val cwd)" "$ALICE_HOME" "cwd"
}
t_probe_execve() {
    nscap_as "$ALICE" -- "$CID" probe exec
    grep -q '^execve-succeeded' "$OUT" && { fail "execve of /bin/sh succeeded"; return 1; }
    expect_eq "$(probe_val execve)" EPERM "execve result (rc $RC)"
}

run_test probe-runs t_probe_runs
run_test probe-ids t_probe_ids
run_test probe-groups t_probe_groups
run_test probe-caps-net-raw-only t_probe_caps
run_test probe-nnp-seccomp t_probe_nnp_seccomp
run_test probe-fds-closed t_probe_fds
run_test probe-env-scrubbed t_probe_env
run_test probe-netns-container t_probe_netns
run_test probe-other-ns-callers t_probe_other_ns
run_test probe-cwd t_probe_cwd
run_test probe-execve-blocked t_probe_execve
