# SPDX-License-Identifier: ISC
# shellcheck shell=bash
# Refusals: nothing runs, one 'nscap: ' line, a deny or error record and no start.

# Positive control for the "nothing executed" checks below: the marker mode
# does create its file when the tool is allowed to run.
t_marker_control() {
    new_marker
    nscap_as "$ALICE" -- "$CID" probe marker "$MARKER"
    expect_rc 0 || return 1
    [[ -f $MARKER ]] || fail "probe marker did not create $MARKER" || return 1
    expect_eq "$(stat -c %U "$MARKER")" "$ALICE" "owner of marker"
}
run_test marker-control t_marker_control

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
