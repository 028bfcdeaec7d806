# SPDX-License-Identifier: ISC
# shellcheck shell=bash disable=SC2016
# 4. max-bytes is one budget for everything the tool writes in the session: every file
# (rotations included) and its stdout and stderr through pipes, sockets and files. Reaching it
# stops the tool cleanly (its capture ends on a whole packet), exit 123, one "nscap:" line; the
# end record counts all of it and lists each file with its size.

# Bulk TCP on the container's loopback (512 KiB a connection, port 9090), for about 15 s.
burst_start() {
    timeout 30 runc --root "$RUNC_ROOT" exec -d "$CID" /bin/sh -c \
        'i=0; while [ $i -lt 300 ]; do nc -l -p 9090 >/dev/null; i=$((i+1)); done' \
        </dev/null >/dev/null 2>&1 || return 1
    timeout 30 runc --root "$RUNC_ROOT" exec -d "$CID" /bin/sh -c \
        'sleep 0.3; i=0; while [ $i -lt 300 ]; do /bin/busybox dd if=/dev/zero bs=65536 count=8 2>/dev/null | nc -w 1 127.0.0.1 9090; sleep 0.05; i=$((i+1)); done' \
        </dev/null >/dev/null 2>&1
}

# The pcap file (or stream) is whole: tcpdump reads it to its end without complaint.
expect_whole_pcap() { # FILE
    local err
    err=$(tcpdump -r "$1" -nn 2>&1 >/dev/null | grep -v '^reading from file')
    [[ -z $err ]] || fail "$1 is not a whole capture: ${err:0:200}"
}

# The session was stopped at its budget: exit 123, one nscap line, an end record saying so.
expect_budget_stop() { # LIMIT
    expect_rc 123 || return 1
    expect_msg 'stopped: it wrote its budget' || return 1
    expect_events start,end || return 1
    expect_field end stop '"max-bytes"' || return 1
    expect_field end bytes.limit "$1" || return 1
    expect_field end timed_out 0
}

# tcpdump -w under max-bytes 64K: the file stays within 64 KiB, ends on a whole packet, and the
# end record has its size and every byte written. (-s 8192: nscap asks the tool to stop at half
# of a budget this small, and a whole packet must fit in the other half: loopback's can be 64 KiB.)
t_tcpdump_max_bytes() {
    local f=$ALICE_HOME/big.pcap size w
    rm -f "$f"
    burst_start || { fail "cannot start bulk traffic"; return 1; }
    NSCAP_TIMEOUT=30 nscap_as "$ALICE" -- "$CID" tcpdump-64k -i lo -nn -s 8192 -w big.pcap
    size=$(stat -c %s "$f" 2>/dev/null)
    log "big.pcap: ${size:-missing} bytes"
    [[ -n $size ]] && ((size > 0 && size <= 65536)) ||
        fail "capture is ${size:-missing} bytes, expected 1..65536" || return 1
    expect_budget_stop 65536 || return 1
    expect_whole_pcap "$f" || return 1
    expect_field end files.0.name '"big.pcap"' || return 1
    expect_field end files.0.bytes "$size" || return 1
    w=$(audit_field end bytes.writes)
    ((w >= size && w <= 65536)) || fail "bytes.writes $w, file $size, limit 65536"
}
run_test maxbytes-tcpdump-64k t_tcpdump_max_bytes

# One TCP stream of 16 MiB at 4 MiB/s on the container's loopback, port 9091, from a second on.
stream_start() {
    bg_spawn timeout 40 nsenter -t "$CPID" -n python3 "$LIB/blast.py" 9091 16 1 4
}

# Rotation (-C 1: a new file each 1,000,000 bytes) cannot escape the budget: with 2M the files
# add up to at most 2 MiB, each listed in the end record, the last whole too.
t_tcpdump_rotation() {
    local total=0 n=0 f sum listed
    rm -f "$ALICE_HOME"/rot.pcap*
    stream_start || { fail "cannot start the stream"; return 1; }
    NSCAP_TIMEOUT=40 nscap_as "$ALICE" -- "$CID" tcpdump-2m -i lo -nn -C 1 -w rot.pcap port 9091
    for f in "$ALICE_HOME"/rot.pcap*; do
        [[ -f $f ]] || continue
        total=$((total + $(stat -c %s "$f"))) n=$((n + 1))
    done
    log "rotation: $n files, $total bytes"
    ((n >= 2)) || fail "only $n file(s): no rotation happened" || return 1
    ((total <= 2097152)) || fail "files hold $total bytes, over the 2M budget" || return 1
    expect_budget_stop 2097152 || return 1
    expect_whole_pcap "$(ls -t "$ALICE_HOME"/rot.pcap* | head -1)" || return 1
    sum=$(auditcheck field "$AUDIT" "$AUDIT_MARK" end files |
        python3 -c 'import json,sys; f=json.loads(sys.stdin.readline()); print(len(f), sum(x["bytes"] for x in f))')
    listed="$n $total"
    expect_eq "$sum" "$listed" "files listed in the end record (count, bytes)"
}
run_test maxbytes-rotation-one-budget t_tcpdump_rotation

# Streaming (-w - to a pipe or file of the caller's): the stream is counted and bounded too,
# and what arrived is a whole capture.
t_stdout_budget() {
    local size
    burst_start || { fail "cannot start bulk traffic"; return 1; }
    NSCAP_TIMEOUT=30 nscap_as "$ALICE" -- "$CID" tcpdump-64k -i lo -nn -s 8192 -U -w -
    size=$(stat -c %s "$OUT")
    log "streamed: $size bytes"
    ((size > 0 && size <= 65536)) || fail "streamed $size bytes, expected 1..65536" || return 1
    expect_budget_stop 65536 || return 1
    expect_whole_pcap "$OUT" || return 1
    expect_field end bytes.stdout "$size"
}
run_test maxbytes-stdout-stream t_stdout_budget

# A write past the budget fails (EFBIG) before the file grows, whatever SIGXFSZ is set to: the
# probe writes 200000 bytes in 4 KiB writes, the file stays within 64 KiB. (The probe has no
# output option: its file is counted in bytes.writes, not listed by name.)
t_probe_fill() { # MODE FILE
    rm -f "$ALICE_HOME/$2"
    nscap_as "$ALICE" -- "$CID" probe-64k "$1" "$2" 200000
    local size w
    size=$(stat -c %s "$ALICE_HOME/$2" 2>/dev/null)
    ((size > 0 && size <= 65536)) || fail "file is ${size:-missing} bytes" || return 1
    expect_budget_stop 65536 || return 1
    w=$(audit_field end bytes.writes)
    ((w >= size && w <= 65536)) || fail "bytes.writes $w, file $size, limit 65536"
}
run_test maxbytes-probe-write-refused t_probe_fill fill fill1.bin
run_test maxbytes-probe-write-refused-noxfsz t_probe_fill fill-noxfsz fill2.bin

# No file the tool opens can take stdout's place and go uncounted: close(1) does nothing (the
# next open gets fd 3 and up), dup2/dup3/close_range onto 0-2 are refused; what it then writes
# to fd 1 still goes through the counted relay, and the file stays empty.
t_stdout_swap() {
    rm -f "$ALICE_HOME/swap.bin"
    nscap_as "$ALICE" -- "$CID" probe-64k fill-stdout swap.bin 200000
    local text=$ERRTEXT fd size
    OUTPUT=$text
    fd=$(probe_val file_fd)
    ((fd >= 3)) || fail "the file got fd ${fd:-none}" || return 1
    expect_eq "$(probe_val close1)" ok "close(1) (made a no-op)" || return 1
    expect_eq "$(probe_val dup2)" EPERM "dup2 onto stdout" || return 1
    expect_eq "$(probe_val dup3)" EPERM "dup3 onto stderr" || return 1
    expect_eq "$(probe_val close_range)" EPERM "close_range over 0-2" || return 1
    expect_size "$ALICE_HOME/swap.bin" 0 "the swapped-in file" || return 1
    size=$(stat -c %s "$OUT")
    ((size > 0 && size <= 65536)) || fail "stdout got $size bytes" || return 1
    expect_budget_stop 65536
}
run_test maxbytes-stdout-swap-refused t_stdout_swap

# Well under the budget (the tool is asked to stop at half of a small one) nothing is stopped:
# the probe writes 20000 bytes and exits 0.
t_probe_under() {
    rm -f "$ALICE_HOME/fill3.bin"
    nscap_as "$ALICE" -- "$CID" probe-64k fill fill3.bin 20000
    expect_rc 0 || return 1
    expect_eq "$(probe_val fill)" ok "20000 bytes written" || return 1
    expect_size "$ALICE_HOME/fill3.bin" 20000 "file" || return 1
    expect_field end stop '"tool"' || return 1
    expect_field end bytes.writes 20000
}
run_test maxbytes-under-budget-untouched t_probe_under
