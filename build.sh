#!/usr/bin/env bash
# nscap build and test driver (see DESIGN.md, "Build and test contract").
#
#   ./build.sh [build]            static, stripped out/nscap (musl; its seccomp filters compiled by
#                                 libseccomp from Debian source) and out/seccomp/*.pfc to review
#   ./build.sh test               every suite via tests/run.sh; last line "N passed, N failed"
#   ./build.sh unit               ASan/UBSan unit tests only (tests/unit/test_*.c, glibc gcc)
#   ./build.sh lint               cppcheck + clang-tidy on src/ and gen/, clang-format (PASS/FAIL)
#   ./build.sh format-check       clang-format --dry-run on src/, gen/ and tests/unit/
#   ./build.sh install [DESTDIR]  setuid-root binary, example policy, audit log directory, man pages
#   ./build.sh demo | bench | fuzz [SECONDS]
#   ./build.sh compile OUTFILE POLICYPATH AUDITPATH [GROUP]  one static build with other
#                                 compiled-in paths (and tool group)
#   ./build.sh deps               install missing Debian packages only
#
# Compiled-in paths come from NSCAP_POLICY and NSCAP_AUDIT_LOG (defaults below).
# This file can also be sourced (bash) to reuse its functions and flag arrays (Dockerfile.build).
# shellcheck disable=SC2054,SC2016  # commas in -Wl,... flags; literal ${REALGCC:-...} in a sed pattern
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
CALLER_PWD=$PWD
BUILD="$ROOT/build"
OUT="$ROOT/out"

NSCAP_POLICY=${NSCAP_POLICY:-/etc/nscap/policy}
NSCAP_AUDIT_LOG=${NSCAP_AUDIT_LOG:-/var/log/nscap/audit.log}
NSCAP_GROUP=${NSCAP_GROUP:-nscap}
TEST_POLICY=/opt/nscap-test/etc/policy
TEST_AUDIT_LOG=/opt/nscap-test/log/audit.log
TEST_GROUP=nscapt-tool

# Every package the build, the tests, the demo and the benchmarks use that a minimal Debian 12
# (debootstrap, then git, ca-certificates and sudo) lacks. tests/fresh/run.sh proves the list.
DEB_PKGS=(
	# compilers and the static toolchain
	gcc make binutils libc6-dev linux-libc-dev musl-tools musl-dev dpkg-dev libjsmn-dev
	# libseccomp's build from Debian's source package (configure needs gperf and file)
	gperf file xz-utils debian-archive-keyring gpgv
	# lint, fuzzing, sanitizers
	clang libclang-rt-14-dev cppcheck clang-tidy clang-format
	# what the tests run: containers, tools, process inspection, attackers' debuggers
	runc busybox-static tcpdump iproute2 iputils-ping iputils-tracepath util-linux procps
	strace gdb python3 coreutils
)

# Compiler flags shared by the release build, the test build and Dockerfile.build.
NSCAP_STD=(-std=c11 -D_GNU_SOURCE)
NSCAP_WARN=(
	-Wall -Wextra -Werror
	-Wformat=2 -Wformat-security -Wshadow -Wpointer-arith -Wcast-qual -Wstrict-prototypes
	-Wmissing-prototypes -Wold-style-definition -Wvla -Wimplicit-fallthrough -Wnull-dereference
	-Wwrite-strings -Wundef
)
NSCAP_HARDEN=(
	-O2 -D_FORTIFY_SOURCE=2 -fstack-protector-strong -fstack-clash-protection
	-ffunction-sections -fdata-sections -fno-asynchronous-unwind-tables -fno-unwind-tables
)
NSCAP_LDFLAGS=(-Wl,-z,relro,-z,now,-z,noexecstack -Wl,--gc-sections -s)

log() { printf 'nscap: build.sh: %s\n' "$*" >&2; }
die() {
	log "$*"
	exit 1
}

need_root() {
	[[ $EUID -eq 0 ]] || die "$1 must run as root (try: sudo ./build.sh ${2:-})"
}

# ---------------------------------------------------------------------------------------------
# Debian packages

missing_pkgs() {
	local p st
	for p in "${DEB_PKGS[@]}"; do
		st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
		[[ $st == *" ok installed" ]] || printf '%s\n' "$p"
	done
}

deps() {
	local missing
	mapfile -t missing < <(missing_pkgs)
	((${#missing[@]} == 0)) && return 0
	need_root "installing packages (${missing[*]})"
	log "installing missing packages: ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -q </dev/null
	apt-get install -y -q "${missing[@]}" </dev/null
}

# ---------------------------------------------------------------------------------------------
# Build prerequisites (all under build/, cached)

# Kernel UAPI headers for musl builds (musl-gcc does not search /usr/include).
setup_kheaders() {
	local kh="$BUILD/kheaders" ma ver
	ma=$(dpkg-architecture -qDEB_HOST_MULTIARCH)
	ver=$(dpkg-query -W -f='${Version}' linux-libc-dev)
	[[ -f $kh/.stamp && $(<"$kh/.stamp") == "$ver" ]] && return 0
	rm -rf "$kh"
	mkdir -p "$kh"
	cp -a /usr/include/linux /usr/include/asm-generic "$kh/"
	cp -a "/usr/include/$ma/asm" "$kh/asm"
	printf '%s\n' "$ver" >"$kh/.stamp"
}

# jsmn is header-only (Debian libjsmn-dev); copied so musl-gcc can see it via -isystem.
setup_jsmn() {
	mkdir -p "$BUILD/jsmn"
	cmp -s /usr/include/jsmn.h "$BUILD/jsmn/jsmn.h" || cp /usr/include/jsmn.h "$BUILD/jsmn/jsmn.h"
}

# Debian's musl-gcc specs cannot link static-pie (they hard-code Scrt1.o and -dynamic-linker,
# which silently yields a dynamic binary). Derive a specs file that uses rcrt1.o and
# --no-dynamic-linker for -static-pie, probe it, and fall back to plain -static if it fails.
# Sets MUSL_CC (array) and MUSL_LINK (array).
setup_musl_cc() {
	[[ -n ${MUSL_CC+x} ]] && return 0
	local wrapper specs realgcc libdir dir="$BUILD/musl"
	wrapper=$(command -v musl-gcc) || die "musl-gcc not found (package musl-tools)"
	specs=$(sed -n 's/.*-specs "\([^"]*\)".*/\1/p' "$wrapper")
	realgcc=$(sed -n 's/.*\${REALGCC:-\([^}]*\)}.*/\1/p' "$wrapper")
	realgcc=${REALGCC:-${realgcc:-gcc}}
	mkdir -p "$dir"
	if [[ -f $specs ]]; then
		libdir=$(dirname "$specs")
		sed -e "s|%{!shared: $libdir/Scrt1.o}|%{!shared: %{static-pie:$libdir/rcrt1.o;:$libdir/Scrt1.o}}|" \
			-e 's|^-dynamic-linker \([^ ]*\) \(.*\)$|%{!static-pie:-dynamic-linker \1} \2 %{static-pie:-static -pie --no-dynamic-linker -z text}|' \
			"$specs" >"$dir/static-pie.specs"
		cat >"$dir/probe.c" <<-'EOF'
			#include <stdio.h>
			static int v = 42;
			static int *pv = &v;
			int main(void) { printf("ok %d\n", *pv); return 0; }
		EOF
		if "$realgcc" -specs "$dir/static-pie.specs" -fPIE -static-pie -O2 "$dir/probe.c" \
			-o "$dir/probe" 2>"$dir/probe.log" &&
			check_static "$dir/probe" 2>>"$dir/probe.log" &&
			[[ $("$dir/probe" 2>>"$dir/probe.log") == "ok 42" ]]; then
			MUSL_CC=("$realgcc" -specs "$dir/static-pie.specs")
			MUSL_LINK=(-fPIE -static-pie)
			return 0
		fi
	fi
	log "warning: musl static-pie unavailable (see $dir/probe.log); linking -static (non-PIE)"
	MUSL_CC=(musl-gcc)
	MUSL_LINK=(-static)
}

# libseccomp from Debian's source package, fetched and signature-checked by apt with a private
# configuration (never touches /etc/apt or the system's lists), built against musl.
# Size matters for a setuid binary on minimal nodes: small code, unused sections dropped.
SECCOMP_CFLAGS="-Os -fPIE -fstack-protector-strong -ffunction-sections -fdata-sections \
-fno-asynchronous-unwind-tables -fno-unwind-tables"

build_libseccomp() {
	local prefix="$BUILD/seccomp-musl"
	# Cached; rebuilt when the flags change.
	[[ -f $prefix/lib/libseccomp.a && $(cat "$prefix/.cflags" 2>/dev/null) == "$SECCOMP_CFLAGS" ]] &&
		return 0
	rm -rf "$prefix"
	setup_kheaders
	local apt="$BUILD/apt" src="$BUILD/seccomp-src" kh="$BUILD/kheaders" tree
	rm -rf "$apt" "$src" "$prefix.tmp"
	mkdir -p "$apt/sources.list.d" "$apt/lists/partial" "$apt/cache/archives/partial" "$src"
	: >"$apt/sources.list"
	cat >"$apt/sources.list.d/debian-src.sources" <<-'EOF'
		Types: deb-src
		URIs: http://deb.debian.org/debian
		Suites: bookworm
		Components: main
		Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
	EOF
	local aptopts=(
		-o "Dir::Etc::SourceList=$apt/sources.list"
		-o "Dir::Etc::SourceParts=$apt/sources.list.d"
		-o "Dir::State::Lists=$apt/lists"
		-o "Dir::Cache=$apt/cache"
		-o "Dir::Cache::pkgcache="
		-o "Dir::Cache::srcpkgcache="
		-o "Acquire::AllowInsecureRepositories=false"
		-o "APT::Get::AllowUnauthenticated=false"
	)
	log "fetching libseccomp source package (apt, signed bookworm Sources)"
	apt-get -q "${aptopts[@]}" update </dev/null
	(cd "$src" && apt-get -q "${aptopts[@]}" source --download-only libseccomp </dev/null)
	local dsc=("$src"/libseccomp_*.dsc)
	[[ -f ${dsc[0]} ]] || die "apt-get source libseccomp produced no .dsc"
	# apt already checked the .dsc and tarballs against the signed InRelease -> Sources hashes;
	# dpkg-source would only warn that it has no keyring for the uploader's own signature.
	dpkg-source -x "${dsc[0]}" "$src/tree" >"$src/dpkg-source.log" 2>&1 || {
		cat "$src/dpkg-source.log" >&2
		die "dpkg-source -x failed"
	}
	tree="$src/tree"
	log "building libseccomp $(basename "${dsc[0]}" .dsc) with musl"
	(
		cd "$tree"
		./configure -q CC="musl-gcc -isystem $kh" CFLAGS="$SECCOMP_CFLAGS" \
			--enable-static --disable-shared --disable-python --prefix="$prefix.tmp" >/dev/null
		make -s -C src -j"$(nproc)" >/dev/null
		make -s -C src install >/dev/null
		make -s -C include install >/dev/null
	)
	[[ -f $prefix.tmp/lib/libseccomp.a && -f $prefix.tmp/include/seccomp.h ]] ||
		die "libseccomp build did not produce lib/libseccomp.a and include/seccomp.h"
	printf '%s' "$SECCOMP_CFLAGS" >"$prefix.tmp/.cflags"
	mv "$prefix.tmp" "$prefix"
}

# ---------------------------------------------------------------------------------------------
# nscap

# Fails unless FILE is a static executable: no PT_INTERP, no DT_NEEDED.
check_static() {
	local f=$1
	if readelf -lW "$f" | grep -q 'INTERP'; then
		echo "nscap: build.sh: $f has a PT_INTERP (dynamic loader)" >&2
		return 1
	fi
	if readelf -dW "$f" 2>/dev/null | grep -q '(NEEDED)'; then
		echo "nscap: build.sh: $f needs shared libraries" >&2
		return 1
	fi
}

check_path() {
	[[ $2 =~ ^/[A-Za-z0-9._/+-]+$ ]] || die "$1 must be an absolute path of [A-Za-z0-9._/+-] (got '$2')"
}

nscap_version() {
	local v
	v=$(tr -d ' \t\r\n' <"$ROOT/VERSION")
	[[ $v =~ ^[0-9A-Za-z.+~-]+$ ]] || die "VERSION file is malformed"
	printf '%s' "$v"
}

# Fills NSCAP_ARGS with the compile flags (no include dirs, no link flags) for the given paths.
nscap_cc_args() {
	check_path NSCAP_POLICY "$1"
	check_path NSCAP_AUDIT_LOG "$2"
	NSCAP_ARGS=(
		"${NSCAP_STD[@]}" "${NSCAP_WARN[@]}" "${NSCAP_HARDEN[@]}"
		"-DNSCAP_POLICY=\"$1\"" "-DNSCAP_AUDIT_LOG=\"$2\"" "-DNSCAP_VERSION=\"$(nscap_version)\""
		"-DNSCAP_GROUP=\"${3:-$NSCAP_GROUP}\""
	)
}

# The seccomp filters, compiled once by libseccomp into build/gen/seccomp_filters.h (and the
# readable pseudo-code of each into build/gen/*.pfc): gen/seccomp_gen.c says why.
gen_seccomp() {
	local gen="$BUILD/gen" tool="$BUILD/gen/seccomp_gen"
	setup_kheaders
	build_libseccomp
	setup_musl_cc
	mkdir -p "$gen"
	if [[ ! -f $gen/seccomp_filters.h || $gen/seccomp_filters.h -ot $ROOT/gen/seccomp_gen.c ||
		$gen/seccomp_filters.h -ot $BUILD/seccomp-musl/lib/libseccomp.a ||
		$gen/seccomp_filters.h -ot $ROOT/src/sandbox.h || $gen/seccomp_filters.h -ot $ROOT/src/policy.h ]]; then
		"${MUSL_CC[@]}" "${NSCAP_STD[@]}" "${NSCAP_WARN[@]}" -O2 -static \
			-isystem "$BUILD/kheaders" -isystem "$BUILD/seccomp-musl/include" \
			"$ROOT/gen/seccomp_gen.c" "$BUILD/seccomp-musl/lib/libseccomp.a" -o "$tool" ||
			die "cannot build the seccomp filter generator"
		"$tool" "$gen/seccomp_filters.h" "$gen" || die "cannot compile the seccomp filters"
		log "compiled the seccomp filters with libseccomp ($gen/seccomp_filters.h)"
	fi
}

# build_nscap OUTFILE POLICYPATH AUDITPATH — static musl build of every src/*.c.
build_nscap() {
	local outfile=$1 policy=$2 audit=$3 group=${4:-$NSCAP_GROUP} srcs
	[[ $group =~ ^[a-z_][a-z0-9_-]{0,31}$ ]] || die "NSCAP_GROUP must be a plain group name (got '$group')"
	shopt -s nullglob
	srcs=("$ROOT"/src/*.c)
	shopt -u nullglob
	((${#srcs[@]})) || die "no C sources in src/"
	setup_kheaders
	setup_jsmn
	gen_seccomp
	setup_musl_cc
	nscap_cc_args "$policy" "$audit" "$group"
	mkdir -p "$(dirname "$outfile")"
	"${MUSL_CC[@]}" "${NSCAP_ARGS[@]}" "${MUSL_LINK[@]}" \
		-isystem "$BUILD/kheaders" -isystem "$BUILD/jsmn" -I "$BUILD/gen" \
		-I "$ROOT/src" "${srcs[@]}" "${NSCAP_LDFLAGS[@]}" -o "$outfile.tmp"
	check_static "$outfile.tmp" || {
		rm -f "$outfile.tmp"
		die "$outfile is not static"
	}
	mv -f "$outfile.tmp" "$outfile"
	log "built $outfile (${MUSL_LINK[*]}, policy $policy, audit $audit)"
}

cmd_build() {
	deps
	build_nscap "$OUT/nscap" "$NSCAP_POLICY" "$NSCAP_AUDIT_LOG"
	# The filters the binary embeds, as libseccomp's readable pseudo-code, for review.
	mkdir -p "$OUT/seccomp"
	cp "$BUILD"/gen/*.pfc "$OUT/seccomp/"
	log "seccomp filters, readable: $OUT/seccomp/{default,capture,netlink}.pfc"
}

# ---------------------------------------------------------------------------------------------
# Unit tests: glibc gcc with ASan + UBSan, every src/*.c except main.c and alloc.c, one binary
# per test file.

cmd_unit() {
	deps
	setup_jsmn
	gen_seccomp
	local udir="$OUT/unit" t name f rc fail=0 srcs=() tests=() objs=()
	shopt -s nullglob
	tests=("$ROOT"/tests/unit/test_*.c)
	# alloc.c replaces malloc, which the glibc and sanitizer build must keep (test_alloc.c
	# compiles it under other names).
	for f in "$ROOT"/src/*.c; do [[ $(basename "$f") =~ ^(main|alloc)\.c$ ]] || srcs+=("$f"); done
	shopt -u nullglob
	if ((${#tests[@]} == 0)); then
		echo "# unit: no tests/unit/test_*.c"
		return 0
	fi
	local cflags=(
		-std=c11 -D_GNU_SOURCE -g -O1 -fno-omit-frame-pointer
		-fsanitize=address,undefined -fno-sanitize-recover=all -Wall -Wextra
		-I "$ROOT/src" -I "$ROOT/tests/unit" -isystem "$BUILD/jsmn" -I "$BUILD/gen"
		"-DNSCAP_POLICY=\"$TEST_POLICY\"" "-DNSCAP_AUDIT_LOG=\"$TEST_AUDIT_LOG\""
		"-DNSCAP_VERSION=\"$(nscap_version)\""
	)
	rm -rf "$udir"
	mkdir -p "$udir/obj"
	for f in "${srcs[@]}"; do
		name=$(basename "$f" .c)
		if gcc "${cflags[@]}" -c "$f" -o "$udir/obj/$name.o"; then
			objs+=("$udir/obj/$name.o")
		else
			echo "FAIL unit-build-src-$name: compile error"
			return 1
		fi
	done
	export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=0:detect_leaks=1:strict_string_checks=1}
	export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
	for t in "${tests[@]}"; do
		name=$(basename "$t" .c)
		if ! gcc "${cflags[@]}" "$t" "${objs[@]}" -o "$udir/$name"; then
			echo "FAIL unit-build-$name: compile error"
			fail=1
			continue
		fi
		echo "# unit: $name"
		rc=0
		(cd "$udir" && timeout -k 10 "${NSCAP_UNIT_TIMEOUT:-300}" "./$name") \
			>"$udir/$name.log" 2>&1 </dev/null || rc=$?
		cat "$udir/$name.log"
		if ((rc != 0)); then
			fail=1
			grep -q '^FAIL ' "$udir/$name.log" || echo "FAIL $name: exited $rc"
		fi
	done
	return "$fail"
}

# ---------------------------------------------------------------------------------------------
# Lint: each tool is one test case. Optional argument: source dir (default src/).

lint_defines() {
	LINT_DEFS=(
		-D_GNU_SOURCE "-DNSCAP_POLICY=\"$TEST_POLICY\"" "-DNSCAP_AUDIT_LOG=\"$TEST_AUDIT_LOG\""
		"-DNSCAP_VERSION=\"$(nscap_version)\""
	)
}

lint_cppcheck() {
	local dir=${1:-$ROOT/src} srcs log="$OUT/lint-cppcheck.log"
	shopt -s nullglob
	srcs=("$dir"/*.c)
	[[ $dir != "$ROOT/src" ]] || srcs+=("$ROOT"/gen/*.c)
	shopt -u nullglob
	if ((${#srcs[@]} == 0)); then
		echo "# lint-cppcheck: no C sources in $dir, skipped"
		return 0
	fi
	lint_defines
	mkdir -p "$OUT"
	if cppcheck --enable=warning,portability,performance --error-exitcode=1 --inline-suppr \
		--std=c11 --library=posix --suppress=missingIncludeSystem --quiet \
		`# nscap is single-threaded: the reentrant variants buy nothing (readdir_r is deprecated)` \
		--suppress=getpwuidCalled --suppress=getpwnamCalled --suppress=getgrnamCalled \
		--suppress=readdirCalled \
		-I "$dir" -I "$BUILD/jsmn" -I "$BUILD/gen" -I "$BUILD/seccomp-musl/include" "${LINT_DEFS[@]}" "${srcs[@]}" >"$log" 2>&1; then
		echo "PASS lint-cppcheck"
	else
		sed 's/^/# /' "$log"
		echo "FAIL lint-cppcheck: $(grep -c ': \(error\|warning\|portability\|performance\|style\):' "$log" || true) finding(s), see $log"
		return 1
	fi
}

lint_clang_tidy() {
	local dir=${1:-$ROOT/src} srcs log="$OUT/lint-clang-tidy.log"
	shopt -s nullglob
	srcs=("$dir"/*.c)
	[[ $dir != "$ROOT/src" ]] || srcs+=("$ROOT"/gen/*.c)
	shopt -u nullglob
	if ((${#srcs[@]} == 0)); then
		echo "# lint-clang-tidy: no C sources in $dir, skipped"
		return 0
	fi
	lint_defines
	setup_jsmn
	mkdir -p "$OUT"
	if clang-tidy --quiet --config-file="$ROOT/.clang-tidy" "${srcs[@]}" -- \
		-std=c11 -I "$dir" -isystem "$BUILD/jsmn" -I "$BUILD/gen" -isystem "$BUILD/seccomp-musl/include" "${LINT_DEFS[@]}" >"$log" 2>&1; then
		echo "PASS lint-clang-tidy"
	else
		sed 's/^/# /' "$log"
		echo "FAIL lint-clang-tidy: $(grep -c ': \(error\|warning\): ' "$log" || true) finding(s), see $log"
		return 1
	fi
}

cmd_lint() {
	deps
	gen_seccomp
	local rc=0 out
	lint_cppcheck "$@" || rc=1
	lint_clang_tidy "$@" || rc=1
	if (($# == 0)); then
		if out=$(cmd_format_check); then
			echo "PASS lint-format"
		else
			printf '%s\n' "$out" | sed 's/^/# /'
			echo "FAIL lint-format: clang-format would change $(printf '%s\n' "$out" | grep -c .) file(s)"
			rc=1
		fi
	fi
	return "$rc"
}

cmd_format_check() {
	local files=() f bad=0
	shopt -s nullglob
	files=("$ROOT"/src/*.[ch] "$ROOT"/gen/*.c "$ROOT"/tests/unit/*.[ch])
	shopt -u nullglob
	for f in "${files[@]}"; do
		clang-format --style=file --dry-run --Werror "$f" >/dev/null 2>&1 || {
			echo "needs formatting: ${f#"$ROOT"/}"
			bad=1
		}
	done
	return "$bad"
}

# ---------------------------------------------------------------------------------------------
# test / install / delegated commands

cmd_test() {
	need_root "./build.sh test" test
	deps
	if ! (build_nscap "$OUT/nscap" "$NSCAP_POLICY" "$NSCAP_AUDIT_LOG" &&
		build_nscap "$OUT/test/nscap" "$TEST_POLICY" "$TEST_AUDIT_LOG" "$TEST_GROUP"); then
		echo "FAIL build: static nscap build failed"
		echo "0 passed, 1 failed"
		return 1
	fi
	export NSCAP_BIN="$OUT/nscap" NSCAP_TEST_BIN="$OUT/test/nscap"
	exec bash "$ROOT/tests/run.sh"
}

cmd_install() {
	local destdir=${1:-}
	need_root "./build.sh install (or run it under fakeroot)" install
	check_path NSCAP_POLICY "$NSCAP_POLICY"
	check_path NSCAP_AUDIT_LOG "$NSCAP_AUDIT_LOG"
	[[ -x $OUT/nscap ]] || cmd_build
	umask 022
	local bindir="$destdir/usr/local/sbin" policy="$destdir$NSCAP_POLICY"
	local logdir mandir="$destdir/usr/local/share/man"
	logdir="$destdir$(dirname "$NSCAP_AUDIT_LOG")"
	install -d -m 0755 -o root -g root "$bindir" "$(dirname "$policy")"
	install -m 4755 -o root -g root "$OUT/nscap" "$bindir/nscap"
	if [[ -e $policy ]]; then
		log "keeping existing $policy"
	elif [[ -f $ROOT/policy/nscap.policy ]]; then
		install -m 0644 -o root -g root "$ROOT/policy/nscap.policy" "$policy"
	fi
	install -d -m 0700 -o root -g root "$logdir"
	local m sec
	shopt -s nullglob
	for m in "$ROOT"/man/*.[58]; do
		sec=${m##*.}
		install -d -m 0755 "$mandir/man$sec"
		install -m 0644 -o root -g root "$m" "$mandir/man$sec/"
	done
	shopt -u nullglob
	log "installed $bindir/nscap (setuid root), policy $policy, audit dir $logdir"
}

delegate() {
	local name=$1 script="$ROOT/$2"
	shift 2
	if [[ ! -f $script ]]; then
		echo "nscap: build.sh $name: not yet available" >&2
		exit 1
	fi
	deps
	export NSCAP_ROOT="$ROOT"
	exec bash "$script" "$@"
}

# Caller-relative path to absolute (main() changes to the repository root).
abspath() {
	[[ $1 == /* ]] && printf '%s' "$1" || printf '%s/%s' "$CALLER_PWD" "$1"
}

usage() {
	sed -n '2,14s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"
}

main() {
	cd "$ROOT"
	local cmd=${1:-build}
	(($#)) && shift
	case $cmd in
	build) cmd_build ;;
	deps) deps ;;
	test) cmd_test ;;
	unit) cmd_unit ;;
	lint) cmd_lint "$@" ;;
	format-check) cmd_format_check ;;
	install) cmd_install ${1:+"$(abspath "$1")"} ;;
	compile)
		(($# == 3 || $# == 4)) || die "usage: ./build.sh compile OUTFILE POLICYPATH AUDITPATH [GROUP]"
		deps
		build_nscap "$(abspath "$1")" "$2" "$3" "${4:-}"
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

if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
	main "$@"
fi
