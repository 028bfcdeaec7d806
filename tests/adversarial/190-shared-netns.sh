# SPDX-License-Identifier: ISC
# shellcheck shell=bash disable=SC2016
# 19. a shared network namespace (issue 10 §5): a rule names a container, the tool enters its
# netns, and another container may share it (a pod, docker --network container:). A deny of one
# does not protect the namespace: that is the model, and -n says so. Container J (runc) joins A's
# netns; -n names what shares it (what the caller may enter by name, the rest as a count), and
# warns of a deny that a sharing container's permit gets around.

J_ID= # a runc container in CID_A's network namespace

# J, and control: it really is in A's netns.
t_join() {
    bundle_new sh sleep || return 1
    python3 "$HERE/hostnet-config.py" "$BUNDLE/config.json" "/$CG_PARENT/$BUNDLE_ID" \
        "/proc/$CPID_A/ns/net" || return 1
    bundle_run || fail "runc run failed" || return 1
    expect_eq "$(stat -L -c %i "/proc/$(cat "$BUNDLE/pid")/ns/net")" "$CNETNS_A" "J's netns" ||
        return 1
    J_ID=$BUNDLE_ID
}
# shared_policy [RULE...]: oncall may run probe and probe-none in any container, then RULEs.
shared_policy() { write_policy "permit group:$ONCALL on container:* run probe,probe-none" "$@"; }
# expect_out_has TEXT...: stdout holds each fixed TEXT as a line.
expect_out_has() {
    local t
    for t; do
        grep -q -x -F -- "$t" "$OUT" || fail "no line '$t' in: $(tr '\n' '|' <"$OUT" | head -c 400)" ||
            return 1
    done
}

# -n of either names the other; B (alone in its netns) gets no warning.
t_names() {
    shared_policy
    nscap_as "$ALICE" -- -n "$CID_A" probe
    expect_rc 0 || return 1
    expect_out_has "warning: netns $CNETNS_A is shared with: $J_ID (runc)" || return 1
    nscap_as "$ALICE" -- -n "$J_ID" probe
    expect_rc 0 || return 1
    expect_out_has "warning: netns $CNETNS_A is shared with: $CID_A (runc)" || return 1
    nscap_as "$ALICE" -- -n "$CID_B" probe
    expect_rc 0 || return 1
    ! grep -q '^warning:' "$OUT" || fail "B shares nothing: $(grep '^warning:' "$OUT")"
}
# A deny of A, J permitted: the run through J is in A's netns (the documented limit), and -n on
# J says which rule it gets around; alice's own -n on A (a deny) shows only the decision.
t_deny_bypass() {
    local line
    shared_policy "deny group:$ONCALL on container:$CID_A run probe"
    line=$(policy_line_of "deny group:$ONCALL")
    nscap_as "$ALICE" -- "$J_ID" probe
    expect_ran || return 1
    expect_eq "$(probe_val ns.net)" "$CNETNS_A" "the run through J" || return 1
    nscap_as "$ALICE" -- -n "$J_ID" probe
    expect_rc 0 || return 1
    expect_out_has "warning: a rule denies probe on $CID_A (runc) ($POLICY:$line) but its network namespace is reachable through this target" ||
        return 1
    nscap_as "$ALICE" -- -n "$CID_A" probe
    expect_rc 126 || return 1
    ! grep -q -v -E '^(decision|why|rule): ' "$OUT" || fail "a deny's dry run said more: $(tr '\n' '|' <"$OUT")"
}
# A container alice may not enter at all is a count, never named.
t_count_only() {
    shared_policy "deny group:$ONCALL on container:$CID_A"
    nscap_as "$ALICE" -- -n "$J_ID" probe
    expect_rc 0 || return 1
    expect_out_has "warning: netns $CNETNS_A is shared with 1 container you may not enter" \
        "warning: a rule denies probe on another container ($POLICY:$(policy_line_of "deny group:$ONCALL")) but its network namespace is reachable through this target" ||
        return 1
    ! grep -q -F "${CID_A:0:12}" "$OUT" || fail "A is named: $(grep -F "${CID_A:0:12}" "$OUT")"
}
# As root (who sees a deny in full): the rule denying A and the container that gets around it.
t_root_deny() {
    write_policy "permit uid:0 on container:* run probe" "deny uid:0 on container:$CID_A run probe"
    run_cmd "$NSCAP" -n "$CID_A" probe
    expect_rc 126 || return 1
    expect_out_has "warning: a rule denies probe on $CID_A (runc) ($POLICY:$(policy_line_of "deny uid:0")) but its network namespace is reachable through $J_ID (runc)"
}
# A record the scan cannot read ends the warning, not the dry run of a full ID (which reads only
# that ID's records): "cannot tell", and the decision as before.
t_cannot_tell() {
    local d=$RUNC_ROOT/nscapt-web-broken
    shared_policy
    install -d -o root -g root -m 0711 "$d" && printf '{"id":' >"$d/state.json" || return 1
    nscap_as "$ALICE" -- -n "$CID_A" probe
    rm -rf "$d"
    expect_rc 0 || return 1
    grep -q '^decision: permit$' "$OUT" || fail "no decision: $(tr '\n' '|' <"$OUT")" || return 1
    expect_out_has "warning: cannot tell which containers share netns $CNETNS_A: runtime state $d/state.json: truncated" ||
        return 1
    expect_stderr_empty_of_nscap
}

run_test shared-netns-join-control t_join
if [[ -n $J_ID ]]; then
    run_test shared-netns-dry-run-names-sharers t_names
    run_test shared-netns-deny-bypass-warned t_deny_bypass
    run_test shared-netns-not-enterable-counted t_count_only
    run_test shared-netns-root-sees-denied-target t_root_deny
    run_test shared-netns-unreadable-record-cannot-tell t_cannot_tell
    timeout 30 runc --root "$RUNC_ROOT" delete -f "$J_ID" >/dev/null 2>&1
fi
write_policy
