# SPDX-License-Identifier: ISC
# shellcheck shell=bash disable=SC2016
# 2. faults injected for real: the audit log missing, immutable, append-only, untrusted, a FIFO.

# Positive control for every "nothing ran" check: the marker appears when the probe runs.
t_marker_control() {
    new_marker
    nscap_as "$ALICE" -- "$CID" probe marker "$MARKER"
    expect_rc 0 || return 1
    [[ -f $MARKER ]] || fail "the probe did not create $MARKER" || return 1
    expect_events start,end
}
run_test fault-control-marker t_marker_control

# The log's directory is gone: nscap neither creates it nor runs anything.
t_log_dir_missing() {
    local size created=
    size=$(stat -c %s "$AUDIT")
    new_marker
    mv "$NT_LOG" "$NT_ROOT/log.away" || { fail "setup: cannot move $NT_LOG"; return 1; }
    nscap_as "$ALICE" -- "$CID" probe marker "$MARKER"
    [[ -e $NT_LOG ]] && created=1 && rm -rf "$NT_LOG"
    mv "$NT_ROOT/log.away" "$NT_LOG"
    expect_failed 'audit log directory .*No such file' || return 1
    [[ -z $created ]] || fail "nscap created $NT_LOG" || return 1
    expect_size "$AUDIT" "$size" "the log (moved away)"
}
run_test fault-log-dir-missing t_log_dir_missing

# chattr +i: the file cannot be opened for writing, even by root.
t_log_immutable() {
    local size
    size=$(stat -c %s "$AUDIT")
    new_marker
    chattr +i "$AUDIT" 2>/dev/null && lsattr "$AUDIT" | cut -d' ' -f1 | grep -q i ||
        { chattr -i "$AUDIT" 2>/dev/null; fail "cannot inject: chattr +i not supported here"; return 1; }
    nscap_as "$ALICE" -- "$CID" probe marker "$MARKER"
    chattr -i "$AUDIT"
    expect_failed 'cannot open the audit log' || return 1
    expect_size "$AUDIT" "$size" "the immutable log"
}
run_test fault-log-immutable t_log_immutable

# chattr +a is how some sites harden logs: O_APPEND writes still work, so nscap must too.
t_log_append_only() {
    chattr +a "$AUDIT" 2>/dev/null || { fail "cannot inject: chattr +a not supported here"; return 1; }
    nscap_as "$ALICE" -- "$CID" probe exit 0
    chattr -a "$AUDIT"
    expect_rc 0 || return 1
    expect_events start,end || return 1
    expect_same_session start end
}
run_test fault-log-append-only-works t_log_append_only

# Untrusted log files: each refused before any record is written into them.
t_log_untrusted() { # KIND
    local size
    size=$(stat -c %s "$AUDIT")
    new_marker
    case $1 in
    symlink) mv "$AUDIT" "$AUDIT.real" && ln -s audit.log.real "$AUDIT" ;;
    dangling-symlink) mv "$AUDIT" "$AUDIT.real" && ln -s "$ALICE_HOME/planted.log" "$AUDIT" ;;
    owned-by-user) chown "$ALICE" "$AUDIT" ;;
    group-writable) chmod 0620 "$AUDIT" ;;
    hardlinked) ln "$AUDIT" "$NT_LOG/audit.link" ;;
    esac || { fail "setup: $1"; return 1; }
    NSCAP_TIMEOUT=3 NSCAP_KILL_AFTER=1 nscap_as "$ALICE" -- "$CID" probe marker "$MARKER"
    case $1 in
    symlink | dangling-symlink) rm -f "$AUDIT" && mv "$AUDIT.real" "$AUDIT" ;;
    owned-by-user) chown root:root "$AUDIT" ;;
    group-writable) chmod 0600 "$AUDIT" ;;
    hardlinked) rm -f "$NT_LOG/audit.link" ;;
    esac
    expect_failed 'audit log' || return 1
    ((DUR_MS < 5000)) || fail "took ${DUR_MS} ms to refuse" || return 1
    expect_size "$AUDIT" "$size" "the log (restored)" || return 1
    [[ ! -e $ALICE_HOME/planted.log ]] || fail "nscap created the symlink's target"
}
run_test fault-log-symlink t_log_untrusted symlink
run_test fault-log-dangling-symlink t_log_untrusted dangling-symlink
run_test fault-log-owned-by-user t_log_untrusted owned-by-user
run_test fault-log-group-writable t_log_untrusted group-writable
run_test fault-log-hardlinked t_log_untrusted hardlinked

# A FIFO where the log should be: refused at once (125), not an open() that waits for a reader
# forever (and, holding SIGTERM during setup, cannot even be stopped by a plain kill).
t_log_fifo() {
    local size sys
    size=$(stat -c %s "$AUDIT")
    new_marker
    mv "$AUDIT" "$AUDIT.real" && mkfifo -m 0600 "$AUDIT" || { fail "setup: fifo"; return 1; }
    nscap_bg "$ALICE" "$CID" probe marker "$MARKER"
    if ! wait_for 3 bg_done; then
        sys=$(cut -d' ' -f1 "/proc/$BG_PID/syscall" 2>/dev/null)
        log "nscap $BG_PID still running after 3 s: syscall ${sys:-?} (257 = openat), wchan $(cat "/proc/$BG_PID/wchan" 2>/dev/null)"
        kill -KILL "$BG_PID"
    fi
    bg_wait 5
    rm -f "$AUDIT" && mv "$AUDIT.real" "$AUDIT"
    [[ -z ${sys-} ]] || fail "still blocked after 3 s in syscall $sys on the FIFO (killed)" || return 1
    expect_failed 'audit log' || return 1
    expect_size "$AUDIT" "$size" "the log (restored)"
}
run_test fault-log-fifo t_log_fifo
