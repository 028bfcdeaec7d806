#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# Suite unit: the C unit tests (tests/unit/test_*.c, a binary each, with t.h) under ASan and
# UBSan, built and run by `./build.sh unit`.
exec bash "$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/build.sh" unit
