#!/bin/bash
# SPDX-License-Identifier: ISC
# shellcheck disable=SC2015,SC2034,SC2086  # SC2086: $ALL_LIVE is a word list
# nscap runtimes suite (issue 5): every runtime's state layout under the test policy's
# state-root, each container a real runc container, with the side files the runtime writes;
# every TARGET form, -l, policy selectors, stale/forged/malformed state. Run as root:
#   tests/runtimes/run.sh [path/to/nscap]   (default $NSCAP_TEST_BIN, else out/test/nscap)
# One "PASS name" / "FAIL name: reason" line per case; diagnostics on stderr as "# ...".
# Shares /opt/nscap-test with the other suites: never run two of them at once.
set -u
umask 022

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
BIN=${1:-${NSCAP_TEST_BIN:-$REPO/out/test/nscap}}
[[ $BIN == /* ]] || BIN=$PWD/$BIN
# shellcheck source=tests/runtimes/lib-rt.sh
. "$HERE/lib-rt.sh"
IT_SUITE=runtimes

if [[ $(id -u) != 0 ]]; then
    echo "FAIL runtimes-setup: must run as root"
    exit 1
fi

rt_delete_all
it_cleanup_leftovers
trap rt_cleanup EXIT
trap 'exit 130' INT TERM

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

# ---------------------------------------------------------------- fixtures

fixtures() {
    local b pid st dead
    rt_dirs "$STATE/run/docker" "$STATE/run/containerd" "$STATE/run/containers/storage" \
        "$RT_STORAGE" "$RT_SHIM" "$STATE/var/lib/docker" "$STATE/var/log" "$RT_KLOG" \
        "$RT_KPODS" || return 1
    install -d -o root -g root -m 0700 "$RT_SHIM/k8s.io" "$RT_SHIM/moby" "$RT_DOCKER_LIB" \
        "$RT_CRUN" "$RT_ROOT_OTHER" || return 1
    install -o root -g root -m 0755 "$(command -v busybox)" "$RT_BUSYBOX" || return 1
    it_host_process || return 1

    # runc, plain: /run/runc/<id>/state.json only
    RUNC=$(rt_id abcd1111)
    rt_bundle "$NT_BUNDLES/$RUNC" "/nscapt/$RUNC" new "" || return 1
    RUNC_PID=$(rt_run "$RUNC_ROOT" "$RUNC" "$NT_BUNDLES/$RUNC" "$NT_BUNDLES/$RUNC/pid") || return 1

    # docker, plain: runc root /run/docker/runtime-runc/moby, /var/lib/docker/containers/<id>
    # (containerd's moby task directory, which dockerd also leaves, is added by
    # rt-docker-runtime-stable-across-merge-order only: the runtime it yields is not stable)
    D1=$(rt_id abcd2222)
    b=$NT_BUNDLES/$D1
    rt_bundle "$b" "/nscapt/docker/$D1" new "" || return 1
    D1_PID=$(rt_run "$RT_ROOT_DOCKER" "$D1" "$b" "$b/pid") || return 1
    docker_side_files "$D1" web "$D1_PID" '"com.example.team":"web"' bridge || return 1

    # docker + cri-dockerd: pod dkns/dpod, a sandbox and one container in its netns
    DS=$(rt_id)
    rt_bundle "$NT_BUNDLES/$DS" "$KUBE/pod$DPOD_UID/$DS" new "" || return 1
    DS_PID=$(rt_run "$RT_ROOT_DOCKER" "$DS" "$NT_BUNDLES/$DS" "$NT_BUNDLES/$DS/pid") || return 1
    docker_side_files "$DS" "k8s_POD_dpod_dkns_${DPOD_UID}_0" "$DS_PID" \
        "$(docker_labels podsandbox dpod dkns POD "$DPOD_UID")" none || return 1
    DC=$(rt_id)
    DC_NAME=k8s_app_dpod_dkns_${DPOD_UID}_0
    rt_bundle "$NT_BUNDLES/$DC" "$KUBE/pod$DPOD_UID/$DC" "/proc/$DS_PID/ns/net" "" || return 1
    DC_PID=$(rt_run "$RT_ROOT_DOCKER" "$DC" "$NT_BUNDLES/$DC" "$NT_BUNDLES/$DC/pid") || return 1
    docker_side_files "$DC" "$DC_NAME" "$DC_PID" \
        "$(docker_labels container dpod dkns app "$DPOD_UID" "$DS")" "container:$DS" || return 1

    # containerd + CRI: pod prod/web-7f9c (sandbox, nginx, logger), bundles are the shim v2
    # task directories (config.json, init.pid)
    CS=$(rt_id)
    b=$RT_SHIM/k8s.io/$CS
    rt_bundle "$b" "$KUBE/pod$WEB_UID/$CS" new "$(ctrd_ann sandbox web-7f9c prod "" "$CS"),\
\"io.kubernetes.cri.sandbox-uid\":\"$WEB_UID\"" || return 1
    CS_PID=$(rt_run "$RT_ROOT_CTRD" "$CS" "$b" "$b/init.pid") || return 1
    CN=$(rt_id)
    b=$RT_SHIM/k8s.io/$CN
    rt_bundle "$b" "$KUBE/pod$WEB_UID/$CN" "/proc/$CS_PID/ns/net" \
        "$(ctrd_ann container web-7f9c prod nginx "$CS")" || return 1
    CN_PID=$(rt_run "$RT_ROOT_CTRD" "$CN" "$b" "$b/init.pid") || return 1
    CL=$(rt_id)
    b=$RT_SHIM/k8s.io/$CL
    rt_bundle "$b" "$KUBE/pod$WEB_UID/$CL" "/proc/$CS_PID/ns/net" \
        "$(ctrd_ann container web-7f9c prod logger "$CS")" || return 1
    CL_PID=$(rt_run "$RT_ROOT_CTRD" "$CL" "$b" "$b/init.pid") || return 1
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
    b=$RT_SHIM/k8s.io/$SS
    rt_bundle "$b" "$KUBE/pod$SPLIT_UID/$SS" new "$(ctrd_ann sandbox split prod "" "$SS")" ||
        return 1
    SS_PID=$(rt_run "$RT_ROOT_CTRD" "$SS" "$b" "$b/init.pid") || return 1
    SC=$(rt_id)
    b=$RT_SHIM/k8s.io/$SC
    rt_bundle "$b" "$KUBE/pod$SPLIT_UID/$SC" new "$(ctrd_ann container split prod app "$SS")" ||
        return 1
    SC_PID=$(rt_run "$RT_ROOT_CTRD" "$SC" "$b" "$b/init.pid") || return 1

    # containerd, a container in the "created" state (runc create, never started)
    CR=$(rt_id)
    b=$RT_SHIM/k8s.io/$CR
    rt_bundle "$b" "/nscapt/$CR" new "" || return 1
    CR_PID=$(rt_run "$RT_ROOT_CTRD" "$CR" "$b" "$b/init.pid" create) || return 1

    # older containerd (no CRI annotations): identity from /var/log/containers
    L1=$(rt_id)
    b=$RT_SHIM/k8s.io/$L1
    rt_bundle "$b" "$KUBE/pod$LEGACY_UID/$L1" new "" || return 1
    L1_PID=$(rt_run "$RT_ROOT_CTRD" "$L1" "$b" "$b/init.pid") || return 1
    rt_dirs "$RT_KPODS/legacy_oldpod_$LEGACY_UID/app" || return 1
    rt_file "$RT_KPODS/legacy_oldpod_$LEGACY_UID/app/0.log" "" || return 1
    ln -s "$RT_KPODS/legacy_oldpod_$LEGACY_UID/app/0.log" \
        "$RT_KLOG/oldpod_legacy_app-$L1.log" || return 1
    # a log link for some other container must not lend its name to L1
    ln -s /dev/null "$RT_KLOG/decoy_legacy_app-$(rt_id).log" || return 1

    # CRI-O: runc root /run/runc; userdata (config.json, pidfile) is the bundle
    OS=$(rt_id)
    b=$RT_STORAGE/$OS/userdata
    rt_dirs "$RT_STORAGE/$OS" || return 1
    rt_bundle "$b" "$KUBE/pod$CRIO_UID/crio-$OS" new "$(crio_ann sandbox db-0 crions POD "$OS")" ||
        return 1
    OS_PID=$(rt_run "$RUNC_ROOT" "$OS" "$b" "$b/pidfile") || return 1
    OC=$(rt_id)
    b=$RT_STORAGE/$OC/userdata
    rt_dirs "$RT_STORAGE/$OC" || return 1
    rt_bundle "$b" "$KUBE/pod$CRIO_UID/crio-$OC" "/proc/$OS_PID/ns/net" \
        "$(crio_ann container db-0 crions redis "$OS")" || return 1
    OC_PID=$(rt_run "$RUNC_ROOT" "$OC" "$b" "$b/pidfile") || return 1

    # CRI-O hostNetwork pod prod/hostnet: no network namespace of its own
    HS=$(rt_id)
    b=$RT_STORAGE/$HS/userdata
    rt_dirs "$RT_STORAGE/$HS" || return 1
    rt_bundle "$b" "$KUBE/pod$HOSTNET_UID/crio-$HS" none \
        "$(crio_ann sandbox hostnet prod POD "$HS"),\"io.kubernetes.cri-o.HostNetwork\":\"true\"" ||
        return 1
    HS_PID=$(rt_run "$RUNC_ROOT" "$HS" "$b" "$b/pidfile") || return 1
    HC=$(rt_id)
    b=$RT_STORAGE/$HC/userdata
    rt_dirs "$RT_STORAGE/$HC" || return 1
    rt_bundle "$b" "$KUBE/pod$HOSTNET_UID/crio-$HC" none \
        "$(crio_ann container hostnet prod agent "$HS"),\"io.kubernetes.cri-o.HostNetwork\":\"true\"" ||
        return 1
    HC_PID=$(rt_run "$RUNC_ROOT" "$HC" "$b" "$b/pidfile") || return 1

    # podman: userdata with io.container.manager=libpod and a pidfile, no runc state we read
    P1=$(rt_id)
    b=$RT_STORAGE/$P1/userdata
    rt_dirs "$RT_STORAGE/$P1" || return 1
    rt_bundle "$b" "/nscapt/libpod_parent/libpod-$P1" new '"io.container.manager":"libpod"' ||
        return 1
    P1_PID=$(rt_run "$RT_ROOT_OTHER" "$P1" "$b" "$b/pidfile") || return 1

    # crun: /run/crun/<id>/status naming a runc container under a root nscap never scans; the
    # pod identity comes from the bundle's config.json
    K1=$(rt_id)
    rt_bundle "$NT_BUNDLES/$K1" "/nscapt/$K1" new '"io.kubernetes.pod.name":"cpod",'\
'"io.kubernetes.pod.namespace":"crunns","io.kubernetes.container.name":"c1"' || return 1
    K1_PID=$(rt_run "$RT_ROOT_OTHER" "$K1" "$NT_BUNDLES/$K1" "$NT_BUNDLES/$K1/pid") || return 1
    install -d -o root -g root -m 0700 "$RT_CRUN/$K1" || return 1
    rt_file "$RT_CRUN/$K1/status" "{
    \"pid\" : $K1_PID,
    \"process-start-time\" : $(rt_start_time "$K1_PID"),
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
    b=$RT_STORAGE/$U1/userdata
    rt_dirs "$RT_STORAGE/$U1" || return 1
    rt_bundle "$b" "$KUBE/pod$CRIO_UID/crio-$U1" new "$(crio_ann container u1pod evil u1 "$U1")" ||
        return 1
    U1_PID=$(rt_run "$RT_ROOT_OTHER" "$U1" "$b" "$b/pidfile") || return 1

    # a CRI-O record carrying a tenant's look-alike annotation (containerd's namespace key,
    # passed through from the pod) that contradicts CRI-O's own: the record is not believed
    SP=$(rt_id)
    b=$RT_STORAGE/$SP/userdata
    rt_dirs "$RT_STORAGE/$SP" || return 1
    rt_bundle "$b" "$KUBE/pod$CRIO_UID/crio-$SP" new \
        "$(crio_ann container spoof prod web "$SP"),\"io.kubernetes.cri.sandbox-namespace\":\"kube-system\"" ||
        return 1
    SP_PID=$(rt_run "$RT_ROOT_OTHER" "$SP" "$b" "$b/pidfile") || return 1

    # ---- stale records, present for the whole suite
    # runc: deleted container whose state directory was left behind
    S1=$(rt_id abcd1111)
    rt_bundle "$NT_BUNDLES/$S1" "/nscapt/$S1" new "" || return 1
    S1_PID=$(rt_run "$RUNC_ROOT" "$S1" "$NT_BUNDLES/$S1" "$NT_BUNDLES/$S1/pid") || return 1
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
    st=$(rt_start_time "$RUNC_PID")
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
    it_log "fixtures: runc $RUNC docker $D1 pod dkns/dpod $DS $DC prod/web-7f9c $CS $CN $CL"
    return 0
}

# Malformed records next to the good ones. Every one names D1's live PID (and start time), so
# a parser that accepted it would make the prefix abcd2222 ambiguous. IDs go to BAD_IDS.
malformed() {
    local st d i
    st=$(rt_start_time "$D1_PID")
    BAD_IDS=()
    # good_head ID: a valid runc state.json for ID, without its closing brace
    good_head() {
        printf '{"id":"%s","init_process_pid":%s,"init_process_start":%s,' "$1" "$D1_PID" \
            "$(rt_start_time "$D1_PID")"
        printf '"created":"2024-05-01T10:00:00Z","config":{"labels":["bundle=/x"]}'
    }
    bad_runc() { # NAME CONTENT-FILE
        local id=abcd2222-bad-$1
        install -d -o root -g root -m 0700 "$RUNC_ROOT/$id" || return 1
        install -o root -g root -m 0644 "$2" "$RUNC_ROOT/$id/state.json" || return 1
        BAD_IDS+=("$id")
    }
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

setup() {
    it_setup "$BIN" || return 1
    fixtures || return 1
    malformed || return 1
    write_policy "permit group:$ONCALL on any run probe" "permit group:$ONCALL on host run probe"
}
it_run_setup runtimes setup

# ---------------------------------------------------------------- every TARGET form

t_forms() { # ID NETNS RUNTIME: full ID, 12-char prefix
    expect_resolves "$1" "$2" "$1" "$3" || return 1
    expect_resolves "${1:0:12}" "$2" "$1" "$3" || return 1
}
t_netns_distinct() { # the fixtures are what they claim: separate netns where meant
    local a
    for a in "$RUNC_NS" "$D1_NS" "$DS_NS" "$CS_NS" "$SS_NS" "$SC_NS" "$OS_NS" "$P1_NS" "$K1_NS" \
        "$L1_NS" "$CR_NS"; do
        [[ $a != "$HOST_NETNS" ]] || fail "a fixture container shares the host netns" || return 1
    done
    expect_eq "$(rt_sorted "$RUNC_NS" "$D1_NS" "$DS_NS" "$CS_NS" "$SS_NS" "$SC_NS" "$OS_NS" \
        "$P1_NS" "$K1_NS" "$L1_NS" "$CR_NS" | uniq | wc -l)" 11 "distinct netns" || return 1
    expect_eq "$DC_NS" "$DS_NS" "dpod/app netns" || return 1
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

run_test rt-podman-id-forms t_forms "$P1" "$P1_NS" podman
run_test rt-crun-id-forms t_forms "$K1" "$K1_NS" crun
run_test rt-crun-pod-from-bundle t_pod crunns/cpod/c1 "$K1_NS" "$K1" crun

t_pid_container() { # PID NETNS ID RUNTIME
    expect_resolves "pid:$1" "$2" "$3" "$4" || return 1
    expect_eq "$GOT_KIND" container "kind of pid:$1" || return 1
}
run_test rt-pid-containerd-init t_pid_container "$CN_PID" "$CS_NS" "$CN" containerd
run_test rt-pid-containerd-exec t_pid_container "$CN_EXEC_PID" "$CS_NS" "$CN" containerd
run_test rt-pid-docker t_pid_container "$D1_PID" "$D1_NS" "$D1" docker
run_test rt-pid-crio t_pid_container "$OC_PID" "$OS_NS" "$OC" cri-o
run_test rt-pid-podman t_pid_container "$P1_PID" "$P1_NS" "$P1" podman
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
# DESIGN.md, Audit: the target's pod namespace/name/container are recorded.
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
t_list_nothing() {
    nscap_as "$BOB" -- -l
    expect_rc 0 || return 1
    expect_eq "$OUTPUT" "no target this user may enter" "bob's -l" || return 1
    nscap_as "$BOB" -- -l --json
    expect_eq "$OUTPUT" "[]" "bob's -l --json" || return 1
}
run_test rt-list-nothing-for-user-without-rules t_list_nothing

# ---------------------------------------------------------------- -l

ALL_LIVE=$(rt_sorted "$RUNC" "$D1" "$DS" "$DC" "$CS" "$CN" "$CL" "$SS" "$SC" "$CR" "$L1" "$OS" \
    "$OC" "$P1" "$K1" "$U1")
t_list_all() {
    local got
    got=$(rt_list_ids "$ALICE")
    expect_rc 0 || return 1
    expect_eq "$got" "$(rt_sorted host "$HS" "$HC" $ALL_LIVE)" "ids listed" || return 1
}
run_test rt-list-json-all-live t_list_all
t_list_fields() { # ID RUNTIME POD NETNS PID [NAME]
    local o
    rt_list_ids "$ALICE" >/dev/null
    o=$(rt_list_obj "$1")
    [[ -n $o ]] || fail "$1 not listed" || return 1
    [[ $o == *"\"runtime\":\"$2\""* ]] || fail "runtime not $2: $o" || return 1
    if [[ -n $3 ]]; then
        [[ $o == *"\"pod\":\"$3\""* ]] || fail "pod not $3: $o" || return 1
    else
        [[ $o == *'"pod":null'* ]] || fail "pod not null: $o" || return 1
    fi
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
run_test rt-list-json-podman t_list_fields "$P1" podman "" "$P1_NS" "$P1_PID"
run_test rt-list-json-crun t_list_fields "$K1" crun crunns/cpod/c1 "$K1_NS" "$K1_PID"
t_list_host_kind() {
    rt_list_ids "$ALICE" >/dev/null
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
    ! grep -q -F -e "${S1:0:12}" -e "${Z1:0:12}" -e "${X1:0:12}" -e "${CN_OLD:0:12}" \
        -e abcd2222-bad <<<"$OUTPUT" || fail "a stale or malformed record is listed" || return 1
}
run_test rt-list-text t_list_text

# ---------------------------------------------------------------- policy selectors

# t_selector RULE-TARGET EXPECTED-IDS...: -l as alice under one rule lists exactly those.
t_selector() {
    local sel=$1 got
    shift
    write_policy "permit group:$ONCALL on $sel run probe" || fail "write_policy" || return 1
    got=$(rt_list_ids "$ALICE")
    expect_eq "$got" "$(rt_sorted "$@")" "targets listed for $sel" || return 1
}
run_test rt-selector-runtime-docker t_selector runtime:docker "$D1" "$DS" "$DC"
run_test rt-selector-runtime-containerd t_selector runtime:containerd "$CS" "$CN" "$CL" "$SS" \
    "$SC" "$CR" "$L1"
run_test rt-selector-runtime-cri-o t_selector runtime:cri-o "$OS" "$OC" "$U1"
run_test rt-selector-runtime-podman t_selector runtime:podman "$P1"
run_test rt-selector-runtime-runc t_selector runtime:runc "$RUNC"
run_test rt-selector-runtime-crun t_selector runtime:crun "$K1"
run_test rt-selector-container-name t_selector container:web "$D1"
run_test rt-selector-container-glob t_selector 'container:k8s_app_*' "$DC"
run_test rt-selector-container-id-prefix-glob t_selector "container:${P1:0:12}*" "$P1"
run_test rt-selector-pod-ns-glob t_selector 'pod:prod/*' "$CS" "$CN" "$CL" "$SS" "$SC"
run_test rt-selector-pod-container t_selector pod:prod/web-7f9c/nginx "$CN"
run_test rt-selector-pod-container-glob t_selector 'pod:*/*/app' "$DC" "$SC" "$L1"
run_test rt-selector-any t_selector any $ALL_LIVE
run_test rt-selector-host t_selector host host "$HS" "$HC"

# The same through a resolved target (nscap -n), decision by decision.
t_decide() { # RULE-TARGET TARGET WANT-RC
    write_policy "permit group:$ONCALL on $1 run probe" || fail "write_policy" || return 1
    rt_probe "$ALICE" "$2"
    expect_rc "$3"
}
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
        "runtime:runc $RUNC 0" "runtime:runc $OS 126" "runtime:runc $K1 126"
        "runtime:crun $K1 0" "runtime:crun crunns/cpod 0" "runtime:crun $RUNC 126"
        "any prod/hostnet 126" "any pid:$HC_PID 126" "any $HS 126" "host prod/hostnet 0"
        "host prod/hostnet/agent 0" "host $HC 0" "host prod/web-7f9c 126"
    )
    local r a b c bad=()
    for r in "${rows[@]}"; do
        read -r a b c <<<"$r"
        t_decide "$a" "$b" "$c" || bad+=("[$r: $FAIL_REASON]")
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
write_policy "permit group:$ONCALL on any run probe" "permit group:$ONCALL on host run probe"

# ---------------------------------------------------------------- negative: resolution

run_test rt-ambiguous-prefix expect_refused abcd 125 "ambiguous.*${RUNC:0:12}.*${D1:0:12}|ambiguous.*${D1:0:12}.*${RUNC:0:12}"
# More IDs share a prefix than nscap looks at: never "unique", whatever the ones it read say.
t_prefix_overflow() {
    local i d
    for i in $(seq 1 70); do
        d=$RUNC_ROOT/$(printf 'eeee%060d' "$i")
        install -d -m 0711 "$d" && printf '{}' >"$d/state.json" && chmod 0600 "$d/state.json"
    done
    expect_refused eeee 125 "ambiguous: more than 64 containers match"
    local rc=$?
    rm -rf "$RUNC_ROOT"/eeee*
    return $rc
}
run_test rt-prefix-overflow-is-ambiguous t_prefix_overflow
run_test rt-short-prefix-refused expect_refused abc 125 "at least 4"
run_test rt-prefix-unique-despite-malformed expect_resolves abcd2222 "$D1_NS" "$D1" docker
run_test rt-prefix-unique-among-live expect_resolves abcd1111 "$RUNC_NS" "$RUNC" runc
t_bad_ids() {
    local id bad=()
    for id in "${BAD_IDS[@]}"; do
        expect_refused "$id" 125 || bad+=("[$id: $FAIL_REASON]")
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
t_bad_name() { expect_refused webbad2 125 "no container"; }
run_test rt-malformed-docker-name-ignored t_bad_name
run_test rt-stale-runc-deleted expect_refused "$S1" 125
run_test rt-stale-podman-dead-pid expect_refused "$Z1" 125
run_test rt-stale-crio-reused-pid expect_refused "$Z2" 125 "cgroup"
run_test rt-stale-crun-wrong-start expect_refused "$X1" 125
run_test rt-stale-crun-dead-pid expect_refused "$X2" 125
run_test rt-stale-pod-only-dead-members expect_refused prod/ghost 125 "no live container"
run_test rt-split-pod-refused expect_refused prod/split 125 "different network namespaces"
run_test rt-split-pod-one-container-ok t_pod prod/split/app "$SC_NS" "$SC" containerd
run_test rt-no-such-pod expect_refused prod/nope 125 "no pod"
run_test rt-no-such-container expect_refused nosuchcontainer 125 "no container"
run_test rt-pod-sandbox-is-not-a-container expect_refused crions/db-0/POD 125
run_test rt-lookalike-annotation-id-refused expect_refused "$SP" 125
run_test rt-lookalike-annotation-pod-refused expect_refused prod/spoof 125
run_test rt-lookalike-annotation-other-ns-refused expect_refused kube-system/spoof 125
run_test rt-bad-pod-spec expect_refused prod//x 125

# A docker container has three records (runc state under runtime-runc/moby, containerd's moby
# task directory, /var/lib/docker/containers): whichever order the index merges them in, the
# runtime is docker. Twelve such records under one prefix (all naming D1's process); the
# ambiguity error names the first eight candidates' runtime, and a runtime:docker rule must
# match each by its docker name.
t_docker_runtime_stable() {
    local i id st ids=() n errs=() wrong=()
    st=$(rt_start_time "$D1_PID")
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
    write_policy "permit group:$ONCALL on any run probe" "permit group:$ONCALL on host run probe"
    for id in "${ids[@]}"; do
        rm -rf "${RT_ROOT_DOCKER:?}/$id" "${RT_SHIM:?}/moby/$id" "${RT_DOCKER_LIB:?}/$id"
    done
    ((${#wrong[@]} == 0)) || errs+=("runtime:docker by name: ${wrong[*]}")
    ((${#errs[@]} == 0)) || fail "${errs[*]}"
}
run_test rt-docker-runtime-stable-across-merge-order t_docker_runtime_stable

# ---------------------------------------------------------------- negative: trust

# A forged runc record for RUNC's live process, claiming pod evil/forged: believed only while
# root-owned and not writable by group or other, along the whole path.
t_forged_runc() {
    local f=forged-runc-record d=$RUNC_ROOT/forged-runc-record errs=()
    install -d -o root -g root -m 0700 "$d" || return 1
    sed -e "s/\"id\":\"$RUNC\"/\"id\":\"$f\"/" \
        -e 's/"labels":\[/"labels":["io.kubernetes.pod.namespace=evil","io.kubernetes.pod.name=forged",/' \
        "$RUNC_ROOT/$RUNC/state.json" >"$d/state.json" || return 1
    chown root:root "$d/state.json" && chmod 0644 "$d/state.json" || return 1
    # control: trusted, it resolves
    expect_resolves "$f" "$RUNC_NS" "$f" || { errs+=("control: $FAIL_REASON"); }
    expect_resolves evil/forged "$RUNC_NS" || { errs+=("control pod: $FAIL_REASON"); }
    chown "$ALICE" "$d/state.json"
    expect_refused "$f" 125 || errs+=("file owned by alice: $FAIL_REASON")
    expect_refused evil/forged 125 || errs+=("pod, file owned by alice: $FAIL_REASON")
    [[ $(rt_list_ids "$ALICE") != *"$f"* ]] || errs+=("-l lists the alice-owned record")
    chown root "$d/state.json" && chmod 0664 "$d/state.json"
    expect_refused "$f" 125 || errs+=("file group-writable: $FAIL_REASON")
    chmod 0646 "$d/state.json"
    expect_refused "$f" 125 || errs+=("file other-writable: $FAIL_REASON")
    chmod 0644 "$d/state.json" && chown "$ALICE" "$d"
    expect_refused "$f" 125 || errs+=("dir owned by alice: $FAIL_REASON")
    expect_refused evil/forged 125 || errs+=("pod, dir owned by alice: $FAIL_REASON")
    chown root "$d" && chmod 0770 "$d"
    expect_refused "$f" 125 || errs+=("dir group-writable: $FAIL_REASON")
    chmod 0700 "$d" && chgrp "$ALICE" "$d/state.json" && chmod 0664 "$d/state.json"
    expect_refused "$f" 125 || errs+=("file group alice, group-writable: $FAIL_REASON")
    rm -rf "$d"
    ((${#errs[@]} == 0)) || fail "${errs[*]}"
}
run_test rt-trust-runc-state t_forged_runc
# CRI-O userdata of U1: pidfile or config.json tampered with
t_trust_storage() {
    local u=$RT_STORAGE/$U1/userdata errs=()
    expect_resolves evil/u1pod "$U1_NS" "$U1" cri-o || errs+=("control: $FAIL_REASON")
    chown "$ALICE" "$u/pidfile"
    expect_refused "$U1" 125 || errs+=("pidfile owned by alice: $FAIL_REASON")
    expect_refused evil/u1pod 125 || errs+=("pod, pidfile owned by alice: $FAIL_REASON")
    chown root "$u/pidfile" && chmod 0666 "$u/config.json"
    expect_refused "$U1" 125 || errs+=("config.json world-writable: $FAIL_REASON")
    chmod 0644 "$u/config.json" && chmod 0775 "$RT_STORAGE/$U1"
    expect_refused "$U1" 125 || errs+=("storage dir group-writable: $FAIL_REASON")
    chmod 0755 "$RT_STORAGE/$U1"
    expect_resolves "$U1" "$U1_NS" "$U1" cri-o || errs+=("restored: $FAIL_REASON")
    ((${#errs[@]} == 0)) || fail "${errs[*]}"
}
run_test rt-trust-crio-userdata t_trust_storage
# A group-writable runtime root hides every record below it.
t_trust_root_dir() {
    local errs=()
    chmod 0775 "$RT_DOCKER_LIB"
    expect_refused web 125 || errs+=("name via group-writable var/lib/docker/containers: $FAIL_REASON")
    chmod 0700 "$RT_DOCKER_LIB"
    expect_resolves web "$D1_NS" "$D1" || errs+=("restored: $FAIL_REASON")
    ((${#errs[@]} == 0)) || fail "${errs[*]}"
}
run_test rt-trust-docker-dir t_trust_root_dir
# A log link in a directory alice can write lends no pod identity.
t_trust_klog() {
    local errs=()
    chown "$ALICE" "$RT_KLOG"
    expect_refused legacy/oldpod 125 || errs+=("alice-owned var/log/containers: $FAIL_REASON")
    chown root "$RT_KLOG"
    expect_resolves legacy/oldpod "$L1_NS" || errs+=("restored: $FAIL_REASON")
    ((${#errs[@]} == 0)) || fail "${errs[*]}"
}
run_test rt-trust-kube-log-dir t_trust_klog

it_summary
