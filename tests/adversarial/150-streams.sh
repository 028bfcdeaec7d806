# SPDX-License-Identifier: ISC
# shellcheck shell=bash disable=SC2016
# 15. the audit trail cannot be cut by the caller's streams (issue 10 §3, issue 17 §5): stderr a
# pipe whose reader has gone or that is full and never read, stdout a pipe whose reader leaves in
# the middle of a capture. nscap is never killed by SIGPIPE, never waits on them past a bound,
# and the deny or end record is always written, whole; the exit status is the documented one.

STREAM_BOUND_MS=15000

# expect_nscap_exited RC: nscap itself exited with RC (not killed by a signal, nor by the bound).
expect_nscap_exited() {
    [[ -z $PIPE_KILLED ]] || fail "nscap still ran after ${PIPE_MS} ms: $PIPE_KILLED" || return 1
    [[ $PIPE_END == "exit $1" ]] || fail "nscap ended by '$PIPE_END', expected exit $1"
}
# expect_within_bound: it ended within STREAM_BOUND_MS.
expect_within_bound() {
    ((PIPE_MS < STREAM_BOUND_MS)) || fail "nscap took $PIPE_MS ms, more than $STREAM_BOUND_MS"
}
stream_policy_2s() { write_policy "permit group:$ONCALL on container:* run tcpdump,probe max-time 2s"; }

# A denial with stderr's reader gone: the message fails (EPIPE), the deny record is there.
t_gone_deny() { # USER TOOL
    nscap_pipe "$1" gone 2 -- "$CID" "$2"
    expect_nscap_exited 126 || return 1
    expect_events deny
}
# The tool fails and says so on stderr, whose reader is gone: the end record has its status.
t_gone_tool_fails() {
    nscap_pipe "$ALICE" gone 2 -- "$CID" tcpdump -i nscapt-nosuch -nn
    [[ $PIPE_END == exit* ]] || fail "nscap ended by '$PIPE_END'" || return 1
    expect_events start,end || return 1
    expect_end_status || return 1
    [[ $RC != 0 ]] || fail "tcpdump on a missing interface exited 0"
}
# max-time stops the tool; the supervisor's message after the end record meets EPIPE.
t_gone_time_limit() {
    stream_policy_2s
    nscap_pipe "$ALICE" gone 2 -- "$CID" probe sleep 30
    write_policy
    expect_nscap_exited 124 || return 1
    expect_events start,end || return 1
    expect_field end timed_out 1 || return 1
    expect_field end stop '"max-time"'
}
# stderr full and never read: a capture whose tool writes to stderr ("listening on", then its
# statistics) is still stopped at max-time, and nscap ends within the bound with its end record.
t_full_time_limit() {
    stream_policy_2s
    nscap_pipe "$ALICE" full 2 -- "$CID" tcpdump -i lo -nn
    write_policy
    ((PIPE_BYTES >= 65536)) || fail "the pipe held only $PIPE_BYTES bytes" || return 1
    expect_within_bound || return 1
    expect_nscap_exited 124 || return 1
    expect_events start,end || return 1
    expect_same_session start end || return 1
    expect_field end timed_out 1 || return 1
    expect_field end stop '"max-time"' || return 1
    expect_field_re end duration_ms '^[0-9]+$'
}
# A denial that prints its message into a full stderr: bounded, and the deny record is there.
t_full_deny() {
    nscap_pipe "$BOB" full 2 -- "$CID" probe
    expect_within_bound || return 1
    expect_nscap_exited 126 || return 1
    expect_events deny
}
# tcpdump -w - to a pipe whose reader leaves after the first packets: the capture ends (the
# tool's next write fails) and the end record says how, with nscap's status matching it.
t_hangup_capture() {
    nscap_pipe "$ALICE" hangup 1 200 -- "$CID" tcpdump -i lo -nn -w - port 8080
    ((PIPE_BYTES >= 200)) || fail "only $PIPE_BYTES bytes came before the reader left" || return 1
    expect_within_bound || return 1
    [[ -z $PIPE_KILLED && $PIPE_END == exit* ]] || fail "nscap ended by '$PIPE_END' $PIPE_KILLED" ||
        return 1
    expect_events start,end || return 1
    expect_same_session start end || return 1
    expect_end_status
}

run_test streams-stderr-gone-deny-no-rule t_gone_deny "$BOB" probe
run_test streams-stderr-gone-deny-by-policy t_gone_deny "$ALICE" probe-denied
run_test streams-stderr-gone-tool-fails t_gone_tool_fails
run_test streams-stderr-gone-time-limit t_gone_time_limit
run_test streams-stderr-full-time-limit-capture t_full_time_limit
run_test streams-stderr-full-deny t_full_deny
run_test streams-stdout-reader-leaves-capture t_hangup_capture
