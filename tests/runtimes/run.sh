#!/bin/bash
# SPDX-License-Identifier: ISC
# nscap runtimes suite (issue 5): every runtime's state layout under the test policy's
# state-root, each container a real runc container, with the side files the runtime writes;
# every TARGET form, -l, policy selectors, identity sources, stale, forged, untrusted
# and malformed state, disclosure. Run as root:
#   tests/runtimes/run.sh [path/to/nscap]   (default $NSCAP_TEST_BIN, else out/test/nscap)
# The NN-*.sh files are the sections, sourced in order after fixtures.sh's setup. One
# "PASS name" / "FAIL name: reason" line per case (tests/lib/README.md).
# shellcheck source=tests/lib/suite.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/suite.sh"
# shellcheck source=tests/runtimes/rt.sh
. "$HERE/rt.sh"
# shellcheck source=tests/runtimes/layouts.sh
. "$HERE/layouts.sh"
# shellcheck source=tests/runtimes/fixtures.sh
. "$HERE/fixtures.sh"

# probe, as the integration suite defines it; oncall may probe any container and the host
# shellcheck disable=SC2034  # write_policy's
POLICY_TOOLS=(tcpdump probe probe-denied=probe)
# shellcheck disable=SC2034
POLICY_RULES=("permit group:$ONCALL on any run probe" "permit group:$ONCALL on host run probe")

on_cleanup rt_delete_all
suite_begin runtimes "$@"
run_setup rt_setup
run_sections
suite_end
