# SPDX-License-Identifier: ISC
# shellcheck shell=bash disable=SC2153  # A, B, T come from setup.sh
# The binary: hardening, BUILDINFO, the two copies' bytes, `./build.sh verify` both ways.

t_hardening() {
	local h l d s
	h=$(readelf -hW "$REL_BIN") && l=$(readelf -lW "$REL_BIN") && s=$(readelf -SW "$REL_BIN") ||
		fail "readelf failed" || return
	d=$(readelf -dW "$REL_BIN")
	grep -q 'Type: *DYN' <<<"$h" || fail "not position-independent: $(grep Type: <<<"$h")" || return
	! grep -q INTERP <<<"$l" || fail "has a PT_INTERP" || return
	! grep -q NEEDED <<<"$d" || fail "needs shared libraries" || return
	grep -q GNU_RELRO <<<"$l" || fail "no RELRO segment" || return
	grep -q 'BIND_NOW' <<<"$d" || fail "not BIND_NOW" || return
	grep GNU_STACK <<<"$l" | grep -q ' RW  ' || fail "stack is not RW only: $(grep GNU_STACK <<<"$l")" || return
	! grep -qE '\.symtab|\.comment|\.note\.gnu\.build-id' <<<"$s" || fail "symbols, .comment or a build ID left" || return
}

t_buildinfo() {
	local bi=$REPO/out/BUILDINFO p
	[[ $(sed -n 's/^SHA256: //p' "$bi") == "$(sha "$REL_BIN")" ]] || fail "SHA256 is not out/nscap's" || return
	grep -qE '^Commit: [0-9a-f]{40}' "$bi" || fail "no commit" || return
	for p in '^Source: musl [^ ]+ dsc-sha256 [0-9a-f]{64}$' '^Source: gcc-[0-9]+ [^ ]+ dsc-sha256 [0-9a-f]{64}$' \
		'^Libseccomp-Source: libseccomp_[^ ]+\.dsc sha256 [0-9a-f]{64}$' '^Built-With: musl-dev ' \
		'^Values: NSCAP_POLICY=/[^ ]+ NSCAP_AUDIT_LOG=/[^ ]+ NSCAP_GROUP=[a-z_-]+ NSCAP_CACHE_DIR=/'; do
		grep -qE "$p" "$bi" || fail "no line matching $p" || return
	done
	[[ $(grep -v '^Commit: ' "$bi") == "$(grep -v '^Commit: ' "$A/out/BUILDINFO")" ]] ||
		fail "the snapshot's BUILDINFO differs beyond the commit" || return
}

t_reproducible() {
	local t
	log "sha256 tree $(sha "$REL_BIN"), copy A $(sha "$A/out/nscap"), copy B $(sha "$B/out/nscap")"
	log "from-scratch builds: A ${TIME_A}s, B ${TIME_B}s"
	cmp -s "$A/out/nscap" "$B/out/nscap" || fail "the two copies' binaries differ" || return
	cmp -s "$A/out/nscap" "$REL_BIN" || fail "the copies' binary differs from the tree's out/nscap" || return
	for t in "$T" "$(date -u +%F)" "$(LC_ALL=C date -u '+%b %e %Y')"; do
		! grep -qaF -- "$t" "$A/out/nscap" || fail "the binary contains '$t'" || return
	done
}

t_verify_ok() {
	timed VERIFY "$T/verify-ok.log" "$A/build.sh" verify "$REL_BIN" ||
		fail "verify of the tree's binary failed: $(grep 'nscap: ' "$T/verify-ok.log" | tail -n 1)" || return
	grep -q "^nscap: verify: OK: commit [0-9a-f]\{40\} builds to sha256 $(sha "$REL_BIN")$" "$T/verify-ok.log" ||
		fail "no OK line: $(tail -n 1 "$T/verify-ok.log")" || return
	log "verify (a fresh clone, built from scratch): ${TIME_VERIFY}s"
}

t_verify_mismatch() {
	local rc=0 kept
	"$A/build.sh" verify "$(printf '0%.0s' {1..64})" >"$T/verify-bad.log" 2>&1 || rc=$?
	kept=$(sed -n 's|.*kept in \(/tmp/nscap-verify\.[A-Za-z0-9]*\)/nscap).*|\1|p' "$T/verify-bad.log")
	[[ -n $kept ]] && rm -rf "$kept"
	[[ $rc == 1 ]] || fail "exit $rc, expected 1" || return
	grep -q "^nscap: verify: MISMATCH: .* builds to sha256 $(sha "$REL_BIN"), not 0\{64\}" "$T/verify-bad.log" ||
		fail "no MISMATCH line: $(tail -n 1 "$T/verify-bad.log")" || return
}

run_test release-hardening t_hardening
run_test release-buildinfo t_buildinfo
run_test release-reproducible t_reproducible
# each verify builds a fresh clone from scratch
CASE_TIMEOUT=600 run_test release-verify t_verify_ok
CASE_TIMEOUT=600 run_test release-verify-mismatch t_verify_mismatch
