# SPDX-License-Identifier: ISC
# shellcheck shell=bash disable=SC2016
# 3. signals: ^C, forwarded signals, SIGKILL of the supervisor, the caller's signals, max-time.

# SIGINT to the process group (what ^C does) of a capture: tcpdump prints its statistics, the
# exit status is what tcpdump reports (and the end record says the same), end recorded.
t_sigint_group() {
    local f=$ALICE_HOME/sigint.pcap pgid
    rm -f "$f"
    nscap_bg "$ALICE" "$CID" tcpdump -i lo -nn -w sigint.pcap
    wait_tool tcpdump || { bg_wait 1; return 1; }
    wait_for 10 grep -q 'listening on' "$BG_ERR" || fail "tcpdump did not start" || { bg_wait 1; return 1; }
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
    ex=$(audit_field end exit) sg=$(audit_field end signal)
    if [[ $ex =~ ^[0-9]+$ ]]; then
        [[ $RC == "$ex" ]] || fail "exit $RC, the end record says exit $ex" || return 1
    else
        [[ $sg == '"SIGINT"' && $RC == 130 ]] || fail "exit $RC, end record exit $ex signal $sg" || return 1
    fi
    expect_field end files.0.name '"sigint.pcap"' || return 1
    expect_field end files.0.bytes "$(stat -c %s "$f")" || return 1
    expect_stderr_empty_of_nscap
}
run_test signal-sigint-group-tcpdump-stats t_sigint_group

# SIGTERM / SIGHUP from root to the supervisor alone: forwarded, the tool dies of it.
t_forward() { # SIGNAL NUMBER
    nscap_bg "$ALICE" "$CID" probe sleep 30
    wait_tool probe || { bg_wait 1; return 1; }
    kill -"$1" "$BG_PID"
    bg_wait 5 || fail "nscap did not exit within 5 s of $1" || return 1
    expect_rc $((128 + $2)) || return 1
    expect_events start,end || return 1
    expect_same_session start end || return 1
    expect_field end signal "\"SIG$1\"" || return 1
    expect_field end timed_out 0 || return 1
    wait_for 1 no_user_procs || fail "processes of $ALICE left"
}
run_test signal-sigterm-supervisor-forwarded t_forward TERM 15
run_test signal-sighup-supervisor-forwarded t_forward HUP 1

# SIGKILL to the supervisor: the tool (PR_SET_PDEATHSIG) is gone within 1 s.
tool_gone() { [[ ! -e /proc/$TOOL_PID || $(ps -o stat= -p "$TOOL_PID" 2>/dev/null) == Z* ]]; }
t_sigkill_supervisor() {
    local t0 t1
    nscap_bg "$ALICE" "$CID" probe sleep 30
    wait_tool probe || { bg_wait 1; return 1; }
    t0=$(date +%s%N)
    kill -KILL "$BG_PID"
    wait_for 1 tool_gone
    t1=$(date +%s%N)
    bg_wait 2
    tool_gone || { kill -KILL "$TOOL_PID"; fail "the tool $TOOL_PID outlived its killed supervisor by 1 s"; return 1; }
    log "the tool was gone $(((t1 - t0) / 1000000)) ms after SIGKILL to the supervisor"
    expect_rc 137 || return 1
    expect_events start
}
run_test signal-sigkill-supervisor-tool-dies t_sigkill_supervisor

# The caller cannot signal the supervisor (EPERM: its real and saved uid are 0) but can signal
# their own tool; the end record then names the tool's signal.
t_caller_signals() {
    local res
    nscap_bg "$ALICE" "$CID" probe sleep 30
    wait_tool probe || { bg_wait 1; return 1; }
    res=$(run_as "$ALICE" bash -c 'for s in TERM KILL STOP INT; do kill -s $s "$1" 2>&1 && echo "$s delivered"; done' _ "$BG_PID")
    log "alice -> supervisor: $(tr '\n' '|' <<<"$res")"
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
    wait_for 1 no_user_procs || fail "processes of $ALICE left"
}
run_test signal-time-limit-sigkill-after-grace t_time_limit
