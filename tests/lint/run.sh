#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# Suite lint: cppcheck, clang-tidy and clang-format, one case each, by `./build.sh lint`.
exec bash "$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/build.sh" lint
