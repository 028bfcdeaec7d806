# SPDX-License-Identifier: ISC
# shellcheck shell=bash
# The integration suite's policy, setup and the checks its sections share.

# oncall may run tcpdump and the probe in any container for 30 s; probe-denied is in no rule
POLICY_TOOLS=(tcpdump probe probe-denied=probe)
POLICY_RULES=("permit group:$ONCALL on container:* run tcpdump,probe max-time 30s")

it_setup() {
    setup_base || return 1
    container_start || return 1
    traffic_start "$CID" || return 1
    host_process
    RULE_LINE=$(policy_line_of "permit group:$ONCALL on container:*")
    for _ in 1 2 3; do
        traffic_check "$CPID" && return 0
    done
    echo "no port 8080 traffic visible on the container's lo" >&2
    return 1
}

# check_capture FILE N: common checks after a capture written as alice.
check_capture() {
    local f=$1 n=$2 got
    expect_rc 0 || return 1
    [[ -s $f ]] || fail "capture file $f missing or empty" || return 1
    got=$(pcap_count "$f" 8080) || fail "tcpdump -r cannot parse $f or saw non-8080 packets" || return 1
    [[ $got -ge $n ]] || fail "only $got packets in capture, expected >= $n" || return 1
}
check_start_end_ok() { # TOOL
    audit_check || return 1
    expect_audit '"event":"start"' "\"tool\":\"$1\"" "\"uid\":$ALICE_UID" "\"user\":\"$ALICE\"" \
        "\"netns\":$CNETNS" '"decision":"permit"' || return 1
    expect_audit '"event":"start"' "\"rule\":\"$POLICY:$RULE_LINE\"" || return 1
    expect_audit '"event":"end"' '"exit":0' || return 1
    expect_same_session start end || return 1
}

# t_refused USER EXPECTED_RC EVENTS TARGET TOOL: the tool must not run; one of EVENTS is recorded.
t_refused() {
    local u=$1 want=$2 events=$3 target=$4 tool=$5 ev found=
    new_marker "$u"
    nscap_as "$u" -- "$target" "$tool" marker "$MARKER"
    expect_refused "$want" || return 1
    expect_nscap_error_line || return 1
    for ev in ${events//|/ }; do
        audit_find "\"event\":\"$ev\"" >/dev/null && found=1
    done
    [[ -n $found ]] || fail "no new audit record of event $events" || return 1
    audit_check
}
