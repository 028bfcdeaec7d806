# SPDX-License-Identifier: ISC
# shellcheck shell=bash disable=SC2015,SC2034,SC2086  # SC2086: $ALL_LIVE is a word list
# Policy selectors (runtime:, container:, pod:, any, host): what -l lists and what is decided.

# t_selector RULE-TARGET EXPECTED-IDS...: -l as alice under one rule lists exactly those.
t_selector() {
    local sel=$1
    shift
    write_policy "permit group:$ONCALL on $sel run probe" || fail "write_policy" || return 1
    rt_list_ids "$ALICE"
    expect_rc 0 || return 1
    expect_eq "$LIST_IDS" "$(rt_sorted "$@")" "targets listed for $sel" || return 1
}
run_test rt-selector-runtime-docker t_selector runtime:docker "$D1" "$DS" "$DC" "$DF"
run_test rt-selector-runtime-containerd t_selector runtime:containerd "$CS" "$CN" "$CL" "$SS" \
    "$SC" "$CR" "$SP" "$L1"
run_test rt-selector-runtime-cri-o t_selector runtime:cri-o "$OS" "$OC" "$U1" "$SQ"
run_test rt-selector-runtime-podman t_selector runtime:podman "$P1" "$PA" "$PI" "$PM"
run_test rt-selector-runtime-runc t_selector runtime:runc "$RUNC" "$R2"
run_test rt-selector-runtime-crun t_selector runtime:crun "$K1"
run_test rt-selector-container-name t_selector container:web "$D1"
run_test rt-selector-container-podman-name t_selector container:rtpm1 "$PM"
run_test rt-selector-container-glob t_selector 'container:k8s_app_*' "$DC"
run_test rt-selector-container-id-prefix-glob t_selector "container:${P1:0:12}*" "$P1"
run_test rt-selector-pod-ns-glob t_selector 'pod:prod/*' "$CS" "$CN" "$CL" "$SS" "$SC" "$SP"
run_test rt-selector-pod-container t_selector pod:prod/web-7f9c/nginx "$CN"
run_test rt-selector-pod-container-glob t_selector 'pod:*/*/app' "$DC" "$SC" "$L1"
run_test rt-selector-any t_selector any $ALL_LIVE
run_test rt-selector-host t_selector host host "$HS" "$HC"

# The same through a resolved target (nscap -n), decision by decision.
t_decisions() {
    local rows=(
        "pod:prod/* prod/web-7f9c 0" "pod:prod/* prod/web-7f9c/logger 0" "pod:prod/* $CN 0"
        "pod:prod/* pid:$CN_EXEC_PID 0" "pod:prod/* crions/db-0 126" "pod:prod/* prod/hostnet 126"
        "pod:prod/* $D1 126"
        "pod:prod/web-7f9c/nginx prod/web-7f9c/nginx 0" "pod:prod/web-7f9c/nginx ${CN:0:12} 0"
        "pod:prod/web-7f9c/nginx pid:$CN_PID 0" "pod:prod/web-7f9c/nginx prod/web-7f9c 126"
        "pod:prod/web-7f9c/nginx prod/web-7f9c/logger 126" "pod:prod/web-7f9c/nginx $CS 126"
        "container:web web 0" "container:web ${D1:0:12} 0" "container:web pid:$D1_PID 0"
        "container:web $DC_NAME 126" "container:web $RUNC 126"
        "runtime:docker web 0" "runtime:docker $D1 0" "runtime:docker ${D1:0:12} 0"
        "runtime:docker dkns/dpod 0" "runtime:docker dkns/dpod/app 0" "runtime:docker $CS 126"
        "runtime:containerd prod/web-7f9c 0" "runtime:containerd legacy/oldpod/app 0"
        "runtime:containerd $D1 126" "runtime:cri-o crions/db-0/redis 0" "runtime:cri-o $P1 126"
        "runtime:podman $P1 0" "runtime:podman pid:$P1_PID 0" "runtime:podman $OC 126"
        "runtime:podman rtpm1 0" "runtime:podman ${PM:0:12} 0" "runtime:podman $PA 0"
        "runtime:cri-o $PA 126" "runtime:runc $RUNC 0" "runtime:runc $R2 0" "runtime:runc $OS 126"
        "runtime:runc $K1 126" "runtime:runc $P1 126" "runtime:crun $K1 0"
        "runtime:crun pid:$K1_PID 0" "runtime:crun $RUNC 126" "runtime:docker $DF 0"
        "runtime:cri-o $DF 126" "runtime:containerd $SP 0"
        "any prod/hostnet 126" "any pid:$HC_PID 126" "any $HS 126" "host prod/hostnet 0"
        "host prod/hostnet/agent 0" "host $HC 0" "host prod/web-7f9c 126"
    )
    local r a b c bad=()
    for r in "${rows[@]}"; do
        read -r a b c <<<"$r"
        rt_decide "$a" "$b" "$c" || bad+=("[$r: $FAIL_REASON]")
    done
    ((${#bad[@]} == 0)) || fail "${#bad[@]} of ${#rows[@]} wrong: ${bad[*]}"
}
run_test rt-selector-decisions t_decisions
t_hostnet_kind() {
    write_policy "permit group:$ONCALL on host run probe"
    expect_resolves prod/hostnet "$HOST_NETNS" || return 1
    expect_eq "$GOT_KIND" host "kind of prod/hostnet" || return 1
}
run_test rt-hostnet-pod-is-host t_hostnet_kind
write_policy
