# SPDX-License-Identifier: ISC
# shellcheck shell=bash disable=SC2015,SC2034
# The runtimes suite's fixtures: a container of every runtime and layout, stale and malformed
# records next to them; and the suite's setup.

WEB_UID=7e0b1a2c-0000-4000-8000-00000000a001
SPLIT_UID=7e0b1a2c-0000-4000-8000-00000000a002
CRIO_UID=7e0b1a2c-0000-4000-8000-00000000a003
HOSTNET_UID=7e0b1a2c-0000-4000-8000-00000000a004
DPOD_UID=7e0b1a2c-0000-4000-8000-00000000a005
LEGACY_UID=7e0b1a2c-0000-4000-8000-00000000a006
KUBE=/nscapt/kubepods/besteffort

ctrd_ann() { # TYPE POD NS [CONTAINER] [SANDBOX-ID]: containerd CRI annotations
    printf '"io.kubernetes.cri.container-type":"%s","io.kubernetes.cri.sandbox-name":"%s",' "$1" "$2"
    printf '"io.kubernetes.cri.sandbox-namespace":"%s","io.kubernetes.cri.sandbox-id":"%s"' "$3" "${5-}"
    [[ -z ${4-} ]] || printf ',"io.kubernetes.cri.container-name":"%s"' "$4"
}
crio_ann() { # TYPE POD NS CONTAINER SANDBOX-ID [MANAGER]: CRI-O (or podman) annotations
    printf '"io.kubernetes.cri-o.ContainerType":"%s","io.kubernetes.pod.name":"%s",' "$1" "$2"
    printf '"io.kubernetes.pod.namespace":"%s","io.kubernetes.container.name":"%s",' "$3" "$4"
    printf '"io.kubernetes.cri-o.SandboxID":"%s","io.container.manager":"%s"' "$5" "${6:-cri-o}"
}
docker_v2() { # ID NAME PID LABELS
    printf '{"StreamConfig":{},"State":{"Running":true,"Paused":false,"Restarting":false,'
    printf '"OOMKilled":false,"Dead":false,"Pid":%s,"ExitCode":0,"Error":"",' "$3"
    printf '"StartedAt":"2024-05-01T10:00:00.1Z","FinishedAt":"0001-01-01T00:00:00Z","Health":null},'
    printf '"ID":"%s","Created":"2024-05-01T10:00:00.0Z","Managed":false,"Path":"sleep",' "$1"
    printf '"Args":["100000"],"Config":{"Hostname":"%s","Image":"busybox","Labels":{%s}},' "${1:0:12}" "$4"
    printf '"Image":"sha256:0","Name":"/%s","Driver":"overlay2","RestartCount":0}' "$2"
}
docker_labels() { # TYPE POD NS CONTAINER UID [SANDBOX-ID]: cri-dockerd labels
    printf '"io.kubernetes.docker.type":"%s","io.kubernetes.pod.name":"%s",' "$1" "$2"
    printf '"io.kubernetes.pod.namespace":"%s","io.kubernetes.container.name":"%s",' "$3" "$4"
    printf '"io.kubernetes.pod.uid":"%s","io.kubernetes.sandbox.id":"%s"' "$5" "${6-}"
}
docker_side_files() { # ID NAME PID LABELS NETWORKMODE
    install -d -o root -g root -m 0700 "$RT_DOCKER_LIB/$1" || return 1
    rt_file "$RT_DOCKER_LIB/$1/config.v2.json" "$(docker_v2 "$1" "$2" "$3" "$4")" || return 1
    rt_file "$RT_DOCKER_LIB/$1/hostconfig.json" "{\"NetworkMode\":\"$5\",\"Privileged\":false}"
}

fixtures() {
    local pid st dead
    rt_dirs "$STATE/run/docker" "$STATE/run/containerd" "$STATE/run/containers/storage" \
        "$RT_STORAGE" "$RT_SHIM" "$STATE/var/lib/docker" "$STATE/var/log" "$RT_KLOG" \
        "$RT_KPODS" || return 1
    install -d -o root -g root -m 0700 "$RT_SHIM/k8s.io" "$RT_SHIM/moby" "$RT_DOCKER_LIB" \
        "$RT_CRUN" "$RT_ROOT_OTHER" || return 1
    install -o root -g root -m 0755 "$(command -v busybox)" "$RT_BUSYBOX" || return 1
    host_process || return 1

    # runc, plain: /run/runc/<id>/state.json only
    RUNC=$(rt_id abcd1111)
    RUNC_PID=$(rt_start "$RUNC_ROOT" "$RUNC" "$NT_BUNDLES/$RUNC" pid "/nscapt/$RUNC" new "") || return 1

    # docker, plain: runc root /run/docker/runtime-runc/moby, /var/lib/docker/containers/<id>
    # (containerd's moby task directory, which dockerd also leaves, is added by
    # rt-docker-runtime-stable-across-merge-order only: the runtime it yields is not stable)
    D1=$(rt_id abcd2222)
    D1_PID=$(rt_start "$RT_ROOT_DOCKER" "$D1" "$NT_BUNDLES/$D1" pid "/nscapt/docker/$D1" new "") ||
        return 1
    docker_side_files "$D1" web "$D1_PID" '"com.example.team":"web"' bridge || return 1

    # docker + cri-dockerd: pod dkns/dpod, a sandbox and one container in its netns
    DS=$(rt_id)
    DS_PID=$(rt_start "$RT_ROOT_DOCKER" "$DS" "$NT_BUNDLES/$DS" pid "$KUBE/pod$DPOD_UID/$DS" new "") ||
        return 1
    docker_side_files "$DS" "k8s_POD_dpod_dkns_${DPOD_UID}_0" "$DS_PID" \
        "$(docker_labels podsandbox dpod dkns POD "$DPOD_UID")" none || return 1
    DC=$(rt_id)
    DC_NAME=k8s_app_dpod_dkns_${DPOD_UID}_0
    DC_PID=$(rt_start "$RT_ROOT_DOCKER" "$DC" "$NT_BUNDLES/$DC" pid "$KUBE/pod$DPOD_UID/$DC" \
        "/proc/$DS_PID/ns/net" "") || return 1
    docker_side_files "$DC" "$DC_NAME" "$DC_PID" \
        "$(docker_labels container dpod dkns app "$DPOD_UID" "$DS")" "container:$DS" || return 1

    # containerd + CRI: pod prod/web-7f9c (sandbox, nginx, logger), bundles are the shim v2
    # task directories (config.json, init.pid)
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

    # containerd pod prod/split: the container has a netns of its own
    SS=$(rt_id)
    SS_PID=$(ctrd_start "$SS" "$KUBE/pod$SPLIT_UID/$SS" new "$(ctrd_ann sandbox split prod "" "$SS")") ||
        return 1
    SC=$(rt_id)
    SC_PID=$(ctrd_start "$SC" "$KUBE/pod$SPLIT_UID/$SC" new "$(ctrd_ann container split prod app "$SS")") ||
        return 1

    # containerd, a container in the "created" state (runc create, never started)
    CR=$(rt_id)
    CR_PID=$(ctrd_start "$CR" "/nscapt/$CR" new "" create) || return 1

    # older containerd (no CRI annotations): identity from /var/log/containers
    L1=$(rt_id)
    L1_PID=$(ctrd_start "$L1" "$KUBE/pod$LEGACY_UID/$L1" new "") || return 1
    rt_dirs "$RT_KPODS/legacy_oldpod_$LEGACY_UID/app" || return 1
    rt_file "$RT_KPODS/legacy_oldpod_$LEGACY_UID/app/0.log" "" || return 1
    ln -s "$RT_KPODS/legacy_oldpod_$LEGACY_UID/app/0.log" \
        "$RT_KLOG/oldpod_legacy_app-$L1.log" || return 1
    # a log link for some other container must not lend its name to L1
    ln -s /dev/null "$RT_KLOG/decoy_legacy_app-$(rt_id).log" || return 1

    # CRI-O: runc root /run/runc; userdata (config.json, pidfile) is the bundle
    OS=$(rt_id)
    OS_PID=$(userdata_start "$RUNC_ROOT" "$OS" "$KUBE/pod$CRIO_UID/crio-$OS" new \
        "$(crio_ann sandbox db-0 crions POD "$OS")") || return 1
    OC=$(rt_id)
    OC_PID=$(userdata_start "$RUNC_ROOT" "$OC" "$KUBE/pod$CRIO_UID/crio-$OC" "/proc/$OS_PID/ns/net" \
        "$(crio_ann container db-0 crions redis "$OS")") || return 1

    # CRI-O hostNetwork pod prod/hostnet: no network namespace of its own
    HS=$(rt_id)
    HS_PID=$(userdata_start "$RUNC_ROOT" "$HS" "$KUBE/pod$HOSTNET_UID/crio-$HS" none \
        "$(crio_ann sandbox hostnet prod POD "$HS"),\"io.kubernetes.cri-o.HostNetwork\":\"true\"") ||
        return 1
    HC=$(rt_id)
    HC_PID=$(userdata_start "$RUNC_ROOT" "$HC" "$KUBE/pod$HOSTNET_UID/crio-$HC" none \
        "$(crio_ann container hostnet prod agent "$HS"),\"io.kubernetes.cri-o.HostNetwork\":\"true\"") ||
        return 1

    # podman: userdata with io.container.manager=libpod and a pidfile, no runc state we read
    P1=$(rt_id)
    P1_PID=$(userdata_start "$RT_ROOT_OTHER" "$P1" "/nscapt/libpod_parent/libpod-$P1" new \
        '"io.container.manager":"libpod"') || return 1

    # crun: /run/crun/<id>/status naming a runc container under a root nscap never scans; the
    # pod identity comes from the bundle's config.json
    K1=$(rt_id)
    K1_PID=$(rt_start "$RT_ROOT_OTHER" "$K1" "$NT_BUNDLES/$K1" pid "/nscapt/$K1" new \
        '"io.kubernetes.pod.name":"cpod","io.kubernetes.pod.namespace":"crunns",'\
'"io.kubernetes.container.name":"c1"') || return 1
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

    # a CRI-O record the trust tests tamper with (pod evil/u1pod)
    U1=$(rt_id)
    U1_PID=$(userdata_start "$RT_ROOT_OTHER" "$U1" "$KUBE/pod$CRIO_UID/crio-$U1" new \
        "$(crio_ann container u1pod evil u1 "$U1")") || return 1

    # a CRI-O record carrying a tenant's look-alike annotation (containerd's namespace key,
    # passed through from the pod) that contradicts CRI-O's own: the record is not believed
    SP=$(rt_id)
    SP_PID=$(userdata_start "$RT_ROOT_OTHER" "$SP" "$KUBE/pod$CRIO_UID/crio-$SP" new \
        "$(crio_ann container spoof prod web "$SP"),\"io.kubernetes.cri.sandbox-namespace\":\"kube-system\"") ||
        return 1

    # ---- stale records, present for the whole suite
    # runc: deleted container whose state directory was left behind
    S1=$(rt_id abcd1111)
    S1_PID=$(rt_start "$RUNC_ROOT" "$S1" "$NT_BUNDLES/$S1" pid "/nscapt/$S1" new "") || return 1
    cp -a "$RUNC_ROOT/$S1" "$NT_SCRATCH/s1-state" || return 1
    timeout 30 runc --root "$RUNC_ROOT" delete -f "$S1" >/dev/null 2>&1 || return 1
    cp -a "$NT_SCRATCH/s1-state" "$RUNC_ROOT/$S1" || return 1
    # podman: pidfile naming a dead PID
    Z1=$(rt_id)
    install -d -o root -g root -m 0700 "$RT_STORAGE/$Z1" "$RT_STORAGE/$Z1/userdata" || return 1
    rt_file "$RT_STORAGE/$Z1/userdata/config.json" \
        '{"ociVersion":"1.0.2","annotations":{"io.container.manager":"libpod"}}' || return 1
    rt_file "$RT_STORAGE/$Z1/userdata/pidfile" "$(rt_dead_pid)" || return 1
    # CRI-O: pidfile naming a live process of another cgroup (the PID was reused)
    Z2=$(rt_id)
    install -d -o root -g root -m 0700 "$RT_STORAGE/$Z2" "$RT_STORAGE/$Z2/userdata" || return 1
    rt_file "$RT_STORAGE/$Z2/userdata/config.json" \
        '{"ociVersion":"1.0.2","annotations":{'"$(crio_ann container ghost prod ghost "$Z2")"'}}' ||
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
        "{\"pid\":$(rt_dead_pid),\"process-start-time\":$st,\"bundle\":\"$NT_BUNDLES/$RUNC\"}" ||
        return 1

    for v in RUNC D1 DS DC CS CN CL SS SC CR L1 OS OC HS HC P1 K1 U1; do
        pid=${v}_PID
        printf -v "${v}_NS" '%s' "$(rt_netns "${!pid}")" || return 1
    done
    # every live container that is not the host's (the IDs -l and an `any` rule must give)
    ALL_LIVE=$(rt_sorted "$RUNC" "$D1" "$DS" "$DC" "$CS" "$CN" "$CL" "$SS" "$SC" "$CR" "$L1" "$OS" \
        "$OC" "$P1" "$K1" "$U1")
    log "fixtures: runc $RUNC docker $D1 pod dkns/dpod $DS $DC prod/web-7f9c $CS $CN $CL"
    return 0
}

# Malformed records next to the good ones. Every one names D1's live PID (and start time), so
# a parser that accepted it would make the prefix abcd2222 ambiguous. IDs go to BAD_IDS.
# good_head ID: a valid runc state.json for ID naming D1's process, without its closing brace.
good_head() {
    printf '{"id":"%s","init_process_pid":%s,"init_process_start":%s,' "$1" "$D1_PID" \
        "$(proc_start "$D1_PID")"
    printf '"created":"2024-05-01T10:00:00Z","config":{"labels":["bundle=/x"]}'
}
bad_runc() { # NAME CONTENT-FILE: a runc record abcd2222-bad-NAME, added to BAD_IDS
    local id=abcd2222-bad-$1
    install -d -o root -g root -m 0700 "$RUNC_ROOT/$id" || return 1
    install -o root -g root -m 0644 "$2" "$RUNC_ROOT/$id/state.json" || return 1
    BAD_IDS+=("$id")
}
malformed() {
    local st d i
    st=$(proc_start "$D1_PID")
    BAD_IDS=()
    d=$NT_SCRATCH/bad
    mkdir -p "$d" || return 1
    # truncated in the middle
    good_head abcd2222-bad-trunc | head -c 60 >"$d/trunc" && bad_runc trunc "$d/trunc" || return 1
    # a NUL byte inside a string
    { good_head abcd2222-bad-nul | head -c 30; printf '\0'; good_head abcd2222-bad-nul | tail -c +31
      printf '}'; } >"$d/nul" && bad_runc nul "$d/nul" || return 1
    # nested 5000 levels deep
    { good_head abcd2222-bad-deep; printf ',"x":'; head -c 5000 /dev/zero | tr '\0' '['
      head -c 5000 /dev/zero | tr '\0' ']'; printf '}'; } >"$d/deep" && bad_runc deep "$d/deep" ||
        return 1
    # 5 MiB (over the reader's size bound), otherwise valid
    { good_head abcd2222-bad-huge; printf ',"pad":"'; head -c $((5 << 20)) /dev/zero | tr '\0' 'a'
      printf '"}'; } >"$d/huge" && bad_runc huge "$d/huge" || return 1
    # 100k tokens in 200 KB
    { good_head abcd2222-bad-tokens; printf ',"x":[0'; for ((i = 0; i < 1000; i++)); do
        printf '%s' ',0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0'
    done; printf ']}'; } >"$d/tokens" && bad_runc tokens "$d/tokens" || return 1
    # not an object, trailing garbage, duplicated id, wrong types, empty file
    { printf '['; good_head abcd2222-bad-array; printf '}]'; } >"$d/array" &&
        bad_runc array "$d/array" || return 1
    { good_head abcd2222-bad-trailing; printf '}}{'; } >"$d/trailing" &&
        bad_runc trailing "$d/trailing" || return 1
    { printf '{"id":"abcd2222-bad-dupid",'; good_head abcd2222-bad-dupid | tail -c +2; printf '}'; } \
        >"$d/dupid" && bad_runc dupid "$d/dupid" || return 1
    printf '{"id":"abcd2222-bad-types","init_process_pid":"%s","init_process_start":%s}' \
        "$D1_PID" "$st" >"$d/types" && bad_runc types "$d/types" || return 1
    : >"$d/empty" && bad_runc empty "$d/empty" || return 1
    # a directory where state.json should be
    install -d -o root -g root -m 0700 "$RUNC_ROOT/abcd2222-bad-dir/state.json" &&
        BAD_IDS+=(abcd2222-bad-dir) || return 1

    # the other readers, each with a broken file
    install -d -o root -g root -m 0700 "$RT_CRUN/abcd2222-bad-crun" || return 1
    rt_file "$RT_CRUN/abcd2222-bad-crun/status" "{\"pid\":$D1_PID,\"process-start-time\":$st" ||
        return 1
    BAD_IDS+=(abcd2222-bad-crun)
    install -d -o root -g root -m 0700 "$RT_SHIM/k8s.io/abcd2222-bad-shim" || return 1
    rt_file "$RT_SHIM/k8s.io/abcd2222-bad-shim/init.pid" "$D1_PID" || return 1
    { printf '{"annotations":{"io.kubernetes.cri.sandbox-name":"w'; printf '\0'
      printf 'x","io.kubernetes.cri.sandbox-namespace":"prod"}}'; } \
        >"$RT_SHIM/k8s.io/abcd2222-bad-shim/config.json" || return 1
    chmod 0644 "$RT_SHIM/k8s.io/abcd2222-bad-shim/config.json"
    BAD_IDS+=(abcd2222-bad-shim)
    install -d -o root -g root -m 0700 "$RT_STORAGE/abcd2222-bad-storage" \
        "$RT_STORAGE/abcd2222-bad-storage/userdata" || return 1
    rt_file "$RT_STORAGE/abcd2222-bad-storage/userdata/pidfile" "$D1_PID" || return 1
    { printf '{"annotations":{"io.container.manager":"cri-o"},"x":'
      head -c 3000 /dev/zero | tr '\0' '{'; } >"$RT_STORAGE/abcd2222-bad-storage/userdata/config.json" ||
        return 1
    BAD_IDS+=(abcd2222-bad-storage)
    install -d -o root -g root -m 0700 "$RT_DOCKER_LIB/abcd2222-bad-docker" || return 1
    { printf '{"ID":"abcd2222-bad-docker","Name":"/webbad","State":{"Pid":%s},"Config":{"Labels":{}},"x":"' "$D1_PID"
      head -c $((5 << 20)) /dev/zero | tr '\0' 'b'; printf '"}'; } \
        >"$RT_DOCKER_LIB/abcd2222-bad-docker/config.v2.json" || return 1
    BAD_IDS+=(abcd2222-bad-docker)
    install -d -o root -g root -m 0700 "$RT_DOCKER_LIB/abcd2222-bad-docker2" || return 1
    rt_file "$RT_DOCKER_LIB/abcd2222-bad-docker2/config.v2.json" \
        '{"ID":"abcd2222-bad-docker2","Name":"/webbad2","State":{"Pid":'"$D1_PID"'},"Config":{"Labels":{"a":"b"}}}}' ||
        return 1
    BAD_IDS+=(abcd2222-bad-docker2)
    return 0
}

# The users and the tree, every fixture, the malformed records; alice may probe any target.
rt_setup() {
    setup_base || return 1
    fixtures || return 1
    malformed
}
