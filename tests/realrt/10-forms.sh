# SPDX-License-Identifier: ISC
# shellcheck shell=bash
# Target forms: full ID, prefixes, names, containerd IDs in two namespaces, pid: of a
# container's init and of a process started in it later; podman pods, whose members resolve and
# whose name nscap cannot know.

# A 4-character prefix resolves when no other container of the run shares it; else it is
# ambiguous (the IDs are random: about 1 run in 700).
t_prefix4() {
    local p=${RR_ID[$1]:0:4} k
    for k in "${!RR_ID[@]}"; do
        [[ $k != "$1" && ${RR_ID[$k]} == "$p"* ]] || continue
        log "prefix $p is shared with $k: expecting ambiguity"
        rt_refused "$p" 125 "ambiguous"
        return
    done
    t_resolves "$1" "$p" "$2"
}
t_pid() { # KEY PID RUNTIME: pid: takes the container's identity
    rt_probe "$ALICE" "pid:$2"
    expect_rc 0 && expect_eq "$GOT_NETNS" "${RR_NET[$1]}" "netns of pid:$2" &&
        expect_eq "$GOT_CID" "${RR_ID[$1]}" "container of pid:$2" &&
        expect_eq "$GOT_RT" "$3" "runtime of pid:$2"
}
for rt in docker podman; do
    k=${rt:0:1}-web
    run_test "realrt-$rt-full-id" t_resolves "$k" "${RR_ID[$k]}" "$rt"
    run_test "realrt-$rt-prefix-12" t_resolves "$k" "${RR_ID[$k]:0:12}" "$rt"
    run_test "realrt-$rt-prefix-4" t_prefix4 "$k" "$rt"
done
run_test realrt-docker-name t_resolves d-web nscapt-web docker
run_test realrt-podman-name t_resolves p-web nscapt-pweb podman
run_test realrt-containerd-id-default t_resolves c1 nscapt-c1 containerd
run_test "realrt-containerd-id-$RR_NS2" t_resolves c2 nscapt-c2 containerd
run_test realrt-docker-pid-init t_pid d-web "${RR_PID[d-web]}" docker
run_test realrt-docker-pid-exec t_pid d-web "$D_EXEC" docker
run_test realrt-podman-pid-init t_pid p-web "${RR_PID[p-web]}" podman
run_test realrt-podman-pid-exec t_pid p-web "$P_EXEC" podman
run_test realrt-containerd-pid-init t_pid c1 "${RR_PID[c1]}" containerd
run_test realrt-containerd-pid-exec t_pid c1 "$C_EXEC" containerd

# podman pods: members and infra by ID and by podman name
run_test realrt-podman-pod-member-id t_resolves p-m2 "${RR_ID[p-m2]}" podman
run_test realrt-podman-pod-infra-id t_resolves p-infra "${RR_ID[p-infra]}" podman
run_test realrt-podman-pod-member-name t_resolves p-m1 nscapt-pm1 podman
run_test realrt-podman-pod-member-shares-netns expect_eq "${RR_NET[p-m2]}" "${RR_NET[p-infra]}" \
    "netns of nscapt-pm2 (runtime fact)"
# The pod's name is only in podman's bolt database: naming the pod finds nothing. A member,
# by its ID, a prefix or its own name, shows the pod's ID (from its cgroup path) to root.
t_pod_by_member_only() {
    local m=${RR_ID[p-m1]} t
    rt_refused nscapt-ppod 125 "no container matches 'nscapt-ppod'" || return 1
    for t in "$m" "${m:0:12}" nscapt-pm1; do
        rr_explain "$t" || return 1
        expect_eq "$GOT_CID $GOT_RT" "$m podman" "container of $t" || return 1
        grep -qx "podman pod: ${RR_POD_ID:0:12}" <<<"$OUTPUT" ||
            fail "-n $t: no line 'podman pod: ${RR_POD_ID:0:12}': $(tr '\n' '|' <<<"$OUTPUT")" ||
            return 1
    done
}
run_test realrt-podman-pod-unnamed-member-shows-pod t_pod_by_member_only
