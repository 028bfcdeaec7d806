# SPDX-License-Identifier: ISC
# shellcheck shell=bash disable=SC2016,SC2153  # SC2153: RR_PID and RR_ID come from lib-realrt.sh
# What the real runtimes write, checked on the files of this run's containers: each claim of
# tests/fixtures/runtimes/README.md that nscap's index relies on is a case here, so a Debian
# update that changes a layout fails loudly. Also rr_fixture, which copies those files into
# tests/fixtures/runtimes/. Sourced by run.sh (needs lib-realrt.sh).

# rr_json FILE EXPR: the Python expression EXPR over the parsed file d, as JSON (str as is).
rr_json() {
    python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
v = eval(sys.argv[2])
print(v if isinstance(v, str) else json.dumps(v, sort_keys=True))' "$1" "$2" 2>&1
}
# expect_json FILE EXPR WANT
expect_json() { expect_eq "$(rr_json "$1" "$2")" "$3" "${1#"$STATE"/}: $2"; }
expect_file() { [[ -f $1 ]] || fail "${1#"$STATE"/} missing"; }
expect_absent() { [[ ! -e $1 ]] || fail "${1#"$STATE"/} exists"; }
expect_content() { expect_eq "$(cat "$1" 2>&1)" "$2" "content of ${1#"$STATE"/}"; }

rr_docker_files() { # ID: sets DV2 HC RUNC TASK
    DV2=$STATE/var/lib/docker/containers/$1/config.v2.json
    HC=$STATE/var/lib/docker/containers/$1/hostconfig.json
    RUNC=$STATE/run/docker/runtime-runc/moby/$1/state.json
    TASK=$RR_TASKS/moby/$1
}

# docker: config.v2.json (ID, /name, State), hostconfig.json (NetworkMode), the runc state
# under the exec-root, containerd's task directory (namespace moby) with no annotations.
f_docker_running() {
    local id=${RR_ID[d-web]}
    rr_docker_files "$id"
    expect_json "$DV2" 'd["ID"]' "$id" && expect_json "$DV2" 'd["Name"]' /nscapt-web &&
        expect_json "$DV2" '[d["State"][k] for k in ("Running", "Pid", "ExitCode")]' \
            "[true, ${RR_PID[d-web]}, 0]" &&
        expect_json "$HC" 'd["NetworkMode"]' default &&
        expect_json "$RUNC" '[d["id"], d["init_process_pid"], d["config"]["labels"]]' \
            "[\"$id\", ${RR_PID[d-web]}, [\"bundle=$TASK\"]]" &&
        expect_content "$TASK/init.pid" "${RR_PID[d-web]}" &&
        expect_json "$TASK/config.json" 'd.get("annotations")' null &&
        expect_json "$TASK/options.json" 'd["root"]' "$STATE/run/docker/runtime-runc"
}
f_docker_netmodes() {
    rr_docker_files "${RR_ID[d-side]}"
    expect_json "$HC" 'd["NetworkMode"]' "container:${RR_ID[d-web]}" || return 1
    rr_docker_files "${RR_ID[d-host]}"
    expect_json "$HC" 'd["NetworkMode"]' host
}
# Image LABELs land in config.v2.json Config.Labels (with --label ones, indistinguishable),
# nowhere in the OCI config or runc state.
f_docker_labels() {
    local id=${RR_ID[forged-nscapt-dlabel]}
    rr_docker_files "$id"
    expect_json "$DV2" 'd["Config"]["Labels"]' \
        '{"io.container.manager": "cri-o", "io.kubernetes.pod.name": "web", "io.kubernetes.pod.namespace": "dev"}' &&
        expect_json "$TASK/config.json" 'd.get("annotations")' null &&
        expect_json "$RUNC" 'd["config"]["labels"]' "[\"bundle=$TASK\"]"
}

# An image's own LABELs are in its config in the image store (config.v2.json "Image" names it):
# all the index can compare a container's labels with. A `docker run --label` container of an
# image without labels has its labels in config.v2.json only.
f_docker_image_config() {
    local img db=$STATE/var/lib/docker/image/overlay2/imagedb/content/sha256
    rr_docker_files "${RR_ID[forged-nscapt-dlabel]}"
    img=$(rr_json "$DV2" 'd["Image"]')
    expect_json "$db/${img#sha256:}" 'd["config"]["Labels"]' \
        '{"io.container.manager": "cri-o", "io.kubernetes.pod.name": "web", "io.kubernetes.pod.namespace": "dev"}' ||
        return 1
    rr_docker_files "${RR_ID[d-lblrun]}"
    img=$(rr_json "$DV2" 'd["Image"]')
    expect_json "$DV2" 'd["Config"]["Labels"]' \
        '{"io.kubernetes.pod.name": "web", "io.kubernetes.pod.namespace": "dev"}' &&
        expect_json "$db/${img#sha256:}" 'd["config"].get("Labels")' null
}

rr_podman_files() { # ID: sets RUD (runroot userdata) GUD (graphroot userdata) PRUNC
    RUD=$RR_RUNROOT/overlay-containers/$1/userdata
    GUD=$RR_GRAPH/overlay-containers/$1/userdata
    PRUNC=$RUNC_ROOT/$1/state.json
}
# podman: pidfile and conmon.pid in the runroot, config.json in the graphroot (the bundle), runc
# state in runc's root, names only in containers.json.
f_podman_running() {
    local id=${RR_ID[p-web]}
    rr_podman_files "$id"
    expect_content "$RUD/pidfile" "${RR_PID[p-web]}" && expect_file "$RUD/conmon.pid" &&
        expect_absent "$RUD/config.json" &&
        expect_json "$GUD/config.json" 'd["annotations"]["io.container.manager"]' libpod &&
        expect_json "$GUD/config.json" 'd["linux"]["cgroupsPath"]' "/libpod_parent/libpod-$id" &&
        expect_json "$PRUNC" '[d["init_process_pid"], [l for l in d["config"]["labels"] if l.startswith("bundle=")]]' \
            "[${RR_PID[p-web]}, [\"bundle=$GUD\"]]" &&
        expect_json "$RR_GRAPH/overlay-containers/containers.json" \
            "[c['names'] for c in d if c['id'] == '$id']" '[["nscapt-pweb"]]'
}
# A pod: members name the infra container as SandboxID (CRI-O's keys, container type
# "container"); the infra container says neither; the pod's ID is only in the cgroup path.
f_podman_pod() {
    local infra=${RR_ID[p-infra]} m=${RR_ID[p-m1]} pod
    pod=$(rr_podman pod inspect -f '{{.Id}}' nscapt-ppod) || fail "pod inspect" || return 1
    rr_podman_files "$m"
    expect_json "$GUD/config.json" \
        '[d["annotations"].get(k) for k in ("io.kubernetes.cri-o.SandboxID", "io.kubernetes.cri-o.ContainerType")]' \
        "[\"$infra\", \"container\"]" &&
        expect_json "$GUD/config.json" 'd["linux"]["cgroupsPath"]' "/libpod_parent/$pod/libpod-$m" || return 1
    rr_podman_files "$infra"
    expect_json "$GUD/config.json" \
        '[d["annotations"].get(k) for k in ("io.kubernetes.cri-o.SandboxID", "io.kubernetes.cri-o.ContainerType")]' \
        '[null, null]' && expect_json "$GUD/config.json" 'd["process"]["args"]' '["/pause"]'
}
# Image LABELs do not reach the OCI config; image manifest annotations do, over podman's own
# io.container.manager.
f_podman_labels() {
    rr_podman_files "${RR_ID[forged-nscapt-plabel]}"
    expect_json "$GUD/config.json" '[k for k in d["annotations"] if k.startswith("io.kubernetes.pod")]' '[]' &&
        expect_json "$GUD/config.json" 'd["annotations"]["io.container.manager"]' libpod
}
f_podman_annotations() {
    rr_podman_files "${RR_ID[forged-nscapt-pannot]}"
    expect_json "$GUD/config.json" \
        '[d["annotations"][k] for k in ("io.kubernetes.pod.namespace", "io.kubernetes.pod.name", "io.container.manager")]' \
        '["dev", "web", "cri-o"]' &&
        expect_json "$PRUNC" 'sorted(l for l in d["config"]["labels"] if l.startswith(("io.kubernetes.pod.", "io.container.manager")))' \
            '["io.container.manager=cri-o", "io.kubernetes.pod.name=web", "io.kubernetes.pod.namespace=dev"]'
}
# containerd (ctr): the shim's task directory (config.json without annotations, init.pid), runc
# state under the --runc-root given, cgroup /<namespace>/<id>.
f_containerd_running() {
    local t=$RR_TASKS/$RR_NS2/nscapt-c2 r=$STATE/run/containerd/runc/$RR_NS2/nscapt-c2/state.json
    expect_content "$t/init.pid" "${RR_PID[c2]}" &&
        expect_json "$t/config.json" '[d.get("annotations"), d["linux"]["cgroupsPath"]]' \
            "[null, \"/$RR_NS2/nscapt-c2\"]" &&
        expect_json "$t/options.json" 'd["root"]' "$STATE/run/containerd/runc" &&
        expect_json "$r" '[d["id"], d["init_process_pid"], d["config"]["labels"]]' \
            "[\"nscapt-c2\", ${RR_PID[c2]}, [\"bundle=$t\"]]"
}

# ctr run of an image with LABELs: nothing of them in the OCI config or runc state.
f_containerd_labels() {
    local t=$RR_TASKS/default/nscapt-clabel
    expect_json "$t/config.json" 'd.get("annotations")' null &&
        expect_json "$STATE/run/containerd/runc/default/nscapt-clabel/state.json" \
            'd["config"]["labels"]' "[\"bundle=$t\"]"
}

# host network: docker says so in hostconfig.json only; podman's and ctr's OCI config has no
# network namespace at all; all three leave the process in the host's netns.
f_hostnet() {
    local t
    rr_podman_files "${RR_ID[p-host]}"
    t=$RR_TASKS/default/nscapt-chost
    expect_json "$GUD/config.json" '[n["type"] for n in d["linux"]["namespaces"] if n["type"] == "network"]' '[]' &&
        expect_json "$t/config.json" '[n["type"] for n in d["linux"]["namespaces"] if n["type"] == "network"]' '[]' &&
        expect_eq "${RR_NET[d-host]} ${RR_NET[p-host]} ${RR_NET[c-host]}" \
            "$HOST_NETNS $HOST_NETNS $HOST_NETNS" "netns of the host-network containers"
}

# docker stop: config.v2.json keeps the exit status and time (FINISHED-AT, as docker inspect
# says); runc state and the task directory are gone.
f_docker_stopped() {
    local id=${RR_ID[d-stop]}
    rr_docker_files "$id"
    expect_json "$DV2" '[d["State"][k] for k in ("Running", "Pid", "ExitCode", "FinishedAt")]' \
        "[false, 0, 137, \"$1\"]" && expect_absent "${RUNC%/state.json}" && expect_absent "$TASK"
}
# podman stop: the runroot pidfile still names the dead PID; runc state and conmon's exit file
# are gone (the exit status and time are only in bolt_state.db).
f_podman_stopped() {
    local id=${RR_ID[p-stop]}
    rr_podman_files "$id"
    expect_content "$RUD/pidfile" "${RR_PID[p-stop]}" && expect_file "$RUD/conmon.pid" &&
        expect_absent "${PRUNC%/state.json}" && expect_absent "$STATE/run/libpod/exits/$id" &&
        expect_file "$GUD/config.json" &&
        { ! kill -0 "${RR_PID[p-stop]}" 2>/dev/null || fail "pid ${RR_PID[p-stop]} still alive"; }
}
# ctr task kill: until the task is deleted, init.pid and runc's state.json stay, naming the
# dead PID; the exit status is nowhere on disk (the shim holds it).
f_containerd_killed() {
    local t=$RR_TASKS/default/nscapt-ckill r=$STATE/run/containerd/runc/default/nscapt-ckill/state.json
    expect_content "$t/init.pid" "${RR_PID[c-kill]}" &&
        expect_json "$r" 'd["init_process_pid"]' "${RR_PID[c-kill]}" &&
        { ! kill -0 "${RR_PID[c-kill]}" 2>/dev/null || fail "pid ${RR_PID[c-kill]} still alive"; }
}

# ---------------------------------------------------------------- fixtures

# rr_fixture PHASE RUNTIME KEY...: with RR_FIXTURES set, copy the state files of those containers
# (regular files under 1 MiB, not logs; no rootfs, layers or image store) and the runtime's
# shared records to $RR_FIXTURES/RUNTIME/PHASE/<path below the state-root>; MANIFEST lists every
# entry found (mode, owner, size, type), sockets and FIFOs included.
rr_fixture() {
    [[ -n ${RR_FIXTURES:-} ]] || return 0
    local phase=$1 rt=$2 d k f db='' pat=(-false)
    shift 2
    # the bolt databases (binary, mostly empty pages) once, in their fullest phase
    case $rt/$phase in podman/stopped | containerd/killed) db=1 ;; esac
    d=$RR_FIXTURES/$rt/$phase
    mkdir -p "$d" && : >"$d/MANIFEST" || return 1
    for k; do [[ -n ${RR_ID[$k]:-} ]] && pat+=(-o -path "*/${RR_ID[$k]}" -o -path "*/${RR_ID[$k]}/*"); done
    case $rt in
    podman) pat+=(-o -name containers.json -o -name bolt_state.db -o -path ./run/libpod/\*) ;;
    containerd) pat+=(-o -name meta.db) ;;
    esac
    (cd "$STATE" && find . \( -name rootfs -o -name overlay -o -name overlay2 -o -name image \
        -o -name 'io.containerd.snapshotter.v1.*' -o -name 'io.containerd.content.v1.content' \) \
        -prune -o \( "${pat[@]}" \) -print) | sort | while read -r f; do
        stat -c '%A %U:%G %8s %F %n' "$STATE/$f" | sed "s|$STATE/\./||" >>"$d/MANIFEST"
        [[ -f $STATE/$f && ! -L $STATE/$f && $f != *-json.log && $f != */ctr.log ]] || continue
        [[ $f != *.db || -n $db ]] || continue
        (($(stat -c %s "$STATE/$f") < 1048576)) && (cd "$STATE" && cp --parents -p "$f" "$d")
    done
    log "fixture $rt/$phase: $(wc -l <"$d/MANIFEST") entries"
}
