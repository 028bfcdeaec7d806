# SPDX-License-Identifier: ISC
# shellcheck shell=bash
# tcpdump as alice into her home and to stdout, by every target form: real packets, audited.

t_tcpdump_target() { # TARGET NAME
    local f=$ALICE_HOME/$2.pcap
    nscap_as "$ALICE" -- "$1" tcpdump -i lo -nn -c 20 -w "$2.pcap" port 8080
    check_capture "$f" 20 || return 1
    expect_eq "$(stat -c %U "$f")" "$ALICE" "owner of $2.pcap" || return 1
    check_start_end_ok tcpdump || return 1
    expect_audit '"event":"start"' '"argv":["-i","lo","-nn","-c","20","-w",' || return 1
}

t_tcpdump_stdout() {
    nscap_as "$ALICE" -- "$CID" tcpdump -i lo -c 10 -w - port 8080
    expect_rc 0 || return 1
    pcap_magic_ok "$OUT" || fail "stdout is not pcap (magic $(pcap_magic "$OUT"))" || return 1
    local got
    got=$(pcap_count "$OUT" 8080) || fail "tcpdump -r cannot parse streamed pcap" || return 1
    [[ $got -ge 10 ]] || fail "only $got packets streamed, expected >= 10" || return 1
    check_start_end_ok tcpdump
}

run_test tcpdump-full-id t_tcpdump_target "$CID" cap-full
run_test tcpdump-pid-target t_tcpdump_target "pid:$CPID" cap-pid
run_test tcpdump-prefix12 t_tcpdump_target "${CID:0:12}" cap-prefix
run_test tcpdump-stdout-pcap t_tcpdump_stdout
