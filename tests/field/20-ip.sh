# SPDX-License-Identifier: ISC
# shellcheck shell=bash
# ip by its own option rules (issue 14 item 5; the shipped profile, style ip-words): the words
# an engineer types work, and ip's prefixes of the words left out are refused before ip runs.

# fd_ip ARG...: alice runs ip ARG... in the container; exit 0 and the start record.
fd_ip() {
    nscap_as "$ALICE" -- -q "$CID" ip "$@"
    expect_rc 0 || return 1
    expect_audit '"event":"start"' '"tool":"ip"' || return 1
}

# `ip -br a`: the brief table of the container's one interface.
t_ip_brief() { # WORD
    fd_ip "$1" a || return 1
    grep -q -E '^lo +UNKNOWN +127\.0\.0\.1/8' <<<"$OUTPUT" ||
        fail "not ip's brief output: ${OUTPUT:0:200}"
}
run_test field-ip-br-a t_ip_brief -br
run_test field-ip-brief-addr t_ip_brief -brief

# -c is -color: ip colours its output (always, even into a file).
t_ip_color() { # WORD
    fd_ip "$1" a || return 1
    grep -q $'\e\\[' "$OUT" || fail "no colour escapes in: ${OUTPUT:0:120}"
}
run_test field-ip-c-colours t_ip_color -c
run_test field-ip-color-colours t_ip_color -color

# Each word does what ip does with it: ERE the output must match.
t_ip_word() { # ERE ARG...
    local re=$1
    shift
    fd_ip "$@" || return 1
    grep -q -E -- "$re" <<<"$OUTPUT" || fail "ip $* printed: ${OUTPUT:0:200}"
}
run_test field-ip-details t_ip_word 'promiscuity [0-9]' -details link
run_test field-ip-s-stats t_ip_word '^ +RX: ' -s link
run_test field-ip-j-json t_ip_word '^\[\{"ifindex":1,' -j link
run_test field-ip-p-pretty t_ip_word '^ +"ifname": "lo",$' -j -p link
run_test field-ip-o-oneline t_ip_word '^1: lo +inet 127\.0\.0\.1/8 .*\\' -o a
run_test field-ip-4-inet-only t_ip_word '^ +inet 127\.0\.0\.1/8' -4 a
t_ip_6() {
    fd_ip -6 a || return 1
    ! grep -q 'inet ' <<<"$OUTPUT" || fail "ip -6 a showed IPv4: ${OUTPUT:0:200}"
}
run_test field-ip-6-no-inet t_ip_6

# The words left out, and ip's prefixes that mean them: refused, with what ip takes them for.
t_ip_refused() { # ARG WORD
    nscap_as "$ALICE" -- "$CID" ip "$1" x link
    expect_refused 126 "option '$1' is ip's -$2, which is not allowed for ip \\(rule $POLICY:[0-9]+\\); the ip profile \\($POLICY:[0-9]+\\) allows -4 -6 " ||
        return 1
    expect_audit '"event":"deny"' '"tool":"ip"'
}
run_test field-ip-b-is-batch t_ip_refused -b batch
run_test field-ip-batch t_ip_refused -batch batch
run_test field-ip-n-is-netns t_ip_refused -n netns
run_test field-ip-netns t_ip_refused -netns netns
run_test field-ip-force t_ip_refused -force force
run_test field-ip-fo-is-force t_ip_refused -fo force
