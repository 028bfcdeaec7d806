#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# Suite fuzz-smoke: every fuzz target (tests/fuzz/) for NSCAP_FUZZ_SMOKE_SECONDS (default 3)
# seconds from its seed corpus; a PASS/FAIL line per target.
set -uo pipefail
exec bash "$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/fuzz/run.sh" "${NSCAP_FUZZ_SMOKE_SECONDS:-3}"
