# SPDX-License-Identifier: ISC
# shellcheck shell=bash disable=SC2015,SC2034
# Negative: trust. Records, side files and directories a user could write are kept out, and the
# refusal says which and why ("runtime state ignored: ..."; `nscap -n` as root: record lines).

ignored='; runtime state ignored: '
# t_ignored TARGET WHAT PATH WHY: alice's dry run finds nothing, naming PATH and WHY as ignored.
t_ignored() {
    rt_refused "$1" 125 "^nscap: no $2 matches '$1'.*$ignored.*$3: $4" || return 1
    expect_msg "$ignored" # never "it may run on another node" when something was refused
}

# A forged runc record for RUNC's live process: believed only while root-owned and not writable
# by group or other, along the whole path.
t_forged_runc() {
    local f=forged-runc-record d=$RUNC_ROOT/forged-runc-record errs=()
    install -d -o root -g root -m 0700 "$d" || return 1
    sed -e "s/\"id\":\"$RUNC\"/\"id\":\"$f\"/" "$RUNC_ROOT/$RUNC/state.json" >"$d/state.json" || return 1
    chown root:root "$d/state.json" && chmod 0644 "$d/state.json" || return 1
    # control: trusted, it resolves
    expect_resolves "$f" "$RUNC_NS" "$f" runc || errs+=("control: $FAIL_REASON")
    chown "$ALICE" "$d/state.json"
    t_ignored "$f" container "$d/state.json" "not owned by root" ||
        errs+=("file owned by alice: $FAIL_REASON")
    rt_list_ids "$ALICE"
    [[ $RC == 0 && $LIST_IDS != *"$f"* ]] || errs+=("-l (exit $RC) lists the alice-owned record")
    chown root "$d/state.json" && chmod 0664 "$d/state.json"
    t_ignored "$f" container "$d/state.json" "writable by group or other" ||
        errs+=("file group-writable: $FAIL_REASON")
    chmod 0646 "$d/state.json"
    t_ignored "$f" container "$d/state.json" "writable by group or other" ||
        errs+=("file other-writable: $FAIL_REASON")
    chmod 0644 "$d/state.json" && chown "$ALICE" "$d"
    t_ignored "$f" container "$d" "not owned by root" || errs+=("dir owned by alice: $FAIL_REASON")
    chown root "$d" && chmod 0770 "$d"
    t_ignored "$f" container "$d" "writable by group or other" ||
        errs+=("dir group-writable: $FAIL_REASON")
    chmod 0700 "$d" && chgrp "$ALICE" "$d/state.json" && chmod 0664 "$d/state.json"
    t_ignored "$f" container "$d/state.json" "writable by group or other" ||
        errs+=("file group alice, group-writable: $FAIL_REASON")
    rm -rf "$d"
    ((${#errs[@]} == 0)) || fail "${errs[*]}"
}
run_test rt-trust-runc-state t_forged_runc
# Not a regular file where state.json should be (a directory, a symlink): kept out, not fatal.
t_not_a_file() {
    local d=$RUNC_ROOT/abcd2222-notafile errs=()
    install -d -o root -g root -m 0700 "$d" "$d/state.json" || return 1
    t_ignored abcd2222-notafile container "$d/state.json" "not a regular file" ||
        errs+=("directory: $FAIL_REASON")
    expect_resolves abcd2222 "$D1_NS" "$D1" docker || errs+=("prefix, directory: $FAIL_REASON")
    rmdir "$d/state.json" && ln -s "$RUNC_ROOT/$RUNC/state.json" "$d/state.json"
    t_ignored abcd2222-notafile container "$d/state.json" "symbolic link" ||
        errs+=("symlink: $FAIL_REASON")
    rm -rf "$d"
    ((${#errs[@]} == 0)) || fail "${errs[*]}"
}
run_test rt-trust-record-not-a-regular-file t_not_a_file
# CRI-O userdata of U1 (whose runc state nscap does not see): pidfile or config.json tampered with
t_trust_storage() {
    local u=$RT_STORAGE/$U1/userdata errs=()
    expect_resolves evil/u1pod "$U1_NS" "$U1" cri-o || errs+=("control: $FAIL_REASON")
    chown "$ALICE" "$u/pidfile"
    t_ignored "$U1" container "$u/pidfile" "not owned by root" ||
        errs+=("pidfile owned by alice: $FAIL_REASON")
    t_ignored evil/u1pod pod "$u/pidfile" "not owned by root" ||
        errs+=("pod, pidfile owned by alice: $FAIL_REASON")
    chown root "$u/pidfile" && chmod 0666 "$u/config.json"
    t_ignored "$U1" container "$u/config.json" "writable by group or other" ||
        errs+=("config.json world-writable: $FAIL_REASON")
    chmod 0644 "$u/config.json" && chmod 0770 "$RT_STORAGE/$U1"
    t_ignored "$U1" container "$RT_STORAGE/$U1" "writable by group or other" ||
        errs+=("storage dir group-writable: $FAIL_REASON")
    chmod 0700 "$RT_STORAGE/$U1"
    expect_resolves "$U1" "$U1_NS" "$U1" cri-o || errs+=("restored: $FAIL_REASON")
    ((${#errs[@]} == 0)) || fail "${errs[*]}"
}
run_test rt-trust-crio-userdata t_trust_storage
# A container with two records, one kept out: resolved from the other, and root's -n says which
# record was used and which ignored, and why.
t_record_fates() {
    local c=$RT_STORAGE/$OC/userdata/config.json rc
    chmod 0646 "$c"
    rt_root_dry "$OC"
    expect_out_line "^container: $OC runtime runc$" &&
        expect_out_line "^record: cri-o $c: ignored: $c: writable by group or other$" &&
        expect_out_line "^record: runc $RUNC_ROOT/$OC/state.json: used$" &&
        expect_no_out_line '^pod:'
    rc=$?
    chmod 0644 "$c"
    ((rc == 0)) || return 1
    rt_root_dry "$OC"
    # (a record of several files names one of them)
    expect_out_line "^record: cri-o $RT_STORAGE/$OC/userdata/[a-z.]+: used$" &&
        expect_out_line '^pod: crions/db-0 container redis$'
}
run_test rt-trust-record-fates-shown t_record_fates
# A group-writable runtime directory hides every record below it, and says so.
t_trust_root_dir() {
    local errs=()
    chmod 0770 "$RT_DOCKER_LIB"
    t_ignored web container "$RT_DOCKER_LIB" "writable by group or other" ||
        errs+=("name via group-writable var/lib/docker/containers: $FAIL_REASON")
    chmod 0700 "$RT_DOCKER_LIB"
    expect_resolves web "$D1_NS" "$D1" || errs+=("restored: $FAIL_REASON")
    ((${#errs[@]} == 0)) || fail "${errs[*]}"
}
run_test rt-trust-docker-dir t_trust_root_dir
# run/runc group-writable: plain runc's container is not found, and why; CRI-O's (whose runc
# state is there too) still resolves from CRI-O's record, and root's -n names the directory.
t_trust_runc_root() {
    local mode rc
    mode=$(stat -c %a "$RUNC_ROOT") || return 1
    chmod 0770 "$RUNC_ROOT"
    t_ignored "$RUNC" container "$RUNC_ROOT" "writable by group or other" &&
        expect_resolves "$OC" "$OS_NS" "$OC" cri-o && rt_root_dry "$OC" &&
        expect_out_line "^ignored: $RUNC_ROOT: writable by group or other$"
    rc=$?
    chmod "$mode" "$RUNC_ROOT"
    ((rc == 0)) && expect_resolves "$RUNC" "$RUNC_NS" "$RUNC" runc
}
run_test rt-trust-runc-root-dir t_trust_runc_root
# A log link in a directory alice can write lends no pod identity.
t_trust_klog() {
    local errs=()
    chown "$ALICE" "$RT_KLOG"
    t_ignored legacy/oldpod pod "$RT_KLOG" "not owned by root" ||
        errs+=("alice-owned var/log/containers: $FAIL_REASON")
    chown root "$RT_KLOG"
    expect_resolves legacy/oldpod "$L1_NS" || errs+=("restored: $FAIL_REASON")
    ((${#errs[@]} == 0)) || fail "${errs[*]}"
}
run_test rt-trust-kube-log-dir t_trust_klog
