# SPDX-License-Identifier: ISC
# shellcheck shell=bash disable=SC2016
# 5. log rotation between and during runs.

# Move the log away between two runs: the first file keeps the first run's records, the second
# run creates a new log, root:root 0600 even under the caller's umask 000, with its records only.
t_rotate_between() {
    local s1 s2
    nscap_as "$ALICE" -- "$CID" probe exit 0
    expect_rc 0 && expect_events start,end || return 1
    s1=$(audit_field start session)
    mv "$AUDIT" "$AUDIT.1" || { fail "setup: mv"; return 1; }
    nscap_as "$ALICE" bash -c 'umask 000; exec "$@"' _ -- "$CID" probe exit 0
    expect_rc 0 || return 1
    [[ -f $AUDIT && ! -L $AUDIT ]] || fail "no new log" || return 1
    expect_eq "$(stat -c '%u:%g %a' "$AUDIT")" "0:0 600" \
        "new log owner:group mode (the caller's uid:gid is $ALICE_UID:$ALICE_GID)" || return 1
    expect_events start,end "$AUDIT" 0 || return 1
    s2=$(audit_field start session "$AUDIT" 0)
    [[ $s2 != "$s1" ]] || fail "same session in both files" || return 1
    expect_eq "$(auditcheck sessions "$AUDIT.1" "$AUDIT_MARK" | tr '\n' ' ')" \
        "start ${s1//\"/} end ${s1//\"/} " "the rotated file's new records" || return 1
    rm -f "$AUDIT.1"
}
run_test rotate-between-runs t_rotate_between

# Move the log away while a run is going on: its end record follows the file it opened (both
# records of a session stay together); the next invocation creates the new file.
t_rotate_mid_run() {
    nscap_bg "$ALICE" "$CID" probe sleep 3
    wait_tool probe || { bg_wait 5; return 1; }
    mv "$AUDIT" "$AUDIT.2" || { bg_wait 5; fail "setup: mv"; return 1; }
    kill -0 "$TOOL_PID" || fail "the tool ended before the log was moved" || { bg_wait 5; return 1; }
    bg_wait 10 || return 1
    expect_rc 0 || return 1
    [[ ! -e $AUDIT ]] || fail "the running invocation created a new log" || return 1
    expect_events start,end "$AUDIT.2" || return 1
    expect_same_session start end "$AUDIT.2" || return 1
    nscap_as "$ALICE" -- "$CID" probe exit 0
    expect_rc 0 && expect_events start,end "$AUDIT" 0 || return 1
    rm -f "$AUDIT.2"
}
run_test rotate-during-run t_rotate_mid_run
