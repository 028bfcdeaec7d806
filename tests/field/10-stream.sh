# SPDX-License-Identifier: ISC
# shellcheck shell=bash
# Streaming a capture out of the node as Wireshark users do (issue 14 item 4), through the
# suite's own sshd on 127.0.0.1: `ssh NODE nscap TARGET tcpdump -U -w - ... | READER` and
# Wireshark's sshdump extcap with --remote-capture-command. The bytes that arrive are the bytes
# the end record says were streamed.

FD_CMD=(tcpdump -U -w - -i lo -c 20 port 8080)

# fd_streamed FILE MIN: FILE is a pcap of at least MIN port-8080 packets, and the new start and
# end records are alice's capture with FD_CMD's argv, ended by tcpdump's exit 0, the end's
# bytes.stdout exactly FILE's size.
fd_streamed() {
    local n size
    pcap_magic_ok "$1" || fail "$1 is not pcap (magic '$(pcap_magic "$1")')" || return 1
    n=$(pcap_count "$1" 8080) || fail "tcpdump -r cannot read $1 or saw other traffic" || return 1
    ((n >= $2)) || fail "$n packets arrived, expected $2" || return 1
    expect_events start,end || return 1
    expect_audit '"event":"start"' "\"user\":\"$ALICE\"" "\"id\":\"$CID\"" \
        '"argv":["-U","-w","-","-i","lo",' '"tty":null' || return 1
    expect_same_session start end || return 1
    expect_field end exit 0 || return 1
    size=$(stat -c %s "$1")
    expect_eq "$(fd_end_bytes)" "$size" "bytes.stdout of the end record (the file has $size)"
}

# ssh NODE nscap ... | tee FILE | tcpdump -r -: the reader on the engineer's side decodes every
# packet; the banner arrives on ssh's stderr.
t_ssh_pipe() {
    local f=$ALICE_HOME/ssh-pipe.pcap cmd txt
    rm -f "$f"
    cmd=$(printf '%q ' "$NSCAP" "$CID" "${FD_CMD[@]}")
    txt=$(run_as "$ALICE" bash -c "set -o pipefail; $(printf '%q ' ssh -F /dev/null -p "$FD_PORT" \
        -i "$FD_KEY" -o BatchMode=yes -o IdentitiesOnly=yes -o StrictHostKeyChecking=yes \
        -o UserKnownHostsFile="$ALICE_HOME/.ssh/known_hosts" "$ALICE@127.0.0.1") $(printf '%q' "$cmd") \
        2>ssh-pipe.err | tee ssh-pipe.pcap | tcpdump -r - -nn 2>/dev/null") ||
        fail "the pipeline failed: $(head -c 300 "$ALICE_HOME/ssh-pipe.err")" || return 1
    (($(grep -c -E '\.8080[ :]' <<<"$txt") >= 20)) ||
        fail "the reader decoded $(grep -c . <<<"$txt") packets: ${txt:0:200}" || return 1
    fd_streamed "$f" 20 || return 1
    grep -q -E "^nscap: running tcpdump in container ${CID:0:12} \\(runc\\); max-time 2m, max-bytes 100 MiB; session [0-9a-f]{12}\$" \
        "$ALICE_HOME/ssh-pipe.err" || fail "no banner on ssh's stderr: $(head -c 300 "$ALICE_HOME/ssh-pipe.err")"
}
run_test field-ssh-pipe-into-reader t_ssh_pipe

# -q over ssh: the stream is the same, stderr has tcpdump's lines only.
t_ssh_quiet() {
    local f=$ALICE_HOME/ssh-quiet.pcap
    fd_ssh "$NSCAP" -q "$CID" "${FD_CMD[@]}" >"$f" 2>"$NT_SCRATCH/ssh-quiet.err" ||
        fail "ssh ... nscap -q failed: $(head -c 300 "$NT_SCRATCH/ssh-quiet.err")" || return 1
    fd_streamed "$f" 20 || return 1
    ! grep -q '^nscap: ' "$NT_SCRATCH/ssh-quiet.err" ||
        fail "-q still printed: $(grep '^nscap: ' "$NT_SCRATCH/ssh-quiet.err")"
}
run_test field-ssh-quiet t_ssh_quiet

# fd_sshdump FIFO-FILE CMD: Wireshark's sshdump as alice, as Wireshark starts it.
fd_sshdump() {
    run_as "$ALICE" "$SSHDUMP" --extcap-interface=sshdump --capture --fifo "$1" \
        --remote-host 127.0.0.1 --remote-port "$FD_PORT" --remote-username "$ALICE" \
        --sshkey "$FD_KEY" --remote-capture-command "$2"
}

# sshdump --remote-capture-command "nscap TARGET tcpdump -U -w - -i lo ..." --fifo FILE.
t_sshdump() {
    local f=$ALICE_HOME/sshdump.pcap
    rm -f "$f"
    fd_sshdump "$f" "$NSCAP $CID ${FD_CMD[*]}" >"$NT_SCRATCH/sshdump.out" 2>&1 ||
        fail "sshdump failed: $(tail -c 300 "$NT_SCRATCH/sshdump.out")" || return 1
    fd_streamed "$f" 20
}
run_test field-sshdump-extcap t_sshdump

# Wireshark's Stop: sshdump is killed mid-capture. The remote tcpdump meets the closed pipe at
# its next packet; nscap ends and records it; nothing of alice's keeps running.
t_sshdump_stop() {
    local f=$ALICE_HOME/sshdump-stop.pcap pid
    rm -f "$f"
    fd_sshdump "$f" "$NSCAP $CID tcpdump -U -w - -i lo port 8080" >/dev/null 2>&1 &
    pid=$!
    bg_track "$pid"
    wait_for 20 fd_has_bytes "$f" 2000 || { bg_stop "$pid"; fail "nothing arrived"; return 1; }
    expect_audit '"event":"start"' "\"user\":\"$ALICE\"" || { bg_stop "$pid"; return 1; }
    bg_stop "$pid"
    wait_for 15 audit_find '"event":"end"' >/dev/null ||
        fail "no end record 15 s after sshdump stopped" || return 1
    expect_same_session start end || return 1
    wait_for 10 fd_no_nscap_of_alice || fail "alice's nscap still runs: $(procs_of_uids "$ALICE_UID")"
}
fd_has_bytes() { (($(stat -c %s "$1" 2>/dev/null || echo 0) >= $2)); }
fd_no_nscap_of_alice() {
    local p
    for p in $(procs_of_uids "$ALICE_UID"); do
        [[ $(cat "/proc/$p/comm" 2>/dev/null) == @(nscap|tcpdump) ]] && return 1
    done
    return 0
}
run_test field-sshdump-stop t_sshdump_stop
