#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# nscap release suite, as root: the build as a release manager and an auditor see it.
#   - out/nscap is static-pie, RELRO and BIND_NOW, with a non-executable stack, stripped
#   - two copies of this tree in different directories, built at different times, give the same
#     out/nscap and the same .deb; `./build.sh verify` agrees with them, and not with a wrong hash
#   - out/BUILDINFO names what the binary is made from, and its sha256
#   - the .deb is lintian clean (overrides carry reasons), installs with dpkg -i, lets a real
#     user capture in a real runc container once its policy says so, and purges to nothing
#   - Dockerfile.build, on a debootstrapped Debian imported into a private dockerd, gives the
#     same bytes (skipped, loudly, only where no Docker engine can be started)
# Users and the runc container come from tests/integration/lib.sh (which holds the test lock).
set -u
umask 022

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
BIN=${NSCAP_BIN:-$ROOT/out/nscap}
TBIN=${NSCAP_TEST_BIN:-$ROOT/out/test/nscap}
IT_SUITE=release
# shellcheck source=tests/integration/lib.sh
. "$HERE/../integration/lib.sh"
# shellcheck source=tests/release/lib-docker.sh
. "$HERE/lib-docker.sh"
# shellcheck source=tests/release/lib-deb.sh
. "$HERE/lib-deb.sh"

if [[ $(id -u) != 0 ]]; then
	echo "FAIL release-setup: must run as root"
	exit 1
fi

T=
A= # the tree's snapshot, a git repository, built first
B= # a clone of A elsewhere, built later
cleanup() {
	local rc=$?
	dk_stop
	deb_cleanup
	[[ -n $T ]] && rm -rf "$T"
	it_cleanup
	return $rc
}
it_cleanup_leftovers
deb_cleanup
trap cleanup EXIT
trap 'exit 130' INT TERM

# snapshot DIR: this tree's files as they are (tracked and new, not ignored) committed as the
# one commit of a repository in DIR, with HEAD's date, so builds there see exactly these sources.
snapshot() {
	local dir=$1 when
	when=$(git -C "$ROOT" log -1 --format=%ct) || return 1
	mkdir -p "$dir"
	(cd "$ROOT" && git ls-files -z -co --exclude-standard |
		while IFS= read -r -d '' f; do [[ -e $f ]] && printf '%s\0' "$f"; done |
		tar --null -T - -cf -) | tar -C "$dir" -xf - || return 1
	git -C "$dir" init -q && git -C "$dir" add -A &&
		GIT_COMMITTER_DATE="@$when" git -C "$dir" -c user.name=nscapt -c user.email=nscapt@localhost \
			commit -q --date="@$when" -m "snapshot of the tree under test"
}

# timed NAME LOG CMD...: CMD's output into LOG; its duration into TIME_<NAME>.
timed() {
	local name=$1 log=$2 t0=$SECONDS rc=0
	shift 2
	"$@" >"$log" 2>&1 || rc=$?
	printf -v "TIME_$name" '%s' $((SECONDS - t0))
	return $rc
}

setup() {
	[[ -f $BIN && -f $ROOT/out/BUILDINFO ]] || {
		echo "no $BIN or out/BUILDINFO: run ./build.sh test (or ./build.sh) first" >&2
		return 1
	}
	T=$(mktemp -d /tmp/nscapt-rel.XXXXXX) && chmod 0711 "$T" || return 1
	A=$T/a/nscap B=$T/b/some/other/place/nscap-copy
	snapshot "$A" || return 1
	it_log "building the snapshot from scratch in $A"
	timed A "$T/a.log" "$A/build.sh" build ||
		{ tail -n 20 "$T/a.log" >&2; return 1; }
	sleep 2
	git clone -q "$A" "$B" || return 1
	it_log "building a clone of it, later, with another umask and time zone, in $B"
	umask 002
	TZ=Pacific/Kiritimati timed B "$T/b.log" "$B/build.sh" build || { tail -n 20 "$T/b.log" >&2; return 1; }
	umask 022
	it_setup "$TBIN" || return 1
	it_container_start || return 1
	it_traffic_start "$CID" || return 1
}
it_run_setup release setup

sha() { sha256sum <"$1" | cut -d' ' -f1; }

t_hardening() {
	local h l d s
	h=$(readelf -hW "$BIN") && l=$(readelf -lW "$BIN") && s=$(readelf -SW "$BIN") || fail "readelf failed" || return
	d=$(readelf -dW "$BIN")
	grep -q 'Type: *DYN' <<<"$h" || fail "not position-independent: $(grep Type: <<<"$h")" || return
	! grep -q INTERP <<<"$l" || fail "has a PT_INTERP" || return
	! grep -q NEEDED <<<"$d" || fail "needs shared libraries" || return
	grep -q GNU_RELRO <<<"$l" || fail "no RELRO segment" || return
	grep -q 'BIND_NOW' <<<"$d" || fail "not BIND_NOW" || return
	grep GNU_STACK <<<"$l" | grep -q ' RW  ' || fail "stack is not RW only: $(grep GNU_STACK <<<"$l")" || return
	! grep -qE '\.symtab|\.comment|\.note\.gnu\.build-id' <<<"$s" || fail "symbols, .comment or a build ID left" || return
}

t_buildinfo() {
	local bi=$ROOT/out/BUILDINFO p
	[[ $(sed -n 's/^SHA256: //p' "$bi") == "$(sha "$BIN")" ]] || fail "SHA256 is not out/nscap's" || return
	grep -qE '^Commit: [0-9a-f]{40}' "$bi" || fail "no commit" || return
	for p in '^Source: musl [^ ]+ dsc-sha256 [0-9a-f]{64}$' '^Source: gcc-[0-9]+ [^ ]+ dsc-sha256 [0-9a-f]{64}$' \
		'^Libseccomp-Source: libseccomp_[^ ]+\.dsc sha256 [0-9a-f]{64}$' '^Built-With: musl-dev ' \
		'^Values: NSCAP_POLICY=/[^ ]+ NSCAP_AUDIT_LOG=/[^ ]+ NSCAP_GROUP=[a-z_]'; do
		grep -qE "$p" "$bi" || fail "no line matching $p" || return
	done
	[[ $(grep -v '^Commit: ' "$bi") == "$(grep -v '^Commit: ' "$A/out/BUILDINFO")" ]] ||
		fail "the snapshot's BUILDINFO differs beyond the commit" || return
}

t_reproducible() {
	local t
	it_log "sha256 tree $(sha "$BIN"), copy A $(sha "$A/out/nscap"), copy B $(sha "$B/out/nscap")"
	it_log "from-scratch builds: A ${TIME_A}s, B ${TIME_B}s"
	cmp -s "$A/out/nscap" "$B/out/nscap" || fail "the two copies' binaries differ" || return
	cmp -s "$A/out/nscap" "$BIN" || fail "the copies' binary differs from the tree's out/nscap" || return
	for t in "$T" "$(date -u +%F)" "$(LC_ALL=C date -u '+%b %e %Y')"; do
		! grep -qaF -- "$t" "$A/out/nscap" || fail "the binary contains '$t'" || return
	done
}

t_verify_ok() {
	timed VERIFY "$T/verify-ok.log" "$A/build.sh" verify "$BIN" ||
		fail "verify of the tree's binary failed: $(grep 'nscap: ' "$T/verify-ok.log" | tail -n 1)" || return
	grep -q "^nscap: verify: OK: commit [0-9a-f]\{40\} builds to sha256 $(sha "$BIN")$" "$T/verify-ok.log" ||
		fail "no OK line: $(tail -n 1 "$T/verify-ok.log")" || return
	it_log "verify (a fresh clone, built from scratch): ${TIME_VERIFY}s"
}

t_verify_mismatch() {
	local rc=0 kept
	"$A/build.sh" verify "$(printf '0%.0s' {1..64})" >"$T/verify-bad.log" 2>&1 || rc=$?
	kept=$(sed -n 's|.*kept in \(/tmp/nscap-verify\.[A-Za-z0-9]*\)/nscap).*|\1|p' "$T/verify-bad.log")
	[[ -n $kept ]] && rm -rf "$kept"
	[[ $rc == 1 ]] || fail "exit $rc, expected 1" || return
	grep -q "^nscap: verify: MISMATCH: .* builds to sha256 $(sha "$BIN"), not 0\{64\}" "$T/verify-bad.log" ||
		fail "no MISMATCH line: $(tail -n 1 "$T/verify-bad.log")" || return
}

run_test release-hardening t_hardening
run_test release-buildinfo t_buildinfo
run_test release-reproducible t_reproducible
run_test release-verify t_verify_ok
run_test release-verify-mismatch t_verify_mismatch
deb_cases

t_docker() {
	local base out=$T/docker-out log=$T/docker.log
	base=$(dk_base_tarball) || fail "no Debian base root (debootstrap)" || return
	dk_import_base "$base" nscapt-release-base "$T" || fail "docker import of $base failed" || return
	it_log "docker build: Dockerfile.build on the imported root (a log: $log)"
	timed DOCKER "$log" env DOCKER_BUILDKIT=1 "$DK_CLI" build --network host -f "$A/Dockerfile.build" \
		--build-arg BASE=nscapt-release-base --build-arg NSCAP_COMMIT="$(git -C "$A" rev-parse HEAD)" \
		--output "$out" "$A" || fail "docker build failed: $(tail -n 3 "$log" | tr '\n' ' ')" || return
	it_log "docker build ${TIME_DOCKER}s; sha256 docker $(sha "$out/nscap"), ./build.sh $(sha "$A/out/nscap")"
	cmp -s "$out/nscap" "$A/out/nscap" ||
		fail "differs from ./build.sh's; toolchains: $(diff <(grep ^Built-With "$A/out/BUILDINFO") \
			<(grep ^Built-With "$out/BUILDINFO") | grep '^[<>]' | tr '\n' ' ')" || return
}
if dk_start "$T/dk"; then
	run_test release-docker t_docker
else
	echo "# SKIP release-docker: no Docker engine can be started here: $DK_WHY"
fi
dk_stop

it_summary
