# SPDX-License-Identifier: ISC
# shellcheck shell=bash disable=SC2015,SC2034
# Negative: resolution. Ambiguous, stale, split and unknown targets are refused, each saying why.

run_test rt-ambiguous-prefix rt_refused abcd 125 "ambiguous.*${RUNC:0:12}.*${D1:0:12}|ambiguous.*${D1:0:12}.*${RUNC:0:12}"
# More IDs share a prefix than nscap looks at: never "unique", whatever the ones it read say.
t_prefix_overflow() {
    local i d id st rc
    st=$(proc_start "$D1_PID")
    for i in $(seq 1 70); do
        id=$(printf 'eeee%060d' "$i")
        d=$RUNC_ROOT/$id
        install -d -m 0711 "$d" &&
            rt_file "$d/state.json" "{\"id\":\"$id\",\"init_process_pid\":$D1_PID,\"init_process_start\":$st}" 0600 ||
            return 1
    done
    rt_refused eeee 125 "ambiguous: more than 64 containers match"
    rc=$?
    rm -rf "$RUNC_ROOT"/eeee*
    return $rc
}
run_test rt-prefix-overflow-is-ambiguous t_prefix_overflow
run_test rt-short-prefix-refused rt_refused abc 125 "at least 4"
run_test rt-prefix-unique expect_resolves abcd2222 "$D1_NS" "$D1" docker
# A stale record is a container that is not running: a prefix it shares is ambiguous.
run_test rt-prefix-ambiguous-with-stale rt_refused abcd1111 125 \
    "'abcd1111' is ambiguous: .*($RUNC \(runc\), $S1 \(runc\)|$S1 \(runc\), $RUNC \(runc\))"
gone='is not running \(its process has exited\)$'
run_test rt-stale-runc-deleted rt_refused "$S1" 125 "^nscap: container $S1 \(runc\) $gone"
run_test rt-stale-podman-dead-pid rt_refused "$Z1" 125 "^nscap: container pstop \(podman ${Z1:0:12}\) $gone"
run_test rt-stale-podman-dead-pid-by-name rt_refused pstop 125 "^nscap: container pstop \(podman ${Z1:0:12}\) $gone"
run_test rt-stale-crio-reused-pid rt_refused "$Z2" 125 \
    "^nscap: container $Z2 \(cri-o\) is not running \(process $HOSTPID is not in the container's cgroup"
run_test rt-stale-crun-wrong-start rt_refused "$X1" 125 "^nscap: container $X1 \(crun\) $gone"
run_test rt-stale-crun-dead-pid rt_refused "$X2" 125 "^nscap: container $X2 \(crun\) $gone"
run_test rt-stale-containerd-dead-attempt rt_refused "$CN_OLD" 125 \
    "^nscap: container $CN_OLD \(containerd\) $gone"
run_test rt-stale-pod-only-dead-members rt_refused prod/ghost 125 \
    "^nscap: pod prod/ghost has no running container$"
run_test rt-split-pod-refused rt_refused prod/split 125 "different network namespaces"
run_test rt-split-pod-one-container-ok expect_resolves prod/split/app "$SC_NS" "$SC" containerd
run_test rt-no-such-pod rt_refused prod/nope 125 "^nscap: no pod matches 'prod/nope'"
run_test rt-no-such-container rt_refused nosuchcontainer 125 \
    "^nscap: no container matches 'nosuchcontainer'; it may run on another node$"
run_test rt-pod-sandbox-is-not-a-container rt_refused crions/db-0/POD 125 "no pod matches"
run_test rt-bad-pod-spec rt_refused prod//x 125 "bad pod target"

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
        rt_file "$RT_SHIM/moby/$id/config.json" '{"ociVersion":"1.0.2-dev","linux":{"namespaces":[{"type":"network","path":"/proc/'"$D1_PID"'/ns/net"}]}}' ||
            return 1
        rt_file "$RT_SHIM/moby/$id/init.pid" "$D1_PID" || return 1
        rt_file "$RT_DOCKER_LIB/$id/config.v2.json" "$(docker_v2 "$id" "web$i" "$D1_PID" "" "$DIMG")" ||
            return 1
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

# A docker name lookup reads a record as one only where its bytes hold the name: a malformed
# record of another name is never parsed (web resolves), one that holds the name fails the lookup
# closed, and one that holds it but is not root's is no candidate, as before.
t_docker_name_bytes_first() {
    local id f rc=0
    id=$(rt_id)
    f=$RT_DOCKER_LIB/$id/config.v2.json
    install -d -o root -g root -m 0710 "$RT_DOCKER_LIB/$id" || return 1
    rt_file "$f" '{"State":{"Running":true,"Pid":1},"Name":"/other",' 0600 || return 1
    expect_resolves web "$D1_NS" "$D1" docker || rc=1
    rt_file "$f" '{"State":{"Running":true,"Pid":1},"Name":"/web",' 0600 || return 1
    ((rc)) || rt_fails_closed "$f" truncated web || rc=1
    chown nobody "$f" || rc=1
    ((rc)) || expect_resolves web "$D1_NS" "$D1" docker || rc=1
    rm -rf "${RT_DOCKER_LIB:?}/$id"
    return $rc
}
run_test rt-docker-name-reads-bytes-first t_docker_name_bytes_first
