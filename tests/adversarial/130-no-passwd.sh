# SPDX-License-Identifier: ISC
# shellcheck shell=bash disable=SC2016
# 13. a caller without a passwd entry.

# uid:N rules work for a caller no name service knows.
t_ghost_numeric() {
    write_policy "permit uid:$GHOST_UID on container:* run probe max-time 30s"
    NSCAP_CWD=$NT_HOME/ghost nscap_as "$GHOST_UID" -- "$CID" probe
    write_policy
    expect_ran || return 1
    expect_eq "$(probe_val uid)" "$GHOST_UID" "uid" || return 1
    expect_eq "$(probe_val ns.net)" "$CNETNS" "net namespace" || return 1
    expect_events "start,end" || return 1
    expect_audit '"event":"start"' "\"uid\":$GHOST_UID,\"user\":null"
}
# Named rules (user:, group:) never match it: a clean deny.
t_ghost_named() {
    new_marker
    write_policy "permit user:$ALICE on container:* run probe" "permit group:$ONCALL on container:* run probe" \
        "permit user:nobody on container:* run probe"
    NSCAP_CWD=$NT_HOME/ghost nscap_as "$GHOST_UID" -- "$CID" probe marker "$NT_HOME/ghost/m"
    write_policy
    expect_rc 126 || return 1
    expect_msg 'denied' || return 1
    expect_no_file "$NT_HOME/ghost/m" || return 1
    expect_events "deny"
}

run_test no-passwd-numeric-rule t_ghost_numeric
run_test no-passwd-named-rules-deny t_ghost_named
