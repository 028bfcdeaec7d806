#!/bin/bash
# SPDX-License-Identifier: ISC
# nscap integration suite: a real setuid-root nscap, real users, a real runc container with
# loopback traffic. Run as root:
#   tests/integration/run.sh [path/to/nscap]   (default $NSCAP_TEST_BIN, else out/test/nscap)
# One "PASS name" / "FAIL name: reason" line per case (tests/lib/README.md); the cases are in
# the NN-*.sh files, sourced in order after setup.sh's setup.
# shellcheck source=tests/lib/suite.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/suite.sh"
# shellcheck source=tests/integration/setup.sh
. "$HERE/setup.sh"
suite_begin integration "$@"
run_setup it_setup
run_sections
suite_end
