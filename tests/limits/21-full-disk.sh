# SPDX-License-Identifier: ISC
# shellcheck shell=bash disable=SC2016
# 2. faults: a full disk. The log directory becomes a 16 KiB tmpfs (the real log stays
# underneath).

# ---- a full disk: the log directory becomes a 16 KiB tmpfs (the real log stays underneath)

tmpfs_log() { # fresh 16 KiB tmpfs on the log directory with an empty root-owned 0600 log
    tmpfs_log_off
    # nscap keeps 1 MiB allocated past the log's end for the end records of running sessions
    mount -t tmpfs -o size=2m,mode=0700,uid=0,gid=0 nscapt-log "$NT_LOG" || return 1
    install -o root -g root -m 0600 /dev/null "$AUDIT"
}
tmpfs_log_off() {
    while mountpoint -q "$NT_LOG"; do umount "$NT_LOG" || return 1; done
}
# Fill the tmpfs to the last byte; the log file itself is not written.
fill_disk() {
    dd if=/dev/zero of="$NT_LOG/fill.$1" bs=4096 2>/dev/null
    [[ $(df --output=avail -B1 "$NT_LOG" | tail -1 | tr -d ' ') == 0 ]] ||
        { log "df: $(df -B1 "$NT_LOG" | tail -1)"; return 1; }
    ! head -c 4096 /dev/zero 2>/dev/null >>"$NT_LOG/fill.probe" || return 1
    rm -f "$NT_LOG/fill.probe"
}
# pad_log_to_page: append one valid JSON line ({"event":"pad"}) so that the log ends exactly at
# a page boundary: a tmpfs file's last page then has no slack a record could still go into.
pad_log_to_page() {
    local s r
    s=$(stat -c %s "$AUDIT")
    r=$(((4096 - s % 4096) % 4096))
    ((r == 0)) && return 0
    ((r < 32)) && r=$((r + 4096))
    pad_record "$r" >>"$AUDIT"
}
# pad_record BYTES: a valid JSON line ({"event":"pad",...}) of exactly BYTES bytes, on stdout.
pad_record() {
    "$PY" -c 'import sys; n=int(sys.argv[1]); h="{\"event\":\"pad\",\"pad\":\""; t="\"}\n"
sys.stdout.write(h + "x" * (n - len(h) - len(t)) + t)' "$1"
}

# ENOSPC on the first record: the allowed run and the denial both end with 125, nothing runs,
# the log stays empty (no partial record).
t_full_disk() {
    new_marker
    tmpfs_log && fill_disk 1 || { tmpfs_log_off; fail "cannot inject: tmpfs full disk"; return 1; }
    nscap_as "$ALICE" -- "$CID" probe marker "$MARKER"
    local rc1=$RC err1=$ERR size1
    size1=$(stat -c %s "$AUDIT")
    nscap_as "$BOB" -- "$CID" probe marker "$MARKER"
    local size2
    size2=$(stat -c %s "$AUDIT")
    tmpfs_log_off
    RC=$rc1 ERR=$err1 expect_failed 'cannot write the audit log.*No space left' || return 1
    [[ $size1 == 0 ]] || fail "the full log holds $size1 bytes after the failed run" || return 1
    expect_failed 'cannot write the audit log.*No space left' ||
        fail "denial on a full disk: $FAIL_REASON" || return 1
    [[ $size2 == 0 ]] || fail "the full log holds $size2 bytes after the failed denial"
}
run_test fault-full-disk-enospc t_full_disk

# The same disk with space again: nscap runs and logs (the fault was the only difference).
t_full_disk_freed() {
    tmpfs_log && fill_disk 1 && rm -f "$NT_LOG/fill.1" ||
        { tmpfs_log_off; fail "cannot inject: tmpfs"; return 1; }
    nscap_as "$ALICE" -- "$CID" probe exit 0
    expect_rc 0 && expect_events start,end "$AUDIT" 0
    local r=$?
    tmpfs_log_off
    return $r
}
run_test fault-full-disk-space-freed-runs t_full_disk_freed

# The disk fills in the middle of a record: less room than one record. The log must still hold
# only whole JSON lines (a torn record would also glue the next invocation's record to it).
t_full_disk_torn() {
    local size
    new_marker
    tmpfs_log || { fail "cannot inject: tmpfs"; return 1; }
    pad_record $((4096 - 60)) >>"$AUDIT"
    fill_disk 1 || { tmpfs_log_off; fail "cannot inject: tmpfs full disk"; return 1; }
    size=$(stat -c %s "$AUDIT")
    nscap_as "$ALICE" -- "$CID" probe marker "$MARKER"
    local after rc=$RC
    after=$(stat -c %s "$AUDIT")
    log "log: $size bytes before, $after after; tail: $(tail -c 80 "$AUDIT" | tr '\n' '|')"
    expect_events pad "$AUDIT" 0
    local r=$?
    tmpfs_log_off
    ((r == 0)) || return 1
    RC=$rc expect_failed 'audit log'
}
run_test fault-full-disk-no-torn-record t_full_disk_torn

# The disk fills while the tool runs: the end record still goes, whole, into the room the start
# record kept for it, and nothing is said about the audit log.
t_full_disk_during_run() {
    tmpfs_log || { fail "cannot inject: tmpfs"; return 1; }
    audit_mark
    nscap_bg "$ALICE" "$CID" probe sleep 2
    wait_tool probe || { tmpfs_log_off; return 1; }
    pad_log_to_page && fill_disk 1 || { bg_wait 10; tmpfs_log_off; fail "cannot inject: fill"; return 1; }
    bg_wait 10
    local res
    res=$(expect_events start,pad,end "$AUDIT" 0 && echo ok)
    tmpfs_log_off
    [[ $res == ok ]] || fail "the full log: expected the start, the padding and the end record" || return 1
    expect_rc 0 || return 1
    ! grep -q '^nscap: .*audit log' "$BG_ERR" ||
        fail "nscap complained about the log: $(head -c 200 "$BG_ERR" | tr '\n' '|')"
}
run_test fault-full-disk-during-run-end-recorded t_full_disk_during_run
