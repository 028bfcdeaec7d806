#!/bin/bash
# shellcheck disable=SC2015,SC2016
# nscap adversarial suite (issue 4): real attacks, run as a real unprivileged user against the
# installed setuid-root binary. Run as root:
#   tests/adversarial/run.sh [path/to/nscap]   (default $NSCAP_TEST_BIN, else out/test/nscap)
# Each case is one attack, named after it, with a comment saying what it proves. One
# "PASS name" / "FAIL name: reason" line per case; diagnostics on stderr prefixed "# ".
# Exit 0 only if every case passed. Shares /opt/nscap-test with the integration suite: never
# run both at once. Item 10 of the issue (per-tool seccomp socket profiles) is not here.
set -u
umask 022

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
BIN=${1:-${NSCAP_TEST_BIN:-$REPO/out/test/nscap}}
[[ $BIN == /* ]] || BIN=$PWD/$BIN
# shellcheck source=tests/integration/lib.sh
. "$REPO/tests/integration/lib.sh"

if [[ $(id -u) != 0 ]]; then
    echo "FAIL adversarial-setup: must run as root"
    exit 1
fi

ATTACKER=$NT_BIN/attacker
PRELOAD=$NT_BIN/preload.so
ADV_BG=()            # background helper pids (swap loops, churn), killed at exit
GHOST_UID=           # a uid with no passwd entry

adv_cleanup() {
    local rc=$? p
    set +e
    for p in "${ADV_BG[@]}"; do
        kill -KILL "$p" 2>/dev/null
        wait "$p" 2>/dev/null
    done
    if [[ -n $GHOST_UID ]]; then
        for p in $(ps -o pid= -u "$GHOST_UID" 2>/dev/null); do kill -KILL "$p" 2>/dev/null; done
    fi
    # forged runtime records must not reach it_cleanup's `runc delete`
    rm -rf "${RUNC_ROOT:?}"/nscapt-web-* 2>/dev/null
    # chown'ed ancestors must not stop it_cleanup's rm
    [[ -d $NT_ROOT ]] && chown root:root "$NT_ROOT" "$NT_ETC" 2>/dev/null
    it_cleanup
    return $rc
}

it_cleanup_leftovers
trap adv_cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------- setup

# adv_policy [RULE...]: the integration policy's tools plus probe-none (caps none), probe-admin
# (net_raw,net_admin) and tcpdump-z (a profile that wrongly allows -z/-G/-Z); default rule:
# oncall may run tcpdump and the probes in any container.
adv_policy() {
    local tmp=$POLICY.tmp.$$ r
    {
        printf '%s\n' '# nscap adversarial test policy (generated)' 'version 1' \
            "state-root $STATE" '' \
            'tool tcpdump {' '    path /usr/bin/tcpdump' '    caps net_raw' \
            '    options "nc:i:s:w:A"' '    long' '    operands any' '}' \
            'tool probe {' "    path $PROBE" '    caps net_raw' '    options ""' \
            '    operands any' '}' \
            'tool probe-denied {' "    path $PROBE" '    caps net_raw' '    options ""' \
            '    operands any' '}' \
            'tool probe-none {' "    path $PROBE" '    caps none' '    options ""' \
            '    operands any' '}' \
            'tool probe-admin {' "    path $PROBE" '    caps net_raw,net_admin' \
            '    options ""' '    operands any' '}' \
            'tool tcpdump-z {' '    path /usr/bin/tcpdump' '    caps net_raw' \
            '    options "nc:i:s:w:AG:W:z:Z:"' '    operands any' '    seccomp capture' '}' ''
        if [[ $# -eq 0 ]]; then
            echo "permit group:$ONCALL on container:* run tcpdump,probe,probe-none,probe-admin max-time 30s"
        else
            for r in "$@"; do echo "$r"; done
        fi
    } >"$tmp" || return 1
    chown root:root "$tmp" && chmod 0644 "$tmp" && mv -f "$tmp" "$POLICY"
}

# A runc container whose config has no network namespace: it shares the host's.
adv_hostnet_container_start() {
    local id bundle a
    id=$(head -c 32 /dev/urandom | sha256sum | cut -c1-64)
    bundle=$NT_BUNDLES/$id
    mkdir -p "$bundle/rootfs/bin" "$bundle/rootfs/proc" "$bundle/rootfs/dev" \
        "$bundle/rootfs/sys" "$bundle/rootfs/tmp" || return 1
    cp "$(command -v busybox)" "$bundle/rootfs/bin/busybox" || return 1
    for a in sh sleep; do ln -sf busybox "$bundle/rootfs/bin/$a"; done
    (cd "$bundle" && runc spec) || return 1
    python3 - "$bundle/config.json" "/$CG_PARENT/$id" <<'EOF' || return 1
import json, sys
p, cg = sys.argv[1], sys.argv[2]
c = json.load(open(p))
c["process"]["terminal"] = False
c["process"]["args"] = ["/bin/sh", "-c", "sleep 100000"]
c["linux"]["namespaces"] = [n for n in c["linux"]["namespaces"] if n["type"] != "network"]
c["linux"]["cgroupsPath"] = cg
# what the kubelet would put on a hostNetwork pod's container (runc keeps them as labels)
c["annotations"] = {"io.kubernetes.pod.namespace": "kube-system",
                    "io.kubernetes.pod.name": "nscapt-hostpod",
                    "io.kubernetes.container.name": "main"}
json.dump(c, open(p, "w"))
EOF
    timeout 60 runc --root "$RUNC_ROOT" run -d --pid-file "$bundle/pid" -b "$bundle" "$id" \
        </dev/null >"$bundle/run.log" 2>&1 ||
        { echo "runc run (host network) failed: $(tr '\n' ' ' <"$bundle/run.log")" >&2; return 1; }
    HCID=$id
    HCPID=$(cat "$bundle/pid")
    [[ $(stat -L -c %i "/proc/$HCPID/ns/net") == "$(stat -L -c %i /proc/self/ns/net)" ]] ||
        { echo "host-network container has its own netns" >&2; return 1; }
    it_log "host-network container $HCID pid $HCPID"
}

adv_setup() {
    it_setup "$BIN" || return 1
    adv_policy || return 1
    gcc -static -O2 -o "$ATTACKER" "$HERE/attacker.c" || return 1
    gcc -shared -fPIC -O2 -DMARKER="\"$NT_HOME/alice/preload-marker\"" -o "$PRELOAD" \
        "$HERE/preload.c" || return 1
    chmod 0755 "$ATTACKER" "$PRELOAD" || return 1
    it_container_start || return 1
    it_traffic_start "$CID" || { echo "traffic start failed" >&2; return 1; }
    CID_A=$CID CPID_A=$CPID CNETNS_A=$CNETNS
    it_container_start || return 1
    CID_B=$CID CPID_B=$CPID CNETNS_B=$CNETNS
    CID=$CID_A CPID=$CPID_A CNETNS=$CNETNS_A
    adv_hostnet_container_start || return 1
    it_host_process
    GHOST_UID=
    for u in $(seq 61000 61100); do
        getent passwd "$u" >/dev/null || getent group "$u" >/dev/null || { GHOST_UID=$u; break; }
    done
    [[ -n $GHOST_UID ]] || { echo "no unused uid" >&2; return 1; }
    install -d -o "$GHOST_UID" -g "$GHOST_UID" -m 0700 "$NT_HOME/ghost" || return 1
    cat >"$NT_SCRATCH/auditcheck.py" <<'EOF' || return 1
# auditcheck.py LOG SKIP: records after line SKIP must each be one JSON object on one line,
# under 64 KiB, without raw control characters. Prints "events E1,E2,..." and "bad N: why".
import json, sys
raw = open(sys.argv[1], "rb").read().split(b"\n")
skip = int(sys.argv[2])
if raw and raw[-1] == b"":
    raw.pop()
else:
    print("bad end: log does not end with a newline")
events = []
for n, line in enumerate(raw[skip:], skip + 1):
    if len(line) >= 65536:
        print("bad %d: %d bytes" % (n, len(line)))
    if any(b < 0x20 or b == 0x7f for b in line):
        print("bad %d: raw control character" % n)
    try:
        o = json.loads(line.decode("utf-8"))
        assert isinstance(o, dict), "not an object"
        events.append(o.get("event", "?"))
    except Exception as e:
        print("bad %d: %s" % (n, e))
print("events " + ",".join(events))
EOF
    ALICE_HOME=$NT_HOME/alice
    return 0
}

it_run_setup adversarial adv_setup
ALICE_HOME=$NT_HOME/alice
RAW=0000000000002000
RAW_ADMIN=0000000000003000
ZERO=0000000000000000
TOOL_PATH_ENV=PATH=/usr/sbin:/usr/bin:/sbin:/bin

# ---------------------------------------------------------------- helpers

# adv_as USER [PREFIX...] -- ARG...: nscap_as with a command before nscap (a launcher, a
# shell setting limits, strace...). ADV_NSCAP replaces the binary, ADV_CWD the directory.
# A numeric USER without a passwd entry runs with no supplementary groups and PATH only.
adv_as() {
    local u=$1 pre=() t0 t1 dir ids
    shift
    while [[ $# -gt 0 && $1 != -- ]]; do pre+=("$1"); shift; done
    [[ ${1-} == -- ]] && shift
    IT_SEQ=$((${IT_SEQ:-0} + 1))
    OUT=$NT_SCRATCH/adv$IT_SEQ.out
    ERR=$NT_SCRATCH/adv$IT_SEQ.err
    if getent passwd "$u" >/dev/null; then
        dir=${ADV_CWD:-$(getent passwd "$u" | cut -d: -f6)}
        ids=(--reuid="$u" --regid="$(id -g "$u")" --init-groups --reset-env)
    else
        dir=${ADV_CWD:-/}
        ids=(--reuid="$u" --regid="$u" --clear-groups)
        pre=(env -i PATH=/usr/bin:/bin "${pre[@]}")
    fi
    t0=$(date +%s%N)
    timeout -k 5 "${NSCAP_TIMEOUT:-60}" \
        bash -c 'd=$1; shift; cd "$d" && exec "$@"' _ "$dir" \
        setpriv "${ids[@]}" -- "${pre[@]}" "${ADV_NSCAP:-$NSCAP}" "$@" \
        <"${NSCAP_STDIN:-/dev/null}" >"$OUT" 2>"$ERR"
    RC=$?
    t1=$(date +%s%N)
    DUR_MS=$(((t1 - t0) / 1000000))
    OUTPUT=$(tr -d '\000' <"$OUT")
    ERRTEXT=$(cat "$ERR")
    it_log "as $u: ${pre[*]:+${pre[*]} }nscap $(printf '%q ' "$@" | head -c 300) -> rc=$RC in ${DUR_MS}ms${ERRTEXT:+; stderr: $(head -c 300 "$ERR" | tr '\n' '|')}"
    return 0
}

# adv_test NAME FUNCTION [ARGS...]: run_test, unless ADV_ONLY (an ERE, for debugging) skips it.
adv_test() {
    [[ -z ${ADV_ONLY-} || $1 =~ $ADV_ONLY ]] || return 0
    run_test "$@"
}

SEQ=0
new_marker() { SEQ=$((SEQ + 1)); MARKER=$ALICE_HOME/adv-marker$SEQ; rm -f "$MARKER"; }

# The new audit records are valid, bounded, one a line; sets EVENTS ("start,end").
expect_audit_clean() {
    local res
    res=$(python3 "$NT_SCRATCH/auditcheck.py" "$AUDIT" "${AUDIT_MARK:-0}" 2>&1)
    EVENTS=$(sed -n 's/^events //p' <<<"$res")
    ! grep -q '^bad' <<<"$res" || fail "audit: $(grep '^bad' <<<"$res" | head -3 | tr '\n' ' ')"
}
expect_events() { # EXPECTED (comma list of the new records' events, in order)
    expect_audit_clean || return 1
    [[ $EVENTS == "$1" ]] || fail "audit events '$EVENTS', expected '$1'"
}
# The last stderr line is nscap's own one-line message and mentions PATTERN (ERE).
expect_msg() {
    local last
    last=$(tail -n 1 "$ERR")
    [[ $last == "nscap: "* ]] || fail "last stderr line is not 'nscap: ...': '${last:0:200}'" || return 1
    grep -q -E -- "$1" <<<"$last" || fail "message '${last:0:200}' does not match /$1/"
}
# Refused: exit RC, "nscap: " message matching PATTERN, marker never created, no start record.
expect_refused() { # RC PATTERN
    expect_rc "$1" || return 1
    expect_msg "$2" || return 1
    expect_no_file "$MARKER" || return 1
    expect_no_audit '"event":"start"'
}
# The probe ran and reported.
expect_ran() {
    expect_rc 0 || return 1
    [[ -n $(probe_val uid) ]] || fail "probe printed no report: ${OUTPUT:0:200}"
}
pid_of_child() { # PARENT [COMM]: the first child of PARENT (with that comm)
    local p
    for p in $(ps -o pid= --ppid "$1" 2>/dev/null); do
        [[ -z ${2-} || $(cat "/proc/$p/comm" 2>/dev/null) == "$2" ]] && { echo "$p"; return 0; }
    done
    return 1
}
# wait_for CMD...: up to 10 s for CMD to succeed
wait_for() {
    local i
    for i in $(seq 100); do "$@" && return 0; sleep 0.1; done
    return 1
}

# ================================================================ 1. argv

# argc == 0 (PwnKit): the strings a naive argv[1] would read are in envp; nothing may run.
t_argc0() {
    new_marker
    adv_as "$ALICE" "$ATTACKER" exec -0 -- "$CID" probe marker "$MARKER" \
        "LD_PRELOAD=$PRELOAD" "GCONV_PATH=$ALICE_HOME"
    # Linux >= 5.18 turns an empty argv into {""}: nscap then sees argc 1 and no TARGET
    expect_refused 125 'empty argv|missing TARGET and TOOL' || return 1
    expect_nscap_error_line || return 1
    # Linux >= 5.18 gives {""}: a usage error, recorded like every attempt. A true argc 0 is
    # refused before anything else, the log included.
    if grep -q 'missing TARGET' "$ERR"; then expect_events "error"; else expect_events ""; fi
}
# An odd argv[0] (escape sequences, newline, invalid UTF-8) changes nothing: a normal run.
t_argv0_odd() {
    adv_as "$ALICE" "$ATTACKER" exec -a $'\e[31m\n/usr/bin/evil\xff' -- "$CID" probe
    expect_ran || return 1
    expect_eq "$(probe_val ns.net)" "$CNETNS" "net namespace" || return 1
    expect_events "start,end"
}
# An empty argv[0] does not become the message prefix: errors still start "nscap: ".
t_argv0_empty() {
    adv_as "$ALICE" "$ATTACKER" exec -a "" --
    expect_rc 125 || return 1
    expect_nscap_error_line || return 1
    expect_msg 'missing TARGET'
}
# A 128 KiB argument (kernel maximum) is refused before anything runs (bound: 32 KiB).
t_arg_128k() {
    new_marker
    adv_as "$ALICE" -- "$CID" probe marker "$MARKER" "$(head -c 131000 /dev/zero | tr '\0' a)"
    expect_refused 125 'longer than 32768 bytes'
}
# 10,000 arguments are refused (bound: 1024).
t_args_10000() {
    new_marker
    local many=()
    mapfile -t many < <(yes x | head -n 10000)
    adv_as "$ALICE" -- "$CID" probe marker "$MARKER" "${many[@]}"
    expect_refused 125 'too many tool arguments'
}
# Arguments over 256 KiB in all (each under the per-argument bound) are refused.
t_args_total() {
    new_marker
    local big
    big=$(head -c 30000 /dev/zero | tr '\0' b)
    adv_as "$ALICE" -- "$CID" probe marker "$MARKER" "$big" "$big" "$big" "$big" "$big" \
        "$big" "$big" "$big" "$big"
    expect_refused 125 'in all'
}

adv_test argc0-pwnkit t_argc0
adv_test argv0-odd-bytes t_argv0_odd
adv_test argv0-empty t_argv0_empty
adv_test arg-128k t_arg_128k
adv_test args-10000 t_args_10000
adv_test args-total-over-256k t_args_total

# ================================================================ 2. environment

HOSTILE_ENV=(
    "LD_PRELOAD=$PRELOAD" "LD_LIBRARY_PATH=$ALICE_HOME" "LD_AUDIT=$PRELOAD" "LD_DEBUG=all"
    "GCONV_PATH=$ALICE_HOME" "TZ=/etc/shadow" "PATH=$ALICE_HOME:/tmp" "HOME=/root"
    "LOCALDOMAIN=attacker.invalid" "HOSTALIASES=$ALICE_HOME/hosts" "RES_OPTIONS=debug"
    "GLIBC_TUNABLES=glibc.malloc.check=3" "MALLOC_CHECK_=3" "NLSPATH=$ALICE_HOME/%N"
    "LOCPATH=$ALICE_HOME" "TMPDIR=$ALICE_HOME" "IFS=x" "SHELLOPTS=xtrace" "BASH_ENV=$ALICE_HOME/x"
    "ENV=$ALICE_HOME/x" "PCAP_FRAMES=1" "NSCAP_POLICY=$ALICE_HOME/x"
    "TERM=xterm" "LANG=C.UTF-8" "LC_ALL=../../..$ALICE_HOME" $'LC_CTYPE=C\nLD_PRELOAD=x'
    "LC_TIME=/etc/shadow"
)

# Control: the payload works — a dynamic tool run directly with LD_PRELOAD creates the marker.
t_preload_control() {
    rm -f "$ALICE_HOME/preload-marker"
    run_as "$ALICE" env "LD_PRELOAD=$PRELOAD" tcpdump --version >/dev/null 2>&1
    [[ -s $ALICE_HOME/preload-marker ]] || fail "LD_PRELOAD payload did not run in tcpdump" || return 1
    rm -f "$ALICE_HOME/preload-marker"
}
# The tool's environment is built from scratch: exactly PATH and the sane TERM/LANG.
t_env_probe() {
    rm -f "$ALICE_HOME/preload-marker"
    adv_as "$ALICE" env "${HOSTILE_ENV[@]}" -- "$CID" probe
    expect_ran || return 1
    local got want
    got=$(awk '$1 == "env" { sub(/^env /, ""); print }' <<<"$OUTPUT" | sort | tr '\n' ' ')
    want=$(printf '%s\n' "$TOOL_PATH_ENV" TERM=xterm LANG=C.UTF-8 | sort | tr '\n' ' ')
    expect_eq "$got" "$want" "tool environment" || return 1
    expect_no_file "$ALICE_HOME/preload-marker"
}
# A dynamic tool (tcpdump) with LD_PRELOAD & co. set by the caller: the payload never runs.
t_env_tcpdump() {
    rm -f "$ALICE_HOME/preload-marker"
    adv_as "$ALICE" env "${HOSTILE_ENV[@]}" -- "$CID" tcpdump -i lo -nn -c 3 -w /dev/null
    expect_rc 0 || return 1
    expect_no_file "$ALICE_HOME/preload-marker" || return 1
    expect_events "start,end"
}

adv_test env-preload-control t_preload_control
adv_test env-injection-probe t_env_probe
adv_test env-injection-tcpdump-preload t_env_tcpdump

# ================================================================ 3. file descriptors

FD_LEAK_RE='pidfd|net:\[|policy|audit|socket:|pipe:|anon_inode|/etc/passwd|^/$'
# fds 3..1023 open at start (dir, file, pipe, socket): the tool sees 0-2 only.
t_fd_spray() {
    adv_as "$ALICE" "$ATTACKER" exec -f -- "$CID" probe
    expect_ran || return 1
    expect_eq "$(probe_val fds)" "0 1 2" "tool's open fds" || return 1
    local leaked
    leaked=$(awk '$1 ~ /^fd\./ { print $2 }' <<<"$OUTPUT" | grep -E "$FD_LEAK_RE")
    [[ -z $leaked ]] || fail "tool fd points at: $leaked"
}
# fds 0, 1, 2 closed at start (and 3..1023 open): the tool gets valid 0-2 (/dev/null).
t_fd_closed012() {
    local f=$ALICE_HOME/closed012.report
    rm -f "$f"
    adv_as "$ALICE" "$ATTACKER" exec -f -c -- "$CID" probe report-to "$f"
    expect_rc 0 || return 1
    [[ -s $f ]] || fail "no report written" || return 1
    OUTPUT=$(cat "$f")
    expect_eq "$(probe_val fds)" "0 1 2" "tool's open fds" || return 1
    local k
    for k in 0 1 2; do
        expect_eq "$(probe_val "fd.$k")" /dev/null "fd $k" || return 1
    done
    expect_events "start,end"
}
# The supervisor (still privileged-uid) holds none of the caller's fds either.
t_fd_supervisor() {
    ( adv_as "$ALICE" "$ATTACKER" exec -f -- "$CID" probe sleep 3 ) &
    local bg=$! sup tool fds
    wait_for eval 'tool=$(pgrep -u "$ALICE" -x probe | head -1); [[ -n $tool ]]' ||
        { wait $bg; fail "probe never started"; return 1; }
    sup=$(ps -o ppid= -p "$tool" | tr -d ' ')
    fds=$(for f in /proc/"$sup"/fd/*; do readlink "$f"; done 2>/dev/null | tr '\n' ' ')
    it_log "supervisor $sup fds: $fds"
    wait $bg
    [[ -n $fds ]] || fail "cannot list the supervisor's fds" || return 1
    # the caller's 1021 fds included "/" and /etc/passwd, which nscap itself never opens
    ! grep -q -E ' /etc/passwd | / ' <<<" $fds " || fail "supervisor holds a caller fd: $fds" || return 1
    [[ $(wc -w <<<"$fds") -lt 16 ]] || fail "supervisor holds $(wc -w <<<"$fds") fds"
}

adv_test fd-spray-3-1023 t_fd_spray
adv_test fd-012-closed t_fd_closed012
adv_test fd-spray-supervisor t_fd_supervisor

# ================================================================ 4. policy tampering

# t_policy_refused PATTERN [NO_RECORD]: the refusal the tampered policy must produce.
t_policy_refused() {
    new_marker
    adv_as "$ALICE" -- "$CID" probe marker "$MARKER"
    expect_refused 125 "$1" || return 1
    if [[ -n ${2-} ]]; then
        expect_events ""
    else
        expect_events "error"
    fi
}
restore_policy() {
    chown root:root "$NT_ROOT" "$NT_ETC"
    chmod 0755 "$NT_ROOT" "$NT_ETC"
    rm -rf "$POLICY" "$POLICY.real" "$POLICY.link"
    adv_policy
}
with_policy() { # SETUP-CMD PATTERN [NO_RECORD]
    eval "$1" || { fail "setup failed: $1"; restore_policy; return 1; }
    t_policy_refused "$2" "${3-}"
    local r=$?
    restore_policy
    return $r
}
ALICE_POLICY=$ALICE_HOME/evil.policy
# Group- or other-writable, or owned by the caller: never trusted.
t_pol_gw() { with_policy 'chmod 0664 "$POLICY"' 'writable by group or other'; }
t_pol_ow() { with_policy 'chmod 0646 "$POLICY"' 'writable by group or other'; }
t_pol_owner() { with_policy 'chown "$ALICE" "$POLICY"' 'not owned by root'; }
# A symlink (even to a root-owned file) is not followed.
t_pol_symlink() { with_policy 'mv "$POLICY" "$POLICY.real" && ln -s policy.real "$POLICY"' 'symbolic link'; }
# A symlink to a policy the caller wrote.
t_pol_symlink_user() {
    with_policy 'cp "$POLICY" "$ALICE_POLICY" && chown "$ALICE" "$ALICE_POLICY" && rm -f "$POLICY" && ln -s "$ALICE_POLICY" "$POLICY"' 'symbolic link'
}
# A second hard link (a copy that could be kept after the admin replaces the policy).
t_pol_hardlink() { with_policy 'ln "$POLICY" "$POLICY.link"' 'more than one hard link'; }
# The caller cannot even make the hard link (protected_hardlinks); if they could, refused.
t_pol_hardlink_user() {
    run_as "$ALICE" ln "$POLICY" "$ALICE_HOME/policy.link" 2>/dev/null
    if [[ -e $ALICE_HOME/policy.link ]]; then
        it_log "the caller could hard-link the policy"
        t_policy_refused 'more than one hard link'
        local r=$?
        rm -f "$ALICE_HOME/policy.link"
        return $r
    fi
    return 0
}
# A writable ancestor: the policy's directory 0777, or owned by the caller.
t_pol_dir_777() { with_policy 'chmod 0777 "$NT_ETC"' 'writable by group or other'; }
t_pol_dir_owner() { with_policy 'chown "$ALICE" "$NT_ETC"' 'not owned by root'; }
# A caller-owned ancestor above the audit log too: refused before any record can be written.
t_pol_root_owner() { with_policy 'chown "$ALICE" "$NT_ROOT"' 'not owned by root' no-record; }
# A FIFO in place of the policy does not block nscap: refused at once.
t_pol_fifo() { NSCAP_TIMEOUT=10 with_policy 'rm -f "$POLICY" && mkfifo -m 0644 "$POLICY"' 'not a regular file'; }
# Truncated in the middle of a tool block, binary garbage, empty, over 1 MiB: fail closed.
t_pol_truncated() { with_policy 'head -c 180 "$POLICY" >"$POLICY.t" && mv "$POLICY.t" "$POLICY" && chmod 0644 "$POLICY"' 'refusing to run'; }
t_pol_garbage() { with_policy 'head -c 4096 /dev/urandom >"$POLICY.t" && mv "$POLICY.t" "$POLICY" && chmod 0644 "$POLICY"' 'refusing to run'; }
t_pol_empty() { with_policy ': >"$POLICY"' 'refusing to run'; }
t_pol_big() { with_policy '{ cat "$POLICY"; yes "# padding padding padding padding padding" | head -c 1100000; } >"$POLICY.t" && mv "$POLICY.t" "$POLICY" && chmod 0644 "$POLICY"' 'policy'; }

# Policy swapped during runs (root loop exchanging it with an untrusted one that permits
# probe-denied): every run is a clean allow under the good policy or a clean refusal.
t_pol_swap() {
    local alt=$NT_ETC/policy.alt good=$NT_SCRATCH/policy.good i swp out="" nrun=0 nref=0 bad=
    cp "$POLICY" "$good"
    adv_policy "permit group:$ONCALL on container:* run tcpdump,probe,probe-denied max-time 30s"
    mv "$POLICY" "$alt" && chown "$ALICE" "$alt"
    cp "$good" "$POLICY" && chmod 0644 "$POLICY"
    "$ATTACKER" swap "$POLICY" "$alt" 60000 >"$NT_SCRATCH/swap.out" 2>&1 &
    swp=$!
    ADV_BG+=("$swp")
    for i in $(seq 1 40); do
        new_marker
        if ((i % 2)); then
            adv_as "$ALICE" -- "$CID" probe-denied marker "$MARKER"
            case $RC in
            126) nref=$((nref + 1)) ;;  # good policy: probe-denied in no rule
            125) grep -q 'not owned by root' "$ERR" && nrun=$((nrun + 1)) || bad="run $i: 125 $(head -c 200 "$ERR")" ;;
            *) bad="run $i: probe-denied exit $RC" ;;
            esac
        else
            adv_as "$ALICE" -- "$CID" probe marker "$MARKER"
            case $RC in
            0) [[ -f $MARKER ]] || bad="run $i: exit 0 without marker" ;;
            125) grep -q 'not owned by root' "$ERR" || bad="run $i: 125 $(head -c 200 "$ERR")" ;;
            *) bad="run $i: probe exit $RC" ;;
            esac
            out+="$RC "
        fi
        [[ $RC != 0 && -e $MARKER ]] && bad="run $i: marker created with exit $RC"
        [[ -n $bad ]] && break
    done
    kill "$swp" 2>/dev/null
    wait "$swp" 2>/dev/null
    it_log "swap: probe exits: $out; probe-denied: $nref denied, $nrun refused; $(tr '\n' ' ' <"$NT_SCRATCH/swap.out")"
    rm -f "$alt" "$POLICY"
    cp "$good" "$POLICY" && chmod 0644 "$POLICY"
    [[ -z $bad ]] || fail "$bad" || return 1
    expect_no_audit '"event":"start"' '"tool":"probe-denied"' || return 1
    [[ $out == *"0 "* && $out == *"125 "* ]] || fail "the swap never raced (probe exits: $out)" || return 1
    expect_audit_clean
}

adv_test policy-group-writable t_pol_gw
adv_test policy-other-writable t_pol_ow
adv_test policy-owned-by-caller t_pol_owner
adv_test policy-symlink t_pol_symlink
adv_test policy-symlink-to-caller-file t_pol_symlink_user
adv_test policy-hardlink t_pol_hardlink
adv_test policy-hardlink-by-caller t_pol_hardlink_user
adv_test policy-dir-0777 t_pol_dir_777
adv_test policy-dir-owned-by-caller t_pol_dir_owner
adv_test policy-ancestor-owned-by-caller t_pol_root_owner
adv_test policy-fifo t_pol_fifo
adv_test policy-truncated t_pol_truncated
adv_test policy-binary-garbage t_pol_garbage
adv_test policy-empty t_pol_empty
adv_test policy-over-1mib t_pol_big
adv_test policy-swap-race t_pol_swap
restore_policy

# ================================================================ 5. caller-chosen policy

# -C /etc/shadow: read as the caller, so EACCES, and none of its content is shown.
t_check_shadow() {
    adv_as "$ALICE" -- -C /etc/shadow
    expect_rc 125 || return 1
    expect_msg 'Permission denied' || return 1
    ! grep -q 'root:' "$OUT" "$ERR" || fail "shadow content printed"
}
# -C of a policy only root can read fails the same way.
t_check_rootonly() {
    local f=$NT_SCRATCH/rootonly.policy
    cp "$POLICY" "$f" && chmod 0600 "$f"
    adv_as "$ALICE" -- -C "$f"
    expect_rc 125 || return 1
    expect_msg 'Permission denied'
}
# -C of the caller's own policy permitting everything decides but runs nothing, no record.
t_check_runs_nothing() {
    new_marker
    adv_policy "permit any on any,host run any" && cp "$POLICY" "$ALICE_POLICY" &&
        chown "$ALICE" "$ALICE_POLICY" && restore_policy
    adv_as "$ALICE" -- -C "$ALICE_POLICY" "$CID" probe-denied marker "$MARKER"
    expect_rc 0 || return 1
    expect_no_file "$MARKER" || return 1
    grep -q 'ok' "$OUT" || fail "no check output: ${OUTPUT:0:200}" || return 1
    expect_events "" || return 1
    adv_as "$ALICE" -- -C "$ALICE_POLICY" -n "$CID" probe-denied marker "$MARKER"
    expect_rc 125 || return 1
    expect_no_file "$MARKER"
}
# No environment variable moves the compiled-in policy or audit log.
t_env_paths() {
    new_marker
    [[ -f $ALICE_POLICY ]] || { fail "no caller policy"; return 1; }
    adv_as "$ALICE" env "NSCAP_POLICY=$ALICE_POLICY" "NSCAP_AUDIT_LOG=$ALICE_HOME/audit.log" \
        "NSCAP_CONFIG=$ALICE_POLICY" "NSCAP_STATE_ROOT=$ALICE_HOME" "POLICY=$ALICE_POLICY" \
        "NSCAP_ROOT=$ALICE_HOME" -- "$CID" probe-denied marker "$MARKER"
    expect_refused 126 'denied' || return 1
    expect_no_file "$ALICE_HOME/audit.log" || return 1
    expect_events "deny"
}
# No option names another policy: --policy, -c, --config, -f are usage errors.
t_opt_paths() {
    local o
    for o in "--policy=$ALICE_POLICY" -c --config -f -p -P --state-root --audit-log; do
        new_marker
        adv_as "$ALICE" -- "$o" "$ALICE_POLICY" "$CID" probe-denied marker "$MARKER"
        expect_refused 125 'unknown option' || return 1
    done
}

adv_test check-etc-shadow t_check_shadow
adv_test check-root-only-file t_check_rootonly
adv_test check-permissive-policy-runs-nothing t_check_runs_nothing
adv_test env-cannot-move-policy t_env_paths
adv_test options-cannot-move-policy t_opt_paths

# ================================================================ 6. targets

sec6_policy() {
    adv_policy "permit group:$ONCALL on container:$CID_A run probe,tcpdump max-time 30s" \
        "permit group:$ONCALL on any run probe-none max-time 30s"
}
sec6_policy

# PID 1 (its netns is unreadable on this VM): refused or denied, never a run.
t_pid1() {
    new_marker
    adv_as "$ALICE" -- pid:1 probe marker "$MARKER"
    [[ $RC == 125 || $RC == 126 ]] || fail "exit $RC, expected 125 or 126" || return 1
    expect_no_file "$MARKER" || return 1
    expect_no_audit '"event":"start"'
}
# A kernel thread (PF_KTHREAD; kthreadd is pid 2) is never a target. A PID namespace other than
# the host's (tests/fresh/run.sh runs the suites in one) shows none, so none can be named there.
kthread_pid() {
    local p s f
    for p in /proc/2 /proc/[0-9]*; do
        s=$(cat "$p/stat" 2>/dev/null) || continue
        read -r -a f <<<"${s##*) }"
        ((f[6] & 0x200000)) && { echo "${p#/proc/}"; return 0; }
    done
    return 1
}
t_kthread() {
    new_marker
    adv_as "$ALICE" -- "pid:$KTHREAD" probe marker "$MARKER"
    expect_refused 125 'kernel thread'
}
# A zombie (exited, never reaped) has no namespace to enter.
t_zombie() {
    new_marker
    local z
    (bash -c 'sleep 0 & echo $! >"$1"; exec -a nscapt-host-zombie sleep 1000' _ "$NT_SCRATCH/zombie.pid" \
        </dev/null >/dev/null 2>&1 &)
    wait_for eval 'z=$(cat "$NT_SCRATCH/zombie.pid" 2>/dev/null); [[ -n $z ]] && grep -q "^State:.Z" /proc/$z/status 2>/dev/null' ||
        { fail "no zombie"; return 1; }
    ps -o ppid= -p "$z" | tr -d ' ' >>"$NT_PIDS"
    adv_as "$ALICE" -- "pid:$z" probe-none marker "$MARKER"
    expect_refused 125 'network namespace|does not exist|exited' || return 1
    expect_events "error"
}
# The caller's own `unshare -rn` process: no container identity, denied even by `any`.
t_own_userns() {
    new_marker
    (cd / && setpriv --reuid="$ALICE" --regid="$ALICE_GID" --init-groups unshare -rn sleep 30 </dev/null >/dev/null 2>&1 &)
    local p
    wait_for eval 'p=$(pgrep -u "$ALICE" -f "^sleep 30$" | head -1); [[ -n $p ]] && [[ $(stat -L -c %i /proc/$p/ns/net) != "$HOST_NETNS" ]]' ||
        { fail "unshare -rn did not start"; return 1; }
    adv_as "$ALICE" -- "pid:$p" probe-none marker "$MARKER"
    kill "$p" 2>/dev/null
    expect_refused 126 'denied' || return 1
    expect_events "deny"
}
# The host netns by pid of a host process, with only container and `any` rules: denied.
t_host_pid() {
    new_marker
    adv_as "$ALICE" -- "pid:$HOSTPID" probe-none marker "$MARKER"
    expect_refused 126 'host' || return 1
    expect_events "deny"
}
# The caller's own shell in the host netns: denied (host).
t_own_shell() {
    new_marker
    (cd / && setpriv --reuid="$ALICE" --regid="$ALICE_GID" --init-groups sleep 30 </dev/null >/dev/null 2>&1 &)
    local p
    wait_for eval 'p=$(pgrep -u "$ALICE" -f "^sleep 30$" | head -1); [[ -n $p ]]' || { fail "no process"; return 1; }
    adv_as "$ALICE" -- "pid:$p" probe-none marker "$MARKER"
    kill "$p" 2>/dev/null
    expect_refused 126 'host' || return 1
    expect_events "deny"
}
# A container with host networking, by ID and by its pid: the host netns, denied.
t_hostnet_container() {
    local t
    for t in "$HCID" "${HCID:0:12}" "pid:$HCPID"; do
        new_marker
        adv_as "$ALICE" -- "$t" probe-none marker "$MARKER"
        expect_refused 126 'host' || { sec6_policy; return 1; }
    done
    sec6_policy
}
# A hostNetwork pod (the host-network container carries kubelet annotations), by pod name,
# pod/container and a rule for the pod: the host netns, denied.
t_pod_target() {
    local t
    adv_policy "permit group:$ONCALL on pod:kube-system/*,any run probe-none max-time 30s"
    for t in kube-system/nscapt-hostpod kube-system/nscapt-hostpod/main; do
        new_marker
        adv_as "$ALICE" -- "$t" probe-none marker "$MARKER"
        expect_refused 126 'host' || { sec6_policy; return 1; }
    done
    sec6_policy
}
# Another tenant's container (the rule names only A): denied by ID, prefix and pid.
t_other_tenant() {
    local t
    for t in "$CID_B" "${CID_B:0:8}" "pid:$CPID_B"; do
        new_marker
        adv_as "$ALICE" -- "$t" probe marker "$MARKER"
        expect_refused 126 'denied' || return 1
    done
    adv_as "$ALICE" -- "$CID_A" probe
    expect_ran || return 1
    expect_eq "$(probe_val ns.net)" "$CNETNS_A" "control run in A"
}
# Forged runtime records naming another tenant's container under a name the rule permits:
# believed only when root-owned and not writable by others.
forge_state() { # NAME MODE OWNER DIROWNER
    local d=$RUNC_ROOT/$1
    rm -rf "$d"
    install -d -o "$4" -m 0711 "$d"
    python3 - "$RUNC_ROOT/$CID_B/state.json" "$1" >"$d/state.json" <<'EOF'
import json, sys
s = json.load(open(sys.argv[1]))
s["id"] = sys.argv[2]
print(json.dumps(s))
EOF
    chown "$3" "$d/state.json" && chmod "$2" "$d/state.json"
}
t_forged_state() {
    local name=nscapt-web-evil
    adv_policy "permit group:$ONCALL on container:nscapt-web-* run probe max-time 30s"
    forge_state "$name" 0644 "$ALICE" root
    new_marker
    adv_as "$ALICE" -- "$name" probe marker "$MARKER"
    expect_refused 125 'no container' || { rm -rf "${RUNC_ROOT:?}/$name"; return 1; }
    forge_state "$name" 0664 root root
    adv_as "$ALICE" -- "$name" probe marker "$MARKER"
    expect_refused 125 'no container' || { rm -rf "${RUNC_ROOT:?}/$name"; return 1; }
    forge_state "$name" 0644 root "$ALICE"
    adv_as "$ALICE" -- "$name" probe marker "$MARKER"
    expect_refused 125 'no container' || { rm -rf "${RUNC_ROOT:?}/$name"; return 1; }
    # control: the same record written by root is believed (so the checks above are what refuse)
    forge_state "$name" 0644 root root
    adv_as "$ALICE" -- "$name" probe
    rm -rf "${RUNC_ROOT:?}/$name"
    expect_ran || return 1
    expect_eq "$(probe_val ns.net)" "$CNETNS_B" "control: trusted record believed"
}
# A recorded init pid now held by another process (PID reuse / stale state): refused.
t_stale_state() {
    local name=nscapt-web-stale d
    adv_policy "permit group:$ONCALL on container:nscapt-web-* run probe max-time 30s"
    forge_state "$name" 0644 root root
    d=$RUNC_ROOT/$name/state.json
    python3 - "$d" "$HOSTPID" <<'EOF'
import json, sys
s = json.load(open(sys.argv[1]))
s["init_process_pid"] = int(sys.argv[2])   # a live process, but not the recorded start time
json.dump(s, open(sys.argv[1], "w"))
EOF
    new_marker
    adv_as "$ALICE" -- "$name" probe marker "$MARKER"
    rm -rf "${RUNC_ROOT:?}/$name"
    expect_refused 125 'not the recorded one'
}
# PID-reuse race loop: the target dies (and its pid may be reused) while nscap resolves it;
# the tool runs in the intended netns or not at all.
t_pid_race() {
    local cg i p sl n0=0 nref=0 bad=
    cg=
    for p in /sys/fs/cgroup/{pids/,unified/,}"$CG_PARENT/$CID_A"; do
        [[ -d $p ]] && { cg=$p; break; }
    done
    [[ -n $cg ]] || { fail "container cgroup not found"; return 1; }
    # churn: short-lived host processes, so a freed pid is soon taken in the host netns
    (exec -a nscapt-host-churn bash -c 'end=$((SECONDS + 40)); while ((SECONDS < end)); do /bin/true; done') &
    ADV_BG+=("$!")
    for i in $(seq 1 30); do
        sl=$(printf '0.%03d' $((RANDOM % 40)))
        nsenter -t "$CPID_A" -n -- sh -c 'echo $$ >"$1/cgroup.procs" && exec sleep "$2"' _ "$cg" "$sl" &
        p=$!
        adv_as "$ALICE" -- "pid:$p" probe
        wait "$p" 2>/dev/null
        case $RC in
        0) [[ $(probe_val ns.net) == "$CNETNS_A" ]] || bad="run $i: tool in netns $(probe_val ns.net), not $CNETNS_A"
           n0=$((n0 + 1)) ;;
        125 | 126) nref=$((nref + 1)) ;;
        *) bad="run $i: exit $RC" ;;
        esac
        [[ -n $bad ]] && break
    done
    kill "${ADV_BG[-1]}" 2>/dev/null
    it_log "pid race: $n0 runs in A, $nref refused"
    [[ -z $bad ]] || fail "$bad" || return 1
    expect_audit_clean
}

adv_test target-pid1 t_pid1
if KTHREAD=$(kthread_pid); then
    adv_test target-kernel-thread t_kthread
else
    it_log "SKIP target-kernel-thread: no kernel thread is visible in this PID namespace"
fi
adv_test target-zombie t_zombie
adv_test target-own-unshare-rn t_own_userns
adv_test target-host-pid-any-rule t_host_pid
adv_test target-own-shell-host t_own_shell
adv_test target-hostnet-container t_hostnet_container
adv_test target-pod-hostnetwork t_pod_target
adv_test target-other-tenant t_other_tenant
adv_test target-forged-state-record t_forged_state
adv_test target-stale-state-pid-reused t_stale_state
adv_policy "permit group:$ONCALL on container:$CID_A run probe,tcpdump max-time 30s"
adv_test target-pid-reuse-race t_pid_race
adv_policy

# ================================================================ 7. exec escapes

# tcpdump options that run commands (-z) or switch user (-Z), alone or hidden in clusters,
# attached values or long forms: all denied by the tool's getopt rules.
t_tcpdump_z_argv() {
    local a
    local -a cases=(
        "-z /bin/sh" "-z/bin/sh" "-nz/bin/sh" "-nZ root" "-Zroot" "-nnZroot"
        "-w x.pcap -G 1 -z sh" "-w x.pcap -W 1 -C 1 -z sh" "-i lo -z sh" "-c 1 -nAz sh"
        "--relinquish-privileges=root" "--compress sh" "-i lo port 80 -z sh" "-r /etc/shadow"
    )
    for a in "${cases[@]}"; do
        # shellcheck disable=SC2086
        adv_as "$ALICE" -- "$CID" tcpdump $a
        expect_rc 126 || { FAIL_REASON="tcpdump $a: $FAIL_REASON"; return 1; }
    done
}
# Even a profile that wrongly allows -z cannot exec: the rotation command never runs.
t_tcpdump_z_allowed() {
    local s=$NT_BIN/zcmd.sh
    printf '#!/bin/sh\n: >"$1.zran"\n' >"$s" && chmod 0755 "$s"
    # control: as root in the container's netns, the same command line does run the script
    timeout 4 nsenter -t "$CPID" -n tcpdump -Z root -i lo -w "$NT_SCRATCH/ctl.pcap" -G 1 -z "$s" \
        >/dev/null 2>&1
    [[ -e $NT_SCRATCH/ctl.pcap.zran ]] || { fail "control: tcpdump -z did not run the script as root"; return 1; }
    adv_policy "permit group:$ONCALL on container:* run tcpdump-z max-time 4s"
    rm -f "$ALICE_HOME/z.pcap.zran"
    NSCAP_TIMEOUT=20 adv_as "$ALICE" -- "$CID" tcpdump-z -i lo -w z.pcap -G 1 -z "$s"
    adv_policy
    expect_no_file "$ALICE_HOME/z.pcap.zran" || return 1
    [[ -s $ALICE_HOME/z.pcap ]] || fail "tcpdump did not capture (rc $RC)" || return 1
    expect_events "start,end"
}
# execve of /bin/sh from the tool fails with EPERM.
t_probe_execve() {
    adv_as "$ALICE" -- "$CID" probe exec
    ! grep -q execve-succeeded "$OUT" || fail "execve of /bin/sh succeeded" || return 1
    expect_eq "$(probe_val execve)" EPERM "execve"
}
# execveat: from a new fd, from fd 1021, onto 1022 or 1023 (out of reach), by path, and fd 1023
# with an absolute path: all fail.
t_probe_execveat() {
    adv_as "$ALICE" -- "$CID" probe execveat
    local k want
    local -A exp=(
        [open-sh]=ok [execveat-newfd]=EPERM [dup2-1021]=ok [execveat-1021]=EPERM [dup2-1022]=EBADF
        [dup2-1023]=EBADF [dupfd-1023]=EINVAL [raise-nofile]=EPERM
        [execveat-1023-closed]=EPERM [execveat-path]=EPERM [execveat-1023-path]=EPERM
        [execveat-1023-abspath]=EPERM [map-lowpage]=EPERM [execveat-1023-lowpage]=EFAULT
        [execveat-1023-null]=EPERM
    )
    ! grep -q execve-succeeded "$OUT" || fail "an execveat ran /bin/sh (last result before it: $(grep -v '^env\|^fd' "$OUT" | tail -2 | head -1))" || return 1
    for k in "${!exp[@]}"; do
        want=${exp[$k]}
        expect_eq "$(probe_val "$k")" "$want" "$k" || return 1
    done
}
# The consequence if that last execveat worked: the caller's own program (a copy of the probe
# in their home) would replace the tool, keeping its capability, in the target's netns.
t_probe_execveat_own_binary() {
    local own=$ALICE_HOME/own-binary
    run_as "$ALICE" cp "$PROBE" "$own" && run_as "$ALICE" chmod 0755 "$own"
    adv_as "$ALICE" -- "$CID" probe execveat-abs "$own" report
    rm -f "$own"
    if [[ -z $(probe_val execveat-abs) ]]; then
        fail "the caller's binary ran as the tool: CapEff $(probe_val CapEff), CapAmb $(probe_val CapAmb), netns $(probe_val ns.net) (container $CNETNS)"
        return 1
    fi
    expect_eq "$(probe_val execveat-abs)" EPERM "execveat(1023, caller's binary, AT_EMPTY_PATH)"
}
# execve through the x32 and i386 (int 0x80) ABIs: the process is killed (SIGSYS).
t_probe_abi() { # MODE
    adv_as "$ALICE" -- "$CID" probe "$1"
    ! grep -q execve-succeeded "$OUT" || fail "$1 ran /bin/sh" || return 1
    grep -q "^$1 attempt" "$OUT" || fail "probe did not get to the attempt: ${OUTPUT:0:200}" || return 1
    [[ $(grep -c "^$1 " "$OUT") == 1 ]] || fail "$1 returned: $(grep "^$1 " "$OUT" | tail -1)" || return 1
    expect_rc $((128 + 31)) || return 1
    expect_audit '"event":"end"' '"signal":"SIGSYS"'
}
# Control for the two above: run directly (no nscap), int 0x80 does execute /bin/sh.
t_abi_control() {
    local o
    o=$(run_as "$ALICE" "$PROBE" int80-execve 2>&1)
    grep -q execve-succeeded <<<"$o" || fail "int80 control did not exec: $o"
}
# Namespaces, mount, bpf, io_uring, userfaultfd, keyrings, clone3, TIOCSTI, capability
# raising, uid 0, and ptrace/vm/pidfd/proc/signals against the supervisor: all refused.
t_probe_escapes() {
    adv_as "$ALICE" -- "$CID" probe escapes
    expect_rc 0 || return 1
    local k
    local -A exp=(
        [clone-newuser]=EPERM [clone-newnet]=EPERM [fork]=EPERM [clone3]=ENOSYS [setns]=EPERM
        [mount]=EPERM [umount]=EPERM [chroot]=EPERM [bpf]=EPERM [io_uring_setup]=EPERM
        [userfaultfd]=EPERM [keyctl]=EPERM [add_key]=EPERM [perf_event_open]=EPERM
        [personality]=EPERM [tiocsti]=EPERM [capset-sys-admin]=EPERM
        [ambient-raise-sys-admin]=EPERM [inheritable-sys-admin]=EPERM [securebits-unlock]=EPERM
        [setuid0]=EPERM [setgid0]=EPERM [setresuid0]=EPERM [setgroups0]=EPERM
        [ptrace-traceme]=EPERM [ptrace-parent]=EPERM [vmread-parent]=EPERM
        [pidfd-open-parent]=ok [pidfd-getfd-parent]=EPERM [mem-parent]=EACCES
        [environ-parent]=EACCES [kill-stop-parent]=EPERM [kill-kill-parent]=EPERM
    )
    for k in "${!exp[@]}"; do
        expect_eq "$(probe_val "$k")" "${exp[$k]}" "$k" || return 1
    done
}
# While the tool runs, no process of the caller other than the tool holds any capability.
t_no_caps_elsewhere() {
    ( adv_as "$ALICE" -- "$CID" probe sleep 3 ) &
    local bg=$! tool p st bad=
    wait_for eval 'tool=$(pgrep -u "$ALICE" -x probe | head -1); [[ -n $tool ]]' ||
        { wait $bg; fail "probe never started"; return 1; }
    sleep 0.2
    for p in /proc/[0-9]*; do
        st=$(cat "$p/status" 2>/dev/null) || continue
        grep -q -E "^Uid:.*\\b$ALICE_UID\\b" <<<"$st" || continue
        if [[ ${p#/proc/} == "$tool" ]]; then
            grep -q "^CapEff:.$RAW$" <<<"$st" || bad+="tool $(grep ^CapEff <<<"$st"); "
            continue
        fi
        grep -q -E "^Cap(Inh|Prm|Eff|Amb):.[0-9a-f]*[1-9a-f]" <<<"$st" &&
            bad+="${p#/proc/} ($(grep ^Name <<<"$st" | cut -f2)): $(grep -E '^Cap(Prm|Eff|Amb)' <<<"$st" | tr '\n' ' '); "
        grep -q -E '^CapBnd:.0+$' <<<"$st" || [[ $(grep ^Name <<<"$st" | cut -f2) != nscap ]] ||
            bad+="supervisor bounding set $(grep ^CapBnd <<<"$st"); "
    done
    wait $bg
    [[ -z $bad ]] || fail "$bad"
}

adv_test tcpdump-z-Z-argv t_tcpdump_z_argv
adv_test tcpdump-z-allowed-cannot-exec t_tcpdump_z_allowed
adv_test probe-execve t_probe_execve
adv_test probe-execveat t_probe_execveat
adv_test probe-execveat-runs-caller-binary t_probe_execveat_own_binary
adv_test probe-x32-execve t_probe_abi x32-execve
adv_test probe-int80-execve t_probe_abi int80-execve
adv_test probe-int80-control t_abi_control
adv_test probe-escape-syscalls t_probe_escapes
adv_test no-caps-outside-the-tool t_no_caps_elsewhere

# ================================================================ 8. capability state

t_caps() { # TOOL WANT
    adv_as "$ALICE" -- "$CID" "$1"
    expect_ran || return 1
    local k
    for k in CapInh CapPrm CapEff CapBnd CapAmb; do
        expect_eq "$(probe_val $k)" "$2" "$1 $k" || return 1
    done
}
# caps none: every set empty, the bounding set included.
adv_test caps-none-all-zero t_caps probe-none "$ZERO"
# caps net_raw,net_admin: exactly those two in every set.
adv_test caps-raw-admin-exact t_caps probe-admin "$RAW_ADMIN"

# ================================================================ 9. ptrace and memory

# The caller as the ancestor (allowed by any ptrace_scope): ptrace, /proc/PID/mem,
# process_vm_readv and SIGSTOP against nscap during setup, then every attack on the
# supervisor and the tool.
t_ancestor() {
    adv_as "$ALICE" "$ATTACKER" ancestor -- "$CID" probe sleep 2
    local k
    grep -q '^tool none' "$OUT" && { fail "the tool never ran"; return 1; }
    it_log "setup window $(probe_val setup-window): $(probe_val setup-tries) attempts each"
    for k in setup-ptrace setup-mem setup-vmread setup-stop-after-setresuid; do
        expect_eq "$(probe_val $k)" 0 "$k (successful attempts of $(probe_val setup-tries))" || return 1
    done
    it_log "SIGSTOPs accepted during setup (before the early setresuid): $(probe_val setup-stop), of which $(probe_val setup-stop-landed-after-setresuid) took effect just after it"
    local -A exp=(
        [ptrace-attach-sup]=EPERM [ptrace-seize-sup]=EPERM [vmread-sup]=EPERM
        [pidfd-getfd-sup]=EPERM [mem-sup]=EACCES [environ-sup]=EACCES [kill-stop-sup]=EPERM
        [kill-term-sup]=EPERM [kill-kill-sup]=EPERM
        [ptrace-attach-tool]=EPERM [ptrace-seize-tool]=EPERM [vmread-tool]=EPERM
        [pidfd-getfd-tool]=EPERM [mem-tool]=EACCES [environ-tool]=EACCES
    )
    for k in "${!exp[@]}"; do
        expect_eq "$(probe_val "$k")" "${exp[$k]}" "$k" || return 1
    done
    expect_eq "$(probe_val status)" exit:0 "nscap's exit"
}
# strace -p / gdb -p of the supervisor and the tool from another process of the caller.
t_trace_p() {
    ( adv_as "$ALICE" -- "$CID" probe sleep 6 ) &
    local bg=$! tool sup o bad=
    wait_for eval 'tool=$(pgrep -u "$ALICE" -x probe | head -1); [[ -n $tool ]]' ||
        { wait $bg; fail "probe never started"; return 1; }
    sup=$(ps -o ppid= -p "$tool" | tr -d ' ')
    o=$(run_as "$ALICE" timeout 5 strace -p "$sup" -o /dev/null 2>&1)
    grep -q 'Operation not permitted' <<<"$o" || bad+="strace -p supervisor: $o; "
    o=$(run_as "$ALICE" timeout 5 strace -p "$tool" -o /dev/null 2>&1)
    grep -q 'Operation not permitted' <<<"$o" || bad+="strace -p tool: $o; "
    o=$(run_as "$ALICE" timeout 10 gdb -nx -batch -p "$sup" 2>&1)
    grep -q 'ptrace: Operation not permitted' <<<"$o" || bad+="gdb -p supervisor: $(tail -3 <<<"$o"); "
    o=$(run_as "$ALICE" timeout 10 gdb -nx -batch -p "$tool" 2>&1)
    grep -q 'ptrace: Operation not permitted' <<<"$o" || bad+="gdb -p tool: $(tail -3 <<<"$o"); "
    for s in STOP KILL TERM INT; do
        run_as "$ALICE" kill -s "$s" "$sup" 2>/dev/null && bad+="kill -$s of the supervisor worked; "
    done
    wait $bg
    [[ -z $bad ]] || fail "$bad"
}
# Under strace -f / gdb the setuid bit is not honoured: nscap refuses, nothing runs.
t_traced_exec() { # strace|gdb
    new_marker
    if [[ $1 == strace ]]; then
        adv_as "$ALICE" strace -f -o /dev/null -- "$CID" probe marker "$MARKER"
    else
        adv_as "$ALICE" gdb -nx -batch -ex 'set startup-with-shell off' -ex run --args -- "$CID" probe marker "$MARKER"
    fi
    expect_no_file "$MARKER" || return 1
    grep -q 'nscap: not installed setuid root' "$ERR" "$OUT" || fail "no refusal: $(tail -c 300 "$ERR")" || return 1
    expect_events ""
}

adv_test ptrace-as-ancestor-setup-supervisor-tool t_ancestor
adv_test ptrace-strace-gdb-p-and-kill t_trace_p
adv_test ptrace-strace-f-exec t_traced_exec strace
adv_test ptrace-gdb-run-exec t_traced_exec gdb

# ================================================================ 11. limits and signals

# ulimit LIMIT at start: a clean run with a complete start/end pair, or a clean refusal with
# an error record — or, for a refusal before the audit log can be opened (steps 1-2), exit 125
# with nscap's message; if the kernel cannot even start nscap, the shell says so. Never a
# start without an end, never nscap killed by a signal, nothing left running.
t_ulimit() { # ULIMIT-ARGS
    # stderr through a pipe made before the limit, as a terminal would be: with -f 0 a file
    # could not take nscap's message at all.
    adv_as "$ALICE" bash -c "exec 2> >(cat >&2); ulimit $1 && exec \"\$@\"" _ -- "$CID" probe
    expect_audit_clean || return 1
    it_log "ulimit $1: rc $RC, events '$EVENTS'"
    case $EVENTS in
    start,end)
        expect_audit_session_pair || return 1
        local end
        end=$(audit_find '"event":"end"')
        [[ $RC == 0 ]] || grep -q -E '"signal":"SIG|"error":' <<<"$end" ||
            fail "exit $RC but the end record says neither signal nor error" || return 1 ;;
    error) expect_rc 125 || return 1 ;;
    "")
        if grep -q '^bash: ' "$ERR"; then
            it_log "ulimit $1: the kernel could not start nscap"
        elif ((RC > 128)) && kernel_kills "$1" "$RC"; then
            it_log "ulimit $1: killed by signal $((RC - 128)) with no record, as a static busybox also is"
        elif ((RC > 128)); then
            fail "nscap killed by signal $((RC - 128)) and no audit record" || return 1
        else
            expect_rc 125 || return 1
            expect_msg . || return 1
        fi ;;
    *) fail "events '$EVENTS'"; return 1 ;;
    esac
    wait_for eval '[[ -z $(ps -o pid= -u "$ALICE") ]]' || fail "left running: $(ps -o pid=,comm= -u "$ALICE" | tr '\n' ' ')"
}
# kernel_kills ULIMIT-ARGS RC: whether a static busybox `true`, exec'd like nscap (same user,
# environment and arguments), itself ends with exit status RC (a signal) under the same limit
# in some of 200 runs. Some limits kill any process before or at its first instructions, so
# before nscap could check them: at `ulimit -s 8` the kernel's random stack offset (up to
# 8 KiB below the strings) often leaves no room even for the C runtime; at `ulimit -t 0` the
# first timer tick that finds the process running sends SIGKILL.
kernel_kills() {
    local n
    n=$(setpriv --reuid="$ALICE" --regid="$(id -g "$ALICE")" --init-groups --reset-env -- \
        bash -c 'lim=$1 rc=$2; shift 2; n=0; for i in $(seq 200); do
            (ulimit $lim && exec "$@") 2>/dev/null; [ $? = "$rc" ] && n=$((n + 1)); done
            echo $n' _ "$1" "$2" "$(command -v busybox)" true -- "$CID" probe 2>/dev/null)
    it_log "a static busybox under ulimit $1: ${n:-?}/200 ended with status $2"
    [[ ${n:-0} -gt 0 ]]
}
# A stack limit so small that nscap may crash somewhere in setup, at each size from 8 to
# 96 KiB: whatever happens, never a start without an end and nothing left running.
t_ulimit_s_sweep() {
    local k out="" bad=""
    for k in $(seq 8 4 96); do
        audit_mark
        t_ulimit "-s $k" || bad+="$k "
        out+="$k:$RC/${EVENTS:-none} "
    done
    it_log "stack sweep (KiB:exit/events): $out"
    [[ -z $bad ]] || fail "ulimit -s KiB ${bad% }: $FAIL_REASON"
}
# SIGSTOP/SIGKILL from the caller at random points of setup: kills only work before the early
# setresuid (so before any record); every start has its end; never a hung or half-dropped run.
t_signal_race() {
    adv_as "$ALICE" "$ATTACKER" killrace 50 6000 -- "$CID" probe exit 0
    expect_rc 0 || return 1
    local runs ok killed starts ends hung other
    runs=$(grep -c '^run ' "$OUT")
    ok=$(grep -c 'status=exit:0$' "$OUT")
    killed=$(grep -c 'KILL .*kill=ok status=signal:9$' "$OUT")
    hung=$(grep -c 'status=hung' "$OUT")
    other=$(grep '^run ' "$OUT" | grep -v -E 'status=exit:0$|KILL .*kill=ok status=signal:9$' | head -3)
    expect_audit_clean || return 1
    starts=$(tr ',' '\n' <<<"$EVENTS" | grep -c '^start$')
    ends=$(tr ',' '\n' <<<"$EVENTS" | grep -c '^end$')
    it_log "signal race: $runs runs, $ok completed, $killed killed early, $(grep -c 'kill=EPERM' "$OUT") signals refused (EPERM), $(grep -c 'STOP.*kill=ok' "$OUT") stopped early; $starts starts, $ends ends"
    [[ $runs == 50 ]] || fail "only $runs runs" || return 1
    [[ $hung == 0 ]] || fail "$hung runs hung" || return 1
    [[ -z $other ]] || fail "unexpected outcome: $other" || return 1
    [[ $starts == "$ends" && $starts == "$ok" ]] || fail "$starts starts, $ends ends, $ok completed runs" || return 1
    grep -q 'kill=EPERM' "$OUT" || fail "no signal was ever refused: the race never reached setup" || return 1
    wait_for eval '[[ -z $(ps -o pid= -u "$ALICE") ]]' || fail "left running: $(ps -o pid=,comm= -u "$ALICE" | tr '\n' ' ')"
}

adv_test ulimit-f-0 t_ulimit "-f 0"
adv_test ulimit-n-4 t_ulimit "-n 4"
adv_test ulimit-v-tiny t_ulimit "-v 4096"
adv_test ulimit-v-small t_ulimit "-v 16384"
adv_test ulimit-s-sweep t_ulimit_s_sweep
adv_test ulimit-u-1 t_ulimit "-u 1"
adv_test ulimit-t-0 t_ulimit "-t 0"
adv_test signal-stop-kill-race t_signal_race

# ================================================================ 12. log injection

# argv with newlines, ESC sequences, invalid UTF-8, fake JSON and a 30 KiB argument: one
# escaped record per event, every argument whole.
t_log_argv() {
    local big
    big=$(head -c 30720 /dev/zero | tr '\0' 'A')
    adv_as "$ALICE" -- "$CID" probe report $'a\nb' $'\e[2J\e]0;pwned\a' $'\xff\xfe\xc0\xaf' $'x\ry' $'\x7f' \
        '","event":"end","uid":0,"x":"' $'\xe2\x80\xa8' "$big"
    expect_rc 0 || return 1
    expect_events "start,end" || return 1
    python3 - "$AUDIT" "$AUDIT_MARK" <<'EOF' >"$NT_SCRATCH/argv.chk" 2>&1 || { fail "$(head -c 300 "$NT_SCRATCH/argv.chk")"; return 1; }
import json, sys
lines = open(sys.argv[1], "rb").read().split(b"\n")[int(sys.argv[2]):]
start = json.loads(lines[0])
a = start["argv"]
want = ["a\nb", "\x1b[2J\x1b]0;pwned\x07", "\\xff\\xfe\\xc0\\xaf", "x\ry", "\x7f",
        '","event":"end","uid":0,"x":"', "\u2028"]
assert a[0] == "report" and a[1:8] == want, "argv decoded as %r" % a[:8]
assert a[8] == "A" * 30720, "the 30 KiB argument is not whole: %d bytes" % len(a[8])
assert start["truncated"] == 0, "nothing was cut"
assert start["uid"] != 0 and start["event"] == "start"
EOF
}
# A directory name (the caller's cwd) with control bytes and invalid UTF-8 is escaped.
t_log_cwd() {
    local d=$ALICE_HOME/$'dir\n{"event":"end"}\e[31m\xff'
    install -d -o "$ALICE" -m 0700 "$d"
    ADV_CWD=$d adv_as "$ALICE" -- "$CID" probe
    expect_rc 0 || return 1
    expect_events "start,end"
}
# A TARGET and TOOL with invalid UTF-8, and a reason with it: error/deny records escaped.
t_log_target_tool() {
    adv_as "$ALICE" -- $'\xff\xfe-nope' probe
    expect_rc 125 || return 1
    expect_events "error" || return 1
    audit_mark
    adv_as "$ALICE" -- -r $'why\xc3' "$CID" $'pr\xffobe'
    expect_rc 127 || return 1
    expect_audit_clean || return 1
    [[ $EVENTS == deny || $EVENTS == error ]] || fail "events '$EVENTS'" || return 1
    audit_mark
    adv_as "$ALICE" -- -r $'why\nnot' "$CID" probe
    expect_rc 125 || return 1
    expect_events "error" || return 1
    audit_find '"event":"error"' | grep -q -F '"argv":["-r","why\u000anot",' ||
        fail "the refused command line is not in the error record, escaped"
}
# 240 arguments of 1000 control characters each (about 1.4 MB escaped): too much to record
# whole, so nothing runs; the error record is bounded and says it was cut.
t_log_huge() {
    local one args=()
    new_marker
    one=$(head -c 1000 /dev/zero | tr '\0' '\001')
    args=(marker "$MARKER")
    for _ in $(seq 240); do args+=("$one"); done
    adv_as "$ALICE" -- "$CID" probe "${args[@]}"
    expect_refused 125 'too long to be recorded whole' || return 1
    expect_events "error" || return 1
    audit_find '"event":"error"' | grep -q '"truncated":1' || fail "error record not marked truncated"
}

adv_test log-injection-argv t_log_argv
adv_test log-injection-cwd t_log_cwd
adv_test log-injection-target-tool-reason t_log_target_tool
adv_test log-injection-huge-argv t_log_huge

# ================================================================ 13. caller without passwd entry

# uid:N rules work for a caller no name service knows.
t_ghost_numeric() {
    adv_policy "permit uid:$GHOST_UID on container:* run probe max-time 30s"
    ADV_CWD=$NT_HOME/ghost adv_as "$GHOST_UID" -- "$CID" probe
    adv_policy
    expect_ran || return 1
    expect_eq "$(probe_val uid)" "$GHOST_UID" "uid" || return 1
    expect_eq "$(probe_val ns.net)" "$CNETNS" "net namespace" || return 1
    expect_events "start,end" || return 1
    expect_audit '"event":"start"' "\"uid\":$GHOST_UID,\"user\":null"
}
# Named rules (user:, group:) never match it: a clean deny.
t_ghost_named() {
    new_marker
    adv_policy "permit user:$ALICE on container:* run probe" "permit group:$ONCALL on container:* run probe" \
        "permit user:nobody on container:* run probe"
    ADV_CWD=$NT_HOME/ghost adv_as "$GHOST_UID" -- "$CID" probe marker "$NT_HOME/ghost/m"
    adv_policy
    expect_rc 126 || return 1
    expect_msg 'denied' || return 1
    expect_no_file "$NT_HOME/ghost/m" || return 1
    expect_events "deny"
}

adv_test no-passwd-numeric-rule t_ghost_numeric
adv_test no-passwd-named-rules-deny t_ghost_named

# ================================================================ 14. the binary

# Static: no program interpreter, no shared libraries (static-pie keeps a DYNAMIC segment for
# its own relocations, but needs nothing).
t_bin_static() {
    ! readelf -lW "$NSCAP" | grep -q INTERP || fail "has a PT_INTERP" || return 1
    ! readelf -dW "$NSCAP" | grep -q NEEDED || fail "has NEEDED entries" || return 1
    file -L "$NSCAP" | grep -q -E 'static-pie linked|statically linked' || fail "$(file -L "$NSCAP")"
}
t_bin_stripped() {
    file -L "$NSCAP" | grep -q ', stripped' || fail "$(file -L "$NSCAP")" || return 1
    ! readelf -SW "$NSCAP" | grep -q -E '\.symtab|\.debug' || fail "symbol or debug sections left"
}
# Full RELRO (GNU_RELRO + BIND_NOW when there is a dynamic section) and a non-executable stack.
t_bin_relro() {
    readelf -lW "$NSCAP" | grep -q GNU_RELRO || fail "no GNU_RELRO segment" || return 1
    if readelf -lW "$NSCAP" | grep -q ' DYNAMIC '; then
        readelf -dW "$NSCAP" | grep -q -E 'BIND_NOW|FLAGS_1.*NOW' || fail "no BIND_NOW" || return 1
    fi
    readelf -lW "$NSCAP" | grep GNU_STACK | grep -q -v 'RWE' || fail "executable stack"
}
t_bin_mode() {
    expect_eq "$(stat -c '%a %U %G' "$NSCAP")" "4755 root root" "installed mode"
}
# A copy without the setuid bit, and a setuid copy the caller owns, refuse to run.
t_bin_copy() { # nosuid|usercopy
    new_marker
    local c
    if [[ $1 == nosuid ]]; then
        c=$NT_BIN/nscap-nosuid
        install -o root -g root -m 0755 "$NSCAP" "$c"
    else
        c=$ALICE_HOME/nscap-copy
        run_as "$ALICE" cp "$NSCAP" "$c" && run_as "$ALICE" chmod 4755 "$c"
    fi
    ADV_NSCAP=$c adv_as "$ALICE" -- "$CID" probe marker "$MARKER"
    rm -f "$c"
    expect_refused 125 'not installed setuid root' || return 1
    expect_nscap_error_line || return 1
    expect_events ""
}
# Started with no_new_privs set by the caller: refuses.
t_bin_nnp() {
    new_marker
    adv_as "$ALICE" setpriv --no-new-privs -- "$CID" probe marker "$MARKER"
    expect_refused 125 'not installed setuid root' || return 1
    expect_events ""
}

adv_test binary-static t_bin_static
adv_test binary-stripped t_bin_stripped
adv_test binary-relro-bindnow t_bin_relro
adv_test binary-installed-4755-root t_bin_mode
adv_test binary-copy-not-setuid t_bin_copy nosuid
adv_test binary-copy-setuid-caller t_bin_copy usercopy
adv_test binary-no-new-privs t_bin_nnp

# ================================================================ the tool's whole life
# shellcheck source=tests/adversarial/takeover.sh
. "$HERE/takeover.sh"

echo "# adversarial: $IT_PASSED passed, $IT_FAILED failed" >&2
[[ $IT_FAILED -eq 0 ]]
