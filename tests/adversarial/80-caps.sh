# SPDX-License-Identifier: ISC
# shellcheck shell=bash disable=SC2016
# 8. capability state: exactly the tool's caps, in every set.

t_caps() { # TOOL WANT
    nscap_as "$ALICE" -- "$CID" "$1"
    expect_ran || return 1
    local k
    for k in CapInh CapPrm CapEff CapBnd CapAmb; do
        expect_eq "$(probe_val $k)" "$2" "$1 $k" || return 1
    done
}
# caps none: every set empty, the bounding set included.
run_test caps-none-all-zero t_caps probe-none "$ZERO"
# caps net_raw,net_admin: exactly those two in every set.
run_test caps-raw-admin-exact t_caps probe-admin "$RAW_ADMIN"
