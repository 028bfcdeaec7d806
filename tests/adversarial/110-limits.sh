# SPDX-License-Identifier: ISC
# shellcheck shell=bash disable=SC2016
# 11. limits and signals: hostile rlimits and signals never leave a half-done run.
# (Item 10 of the issue, per-tool seccomp socket profiles, is not in this suite.)

# ulimit LIMIT at start: a clean run with a complete start/end pair, or a clean refusal with
# an error record — or, for a refusal before the audit log can be opened (steps 1-2), exit 125
# with nscap's message; if the kernel cannot even start nscap, the shell says so. Never a
# start without an end, never nscap killed by a signal, nothing left running.
t_ulimit() { # ULIMIT-ARGS
    # stderr through a pipe made before the limit, as a terminal would be: with -f 0 a file
    # could not take nscap's message at all.
    nscap_as "$ALICE" bash -c "exec 2> >(cat >&2); ulimit $1 && exec \"\$@\"" _ -- "$CID" probe
    audit_check || return 1
    log "ulimit $1: rc $RC, events '$EVENTS'"
    case $EVENTS in
    start,end)
        expect_same_session start end || return 1
        local end
        end=$(audit_find '"event":"end"')
        [[ $RC == 0 ]] || grep -q -E '"signal":"SIG|"error":' <<<"$end" ||
            fail "exit $RC but the end record says neither signal nor error" || return 1 ;;
    error) expect_rc 125 || return 1 ;;
    "")
        if grep -q '^bash: ' "$ERR"; then
            log "ulimit $1: the kernel could not start nscap"
        elif ((RC > 128)) && kernel_kills "$1" "$RC"; then
            log "ulimit $1: killed by signal $((RC - 128)) with no record, as a static busybox also is"
        elif ((RC > 128)); then
            fail "nscap killed by signal $((RC - 128)) and no audit record" || return 1
        else
            expect_rc 125 || return 1
            expect_msg . || return 1
        fi ;;
    *) fail "events '$EVENTS'"; return 1 ;;
    esac
    wait_for 10 eval '[[ -z $(ps -o pid= -u "$ALICE") ]]' || fail "left running: $(ps -o pid=,comm= -u "$ALICE" | tr '\n' ' ')"
}
# kernel_kills ULIMIT-ARGS RC: whether a static busybox `true`, exec'd like nscap (same user,
# environment and arguments), itself ends with exit status RC (a signal) under the same limit
# in some of 200 runs. Some limits kill any process before or at its first instructions, so
# before nscap could check them: at `ulimit -s 8` the kernel's random stack offset (up to
# 8 KiB below the strings) often leaves no room even for the C runtime; at `ulimit -t 0` the
# first timer tick that finds the process running sends SIGKILL.
kernel_kills() {
    local n
    as_user "$ALICE"
    n=$("${SETPRIV[@]}" bash -c 'lim=$1 rc=$2; shift 2; n=0; for i in $(seq 200); do
            (ulimit $lim && exec "$@") 2>/dev/null; [ $? = "$rc" ] && n=$((n + 1)); done
            echo $n' _ "$1" "$2" "$(command -v busybox)" true -- "$CID" probe 2>/dev/null)
    log "a static busybox under ulimit $1: ${n:-?}/200 ended with status $2"
    [[ ${n:-0} -gt 0 ]]
}
# A stack limit so small that nscap may crash somewhere in setup, at each size from 8 to
# 96 KiB: whatever happens, never a start without an end and nothing left running.
t_ulimit_s_sweep() {
    local k out="" bad=""
    for k in $(seq 8 4 96); do
        audit_mark
        t_ulimit "-s $k" || bad+="$k "
        out+="$k:$RC/${EVENTS:-none} "
    done
    log "stack sweep (KiB:exit/events): $out"
    [[ -z $bad ]] || fail "ulimit -s KiB ${bad% }: $FAIL_REASON"
}
# SIGSTOP/SIGKILL from the caller at random points of setup: kills only work before the early
# setresuid (so before any record); every start has its end; never a hung or half-dropped run.
t_signal_race() {
    nscap_as "$ALICE" "$ATTACKER" killrace 50 6000 -- "$CID" probe exit 0
    expect_rc 0 || return 1
    local runs ok killed starts ends hung other
    runs=$(grep -c '^run ' "$OUT")
    ok=$(grep -c 'status=exit:0$' "$OUT")
    killed=$(grep -c 'KILL .*kill=ok status=signal:9$' "$OUT")
    hung=$(grep -c 'status=hung' "$OUT")
    other=$(grep '^run ' "$OUT" | grep -v -E 'status=exit:0$|KILL .*kill=ok status=signal:9$' | head -3)
    audit_check || return 1
    starts=$(tr ',' '\n' <<<"$EVENTS" | grep -c '^start$')
    ends=$(tr ',' '\n' <<<"$EVENTS" | grep -c '^end$')
    log "signal race: $runs runs, $ok completed, $killed killed early, $(grep -c 'kill=EPERM' "$OUT") signals refused (EPERM), $(grep -c 'STOP.*kill=ok' "$OUT") stopped early; $starts starts, $ends ends"
    [[ $runs == 50 ]] || fail "only $runs runs" || return 1
    [[ $hung == 0 ]] || fail "$hung runs hung" || return 1
    [[ -z $other ]] || fail "unexpected outcome: $other" || return 1
    [[ $starts == "$ends" && $starts == "$ok" ]] || fail "$starts starts, $ends ends, $ok completed runs" || return 1
    grep -q 'kill=EPERM' "$OUT" || fail "no signal was ever refused: the race never reached setup" || return 1
    wait_for 10 eval '[[ -z $(ps -o pid= -u "$ALICE") ]]' || fail "left running: $(ps -o pid=,comm= -u "$ALICE" | tr '\n' ' ')"
}

run_test ulimit-f-0 t_ulimit "-f 0"
run_test ulimit-n-4 t_ulimit "-n 4"
run_test ulimit-v-tiny t_ulimit "-v 4096"
run_test ulimit-v-small t_ulimit "-v 16384"
CASE_TIMEOUT=300 run_test ulimit-s-sweep t_ulimit_s_sweep # 23 sizes, ~50 s
run_test ulimit-u-1 t_ulimit "-u 1"
run_test ulimit-t-0 t_ulimit "-t 0"
run_test signal-stop-kill-race t_signal_race
