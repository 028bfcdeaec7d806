#!/bin/bash
# SPDX-License-Identifier: ISC
# nscap field suite: what an on-call engineer types (issue 14), as a real user against the
# installed setuid binary: captures streamed over a real sshd into a pcap reader and into
# Wireshark's sshdump extcap, ip's own option words, the start banner, -V, -l filters, --json,
# denials that say what to do, the bash completion. Run as root:
#   tests/field/run.sh [path/to/nscap]   (default $NSCAP_TEST_BIN, else out/test/nscap)
# A suite of its own, not a section of integration: it needs openssh-server and
# wireshark-common (./build.sh deps installs them) and runs an sshd of its own.
# shellcheck source=tests/lib/suite.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/suite.sh"
# shellcheck source=tests/field/setup.sh
. "$HERE/setup.sh"
on_cleanup fd_cleanup
suite_begin field "$@"
run_setup fd_setup
run_sections
suite_end
