# SPDX-License-Identifier: ISC
# shellcheck shell=bash disable=SC2016
# 6. targets: processes and records that must never lead into a netns.

sec6_policy() {
    write_policy "permit group:$ONCALL on container:$CID_A run probe,tcpdump max-time 30s" \
        "permit group:$ONCALL on any run probe-none max-time 30s"
}
sec6_policy

# PID 1 (its netns is unreadable on this VM): refused or denied, never a run.
t_pid1() {
    new_marker
    nscap_as "$ALICE" -- pid:1 probe marker "$MARKER"
    [[ $RC == 125 || $RC == 126 ]] || fail "exit $RC, expected 125 or 126" || return 1
    expect_no_file "$MARKER" || return 1
    expect_no_audit '"event":"start"'
}
# A kernel thread (PF_KTHREAD; kthreadd is pid 2) is never a target. A PID namespace other than
# the host's (tests/fresh/run.sh runs the suites in one) shows none, so none can be named there.
kthread_pid() {
    local p s f
    for p in /proc/2 /proc/[0-9]*; do
        s=$(cat "$p/stat" 2>/dev/null) || continue
        read -r -a f <<<"${s##*) }"
        ((f[6] & 0x200000)) && { echo "${p#/proc/}"; return 0; }
    done
    return 1
}
t_kthread() {
    new_marker
    nscap_as "$ALICE" -- "pid:$KTHREAD" probe marker "$MARKER"
    expect_refused 125 'kernel thread'
}
# A zombie (exited, never reaped) has no namespace to enter.
t_zombie() {
    new_marker
    local z
    # the child exits after the exec: the shell must not get to reap it first
    bg_spawn bash -c 'sleep 0.5 & echo $! >"$1"; exec -a nscapt-host-zombie sleep 1000' _ \
        "$NT_SCRATCH/zombie.pid" >/dev/null 2>&1
    echo "$BG_LAST" >>"$NT_PIDS"
    wait_for 10 eval 'z=$(cat "$NT_SCRATCH/zombie.pid" 2>/dev/null); [[ -n $z ]] && grep -q "^State:.Z" /proc/$z/status 2>/dev/null' ||
        { fail "no zombie"; return 1; }
    nscap_as "$ALICE" -- "pid:$z" probe-none marker "$MARKER"
    expect_refused 125 'network namespace|does not exist|exited' || return 1
    expect_events "error"
}
# The caller's own `unshare -rn` process: no container identity, denied even by `any`.
t_own_userns() {
    new_marker
    (cd / && setpriv --reuid="$ALICE" --regid="$ALICE_GID" --init-groups unshare -rn sleep 30 </dev/null >/dev/null 2>&1 &)
    local p
    wait_for 10 eval 'p=$(pgrep -u "$ALICE" -f "^sleep 30$" | head -1); [[ -n $p ]] && [[ $(stat -L -c %i /proc/$p/ns/net) != "$HOST_NETNS" ]]' ||
        { fail "unshare -rn did not start"; return 1; }
    nscap_as "$ALICE" -- "pid:$p" probe-none marker "$MARKER"
    kill "$p" 2>/dev/null
    expect_refused 126 'denied' || return 1
    expect_events "deny"
}
# The host netns by pid of a host process, with only container and `any` rules: denied.
t_host_pid() {
    new_marker
    nscap_as "$ALICE" -- "pid:$HOSTPID" probe-none marker "$MARKER"
    expect_refused 126 'host' || return 1
    expect_events "deny"
}
# The caller's own shell in the host netns: denied (host).
t_own_shell() {
    new_marker
    (cd / && setpriv --reuid="$ALICE" --regid="$ALICE_GID" --init-groups sleep 30 </dev/null >/dev/null 2>&1 &)
    local p
    wait_for 10 eval 'p=$(pgrep -u "$ALICE" -f "^sleep 30$" | head -1); [[ -n $p ]]' || { fail "no process"; return 1; }
    nscap_as "$ALICE" -- "pid:$p" probe-none marker "$MARKER"
    kill "$p" 2>/dev/null
    expect_refused 126 'host' || return 1
    expect_events "deny"
}
# deny_host TARGET...: each TARGET is the host netns (probe-none): denied, nothing runs.
deny_host() {
    local t
    for t; do
        new_marker
        nscap_as "$ALICE" -- "$t" probe-none marker "$MARKER"
        expect_refused 126 'host' || return 1
    done
}
# A container with host networking, by ID and by its pid: the host netns, denied. By a prefix:
# not even found, since prefixes only ever match what the caller may enter.
t_hostnet_container() {
    deny_host "$HCID" "pid:$HCPID"
    local r=$?
    if ((r == 0)); then
        new_marker
        nscap_as "$ALICE" -- "${HCID:0:12}" probe-none marker "$MARKER"
        expect_refused 125 "no container matches '${HCID:0:12}'"
        r=$?
    fi
    sec6_policy
    return $r
}
# A hostNetwork pod (the host-network container carries kubelet annotations), by pod name,
# pod/container and a rule for the pod: the host netns, denied.
t_pod_target() {
    write_policy "permit group:$ONCALL on pod:kube-system/*,any run probe-none max-time 30s"
    deny_host kube-system/nscapt-hostpod kube-system/nscapt-hostpod/main
    local r=$?
    sec6_policy
    return $r
}
# Another tenant's container (the rule names only A): denied by ID, prefix and pid.
t_other_tenant() {
    local t
    for t in "$CID_B" "${CID_B:0:8}" "pid:$CPID_B"; do
        new_marker
        nscap_as "$ALICE" -- "$t" probe marker "$MARKER"
        expect_refused 126 'denied' || return 1
    done
    nscap_as "$ALICE" -- "$CID_A" probe
    expect_ran || return 1
    expect_eq "$(probe_val ns.net)" "$CNETNS_A" "control run in A"
}
# Forged runtime records naming another tenant's container under a name the rule permits:
# believed only when root-owned and not writable by others.
forge_state() { # NAME MODE OWNER DIROWNER
    local d=$RUNC_ROOT/$1
    rm -rf "$d"
    install -d -o "$4" -m 0711 "$d"
    python3 "$HERE/jsonset.py" "$RUNC_ROOT/$CID_B/state.json" "id=\"$1\"" >"$d/state.json"
    chown "$3" "$d/state.json" && chmod "$2" "$d/state.json"
}
t_forged_state() {
    local name=nscapt-web-evil
    write_policy "permit group:$ONCALL on container:nscapt-web-* run probe max-time 30s"
    forge_state "$name" 0644 "$ALICE" root
    new_marker
    nscap_as "$ALICE" -- "$name" probe marker "$MARKER"
    expect_refused 125 'no container' || { rm -rf "${RUNC_ROOT:?}/$name"; return 1; }
    forge_state "$name" 0664 root root
    nscap_as "$ALICE" -- "$name" probe marker "$MARKER"
    expect_refused 125 'no container' || { rm -rf "${RUNC_ROOT:?}/$name"; return 1; }
    forge_state "$name" 0644 root "$ALICE"
    nscap_as "$ALICE" -- "$name" probe marker "$MARKER"
    expect_refused 125 'no container' || { rm -rf "${RUNC_ROOT:?}/$name"; return 1; }
    # control: the same record written by root is believed (so the checks above are what refuse)
    forge_state "$name" 0644 root root
    nscap_as "$ALICE" -- "$name" probe
    rm -rf "${RUNC_ROOT:?}/$name"
    expect_ran || return 1
    expect_eq "$(probe_val ns.net)" "$CNETNS_B" "control: trusted record believed"
}
# A recorded init pid now held by another process (PID reuse / stale state): refused.
t_stale_state() {
    local name=nscapt-web-stale d
    write_policy "permit group:$ONCALL on container:nscapt-web-* run probe max-time 30s"
    forge_state "$name" 0644 root root
    d=$RUNC_ROOT/$name/state.json
    # a live process, but not the recorded start time
    python3 "$HERE/jsonset.py" "$d" "init_process_pid=$HOSTPID" >"$d.new" && mv -f "$d.new" "$d"
    new_marker
    nscap_as "$ALICE" -- "$name" probe marker "$MARKER"
    rm -rf "${RUNC_ROOT:?}/$name"
    expect_refused 125 'is not running \(its process has exited\)'
}
# PID-reuse race loop: the target dies (and its pid may be reused) while nscap resolves it;
# the tool runs in the intended netns or not at all.
t_pid_race() {
    local cg='' i p sl n0=0 nref=0 bad='' churn
    for p in /sys/fs/cgroup/{pids/,unified/,}"$CG_PARENT/$CID_A"; do
        [[ -d $p ]] && { cg=$p; break; }
    done
    [[ -n $cg ]] || { fail "container cgroup not found"; return 1; }
    # churn: short-lived host processes, so a freed pid is soon taken in the host netns
    (exec -a nscapt-host-churn bash -c 'end=$((SECONDS + 40)); while ((SECONDS < end)); do /bin/true; done') &
    churn=$!
    bg_track "$churn"
    for i in $(seq 1 30); do
        sl=$(printf '0.%03d' $((RANDOM % 40)))
        nsenter -t "$CPID_A" -n -- sh -c 'echo $$ >"$1/cgroup.procs" && exec sleep "$2"' _ "$cg" "$sl" &
        p=$!
        nscap_as "$ALICE" -- "pid:$p" probe
        wait "$p" 2>/dev/null
        case $RC in
        0) [[ $(probe_val ns.net) == "$CNETNS_A" ]] || bad="run $i: tool in netns $(probe_val ns.net), not $CNETNS_A"
           n0=$((n0 + 1)) ;;
        125 | 126) nref=$((nref + 1)) ;;
        *) bad="run $i: exit $RC" ;;
        esac
        [[ -n $bad ]] && break
    done
    bg_stop "$churn"
    log "pid race: $n0 runs in A, $nref refused"
    [[ -z $bad ]] || fail "$bad" || return 1
    audit_check
}

run_test target-pid1 t_pid1
if KTHREAD=$(kthread_pid); then
    run_test target-kernel-thread t_kthread
else
    log "SKIP target-kernel-thread: no kernel thread is visible in this PID namespace"
fi
run_test target-zombie t_zombie
run_test target-own-unshare-rn t_own_userns
run_test target-host-pid-any-rule t_host_pid
run_test target-own-shell-host t_own_shell
run_test target-hostnet-container t_hostnet_container
run_test target-pod-hostnetwork t_pod_target
run_test target-other-tenant t_other_tenant
run_test target-forged-state-record t_forged_state
run_test target-stale-state-pid-reused t_stale_state
write_policy "permit group:$ONCALL on container:$CID_A run probe,tcpdump max-time 30s"
run_test target-pid-reuse-race t_pid_race
write_policy
