# SPDX-License-Identifier: ISC
# shellcheck shell=bash disable=SC2015,SC2016,SC2119,SC2120
# Cases: run_test, the watchdog that bounds each one, setup, sections, the summary, wait_for.

CASES_PASSED=0
CASES_FAILED=0
CASE=
WATCH_PID=
CASE_TIMEOUT_DEFAULT=${NSCAP_CASE_TIMEOUT:-120}
SETUP_TIMEOUT=${NSCAP_SETUP_TIMEOUT:-600}

fail() {
    FAIL_REASON="$*"
    return 1
}

# case_status TEXT: what the suite is doing, for the runner to name if it has to kill the suite.
case_status() { [[ -z ${NSCAP_CASE_FILE-} ]] || printf '%s\n' "$*" >"$NSCAP_CASE_FILE"; }

# run_test NAME FUNCTION [ARGS...]: one case. FUNCTION returns 0 for a pass; on failure it sets
# FAIL_REASON (fail and the expect_* helpers do). Prints exactly "PASS NAME" or
# "FAIL NAME: reason". Bounded by CASE_TIMEOUT seconds (default NSCAP_CASE_TIMEOUT, else 120):
# then what the case runs is killed and it fails "timed out after N s (was: COMMAND)".
# TEST_ONLY (an ERE, for debugging) runs only the cases it matches, saying so for the others.
run_test() {
    local _name=$1 _fn=$2 _rc _t0 _secs=${CASE_TIMEOUT:-$CASE_TIMEOUT_DEFAULT} _reason
    shift 2
    if [[ -n ${TEST_ONLY-} && ! $_name =~ $TEST_ONLY ]]; then
        log "skipped $_name (TEST_ONLY=$TEST_ONLY)"
        return 0
    fi
    FAIL_REASON='' MARKER='' CASE=$_name
    case_status "case $_name"
    audit_mark
    _t0=${EPOCHREALTIME//[!0-9]/}
    case_watch_start "$_secs"
    "$_fn" "$@"
    _rc=$?
    if case_watch_stop; then
        _rc=1 FAIL_REASON="timed out after $_secs s (was: $EXPIRED_WAS)"
    fi
    log "$_name: $(((${EPOCHREALTIME//[!0-9]/} - _t0) / 1000)) ms"
    if ((_rc == 0)); then
        echo "PASS $_name"
        CASES_PASSED=$((CASES_PASSED + 1))
    else
        _reason=${FAIL_REASON:-returned non-zero}
        _reason=${_reason//$'\n'/ | }
        _reason=${_reason//$'\r'/}
        echo "FAIL $_name: ${_reason:0:600}"
        CASES_FAILED=$((CASES_FAILED + 1))
        case_context
    fi
    CASE=
}

# The last run's stderr and the case's audit records, as comments.
case_context() {
    {
        [[ -n ${ERR-} && -s ${ERR-} ]] && sed 's/^/#   stderr| /' "$ERR" | head -5
        audit_new | sed 's/^/#   audit| /' | head -6
    } >&2
}

# ---------------------------------------------------------------- the watchdog

# case_watch_start SECONDS: a watchdog that, SECONDS from now, kills every process the case has
# started (the suite shell's descendants but the lock holder and the helpers tracked before), and
# any process of the test users, until the case returns; if it never does, it ends the suite.
case_watch_start() {
    rm -f "$SUITE_TMP/expired"
    _watchdog "$1" "$(bg_live | tr '\n' ' ')" </dev/null >/dev/null &
    WATCH_PID=$!
}

# case_watch_stop: stop the watchdog; true if it had fired (EXPIRED_WAS: what the case ran).
case_watch_stop() {
    [[ -n $WATCH_PID ]] || return 1
    { kill -KILL "$WATCH_PID" && wait "$WATCH_PID"; } 2>/dev/null
    WATCH_PID=
    [[ -f $SUITE_TMP/expired ]] || return 1
    EXPIRED_WAS=$(<"$SUITE_TMP/expired")
}

_watchdog() { # SECONDS KEEP-PIDS (a subshell: $$ is the suite's shell)
    local secs=$1 keep=$2 me=$BASHPID pids p was='' round
    # read -t on a FIFO nobody writes: a wait that forks nothing left over when we are killed
    read -r -t "$secs" _ <>"$SUITE_TMP/never"
    for round in $(seq 30); do
        # shellcheck disable=SC2086
        mapfile -t pids < <(proc_tree $$ "$me" $LOCK_PID $keep)
        if ((round == 1)); then
            for p in "${pids[@]}"; do
                [[ $(proc_ppid "$p") == "$$" ]] || continue
                was+="$(proc_cmdline "$p" 300); "
            done
            was=${was%; }
            printf '%s\n' "${was:-a shell command of the case}" >"$SUITE_TMP/expired"
            log "watchdog: $CASE still running after $secs s: killing ${#pids[@]} processes (${was:-none})"
        fi
        mapfile -t -O "${#pids[@]}" pids < <(procs_of_uids $TEST_UIDS)
        kill_pids "${pids[@]}"
        sleep 1
    done
    log "watchdog: $CASE did not return 30 s after its processes were killed: ending the suite"
    kill -USR1 $$
}

# SIGUSR1 from the watchdog: the case is stuck in the shell itself; fail it and end the suite.
case_abort() {
    [[ -n $WATCH_PID && -f $SUITE_TMP/expired ]] || return 0
    echo "FAIL $CASE: timed out after ${CASE_TIMEOUT:-$CASE_TIMEOUT_DEFAULT} s (was: $(<"$SUITE_TMP/expired")); the suite was ended"
    CASES_FAILED=$((CASES_FAILED + 1))
    WATCH_PID=
    exit 1
}

# ---------------------------------------------------------------- setup, sections, summary

# run_setup FUNCTION: the suite's setup, its stderr kept aside, bounded by NSCAP_SETUP_TIMEOUT
# (600 s). On failure: "FAIL SUITE-setup: <last error line>", the log as comments, exit 1.
run_setup() {
    local log=$SUITE_TMP/setup.log rc
    CASE=$SUITE-setup
    case_status "setup ($1)"
    case_watch_start "$SETUP_TIMEOUT"
    "$1" 2>"$log"
    rc=$?
    if case_watch_stop; then
        rc=1
        echo "timed out after $SETUP_TIMEOUT s (was: $EXPIRED_WAS)" >>"$log"
    fi
    if ((rc != 0)); then
        echo "FAIL $SUITE-setup: $(grep -v '^#' "$log" | tail -1 | head -c 300)"
        sed 's/^/#   setup| /' "$log" >&2
        exit 1
    fi
    grep '^#' "$log" >&2
    CASE=
}

# run_sections: source every NN-name.sh of the suite's directory, by number. SECTION_ONLY (an
# ERE, for debugging) sources only the sections it matches, saying so for the others.
run_sections() {
    local f
    for f in $(cd "$HERE" && printf '%s\n' [0-9]*-*.sh | sort -n); do
        if [[ -n ${SECTION_ONLY-} && ! $f =~ $SECTION_ONLY ]]; then
            log "skipped section $f (SECTION_ONLY=$SECTION_ONLY)"
            continue
        fi
        case_status "section $f"
        # shellcheck disable=SC1090
        . "$HERE/$f"
    done
}

# suite_end: the summary on stderr; the suite's exit status.
suite_end() {
    log "$SUITE: $CASES_PASSED passed, $CASES_FAILED failed"
    ((CASES_FAILED == 0))
}

# wait_for SECONDS CMD...: poll CMD every 50 ms until it succeeds (0) or SECONDS have passed (1).
wait_for() {
    local end=$((${EPOCHREALTIME//[!0-9]/} + $1 * 1000000))
    shift
    until "$@"; do
        ((${EPOCHREALTIME//[!0-9]/} > end)) && return 1
        sleep 0.05
    done
}
