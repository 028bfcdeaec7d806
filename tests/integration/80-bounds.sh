# SPDX-License-Identifier: ISC
# shellcheck shell=bash disable=SC2015,SC2034
# Restricted captures: a rule's snaplen, filter and interfaces, proven on the pcap a real
# capture writes (read back from its own headers), every refusal a deny record naming its bound.
# tcpdump here is the shipped profile, with its bound lines. Port 9090 carries packets of about
# 1 KiB beside the suite's small port 8080 traffic.

B_FILTER='filter "tcp port 8080"'

# b_policy BOUNDS...: the suite's policy with tcpdump's shipped profile and one rule for it,
# bounded (B_TIME: its max-time, 30s); B_LINE is the rule's line. The case restores the policy.
b_policy() {
    local -a POLICY_TOOLS=(tcpdump=shipped probe)
    write_policy "permit group:$ONCALL on container:* run tcpdump max-time ${B_TIME:-30s} $*"
    B_LINE=$(policy_line_of "permit group:$ONCALL on container:* run tcpdump max-time")
}

# b_flows PORT: as root, unbounded, port PORT traffic is seen on the container's lo now.
b_flows() {
    local f=$NT_SCRATCH/bounds-flow.pcap
    timeout 20 nsenter -t "$CPID" -n tcpdump -i lo -nn -c 6 -w "$f" port "$1" >/dev/null 2>&1 &&
        pcap_stats "$f" && [[ $PCAP_PORTS == "$1" ]] ||
        fail "no port $1 traffic on the container's lo (control)"
}

b_report() { log "$1: $PCAP_PACKETS packets, largest captured $PCAP_MAXCAP bytes, largest on the wire $PCAP_MAXLEN, ports $PCAP_PORTS"; }

# The control: unbounded, as root, both ports flow and packets exceed 96 bytes.
t_bounds_traffic() {
    local f=$NT_SCRATCH/bounds-control.pcap
    traffic_start "$CID" 9090 300 || fail "port 9090 traffic did not start" || return 1
    for _ in 1 2 3 4 5; do
        timeout 20 nsenter -t "$CPID" -n tcpdump -i lo -nn -c 80 -w "$f" \
            'port 8080 or port 9090' >/dev/null 2>&1 && pcap_stats "$f" &&
            [[ $PCAP_PORTS == 8080,9090 ]] && ((PCAP_MAXCAP > 96)) && break
        sleep 1
    done
    b_report "control (root, unbounded)"
    [[ $PCAP_PORTS == 8080,9090 ]] || fail "control saw ports $PCAP_PORTS" || return 1
    ((PCAP_MAXCAP > 96)) || fail "control: no packet over 96 bytes ($PCAP_MAXCAP)"
}
run_test bounds-traffic-control t_bounds_traffic

# snaplen 96: the caller asks for whole packets of the 1 KiB traffic and gets 96 bytes of each.
t_bounds_snaplen() {
    b_policy snaplen 96
    nscap_as "$ALICE" -- "$CID" tcpdump -i lo -nn -c 40 -w snap.pcap port 9090
    write_policy
    expect_rc 0 || return 1
    pcap_stats "$ALICE_HOME/snap.pcap" || fail "snap.pcap is not a pcap" || return 1
    b_report "snaplen 96"
    ((PCAP_PACKETS >= 40 && PCAP_MAXCAP <= 96)) ||
        fail "$PCAP_PACKETS packets, largest captured $PCAP_MAXCAP" || return 1
    ((PCAP_MAXLEN > 96)) || fail "no packet was larger than 96 bytes on the wire" || return 1
    expect_eq "$PCAP_PORTS" 9090 "ports" || return 1
    expect_field start effective_argv \
        '["-s", "96", "-i", "lo", "-nn", "-c", "40", "-w", "snap.pcap", "port", "9090"]' || return 1
    expect_field start bounds '{"snaplen": 96, "filter": null, "interfaces": null}' || return 1
    grep -q -E '; headers only \(96 bytes\); max-time 30s' "$ERR" || fail "banner: $(head -c 300 "$ERR")"
}
run_test bounds-snaplen-96-on-the-wire t_bounds_snaplen

# A smaller snap length of the caller's own stays theirs (only packets longer than 200 bytes
# asked for, so that every one of them is cut).
t_bounds_snaplen_smaller() {
    b_policy snaplen 96
    nscap_as "$ALICE" -- "$CID" tcpdump -i lo -c 10 -s 64 -w snap64.pcap port 9090 and greater 200
    write_policy
    expect_rc 0 || return 1
    pcap_stats "$ALICE_HOME/snap64.pcap" || fail "snap64.pcap is not a pcap" || return 1
    ((PCAP_PACKETS >= 10 && PCAP_MAXCAP <= 64 && PCAP_MAXLEN > 96)) ||
        fail "$PCAP_PACKETS packets, largest captured $PCAP_MAXCAP of $PCAP_MAXLEN"
}
run_test bounds-snaplen-smaller-kept t_bounds_snaplen_smaller

# filter: the caller asks for port 9090, which flows, and gets nothing; then nothing but 8080.
t_bounds_filter_other_port() {
    B_TIME=4s b_policy "$B_FILTER"
    NSCAP_TIMEOUT=30 nscap_as "$ALICE" -- "$CID" tcpdump -i lo -nn -w f9090.pcap port 9090
    write_policy
    expect_rc 124 || return 1
    pcap_stats "$ALICE_HOME/f9090.pcap" || fail "f9090.pcap is not a pcap" || return 1
    b_report "filter tcp port 8080, caller port 9090"
    expect_eq "$PCAP_PACKETS/$PCAP_PORTS" "0/-" "packets/ports" || return 1
    expect_field start effective_argv \
        '["-i", "lo", "-nn", "-w", "f9090.pcap", "--", "( tcp port 8080 ) and ( port 9090 )"]' ||
        return 1
    b_flows 9090
}
run_test bounds-filter-caller-port-9090-gets-none t_bounds_filter_other_port

t_bounds_filter_all() {
    b_policy "$B_FILTER"
    nscap_as "$ALICE" -- "$CID" tcpdump -i lo -nn -c 40 -w fall.pcap
    write_policy
    expect_rc 0 || return 1
    pcap_stats "$ALICE_HOME/fall.pcap" || fail "fall.pcap is not a pcap" || return 1
    b_report "filter tcp port 8080, caller no expression"
    ((PCAP_PACKETS >= 40)) || fail "$PCAP_PACKETS packets" || return 1
    expect_eq "$PCAP_PORTS" 8080 "ports" || return 1
    expect_field start effective_argv '["-i", "lo", "-nn", "-c", "40", "-w", "fall.pcap", "--", "( tcp port 8080 )"]' || return 1
    grep -q -E '; tcp port 8080; max-time' "$ERR" || fail "banner: $(head -c 300 "$ERR")" || return 1
    b_flows 9090
}
run_test bounds-filter-caller-nothing-gets-8080 t_bounds_filter_all

# t_bound_refused BOUND RULE-BOUNDS ARG...: tcpdump ARG... refused by that bound: nothing ran,
# one line, a deny record whose error names the bound.
t_bound_refused() {
    local bound=$1 rule=$2
    shift 2
    b_policy "$rule"
    nscap_as "$ALICE" -- "$CID" tcpdump "$@"
    write_policy
    expect_refused 126 "^nscap: denied: $bound bound: " || return 1
    expect_nscap_error_line || return 1
    expect_field_re deny error "^\"$bound bound: .*\\(rule $POLICY:$B_LINE\\)" || return 1
    audit_check
}
run_test bounds-snaplen-larger-refused t_bound_refused snaplen "snaplen 96" -i lo -s 1500 -w x
run_test bounds-snaplen-zero-refused t_bound_refused snaplen "snaplen 96" -i lo -s0 -w x
run_test bounds-snaplen-hex-refused t_bound_refused snaplen "snaplen 96" --snapshot-length=0x60
run_test bounds-filter-F-refused t_bound_refused filter "$B_FILTER" -i lo -F /etc/hostname
run_test bounds-filter-close-early-refused t_bound_refused filter "$B_FILTER" -i lo port 9090 ')' or '(' port 9090
run_test bounds-filter-close-early-one-word t_bound_refused filter "$B_FILTER" -i lo 'port 9090 ) or ( port 9090'
run_test bounds-filter-unclosed-refused t_bound_refused filter "$B_FILTER" -i lo '(' port 9090
run_test bounds-filter-empty-refused t_bound_refused filter "$B_FILTER" -i lo ''
run_test bounds-interfaces-eth0-refused t_bound_refused interfaces "interfaces lo" -i eth0 -c 1
run_test bounds-interfaces-any-refused t_bound_refused interfaces "interfaces lo" -i any -c 1
run_test bounds-interfaces-index-refused t_bound_refused interfaces "interfaces lo" -i 1 -c 1
run_test bounds-interfaces-long-refused t_bound_refused interfaces "interfaces lo" --interface=eth0
run_test bounds-interfaces-unnamed-refused t_bound_refused interfaces "interfaces lo,eth*" -c 1

# interfaces lo: without -i nscap names lo, and the capture is lo's.
t_bounds_iface_added() {
    b_policy interfaces lo
    nscap_as "$ALICE" -- "$CID" tcpdump -nn -c 10 -w if.pcap port 8080
    write_policy
    expect_rc 0 || return 1
    pcap_stats "$ALICE_HOME/if.pcap" && ((PCAP_PACKETS >= 10)) && [[ $PCAP_PORTS == 8080 ]] ||
        fail "if.pcap: $PCAP_PACKETS packets, ports $PCAP_PORTS" || return 1
    expect_field start effective_argv '["-i", "lo", "-nn", "-c", "10", "-w", "if.pcap", "port", "8080"]' ||
        return 1
    expect_field start bounds '{"snaplen": null, "filter": null, "interfaces": ["lo"]}'
}
run_test bounds-interfaces-lo-added t_bounds_iface_added

B_ALL="snaplen 96 $B_FILTER interfaces lo"
# -n and -n --json: the bounds and the argv the tool would run with.
t_bounds_dry() {
    b_policy "$B_ALL"
    nscap_as "$ALICE" -- -n "$CID" tcpdump -w x.pcap port 9090
    expect_rc 0 || return 1
    grep -qx 'bounds: headers only (96 bytes), tcp port 8080, interfaces lo' "$OUT" &&
        grep -qxF "effective argv: 'tcpdump' '-i' 'lo' '-s' '96' '-w' 'x.pcap' '--' '( tcp port 8080 ) and ( port 9090 )'" "$OUT" ||
        fail "-n: ${OUTPUT:0:600}" || return 1
    nscap_as "$ALICE" -- -n --json "$CID" tcpdump -w x.pcap port 9090
    write_policy
    expect_rc 0 || return 1
    expect_json "j['tool']['bounds'] == {'snaplen': 96, 'filter': 'tcp port 8080', \
'interfaces': ['lo']} and j['effective_argv'] == ['tcpdump', '-i', 'lo', '-s', '96', '-w', \
'x.pcap', '--', '( tcp port 8080 ) and ( port 9090 )']"
}
run_test bounds-dry-run-shows-bounds t_bounds_dry

# -l and -l --json: each tool's bounds.
t_bounds_list() {
    b_policy "$B_ALL"
    nscap_as "$ALICE" -- -l
    expect_rc 0 || return 1
    grep -q -F "[tcpdump: headers only (96 bytes), tcp port 8080, interfaces lo]" "$OUT" ||
        fail "-l: ${OUTPUT:0:400}" || return 1
    nscap_as "$ALICE" -- -l --json
    write_policy
    expect_rc 0 || return 1
    expect_json "[t['bounds'] for r in j if r['id'] == '$CID' for t in r['tools']] == \
[{'snaplen': 96, 'filter': 'tcp port 8080', 'interfaces': ['lo']}]"
}
run_test bounds-list-shows-bounds t_bounds_list
