# SPDX-License-Identifier: ISC
# shellcheck shell=bash
# The adversarial suite's policy, setup and the helpers its sections share.

ATTACKER=$NT_BIN/attacker
PRELOAD=$NT_BIN/preload.so
GHOST_UID= # a uid with no passwd entry
RAW_ADMIN=0000000000003000
ZERO=0000000000000000
TOOL_PATH_ENV=PATH=/usr/sbin:/usr/bin:/sbin:/bin
ALICE_POLICY=$ALICE_HOME/evil.policy

# The integration suite's tools plus probe-none (caps none), probe-admin (net_raw,net_admin),
# probe-capture and probe-netlink (those seccomp profiles) and
# tcpdump-z (a profile that wrongly allows -z/-G/-Z); by default oncall may run tcpdump and the
# probes in any container.
POLICY_TOOLS=(tcpdump probe probe-denied=probe probe-none probe-admin probe-capture probe-netlink tcpdump-z)
POLICY_RULES=("permit group:$ONCALL on container:* run tcpdump,probe,probe-none,probe-admin,probe-capture,probe-netlink max-time 30s")

adv_cleanup() {
    local pids
    if [[ -n $GHOST_UID ]]; then
        mapfile -t pids < <(procs_of_uids "$GHOST_UID")
        ((${#pids[@]} == 0)) || kill -KILL "${pids[@]}" 2>/dev/null
    fi
    # the other network namespaces of 170-host-anchor.sh
    ip netns list 2>/dev/null | awk '$1 ~ /^nscapt-adv-/ { print $1 }' |
        while read -r ns; do ip netns del "$ns"; done
    # forged runtime records must not reach base_cleanup's `runc delete`
    rm -rf "${RUNC_ROOT:?}"/nscapt-web-* 2>/dev/null
    # chown'ed ancestors must not stop base_cleanup's rm
    [[ -d $NT_ROOT ]] && chown root:root "$NT_ROOT" "$NT_ETC" 2>/dev/null
    return 0
}

# A runc container whose config has no network namespace: it shares the host's. Sets HCID HCPID.
hostnet_container_start() {
    bundle_new sh sleep || return 1
    python3 "$HERE/hostnet-config.py" "$BUNDLE/config.json" "/$CG_PARENT/$BUNDLE_ID" || return 1
    bundle_run || return 1
    HCID=$BUNDLE_ID
    HCPID=$(cat "$BUNDLE/pid")
    # CRI-O's own record of it (the bundle's config.json and the pidfile, in its userdata) is
    # what gives it its pod identity: runc's state is no runtime's word on that.
    local ud=$STATE/run/containers/storage/overlay-containers/$HCID/userdata
    install -d -o root -g root -m 0755 "$ud" && install -o root -g root -m 0644 \
        "$BUNDLE/config.json" "$ud/config.json" && printf '%s' "$HCPID" >"$ud/pidfile" || return 1
    [[ $(stat -L -c %i "/proc/$HCPID/ns/net") == "$(stat -L -c %i /proc/self/ns/net)" ]] ||
        { echo "host-network container has its own netns" >&2; return 1; }
    log "host-network container $HCID pid $HCPID"
}

adv_setup() {
    local u
    setup_base || return 1
    gcc -static -O2 -o "$ATTACKER" "$HERE/attacker.c" "$HERE/attacker_ancestor.c" || return 1
    gcc -shared -fPIC -O2 -DMARKER="\"$ALICE_HOME/preload-marker\"" -o "$PRELOAD" \
        "$HERE/preload.c" || return 1
    chmod 0755 "$ATTACKER" "$PRELOAD" || return 1
    container_start || return 1
    traffic_start "$CID" || return 1
    CID_A=$CID CPID_A=$CPID CNETNS_A=$CNETNS
    container_start || return 1
    CID_B=$CID CPID_B=$CPID CNETNS_B=$CNETNS
    CID=$CID_A CPID=$CPID_A CNETNS=$CNETNS_A
    hostnet_container_start || return 1
    host_process
    for u in $(seq 61000 61100); do
        getent passwd "$u" >/dev/null || getent group "$u" >/dev/null || { GHOST_UID=$u; break; }
    done
    [[ -n $GHOST_UID ]] || { echo "no unused uid" >&2; return 1; }
    TEST_UIDS+=" $GHOST_UID"
    install -d -o "$GHOST_UID" -g "$GHOST_UID" -m 0700 "$NT_HOME/ghost"
}

# The suite's policy again, after a case tampered with it or its directories.
restore_policy() {
    chown root:root "$NT_ROOT" "$NT_ETC"
    chmod 0755 "$NT_ROOT" "$NT_ETC"
    rm -rf "$POLICY" "$POLICY.real" "$POLICY.link"
    write_policy
}
