#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# CI fuzz smoke (tests/run.sh runs it as suite fuzz-smoke): every target for
# NSCAP_FUZZ_SMOKE_SECONDS (default 3) seconds from its seed corpus; PASS/FAIL line per target.
set -uo pipefail
exec bash "$(dirname "${BASH_SOURCE[0]}")/run.sh" "${NSCAP_FUZZ_SMOKE_SECONDS:-3}"
