# SPDX-License-Identifier: ISC
# shellcheck shell=bash disable=SC2016
# 5. caller-chosen policy: -C reads as the caller; nothing moves the compiled-in paths.

# -C /etc/shadow: read as the caller, so EACCES, and none of its content is shown.
t_check_shadow() {
    nscap_as "$ALICE" -- -C /etc/shadow
    expect_rc 125 || return 1
    expect_msg 'Permission denied' || return 1
    ! grep -q 'root:' "$OUT" "$ERR" || fail "shadow content printed"
}
# -C of a policy only root can read fails the same way.
t_check_rootonly() {
    local f=$NT_SCRATCH/rootonly.policy
    cp "$POLICY" "$f" && chmod 0600 "$f"
    nscap_as "$ALICE" -- -C "$f"
    expect_rc 125 || return 1
    expect_msg 'Permission denied'
}
# -C of the caller's own policy permitting everything decides but runs nothing, no record.
t_check_runs_nothing() {
    new_marker
    write_policy "permit any on any,host run any" && cp "$POLICY" "$ALICE_POLICY" &&
        chown "$ALICE" "$ALICE_POLICY" && restore_policy
    nscap_as "$ALICE" -- -C "$ALICE_POLICY" "$CID" probe-denied marker "$MARKER"
    expect_rc 0 || return 1
    expect_no_file "$MARKER" || return 1
    grep -qx 'decision: permit' "$OUT" || fail "no check output: ${OUTPUT:0:200}" || return 1
    expect_events "" || return 1
    nscap_as "$ALICE" -- -C "$ALICE_POLICY" -n "$CID" probe-denied marker "$MARKER"
    expect_rc 125 || return 1
    expect_no_file "$MARKER"
}
# No environment variable moves the compiled-in policy or audit log.
t_env_paths() {
    new_marker
    [[ -f $ALICE_POLICY ]] || { fail "no caller policy"; return 1; }
    nscap_as "$ALICE" env "NSCAP_POLICY=$ALICE_POLICY" "NSCAP_AUDIT_LOG=$ALICE_HOME/audit.log" \
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
        nscap_as "$ALICE" -- "$o" "$ALICE_POLICY" "$CID" probe-denied marker "$MARKER"
        expect_refused 125 'unknown option' || return 1
    done
}

run_test check-etc-shadow t_check_shadow
run_test check-root-only-file t_check_rootonly
run_test check-permissive-policy-runs-nothing t_check_runs_nothing
run_test env-cannot-move-policy t_env_paths
run_test options-cannot-move-policy t_opt_paths
