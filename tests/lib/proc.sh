# SPDX-License-Identifier: ISC
# shellcheck shell=bash disable=SC2015,SC2016,SC2119,SC2120
# Processes, background helpers and the suites' lock, read from /proc only: the cleanup must work
# where procps is missing or broken (a helper left running once kept the lock for minutes).

NT_LOCK=/run/lock/nscap-test.lock
LOCK_WAIT=${NSCAP_LOCK_WAIT:-1500}
LOCK_PID=
BG_PIDS=() # "PID:STARTTIME" of every tracked background helper

log() { printf '# %s\n' "$*" >&2; }

# proc_map: PPID_OF[pid]=ppid for every process but zombies (gone already, bar the reaping).
proc_map() {
    local f line a
    PPID_OF=()
    for f in /proc/[0-9]*/stat; do
        { read -r line <"$f"; } 2>/dev/null || continue
        read -r -a a <<<"${line##*) }"
        [[ ${a[0]} == Z ]] || PPID_OF[${f//[!0-9]/}]=${a[1]}
    done
}
declare -A PPID_OF=()

# proc_tree ROOT [SKIP...]: every descendant of ROOT, parents first, leaving out the SKIP pids and
# theirs.
proc_tree() {
    local root=$1 p q queue
    local -A kids=() skip=([$BASHPID]=1)
    shift
    for p in "$@"; do skip[$p]=1; done
    proc_map
    for p in "${!PPID_OF[@]}"; do kids[${PPID_OF[$p]}]+="$p "; done
    queue=("$root")
    while ((${#queue[@]})); do
        p=${queue[0]}
        queue=("${queue[@]:1}")
        for q in ${kids[$p]-}; do
            [[ -n ${skip[$q]-} ]] && continue
            echo "$q"
            queue+=("$q")
        done
    done
}

proc_ppid() {
    local line a
    { read -r line <"/proc/$1/stat"; } 2>/dev/null || return 1
    read -r -a a <<<"${line##*) }"
    echo "${a[1]}"
}

# proc_start PID: start time in clock ticks (field 22), empty if gone.
proc_start() {
    local line a
    { read -r line <"/proc/$1/stat"; } 2>/dev/null || return 1
    read -r -a a <<<"${line##*) }"
    echo "${a[19]}"
}

# proc_alive PID: running (a zombie is not).
proc_alive() {
    local line
    { read -r line <"/proc/$1/stat"; } 2>/dev/null || return 1
    line=${line##*) }
    [[ ${line:0:1} != Z ]]
}

proc_cmdline() { { tr "\0" " " <"/proc/$1/cmdline"; } 2>/dev/null | head -c "${2:-200}" | sed "s/ $//"; }

# procs_of_uids UID...: pids whose real or effective uid is one of them.
procs_of_uids() {
    local f k r e u
    for f in /proc/[0-9]*/status; do
        { while read -r k r e _; do [[ $k == Uid: ]] && break; done <"$f"; } 2>/dev/null || continue
        for u; do
            [[ $r == "$u" || $e == "$u" ]] && { echo "${f//[!0-9]/}"; break; }
        done
    done
}

# kill_pids PID...: SIGTERM, up to a second to go, then SIGKILL.
kill_pids() {
    local p left _
    (($#)) || return 0
    kill -TERM "$@" 2>/dev/null
    for _ in 1 2 3 4 5 6 7 8 9 10; do
        left=()
        for p; do proc_alive "$p" && left+=("$p"); done
        ((${#left[@]})) || return 0
        sleep 0.1
    done
    kill -KILL "${left[@]}" 2>/dev/null
    return 0
}

# kill_tree PID: PID and its descendants (PID stopped first: it starts no new child meanwhile).
kill_tree() {
    local pids
    kill -STOP "$1" 2>/dev/null
    mapfile -t pids < <(proc_tree "$1")
    kill -TERM "$1" 2>/dev/null
    kill -CONT "$1" 2>/dev/null
    kill_pids "$1" "${pids[@]}"
}

# ---------------------------------------------------------------- background helpers

# bg_spawn CMD...: CMD in the background (stdin /dev/null), tracked: killed with its descendants
# when the suite ends, and never counted as a case's process by the watchdog of a later case.
bg_spawn() {
    "$@" </dev/null &
    BG_LAST=$!
    bg_track "$BG_LAST"
}
# bg_track PID: track a process started with &.
bg_track() { BG_PIDS+=("$1:$(proc_start "$1")"); }

# bg_live: the tracked helpers still running (pid and start time both match: pids are reused).
bg_live() {
    local e
    for e in "${BG_PIDS[@]}"; do
        [[ -n ${e#*:} && $(proc_start "${e%%:*}") == "${e#*:}" ]] && echo "${e%%:*}"
    done
}

# bg_stop PID...: end tracked helpers (and their descendants) now, and reap them.
bg_stop() {
    local p live
    live=" $(bg_live | tr '\n' ' ') "
    for p; do
        [[ $live == *" $p "* ]] || continue
        kill_tree "$p"
        wait "$p" 2>/dev/null
    done
    return 0
}
bg_stop_all() {
    local pids
    mapfile -t pids < <(bg_live)
    ((${#pids[@]})) && bg_stop "${pids[@]}"
    BG_PIDS=()
}

# kill_ours: every process this suite started that still runs (tracked helpers, descendants of
# the suite's shell), but the lock holder.
kill_ours() {
    local pids
    bg_stop_all
    mapfile -t pids < <(proc_tree $$ $LOCK_PID)
    ((${#pids[@]})) || return 0
    log "killing ${#pids[@]} processes left by the suite: $(for p in "${pids[@]}"; do proc_cmdline "$p" 60; echo -n '; '; done)"
    kill_pids "${pids[@]}"
}

# ---------------------------------------------------------------- the lock

# Every suite that uses /opt/nscap-test holds NT_LOCK for its whole run. The lock is held by a
# process of its own (flock -o: no other process has the file open) that ends within a second of
# the suite's shell, so nothing the suite started can keep it. NT_LOCKED=1: the caller holds it.
lock_take() {
    [[ -n ${NT_LOCKED-} ]] && return 0
    local ready=$SUITE_TMP/locked t0=$SECONDS next=0
    # (read -t on a FIFO nobody writes: a wait that forks no process)
    flock -o -w "$LOCK_WAIT" "$NT_LOCK" bash -c \
        'exec 3<>"$3"; : >"$1"; while kill -0 "$2" 2>/dev/null; do read -r -t 1 -u 3; done' \
        _ "$ready" $$ "$SUITE_TMP/never" </dev/null >/dev/null 2>&1 &
    LOCK_PID=$!
    until [[ -e $ready ]]; do
        if ! kill -0 "$LOCK_PID" 2>/dev/null; then
            echo "FAIL $SUITE-setup: $NT_LOCK not free after $((SECONDS - t0)) s (held by: $(lock_holders))"
            LOCK_PID=
            return 1
        fi
        if ((SECONDS - t0 >= next)); then
            ((next)) && log "waiting $((SECONDS - t0)) s for $NT_LOCK, held by: $(lock_holders)"
            next=$((next + 60))
        fi
        sleep 0.2
    done
    NT_LOCKED=1
}

lock_release() {
    [[ -n $LOCK_PID ]] || return 0
    kill_tree "$LOCK_PID"
    wait "$LOCK_PID" 2>/dev/null
    LOCK_PID='' NT_LOCKED=''
}

# The processes that have NT_LOCK open and whose parent has not (the holder, and suites waiting
# for it; /proc/locks may name a process that is gone, its descriptor inherited).
lock_holders() {
    local f pid out=''
    local -A open=()
    while read -r f; do
        pid=${f#/proc/}
        open[${pid%%/*}]=1
    done < <(find /proc/[0-9]*/fd -maxdepth 1 -lname "$NT_LOCK" 2>/dev/null)
    local n=0
    for pid in "${!open[@]}"; do
        [[ -n ${open[$(proc_ppid "$pid")]-} ]] && continue
        n=$((n + 1))
        ((n <= 5)) && out+="$pid ($(proc_cmdline "$pid" 80)) "
    done
    ((n > 5)) && out+="and $((n - 5)) more"
    echo "${out:-nobody}"
}
