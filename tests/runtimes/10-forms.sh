# SPDX-License-Identifier: ISC
# shellcheck shell=bash disable=SC2015,SC2034
# Every TARGET form of every runtime resolves to the container's netns; a real run too.
# (Where identity comes from, and where it does not: 45-identity.sh.)

t_forms() { # ID NETNS RUNTIME: full ID, 12-char prefix
    expect_resolves "$1" "$2" "$1" "$3" || return 1
    expect_resolves "${1:0:12}" "$2" "$1" "$3" || return 1
}
t_netns_distinct() { # the fixtures are what they claim: separate netns where meant
    local a
    local own=("$RUNC_NS" "$D1_NS" "$DS_NS" "$DF_NS" "$CS_NS" "$SS_NS" "$SC_NS" "$CR_NS" "$SP_NS"
        "$L1_NS" "$OS_NS" "$U1_NS" "$SQ_NS" "$P1_NS" "$PA_NS" "$PI_NS" "$K1_NS" "$R2_NS")
    for a in "${own[@]}"; do
        [[ $a != "$HOST_NETNS" ]] || fail "a fixture container shares the host netns" || return 1
    done
    expect_eq "$(rt_sorted "${own[@]}" | uniq | wc -l)" "${#own[@]}" "distinct netns" || return 1
    expect_eq "$DC_NS" "$DS_NS" "dpod/app netns" || return 1
    expect_eq "$PM_NS" "$PI_NS" "podman pod member netns" || return 1
    expect_eq "$CN_NS $CL_NS" "$CS_NS $CS_NS" "web-7f9c container netns" || return 1
    expect_eq "$OC_NS" "$OS_NS" "db-0 redis netns" || return 1
    expect_eq "$HS_NS $HC_NS" "$HOST_NETNS $HOST_NETNS" "hostnet pod netns" || return 1
}
run_test rt-fixture-netns t_netns_distinct

run_test rt-runc-id-forms t_forms "$RUNC" "$RUNC_NS" runc
run_test rt-docker-id-forms t_forms "$D1" "$D1_NS" docker
t_docker_name() {
    expect_resolves web "$D1_NS" "$D1" docker || return 1
    expect_resolves "$DC_NAME" "$DS_NS" "$DC" docker || return 1
}
run_test rt-docker-name t_docker_name
run_test rt-docker-k8s-sandbox-id-forms t_forms "$DS" "$DS_NS" docker
run_test rt-docker-k8s-container-id-forms t_forms "$DC" "$DS_NS" docker
t_pod() { # SPEC NETNS [CONTAINER-ID RUNTIME]
    expect_resolves "$1" "$2" "${3-}" "${4-}"
}
run_test rt-docker-pod t_pod dkns/dpod "$DS_NS"
run_test rt-docker-pod-container t_pod dkns/dpod/app "$DS_NS" "$DC" docker

run_test rt-containerd-sandbox-id-forms t_forms "$CS" "$CS_NS" containerd
run_test rt-containerd-nginx-id-forms t_forms "$CN" "$CS_NS" containerd
run_test rt-containerd-logger-id-forms t_forms "$CL" "$CS_NS" containerd
run_test rt-containerd-pod t_pod prod/web-7f9c "$CS_NS"
run_test rt-containerd-pod-nginx t_pod prod/web-7f9c/nginx "$CS_NS" "$CN" containerd
run_test rt-containerd-pod-logger t_pod prod/web-7f9c/logger "$CS_NS" "$CL" containerd
run_test rt-containerd-created-state t_forms "$CR" "$CR_NS" containerd
run_test rt-containerd-legacy-id-forms t_forms "$L1" "$L1_NS" containerd
run_test rt-containerd-legacy-pod-from-log-link t_pod legacy/oldpod "$L1_NS"
run_test rt-containerd-legacy-pod-container t_pod legacy/oldpod/app "$L1_NS" "$L1" containerd

run_test rt-crio-sandbox-id-forms t_forms "$OS" "$OS_NS" cri-o
run_test rt-crio-container-id-forms t_forms "$OC" "$OS_NS" cri-o
run_test rt-crio-pod t_pod crions/db-0 "$OS_NS"
run_test rt-crio-pod-container t_pod crions/db-0/redis "$OS_NS" "$OC" cri-o

# podman: bundle in the graph root, pidfile in the run root, name in containers.json
run_test rt-podman-id-forms t_forms "$P1" "$P1_NS" podman
run_test rt-podman-name expect_resolves pweb "$P1_NS" "$P1" podman
# a pod's member by its own ID, prefix and name; the pod's ID (from its cgroup) shown by -n
t_podman_member() {
    t_forms "$PM" "$PI_NS" podman || return 1
    expect_resolves rtpm1 "$PI_NS" "$PM" podman || return 1
    expect_out_line "^podman pod: ${PODID:0:12}$" || return 1
    expect_no_out_line '^pod:'
}
run_test rt-podman-pod-member-forms t_podman_member
run_test rt-podman-pod-infra-name expect_resolves "${PODID:0:12}-infra" "$PI_NS" "$PI" podman
run_test rt-crun-id-forms t_forms "$K1" "$K1_NS" crun
run_test rt-runc-annotated-id-forms t_forms "$R2" "$R2_NS" runc

t_pid_container() { # PID NETNS ID RUNTIME
    expect_resolves "pid:$1" "$2" "$3" "$4" || return 1
    expect_eq "$GOT_KIND" container "kind of pid:$1" || return 1
}
run_test rt-pid-containerd-init t_pid_container "$CN_PID" "$CS_NS" "$CN" containerd
run_test rt-pid-containerd-exec t_pid_container "$CN_EXEC_PID" "$CS_NS" "$CN" containerd
run_test rt-pid-docker t_pid_container "$D1_PID" "$D1_NS" "$D1" docker
run_test rt-pid-crio t_pid_container "$OC_PID" "$OS_NS" "$OC" cri-o
run_test rt-pid-podman t_pid_container "$P1_PID" "$P1_NS" "$P1" podman
run_test rt-pid-podman-pod-member t_pid_container "$PM_PID" "$PI_NS" "$PM" podman
run_test rt-pid-crun t_pid_container "$K1_PID" "$K1_NS" "$K1" crun
run_test rt-pid-legacy t_pid_container "$L1_PID" "$L1_NS" "$L1" containerd

# A real run, not a dry run: the probe reports the pod's netns from inside.
t_real_run_pod() {
    nscap_as "$ALICE" -- prod/web-7f9c/nginx probe
    expect_rc 0 || return 1
    expect_eq "$(probe_val ns.net)" "$CS_NS" "probe ns.net" || return 1
    expect_audit '"event":"start"' "\"id\":\"$CN\"" '"runtime":"containerd"' "\"netns\":$CS_NS" ||
        return 1
}
run_test rt-real-run-pod-container t_real_run_pod
# docs/DESIGN.md, "Audit": the target's pod namespace/name/container are recorded.
t_audit_pod_names() {
    nscap_as "$ALICE" -- prod/web-7f9c/nginx probe
    expect_rc 0 || return 1
    expect_audit '"event":"start"' "\"id\":\"$CN\"" || return 1
    audit_find '"event":"start"' | grep -o '"target":{[^}]*}' | grep -q -e '"prod"' &&
        audit_find '"event":"start"' | grep -o '"target":{[^}]*}' | grep -q -e '"web-7f9c"' &&
        audit_find '"event":"start"' | grep -o '"target":{[^}]*}' | grep -q -e '"nginx"' ||
        fail "start record's target lacks the pod namespace/name/container: $(audit_find '"event":"start"' | grep -o '"target":{[^}]*}')"
}
run_test rt-audit-target-pod-names t_audit_pod_names
# A whole pod: the record names the pod, and the container (ID, PID) whose process led to the
# pod's netns.
t_audit_whole_pod() {
    local id pid want
    nscap_as "$ALICE" -- prod/web-7f9c probe
    expect_rc 0 || return 1
    expect_field start target.kind '"pod"' || return 1
    expect_field start target.pod_ns '"prod"' || return 1
    expect_field start target.pod_name '"web-7f9c"' || return 1
    id=$(audit_field start target.id | tr -d '"') pid=$(audit_field start target.pid)
    case $id in
    "$CS") want=$CS_PID ;;
    "$CN") want=$CN_PID ;;
    "$CL") want=$CL_PID ;;
    *) fail "target.id $id is none of the pod's containers" || return 1 ;;
    esac
    expect_eq "$pid" "$want" "target.pid of container ${id:0:12}" || return 1
    expect_eq "$(probe_val ns.net)" "$CS_NS" "probe ns.net"
}
run_test rt-audit-whole-pod-names-container t_audit_whole_pod
t_list_nothing() {
    nscap_as "$BOB" -- -l
    expect_rc 0 || return 1
    expect_eq "$OUTPUT" "no target this user may enter" "bob's -l" || return 1
    nscap_as "$BOB" -- -l --json
    expect_eq "$OUTPUT" "[]" "bob's -l --json" || return 1
}
run_test rt-list-nothing-for-user-without-rules t_list_nothing
