#!/bin/bash
# SPDX-License-Identifier: ISC
# shellcheck disable=SC2015
# nscap integration suite: a real setuid-root nscap, real users, a real runc
# container with loopback traffic. Run as root:
#   tests/integration/run.sh [path/to/nscap]   (default $NSCAP_TEST_BIN, else out/test/nscap)
# Prints one "PASS name" / "FAIL name: reason" line per case; diagnostics go
# to stderr prefixed "# ". Exit 0 only if every case passed.
set -u
umask 022

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
BIN=${1:-${NSCAP_TEST_BIN:-$REPO/out/test/nscap}}
[[ $BIN == /* ]] || BIN=$PWD/$BIN
# shellcheck source=tests/integration/lib.sh
. "$HERE/lib.sh"

if [[ $(id -u) != 0 ]]; then
    echo "FAIL integration-setup: must run as root"
    exit 1
fi

it_cleanup_leftovers
trap it_cleanup EXIT
trap 'exit 130' INT TERM

setup() {
    it_setup "$BIN" || return 1
    it_container_start || return 1
    it_traffic_start "$CID" || { echo "traffic start failed" >&2; return 1; }
    it_host_process

    for _ in 1 2 3; do
        it_traffic_check "$CPID" && return 0
    done
    echo "no port 8080 traffic visible on the container's lo" >&2
    return 1
}
it_run_setup integration setup

ALICE_HOME=$NT_HOME/alice
CAP_NET_RAW_ONLY=0000000000002000
RULE_LINE=$(policy_line_of "permit group:$ONCALL on container:*")

# ------------------------------------------------------------- tcpdump

# check_capture_run FILE N: common checks after a capture written as alice.
check_capture() {
    local f=$1 n=$2 got
    expect_rc 0 || return 1
    [[ -s $f ]] || fail "capture file $f missing or empty" || return 1
    got=$(pcap_count "$f" 8080) || fail "tcpdump -r cannot parse $f or saw non-8080 packets" || return 1
    [[ $got -ge $n ]] || fail "only $got packets in capture, expected >= $n" || return 1
}
check_start_end_ok() { # TOOL
    expect_audit_json || return 1
    expect_audit '"event":"start"' "\"tool\":\"$1\"" "\"uid\":$ALICE_UID" "\"user\":\"$ALICE\"" \
        "\"netns\":$CNETNS" '"decision":"permit"' || return 1
    expect_audit '"event":"start"' "\"rule\":\"$POLICY:$RULE_LINE\"" || return 1
    expect_audit '"event":"end"' '"exit":0' || return 1
    expect_audit_session_pair || return 1
}

t_tcpdump_target() { # TARGET NAME
    local f=$ALICE_HOME/$2.pcap
    nscap_as "$ALICE" -- "$1" tcpdump -i lo -nn -c 20 -w "$2.pcap" port 8080
    check_capture "$f" 20 || return 1
    expect_eq "$(stat -c %U "$f")" "$ALICE" "owner of $2.pcap" || return 1
    check_start_end_ok tcpdump || return 1
    expect_audit '"event":"start"' '"argv":["-i","lo","-nn","-c","20","-w",' || return 1
}

t_tcpdump_stdout() {
    nscap_as "$ALICE" -- "$CID" tcpdump -i lo -c 10 -w - port 8080
    expect_rc 0 || return 1
    pcap_magic_ok "$OUT" || fail "stdout is not pcap (magic $(pcap_magic "$OUT"))" || return 1
    local got
    got=$(pcap_count "$OUT" 8080) || fail "tcpdump -r cannot parse streamed pcap" || return 1
    [[ $got -ge 10 ]] || fail "only $got packets streamed, expected >= 10" || return 1
    check_start_end_ok tcpdump
}

run_test tcpdump-full-id t_tcpdump_target "$CID" cap-full
run_test tcpdump-pid-target t_tcpdump_target "pid:$CPID" cap-pid
run_test tcpdump-prefix12 t_tcpdump_target "${CID:0:12}" cap-prefix
run_test tcpdump-stdout-pcap t_tcpdump_stdout

# ------------------------------------------------------------- probe

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
    for k in gid egid sgid fsgid; do
        expect_eq "$(probe_val $k)" "$ALICE_GID" "$k" || return 1
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
        expect_eq "$(probe_val $k)" "$CAP_NET_RAW_ONLY" "$k" || return 1
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

# ------------------------------------------------------------- denials

# Positive control for the "nothing executed" checks below: the marker mode
# does create its file when the tool is allowed to run.
t_marker_control() {
    local marker=$ALICE_HOME/marker0
    nscap_as "$ALICE" -- "$CID" probe marker "$marker"
    expect_rc 0 || return 1
    [[ -f $marker ]] || fail "probe marker did not create $marker" || return 1
    expect_eq "$(stat -c %U "$marker")" "$ALICE" "owner of marker"
}
run_test marker-control t_marker_control

# t_refused USER EXPECTED_RC EVENTS TARGET TOOL: the tool must not run.
MARK_SEQ=0
t_refused() {
    local u=$1 want=$2 events=$3 target=$4 tool=$5 home marker ev found=
    home=$(getent passwd "$u" | cut -d: -f6)
    MARK_SEQ=$((MARK_SEQ + 1))
    marker=$home/marker$MARK_SEQ
    nscap_as "$u" -- "$target" "$tool" marker "$marker"
    expect_rc "$want" || return 1
    expect_nscap_error_line || return 1
    expect_no_file "$marker" || return 1
    expect_no_audit '"event":"start"' || return 1
    for ev in ${events//|/ }; do
        audit_find "\"event\":\"$ev\"" >/dev/null && found=1
    done
    [[ -n $found ]] || fail "no new audit record of event $events" || return 1
    expect_audit_json
}
t_deny_bob() {
    t_refused "$BOB" 126 deny "$CID" probe || return 1
    expect_audit '"event":"deny"' "\"user\":\"$BOB\"" "\"uid\":$BOB_UID" '"decision":"deny"'
}
t_deny_tool_not_in_rule() {
    t_refused "$ALICE" 126 deny "$CID" probe-denied || return 1
    expect_audit '"event":"deny"' '"tool":"probe-denied"'
}
t_tool_not_defined() {
    t_refused "$ALICE" 127 'deny|error' "$CID" nosuchtool
}
t_deny_host_no_rule() {
    t_refused "$ALICE" 126 deny "pid:$HOSTPID" probe || return 1
    expect_audit '"event":"deny"' "\"netns\":$HOST_NETNS"
}

run_test deny-user-without-rule t_deny_bob
run_test deny-tool-not-in-rule t_deny_tool_not_in_rule
run_test tool-not-defined t_tool_not_defined
run_test deny-host-without-host-rule t_deny_host_no_rule

# ------------------------------------------------------------- untrusted policy

t_policy_untrusted() { # DESCRIPTION-ignored; policy already broken by caller
    t_refused "$ALICE" 125 'error|deny' "$CID" probe
}
t_policy_group_writable() {
    chmod 0664 "$POLICY"
    t_policy_untrusted
    local r=$?
    chmod 0644 "$POLICY"
    return $r
}
t_policy_owned_by_alice() {
    chown "$ALICE" "$POLICY"
    t_policy_untrusted
    local r=$?
    chown root:root "$POLICY"
    chmod 0644 "$POLICY"
    return $r
}
t_policy_dir_group_writable() {
    chmod 0775 "$NT_ETC"
    t_policy_untrusted
    local r=$?
    chmod 0755 "$NT_ETC"
    return $r
}
t_policy_symlink() {
    mv "$POLICY" "$POLICY.real" && ln -s policy.real "$POLICY" || { fail "setup: cannot symlink"; return 1; }
    t_policy_untrusted
    local r=$?
    rm -f "$POLICY" && mv "$POLICY.real" "$POLICY"
    return $r
}

run_test policy-group-writable t_policy_group_writable
run_test policy-owned-by-user t_policy_owned_by_alice
run_test policy-dir-group-writable t_policy_dir_group_writable
run_test policy-symlink t_policy_symlink
# every case above must have restored the policy
if [[ ! -f $POLICY || -L $POLICY || $(stat -c '%U %a' "$POLICY") != "root 644" ]]; then
    it_log "policy not restored; rewriting"
    rm -f "$POLICY"
    write_policy
fi

# ------------------------------------------------------------- time limit

t_max_time() {
    write_policy "permit group:$ONCALL on container:* run tcpdump,probe max-time 3s"
    NSCAP_TIMEOUT=30 nscap_as "$ALICE" -- "$CID" tcpdump -i lo -w /dev/null
    write_policy
    expect_rc 124 || return 1
    [[ $DUR_MS -ge 2800 && $DUR_MS -le 7000 ]] || fail "took ${DUR_MS}ms, expected 3-6 s" || return 1
    expect_audit '"event":"start"' '"tool":"tcpdump"' || return 1
    local end
    end=$(audit_find '"event":"end"' | head -1)
    [[ -n $end ]] || fail "no end record" || return 1
    # tcpdump exits 0 on the SIGTERM nscap sends: the record names the signal sent.
    grep -q '"timed_out":1,"stop_signal":"SIGTERM"' <<<"$end" ||
        fail "end record does not say it was stopped: $(grep -o -E '"(exit|signal|timed_out|stop_signal)":[^,}]*' <<<"$end" | tr '\n' ' ')" ||
        return 1
    expect_audit_session_pair || return 1
    expect_audit_json || return 1
    local left
    left=$(ps -o pid=,comm= -u "$ALICE" 2>/dev/null | tr '\n' ' ')
    [[ -z $left ]] || fail "processes of $ALICE left running: $left"
}
run_test max-time-stops-tool t_max_time

# ------------------------------------------------------------- host netns

t_host_rule() {
    write_policy "permit group:$ONCALL on container:* run tcpdump,probe max-time 30s" \
        "permit group:$ONCALL on host run probe"
    nscap_as "$ALICE" -- "pid:$HOSTPID" probe
    write_policy
    expect_rc 0 || return 1
    expect_eq "$(probe_val ns.net)" "$HOST_NETNS" "net namespace inode (host)" || return 1
    expect_eq "$(probe_val CapEff)" "$CAP_NET_RAW_ONLY" "CapEff" || return 1
    expect_audit '"event":"start"' '"tool":"probe"' "\"netns\":$HOST_NETNS" || return 1
    expect_audit '"event":"end"' '"exit":0' || return 1
    expect_audit_json
}
run_test host-rule-pid-target t_host_rule

it_summary
