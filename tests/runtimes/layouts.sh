# SPDX-License-Identifier: ISC
# shellcheck shell=bash disable=SC2034
# Each runtime's own files, laid out as tests/fixtures/runtimes/README.md says the runtime writes
# them (CRI-O: as its source says): docker's three records and its image configs, containerd's
# task directories, podman's and CRI-O's userdata in containers/storage's two roots, the names
# in containers.json; and the annotations or labels each runtime writes itself.

RT_GRAPH=$STATE/var/lib/containers/storage/overlay-containers # podman's bundles, the names
RT_NAMES=$RT_GRAPH/containers.json
RT_IMAGEDB=$STATE/var/lib/docker/image/overlay2/imagedb/content/sha256
RT_NAMES_LIST=$NT_SCRATCH/storage-names # "ID NAME" lines, for storage_names_write

ctrd_ann() { # TYPE POD NS [CONTAINER] [SANDBOX-ID]: containerd CRI annotations
    printf '"io.kubernetes.cri.container-type":"%s","io.kubernetes.cri.sandbox-name":"%s",' "$1" "$2"
    printf '"io.kubernetes.cri.sandbox-namespace":"%s","io.kubernetes.cri.sandbox-id":"%s"' "$3" "${5-}"
    [[ -z ${4-} ]] || printf ',"io.kubernetes.cri.container-name":"%s"' "$4"
}
crio_ann() { # TYPE POD NS CONTAINER SANDBOX-ID: CRI-O's annotations
    printf '"io.kubernetes.cri-o.ContainerType":"%s","io.kubernetes.pod.name":"%s",' "$1" "$2"
    printf '"io.kubernetes.pod.namespace":"%s","io.kubernetes.container.name":"%s",' "$3" "$4"
    printf '"io.kubernetes.cri-o.SandboxID":"%s","io.container.manager":"cri-o"' "$5"
}
podman_ann() { # [INFRA-ID]: podman 4.3's own annotations (a pod member's with its infra's ID)
    printf '"io.container.manager":"libpod","io.kubernetes.cri-o.Created":"2024-05-01T10:00:00Z",'
    printf '"io.kubernetes.cri-o.TTY":"false","io.podman.annotations.autoremove":"FALSE",'
    printf '"io.podman.annotations.init":"FALSE","io.podman.annotations.privileged":"FALSE",'
    printf '"io.podman.annotations.publish-all":"FALSE","org.opencontainers.image.stopSignal":"15"'
    [[ -z ${1-} ]] ||
        printf ',"io.kubernetes.cri-o.ContainerType":"container","io.kubernetes.cri-o.SandboxID":"%s"' "$1"
}
docker_labels() { # TYPE POD NS CONTAINER UID [SANDBOX-ID]: cri-dockerd labels
    printf '"io.kubernetes.docker.type":"%s","io.kubernetes.pod.name":"%s",' "$1" "$2"
    printf '"io.kubernetes.pod.namespace":"%s","io.kubernetes.container.name":"%s",' "$3" "$4"
    printf '"io.kubernetes.pod.uid":"%s","io.kubernetes.sandbox.id":"%s"' "$5" "${6-}"
}

# ---------------------------------------------------------------- docker

# docker_image LABELS: an image config as dockerd keeps it, named by its own sha256 below
# image/overlay2/imagedb; LABELS are JSON members ('' for none). Prints the image ID.
docker_image() {
    local cfg id labels=null
    [[ -z $1 ]] || labels="{$1}"
    cfg='{"architecture":"amd64","config":{"Env":["PATH=/usr/sbin:/usr/bin:/sbin:/bin"],'
    cfg+='"Cmd":["sh"],"Labels":'$labels'},"created":"2024-05-01T09:00:00Z",'
    cfg+='"history":[{"created":"2024-05-01T09:00:00Z","created_by":"ADD rootfs.tar /"}],'
    cfg+='"os":"linux","rootfs":{"type":"layers","diff_ids":["sha256:'$(rt_id)'"]}}'
    id=$(printf '%s' "$cfg" | sha256sum | cut -c1-64)
    rt_file "$RT_IMAGEDB/$id" "$cfg" 0600 || return 1
    echo "$id"
}

# docker_v2 ID NAME PID LABELS IMAGE [EXIT FINISHED]: config.v2.json of a running container, or
# of a stopped one when EXIT is given.
docker_v2() {
    local run=true pid=$3 exit=0 fin=0001-01-01T00:00:00Z
    [[ -z ${6-} ]] || run=false pid=0 exit=$6 fin=$7
    printf '{"StreamConfig":{},"State":{"Running":%s,"Paused":false,"Restarting":false,' "$run"
    printf '"OOMKilled":false,"RemovalInProgress":false,"Dead":false,"Pid":%s,"ExitCode":%s,' "$pid" "$exit"
    printf '"Error":"","StartedAt":"2024-05-01T10:00:00.1Z","FinishedAt":"%s","Health":null},' "$fin"
    printf '"ID":"%s","Created":"2024-05-01T10:00:00.0Z","Managed":false,"Path":"sleep",' "$1"
    printf '"Args":["100000"],"Config":{"Hostname":"%s","Image":"busybox","Labels":{%s}},' "${1:0:12}" "$4"
    printf '"Image":"sha256:%s","Name":"/%s","Driver":"overlay2","OS":"linux",' "$5" "$2"
    printf '"RestartCount":0,"HasBeenStartedBefore":true}'
}

# docker_side_files ID NAME PID LABELS NETWORKMODE IMAGE [EXIT FINISHED]: dockerd's record.
docker_side_files() {
    install -d -o root -g root -m 0710 "$RT_DOCKER_LIB/$1" || return 1
    rt_file "$RT_DOCKER_LIB/$1/config.v2.json" "$(docker_v2 "$1" "$2" "$3" "$4" "$6" "${7-}" "${8-}")" \
        0600 || return 1
    rt_file "$RT_DOCKER_LIB/$1/hostconfig.json" "{\"NetworkMode\":\"$5\",\"Privileged\":false}"
}

# docker_start ID NAME CGROUPSPATH NETNS LABELS NETWORKMODE IMAGE: a running docker container:
# runc state under run/docker/runtime-runc/moby, its bundle containerd's moby task directory
# (config.json, init.pid), and dockerd's record. Prints the PID.
docker_start() {
    local pid
    pid=$(rt_start "$RT_ROOT_DOCKER" "$1" "$RT_SHIM/moby/$1" init.pid "$3" "$4" "") || return 1
    docker_side_files "$1" "$2" "$pid" "$5" "$6" "$7" || return 1
    echo "$pid"
}

# ---------------------------------------------------------------- containers/storage

storage_name() { echo "$1 $2" >>"$RT_NAMES_LIST"; } # ID NAME, for containers.json

# containers.json in the graph root: every container of the store with its name.
storage_names_write() {
    local id name sep='' out='['
    while read -r id name; do
        out+=$sep'{"id":"'$id'","names":["'$name'"],"image":"'${id:32}${id:0:32}'",'
        out+='"layer":"'${id:16}${id:0:16}'","metadata":"{\"image-name\":\"localhost/busybox:1\",'
        out+='\"name\":\"'$name'\",\"created-at\":1714557600}","created":"2024-05-01T10:00:00Z",'
        out+='"flags":{"MountLabel":"","ProcessLabel":""}}'
        sep=,
    done <"$RT_NAMES_LIST"
    rt_file "$RT_NAMES" "$out]" 0600
}

# podman_start ID NAME CGROUPSPATH NETNS ANNOTATIONS: a rootful podman container: its bundle in
# the graph root's userdata, runc state under run/runc, the pidfile in the run root's userdata,
# its name in containers.json. Prints the PID.
podman_start() {
    install -d -o root -g root -m 0700 "$RT_GRAPH/$1" "$RT_STORAGE/$1" "$RT_STORAGE/$1/userdata" ||
        return 1
    rt_bundle "$RT_GRAPH/$1/userdata" "$3" "$4" "$5" || return 1
    storage_name "$1" "$2"
    rt_run "$RUNC_ROOT" "$1" "$RT_GRAPH/$1/userdata" "$RT_STORAGE/$1/userdata/pidfile"
}

# crio_start ROOT ID CGROUPSPATH NETNS ANNOTATIONS [NAME]: a CRI-O container: config.json and
# pidfile in the run root's userdata (its bundle), runc state under ROOT, the graph root's
# userdata directory (which CRI-O leaves empty of both), its name in containers.json.
crio_start() {
    install -d -o root -g root -m 0700 "$RT_STORAGE/$2" "$RT_GRAPH/$2" "$RT_GRAPH/$2/userdata" ||
        return 1
    [[ -z ${6-} ]] || storage_name "$2" "$6"
    rt_start "$1" "$2" "$RT_STORAGE/$2/userdata" pidfile "$3" "$4" "$5"
}

# crio_record ID BUNDLE PID: a CRI-O record for a container another bundle runs (BUNDLE's
# config.json copied into the run root's userdata, as CRI-O would have written it); crio_unrecord
# ID removes it.
crio_record() {
    install -d -o root -g root -m 0700 "$RT_STORAGE/$1" "$RT_STORAGE/$1/userdata" || return 1
    install -o root -g root -m 0644 "$2/config.json" "$RT_STORAGE/$1/userdata/config.json" &&
        rt_file "$RT_STORAGE/$1/userdata/pidfile" "$3"
}
crio_unrecord() { rm -rf "${RT_STORAGE:?}/$1"; }
