# SPDX-License-Identifier: ISC
# shellcheck shell=bash disable=SC2016
# 4. max-bytes: output files never pass the limit.

# Bulk TCP on the container's loopback (512 KiB a connection, port 9090), for about 15 s.
burst_start() {
    timeout 30 runc --root "$RUNC_ROOT" exec -d "$CID" /bin/sh -c \
        'i=0; while [ $i -lt 300 ]; do nc -l -p 9090 >/dev/null; i=$((i+1)); done' \
        </dev/null >/dev/null 2>&1 || return 1
    timeout 30 runc --root "$RUNC_ROOT" exec -d "$CID" /bin/sh -c \
        'sleep 0.3; i=0; while [ $i -lt 300 ]; do /bin/busybox dd if=/dev/zero bs=65536 count=8 2>/dev/null | nc -w 1 127.0.0.1 9090; sleep 0.05; i=$((i+1)); done' \
        </dev/null >/dev/null 2>&1
}

# tcpdump -w under max-bytes 64K: the file never exceeds 64 KiB, the end record has its size
# and how tcpdump ended (SIGXFSZ), well before the time limit.
t_tcpdump_max_bytes() {
    local f=$ALICE_HOME/big.pcap size
    rm -f "$f"
    burst_start || { fail "cannot start bulk traffic"; return 1; }
    NSCAP_TIMEOUT=30 nscap_as "$ALICE" -- "$CID" tcpdump-64k -i lo -nn -w big.pcap
    size=$(stat -c %s "$f" 2>/dev/null)
    log "big.pcap: ${size:-missing} bytes"
    [[ -n $size ]] && ((size > 0 && size <= 65536)) ||
        fail "capture is ${size:-missing} bytes, expected 1..65536" || return 1
    expect_events start,end || return 1
    expect_field end timed_out 0 || return 1
    expect_field end output '"big.pcap"' || return 1
    expect_field end output_bytes "$size" || return 1
    expect_field end signal '"SIGXFSZ"' || return 1
    expect_rc $((128 + 25))
}
run_test maxbytes-tcpdump-64k t_tcpdump_max_bytes

# The probe writes past the limit with SIGXFSZ at its default: killed, file exactly 64 KiB.
t_probe_fill_sigxfsz() {
    rm -f "$ALICE_HOME/fill1.bin"
    nscap_as "$ALICE" -- "$CID" probe-64k fill fill1.bin 200000
    expect_rc $((128 + 25)) || return 1
    expect_size "$ALICE_HOME/fill1.bin" 65536 "file written past max-bytes" || return 1
    expect_events start,end || return 1
    expect_field end signal '"SIGXFSZ"'
}
run_test maxbytes-probe-sigxfsz t_probe_fill_sigxfsz

# With SIGXFSZ ignored the write past the limit fails with EFBIG; under the limit all is well.
t_probe_fill_efbig() {
    rm -f "$ALICE_HOME/fill2.bin" "$ALICE_HOME/fill3.bin"
    nscap_as "$ALICE" -- "$CID" probe-64k fill-noxfsz fill2.bin 200000
    expect_rc 0 || return 1
    expect_eq "$(probe_val fill)" EFBIG "write past the limit" || return 1
    expect_eq "$(probe_val fill_bytes)" 65536 "bytes written" || return 1
    expect_size "$ALICE_HOME/fill2.bin" 65536 "file" || return 1
    nscap_as "$ALICE" -- "$CID" probe-64k fill fill3.bin 65536
    expect_rc 0 || return 1
    expect_eq "$(probe_val fill)" ok "write of exactly 64 KiB" || return 1
    expect_size "$ALICE_HOME/fill3.bin" 65536 "file"
}
run_test maxbytes-probe-efbig-and-exact-limit t_probe_fill_efbig
