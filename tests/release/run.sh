#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# shellcheck disable=SC2034  # SETUP_TIMEOUT is tests/lib's
# nscap release suite, as root: the build as a release manager and an auditor see it.
#   - out/nscap is static-pie, RELRO and BIND_NOW, with a non-executable stack, stripped
#   - two copies of this tree in different directories, built at different times, give the same
#     out/nscap and the same .deb; `./build.sh verify` agrees with them, and not with a wrong hash
#   - out/BUILDINFO names what the binary is made from, and its sha256
#   - the .deb is lintian clean (overrides carry reasons), installs with dpkg -i, lets a real
#     user capture in a real runc container once its policy says so, and purges to nothing
#   - Dockerfile.build, on a debootstrapped Debian imported into a private dockerd, gives the
#     same bytes (skipped, loudly, only where no Docker engine can be started)
# Users and the runc container come from tests/lib (setup_base, container_start); the cases are
# in the NN-*.sh files. NSCAP_BIN: the release binary (default out/nscap); the test binary is
# the argument, else $NSCAP_TEST_BIN, else out/test/nscap.
# shellcheck source=tests/lib/suite.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/suite.sh"
# shellcheck source=tests/release/setup.sh
. "$HERE/setup.sh"
SETUP_TIMEOUT=${NSCAP_SETUP_TIMEOUT:-1200} # two builds from scratch
on_cleanup rel_cleanup
suite_begin release "$@"
run_setup rel_setup
run_sections
suite_end
