# SPDX-License-Identifier: ISC
# shellcheck shell=bash
# The machine state the real runtimes can change outside the test tree, recorded before the
# suite starts its daemons and compared (and put back) after they are gone: network links,
# iptables (nft and legacy), forwarding sysctls, the fixed host paths the runtimes use whatever
# their configured roots, top-level cgroups, and mounts. Only what was absent before and is the
# runtimes' own kind of object is removed; anything else that differs is reported, not touched.
# Sourced by lib-realrt.sh.

# Paths dockerd, containerd's shims, podman and runc use whatever roots they are given.
RH_PATHS=(
    /run/containerd /run/containerd/s /run/containerd/fifo /run/containerd/runc
    /run/docker /run/docker/plugins /run/docker.sock /run/docker.pid /var/run/docker.pid
    /run/runc /run/crun /run/containers /run/libpod /run/podman /run/user/0
    /var/lib/docker /var/lib/containerd /var/lib/containers /var/lib/containers/cache
    /var/lib/containers/cache/blob-info-cache-v1.boltdb /var/lib/cni /opt/containerd
    /etc/docker/key.json /etc/containerd /run/netns /etc/cni/net.d
)
# Directories whose entries are compared too.
RH_LISTED=(/run/netns /etc/cni/net.d /run/containerd/s)
# In /var/tmp, only what image builds and copies leave (other programs use it too).
RH_VARTMP_RE='.*/\(buildah\|podman\|container\|storage\|docker\).*'
# Mount points the runtimes make outside their roots.
RH_MOUNT_RE='^/(run/netns|run/docker|run/containers|run/containerd|run/libpod|var/lib/containers|var/lib/docker|var/lib/containerd)(/|$)'
# Top-level cgroups the runtimes create with the cgroupfs driver.
RH_CGROUPS=(docker libpod_parent default "${RR_NS2:-nscapt-ns2}")
RH_SYSCTLS=(net.ipv4.ip_forward net.ipv6.conf.all.forwarding net.bridge.bridge-nf-call-iptables
    net.bridge.bridge-nf-call-ip6tables net.ipv4.conf.all.route_localnet)
RH_IPT=(iptables-save ip6tables-save iptables-legacy-save ip6tables-legacy-save)
# Links and iptables chains a runtime makes: the only ones removed when new.
RH_LINK_RE='^(docker0|podman[0-9]+|cni-podman[0-9]+|cni0|veth[0-9a-f]+|br-[0-9a-f]{12})$'
RH_CHAIN_RE='DOCKER|NETAVARK|CNI-|PODMAN'

# rh_snapshot DIR: write the current state into DIR (one file per kind).
rh_snapshot() {
    local d=$1 p c h n
    rm -rf "$d" && mkdir -p "$d" || return 1
    ip -o link show | awk -F': ' '{sub("@.*", "", $2); print $2}' | sort >"$d/links"
    for c in "${RH_IPT[@]}"; do
        command -v "$c" >/dev/null || continue
        # counters and the comment/COMMIT lines vary with time, not with state
        "$c" 2>&1 | sed -e '/^#/d' -e 's/ \[[0-9]*:[0-9]*\]$//' >"$d/ipt.$c"
    done
    for c in "${RH_SYSCTLS[@]}"; do
        printf '%s=%s\n' "$c" "$(sysctl -n "$c" 2>/dev/null || echo absent)"
    done >"$d/sysctl"
    for p in "${RH_PATHS[@]}"; do
        if [[ -e $p || -L $p ]]; then echo "present $p"; else echo "absent $p"; fi
    done >"$d/paths"
    for p in "${RH_LISTED[@]}"; do
        [[ -d $p ]] && find "$p" -mindepth 1 -maxdepth 1 -printf "$p/%f\n"
    done >"$d/entries.tmp"
    find /var/tmp -mindepth 1 -maxdepth 1 -regex "$RH_VARTMP_RE" >>"$d/entries.tmp"
    sort "$d/entries.tmp" >"$d/entries" && rm -f "$d/entries.tmp"
    for h in /sys/fs/cgroup/*/; do
        for n in "${RH_CGROUPS[@]}"; do
            [[ -d $h$n ]] && echo "$h$n"
        done
    done >"$d/cgroups"
    awk '{print $5}' /proc/self/mountinfo | grep -E "$RH_MOUNT_RE" | sort >"$d/mounts"
}

# Changes from BEFORE to AFTER, one line each (empty: the same).
rh_diff() {
    local b=$1 a=$2 f
    for f in links sysctl paths entries cgroups mounts; do
        diff "$b/$f" "$a/$f" | sed -n "s|^\([<>]\) |$f \1 |p"
    done
    for f in "$a"/ipt.*; do
        [[ -e $f ]] || continue
        diff "$b/${f##*/}" "$f" 2>/dev/null | sed -n "s|^\([<>]\) |${f##*/} \1 |p"
    done
}

# A unix socket no process listens on (its path is in no /proc/net/unix line).
rh_stale_socket() { [[ -S $1 ]] && ! awk '{print $8}' /proc/net/unix | grep -qxF -- "$1"; }

# Runtime daemons still running (ours are gone by now): their links, chains and sockets are
# theirs, whatever they are named, and stay.
rh_others() {
    local n
    for n in dockerd containerd podman conmon netavark crio; do pgrep -x "$n"; done | tr '\n' ' '
}

# rh_restore BEFORE: put back what the runtimes changed since BEFORE; prints what still differs.
rh_restore() {
    local b=$1 a=$RR_RUN/after line kind p c others
    others=$(rh_others)
    [[ -z $others ]] || log "other runtime processes running ($others): new links and chains stay"
    rh_snapshot "$a" || return 1
    while read -r kind line; do
        case $kind in
        links) [[ -z $others && $line == ">"* && ${line#> } =~ $RH_LINK_RE ]] &&
            ip link del "${line#> }" ;;
        sysctl) [[ $line == "<"* && ${line#< } != *=absent ]] &&
            sysctl -q -w "${line#< }" >/dev/null ;;
        mounts) [[ $line == ">"* ]] && rh_umount_new "${line#> }" ;;
        cgroups) [[ $line == ">"* ]] && find "${line#> }" -depth -type d -exec rmdir {} + 2>/dev/null ;;
        entries) p=${line#> }
            [[ $line == ">"* && $p == /run/containerd/s/* ]] && rh_stale_socket "$p" && rm -f "$p" ;;
        esac
    done < <(rh_diff "$b" "$a")
    rh_restore_paths "$b"
    for c in "${RH_IPT[@]}"; do
        [[ -z $others && -f $b/ipt.$c ]] && rh_restore_ipt "$c" "$b/ipt.$c"
    done
    rh_snapshot "$a" || return 1
    rh_diff "$b" "$a"
}

# A new mount point of the runtimes' kind outside the test tree (only those are recorded).
rh_umount_new() {
    umount "$1" 2>/dev/null || umount -l "$1" 2>/dev/null
    return 0
}

# Paths absent before: the blob-info cache podman writes into /var/lib/containers whatever its
# storage root, then any directory left empty. A non-empty one stays and shows in the diff.
rh_restore_paths() {
    local b=$1 p
    grep -q '^absent /var/lib/containers/cache/blob-info-cache-v1.boltdb$' "$b/paths" &&
        rm -f /var/lib/containers/cache/blob-info-cache-v1.boltdb
    for p in /run/containerd/s /run/containerd/fifo /run/containerd/runc /run/containerd \
        /run/docker/plugins /run/docker /run/runc /run/crun /run/libpod /run/containers \
        /run/podman /var/lib/containers/cache /var/lib/containers /var/lib/cni /opt/containerd \
        /var/lib/docker /var/lib/containerd; do
        grep -qxF "absent $p" "$b/paths" || continue
        [[ -d $p ]] && find "$p" -depth -type d -empty -delete 2>/dev/null
    done
    return 0
}

# rh_restore_ipt SAVECMD BEFORE: delete rules and chains of the runtimes' kind that were added.
rh_restore_ipt() {
    local c=$1 now
    now=$("$c" 2>&1 | sed -e '/^#/d' -e 's/ \[[0-9]*:[0-9]*\]$//')
    [[ $now == "$(cat "$2")" ]] && return 0
    python3 -c "$RH_IPT_PY" "${c%-save}" "$2" "$RH_CHAIN_RE" <<<"$now"
}

# Deletes the rules and chains matching a pattern that stdin (iptables-save) has and the file
# argv[2] (an earlier iptables-save) has not.
read -r -d '' RH_IPT_PY <<'EOF' || true
import re, shlex, subprocess, sys
cmd, before_file, pat = sys.argv[1], sys.argv[2], re.compile(sys.argv[3])

def parse(lines):
    out, table = [], None
    for l in lines:
        l = l.rstrip("\n")
        if l.startswith("*"):
            table = l[1:]
        elif l and table and l != "COMMIT":
            out.append((table, l))
    return out

before = set(parse(open(before_file)))
now = parse(sys.stdin)
added = [x for x in now if x not in before]
# rules first (they reference the chains), then the chains themselves
for table, l in added:
    w = shlex.split(l)
    if w[0] == "-A" and (pat.search(w[1]) or any(pat.search(x) for x in w)):
        subprocess.run([cmd, "-t", table, "-D"] + w[1:], check=False)
for table, l in added:
    if l.startswith(":") and pat.search(l[1:].split()[0]):
        chain = l[1:].split()[0]
        subprocess.run([cmd, "-t", table, "-F", chain], check=False)
        subprocess.run([cmd, "-t", table, "-X", chain], check=False)
EOF
