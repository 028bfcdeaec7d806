# SPDX-License-Identifier: ISC
# shellcheck shell=bash disable=SC2015,SC2034
# Stopped containers, and what a caller learns of containers no rule lets them enter: exact
# names resolve and are denied by the decision; prefixes, ambiguity lists and suggestions
# consider only what they may enter; a deny's dry run shows decision, why and rule only.

WEB_ONLY=container:web # alice may enter D1 (docker "web") and nothing else

# docker stop: config.v2.json says Running false, ExitCode 137, FinishedAt.
t_stopped_docker() {
    local t want="^nscap: container dstop \(docker ${DX:0:12}\) is not running: exited 137 at $DX_FINISHED$"
    for t in "$DX" dstop "${DX:0:12}"; do
        audit_mark
        rt_refused "$t" 125 "$want" || return 1
        expect_error_record "is not running: exited 137" || return 1
    done
}
run_test rt-stopped-docker-exit-shown t_stopped_docker
# Not to a caller whose rules do not let them enter it: the decision, and nothing of its state.
t_stopped_denied() {
    local r a b bad=()
    for r in "$DX 126" "dstop 126" "$Z1 126" "pstop 126" "$CN_OLD 126" "$S1 126"; do
        read -r a b <<<"$r"
        rt_decide "$WEB_ONLY" "$a" "$b" || { bad+=("[$a: $FAIL_REASON]"); continue; }
        ! grep -q -E 'not running|exited' "$ERR" "$OUT" || bad+=("[$a: state disclosed: $ERRTEXT]")
        write_policy "permit group:$ONCALL on $WEB_ONLY run probe"
        nscap_as "$ALICE" -- "$a" probe
        write_policy
        [[ $RC == 126 && $ERRTEXT == "nscap: denied: "* ]] || bad+=("[$a, a real run: exit $RC: $ERRTEXT]")
    done
    ((${#bad[@]} == 0)) || fail "${bad[*]}"
}
run_test rt-stopped-denied-without-state t_stopped_denied
# A stopped container on the host's network is the host's, running or not: a container rule does
# not reach it (denied, not an attempt to enter a namespace nscap never pinned); a host rule
# learns that it is not running.
t_stopped_hostnet() {
    write_policy "permit group:$ONCALL on container:* run probe" || return 1
    nscap_as "$ALICE" -- dstophost probe
    local rc=$RC err=$ERRTEXT
    write_policy "permit group:$ONCALL on host run probe" || return 1
    nscap_as "$ALICE" -- dstophost probe
    write_policy
    [[ $rc == 126 && $err == "nscap: denied: "* ]] ||
        fail "container rule: exit $rc: $err" || return 1
    [[ $RC == 125 && $ERRTEXT == *"dstophost (docker ${DXH:0:12}) is not running: exited 0"* ]] ||
        fail "host rule: exit $RC: $ERRTEXT"
}
run_test rt-stopped-hostnet-is-host t_stopped_hostnet

# A prefix of a container alice may not enter: "no container matches", as for one that is not
# there; its full ID or pod name: resolved, and denied by the decision.
t_prefix_of_other() {
    write_policy "permit group:$ONCALL on $WEB_ONLY run probe" || return 1
    rt_refused "${CS:0:12}" 125 "^nscap: no container matches '${CS:0:12}'; it may run on another node$"
    local rc=$?
    write_policy
    return $rc
}
run_test rt-disclosure-prefix-of-other-not-found t_prefix_of_other
t_exact_of_other() {
    local t bad=()
    for t in "$CS" "$CN" prod/web-7f9c prod/web-7f9c/nginx "$DC_NAME" dkns/dpod "pid:$CN_PID"; do
        rt_decide "$WEB_ONLY" "$t" 126 || { bad+=("[$t: $FAIL_REASON]"); continue; }
        write_policy "permit group:$ONCALL on $WEB_ONLY run probe"
        audit_mark
        nscap_as "$ALICE" -- "$t" probe
        write_policy
        [[ $RC == 126 && $ERRTEXT == "nscap: denied: "* ]] && audit_find '"event":"deny"' >/dev/null ||
            bad+=("[$t, a real run: exit $RC: $ERRTEXT]")
    done
    ((${#bad[@]} == 0)) || fail "${bad[*]}"
}
run_test rt-disclosure-full-id-of-other-denied t_exact_of_other
# -n on a deny: decision, why, rule; root, or a permit, sees the target.
t_dry_deny() {
    write_policy "permit group:$ONCALL on $WEB_ONLY run probe" || return 1
    rt_probe "$ALICE" "$CN"
    write_policy
    expect_rc 126 || return 1
    expect_out_line '^decision: deny$' && expect_out_line '^why: ' || return 1
    ! grep -q -v -E '^(decision|why|rule): ' <<<"$OUTPUT" ||
        fail "more than decision, why, rule: ${OUTPUT:0:300}" || return 1
    ! grep -q -F -e "${CN:0:12}" -e "$CN_PID" -e "$CS_NS" <<<"$OUTPUT" ||
        fail "the deny shows the target: ${OUTPUT:0:300}" || return 1
    rt_root_dry "$CN"
    expect_out_line "^container: $CN runtime containerd$" && expect_out_line "^netns: $CS_NS$" &&
        expect_out_line "^pid: $CN_PID$"
}
run_test rt-disclosure-dry-run-deny-minimal t_dry_deny
# A prefix shared with containers alice may not enter names only the one she may.
t_prefix_only_enterable() {
    rt_refused abcd 125 "ambiguous" || return 1
    write_policy "permit group:$ONCALL on $WEB_ONLY run probe" || return 1
    expect_resolves abcd "$D1_NS" "$D1" docker
    local rc=$?
    write_policy
    return $rc
}
run_test rt-disclosure-prefix-counts-only-enterable t_prefix_only_enterable
# "did you mean" only among what alice may enter.
t_suggestions() {
    local typo=k8s_app_dpod_dkns_${DPOD_UID}_1 rc
    rt_refused "$typo" 125 "did you mean ([^ ]+, )?${DC_NAME}[,?]" || return 1
    write_policy "permit group:$ONCALL on $WEB_ONLY run probe" || return 1
    rt_refused "$typo" 125 "^nscap: no container matches '$typo'; it may run on another node$"
    rc=$?
    write_policy
    return $rc
}
run_test rt-disclosure-suggestions-only-enterable t_suggestions
