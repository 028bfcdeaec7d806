# SPDX-License-Identifier: ISC
# shellcheck shell=bash
# -C on live targets (issue 15): root's -C takes a target's identity from its record, as -n
# does, so a containerd container's ID matches pod: rules; a user's -C takes the spelling at face
# value and says so, and a target written as facts is decided as written; -n shows every rule
# that matched.

# check_policy RULE...: the suite's policy with only RULE..., copied to CHECK_POLICY (the suite's
# own is back in place); CHECK_LINE: the line of the first RULE there.
check_policy() {
    CHECK_POLICY=$NT_SCRATCH/check.policy
    write_policy "$@" && install -o root -g root -m 0644 "$POLICY" "$CHECK_POLICY" &&
        write_policy || return 1
    CHECK_LINE=$(grep -n -F -x -- "$1" "$CHECK_POLICY" | cut -d: -f1)
}

t_check_live_id() {
    check_policy "permit group:$ONCALL on pod:prod/spoof run probe max-time 1m" || return 1
    run_cmd "$NSCAP" -C "$CHECK_POLICY" --as "$ALICE" "$SP" probe
    expect_rc 0 || return 1
    expect_out_line "^pod: prod/spoof container web$" &&
        expect_out_line "^matched: $CHECK_POLICY:$CHECK_LINE permit \(decides: the last match wins\)$" ||
        return 1
    # The same ID spelled by a user: no record is read, so no pod, and -C says so.
    nscap_as "$ALICE" -- -C "$CHECK_POLICY" "$SP" probe
    expect_rc 126 && expect_out_line '^identity: as spelled' || return 1
    # Written as what it is, it is decided as root's -C decided it.
    nscap_as "$ALICE" -- -C "$CHECK_POLICY" "pod:prod/spoof/web&runtime:containerd" probe
    expect_rc 0 && expect_out_line '^target: container \(pod prod/spoof/web, runtime containerd\)$'
}
run_test rt-check-live-id-matches-pod-rule t_check_live_id

# The pod target, resolved by root's -C: the pod's identity, no container's.
t_check_live_pod() {
    check_policy "permit group:$ONCALL on pod:prod/spoof/web run probe max-time 1m" || return 1
    run_cmd "$NSCAP" -C "$CHECK_POLICY" --as "$ALICE" prod/spoof probe
    expect_rc 126 && expect_out_line '^target: prod/spoof \(pod\)$' || return 1
    run_cmd "$NSCAP" -C "$CHECK_POLICY" --as "$ALICE" prod/spoof/web probe
    expect_rc 0 || return 1
    run_cmd "$NSCAP" -C "$CHECK_POLICY" --as "$ALICE" prod/nosuchpod probe
    expect_rc 125 && expect_msg "^nscap: no pod matches 'prod/nosuchpod'"
}
run_test rt-check-live-pod t_check_live_pod

# -n: every rule that matched, in order, the last deciding.
t_dry_matched() {
    local first last rc=0
    write_policy "permit group:$ONCALL on any run probe" "permit group:$ONCALL on pod:prod/* run probe max-time 1m" ||
        return 1
    first=$(policy_line_of "permit group:$ONCALL on any") last=$(policy_line_of "pod:prod/*")
    rt_probe "$ALICE" "$SP"
    expect_rc 0 && expect_out_line "^matched: $POLICY:$first permit$" &&
        expect_out_line "^matched: $POLICY:$last permit \(decides: the last match wins\)$" || rc=1
    write_policy
    return "$rc"
}
run_test rt-dry-shows-every-matching-rule t_dry_matched
