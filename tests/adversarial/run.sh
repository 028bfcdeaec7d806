#!/bin/bash
# SPDX-License-Identifier: ISC
# nscap adversarial suite (issue 4): real attacks, run as a real unprivileged user against the
# installed setuid-root binary. Run as root:
#   tests/adversarial/run.sh [path/to/nscap]   (default $NSCAP_TEST_BIN, else out/test/nscap)
# Each case is one attack, named after it, with a comment saying what it proves; the NN-*.sh
# files are the issue's items, sourced in order after setup.sh's setup. One "PASS name" /
# "FAIL name: reason" line per case (tests/lib/README.md).
# shellcheck source=tests/lib/suite.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/suite.sh"
# shellcheck source=tests/adversarial/setup.sh
. "$HERE/setup.sh"
on_cleanup adv_cleanup
suite_begin adversarial "$@"
run_setup adv_setup
run_sections
suite_end
