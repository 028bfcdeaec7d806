#!/bin/bash
# SPDX-License-Identifier: ISC
# shellcheck disable=SC2034,SC2153  # RR_T_SETUP is the last section's; NT_LOCK tests/lib's
# nscap realrt suite: the real docker (dockerd + containerd + runc), podman and containerd (ctr)
# from Debian 12, daemons started here with their roots below the test state-root (see
# lib-realrt.sh), a busybox-static image imported without a registry, real containers and a pod
# with loopback traffic; every target form, captures, -l, host network, --network container:,
# images whose labels claim an identity, restart, stop, removal, checked as a real unprivileged
# user against the installed setuid binary; and the runtimes' own files checked against
# tests/fixtures/runtimes/README.md. Run as root:
#   tests/realrt/run.sh [path/to/nscap]   (default $NSCAP_TEST_BIN, else out/test/nscap)
# RR_FIXTURES=DIR also copies the runtimes' state files, phase by phase, into DIR.
# Installs docker.io, podman, containerd if missing (never crun); leaves the host as it found it
# (the last section checks it). The cases are in the NN-*.sh files (tests/lib/README.md).
RR_T0=$SECONDS
# shellcheck source=tests/lib/suite.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/suite.sh"
# shellcheck source=tests/realrt/setup.sh
. "$HERE/setup.sh"
on_cleanup rr_cleanup
suite_begin realrt "$@"
log "waited $((SECONDS - RR_T0))s for $NT_LOCK and removed leftovers"
RR_T0=$SECONDS
run_setup rr_setup
RR_T_SETUP=$((SECONDS - RR_T0))
run_sections
suite_end
