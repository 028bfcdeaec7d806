#!/usr/bin/env bash
# nscap test runner: the single entry point behind `./build.sh test`.
#
#   tests/run.sh [SUITE...]      run all suites, or only the named ones
#
# Suites, in order:
#   unit          ./build.sh unit   (tests/unit/test_*.c, ASan + UBSan)
#   lint          ./build.sh lint   (lint-cppcheck, lint-clang-tidy, lint-format)
#   <name>        tests/<name>/run.sh for every such directory except unit, probe, bench, fuzz,
#                 fresh (.ci/run runs tests/fresh/run.sh after the suite)
#                 (e.g. integration, adversarial), sorted by name
#   fuzz-smoke    tests/fuzz/smoke.sh, if present
#
# Convention: every test case prints one line "PASS name" or "FAIL name[: reason]"; any other
# output must not start with PASS/FAIL. A suite that exits non-zero without printing a FAIL line
# counts as one failure ("FAIL suite: exited N"). Everything is also written to out/test.log.
# The last line is "N passed, N failed"; exit 1 if anything failed or no test ran.
#
# Suites get: NSCAP_ROOT (repository), NSCAP_BIN (out/nscap, release paths), NSCAP_TEST_BIN
# (out/test/nscap, compiled-in paths under /opt/nscap-test), stdin from /dev/null, and a time
# limit of NSCAP_SUITE_TIMEOUT seconds (default 1800).
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
OUT="$ROOT/out"
mkdir -p "$OUT"
export NSCAP_ROOT="$ROOT"
export NSCAP_BIN=${NSCAP_BIN:-$OUT/nscap}
export NSCAP_TEST_BIN=${NSCAP_TEST_BIN:-$OUT/test/nscap}
SUITE_TIMEOUT=${NSCAP_SUITE_TIMEOUT:-1800}
# The same locale wherever the suite runs (CI may leave LANG unset): tests compare tools'
# messages and use non-ASCII strings.
export LANG=C.UTF-8 LC_ALL=C.UTF-8

LOG="$OUT/test.log"
: >"$LOG"
PASSED=0
FAILED=0
SUITE_PID=

say() { printf '%s\n' "$*" | tee -a "$LOG"; }

trap '[[ -n $SUITE_PID ]] && kill -TERM "$SUITE_PID" 2>/dev/null; exit 130' INT TERM

# run_suite NAME COMMAND... — the suite writes to a file that is streamed to stdout and the log,
# so a process it leaves behind cannot keep a pipe of ours open.
run_suite() {
	local name=$1 tmp rc p f
	shift
	tmp=$(mktemp)
	say "# ==== suite $name: ${*#"$ROOT"/} ===="
	timeout -k 30 "$SUITE_TIMEOUT" "$@" </dev/null >"$tmp" 2>&1 &
	SUITE_PID=$!
	tail -n +1 -f --pid="$SUITE_PID" "$tmp" | tee -a "$LOG"
	wait "$SUITE_PID"
	rc=$?
	SUITE_PID=
	p=$(grep -c '^PASS ' "$tmp")
	f=$(grep -c '^FAIL ' "$tmp")
	rm -f "$tmp"
	if ((rc != 0 && f == 0)); then
		if ((rc == 124)); then
			say "FAIL $name: exited $rc (timed out after ${SUITE_TIMEOUT}s)"
		else
			say "FAIL $name: exited $rc"
		fi
		f=1
	fi
	say "# ==== suite $name: pass=$p fail=$f exit=$rc ===="
	PASSED=$((PASSED + p))
	FAILED=$((FAILED + f))
}

# Suite table: name, script, optional single argument.
declare -a NAMES=() SCRIPTS=() ARGS=()
add_suite() {
	NAMES+=("$1")
	SCRIPTS+=("$2")
	ARGS+=("${3:-}")
}

add_suite unit "$ROOT/build.sh" unit
add_suite lint "$ROOT/build.sh" lint
for d in "$ROOT"/tests/*/; do
	name=$(basename "$d")
	case $name in unit | probe | bench | fuzz | fresh) continue ;; esac
	[[ -f $d/run.sh ]] && add_suite "$name" "${d%/}/run.sh"
done
[[ -f $ROOT/tests/fuzz/smoke.sh ]] && add_suite fuzz-smoke "$ROOT/tests/fuzz/smoke.sh"

want=("$@")
for w in "${want[@]}"; do
	found=0
	for n in "${NAMES[@]}"; do [[ $n == "$w" ]] && found=1; done
	if ((found == 0)); then
		say "FAIL $w: no such suite (have: ${NAMES[*]})"
		FAILED=$((FAILED + 1))
	fi
done

for i in "${!NAMES[@]}"; do
	if ((${#want[@]})); then
		sel=0
		for w in "${want[@]}"; do [[ $w == "${NAMES[$i]}" ]] && sel=1; done
		((sel)) || continue
	fi
	if [[ -n ${ARGS[$i]} ]]; then
		run_suite "${NAMES[$i]}" bash "${SCRIPTS[$i]}" "${ARGS[$i]}"
	else
		run_suite "${NAMES[$i]}" bash "${SCRIPTS[$i]}"
	fi
done

((PASSED + FAILED == 0)) && say "# no test ran"
say "$PASSED passed, $FAILED failed"
((FAILED == 0 && PASSED > 0))
