# SPDX-License-Identifier: ISC
# shellcheck shell=bash
# A host rule and a pid: target in the host netns.

t_host_rule() {
    write_policy "permit group:$ONCALL on container:* run tcpdump,probe max-time 30s" \
        "permit group:$ONCALL on host run probe"
    nscap_as "$ALICE" -- "pid:$HOSTPID" probe
    write_policy
    expect_rc 0 || return 1
    expect_eq "$(probe_val ns.net)" "$HOST_NETNS" "net namespace inode (host)" || return 1
    expect_eq "$(probe_val CapEff)" "$CAP_NET_RAW" "CapEff" || return 1
    expect_audit '"event":"start"' '"tool":"probe"' "\"netns\":$HOST_NETNS" || return 1
    expect_audit '"event":"end"' '"exit":0' || return 1
    audit_check
}
run_test host-rule-pid-target t_host_rule
