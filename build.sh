#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# nscap's build and test driver: Debian packages (deps) -> toolchain bootstrap
# (scripts/toolchain.sh: musl static-pie specs, libseccomp) -> make (Makefile: the compile).
#
#   ./build.sh [build]            out/nscap (static-pie, stripped), out/seccomp/*.pfc (the
#                                 embedded seccomp filters, readable), out/BUILDINFO
#   ./build.sh test               every suite via tests/run.sh; last line "N passed, N failed"
#   ./build.sh unit               ASan/UBSan unit tests only (tests/unit/test_*.c, glibc gcc)
#   ./build.sh lint [DIR]         cppcheck + clang-tidy on src/ and gen/, clang-format, SPDX lines
#   ./build.sh format-check       clang-format --dry-run on src/, gen/ and tests/unit/
#   ./build.sh install [DESTDIR]  setuid-root binary, example policy, audit log directory, man
#                                 pages, bash completion; without DESTDIR also the system group
#                                 the tool runs in
#   ./build.sh deb                out/nscap_VERSION_amd64.deb (scripts/deb.sh)
#   ./build.sh verify SHA256|FILE rebuild HEAD in a fresh clone; compare with SHA256 or FILE's
#   ./build.sh demo | bench | fuzz [SECONDS]
#   ./build.sh compile OUTFILE POLICYPATH AUDITPATH [GROUP]   one build, other compiled-in values
#                                 (NSCAP_CACHE_DIR from the environment, if set)
#   ./build.sh deps [build]       install missing Debian packages (with "build": the build's only)
#
# Compiled-in values: NSCAP_POLICY, NSCAP_AUDIT_LOG, NSCAP_GROUP (defaults in the Makefile).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
CALLER_PWD=$PWD
OUT="$ROOT/out"

# What a minimal Debian 12 (debootstrap, then git, ca-certificates and sudo) lacks.
BUILD_PKGS=(
	# compilers and the static toolchain
	gcc make binutils libc6-dev linux-libc-dev musl-tools musl-dev dpkg-dev libjsmn-dev
	# libseccomp's build from Debian's source package (configure needs gperf and file)
	gperf file xz-utils debian-archive-keyring gpgv
)
TEST_PKGS=(
	# lint, fuzzing, sanitizers
	clang libclang-rt-14-dev cppcheck clang-tidy clang-format
	# what the tests run: containers, tools, process inspection, attackers' debuggers
	runc busybox-static tcpdump iproute2 iputils-ping iputils-tracepath util-linux procps
	strace gdb python3 coreutils
	# the release suite: a Debian root, Dockerfile.build in Debian's docker, the .deb checked
	debootstrap docker.io lintian
)
# The field suite's: an sshd of its own (and ssh-keygen for its keys) and Wireshark's sshdump
# extcap. Without recommends (they would bring the Wireshark GUI) and with no service started by
# the install (see deps). The realrt suite installs podman and containerd itself, also without
# recommends: podman's would bring crun, which becomes its default and does not run here.
TEST_PKGS_BARE=(openssh-server openssh-client wireshark-common)

log() { printf 'nscap: build.sh: %s\n' "$*" >&2; }
die() {
	log "$*"
	exit 1
}

need_root() {
	[[ $EUID -eq 0 ]] || die "$1 must run as root (try: sudo ./build.sh ${2:-})"
}

# The packages of the list named $1 that are not installed.
missing_of() {
	local -n list=$1
	local p st
	for p in "${list[@]}"; do
		st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
		[[ $st == *" ok installed" ]] || echo "$p"
	done
}

# deps [build]: install the missing ones of the build's packages (and the tests' without "build").
# TEST_PKGS_BARE go in without recommends, and under a policy-rc.d that refuses to start
# services (put in place for the install where the machine has none): openssh-server must not
# start the machine's sshd.
deps() {
	local missing=() bare=() made=
	mapfile -t missing < <(missing_of BUILD_PKGS)
	if [[ ${1:-} != build ]]; then
		mapfile -t -O "${#missing[@]}" missing < <(missing_of TEST_PKGS)
		mapfile -t bare < <(missing_of TEST_PKGS_BARE)
	fi
	((${#missing[@]} + ${#bare[@]} == 0)) && return 0
	need_root "installing packages (${missing[*]} ${bare[*]})"
	log "installing missing packages: ${missing[*]} ${bare[*]}"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -q -o DPkg::Lock::Timeout=600 </dev/null
	((${#missing[@]} == 0)) ||
		apt-get install -y -q -o DPkg::Lock::Timeout=600 "${missing[@]}" </dev/null
	((${#bare[@]})) || return 0
	if [[ ! -e /usr/sbin/policy-rc.d ]]; then
		printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod 0755 /usr/sbin/policy-rc.d
		made=1
	fi
	apt-get install -y -q --no-install-recommends -o DPkg::Lock::Timeout=600 "${bare[@]}" \
		</dev/null || { [[ -z $made ]] || rm -f /usr/sbin/policy-rc.d; return 1; }
	[[ -z $made ]] || rm -f /usr/sbin/policy-rc.d
}

bootstrap() { bash "$ROOT/scripts/toolchain.sh"; }

mk() { make -s --no-print-directory -C "$ROOT" "$@"; }

# A compiled-in value of out/nscap, from out/BUILDINFO.
built_value() {
	sed -n "s/^Values: .*\<$1=\([^ ]*\).*/\1/p" "$OUT/BUILDINFO"
}

cmd_build() {
	deps build
	bootstrap
	mk all
	log "built $OUT/nscap: $(sed -n 's/^Values: //p' "$OUT/BUILDINFO")"
	log "sha256 $(sed -n 's/^SHA256: //p' "$OUT/BUILDINFO") (out/BUILDINFO); seccomp filters: out/seccomp/*.pfc"
}

cmd_unit() {
	deps
	bootstrap
	local t name rc fail=0 tests=()
	shopt -s nullglob
	tests=("$ROOT"/tests/unit/test_*.c)
	shopt -u nullglob
	if ((${#tests[@]} == 0)); then
		echo "# unit: no tests/unit/test_*.c"
		return 0
	fi
	mkdir -p "$OUT/unit"
	mk -k unit >"$OUT/unit/make.log" 2>&1 || sed 's/^/# /' "$OUT/unit/make.log"
	export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=0:detect_leaks=1:strict_string_checks=1}
	export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
	for t in "${tests[@]}"; do
		name=$(basename "$t" .c)
		if ! mk -q "out/unit/$name" 2>/dev/null; then
			echo "FAIL unit-build-$name: compile error"
			fail=1
			continue
		fi
		echo "# unit: $name"
		rc=0
		(cd "$OUT/unit" && timeout -k 10 "${NSCAP_UNIT_TIMEOUT:-300}" "./$name") \
			>"$OUT/unit/$name.log" 2>&1 </dev/null || rc=$?
		cat "$OUT/unit/$name.log"
		if ((rc != 0)); then
			fail=1
			grep -q '^FAIL ' "$OUT/unit/$name.log" || echo "FAIL $name: exited $rc"
		fi
	done
	return "$fail"
}

cmd_lint() {
	deps
	bootstrap
	mk build/gen/seccomp_filters.h
	exec bash "$ROOT/scripts/lint.sh" lint "$@"
}

cmd_test() {
	need_root "./build.sh test" test
	deps
	if ! (bootstrap && mk all test-bin); then
		echo "FAIL build: static nscap build failed"
		echo "0 passed, 1 failed"
		return 1
	fi
	export NSCAP_BIN="$OUT/nscap" NSCAP_TEST_BIN="$OUT/test/nscap"
	exec bash "$ROOT/tests/run.sh"
}

cmd_install() {
	local destdir=${1:-} bindir policy logdir group m sec mandir
	need_root "./build.sh install (or run it under fakeroot)" install
	cmd_build
	policy="$destdir$(built_value NSCAP_POLICY)"
	logdir="$destdir$(dirname "$(built_value NSCAP_AUDIT_LOG)")"
	group=$(built_value NSCAP_GROUP)
	bindir="$destdir/usr/local/sbin" mandir="$destdir/usr/local/share/man"
	umask 022
	install -d -m 0755 -o root -g root "$bindir" "$(dirname "$policy")"
	install -m 4755 -o root -g root "$OUT/nscap" "$bindir/nscap"
	if [[ -e $policy ]]; then
		log "keeping existing $policy"
	else
		install -m 0644 -o root -g root "$ROOT/policy/nscap.policy" "$policy"
	fi
	install -d -m 0700 -o root -g root "$logdir"
	for m in "$ROOT"/man/*.[58]; do
		sec=${m##*.}
		install -d -m 0755 "$mandir/man$sec"
		install -m 0644 -o root -g root "$m" "$mandir/man$sec/"
	done
	install -d -m 0755 "$destdir/usr/local/share/bash-completion/completions"
	install -m 0644 -o root -g root "$ROOT/packaging/bash-completion/nscap" \
		"$destdir/usr/local/share/bash-completion/completions/nscap"
	# The tool runs with this group as its primary group; a staged tree gets no host group.
	if [[ -z $destdir ]] && ! getent group "$group" >/dev/null; then
		groupadd --system "$group"
		log "created the system group $group"
	fi
	log "installed $bindir/nscap (setuid root), policy $policy, audit dir $logdir"
}

cmd_deb() {
	cmd_build
	bash "$ROOT/scripts/deb.sh"
}

# verify SHA256|FILE: the committed source, cloned afresh and built from scratch, must give
# exactly this binary.
cmd_verify() {
	local want=${1:-} tmp head got
	[[ -n $want ]] || die "usage: ./build.sh verify SHA256|FILE"
	if [[ -f $(abspath "$want") ]]; then
		want=$(sha256sum <"$(abspath "$want")" | cut -d' ' -f1)
	fi
	[[ $want =~ ^[0-9a-f]{64}$ ]] || die "verify: '$want' is neither a sha256 nor a file"
	head=$(git -C "$ROOT" rev-parse HEAD) || die "verify needs the git checkout"
	[[ -z $(git -C "$ROOT" status --porcelain --untracked-files=no) ]] ||
		log "warning: uncommitted changes are not part of the rebuild (it builds $head)"
	deps build
	tmp=$(mktemp -d /tmp/nscap-verify.XXXXXX)
	git clone -q --no-hardlinks "$ROOT" "$tmp/nscap"
	git -C "$tmp/nscap" checkout -q --detach "$head"
	log "verify: building $head from scratch in $tmp/nscap"
	(cd "$tmp/nscap" && ./build.sh build) || die "verify: the rebuild failed (tree kept: $tmp)"
	got=$(sha256sum <"$tmp/nscap/out/nscap" | cut -d' ' -f1)
	if [[ $got == "$want" ]]; then
		rm -rf "$tmp"
		echo "nscap: verify: OK: commit $head builds to sha256 $got"
		return 0
	fi
	echo "nscap: verify: MISMATCH: commit $head builds to sha256 $got, not $want" \
		"(the rebuild and its out/BUILDINFO are kept in $tmp/nscap)"
	return 1
}

delegate() {
	local name=$1 script="$ROOT/$2"
	shift 2
	[[ -f $script ]] || die "$name: not yet available"
	deps
	export NSCAP_ROOT="$ROOT"
	exec bash "$script" "$@"
}

# Caller-relative path to absolute (main() changes to the repository root).
abspath() {
	[[ $1 == /* ]] && printf '%s' "$1" || printf '%s/%s' "$CALLER_PWD" "$1"
}

usage() {
	sed -n '3,20s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"
}

main() {
	cd "$ROOT"
	local cmd=${1:-build}
	(($#)) && shift
	case $cmd in
	build) cmd_build ;;
	deps) deps "$@" ;;
	test) cmd_test ;;
	unit) cmd_unit ;;
	lint) cmd_lint "$@" ;;
	format-check) exec bash "$ROOT/scripts/lint.sh" format-check ;;
	install) cmd_install ${1:+"$(abspath "$1")"} ;;
	deb) cmd_deb ;;
	verify) cmd_verify "$@" ;;
	compile)
		(($# == 3 || $# == 4)) || die "usage: ./build.sh compile OUTFILE POLICYPATH AUDITPATH [GROUP]"
		deps build
		bootstrap
		mk bin OUT="$(abspath "$1")" NSCAP_POLICY="$2" NSCAP_AUDIT_LOG="$3" ${4:+NSCAP_GROUP="$4"} \
			${NSCAP_CACHE_DIR:+NSCAP_CACHE_DIR="$NSCAP_CACHE_DIR"}
		log "built $(abspath "$1") (policy $2, audit $3${4:+, group $4})"
		;;
	demo) delegate demo tests/demo.sh "$@" ;;
	bench) delegate bench tests/bench/run.sh "$@" ;;
	fuzz) delegate fuzz tests/fuzz/run.sh "$@" ;;
	-h | --help | help) usage ;;
	*)
		usage >&2
		exit 2
		;;
	esac
}

# Sourcing (bash) gives the package lists and functions without running anything.
if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
	main "$@"
fi
