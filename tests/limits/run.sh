#!/bin/bash
# SPDX-License-Identifier: ISC
# nscap limits suite (issue 6): the audit trail under load, faults injected for real, signals,
# time and size limits, log rotation. A real setuid-root nscap, real users, a real runc
# container. Run as root:
#   tests/limits/run.sh [path/to/nscap]   (default $NSCAP_TEST_BIN, else out/test/nscap)
# The NN-*.sh files are the sections, sourced in order after setup.sh's setup. One
# "PASS name" / "FAIL name: reason" line per case (tests/lib/README.md).
# shellcheck source=tests/lib/suite.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/suite.sh"
# shellcheck source=tests/limits/setup.sh
. "$HERE/setup.sh"
on_cleanup lim_unfault
suite_begin limits "$@"
run_setup lim_setup
run_sections
suite_end
