# SPDX-License-Identifier: ISC
# shellcheck shell=bash disable=SC2015,SC2034,SC2086  # SC2086: $ALL_LIVE is a word list
# -l and -l --json list every live container with its fields, nothing stale or stopped.

t_list_all() {
    local got
    rt_list_ids "$ALICE"
    expect_rc 0 || return 1
    expect_eq "$LIST_IDS" "$(rt_sorted host "$HS" "$HC" $ALL_LIVE)" "ids listed" || return 1
}
run_test rt-list-json-all-live t_list_all
t_list_fields() { # ID RUNTIME POD NETNS PID [NAME]
    local o ns=null pod=null ctr=null
    rt_list_ids "$ALICE"
    o=$(rt_list_obj "$1")
    [[ -n $o ]] || fail "$1 not listed" || return 1
    [[ $o == *"\"runtime\":\"$2\""* ]] || fail "runtime not $2: $o" || return 1
    # POD is NAMESPACE/POD[/CONTAINER]: three fields of their own
    if [[ -n $3 ]]; then
        IFS=/ read -r ns pod ctr <<<"$3"
        ns="\"$ns\"" pod="\"$pod\"" ctr=${ctr:+\"$ctr\"}
    fi
    [[ $o == *"\"namespace\":$ns,\"pod\":$pod,\"container\":${ctr:-null},"* ]] ||
        fail "namespace/pod/container not $3: $o" || return 1
    [[ $o == *"\"netns\":$4,"* ]] || fail "netns not $4: $o" || return 1
    [[ $o == *"\"pid\":$5,"* ]] || fail "pid not $5: $o" || return 1
    [[ -z ${6-} || $o == *"\"name\":\"$6\""* ]] || fail "name not $6: $o" || return 1
}
run_test rt-list-json-runc t_list_fields "$RUNC" runc "" "$RUNC_NS" "$RUNC_PID"
run_test rt-list-json-docker t_list_fields "$D1" docker "" "$D1_NS" "$D1_PID" web
run_test rt-list-json-docker-k8s t_list_fields "$DC" docker dkns/dpod/app "$DS_NS" "$DC_PID" "$DC_NAME"
run_test rt-list-json-containerd-sandbox t_list_fields "$CS" containerd prod/web-7f9c "$CS_NS" "$CS_PID"
run_test rt-list-json-containerd t_list_fields "$CN" containerd prod/web-7f9c/nginx "$CS_NS" "$CN_PID"
run_test rt-list-json-legacy t_list_fields "$L1" containerd legacy/oldpod/app "$L1_NS" "$L1_PID"
run_test rt-list-json-crio t_list_fields "$OC" cri-o crions/db-0/redis "$OS_NS" "$OC_PID"
run_test rt-list-json-podman t_list_fields "$P1" podman "" "$P1_NS" "$P1_PID" pweb
run_test rt-list-json-podman-pod-member t_list_fields "$PM" podman "" "$PI_NS" "$PM_PID" rtpm1
# OCI runtimes' records give no pod, whatever their bundles' annotations say
run_test rt-list-json-crun t_list_fields "$K1" crun "" "$K1_NS" "$K1_PID"
run_test rt-list-json-runc-annotated t_list_fields "$R2" runc "" "$R2_NS" "$R2_PID"
# -l NAMESPACE[/POD[/CONTAINER]]: only that namespace's, pod's or container's targets (the host
# line only without a filter); globs as in pod: rules.
t_list_filter() { # FILTER ID...
    local f=$1
    shift
    rt_list_ids "$ALICE" "$f"
    expect_rc 0 || return 1
    expect_eq "$LIST_IDS" "$(rt_sorted "$@")" "ids listed by -l $f"
}
run_test rt-list-filter-namespace t_list_filter prod "$CS" "$CN" "$CL" "$SS" "$SC" "$SP" "$HS" "$HC"
run_test rt-list-filter-pod t_list_filter prod/web-7f9c "$CS" "$CN" "$CL"
run_test rt-list-filter-container t_list_filter prod/web-7f9c/nginx "$CN"
run_test rt-list-filter-glob t_list_filter 'prod/web-*/?ginx' "$CN"
run_test rt-list-filter-crio t_list_filter crions "$OS" "$OC" "$SQ"
run_test rt-list-filter-none t_list_filter nosuchns
t_list_filter_text() {
    nscap_as "$ALICE" -- -l crions/db-0/redis
    expect_rc 0 || return 1
    expect_eq "$(grep -c . <<<"$OUTPUT")" 2 "header and one line" || return 1
    grep -q -F -- "${OC:0:12} " <<<"$OUTPUT" || fail "redis not listed: $OUTPUT"
}
run_test rt-list-filter-text t_list_filter_text
t_list_host_kind() {
    rt_list_ids "$ALICE"
    [[ $(rt_list_obj "$HC") == *'"kind":"host"'* ]] || fail "hostNetwork container not kind host: $(rt_list_obj "$HC")"
}
run_test rt-list-json-hostnet-is-host t_list_host_kind
t_list_text() {
    local line
    nscap_as "$ALICE" -- -l
    expect_rc 0 || return 1
    line=$(grep -F -- "${CN:0:12} " <<<"$OUTPUT")
    [[ $line == *" prod/web-7f9c/nginx "* && $line == *" containerd "* && $line == *" $CN_PID "* &&
        $line == *" $CS_NS "* ]] || fail "nginx line: '$line'" || return 1
    line=$(grep -F -- "${D1:0:12} " <<<"$OUTPUT")
    [[ $line == *" web "* && $line == *" docker "* ]] || fail "web line: '$line'" || return 1
    ! grep -q -F -e "${S1:0:12}" -e "${Z1:0:12}" -e "${Z2:0:12}" -e "${X1:0:12}" -e "${X2:0:12}" \
        -e "${CN_OLD:0:12}" -e "${DX:0:12}" <<<"$OUTPUT" || fail "a stale or stopped container is listed"
}
run_test rt-list-text t_list_text
