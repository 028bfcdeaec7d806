# SPDX-License-Identifier: ISC
# shellcheck shell=bash disable=SC2015,SC2034
# Negative: trust. Records, side files and directories a user could write are not believed.

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
    rt_refused "$f" 125 || errs+=("file owned by alice: $FAIL_REASON")
    rt_refused evil/forged 125 || errs+=("pod, file owned by alice: $FAIL_REASON")
    [[ $(rt_list_ids "$ALICE") != *"$f"* ]] || errs+=("-l lists the alice-owned record")
    chown root "$d/state.json" && chmod 0664 "$d/state.json"
    rt_refused "$f" 125 || errs+=("file group-writable: $FAIL_REASON")
    chmod 0646 "$d/state.json"
    rt_refused "$f" 125 || errs+=("file other-writable: $FAIL_REASON")
    chmod 0644 "$d/state.json" && chown "$ALICE" "$d"
    rt_refused "$f" 125 || errs+=("dir owned by alice: $FAIL_REASON")
    rt_refused evil/forged 125 || errs+=("pod, dir owned by alice: $FAIL_REASON")
    chown root "$d" && chmod 0770 "$d"
    rt_refused "$f" 125 || errs+=("dir group-writable: $FAIL_REASON")
    chmod 0700 "$d" && chgrp "$ALICE" "$d/state.json" && chmod 0664 "$d/state.json"
    rt_refused "$f" 125 || errs+=("file group alice, group-writable: $FAIL_REASON")
    rm -rf "$d"
    ((${#errs[@]} == 0)) || fail "${errs[*]}"
}
run_test rt-trust-runc-state t_forged_runc
# CRI-O userdata of U1: pidfile or config.json tampered with
t_trust_storage() {
    local u=$RT_STORAGE/$U1/userdata errs=()
    expect_resolves evil/u1pod "$U1_NS" "$U1" cri-o || errs+=("control: $FAIL_REASON")
    chown "$ALICE" "$u/pidfile"
    rt_refused "$U1" 125 || errs+=("pidfile owned by alice: $FAIL_REASON")
    rt_refused evil/u1pod 125 || errs+=("pod, pidfile owned by alice: $FAIL_REASON")
    chown root "$u/pidfile" && chmod 0666 "$u/config.json"
    rt_refused "$U1" 125 || errs+=("config.json world-writable: $FAIL_REASON")
    chmod 0644 "$u/config.json" && chmod 0775 "$RT_STORAGE/$U1"
    rt_refused "$U1" 125 || errs+=("storage dir group-writable: $FAIL_REASON")
    chmod 0755 "$RT_STORAGE/$U1"
    expect_resolves "$U1" "$U1_NS" "$U1" cri-o || errs+=("restored: $FAIL_REASON")
    ((${#errs[@]} == 0)) || fail "${errs[*]}"
}
run_test rt-trust-crio-userdata t_trust_storage
# A group-writable runtime root hides every record below it.
t_trust_root_dir() {
    local errs=()
    chmod 0775 "$RT_DOCKER_LIB"
    rt_refused web 125 || errs+=("name via group-writable var/lib/docker/containers: $FAIL_REASON")
    chmod 0700 "$RT_DOCKER_LIB"
    expect_resolves web "$D1_NS" "$D1" || errs+=("restored: $FAIL_REASON")
    ((${#errs[@]} == 0)) || fail "${errs[*]}"
}
run_test rt-trust-docker-dir t_trust_root_dir
# A log link in a directory alice can write lends no pod identity.
t_trust_klog() {
    local errs=()
    chown "$ALICE" "$RT_KLOG"
    rt_refused legacy/oldpod 125 || errs+=("alice-owned var/log/containers: $FAIL_REASON")
    chown root "$RT_KLOG"
    expect_resolves legacy/oldpod "$L1_NS" || errs+=("restored: $FAIL_REASON")
    ((${#errs[@]} == 0)) || fail "${errs[*]}"
}
run_test rt-trust-kube-log-dir t_trust_klog
