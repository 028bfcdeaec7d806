# SPDX-License-Identifier: ISC
# shellcheck shell=bash
# What cannot work, and why (issue 14 item 7; README "What nscap cannot do"): each claim shown
# as the engineer meets it.

# ss -p: the caller cannot read the container's /proc/PID/fd, so no process is named; root with
# nsenter sees the container's nc.
# The container's nc serves one connection at a time and the suite's traffic keeps it busy, so
# its listener comes and goes: each side is asked until it shows one.
ss_alice_listens() {
    nscap_as "$ALICE" -- -q "$CID" ss -tlnp && grep -q -E 'LISTEN .*:8080 ' <<<"$OUTPUT"
}
t_ss_no_processes() {
    wait_for 10 ss_alice_listens || fail "no listener on 8080: rc $RC ${OUTPUT:0:200}" || return 1
    ! grep -q 'users:' <<<"$OUTPUT" || fail "ss -p named processes: ${OUTPUT:0:200}" || return 1
    wait_for 10 eval "nsenter -t '$CPID' -n ss -tlnp | grep -q 'users:((\"nc\"'" ||
        fail "root's ss -p does not name nc either: the contrast does not hold"
}
run_test field-cannot-ss-p t_ss_no_processes

# kill $! reaches nscap's supervisor, which the caller may not signal (EPERM); the job's process
# group (kill %1, kill -- -PGID) reaches the tool, which ends as it does on SIGTERM (tcpdump:
# exit 0) and is recorded.
t_kill_job() {
    local out
    out=$(run_as "$ALICE" bash -c "set -m
$(printf '%q ' "$NSCAP" -q "$CID" tcpdump -i lo -w kill.pcap port 8080) 2>/dev/null &
pid=\$!
sleep 2
kill \$pid 2>&1 && echo plain-ok
kill -- -\$pid && echo group-ok
wait \$pid
echo status \$?")
    grep -q 'Operation not permitted' <<<"$out" && ! grep -q plain-ok <<<"$out" ||
        fail "kill \$! was not refused: $(tr '\n' '|' <<<"$out")" || return 1
    grep -q group-ok <<<"$out" || fail "kill -- -PGID failed: $(tr '\n' '|' <<<"$out")" || return 1
    grep -q 'status 0' <<<"$out" || fail "the job's status: $(tr '\n' '|' <<<"$out")" || return 1
    expect_events start,end || return 1
    expect_field end exit 0
}
run_test field-cannot-kill-pid t_kill_job

# ip netns list reads /run/netns in the caller's mount namespace: the host's names (a name of
# the suite's own, FD_NETNS, removed again by fd_netns_cleanup).
t_netns_list() {
    ip netns add "$FD_NETNS" || fail "ip netns add" || return 1
    nscap_as "$ALICE" -- -q "$CID" ip netns list
    fd_netns_cleanup
    expect_rc 0 || return 1
    grep -q "^$FD_NETNS\\b" <<<"$OUTPUT" || fail "the host's $FD_NETNS not listed: ${OUTPUT:0:200}"
}
run_test field-cannot-netns-list t_netns_list
