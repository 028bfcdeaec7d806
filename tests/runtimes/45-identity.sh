# SPDX-License-Identifier: ISC
# shellcheck shell=bash disable=SC2015,SC2034
# Where identity comes from: only the keys the managing runtime writes itself. OCI runtimes'
# records (runc, crun) give none whatever their bundles say, look-alike keys of another family
# are ignored, labels a docker image brought are not believed, podman gives none, and a pid: in a
# cgroup named like a container is not that container.

# t_no_identity ID RUNTIME POD-SPEC NS: an OCI runtime's container with CRI-O's pod annotations in
# its bundle: the pod is unknown, root's -n shows no pod, a pod: rule for it does not match.
t_no_identity() {
    local id=$1 rt=$2 spec=$3 ns=$4
    rt_refused "$spec" 125 "^nscap: no pod matches '$spec'" || return 1
    rt_root_dry "$id"
    expect_out_line "^container: $id runtime $rt$" || return 1
    expect_no_out_line '^pod:' || return 1
    rt_decide "pod:$ns/*" "$id" 126
}
# t_crio_identity ID BUNDLE PID POD-SPEC NETNS NS: the same container once CRI-O's record of it
# is there: CRI-O's, with the pod, and the pod: rule matches.
t_crio_identity() {
    local id=$1 spec=$4 rc
    crio_record "$id" "$2" "$3" || return 1
    expect_resolves "$spec" "$5" "$id" cri-o &&
        write_policy "permit group:$ONCALL on pod:$6/* run probe" &&
        expect_resolves "$id" "$5" "$id" cri-o
    rc=$?
    write_policy
    crio_unrecord "$id"
    ((rc == 0)) || return 1
    # and without it again, nothing
    rt_refused "$spec" 125 "no pod matches"
}
run_test rt-crun-no-pod-from-bundle t_no_identity "$K1" crun crunns/cpod/c1 crunns
run_test rt-crun-pod-from-crio-record t_crio_identity "$K1" "$NT_BUNDLES/$K1" "$K1_PID" \
    crunns/cpod/c1 "$K1_NS" crunns
run_test rt-runc-no-pod-from-labels t_no_identity "$R2" runc rns/rpod/r1 rns
run_test rt-runc-pod-from-crio-record t_crio_identity "$R2" "$NT_BUNDLES/$R2" "$R2_PID" \
    rns/rpod/r1 "$R2_NS" rns

# A containerd record with CRI-O's keys beside its own: containerd's are the identity.
t_lookalike_id() {
    expect_resolves "$SP" "$SP_NS" "$SP" containerd || return 1
    rt_root_dry "$SP"
    expect_out_line "^pod: prod/spoof container web$"
}
run_test rt-lookalike-annotation-id-resolves t_lookalike_id
run_test rt-lookalike-annotation-pod-resolves expect_resolves prod/spoof/web "$SP_NS" "$SP" containerd
t_lookalike_other_ns() {
    rt_refused kube-system/evil 125 "^nscap: no pod matches 'kube-system/evil'" || return 1
    rt_decide 'pod:kube-system/*' "$SP" 126 || return 1
    rt_decide 'pod:*/evil' "$SP" 126 || return 1
    rt_decide 'pod:prod/spoof' "$SP" 0
}
run_test rt-lookalike-annotation-other-ns-refused t_lookalike_other_ns
# A CRI-O record with containerd's keys beside its own: CRI-O's are the identity.
t_lookalike_crio() {
    expect_resolves crions/lookq/q "$SQ_NS" "$SQ" cri-o || return 1
    rt_refused kube-system/evilq 125 "no pod matches" || return 1
    rt_decide 'pod:kube-system/*' "$SQ" 126
}
run_test rt-lookalike-crio-ignores-containerd-keys t_lookalike_crio

# docker: the pod's keys came with the image (its LABELs): not believed, and said so to root.
t_docker_image_labels() {
    rt_refused dev/web 125 "^nscap: no pod matches 'dev/web'" || return 1
    rt_root_dry "$DF"
    expect_out_line "^container: $DF runtime docker name dlabel$" || return 1
    expect_no_out_line '^pod:' || return 1
    expect_out_line '^identity not believed: .*io\.kubernetes\.pod\.namespace \(set by the image\)' ||
        return 1
    rt_decide 'pod:dev/*' "$DF" 126
}
run_test rt-docker-image-labels-not-believed t_docker_image_labels
# docker: without the image's config nobody can tell who set the labels: not believed either.
t_docker_image_unknown() {
    local img=$RT_IMAGEDB/$DIMG rc
    mv "$img" "$NT_SCRATCH/dimg" || return 1
    rt_refused dkns/dpod 125 "no pod matches" && rt_root_dry "$DC" &&
        expect_out_line '^identity not believed: .*io\.kubernetes\.pod\.name \(image unknown\)' &&
        expect_no_out_line '^pod:'
    rc=$?
    mv "$NT_SCRATCH/dimg" "$img" || return 1
    ((rc == 0)) && expect_resolves dkns/dpod/app "$DS_NS" "$DC" docker
}
run_test rt-docker-labels-image-unknown-not-believed t_docker_image_unknown

# podman: annotations an image copied over podman's own claim a pod and cri-o: neither counts.
t_podman_annotations() {
    rt_root_dry "$PA"
    expect_out_line "^container: $PA runtime podman name pannot$" || return 1
    expect_no_out_line '^pod:' || return 1
    rt_decide 'pod:dev/*' "$PA" 126 || return 1
    rt_decide runtime:cri-o "$PA" 126
}
run_test rt-podman-annotations-give-no-identity t_podman_annotations

# pid:N of a process in nginx's netns, in a cgroup (below the suite's own parent, in every
# hierarchy: v1 here) named like nginx's ID but not the one containerd recorded: not nginx.
RT_NEST=nscapt/rtnest
t_pid_nested_cgroup() {
    local pid h d rc=0
    bg_spawn nsenter --net="/proc/$CN_PID/ns/net" -- sleep 1000
    pid=$BG_LAST
    for h in /sys/fs/cgroup/ /sys/fs/cgroup/*/; do # every hierarchy holding the suite's parent
        [[ -e $h/cgroup.procs && -d $h/nscapt ]] || continue
        d=$h$RT_NEST/$CN
        mkdir -p "$d" || { rc=1; break; }
        if [[ -e $d/cpuset.cpus && ! -e $h/cgroup.controllers ]]; then # v1 cpuset: fill in
            cat "$h/nscapt/cpuset.cpus" >"$h$RT_NEST/cpuset.cpus" &&
                cat "$h/nscapt/cpuset.mems" >"$h$RT_NEST/cpuset.mems" &&
                cat "$h/nscapt/cpuset.cpus" >"$d/cpuset.cpus" &&
                cat "$h/nscapt/cpuset.mems" >"$d/cpuset.mems" || { rc=1; break; }
        fi
        echo "$pid" >"$d/cgroup.procs" || { rc=1; break; }
    done
    ((rc == 0)) && grep -q ":/$RT_NEST/$CN\$" "/proc/$pid/cgroup" ||
        fail "could not place $pid in /$RT_NEST/$CN: $(tr '\n' ' ' <"/proc/$pid/cgroup")" ||
        { t_pid_nested_end "$pid"; return 1; }
    [[ $(rt_netns "$pid") == "$CS_NS" ]] || fail "not in nginx's netns" || rc=1
    ((rc == 0)) && t_pid_nested_check "$pid" || rc=1
    t_pid_nested_end "$pid"
    return $rc
}
t_pid_nested_check() {
    rt_root_dry "pid:$1"
    expect_out_line "^target: pid:$1 \(pid\)$" || return 1
    expect_no_out_line '^container:' || return 1
    rt_decide pod:prod/web-7f9c/nginx "pid:$1" 126 || return 1
    # control: nginx's own exec'd process is nginx
    rt_decide pod:prod/web-7f9c/nginx "pid:$CN_EXEC_PID" 0
}
t_pid_nested_end() {
    local h
    bg_stop "$1"
    for h in /sys/fs/cgroup/ /sys/fs/cgroup/*/; do
        [[ -d $h$RT_NEST ]] || continue
        rmdir "$h$RT_NEST/$CN" "$h$RT_NEST" 2>/dev/null
    done
    return 0
}
run_test rt-pid-nested-cgroup-named-like-container t_pid_nested_cgroup
