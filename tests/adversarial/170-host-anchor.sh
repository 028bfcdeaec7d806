# SPDX-License-Identifier: ISC
# shellcheck shell=bash disable=SC2016,SC2034
# 17. the host's network namespace is known, never guessed (issue 17 §4): nscap started from
# another network namespace (`ip netns exec`) still knows the host's by its anchor (kthreadd's,
# PID 2), says which anchor in -n and in the audit record, refuses a host-network container
# through a container rule, and `host` enters the real host netns, not the one it started in.

ANCHOR_NS=nscapt-adv-$$
ANCHOR='kthreadd (PID 2)'

# nscap_from_netns USER ARG...: nscap as USER (root: as root), started inside ANCHOR_NS.
nscap_from_netns() {
    local u=$1
    shift
    if [[ $u == root ]]; then
        SETPRIV=()
    else
        as_user "$u"
    fi
    local RUN_SHOW
    RUN_SHOW="in netns $ANCHOR_NS as $u: nscap $(printf '%q ' "$@")"
    run_cmd ip netns exec "$ANCHOR_NS" "${SETPRIV[@]}" "$NSCAP" "$@"
}
anchor_policy() { # [RULE...]: the suite's rule (container:*), and RULEs
    write_policy "permit group:$ONCALL on container:* run probe,probe-none max-time 30s" "$@"
}

# The other netns (control: a process started there is in it, not in the host's).
t_anchor_ns() {
    local got
    ip netns add "$ANCHOR_NS" || fail "ip netns add $ANCHOR_NS failed" || return 1
    ANCHOR_NS_INO=$(stat -L -c %i "/run/netns/$ANCHOR_NS")
    got=$(ip netns exec "$ANCHOR_NS" stat -L -c %i /proc/self/ns/net)
    expect_eq "$got" "$ANCHOR_NS_INO" "netns of a process started with ip netns exec" || return 1
    expect_ne "$got" "$HOST_NETNS" "netns of a process started with ip netns exec"
}
# -n host as root from there: the host's inode (kthreadd's), and the anchor, in -n and the record.
t_dry_run_root() {
    local want
    want=$(stat -L -c %i /proc/2/ns/net)
    nscap_from_netns root -n host probe
    [[ $RC == 0 || $RC == 126 ]] || fail "exit $RC: $ERRTEXT" || return 1
    expect_eq "$(sed -n 's/^netns: //p' "$OUT")" "$want" "-n's netns (kthreadd's)" || return 1
    grep -q -x -F "host netns: identified by $ANCHOR" "$OUT" ||
        fail "-n does not name the anchor: $(tr '\n' '|' <"$OUT" | head -c 300)" || return 1
    expect_field check target.netns "$want" || return 1
    expect_field check target.host_netns_by "\"$ANCHOR\""
}
# The host-network runc container (setup's): refused through a container rule from there too.
t_hostnet_container() {
    anchor_policy
    new_marker
    nscap_from_netns "$ALICE" "$HCID" probe-none marker "$MARKER"
    expect_refused 126 'host' || return 1
    expect_events deny || return 1
    expect_field deny target.host_netns_by "\"$ANCHOR\"" || return 1
    # a `host` rule allows it, and the tool is in the host's netns
    anchor_policy "permit group:$ONCALL on host run probe max-time 30s"
    audit_mark
    nscap_from_netns "$ALICE" "$HCID" probe
    anchor_policy
    expect_ran || return 1
    expect_eq "$(probe_val ns.net)" "$HOST_NETNS" "the tool's netns"
}
# `host` from there enters the real host netns, and the start record names the anchor.
t_host_target() {
    anchor_policy "permit group:$ONCALL on host run probe max-time 30s"
    nscap_from_netns "$ALICE" host probe
    anchor_policy
    expect_ran || return 1
    expect_eq "$(probe_val ns.net)" "$HOST_NETNS" "the tool's netns (not $ANCHOR_NS_INO)" || return 1
    expect_events start,end || return 1
    expect_field start target.netns "$HOST_NETNS" || return 1
    expect_field start target.host_netns_by "\"$ANCHOR\""
}

# Inside a PID namespace (the fresh-root check runs the suites in one) no kernel thread is in
# sight: nscap then knows the host's netns only by the initial namespace's fixed inode, which it
# can see only from inside it. Started from any other netns it must refuse, not guess.
kthreadd_visible() { [[ $(cat /proc/2/comm 2>/dev/null) == kthreadd && $(awk '{print $4}' /proc/2/stat) == 0 ]]; }
t_no_anchor() { # USER ARG...: refused, naming why
    nscap_from_netns "$@"
    expect_refused 125 "cannot identify the host's network namespace: no kernel thread is visible"
}

ANCHOR_NS_INO=
run_test host-anchor-other-netns-control t_anchor_ns
if [[ -n $ANCHOR_NS_INO ]] && kthreadd_visible; then
    run_test host-anchor-dry-run-root-other-netns t_dry_run_root
    run_test host-anchor-hostnet-container-other-netns t_hostnet_container
    run_test host-anchor-host-target-other-netns t_host_target
elif [[ -n $ANCHOR_NS_INO ]]; then
    log "PID 2 is not kthreadd (a PID namespace): from another netns nscap must refuse"
    run_test host-anchor-dry-run-root-other-netns t_no_anchor root -n host probe
    run_test host-anchor-hostnet-container-other-netns t_no_anchor "$ALICE" "$HCID" probe
    run_test host-anchor-host-target-other-netns t_no_anchor "$ALICE" host probe
fi
ip netns del "$ANCHOR_NS" 2>/dev/null
write_policy
