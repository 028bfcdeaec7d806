# SPDX-License-Identifier: ISC
# shellcheck shell=bash disable=SC2016
# 3. file descriptors: none of the caller's reach the tool or the supervisor.

FD_LEAK_RE='pidfd|net:\[|policy|audit|socket:|pipe:|anon_inode|/etc/passwd|^/$'
# fds 3..1023 open at start (dir, file, pipe, socket): the tool sees 0-2 only. Its stdout and
# stderr are the caller's files here, so they reach it through nscap's accountant: pipes.
t_fd_spray() {
    nscap_as "$ALICE" "$ATTACKER" exec -f -- "$CID" probe
    expect_ran || return 1
    expect_eq "$(probe_val fds)" "0 1 2" "tool's open fds" || return 1
    local leaked
    leaked=$(awk '$1 ~ /^fd\./ && $1 != "fd.1" && $1 != "fd.2" { print $2 }' <<<"$OUTPUT" |
        grep -E "$FD_LEAK_RE")
    [[ -z $leaked ]] || fail "tool fd points at: $leaked" || return 1
    leaked=$(awk '$1 == "fd.1" || $1 == "fd.2" { print $2 }' <<<"$OUTPUT" | grep -v '^pipe:')
    [[ -z $leaked ]] || fail "stdout/stderr not the accountant's pipes: $leaked"
}
# fds 0, 1, 2 closed at start (and 3..1023 open): the tool gets valid 0-2 (/dev/null).
t_fd_closed012() {
    local f=$ALICE_HOME/closed012.report
    rm -f "$f"
    nscap_as "$ALICE" "$ATTACKER" exec -f -c -- "$CID" probe report-to "$f"
    expect_rc 0 || return 1
    [[ -s $f ]] || fail "no report written" || return 1
    OUTPUT=$(cat "$f")
    expect_eq "$(probe_val fds)" "0 1 2" "tool's open fds" || return 1
    local k
    for k in 0 1 2; do
        expect_eq "$(probe_val "fd.$k")" /dev/null "fd $k" || return 1
    done
    expect_events "start,end"
}
# The supervisor (still privileged-uid) holds none of the caller's fds either.
t_fd_supervisor() {
    ( nscap_as "$ALICE" "$ATTACKER" exec -f -- "$CID" probe sleep 3 ) &
    local bg=$! sup tool fds
    wait_for 10 eval 'tool=$(pgrep -u "$ALICE" -x probe | head -1); [[ -n $tool ]]' ||
        { wait $bg; fail "probe never started"; return 1; }
    sup=$(ps -o ppid= -p "$tool" | tr -d ' ')
    fds=$(for f in /proc/"$sup"/fd/*; do readlink "$f"; done 2>/dev/null | tr '\n' ' ')
    log "supervisor $sup fds: $fds"
    wait $bg
    [[ -n $fds ]] || fail "cannot list the supervisor's fds" || return 1
    # the caller's 1021 fds included "/" and /etc/passwd, which nscap itself never opens
    ! grep -q -E ' /etc/passwd | / ' <<<" $fds " || fail "supervisor holds a caller fd: $fds" || return 1
    [[ $(wc -w <<<"$fds") -lt 16 ]] || fail "supervisor holds $(wc -w <<<"$fds") fds"
}

run_test fd-spray-3-1023 t_fd_spray
run_test fd-012-closed t_fd_closed012
run_test fd-spray-supervisor t_fd_supervisor
