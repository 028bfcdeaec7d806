# SPDX-License-Identifier: ISC
# shellcheck shell=bash disable=SC2015,SC2034
# Negative: resolution. Ambiguous, stale, malformed, split and look-alike targets are refused.

run_test rt-ambiguous-prefix rt_refused abcd 125 "ambiguous.*${RUNC:0:12}.*${D1:0:12}|ambiguous.*${D1:0:12}.*${RUNC:0:12}"
# More IDs share a prefix than nscap looks at: never "unique", whatever the ones it read say.
t_prefix_overflow() {
    local i d
    for i in $(seq 1 70); do
        d=$RUNC_ROOT/$(printf 'eeee%060d' "$i")
        install -d -m 0711 "$d" && printf '{}' >"$d/state.json" && chmod 0600 "$d/state.json"
    done
    rt_refused eeee 125 "ambiguous: more than 64 containers match"
    local rc=$?
    rm -rf "$RUNC_ROOT"/eeee*
    return $rc
}
run_test rt-prefix-overflow-is-ambiguous t_prefix_overflow
run_test rt-short-prefix-refused rt_refused abc 125 "at least 4"
run_test rt-prefix-unique-despite-malformed expect_resolves abcd2222 "$D1_NS" "$D1" docker
run_test rt-prefix-unique-among-live expect_resolves abcd1111 "$RUNC_NS" "$RUNC" runc
t_bad_ids() {
    local id bad=()
    for id in "${BAD_IDS[@]}"; do
        rt_refused "$id" 125 || bad+=("[$id: $FAIL_REASON]")
    done
    ((${#bad[@]} == 0)) || fail "${bad[*]}"
}
run_test rt-malformed-records-ignored t_bad_ids
# control: the generator behind them makes a record that is believed
t_malformed_control() {
    local id=malformed-control
    install -d -o root -g root -m 0700 "$RUNC_ROOT/$id" || return 1
    { good_head "$id"; printf '}'; } >"$RUNC_ROOT/$id/state.json" || return 1
    chmod 0644 "$RUNC_ROOT/$id/state.json"
    expect_resolves "$id" "$D1_NS" "$id" runc
    local rc=$?
    rm -rf "${RUNC_ROOT:?}/$id"
    return $rc
}
run_test rt-malformed-control-record-believed t_malformed_control
t_bad_name() { rt_refused webbad2 125 "no container"; }
run_test rt-malformed-docker-name-ignored t_bad_name
run_test rt-stale-runc-deleted rt_refused "$S1" 125
run_test rt-stale-podman-dead-pid rt_refused "$Z1" 125
run_test rt-stale-crio-reused-pid rt_refused "$Z2" 125 "cgroup"
run_test rt-stale-crun-wrong-start rt_refused "$X1" 125
run_test rt-stale-crun-dead-pid rt_refused "$X2" 125
run_test rt-stale-pod-only-dead-members rt_refused prod/ghost 125 "no live container"
run_test rt-split-pod-refused rt_refused prod/split 125 "different network namespaces"
run_test rt-split-pod-one-container-ok expect_resolves prod/split/app "$SC_NS" "$SC" containerd
run_test rt-no-such-pod rt_refused prod/nope 125 "no pod"
run_test rt-no-such-container rt_refused nosuchcontainer 125 "no container"
run_test rt-pod-sandbox-is-not-a-container rt_refused crions/db-0/POD 125
run_test rt-lookalike-annotation-id-refused rt_refused "$SP" 125
run_test rt-lookalike-annotation-pod-refused rt_refused prod/spoof 125
run_test rt-lookalike-annotation-other-ns-refused rt_refused kube-system/spoof 125
run_test rt-bad-pod-spec rt_refused prod//x 125

# A docker container has three records (runc state under runtime-runc/moby, containerd's moby
# task directory, /var/lib/docker/containers): whichever order the index merges them in, the
# runtime is docker. Twelve such records under one prefix (all naming D1's process); the
# ambiguity error names the first eight candidates' runtime, and a runtime:docker rule must
# match each by its docker name.
t_docker_runtime_stable() {
    local i id st ids=() n errs=() wrong=()
    st=$(proc_start "$D1_PID")
    for i in a b c d e f 1 2 3 4 5 6; do
        id=dddd$i$(rt_id | cut -c6-)
        ids+=("$id")
        install -d -o root -g root -m 0700 "$RT_ROOT_DOCKER/$id" "$RT_SHIM/moby/$id" \
            "$RT_DOCKER_LIB/$id" || return 1
        rt_file "$RT_ROOT_DOCKER/$id/state.json" "{\"id\":\"$id\",\"init_process_pid\":$D1_PID,\"init_process_start\":$st,\"config\":{\"labels\":[\"bundle=$RT_SHIM/moby/$id\"]}}" || return 1
        rt_file "$RT_SHIM/moby/$id/config.json" '{"ociVersion":"1.0.2-dev","annotations":{}}' || return 1
        rt_file "$RT_SHIM/moby/$id/init.pid" "$D1_PID" || return 1
        rt_file "$RT_DOCKER_LIB/$id/config.v2.json" "$(docker_v2 "$id" "web$i" "$D1_PID" "")" || return 1
    done
    rt_probe "$ALICE" dddd
    n=$(grep -o '(docker' "$ERR" | wc -l)
    [[ $RC -eq 125 && $n -eq 8 ]] || errs+=("$n of 8 candidates shown as docker: $(head -c 400 "$ERR")")
    # and what a runtime:docker rule makes of them, named by docker name
    write_policy "permit group:$ONCALL on runtime:docker run probe"
    for i in a b c d e f 1 2 3 4 5 6; do
        rt_probe "$ALICE" "web$i"
        [[ $RC -eq 0 && $GOT_RT == docker ]] || wrong+=("web$i: exit $RC runtime $GOT_RT")
    done
    write_policy
    for id in "${ids[@]}"; do
        rm -rf "${RT_ROOT_DOCKER:?}/$id" "${RT_SHIM:?}/moby/$id" "${RT_DOCKER_LIB:?}/$id"
    done
    ((${#wrong[@]} == 0)) || errs+=("runtime:docker by name: ${wrong[*]}")
    ((${#errs[@]} == 0)) || fail "${errs[*]}"
}
run_test rt-docker-runtime-stable-across-merge-order t_docker_runtime_stable
