# SPDX-License-Identifier: ISC
# shellcheck shell=bash disable=SC2015,SC2016,SC2119,SC2120
# The test tree under /opt/nscap-test (the paths compiled into `./build.sh test`'s out/test/nscap):
# users, nscap and the probe installed, the policy, runc containers, traffic; and its removal.

# ---------------------------------------------------------------- users

# user_add NAME [GROUP]: a user with a 0700 home under NT_HOME, in GROUP if given.
user_add() {
    useradd -M -d "$NT_HOME/${1#nscapt-}" -s /usr/sbin/nologin ${2:+-G "$2"} "$1" || return 1
    install -d -o "$1" -g "$1" -m 0700 "$NT_HOME/${1#nscapt-}" || return 1
    TEST_UIDS+=" $(id -u "$1")"
}

home_of() { getent passwd "$1" | cut -d: -f6; }

# setup_base: the users alice (oncall) and bob, the tree, nscap (4755), the probe and the policy
# (write_policy). Sets ALICE_UID ALICE_GID BOB_UID BOB_GID ONCALL_GID HOST_NETNS.
setup_base() {
    local c
    umask 022
    [[ -f $BIN ]] || { echo "binary not found: $BIN" >&2; return 1; }
    for c in runc tcpdump setpriv gcc busybox stat od python3 flock; do
        command -v "$c" >/dev/null || { echo "missing command: $c" >&2; return 1; }
    done
    install -d -o root -g root -m 0755 "$NT_ROOT" "$NT_BIN" "$NT_ETC" "$STATE" "$STATE/run" \
        "$NT_BUNDLES" "$NT_HOME" "$NT_SCRATCH" || return 1
    install -d -o root -g root -m 0700 "$NT_LOG" "$RUNC_ROOT" || return 1
    groupadd "$ONCALL" || return 1
    groupadd --system "$TOOL_GROUP" || return 1 # the tool's group: no process of a user's has it
    user_add "$ALICE" "$ONCALL" && user_add "$BOB" || return 1
    install -o root -g root -m 0600 /dev/null "$AUDIT" || return 1
    : >"$NT_PIDS"
    install -o root -g root -m 4755 "$BIN" "$NSCAP" || return 1
    gcc -static -O2 -o "$PROBE" "$REPO"/tests/probe/*.c || return 1
    chown root:root "$PROBE" && chmod 0755 "$PROBE" || return 1
    write_policy || return 1
    ALICE_UID=$(id -u "$ALICE") ALICE_GID=$(id -g "$ALICE")
    BOB_UID=$(id -u "$BOB") BOB_GID=$(id -g "$BOB")
    ONCALL_GID=$(getent group "$ONCALL" | cut -d: -f3)
    HOST_NETNS=$(stat -L -c %i /proc/self/ns/net)
    export ALICE_UID ALICE_GID BOB_UID BOB_GID ONCALL_GID HOST_NETNS
}

# ---------------------------------------------------------------- the policy

# write_policy [RULE...]: $POLICY, root:root 0644, replaced atomically: a tool block for each
# entry of POLICY_TOOLS, then the RULE lines (default: the suite's POLICY_RULES). An entry is
# NAME (the block in tests/lib/tools/NAME.tool), NAME=BLOCK (tool NAME with the block BLOCK),
# or NAME=shipped (tool NAME exactly as policy/nscap.policy defines it).
write_policy() {
    local tmp=$POLICY.tmp.$$ t
    {
        printf '%s\n' "# nscap $SUITE test policy (generated)" 'version 1' "state-root $STATE" ''
        for t in "${POLICY_TOOLS[@]}"; do
            printf 'tool %s {\n' "${t%%=*}"
            if [[ $t == *=shipped ]]; then
                sed -n "/^tool ${t%%=*} {\$/,/^}\$/p" "$REPO/policy/nscap.policy" | sed '1d;$d'
            else
                sed "s|@PROBE@|$PROBE|" "$LIB/tools/${t#*=}.tool"
            fi || return 1
            printf '}\n\n'
        done
        if (($#)); then printf '%s\n' "$@"; else printf '%s\n' "${POLICY_RULES[@]}"; fi
    } >"$tmp" || return 1
    chown root:root "$tmp" && chmod 0644 "$tmp" && mv -f "$tmp" "$POLICY"
}

# Line number of the first line of the policy holding a fixed string.
policy_line_of() { grep -n -F -- "$1" "$POLICY" | head -1 | cut -d: -f1; }

# ---------------------------------------------------------------- containers and traffic

# bundle_new APPLET...: a fresh container ID and its bundle: a busybox rootfs with the APPLETs
# linked, the config of `runc spec`; sets BUNDLE_ID BUNDLE.
bundle_new() {
    local a
    BUNDLE_ID=$(head -c 32 /dev/urandom | sha256sum | cut -c1-64)
    BUNDLE=$NT_BUNDLES/$BUNDLE_ID
    mkdir -p "$BUNDLE/rootfs/bin" "$BUNDLE/rootfs/proc" "$BUNDLE/rootfs/dev" \
        "$BUNDLE/rootfs/sys" "$BUNDLE/rootfs/tmp" || return 1
    cp "$(command -v busybox)" "$BUNDLE/rootfs/bin/busybox" || return 1
    for a; do ln -sf busybox "$BUNDLE/rootfs/bin/$a"; done
    (cd "$BUNDLE" && runc spec)
}

# bundle_run: run the container of bundle_new's bundle, detached; its pid in $BUNDLE/pid.
bundle_run() {
    timeout 60 runc --root "$RUNC_ROOT" run -d --pid-file "$BUNDLE/pid" -b "$BUNDLE" "$BUNDLE_ID" \
        </dev/null >"$BUNDLE/run.log" 2>&1 ||
        { echo "runc run failed: $(tr '\n' ' ' <"$BUNDLE/run.log")" >&2; return 1; }
}

# container_start: a busybox runc container with lo up; sets CID CPID CNETNS.
container_start() {
    local id bundle
    bundle_new sh sleep nc ip ifconfig cat echo true seq ls ps || return 1
    id=$BUNDLE_ID bundle=$BUNDLE
    # terminal off, a long sleeper as init, our own cgroup path
    sed -i \
        -e 's/"terminal": true/"terminal": false/' \
        -e 's|^\([[:space:]]*\)"sh"$|\1"/bin/sh", "-c", "sleep 100000"|' \
        -e "s|^\([[:space:]]*\)\"linux\": {|&\n\1\1\"cgroupsPath\": \"/$CG_PARENT/$id\",|" \
        "$bundle/config.json" || return 1
    grep -q '"/bin/sh", "-c", "sleep 100000"' "$bundle/config.json" &&
        grep -q "\"cgroupsPath\": \"/$CG_PARENT/$id\"" "$bundle/config.json" &&
        grep -q '"terminal": false' "$bundle/config.json" &&
        grep -q '"type": "network"' "$bundle/config.json" ||
        { echo "config.json edit failed" >&2; return 1; }
    bundle_run || return 1
    CID=$id
    CPID=$(cat "$bundle/pid")
    [[ $CPID =~ ^[0-9]+$ ]] || { echo "no container pid" >&2; return 1; }
    CNETNS=$(stat -L -c %i "/proc/$CPID/ns/net") || return 1
    [[ $CNETNS != "$(stat -L -c %i /proc/self/ns/net)" ]] ||
        { echo "container shares the host netns" >&2; return 1; }
    timeout 30 runc --root "$RUNC_ROOT" exec --cap CAP_NET_ADMIN "$id" /bin/ip link set lo up ||
        { echo "ip link set lo up failed" >&2; return 1; }
    [[ -f $RUNC_ROOT/$id/state.json ]] || { echo "no runc state.json" >&2; return 1; }
    export CID CPID CNETNS
    log "container $CID pid $CPID netns $CNETNS"
}

# traffic_start ID [PORT [LINES]]: TCP on 127.0.0.1:PORT (default 8080) inside the container
# only; each connection sends "ping", or with LINES the output of `seq LINES` (LINES 300: about
# 1 KiB, packets larger than a header). Both loops are bounded (about 20 minutes) and die with
# the container.
traffic_start() {
    local port=${2:-8080} say='echo ping'
    [[ -n ${3:-} ]] && say="seq $3"
    timeout 30 runc --root "$RUNC_ROOT" exec -d "$1" /bin/sh -c \
        "i=0; while [ \$i -lt 20000 ]; do echo pong | nc -l -p $port >/dev/null; i=\$((i+1)); done" \
        </dev/null >/dev/null 2>&1 || { echo "traffic start failed" >&2; return 1; }
    timeout 30 runc --root "$RUNC_ROOT" exec -d "$1" /bin/sh -c \
        "sleep 0.5; i=0; while [ \$i -lt 6000 ]; do $say | nc -w 1 127.0.0.1 $port >/dev/null; sleep 0.2; i=\$((i+1)); done" \
        </dev/null >/dev/null 2>&1 || { echo "traffic start failed" >&2; return 1; }
}

# traffic_check PID: as root, port 8080 traffic is visible on the lo of PID's netns.
traffic_check() {
    local f=$NT_SCRATCH/traffic-check.pcap
    timeout 20 nsenter -t "$1" -n tcpdump -i lo -nn -c 6 -w "$f" port 8080 >/dev/null 2>&1 ||
        return 1
    pcap_count "$f" 8080 >/dev/null
}

# host_process: a root process of our own in the host netns; sets HOSTPID.
host_process() {
    bg_spawn bash -c 'exec -a nscapt-host-sleep sleep 1000' >/dev/null 2>&1
    HOSTPID=$BG_LAST
    echo "$HOSTPID" >>"$NT_PIDS"
    export HOSTPID
    sleep 0.1
}

# ---------------------------------------------------------------- pcap

# pcap_count FILE PORT: the number of packets tcpdump -r reads; fails if unreadable or any packet
# is not to or from PORT.
pcap_count() {
    local txt n bad
    txt=$(tcpdump -r "$1" -nn 2>/dev/null) || return 1
    n=$(grep -c . <<<"$txt")
    bad=$(grep -v -c -E "\\.${2}[ :]" <<<"$txt")
    [[ -n $txt && $bad -eq 0 ]] || return 1
    echo "$n"
}
# pcap_stats FILE: the file read from its own headers (pcapstat.py): sets PCAP_PACKETS,
# PCAP_MAXCAP (largest captured length), PCAP_MAXLEN (largest length on the wire) and
# PCAP_PORTS (the lower port of each packet, "8080,9090", "-" for none); fails if not a pcap.
pcap_stats() {
    local line
    line=$(python3 "$LIB/pcapstat.py" "$1") || return 1
    read -r _ PCAP_PACKETS _ PCAP_MAXCAP _ PCAP_MAXLEN _ PCAP_PORTS <<<"$line"
    export PCAP_PACKETS PCAP_MAXCAP PCAP_MAXLEN PCAP_PORTS
}
# pcap_magic FILE: the first 4 bytes as hex in file order.
pcap_magic() { od -An -tx1 -N4 "$1" | tr -d ' \n'; }
pcap_magic_ok() {
    case $(pcap_magic "$1") in
    d4c3b2a1 | a1b2c3d4 | 4d3cb2a1 | a1b23c4d) return 0 ;;
    *) return 1 ;;
    esac
}

# ---------------------------------------------------------------- removal

# base_cleanup: containers, our marked host processes, the test users (their processes first),
# cgroups, the whole tree. Safe to run any number of times.
base_cleanup() {
    local id pid u
    if [[ -d $RUNC_ROOT ]]; then
        for id in $(timeout 30 runc --root "$RUNC_ROOT" list -q 2>/dev/null); do
            timeout 30 runc --root "$RUNC_ROOT" delete -f "$id" >/dev/null 2>&1 ||
                log "runc delete -f $id failed"
        done
    fi
    if [[ -f $NT_PIDS ]]; then
        while read -r pid; do kill_marked "$pid" nscapt-host; done <"$NT_PIDS"
    fi
    kill_test_users
    rmdir_cgroups
    for u in "${NT_USERS[@]}"; do
        id -u "$u" >/dev/null 2>&1 && userdel "$u" >/dev/null 2>&1
        getent group "$u" >/dev/null && groupdel "$u" >/dev/null 2>&1
    done
    getent group "$ONCALL" >/dev/null && groupdel "$ONCALL" >/dev/null 2>&1
    getent group "$TOOL_GROUP" >/dev/null && groupdel "$TOOL_GROUP" >/dev/null 2>&1
    # immutable bits or bind mounts are never left by us; plain rm is enough
    rm -rf "$NT_ROOT"
    return 0
}

leftovers_present() {
    local u
    [[ -e $NT_ROOT ]] && return 0
    getent group "$ONCALL" >/dev/null && return 0
    getent group "$TOOL_GROUP" >/dev/null && return 0
    for u in "${NT_USERS[@]}"; do id -u "$u" >/dev/null 2>&1 && return 0; done
    return 1
}

# kill_marked PID MARK: kill PID only if its command line still holds MARK (pids are reused).
kill_marked() {
    [[ $1 =~ ^[0-9]+$ && $1 -gt 1 && $(proc_cmdline "$1" 4096) == *"$2"* ]] || return 0
    kill_pids "$1"
}

# Every process of a test user (all were started here: the users exist only while a suite runs).
kill_test_users() {
    local u uids=() pids
    for u in "${NT_USERS[@]}"; do id -u "$u" >/dev/null 2>&1 && uids+=("$(id -u "$u")"); done
    ((${#uids[@]})) || return 0
    mapfile -t pids < <(procs_of_uids "${uids[@]}")
    ((${#pids[@]} == 0)) || kill -KILL "${pids[@]}" 2>/dev/null
    return 0
}

rmdir_cgroups() {
    local d
    for d in /sys/fs/cgroup/*/"$CG_PARENT" /sys/fs/cgroup/unified/"$CG_PARENT"; do
        [[ -d $d ]] || continue
        # children first (container cgroups runc failed to remove)
        find "$d" -mindepth 1 -depth -type d -exec rmdir {} \; 2>/dev/null
        rmdir "$d" 2>/dev/null
    done
    return 0
}
