#!/bin/sh
# SPDX-License-Identifier: ISC
# check-static.sh FILE...: fails unless every FILE is a static executable (no PT_INTERP, no
# DT_NEEDED). A setuid binary that needed ld.so or a shared library would trust files outside
# itself; musl-gcc silently yields a dynamic binary when static-pie linking goes wrong.
set -eu
for f in "$@"; do
	if readelf -lW "$f" | grep -q 'INTERP'; then
		echo "nscap: check-static: $f has a PT_INTERP (dynamic loader)" >&2
		exit 1
	fi
	if readelf -dW "$f" 2>/dev/null | grep -q '(NEEDED)'; then
		echo "nscap: check-static: $f needs shared libraries" >&2
		exit 1
	fi
done
