# SPDX-License-Identifier: ISC
# shellcheck shell=bash disable=SC2016,SC2034
# 18. real terminals (ptys from the kernel, driven by tests/lib/ptyrun.py): the audit record's
# tty is the caller's controlling terminal, never whatever fd 0 is (issue 17 §5); job control on
# a pty behaves as if the user ran the tool directly: ^Z gives the prompt back, fg resumes, ^C
# ends it with a record, and a session left stopped still ends at max-time (issue 14 §1).

# pty_tty ctty|none ARG...: nscap as alice with stdin on one pty, stdout and stderr on another,
# which is its controlling terminal with ctty; sets what run_cmd sets and CTTY, STDIN_TTY.
pty_tty() {
    local mode=$1 rep
    shift
    as_user "$ALICE"
    RUN_SEQ=$((RUN_SEQ + 1))
    rep=$NT_SCRATCH/pty$RUN_SEQ
    local RUN_SHOW="as $ALICE on a pty ($mode): nscap $*"
    run_cmd python3 "$LIB/ptyrun.py" tty "$mode" "$rep" "$ALICE_HOME" -- "${SETPRIV[@]}" "$NSCAP" "$@"
    CTTY=$(sed -n 's/^ctty //p' "$rep") STDIN_TTY=$(sed -n 's/^stdin //p' "$rep")
    RC=$(sed -n 's/^exit //p' "$rep")
    [[ -n $CTTY && -n $STDIN_TTY && $CTTY != "$STDIN_TTY" ]] || fail "no ptys: $(cat "$rep")"
}

# The controlling terminal is in the record, not the pty on fd 0.
t_tty_ctty() {
    pty_tty ctty "$CID" probe || return 1
    expect_rc 0 || return 1
    expect_events start,end || return 1
    expect_field start tty "\"$CTTY\"" || return 1
    expect_field end tty "\"$CTTY\""
}
# No controlling terminal (stdin a pty all the same): no tty in the record.
t_tty_none() {
    pty_tty none "$CID" probe || return 1
    expect_rc 0 || return 1
    expect_events start,end || return 1
    expect_field start tty null
}

# pty_jobs fg|maxtime: an interactive bash of alice's on a pty; ptyrun.py types the nscap line,
# ^Z and the rest; every step it reports must have passed.
pty_jobs() {
    local rep=$NT_SCRATCH/jobs-$1 bad
    as_user "$ALICE"
    run_cmd python3 "$LIB/ptyrun.py" jobs "$1" "$NSCAP $CID probe sleep 30" "$ALICE_UID" "$rep" \
        "$ALICE_HOME" -- "${SETPRIV[@]}" env 'PS1=nscapt$ ' TERM=dumb bash --norc --noprofile -i
    log "steps: $(tr '\n' ' ' <"$rep")"
    bad=$(grep '^fail ' "$rep")
    [[ -z $bad ]] || fail "${bad#fail } (screen: $(tail -c 300 "$rep.screen" | tr -c '[:print:]' '.'))" ||
        return 1
    grep -q '^ok ' "$rep" || fail "no step ran: $(cat "$rep")"
}
# ^Z, jobs, fg, ^C: the prompt within 3 s of ^Z, the tool stopped then running, exit 130, the
# end record of the tool's SIGINT.
t_jobs_fg() {
    pty_jobs fg || return 1
    expect_events start,end || return 1
    expect_field end signal '"SIGINT"'
}
# Left stopped: the watchdog continues the supervisor at max-time, which ends the session.
t_jobs_maxtime() {
    write_policy "permit group:$ONCALL on container:* run probe max-time 4s"
    pty_jobs maxtime
    local rc=$?
    write_policy
    ((rc == 0)) || return 1
    expect_events start,end || return 1
    expect_field end timed_out 1 || return 1
    expect_field end stop '"max-time"' || return 1
    expect_field_re end duration_ms '^(4|5|6)[0-9]{3}$'
}

run_test pty-tty-is-controlling-terminal t_tty_ctty
run_test pty-tty-none-without-controlling-terminal t_tty_none
run_test pty-jobs-ctrl-z-fg-ctrl-c t_jobs_fg
run_test pty-jobs-stopped-ends-at-max-time t_jobs_maxtime
