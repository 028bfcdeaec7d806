#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# Build the libFuzzer targets: tests/fuzz/fuzz_<name>.c -> out/fuzz/fuzz-<name>.
#
#   tests/fuzz/build.sh [NAME...]     all targets, or only the named ones
#
# clang (NSCAP_FUZZ_CC, default clang) with libFuzzer + ASan + UBSan, no recovery. Every target
# links only the src/*.c it needs (never main.c). Prints "FAIL fuzz-build: ..." and exits 1 on
# a compile error.
# shellcheck disable=SC2054  # commas inside -fsanitize=... are not array separators
set -euo pipefail

ROOT=${NSCAP_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
FUZZ="$ROOT/tests/fuzz"
OUTDIR="$ROOT/out/fuzz"
CC=${NSCAP_FUZZ_CC:-clang}

# Sources under src/ each target needs.
declare -A SRCS=(
	[policy]="policy.c policy_tool.c policy_rule.c policy_bound.c decide.c identity.c toolargs.c toolargs_ip.c bounds.c jsonw.c util.c escape.c"
	[toolargs]="toolargs.c toolargs_ip.c"
	[json]="json.c json_grammar.c"
	[runc_state]="rt_parse.c rt_keys.c identity.c json.c json_grammar.c util.c escape.c"
	[crun_status]="rt_parse.c rt_keys.c identity.c json.c json_grammar.c util.c escape.c"
	[oci_config]="rt_parse.c rt_keys.c identity.c json.c json_grammar.c util.c escape.c"
	[docker_config]="rt_docker.c rt_parse.c rt_keys.c identity.c json.c json_grammar.c util.c escape.c"
	[pidfile]="rt_parse.c rt_keys.c identity.c json.c json_grammar.c util.c escape.c"
	[kube_log_name]="rt_parse.c rt_keys.c identity.c json.c json_grammar.c util.c escape.c"
	[cgroup]="cgroup.c rt_parse.c rt_keys.c identity.c json.c json_grammar.c util.c escape.c"
	[procstat]="netns.c util.c escape.c"
	[jsonw]="jsonw.c json.c json_grammar.c escape.c"
	[cache]="cache.c namecache.c dircache.c reccache.c rt_parse.c rt_keys.c identity.c json.c json_grammar.c sha256.c trust.c util.c escape.c"
)

CFLAGS=(
	-g -O1 -fno-omit-frame-pointer -std=c11 -D_GNU_SOURCE -Wall -Wextra
	-fsanitize=address,undefined -fno-sanitize-recover=all
	-I "$ROOT/src" -I "$FUZZ"
	'-DNSCAP_POLICY="/nonexistent"' '-DNSCAP_AUDIT_LOG="/nonexistent"' '-DNSCAP_VERSION="fuzz"'
)
# jsmn.h: the copy ./build.sh keeps under build/jsmn, else the system one (libjsmn-dev).
[[ -f $ROOT/build/jsmn/jsmn.h ]] && CFLAGS+=(-isystem "$ROOT/build/jsmn")

fail() {
	echo "FAIL fuzz-build: $*"
	exit 1
}

command -v "$CC" >/dev/null || fail "$CC not found (Debian: clang, libclang-rt-14-dev)"
[[ -f $ROOT/build/jsmn/jsmn.h || -f /usr/include/jsmn.h ]] || fail "jsmn.h not found (libjsmn-dev)"

names=("$@")
if ((${#names[@]} == 0)); then
	for f in "$FUZZ"/fuzz_*.c; do
		n=$(basename "$f" .c)
		names+=("${n#fuzz_}")
	done
fi

mkdir -p "$OUTDIR/obj"
log="$OUTDIR/build.log"
: >"$log"

# Objects from src/ once, shared by the targets (-fsanitize=fuzzer-no-link: coverage only).
declare -A built=()
for n in "${names[@]}"; do
	[[ -n ${SRCS[$n]+x} ]] || fail "no source list for target '$n' in tests/fuzz/build.sh"
	[[ -f $FUZZ/fuzz_$n.c ]] || fail "tests/fuzz/fuzz_$n.c missing"
	for s in ${SRCS[$n]}; do
		[[ -n ${built[$s]+x} ]] && continue
		built[$s]=1
		o="$OUTDIR/obj/${s%.c}.o"
		"$CC" "${CFLAGS[@]}" -fsanitize=fuzzer-no-link -c "$ROOT/src/$s" -o "$o" >>"$log" 2>&1 ||
			fail "compiling src/$s (see ${log#"$ROOT"/})"
	done
done

for n in "${names[@]}"; do
	objs=()
	for s in ${SRCS[$n]}; do objs+=("$OUTDIR/obj/${s%.c}.o"); done
	"$CC" "${CFLAGS[@]}" -fsanitize=fuzzer "$FUZZ/fuzz_$n.c" "${objs[@]}" \
		-o "$OUTDIR/fuzz-$n.tmp" >>"$log" 2>&1 ||
		fail "building fuzz-$n (see ${log#"$ROOT"/})"
	mv -f "$OUTDIR/fuzz-$n.tmp" "$OUTDIR/fuzz-$n"
done
if [[ -s $log ]]; then
	sed 's/^/# /' "$log"
fi
