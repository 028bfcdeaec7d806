#!/bin/bash
# SPDX-License-Identifier: ISC
# shellcheck disable=SC2015,SC2016
# nscap limits suite (issue 6): the audit trail under load, faults injected for real, signals,
# time and size limits, log rotation. A real setuid-root nscap, real users, a real runc
# container. Run as root:
#   tests/limits/run.sh [path/to/nscap]   (default $NSCAP_TEST_BIN, else out/test/nscap)
# One "PASS name" / "FAIL name: reason" line per case; diagnostics on stderr prefixed "# ".
# Exit 0 only if every case passed. Shares /opt/nscap-test (and lib.sh's lock) with the other
# suites. Faults it injects and always undoes: a tmpfs mounted on the audit log directory, an
# immutable or append-only audit log, a renamed log directory or policy, forged or truncated
# runtime state, seccomp filters installed by tests/limits/faultexec.c. It never touches the
# machine's own /dev/log: the syslog cases run in a private mount namespace.
set -u
umask 022

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
BIN=${1:-${NSCAP_TEST_BIN:-$REPO/out/test/nscap}}
[[ $BIN == /* ]] || BIN=$PWD/$BIN
# shellcheck source=tests/integration/lib.sh
. "$REPO/tests/integration/lib.sh"

if [[ $(id -u) != 0 ]]; then
    echo "FAIL limits-setup: must run as root"
    exit 1
fi

CAROL=nscapt-carol # a second oncall member
DAVE=nscapt-dave   # a second user without any rule
FAULTEXEC=$NT_BIN/faultexec
AUDITPY=$HERE/audit.py
PY=
LIM_BG=()          # background nscap supervisors and helpers (pids), killed at exit
STATE_BACKUP=      # the real container's state.json while a case has truncated it
LIM_FAKE_PREFIX=nscapt-lim-

# Undo every fault this suite can inject; safe to run any number of times.
lim_unfault() {
    local p
    for p in "${LIM_BG[@]}"; do # only if still an nscap (pid reuse)
        [[ $(tr '\0' ' ' 2>/dev/null <"/proc/$p/cmdline") == *nscap* ]] && kill -KILL "$p" 2>/dev/null
    done
    while mountpoint -q "$NT_LOG" 2>/dev/null; do
        umount "$NT_LOG" 2>/dev/null || umount -l "$NT_LOG" 2>/dev/null || break
    done
    [[ -d $NT_ROOT ]] || return 0
    for p in "$NT_LOG/audit.log" "$NT_ROOT/log.away/audit.log" "$NT_LOG/audit.log.real"; do
        [[ -f $p && ! -L $p ]] && chattr -i -a "$p" 2>/dev/null
    done
    if [[ -d $NT_ROOT/log.away && ! -e $NT_LOG ]]; then mv "$NT_ROOT/log.away" "$NT_LOG"; fi
    if [[ -n $STATE_BACKUP && -f $STATE_BACKUP ]]; then
        cp -f "$STATE_BACKUP" "${STATE_BACKUP%.lim-backup}" && rm -f "$STATE_BACKUP"
    fi
    rm -rf "${RUNC_ROOT:?}/$LIM_FAKE_PREFIX"* 2>/dev/null
    return 0
}

lim_users_remove() {
    local u pid
    for u in "$CAROL" "$DAVE"; do
        if id -u "$u" >/dev/null 2>&1; then
            for pid in $(ps -o pid= -u "$u" 2>/dev/null); do kill -KILL "$pid" 2>/dev/null; done
            userdel "$u" >/dev/null 2>&1
        fi
        getent group "$u" >/dev/null && groupdel "$u" >/dev/null 2>&1
    done
    return 0
}

lim_cleanup() {
    local rc=$?
    set +e
    lim_unfault
    lim_users_remove
    it_cleanup
    return $rc
}

lim_unfault
lim_users_remove
it_cleanup_leftovers
trap lim_cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------- setup

# lim_policy: tcpdump (its -w file audited as output) and the probe; the probe under other names
# for the time limit (probe-short: 2 s), the size limit (probe-64k, tcpdump-64k: 64 KiB) and a
# tool in no rule (probe-denied). Members of the oncall group may run them in any container.
lim_policy() {
    local tmp=$POLICY.tmp.$$ t
    {
        printf '%s\n' '# nscap limits test policy (generated)' 'version 1' "state-root $STATE" ''
        for t in tcpdump tcpdump-64k; do
            printf '%s\n' "tool $t {" '    path /usr/bin/tcpdump' '    caps net_raw' \
                '    options "nc:i:s:w:A"' '    long' '    operands any' '    output w' '}' ''
        done
        for t in probe probe-denied probe-short probe-64k; do
            printf '%s\n' "tool $t {" "    path $PROBE" '    caps net_raw' '    options ""' \
                '    operands any' '}' ''
        done
        echo "permit group:$ONCALL on container:* run tcpdump,probe max-time 30s"
        echo "permit group:$ONCALL on container:* run probe-short max-time 2s"
        echo "permit group:$ONCALL on container:* run tcpdump-64k,probe-64k max-time 20s max-bytes 64K"
    } >"$tmp" || return 1
    chown root:root "$tmp" && chmod 0644 "$tmp" && mv -f "$tmp" "$POLICY"
}

lim_setup() {
    it_setup "$BIN" || return 1
    lim_policy || return 1
    useradd -M -d "$NT_HOME/carol" -s /usr/sbin/nologin -G "$ONCALL" "$CAROL" || return 1
    useradd -M -d "$NT_HOME/dave" -s /usr/sbin/nologin "$DAVE" || return 1
    install -d -o "$CAROL" -g "$CAROL" -m 0700 "$NT_HOME/carol" || return 1
    install -d -o "$DAVE" -g "$DAVE" -m 0700 "$NT_HOME/dave" || return 1
    CAROL_UID=$(id -u "$CAROL") DAVE_UID=$(id -u "$DAVE")
    gcc -O2 -Wall -o "$FAULTEXEC" "$HERE/faultexec.c" || return 1
    chmod 0755 "$FAULTEXEC" || return 1
    for c in chattr lsattr mountpoint unshare setsid flock; do
        command -v "$c" >/dev/null || { echo "missing command: $c" >&2; return 1; }
    done
    # the interpreter itself, not a shim that may need a home directory or /dev
    PY=$(python3 -c 'import sys; print(sys.executable)') && [[ -x $PY ]] ||
        { echo "python3 not found" >&2; return 1; }
    it_container_start || return 1
    it_traffic_start "$CID" || { echo "traffic start failed" >&2; return 1; }
    ALICE_HOME=$NT_HOME/alice
    return 0
}

it_run_setup limits lim_setup
ALICE_HOME=$NT_HOME/alice

# ---------------------------------------------------------------- helpers

home_of() { getent passwd "$1" | cut -d: -f6; }

# lim_cmd CMD...: run CMD (as root) in LIM_CWD (default alice's home) with nscap_as's
# conventions: RC OUT ERR OUTPUT ERRTEXT DUR_MS (NSCAP_TIMEOUT, NSCAP_KILL_AFTER: seconds).
lim_cmd() {
    local t0 t1
    IT_SEQ=$((${IT_SEQ:-0} + 1))
    OUT=$NT_SCRATCH/lim$IT_SEQ.out
    ERR=$NT_SCRATCH/lim$IT_SEQ.err
    t0=$(date +%s%N)
    { # (the braces keep bash's own "Killed" notice off our stderr)
        timeout -k "${NSCAP_KILL_AFTER:-5}" "${NSCAP_TIMEOUT:-60}" \
            bash -c 'd=$1; shift; cd "$d" && exec "$@"' _ "${LIM_CWD:-$ALICE_HOME}" "$@" \
            </dev/null >"$OUT" 2>"$ERR"
    } 2>/dev/null
    RC=$?
    t1=$(date +%s%N)
    DUR_MS=$(((t1 - t0) / 1000000))
    OUTPUT=$(tr -d '\000' <"$OUT")
    ERRTEXT=$(cat "$ERR")
    it_log "$(printf '%q ' "$@" | head -c 300)-> rc=$RC in ${DUR_MS}ms${ERRTEXT:+; stderr: $(head -c 300 "$ERR" | tr '\n' '|')}"
}

# lim_as USER -- ARG...: nscap_as through lim_cmd (its own time limits).
lim_as() {
    local u=$1
    shift
    [[ ${1-} == -- ]] && shift
    LIM_CWD=$(home_of "$u") lim_cmd setpriv --reuid="$u" --regid="$(id -g "$u")" --init-groups \
        --reset-env -- "$NSCAP" "$@"
}

# lim_fault FAULT USER -- ARG...: nscap as USER under faultexec's seccomp filter for FAULT.
lim_fault() {
    local f=$1 u=$2
    shift 2
    [[ ${1-} == -- ]] && shift
    LIM_CWD=$(home_of "$u") lim_cmd "$FAULTEXEC" "$f" "$u" "$(home_of "$u")" -- "$NSCAP" "$@"
}

# bg_start USER ARG...: nscap as USER in a session of its own (setsid: the supervisor's pid is
# its process group id), output to BG_OUT BG_ERR; sets BG_PID (the supervisor, once it exists).
# A subshell of ours waits for it and writes its exit status to a file, so that bash never
# prints a "Killed" notice of its own when a case kills the supervisor.
bg_start() {
    local u=$1 home gid
    shift
    home=$(home_of "$u") gid=$(id -g "$u")
    IT_SEQ=$((${IT_SEQ:-0} + 1))
    BG_OUT=$NT_SCRATCH/bg$IT_SEQ.out
    BG_ERR=$NT_SCRATCH/bg$IT_SEQ.err
    BG_RCF=$NT_SCRATCH/bg$IT_SEQ.rc
    ERR=$BG_ERR
    BG_PID=
    (
        cd "$home" || exit 1
        { setsid setpriv --reuid="$u" --regid="$gid" --init-groups --reset-env -- \
            "$NSCAP" "$@" </dev/null >"$BG_OUT" 2>"$BG_ERR"; } 2>/dev/null
        echo $? >"$BG_RCF"
    ) &
    BG_SH=$!
    wait_for 5000 bg_find_supervisor || it_log "no supervisor under $BG_SH"
    it_log "background nscap as $u (pid ${BG_PID:-?}): $*"
}
bg_find_supervisor() { # the subshell's child once it is nscap (setsid, setpriv, nscap: one pid)
    local p
    p=$(ps -o pid= --ppid "$BG_SH" 2>/dev/null | head -1 | tr -d ' ')
    [[ -n $p && $(cat "/proc/$p/comm" 2>/dev/null) == nscap ]] || return 1
    BG_PID=$p
    LIM_BG+=("$p")
}

bg_done() { # (our subshell stays a zombie until waited for: kill -0 alone is not enough)
    [[ -s $BG_RCF ]] || ! kill -0 "$BG_SH" 2>/dev/null || [[ $(ps -o stat= -p "$BG_SH") == Z* ]]
}
# bg_wait SECONDS: wait for the background nscap to exit; sets RC (255 if it had to be killed).
bg_wait() {
    local deadline=$(($(date +%s%N) + $1 * 1000000000))
    while ! bg_done; do
        if (($(date +%s%N) > deadline)); then
            it_log "pid ${BG_PID:-?} still running after $1 s: killed"
            [[ -n $BG_PID ]] && kill -KILL "$BG_PID" 2>/dev/null
            wait "$BG_SH"
            RC=255
            return 1
        fi
        sleep 0.05
    done
    wait "$BG_SH"
    RC=$(cat "$BG_RCF" 2>/dev/null || echo 255)
    ERRTEXT=$(cat "$BG_ERR")
    it_log "pid ${BG_PID:-?} exited rc=$RC${ERRTEXT:+; stderr: $(head -c 300 "$BG_ERR" | tr '\n' '|')}"
    return 0
}

# wait_for MS CMD...: poll CMD every 50 ms until it succeeds or MS have passed.
wait_for() {
    local deadline=$(($(date +%s%N) + $1 * 1000000))
    shift
    until "$@"; do
        (($(date +%s%N) > deadline)) && return 1
        sleep 0.05
    done
}

# The first child of PID with command name COMM (the tool under its supervisor).
child_of() {
    local p
    for p in $(ps -o pid= --ppid "$1" 2>/dev/null); do
        [[ $(cat "/proc/$p/comm" 2>/dev/null) == "$2" ]] && { echo "$p"; return 0; }
    done
    return 1
}
has_start_record() { audit_find '"event":"start"' >/dev/null; }
# Sets TOOL_PID once the supervisor BG_PID runs a tool called COMM and its start is recorded.
wait_tool() { # COMM
    wait_for 10000 has_start_record || fail "no start record within 10 s" || return 1
    wait_for 5000 child_of "$BG_PID" "$1" >/dev/null ||
        fail "no $1 child under supervisor $BG_PID" || return 1
    TOOL_PID=$(child_of "$BG_PID" "$1") || fail "the $1 child of $BG_PID is gone already"
}

MSEQ=0
new_marker() { MSEQ=$((MSEQ + 1)); MARKER=$ALICE_HOME/lim-marker$MSEQ; rm -f "$MARKER"; }

# audit LOG [SKIP] helpers (audit.py); LOG defaults to $AUDIT, SKIP to the mark.
# expect_events EVENTS [LOG] [SKIP]: the new records are valid JSON lines and their events, in
# order, are EVENTS ("start,end").
expect_events() {
    local res events
    res=$("$PY" "$AUDITPY" check "${2:-$AUDIT}" "${3:-${AUDIT_MARK:-0}}" 2>&1)
    ! grep -q '^bad' <<<"$res" ||
        fail "audit log not JSON lines: $(grep '^bad' <<<"$res" | head -3 | tr '\n' ' ')" || return 1
    events=$(sed -n 's/^events //p' <<<"$res")
    [[ $events == "$1" ]] || fail "audit events '$events', expected '$1'"
}
# field EVENT KEY [LOG] [SKIP]: the JSON value of KEY in the first new EVENT record.
field() {
    "$PY" "$AUDITPY" field "${3:-$AUDIT}" "${4:-${AUDIT_MARK:-0}}" "$1" "$2" 2>/dev/null | head -1
}
# expect_field EVENT KEY VALUE(JSON) [LOG] [SKIP]
expect_field() {
    local v
    v=$(field "$1" "$2" "${4:-$AUDIT}" "${5:-${AUDIT_MARK:-0}}")
    [[ $v == "$3" ]] || fail "$1 record: $2 is ${v:-<no record>}, expected $3"
}
# expect_field_re EVENT KEY ERE [LOG] [SKIP]
expect_field_re() {
    local v
    v=$(field "$1" "$2" "${4:-$AUDIT}" "${5:-${AUDIT_MARK:-0}}")
    grep -q -E -- "$3" <<<"$v" || fail "$1 record: $2 is ${v:-<no record>}, expected /$3/"
}
# start and end (or error) records of the new run share one session id
expect_same_session() { # EVENT1 EVENT2 [LOG] [SKIP]
    local a b
    a=$(field "$1" session "${3:-$AUDIT}" "${4:-${AUDIT_MARK:-0}}")
    b=$(field "$2" session "${3:-$AUDIT}" "${4:-${AUDIT_MARK:-0}}")
    [[ -n $a && $a == "$b" ]] || fail "$1/$2 session mismatch: '$a' vs '$b'"
}

# expect_failed ERE: exit 125, stderr exactly one "nscap: " line matching ERE, nothing ran.
expect_failed() {
    expect_rc 125 || return 1
    expect_nscap_error_line || return 1
    grep -q -E -- "$1" "$ERR" ||
        fail "message '$(head -c 200 "$ERR" | tr '\n' '|')' does not match /$1/" || return 1
    expect_no_file "$MARKER"
}
# expect_error_record ERE [EVENTS]: the new records are EVENTS (default "error") and the
# error record's message matches ERE.
expect_error_record() {
    expect_events "${2:-error}" || return 1
    expect_field_re error error "$1"
}
expect_size() { # FILE BYTES WHAT
    local s
    s=$(stat -c %s "$1" 2>/dev/null)
    [[ $s == "$2" ]] || fail "$3: $1 is ${s:-missing} bytes, expected $2"
}
no_user_procs() { [[ -z $(ps -o pid= -u "$ALICE" 2>/dev/null) ]]; }

# ---------------------------------------------------------------- 1. load

# 200 concurrent invocations from 4 users, released at once through a lock: alice (oncall: 40
# probe runs, 10 of a tool no rule names), carol (oncall: 50 probe runs), bob and dave (no rule:
# 100 denials, dave's half for tcpdump). Each allowed run sleeps 0-99 ms so starts and ends of
# different sessions overlap. Exactly 200 start/deny records, one end per start (same session),
# every line one JSON object, nothing lost, every exit status as expected, all within 30 s.
t_load() {
    local d=$NT_SCRATCH/load gate=$NT_SCRATCH/load.gate i k u exp g t0 t1 bad=0 pids=() args
    local -A home gid
    for u in "$ALICE" "$CAROL" "$BOB" "$DAVE"; do home[$u]=$(home_of "$u") gid[$u]=$(id -g "$u"); done
    mkdir -p "$d" && : >"$gate" || { fail "setup: $d"; return 1; }
    exec {g}>"$gate"
    flock -x "$g"
    t0=$(date +%s%N)
    for ((i = 0; i < 200; i++)); do
        k=$((i / 4))
        case $((i % 4)) in
        0) u=$ALICE
            if ((k % 5 == 0)); then args=(probe-denied msleep 10); exp=126
            else args=(probe msleep $((k * 7 % 100))); exp=0; fi ;;
        1) u=$CAROL args=(probe msleep $((k * 13 % 100))) exp=0 ;;
        2) u=$BOB args=(probe msleep 10) exp=126 ;;
        3) u=$DAVE exp=126
            if ((k % 2)); then args=(probe msleep 10); else args=(tcpdump -i lo -c 1 -w d.pcap); fi ;;
        esac
        echo "$exp" >"$d/$i.exp"
        (
            exec {g}>&-
            flock -s "$gate" true
            cd "${home[$u]}" &&
                timeout -k 2 25 setpriv --reuid="$u" --regid="${gid[$u]}" --init-groups \
                    --reset-env -- "$NSCAP" "$CID" "${args[@]}" </dev/null >"$d/$i.out" 2>"$d/$i.err"
            echo $? >"$d/$i.rc"
        ) &
        pids+=($!)
    done
    flock -u "$g"
    exec {g}>&-
    wait "${pids[@]}"
    t1=$(date +%s%N)
    it_log "load: 200 invocations in $(((t1 - t0) / 1000000)) ms"
    for ((i = 0; i < 200; i++)); do
        if [[ $(cat "$d/$i.rc" 2>/dev/null) != "$(cat "$d/$i.exp")" ]]; then
            ((bad++ < 3)) && it_log "load run $i: exit $(cat "$d/$i.rc" 2>/dev/null), expected $(cat "$d/$i.exp"): $(head -c 200 "$d/$i.err")"
        elif [[ $(cat "$d/$i.exp") == 0 ]] && ! grep -qx 'msleep ok' "$d/$i.out"; then
            ((bad++ < 3)) && it_log "load run $i: the probe did not report"
        fi
    done
    ((bad == 0)) || fail "$bad of 200 runs exited with an unexpected status" || return 1
    (((t1 - t0) / 1000000 <= 30000)) || fail "took $(((t1 - t0) / 1000000)) ms, expected <= 30 s" || return 1
    local st want k2 v
    st=$("$PY" "$AUDITPY" stats "$AUDIT" "$AUDIT_MARK")
    it_log "load audit: $(tr '\n' ' ' <<<"$st")"
    for want in "lines 290" "bad 0" "events.start 90" "events.deny 110" "events.end 90" \
        "start.$ALICE_UID 40" "start.$CAROL_UID 50" "deny.$ALICE_UID 10" "deny.$BOB_UID 50" \
        "deny.$DAVE_UID 50" "sessions_unique 1" "unpaired_start 0" "orphan_end 0" \
        "end_exit_nonzero 0" "tail_newline 1"; do
        k2=${want% *}
        v=$(awk -v k="$k2" '$1 == k { print $2 }' <<<"$st")
        [[ ${v:-0} == "${want#* }" ]] || fail "audit: $k2 is ${v:-0}, expected ${want#* }" || return 1
    done
    # nothing but start, deny and end
    v=$(grep '^events\.' <<<"$st" | grep -v -E '^events\.(start|deny|end) ' | tr '\n' ' ')
    [[ -z $v ]] || fail "unexpected records: $v"
}
run_test load-200-concurrent-4-users t_load

# ---------------------------------------------------------------- 2. faults: the audit log

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
    NSCAP_TIMEOUT=3 NSCAP_KILL_AFTER=1 lim_as "$ALICE" -- "$CID" probe marker "$MARKER"
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
    bg_start "$ALICE" "$CID" probe marker "$MARKER"
    if ! wait_for 3000 bg_done; then
        sys=$(cut -d' ' -f1 "/proc/$BG_PID/syscall" 2>/dev/null)
        it_log "nscap $BG_PID still running after 3 s: syscall ${sys:-?} (257 = openat), wchan $(cat "/proc/$BG_PID/wchan" 2>/dev/null)"
        kill -KILL "$BG_PID"
    fi
    bg_wait 5
    rm -f "$AUDIT" && mv "$AUDIT.real" "$AUDIT"
    [[ -z ${sys-} ]] || fail "still blocked after 3 s in syscall $sys on the FIFO (killed)" || return 1
    expect_failed 'audit log' || return 1
    expect_size "$AUDIT" "$size" "the log (restored)"
}
run_test fault-log-fifo t_log_fifo

# ---- a full disk: the log directory becomes a 16 KiB tmpfs (the real log stays underneath)

tmpfs_log() { # fresh 16 KiB tmpfs on the log directory with an empty root-owned 0600 log
    tmpfs_log_off
    mount -t tmpfs -o size=16k,mode=0700,uid=0,gid=0 nscapt-log "$NT_LOG" || return 1
    install -o root -g root -m 0600 /dev/null "$AUDIT"
}
tmpfs_log_off() {
    while mountpoint -q "$NT_LOG"; do umount "$NT_LOG" || return 1; done
}
# Fill the tmpfs to the last byte; the log file itself is not written.
fill_disk() {
    dd if=/dev/zero of="$NT_LOG/fill.$1" bs=4096 2>/dev/null
    [[ $(df --output=avail -B1 "$NT_LOG" | tail -1 | tr -d ' ') == 0 ]] ||
        { it_log "df: $(df -B1 "$NT_LOG" | tail -1)"; return 1; }
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
    "$PY" -c 'import sys; n=int(sys.argv[1]); h="{\"event\":\"pad\",\"pad\":\""; t="\"}\n"
sys.stdout.write(h + "x" * (n - len(h) - len(t)) + t)' "$r" >>"$AUDIT"
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
    "$PY" -c 'import sys; h="{\"event\":\"pad\",\"pad\":\""; t="\"}\n"
sys.stdout.write(h + "x" * (4096 - 60 - len(h) - len(t)) + t)' >>"$AUDIT"
    fill_disk 1 || { tmpfs_log_off; fail "cannot inject: tmpfs full disk"; return 1; }
    size=$(stat -c %s "$AUDIT")
    nscap_as "$ALICE" -- "$CID" probe marker "$MARKER"
    local after rc=$RC
    after=$(stat -c %s "$AUDIT")
    it_log "log: $size bytes before, $after after; tail: $(tail -c 80 "$AUDIT" | tr '\n' '|')"
    expect_events pad "$AUDIT" 0
    local r=$?
    tmpfs_log_off
    ((r == 0)) || return 1
    RC=$rc expect_failed 'audit log'
}
run_test fault-full-disk-no-torn-record t_full_disk_torn

# The disk fills while the tool runs: the end record cannot be written. The loss must not be
# silent: nscap says so on stderr ("nscap: ... audit log ...").
t_full_disk_during_run() {
    tmpfs_log || { fail "cannot inject: tmpfs"; return 1; }
    audit_mark
    bg_start "$ALICE" "$CID" probe sleep 2
    wait_tool probe || { tmpfs_log_off; return 1; }
    pad_log_to_page && fill_disk 1 || { bg_wait 10; tmpfs_log_off; fail "cannot inject: fill"; return 1; }
    bg_wait 10
    local res
    res=$(expect_events start,pad "$AUDIT" 0 && echo ok)
    tmpfs_log_off
    [[ $res == ok ]] || fail "the full log: expected the start record and the padding only" || return 1
    it_log "tool exit status reported: $RC"
    grep -q '^nscap: .*audit log' "$BG_ERR" ||
        fail "the end record was lost silently (exit $RC, stderr: $(head -c 200 "$BG_ERR" | tr '\n' '|'))"
}
run_test fault-full-disk-during-run-not-silent t_full_disk_during_run

# ---- syslog

# No syslog socket: the file alone is the record, and nscap runs normally. This machine's own
# /dev/log is never touched: where it exists, the run happens in a private mount namespace
# with an empty tmpfs on /dev.
PRIVDEV='d=$1; shift; mount -t tmpfs -o mode=0755,size=64k nscapt-dev "$d" && for n in null zero urandom random full; do : >"$d/$n" && mount --bind "/dev/$n" "$d/$n"; done && mount --rbind "$d" /dev && exec "$@"'
t_syslog_absent() {
    local home
    home=$(home_of "$ALICE")
    if [[ -e /dev/log ]]; then
        it_log "/dev/log exists: running without it in a private mount namespace"
        mkdir -p "$NT_SCRATCH/dev"
        lim_cmd unshare -m --propagation private bash -c "$PRIVDEV" _ "$NT_SCRATCH/dev" \
            setpriv --reuid="$ALICE" --regid="$(id -g "$ALICE")" --init-groups --reset-env -- \
            "$NSCAP" "$CID" probe exit 0
    else
        it_log "this machine has no /dev/log"
        nscap_as "$ALICE" -- "$CID" probe exit 0
    fi
    expect_rc 0 || return 1
    expect_stderr_empty_of_nscap || return 1
    expect_events start,end || return 1
    expect_same_session start end
}
run_test syslog-absent-file-alone t_syslog_absent

# A syslog socket present (our own, on a private /dev): start, end and deny reach it as
# authpriv.notice (<85>) with the audit record's session.
SYSLOG_LISTENER='
import os, socket, sys, time
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind("/dev/log")
s.settimeout(0.1)
out = open(sys.argv[1], "w")
end = time.time() + 20
while time.time() < end and not os.path.exists(sys.argv[2]):
    try:
        m = s.recv(65536)
    except socket.timeout:
        continue
    out.write(m.decode("utf-8", "replace").replace("\n", " ") + "\n")
    out.flush()
'
t_syslog_present() {
    local msgs=$NT_SCRATCH/syslog.txt stop=$NT_SCRATCH/syslog.stop s_start s_deny
    rm -f "$msgs" "$stop"
    mkdir -p "$NT_SCRATCH/dev"
    cat >"$NT_SCRATCH/syslog-run.sh" <<EOF
"$PY" -c '$SYSLOG_LISTENER' "$msgs" "$stop" &
for _ in \$(seq 100); do [ -S /dev/log ] && break; sleep 0.05; done
(cd "$ALICE_HOME" && setpriv --reuid="$ALICE" --regid="$(id -g "$ALICE")" --init-groups --reset-env -- "$NSCAP" "$CID" probe exit 0 >/dev/null)
echo "alice \$?"
(cd "$(home_of "$BOB")" && setpriv --reuid="$BOB" --regid="$(id -g "$BOB")" --init-groups --reset-env -- "$NSCAP" "$CID" probe exit 0 >/dev/null)
echo "bob \$?"
sleep 0.3
: >"$stop"
wait
EOF
    lim_cmd unshare -m --propagation private bash -c "$PRIVDEV" _ "$NT_SCRATCH/dev" \
        bash "$NT_SCRATCH/syslog-run.sh"
    grep -qx 'alice 0' "$OUT" && grep -qx 'bob 126' "$OUT" ||
        fail "runs: $(tr '\n' ' ' <"$OUT") $(head -c 200 "$ERR")" || return 1
    expect_events start,end,deny || return 1
    s_start=$(field start session | tr -d '"')
    s_deny=$(field deny session | tr -d '"')
    it_log "syslog: $(head -c 600 "$msgs" | tr '\n' '|')"
    grep -q -E "^<85>[A-Z][a-z]{2} [ 0-9][0-9] [0-9:]{8} nscap\[[0-9]+\]: start session=$s_start uid=$ALICE_UID .*tool=probe" "$msgs" ||
        fail "no authpriv.notice start message for session $s_start" || return 1
    grep -q -E "^<85>.* nscap\[[0-9]+\]: end session=$s_start uid=$ALICE_UID .* exit=0 signal=0 " "$msgs" ||
        fail "no end message for session $s_start" || return 1
    grep -q -E "^<85>.* nscap\[[0-9]+\]: deny session=$s_deny uid=$BOB_UID " "$msgs" ||
        fail "no deny message for session $s_deny"
}
run_test syslog-present-authpriv t_syslog_present

# ---- the policy

t_policy_fault() { # KIND
    new_marker
    case $1 in
    directory) mv "$POLICY" "$POLICY.real" && install -d -m 0755 "$POLICY" ;;
    missing) mv "$POLICY" "$POLICY.real" ;;
    truncated) cp -p "$POLICY" "$POLICY.real" &&
        head -n "$(grep -n -m1 '^tool probe {' "$POLICY.real" | cut -d: -f1)" "$POLICY.real" >"$POLICY" ;;
    esac || { fail "setup: $1"; return 1; }
    nscap_as "$ALICE" -- "$CID" probe marker "$MARKER"
    rm -rf "$POLICY" && mv "$POLICY.real" "$POLICY"
    case $1 in
    directory) expect_failed "policy $POLICY: not a regular file" || return 1 ;;
    missing) expect_failed "policy $POLICY: No such file" || return 1 ;;
    truncated)
        # parse errors as file:line:col, all of them, then one "nscap: " line; nothing ran
        expect_rc 125 || return 1
        expect_no_file "$MARKER" || return 1
        grep -q -E "^$POLICY:[0-9]+:[0-9]+: " "$ERR" || fail "no file:line:col message" || return 1
        [[ $(grep -c -v -E "^$POLICY:[0-9]+:[0-9]+: " "$ERR") == 1 ]] &&
            tail -n 1 "$ERR" | grep -q '^nscap: .*refusing to run' ||
            fail "stderr: $(head -c 300 "$ERR" | tr '\n' '|')" || return 1
        ;;
    esac
    expect_error_record "policy|$POLICY"
}
run_test fault-policy-is-directory t_policy_fault directory
run_test fault-policy-missing t_policy_fault missing
run_test fault-policy-truncated t_policy_fault truncated

# ---- runtime state

t_state_fault() { # KIND
    local id=$CID dir
    new_marker
    case $1 in
    garbage | fifo | oversize | directory)
        id=${LIM_FAKE_PREFIX}$1
        dir=$RUNC_ROOT/$id
        install -d -o root -g root -m 0711 "$dir" || { fail "setup"; return 1; }
        ;;
    esac
    case $1 in
    garbage) head -c 3000 /dev/urandom >"$dir/state.json" ;;
    fifo) mkfifo -m 0600 "$dir/state.json" ;;
    directory) install -d -m 0700 "$dir/state.json" ;;
    oversize) { sed 's/}$//' "$RUNC_ROOT/$CID/state.json"; printf ',"pad":"'; head -c $((5 << 20)) /dev/zero | tr '\0' x; printf '"}'; } >"$dir/state.json" ;;
    truncated) STATE_BACKUP=$RUNC_ROOT/$CID/state.json.lim-backup
        cp -p "$RUNC_ROOT/$CID/state.json" "$STATE_BACKUP" &&
            head -c "$(($(stat -c %s "$STATE_BACKUP") / 2))" "$STATE_BACKUP" >"$RUNC_ROOT/$CID/state.json" ;;
    esac || { fail "setup: $1"; return 1; }
    [[ -n ${dir-} ]] && chmod 0600 "$dir/state.json" 2>/dev/null
    NSCAP_TIMEOUT=10 nscap_as "$ALICE" -- "$id" probe marker "$MARKER"
    if [[ $1 == truncated ]]; then
        cp -f "$STATE_BACKUP" "$RUNC_ROOT/$CID/state.json" && rm -f "$STATE_BACKUP" && STATE_BACKUP=
    else
        rm -rf "$dir"
    fi
    expect_failed "no container matches '$id'" || return 1
    ((DUR_MS < 5000)) || fail "took ${DUR_MS} ms to refuse" || return 1
    expect_error_record "no container matches"
}
run_test fault-state-garbage t_state_fault garbage
run_test fault-state-truncated t_state_fault truncated
run_test fault-state-fifo t_state_fault fifo
run_test fault-state-directory t_state_fault directory
run_test fault-state-oversize t_state_fault oversize

# ---- system calls failing, through a seccomp filter the test installs (faultexec.c)

# Control: the launcher itself (a filter on a syscall nscap never makes) changes nothing.
t_sys_control() {
    new_marker
    lim_fault none "$ALICE" -- "$CID" probe marker "$MARKER"
    expect_rc 0 || return 1
    [[ -f $MARKER ]] || fail "the probe did not run under faultexec" || return 1
    expect_events start,end
}
run_test fault-syscall-control t_sys_control

# setns fails (ENOSYS): nothing ran, an error record names setns.
t_setns_fails() {
    new_marker
    lim_fault setns "$ALICE" -- "$CID" probe marker "$MARKER"
    expect_failed 'setns.*Function not implemented' || return 1
    expect_error_record 'setns.*Function not implemented' || return 1
    expect_field error uid "$ALICE_UID"
}
run_test fault-setns-enosys t_setns_fails

# fork fails (EAGAIN; RLIMIT_NPROC cannot do it, nscap holds real uid 0): nothing ran; the
# start already written is followed by an error record of the same session naming fork.
t_fork_fails() {
    new_marker
    lim_fault fork "$ALICE" -- "$CID" probe marker "$MARKER"
    expect_failed 'fork.*Resource temporarily unavailable' || return 1
    expect_error_record 'fork.*Resource temporarily unavailable' start,error || return 1
    expect_same_session start error
}
run_test fault-fork-eagain t_fork_fails

# execveat fails (ENOENT): the child reports it, the end record carries the error, exit 125.
t_execveat_fails() {
    new_marker
    lim_fault execveat "$ALICE" -- "$CID" probe marker "$MARKER"
    expect_failed 'execut.*No such file' || return 1
    expect_events start,end || return 1
    expect_same_session start end || return 1
    expect_field end exit 125 || return 1
    expect_field_re end error 'execut.*No such file'
}
run_test fault-execveat-enoent t_execveat_fails

# The tool's seccomp filter cannot be loaded (EINVAL): the tool never runs unfiltered.
t_seccomp_fails() {
    new_marker
    lim_fault seccomp "$ALICE" -- "$CID" probe marker "$MARKER"
    expect_failed 'seccomp' || return 1
    expect_events start,end || return 1
    expect_same_session start end || return 1
    expect_field end exit 125 || return 1
    expect_field_re end error 'seccomp'
}
run_test fault-seccomp-load-fails t_seccomp_fails

# ---------------------------------------------------------------- 3. signals

# SIGINT to the process group (what ^C does) of a capture: tcpdump prints its statistics, the
# exit status is what tcpdump reports (and the end record says the same), end recorded.
t_sigint_group() {
    local f=$ALICE_HOME/sigint.pcap pgid
    rm -f "$f"
    bg_start "$ALICE" "$CID" tcpdump -i lo -nn -w sigint.pcap
    wait_tool tcpdump || { bg_wait 1; return 1; }
    wait_for 10000 grep -q 'listening on' "$BG_ERR" || fail "tcpdump did not start" || { bg_wait 1; return 1; }
    sleep 1.5 # port 8080 traffic: a few packets every 0.2 s
    pgid=$(ps -o pgid= -p "$BG_PID" | tr -d ' ')
    [[ $pgid == "$BG_PID" && $(ps -o pgid= -p "$TOOL_PID" | tr -d ' ') == "$pgid" ]] ||
        fail "supervisor and tool not in process group $BG_PID" || { bg_wait 1; return 1; }
    kill -INT -- "-$pgid"
    bg_wait 10 || fail "nscap did not exit within 10 s of SIGINT" || return 1
    grep -q -E 'packets? captured' "$BG_ERR" ||
        fail "no tcpdump statistics on stderr: $(head -c 200 "$BG_ERR" | tr '\n' '|')" || return 1
    # a graceful stop: the file holds exactly the packets tcpdump says it captured
    local n got
    n=$(sed -n 's/^\([0-9]*\) packets\{0,1\} captured$/\1/p' "$BG_ERR")
    got=$(tcpdump -r "$f" -nn 2>/dev/null | grep -c .)
    [[ -n $n && $got == "$n" ]] || fail "capture holds $got packets, tcpdump reported ${n:-?}" || return 1
    expect_events start,end || return 1
    expect_same_session start end || return 1
    local ex sg
    ex=$(field end exit) sg=$(field end signal)
    if [[ $ex =~ ^[0-9]+$ ]]; then
        [[ $RC == "$ex" ]] || fail "exit $RC, the end record says exit $ex" || return 1
    else
        [[ $sg == '"SIGINT"' && $RC == 130 ]] || fail "exit $RC, end record exit $ex signal $sg" || return 1
    fi
    expect_field end output '"sigint.pcap"' || return 1
    expect_field end output_bytes "$(stat -c %s "$f")" || return 1
    expect_stderr_empty_of_nscap
}
run_test signal-sigint-group-tcpdump-stats t_sigint_group

# SIGTERM / SIGHUP from root to the supervisor alone: forwarded, the tool dies of it.
t_forward() { # SIGNAL NUMBER
    bg_start "$ALICE" "$CID" probe sleep 30
    wait_tool probe || { bg_wait 1; return 1; }
    kill -"$1" "$BG_PID"
    bg_wait 5 || fail "nscap did not exit within 5 s of $1" || return 1
    expect_rc $((128 + $2)) || return 1
    expect_events start,end || return 1
    expect_same_session start end || return 1
    expect_field end signal "\"SIG$1\"" || return 1
    expect_field end timed_out 0 || return 1
    wait_for 1000 no_user_procs || fail "processes of $ALICE left"
}
run_test signal-sigterm-supervisor-forwarded t_forward TERM 15
run_test signal-sighup-supervisor-forwarded t_forward HUP 1

# SIGKILL to the supervisor: the tool (PR_SET_PDEATHSIG) is gone within 1 s.
tool_gone() { [[ ! -e /proc/$TOOL_PID || $(ps -o stat= -p "$TOOL_PID" 2>/dev/null) == Z* ]]; }
t_sigkill_supervisor() {
    local t0 t1
    bg_start "$ALICE" "$CID" probe sleep 30
    wait_tool probe || { bg_wait 1; return 1; }
    t0=$(date +%s%N)
    kill -KILL "$BG_PID"
    wait_for 1000 tool_gone
    t1=$(date +%s%N)
    bg_wait 2
    tool_gone || { kill -KILL "$TOOL_PID"; fail "the tool $TOOL_PID outlived its killed supervisor by 1 s"; return 1; }
    it_log "the tool was gone $(((t1 - t0) / 1000000)) ms after SIGKILL to the supervisor"
    expect_rc 137 || return 1
    expect_events start
}
run_test signal-sigkill-supervisor-tool-dies t_sigkill_supervisor

# The caller cannot signal the supervisor (EPERM: its real and saved uid are 0) but can signal
# their own tool; the end record then names the tool's signal.
t_caller_signals() {
    local res
    bg_start "$ALICE" "$CID" probe sleep 30
    wait_tool probe || { bg_wait 1; return 1; }
    res=$(run_as "$ALICE" bash -c 'for s in TERM KILL STOP INT; do kill -s $s "$1" 2>&1 && echo "$s delivered"; done' _ "$BG_PID")
    it_log "alice -> supervisor: $(tr '\n' '|' <<<"$res")"
    [[ $(grep -c 'Operation not permitted' <<<"$res") == 4 ]] ||
        fail "alice could signal the supervisor: $(tr '\n' '|' <<<"$res")" || { bg_wait 1; return 1; }
    kill -0 "$BG_PID" && [[ $(ps -o stat= -p "$BG_PID") != T* ]] ||
        fail "the supervisor is stopped or gone" || { bg_wait 1; return 1; }
    res=$(run_as "$ALICE" bash -c 'kill -s TERM "$1" 2>&1 && echo delivered' _ "$TOOL_PID")
    [[ $res == delivered ]] || fail "alice could not signal her own tool: $res" || { bg_wait 1; return 1; }
    bg_wait 5 || fail "nscap did not exit after the tool was killed" || return 1
    expect_rc 143 || return 1
    expect_events start,end || return 1
    expect_field end signal '"SIGTERM"' || return 1
    expect_field end stop_signal null
}
run_test signal-caller-cannot-signal-supervisor t_caller_signals

# max-time 2s on a tool that ignores SIGTERM: SIGTERM at 2 s, SIGKILL 2 s later, exit 124.
t_time_limit() {
    NSCAP_TIMEOUT=20 nscap_as "$ALICE" -- "$CID" probe-short sleep-noterm 60
    expect_rc 124 || return 1
    ((DUR_MS >= 3800 && DUR_MS <= 5500)) || fail "took ${DUR_MS} ms, expected 4-5.5 s" || return 1
    grep -q '^nscap: probe-short stopped at its time limit of 2s' "$ERR" ||
        fail "no time limit message: $(head -c 200 "$ERR")" || return 1
    expect_events start,end || return 1
    expect_same_session start end || return 1
    expect_field end timed_out 1 || return 1
    expect_field end stop_signal '"SIGKILL"' || return 1
    expect_field end signal '"SIGKILL"' || return 1
    wait_for 1000 no_user_procs || fail "processes of $ALICE left"
}
run_test signal-time-limit-sigkill-after-grace t_time_limit

# ---------------------------------------------------------------- 4. max-bytes

# Bulk TCP on the container's loopback (512 KiB a connection, port 9090), for about 15 s.
burst_start() {
    timeout 30 runc --root "$RUNC_ROOT" exec -d "$CID" /bin/sh -c \
        'i=0; while [ $i -lt 300 ]; do nc -l -p 9090 >/dev/null; i=$((i+1)); done' \
        </dev/null >/dev/null 2>&1 || return 1
    timeout 30 runc --root "$RUNC_ROOT" exec -d "$CID" /bin/sh -c \
        'sleep 0.3; i=0; while [ $i -lt 300 ]; do /bin/busybox dd if=/dev/zero bs=65536 count=8 2>/dev/null | nc -w 1 127.0.0.1 9090; sleep 0.05; i=$((i+1)); done' \
        </dev/null >/dev/null 2>&1
}

# tcpdump -w under max-bytes 64K: the file never exceeds 64 KiB, the end record has its size
# and how tcpdump ended (SIGXFSZ), well before the time limit.
t_tcpdump_max_bytes() {
    local f=$ALICE_HOME/big.pcap size
    rm -f "$f"
    burst_start || { fail "cannot start bulk traffic"; return 1; }
    NSCAP_TIMEOUT=30 nscap_as "$ALICE" -- "$CID" tcpdump-64k -i lo -nn -w big.pcap
    size=$(stat -c %s "$f" 2>/dev/null)
    it_log "big.pcap: ${size:-missing} bytes"
    [[ -n $size ]] && ((size > 0 && size <= 65536)) ||
        fail "capture is ${size:-missing} bytes, expected 1..65536" || return 1
    expect_events start,end || return 1
    expect_field end timed_out 0 || return 1
    expect_field end output '"big.pcap"' || return 1
    expect_field end output_bytes "$size" || return 1
    expect_field end signal '"SIGXFSZ"' || return 1
    expect_rc $((128 + 25))
}
run_test maxbytes-tcpdump-64k t_tcpdump_max_bytes

# The probe writes past the limit with SIGXFSZ at its default: killed, file exactly 64 KiB.
t_probe_fill_sigxfsz() {
    rm -f "$ALICE_HOME/fill1.bin"
    nscap_as "$ALICE" -- "$CID" probe-64k fill fill1.bin 200000
    expect_rc $((128 + 25)) || return 1
    expect_size "$ALICE_HOME/fill1.bin" 65536 "file written past max-bytes" || return 1
    expect_events start,end || return 1
    expect_field end signal '"SIGXFSZ"'
}
run_test maxbytes-probe-sigxfsz t_probe_fill_sigxfsz

# With SIGXFSZ ignored the write past the limit fails with EFBIG; under the limit all is well.
t_probe_fill_efbig() {
    rm -f "$ALICE_HOME/fill2.bin" "$ALICE_HOME/fill3.bin"
    nscap_as "$ALICE" -- "$CID" probe-64k fill-noxfsz fill2.bin 200000
    expect_rc 0 || return 1
    expect_eq "$(probe_val fill)" EFBIG "write past the limit" || return 1
    expect_eq "$(probe_val fill_bytes)" 65536 "bytes written" || return 1
    expect_size "$ALICE_HOME/fill2.bin" 65536 "file" || return 1
    nscap_as "$ALICE" -- "$CID" probe-64k fill fill3.bin 65536
    expect_rc 0 || return 1
    expect_eq "$(probe_val fill)" ok "write of exactly 64 KiB" || return 1
    expect_size "$ALICE_HOME/fill3.bin" 65536 "file"
}
run_test maxbytes-probe-efbig-and-exact-limit t_probe_fill_efbig

# ---------------------------------------------------------------- 5. log rotation

# Move the log away between two runs: the first file keeps the first run's records, the second
# run creates a new log, root:root 0600 even under the caller's umask 000, with its records only.
t_rotate_between() {
    local s1 s2
    nscap_as "$ALICE" -- "$CID" probe exit 0
    expect_rc 0 && expect_events start,end || return 1
    s1=$(field start session)
    mv "$AUDIT" "$AUDIT.1" || { fail "setup: mv"; return 1; }
    lim_cmd setpriv --reuid="$ALICE" --regid="$(id -g "$ALICE")" --init-groups --reset-env -- \
        bash -c 'umask 000; exec "$@"' _ "$NSCAP" "$CID" probe exit 0
    expect_rc 0 || return 1
    [[ -f $AUDIT && ! -L $AUDIT ]] || fail "no new log" || return 1
    expect_eq "$(stat -c '%u:%g %a' "$AUDIT")" "0:0 600" \
        "new log owner:group mode (the caller's uid:gid is $ALICE_UID:$ALICE_GID)" || return 1
    expect_events start,end "$AUDIT" 0 || return 1
    s2=$(field start session "$AUDIT" 0)
    [[ $s2 != "$s1" ]] || fail "same session in both files" || return 1
    expect_eq "$("$PY" "$AUDITPY" sessions "$AUDIT.1" "$AUDIT_MARK" | tr '\n' ' ')" \
        "start ${s1//\"/} end ${s1//\"/} " "the rotated file's new records" || return 1
    rm -f "$AUDIT.1"
}
run_test rotate-between-runs t_rotate_between

# Move the log away while a run is going on: its end record follows the file it opened (both
# records of a session stay together); the next invocation creates the new file.
t_rotate_mid_run() {
    bg_start "$ALICE" "$CID" probe sleep 3
    wait_tool probe || { bg_wait 5; return 1; }
    mv "$AUDIT" "$AUDIT.2" || { bg_wait 5; fail "setup: mv"; return 1; }
    kill -0 "$TOOL_PID" || fail "the tool ended before the log was moved" || { bg_wait 5; return 1; }
    bg_wait 10 || return 1
    expect_rc 0 || return 1
    [[ ! -e $AUDIT ]] || fail "the running invocation created a new log" || return 1
    expect_events start,end "$AUDIT.2" || return 1
    expect_same_session start end "$AUDIT.2" || return 1
    nscap_as "$ALICE" -- "$CID" probe exit 0
    expect_rc 0 && expect_events start,end "$AUDIT" 0 || return 1
    rm -f "$AUDIT.2"
}
run_test rotate-during-run t_rotate_mid_run

echo "# limits: $IT_PASSED passed, $IT_FAILED failed" >&2
[[ $IT_FAILED -eq 0 ]]
