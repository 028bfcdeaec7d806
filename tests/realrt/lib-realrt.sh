# SPDX-License-Identifier: ISC
# shellcheck shell=bash disable=SC2016,SC2015,SC2034
# Helpers of the realrt suite (sourced by setup.sh): Debian 12's docker.io, podman and
# containerd with daemons started here. Every root is below the test policy's state-root ($STATE), laid out as
# below / on a node, so each runtime writes its files where nscap looks for them:
#   containerd  --root $STATE/var/lib/containerd, --state $STATE/run/containerd (socket in it)
#   dockerd     --data-root $STATE/var/lib/docker, --exec-root $STATE/run/docker (its runc root
#               is then $STATE/run/docker/runtime-runc), containerd above, namespace "moby"
#   ctr         --runc-root $STATE/run/containerd/runc (the shim's own default: /run/containerd/runc,
#               whatever containerd's --state)
#   podman      graphroot $STATE/var/lib/containers/storage, runroot $STATE/run/containers/storage,
#               tmp_dir $STATE/run/libpod; runc through a wrapper adding --root $STATE/run/runc
#               (rootful podman passes runc no --root: runc's default /run/runc)
# The machine's own /var/lib/docker, /run/containerd/... are never used as roots. What the
# runtimes still write at fixed host paths (/run/containerd/s shim sockets, /run/docker/plugins,
# /var/lib/containers/cache) is put back by lib-host.sh. Sockets, PID files and the host snapshot
# live in $RR_RUN, outside the tree: the next run finds a crashed run's daemons there.

RR_HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# rt_probe, expect_resolves, rt_refused, rt_list_ids, rt_list_obj, rt_netns (on tests/lib)
# shellcheck source=tests/runtimes/rt.sh
. "$RR_HERE/../runtimes/rt.sh"
# shellcheck source=tests/realrt/lib-host.sh
. "$RR_HERE/lib-host.sh"

RR_RUN=/run/nscapt-docker
RR_DOCKER_SOCK=$RR_RUN/docker.sock
RR_CTRD_SOCK=$STATE/run/containerd/containerd.sock
RR_ETC=$NT_ROOT/realrt
RR_NS2=nscapt-ns2
RR_IMG=nscapt-busybox:1
RR_CTR_IMG=docker.io/library/$RR_IMG
RR_LABELS=(io.kubernetes.pod.namespace=dev io.kubernetes.pod.name=web io.container.manager=cri-o)
RR_PKGS=(docker.io podman containerd)
RR_TASKS=$STATE/run/containerd/io.containerd.runtime.v2.task
RR_GRAPH=$STATE/var/lib/containers/storage
RR_RUNROOT=$STATE/run/containers/storage
declare -A RR_ID RR_PID RR_NET
RR_OURS=    # set once this run has made RR_RUN: rr_cleanup then removes its containers
RR_LEFT=    # what rr_cleanup found still changed on the host
RR_POD_ID=  # the podman pod's ID

rr_docker() {
    env DOCKER_HOST="unix://$RR_DOCKER_SOCK" DOCKER_CONFIG="$RR_ETC/docker-cli" \
        DOCKER_BUILDKIT=0 timeout 120 /usr/bin/docker "$@"
}
rr_podman() {
    env CONTAINERS_CONF="$RR_ETC/containers.conf" TMPDIR="$RR_ETC/tmp" \
        CONTAINERS_STORAGE_CONF="$RR_ETC/storage.conf" timeout 120 podman "$@"
}
rr_ctr() { timeout 60 ctr -a "$RR_CTRD_SOCK" "$@"; }

# ---------------------------------------------------------------- packages

rr_missing_pkgs() {
    local p st
    for p in "${RR_PKGS[@]}"; do
        st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
        [[ $st == *" ok installed" ]] || echo "$p"
    done
}

# crun does not run on this host's hybrid cgroups, and podman prefers it once installed.
rr_no_crun() {
    local st
    st=$(dpkg-query -W -f='${Status}' crun 2>/dev/null || true)
    [[ $st != *" ok installed" ]] && ! command -v crun >/dev/null ||
        { echo "crun is installed: podman would run containers with it, and crun does not work on this host's cgroups; remove it (apt-get purge crun)" >&2; return 1; }
}

# Install docker.io, podman and containerd without recommends, never crun; no service starts
# (a policy-rc.d that denies is put in place for the install if the machine has none).
rr_install() {
    local missing plan rc made=
    mapfile -t missing < <(rr_missing_pkgs)
    if ((${#missing[@]})); then
        log "installing ${missing[*]} (apt, --no-install-recommends)"
        export DEBIAN_FRONTEND=noninteractive
        plan=$(apt-get -s install --no-install-recommends "${missing[@]}" </dev/null 2>&1) || {
            apt-get -q update </dev/null >&2 || return 1
            plan=$(apt-get -s install --no-install-recommends "${missing[@]}" </dev/null 2>&1) || {
                echo "apt cannot install ${missing[*]}: $(tail -1 <<<"$plan")" >&2
                return 1
            }
        }
        ! grep -q '^Inst crun ' <<<"$plan" || { echo "apt would install crun: refusing" >&2; return 1; }
        if [[ ! -e /usr/sbin/policy-rc.d ]]; then
            printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod 0755 /usr/sbin/policy-rc.d &&
                made=1 || return 1
        fi
        apt-get -q -o DPkg::Lock::Timeout=600 install -y --no-install-recommends "${missing[@]}" \
            </dev/null >&2
        rc=$?
        [[ -z $made ]] || rm -f /usr/sbin/policy-rc.d
        ((rc == 0)) || { echo "apt-get install ${missing[*]} failed" >&2; return 1; }
    fi
    rr_no_crun || return 1
    for c in /usr/bin/docker dockerd containerd containerd-shim-runc-v2 ctr podman conmon runc \
        iptables-save python3; do
        command -v "$c" >/dev/null || { echo "missing command after install: $c" >&2; return 1; }
    done
}

# ---------------------------------------------------------------- daemons

# rr_stop_pid FILE MARK: TERM the PID in FILE if its command line holds MARK, KILL after 20 s.
rr_stop_pid() {
    local pid cmd _
    pid=$(cat "$1" 2>/dev/null) || return 0
    [[ $pid =~ ^[0-9]+$ && $pid -gt 1 ]] || return 0
    cmd=$( (tr '\0' ' ' <"/proc/$pid/cmdline") 2>/dev/null) || { rm -f "$1"; return 0; }
    [[ $cmd == *"$2"* ]] || { rm -f "$1"; return 0; }
    kill -TERM "$pid" 2>/dev/null
    for _ in $(seq 100); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.2
    done
    kill -0 "$pid" 2>/dev/null && { log "$2 ($pid) ignored TERM: KILL"; kill -KILL "$pid"; }
    rm -f "$1"
}

# PIDs of our processes the daemons leave if killed: shims (our containerd socket in their
# command line), conmon and podman's cleanup (our state-root in it), and container processes
# (their root is an overlay of our tree: the first line of their mountinfo; readlink of
# /proc/PID/root says "/" for a process in another mount namespace).
rr_stray_pids() {
    local p cmd root
    for p in /proc/[0-9]*; do
        [[ ${p#/proc/} != "$$" && ${p#/proc/} != "$BASHPID" ]] || continue
        cmd=$( (tr '\0' ' ' <"$p/cmdline") 2>/dev/null) || continue
        root=
        { read -r root <"$p/mountinfo"; } 2>/dev/null
        if [[ $cmd == *"$RR_CTRD_SOCK"* || $cmd == *"$STATE/"* ||
            ($root == *" / / "* && $root == *"$STATE/"*) ]]; then
            echo "${p#/proc/}"
        fi
    done
}

# Every mount point below the test tree, deepest first.
rr_umount_tree() {
    local m
    awk -v r="$NT_ROOT/" 'index($5, r) == 1 {print $5}' /proc/self/mountinfo | sort -r |
        while read -r m; do
            umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || log "cannot unmount $m"
        done
}

# KILL them until none is left (10 s at most): their cgroups can go only then.
rr_kill_strays() {
    local p left _
    for _ in $(seq 50); do
        left=$(rr_stray_pids)
        [[ -n $left ]] || return 0
        for p in $left; do kill -KILL "$p" 2>/dev/null; done
        sleep 0.2
    done
    log "processes left: $(rr_stray_pids | tr '\n' ' ')"
}

# Daemons by PID, strays, mounts; then the host put back as the snapshot found it.
rr_stop_all() {
    rr_stop_pid "$RR_RUN/dockerd.pid" "$RR_DOCKER_SOCK"
    rr_stop_pid "$RR_RUN/containerd.pid" "$RR_ETC/containerd.toml"
    rr_kill_strays
    rr_umount_tree
}

rr_containerd_conf() {
    cat >"$RR_ETC/containerd.toml" <<EOF
# generated by tests/realrt: every path below the test state-root, no CRI (no CNI, no network)
version = 2
root = "$STATE/var/lib/containerd"
state = "$STATE/run/containerd"
disabled_plugins = ["io.containerd.grpc.v1.cri"]
[grpc]
  address = "$RR_CTRD_SOCK"
[ttrpc]
  address = "$RR_CTRD_SOCK.ttrpc"
[plugins."io.containerd.internal.v1.opt"]
  path = "$STATE/opt/containerd"
EOF
}

# rr_wait WHAT CMD...: until CMD succeeds (20 s at most).
rr_wait() {
    local what=$1 _
    shift
    for _ in $(seq 100); do
        "$@" >/dev/null 2>&1 && return 0
        sleep 0.2
    done
    echo "$what did not come up" >&2
    return 1
}

# rr_check_pid FILE MARK: the daemon that answers is the PID we recorded (setsid did not fork).
rr_check_pid() {
    local pid
    pid=$(cat "$1") && [[ $( (tr '\0' ' ' <"/proc/$pid/cmdline") 2>/dev/null) == *"$2"* ]] ||
        { echo "PID in $1 is not $2's daemon" >&2; return 1; }
}

# rr_daemon PIDFILE LOG CMD...: CMD in a session of its own, not a descendant of the suite's
# shell (its parent subshell exits at once): the suite's exit and a case's watchdog kill the
# shell's descendants within a second, and the daemons must outlive that until rr_cleanup has
# removed their containers and stopped them by PID. setsid does not fork here (a background job
# of a shell without job control is no group leader): the PID recorded is the daemon's.
rr_daemon() {
    local pidfile=$1 logf=$2
    shift 2
    (setsid "$@" </dev/null >"$logf" 2>&1 & echo $! >"$pidfile")
}

rr_start_daemons() {
    install -d -o root -g root -m 0755 "$RR_ETC" "$RR_ETC/tmp" || return 1
    install -d -o root -g root -m 0700 "$RR_ETC/docker-cli" || return 1
    rr_containerd_conf || return 1
    rr_daemon "$RR_RUN/containerd.pid" "$RR_ETC/containerd.log" \
        containerd --config "$RR_ETC/containerd.toml" || return 1
    rr_wait containerd rr_ctr version || { tail -5 "$RR_ETC/containerd.log" >&2; return 1; }
    rr_check_pid "$RR_RUN/containerd.pid" "$RR_ETC/containerd.toml" || return 1
    printf '{"deprecated-key-path": "%s"}\n' "$STATE/etc/docker/key.json" >"$RR_ETC/daemon.json"
    install -d -o root -g root -m 0755 "$STATE/etc" "$STATE/etc/docker" || return 1
    rr_daemon "$RR_RUN/dockerd.pid" "$RR_ETC/dockerd.log" \
        dockerd -H "unix://$RR_DOCKER_SOCK" --containerd "$RR_CTRD_SOCK" \
        --data-root "$STATE/var/lib/docker" --exec-root "$STATE/run/docker" \
        --pidfile "$RR_RUN/dockerd.pidfile" --config-file "$RR_ETC/daemon.json" \
        --iptables=false --ip6tables=false --ip-forward=false --ip-masq=false --bridge=none \
        --userland-proxy=false || return 1
    rr_wait dockerd rr_docker version || { tail -5 "$RR_ETC/dockerd.log" >&2; return 1; }
    rr_check_pid "$RR_RUN/dockerd.pid" "$RR_DOCKER_SOCK" || return 1
    rr_podman_conf
}

# podman: cgroupfs (no systemd here), runc (never crun), no network but a private netns with lo,
# rlimits the container may have: podman lowers its own RLIMIT_NPROC to 32768 (conmon and runc
# inherit it) and root here lacks CAP_SYS_RESOURCE, so its defaults (1048576) cannot be set.
rr_podman_conf() {
    local nofile nproc
    nofile=$(ulimit -Hn) nproc=$(ulimit -Hu)
    [[ $nofile == unlimited ]] && nofile=1048576
    [[ $nproc == unlimited || $nproc -gt 32768 ]] && nproc=32768
    printf '#!/bin/sh\nexec /usr/sbin/runc --root %s "$@"\n' "$RUNC_ROOT" >"$RR_ETC/runc"
    chmod 0755 "$RR_ETC/runc" || return 1
    cat >"$RR_ETC/containers.conf" <<EOF
[containers]
default_ulimits = ["nofile=$nofile:$nofile", "nproc=$nproc:$nproc"]
log_driver = "k8s-file"
netns = "none"
[engine]
cgroup_manager = "cgroupfs"
runtime = "runc"
events_logger = "file"
tmp_dir = "$STATE/run/libpod"
[engine.runtimes]
runc = ["$RR_ETC/runc"]
[network]
network_backend = "cni"
network_config_dir = "$STATE/etc/cni/net.d"
EOF
    cat >"$RR_ETC/storage.conf" <<EOF
[storage]
driver = "overlay"
runroot = "$RR_RUNROOT"
graphroot = "$RR_GRAPH"
EOF
}

# ---------------------------------------------------------------- images

# A busybox-static root: /loop PORT (loopback TCP, then sleep as the main process), /pause.
rr_rootfs() {
    local r=$RR_ETC/rootfs a
    install -d "$r/bin" "$r/proc" "$r/dev" "$r/sys" "$r/tmp" "$r/etc" || return 1
    cp "$(command -v busybox)" "$r/bin/busybox" || return 1
    for a in sh sleep nc cat echo ip seq ls ps true; do ln -s busybox "$r/bin/$a" || return 1; done
    printf '#!/bin/sh\nexec sleep 2000000000\n' >"$r/pause"
    cat >"$r/loop" <<'EOF'
#!/bin/sh
# /loop PORT: TCP on 127.0.0.1:PORT in this container's own network namespace, bounded (about
# 20 minutes); the main process is then sleep.
p=${1:-8080}
(i=0; while [ $i -lt 20000 ]; do echo pong | nc -l -p "$p" >/dev/null || sleep 1; i=$((i+1)); done) &
(sleep 0.5; i=0; while [ $i -lt 6000 ]; do echo ping | nc -w 1 127.0.0.1 "$p" >/dev/null; sleep 0.2; i=$((i+1)); done) &
exec sleep 100000
EOF
    chmod 0755 "$r/pause" "$r/loop" && tar -C "$r" -cf "$RR_ETC/rootfs.tar" .
}

# The image for each runtime without a registry; and images whose labels (docker, podman) or
# manifest annotations (podman) claim a Kubernetes pod and CRI-O as the manager.
rr_images() {
    local ns b=$RR_ETC/build
    rr_rootfs || return 1
    rr_docker import --change 'CMD ["/bin/sleep","100000"]' "$RR_ETC/rootfs.tar" "$RR_IMG" >/dev/null &&
        rr_podman import --change 'CMD ["/bin/sleep","100000"]' "$RR_ETC/rootfs.tar" "$RR_IMG" \
            >/dev/null 2>&1 &&
        rr_docker save -o "$RR_ETC/image.tar" "$RR_IMG" || return 1
    for ns in default "$RR_NS2"; do
        rr_ctr -n "$ns" images import "$RR_ETC/image.tar" >/dev/null || return 1
    done
    mkdir -p "$b" && printf 'FROM %s\nLABEL %s\n' "$RR_IMG" "${RR_LABELS[*]}" >"$b/Dockerfile" || return 1
    rr_docker build -q -t nscapt-labels:1 "$b" >/dev/null &&
        rr_docker save -o "$RR_ETC/labels.tar" nscapt-labels:1 &&
        rr_ctr -n default images import "$RR_ETC/labels.tar" >/dev/null &&
        rr_podman build -q --pull=never -t nscapt-labels:1 "$b" >/dev/null &&
        rr_podman build -q --pull=never --no-cache "${RR_LABELS[@]/#/--annotation=}" \
            -t nscapt-annot:1 "$b" >/dev/null
}

# ---------------------------------------------------------------- containers

# rr_record KEY ID PID: remember a running container (its netns inode too).
rr_record() {
    [[ -n $2 && $3 =~ ^[0-9]+$ && $3 -gt 0 ]] || { echo "$1: no id or pid ('$2' '$3')" >&2; return 1; }
    RR_ID[$1]=$2 RR_PID[$1]=$3 RR_NET[$1]=$(rt_netns "$3") || return 1
    log "$1: ${2:0:12} pid $3 netns ${RR_NET[$1]}"
}

rr_docker_pid() { rr_docker inspect -f '{{.State.Pid}}' "$1"; }
rr_podman_pid() { rr_podman inspect -f '{{.State.Pid}}' "$1"; }
rr_ctr_pid() { cat "$RR_TASKS/$1/$2/init.pid"; } # NS ID

# rr_run ENGINE KEY NAME [OPTION...] -- IMAGE CMD...: ENGINE (docker or podman) run -d --name NAME.
rr_run() {
    local e=$1 k=$2 n=$3 opts=() id
    shift 3
    while [[ $# -gt 0 && $1 != -- ]]; do opts+=("$1"); shift; done
    shift
    id=$("rr_$e" run -d --name "$n" "${opts[@]}" "$@") || return 1
    rr_record "$k" "$id" "$("rr_${e}_pid" "$id")"
}
# rr_ctr_run KEY NAMESPACE ID [OPTION...] -- CMD...: ctr run -d, runc state under
# $STATE/run/containerd/runc.
rr_ctr_run() {
    local k=$1 ns=$2 id=$3 opts=()
    shift 3
    while [[ $# -gt 0 && $1 != -- ]]; do opts+=("$1"); shift; done
    shift
    rr_ctr -n "$ns" run -d --null-io --runc-root "$STATE/run/containerd/runc" "${opts[@]}" \
        "${RR_CTR_RUN_IMG:-$RR_CTR_IMG}" "$id" "$@" >/dev/null || return 1
    rr_record "$k" "$id" "$(rr_ctr_pid "$ns" "$id")"
}

# rr_find_proc NET WORDS: the one process in netns NET whose command line is WORDS (it may take
# a moment to appear after an exec -d).
rr_find_proc() {
    local net=$1 want=$2 p found=() _
    for _ in $(seq 25); do
        for p in /proc/[0-9]*; do
            [[ $( (tr '\0' ' ' <"$p/cmdline") 2>/dev/null) == "$want " ]] || continue
            [[ $(stat -L -c %i "$p/ns/net" 2>/dev/null) == "$net" ]] && found+=("${p#/proc/}")
        done
        ((${#found[@]} == 0)) || break
        sleep 0.2
    done
    ((${#found[@]} == 1)) || { echo "expected one '$want' process, found ${#found[@]}" >&2; return 1; }
    echo "${found[0]}"
}

# rr_forged_container RUNTIME NAME: a container from an image whose LABELs (docker, podman,
# containerd) or manifest annotations (podman-annot) claim pod dev/web managed by cri-o; sets
# RR_FORGED_ID and
# RR_FORGED_PID. Where each lands: tests/fixtures/runtimes/README.md, "Labels and annotations".
rr_forged_container() {
    local k=forged-$2
    case $1 in
    docker) rr_run docker "$k" "$2" -- nscapt-labels:1 /loop 8080 ;;
    podman) rr_run podman "$k" "$2" -- localhost/nscapt-labels:1 /loop 8080 ;;
    podman-annot) rr_run podman "$k" "$2" -- localhost/nscapt-annot:1 /loop 8080 ;;
    containerd) RR_CTR_RUN_IMG=docker.io/library/nscapt-labels:1 rr_ctr_run "$k" default "$2" -- /loop 8080 ;;
    *) echo "rr_forged_container: unknown runtime $1" >&2; return 1 ;;
    esac || return 1
    RR_FORGED_ID=${RR_ID[$k]} RR_FORGED_PID=${RR_PID[$k]}
    export RR_FORGED_ID RR_FORGED_PID
}

# Loopback traffic visible in the container's netns (as root, before any case).
rr_traffic_ok() {
    local _
    for _ in 1 2 3; do traffic_check "${RR_PID[$1]}" && return 0; done
    echo "no port 8080 traffic on $1's lo" >&2
    return 1
}

# ---------------------------------------------------------------- teardown

# Every container, pod and task through its runtime (which unmounts what it mounted).
rr_remove_all() {
    local ns t
    if [[ -S $RR_DOCKER_SOCK ]]; then
        rr_podman pod rm -a -f -t 0 >/dev/null 2>&1
        rr_podman rm -a -f -t 0 >/dev/null 2>&1
        # shellcheck disable=SC2046
        rr_docker rm -f $(rr_docker ps -aq 2>/dev/null) >/dev/null 2>&1
    fi
    [[ -S $RR_CTRD_SOCK ]] || return 0
    for ns in default "$RR_NS2"; do
        for t in $(rr_ctr -n "$ns" tasks ls -q 2>/dev/null); do
            rr_ctr -n "$ns" tasks kill -s KILL "$t" >/dev/null 2>&1
            rr_ctr -n "$ns" tasks rm -f "$t" >/dev/null 2>&1
        done
        for t in $(rr_ctr -n "$ns" containers ls -q 2>/dev/null); do
            rr_ctr -n "$ns" containers rm "$t" >/dev/null 2>&1
        done
    done
    return 0
}

# on_cleanup hook, before setup (a crashed run's daemons, strays, mounts and host changes) and
# at the end or an interrupt (this run's containers first, through their runtimes). RR_LEFT:
# what still differs from the host's snapshot afterwards.
rr_cleanup() {
    local l
    set +e
    if [[ -d $RR_RUN ]]; then
        if [[ -n ${RR_OURS-} ]]; then
            rr_remove_all
        else
            log "removing leftovers of a previous realrt run"
        fi
        rr_stop_all
        RR_LEFT=
        [[ -d $RR_RUN/before ]] && RR_LEFT=$(rh_restore "$RR_RUN/before")
        [[ -n ${RR_OURS-} || -z $RR_LEFT ]] ||
            while IFS= read -r l; do log "still differs: $l"; done <<<"$RR_LEFT"
        rm -rf "$RR_RUN"
    fi
    rr_umount_tree
    return 0
}
