# SPDX-License-Identifier: ISC
# shellcheck shell=bash disable=SC2153  # RR_T0, RR_T_SETUP come from run.sh
# The end: every container, the daemons and their mounts removed now (the suite's exit would do
# it too), and the host as the snapshot before setup found it.

RR_T_CASES=$((SECONDS - RR_T0 - RR_T_SETUP))
t=$SECONDS
rr_cleanup
RR_T_CLEANUP=$((SECONDS - t))
t_host() { [[ -z $RR_LEFT ]] || fail "differs from before the run: $(tr '\n' ';' <<<"$RR_LEFT")"; }
run_test realrt-host-left-as-found t_host
log "realrt times: setup ${RR_T_SETUP}s, cases ${RR_T_CASES}s, cleanup ${RR_T_CLEANUP}s"
