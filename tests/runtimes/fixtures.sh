# SPDX-License-Identifier: ISC
# shellcheck shell=bash disable=SC2015,SC2034
# The runtimes suite's fixtures: a real runc container for every runtime and layout, each with
# the records its runtime keeps (layouts.sh), stale records next to them; and the suite's setup.
# Every record here is well-formed: the malformed ones are made, and removed, by the cases of
# 60-failclosed.sh (one would end every scan that reads it).

WEB_UID=7e0b1a2c-0000-4000-8000-00000000a001
SPLIT_UID=7e0b1a2c-0000-4000-8000-00000000a002
CRIO_UID=7e0b1a2c-0000-4000-8000-00000000a003
HOSTNET_UID=7e0b1a2c-0000-4000-8000-00000000a004
DPOD_UID=7e0b1a2c-0000-4000-8000-00000000a005
LEGACY_UID=7e0b1a2c-0000-4000-8000-00000000a006
SPOOF_UID=7e0b1a2c-0000-4000-8000-00000000a007
KUBE=/nscapt/kubepods/besteffort
# keys of the other family, as a tenant's pod annotations or an image could carry them
CRIO_LOOKALIKE='"io.kubernetes.pod.namespace":"kube-system","io.kubernetes.pod.name":"evil","io.kubernetes.container.name":"web"'
CTRD_LOOKALIKE='"io.kubernetes.cri.sandbox-namespace":"kube-system","io.kubernetes.cri.sandbox-name":"evilq"'
IMAGE_LABELS='"io.kubernetes.pod.namespace":"dev","io.kubernetes.pod.name":"web","io.container.manager":"cri-o"'

fixture_dirs() {
    rt_dirs "$STATE/run/docker" "$STATE/run/containerd" "$STATE/run/containers/storage" \
        "$RT_STORAGE" "$RT_SHIM" "$STATE/var/lib/docker" "$STATE/var/log" "$RT_KLOG" \
        "$RT_KPODS" || return 1
    install -d -o root -g root -m 0700 "$RT_SHIM/k8s.io" "$RT_SHIM/moby" "$RT_DOCKER_LIB" \
        "$RT_CRUN" "$RT_ROOT_OTHER" "$STATE/var/lib/containers" "$STATE/var/lib/containers/storage" \
        "$RT_GRAPH" "$STATE/var/lib/docker/image" "$STATE/var/lib/docker/image/overlay2" \
        "$STATE/var/lib/docker/image/overlay2/imagedb" \
        "$STATE/var/lib/docker/image/overlay2/imagedb/content" "$RT_IMAGEDB" || return 1
    install -o root -g root -m 0755 "$(command -v busybox)" "$RT_BUSYBOX" || return 1
    rm -f "$RT_NAMES_LIST"
}

fixtures_docker() {
    DIMG=$(docker_image "") || return 1
    DIMG_L=$(docker_image "$IMAGE_LABELS") || return 1 # an image whose LABELs claim a pod
    D1=$(rt_id abcd2222)
    D1_PID=$(docker_start "$D1" web "/nscapt/docker/$D1" new '"com.example.team":"web"' default \
        "$DIMG") || return 1
    # cri-dockerd: pod dkns/dpod, a sandbox and one container in its netns
    DS=$(rt_id)
    DS_PID=$(docker_start "$DS" "k8s_POD_dpod_dkns_${DPOD_UID}_0" "$KUBE/pod$DPOD_UID/$DS" new \
        "$(docker_labels podsandbox dpod dkns POD "$DPOD_UID")" none "$DIMG") || return 1
    DC=$(rt_id)
    DC_NAME=k8s_app_dpod_dkns_${DPOD_UID}_0
    DC_PID=$(docker_start "$DC" "$DC_NAME" "$KUBE/pod$DPOD_UID/$DC" "/proc/$DS_PID/ns/net" \
        "$(docker_labels container dpod dkns app "$DPOD_UID" "$DS")" "container:$DS" "$DIMG") ||
        return 1
    # the pod's keys came with the image (merged into Config.Labels): not believed
    DF=$(rt_id)
    DF_PID=$(docker_start "$DF" dlabel "/nscapt/docker/$DF" new "$IMAGE_LABELS" default "$DIMG_L") ||
        return 1
    # stopped (docker stop: exit 137): only dockerd's record is left
    DX=$(rt_id)
    DX_FINISHED=2024-05-01T10:05:00.123456789Z
    docker_side_files "$DX" dstop 0 "" default "$DIMG" 137 "$DX_FINISHED"
    # stopped, and on the host's network (docker run --network host)
    DXH=$(rt_id)
    docker_side_files "$DXH" dstophost 0 "" host "$DIMG" 0 "$DX_FINISHED"
}

fixtures_containerd() {
    local dead
    # containerd + CRI: pod prod/web-7f9c (sandbox, nginx, logger)
    CS=$(rt_id)
    CS_PID=$(ctrd_start "$CS" "$KUBE/pod$WEB_UID/$CS" new "$(ctrd_ann sandbox web-7f9c prod "" "$CS"),\
\"io.kubernetes.cri.sandbox-uid\":\"$WEB_UID\"") || return 1
    CN=$(rt_id)
    CN_PID=$(ctrd_start "$CN" "$KUBE/pod$WEB_UID/$CN" "/proc/$CS_PID/ns/net" \
        "$(ctrd_ann container web-7f9c prod nginx "$CS")") || return 1
    CL=$(rt_id)
    CL_PID=$(ctrd_start "$CL" "$KUBE/pod$WEB_UID/$CL" "/proc/$CS_PID/ns/net" \
        "$(ctrd_ann container web-7f9c prod logger "$CS")") || return 1
    # an earlier, dead attempt of nginx left in its task directory (a restart)
    CN_OLD=$(rt_id)
    install -d -o root -g root -m 0700 "$RT_SHIM/k8s.io/$CN_OLD" || return 1
    cp "$RT_SHIM/k8s.io/$CN/config.json" "$RT_SHIM/k8s.io/$CN_OLD/config.json" || return 1
    dead=$(rt_dead_pid)
    rt_file "$RT_SHIM/k8s.io/$CN_OLD/init.pid" "$dead" || return 1
    # a process started inside nginx later (runc exec)
    timeout 30 runc --root "$RT_ROOT_CTRD" exec -d --pid-file "$NT_SCRATCH/cn-exec.pid" "$CN" \
        /bin/busybox sleep 100000 </dev/null >/dev/null 2>&1 || return 1
    CN_EXEC_PID=$(cat "$NT_SCRATCH/cn-exec.pid")

    # pod prod/split: the container has a netns of its own
    SS=$(rt_id)
    SS_PID=$(ctrd_start "$SS" "$KUBE/pod$SPLIT_UID/$SS" new "$(ctrd_ann sandbox split prod "" "$SS")") ||
        return 1
    SC=$(rt_id)
    SC_PID=$(ctrd_start "$SC" "$KUBE/pod$SPLIT_UID/$SC" new "$(ctrd_ann container split prod app "$SS")") ||
        return 1
    # a container in the "created" state (runc create, never started)
    CR=$(rt_id)
    CR_PID=$(ctrd_start "$CR" "/nscapt/$CR" new "" create) || return 1
    # CRI-O's keys (a pod's annotations passed through) beside containerd's own: look-alikes
    SP=$(rt_id)
    SP_PID=$(ctrd_start "$SP" "$KUBE/pod$SPOOF_UID/$SP" new \
        "$(ctrd_ann container spoof prod web "$SP"),$CRIO_LOOKALIKE") || return 1

    # older containerd (no CRI annotations): identity from /var/log/containers
    L1=$(rt_id)
    L1_PID=$(ctrd_start "$L1" "$KUBE/pod$LEGACY_UID/$L1" new "") || return 1
    rt_dirs "$RT_KPODS/legacy_oldpod_$LEGACY_UID/app" || return 1
    rt_file "$RT_KPODS/legacy_oldpod_$LEGACY_UID/app/0.log" "" || return 1
    ln -s "$RT_KPODS/legacy_oldpod_$LEGACY_UID/app/0.log" \
        "$RT_KLOG/oldpod_legacy_app-$L1.log" || return 1
    # a log link for some other container must not lend its name to L1
    ln -s /dev/null "$RT_KLOG/decoy_legacy_app-$(rt_id).log"
}

fixtures_crio() {
    # runc root /run/runc; config.json and pidfile in the run root's userdata (the bundle)
    OS=$(rt_id)
    OS_PID=$(crio_start "$RUNC_ROOT" "$OS" "$KUBE/pod$CRIO_UID/crio-$OS" new \
        "$(crio_ann sandbox db-0 crions POD "$OS")" "k8s_POD_db-0_crions_${CRIO_UID}_0") || return 1
    OC=$(rt_id)
    OC_PID=$(crio_start "$RUNC_ROOT" "$OC" "$KUBE/pod$CRIO_UID/crio-$OC" "/proc/$OS_PID/ns/net" \
        "$(crio_ann container db-0 crions redis "$OS")" "k8s_redis_db-0_crions_${CRIO_UID}_0") ||
        return 1
    # hostNetwork pod prod/hostnet: no network namespace of its own
    HS=$(rt_id)
    HS_PID=$(crio_start "$RUNC_ROOT" "$HS" "$KUBE/pod$HOSTNET_UID/crio-$HS" none \
        "$(crio_ann sandbox hostnet prod POD "$HS"),\"io.kubernetes.cri-o.HostNetwork\":\"true\"") ||
        return 1
    HC=$(rt_id)
    HC_PID=$(crio_start "$RUNC_ROOT" "$HC" "$KUBE/pod$HOSTNET_UID/crio-$HC" none \
        "$(crio_ann container hostnet prod agent "$HS"),\"io.kubernetes.cri-o.HostNetwork\":\"true\"") ||
        return 1
    # CRI-O records whose runc state nscap does not see (runc root elsewhere): U1 (pod
    # evil/u1pod) for the trust cases; SQ with containerd's keys beside CRI-O's (look-alikes)
    U1=$(rt_id)
    U1_PID=$(crio_start "$RT_ROOT_OTHER" "$U1" "$KUBE/pod$CRIO_UID/crio-$U1" new \
        "$(crio_ann container u1pod evil u1 "$U1")") || return 1
    SQ=$(rt_id)
    SQ_PID=$(crio_start "$RT_ROOT_OTHER" "$SQ" "$KUBE/pod$CRIO_UID/crio-$SQ" new \
        "$(crio_ann container lookq crions q "$SQ"),$CTRD_LOOKALIKE") || return 1
}

fixtures_podman() {
    P1=$(rt_id)
    P1_PID=$(podman_start "$P1" pweb "/nscapt/libpod_parent/libpod-$P1" new "$(podman_ann)") ||
        return 1
    # an image's annotations, copied over podman's own (nscapt-pannot): no identity either
    PA=$(rt_id)
    PA_PID=$(podman_start "$PA" pannot "/nscapt/libpod_parent/libpod-$PA" new \
        "$(podman_ann | sed 's/"io.container.manager":"libpod",//'),$IMAGE_LABELS") || return 1
    # a pod: its infra container and a member in its netns; the pod's ID only in the cgroups
    PODID=$(rt_id)
    PI=$(rt_id)
    PI_PID=$(podman_start "$PI" "${PODID:0:12}-infra" "/nscapt/libpod_parent/$PODID/libpod-$PI" new \
        "$(podman_ann)") || return 1
    PM=$(rt_id)
    PM_PID=$(podman_start "$PM" rtpm1 "/nscapt/libpod_parent/$PODID/libpod-$PM" \
        "/proc/$PI_PID/ns/net" "$(podman_ann "$PI")") || return 1
}

# Containers only an OCI runtime knows, their bundles carrying CRI-O's pod annotations: crun
# (/run/crun/<id>/status naming a runc container under a root nscap never scans), runc (R2).
fixtures_oci() {
    K1=$(rt_id)
    K1_PID=$(rt_start "$RT_ROOT_OTHER" "$K1" "$NT_BUNDLES/$K1" pid "/nscapt/$K1" new \
        "$(crio_ann container cpod crunns c1 "$K1")") || return 1
    install -d -o root -g root -m 0700 "$RT_CRUN/$K1" || return 1
    rt_file "$RT_CRUN/$K1/status" "{
    \"pid\" : $K1_PID,
    \"process-start-time\" : $(proc_start "$K1_PID"),
    \"cgroup-path\" : \"/nscapt/$K1\",
    \"scope\" : null,
    \"rootfs\" : \"$NT_BUNDLES/$K1/rootfs\",
    \"systemd-cgroup\" : false,
    \"bundle\" : \"$NT_BUNDLES/$K1\",
    \"created\" : \"2024-05-01T10:00:00.000000000Z\",
    \"detached\" : true,
    \"external_descriptors\" : \"[\\\"/dev/null\\\",\\\"/dev/null\\\",\\\"/dev/null\\\"]\"
}" || return 1
    R2=$(rt_id)
    R2_PID=$(rt_start "$RUNC_ROOT" "$R2" "$NT_BUNDLES/$R2" pid "/nscapt/$R2" new \
        "$(crio_ann container rpod rns r1 "$R2")")
}

# Stale records, present for the whole suite.
fixtures_stale() {
    local st
    # runc: deleted container whose state directory was left behind
    S1=$(rt_id abcd1111)
    S1_PID=$(rt_start "$RUNC_ROOT" "$S1" "$NT_BUNDLES/$S1" pid "/nscapt/$S1" new "") || return 1
    cp -a "$RUNC_ROOT/$S1" "$NT_SCRATCH/s1-state" || return 1
    timeout 30 runc --root "$RUNC_ROOT" delete -f "$S1" >/dev/null 2>&1 || return 1
    cp -a "$NT_SCRATCH/s1-state" "$RUNC_ROOT/$S1" || return 1
    # podman after stop: the run root's pidfile names the dead PID, runc's state is gone
    Z1=$(rt_id)
    install -d -o root -g root -m 0700 "$RT_GRAPH/$Z1" "$RT_GRAPH/$Z1/userdata" "$RT_STORAGE/$Z1" \
        "$RT_STORAGE/$Z1/userdata" || return 1
    rt_file "$RT_GRAPH/$Z1/userdata/config.json" '{"ociVersion":"1.0.2-dev","annotations":{'"$(podman_ann)"'},
 "linux":{"cgroupsPath":"/nscapt/libpod_parent/libpod-'"$Z1"'","namespaces":[{"type":"network"}]}}' ||
        return 1
    rt_file "$RT_STORAGE/$Z1/userdata/pidfile" "$(rt_dead_pid)" || return 1
    storage_name "$Z1" pstop
    # CRI-O: pidfile naming a live process of another cgroup (the PID was reused)
    Z2=$(rt_id)
    install -d -o root -g root -m 0700 "$RT_STORAGE/$Z2" "$RT_STORAGE/$Z2/userdata" || return 1
    rt_file "$RT_STORAGE/$Z2/userdata/config.json" '{"ociVersion":"1.0.2-dev","annotations":{'"$(crio_ann container ghost prod ghost "$Z2")"'},
 "linux":{"cgroupsPath":"'"$KUBE/pod$CRIO_UID/crio-$Z2"'","namespaces":[{"type":"network"}]}}' ||
        return 1
    rt_file "$RT_STORAGE/$Z2/userdata/pidfile" "$HOSTPID" || return 1
    # crun: a live PID with the wrong start time (reused), and a dead PID
    X1=$(rt_id)
    install -d -o root -g root -m 0700 "$RT_CRUN/$X1" || return 1
    st=$(proc_start "$RUNC_PID")
    rt_file "$RT_CRUN/$X1/status" \
        "{\"pid\":$RUNC_PID,\"process-start-time\":$((st + 1)),\"bundle\":\"$NT_BUNDLES/$RUNC\"}" ||
        return 1
    X2=$(rt_id)
    install -d -o root -g root -m 0700 "$RT_CRUN/$X2" || return 1
    rt_file "$RT_CRUN/$X2/status" \
        "{\"pid\":$(rt_dead_pid),\"process-start-time\":$st,\"bundle\":\"$NT_BUNDLES/$RUNC\"}"
}

fixtures() {
    local v pid
    fixture_dirs || return 1
    host_process || return 1
    # runc, plain: /run/runc/<id>/state.json only
    RUNC=$(rt_id abcd1111)
    RUNC_PID=$(rt_start "$RUNC_ROOT" "$RUNC" "$NT_BUNDLES/$RUNC" pid "/nscapt/$RUNC" new "") || return 1
    fixtures_docker && fixtures_containerd && fixtures_crio && fixtures_podman && fixtures_oci &&
        fixtures_stale && storage_names_write || return 1

    for v in RUNC D1 DS DC DF CS CN CL SS SC CR SP L1 OS OC HS HC U1 SQ P1 PA PI PM K1 R2; do
        pid=${v}_PID
        printf -v "${v}_NS" '%s' "$(rt_netns "${!pid}")" || return 1
    done
    # every live container that is not the host's (the IDs -l and an `any` rule must give)
    ALL_LIVE=$(rt_sorted "$RUNC" "$D1" "$DS" "$DC" "$DF" "$CS" "$CN" "$CL" "$SS" "$SC" "$CR" "$SP" \
        "$L1" "$OS" "$OC" "$U1" "$SQ" "$P1" "$PA" "$PI" "$PM" "$K1" "$R2")
    log "fixtures: runc $RUNC docker $D1 pod dkns/dpod $DS $DC prod/web-7f9c $CS $CN $CL"
    return 0
}

# The users and the tree, every fixture; alice may probe any target.
rt_setup() {
    setup_base || return 1
    fixtures
}
