#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# nscap test runner: the single entry point behind `./build.sh test`.
#
#   tests/run.sh [SUITE...]      run all suites, or only the named ones
#
# A suite is tests/NAME/run.sh, run as `bash tests/NAME/run.sh`, in the order of NAME; a run.sh
# with the line "# nscap-test: not a suite" (a driver such as tests/fuzz/ or tests/bench/) is
# left out. Among them: unit (`./build.sh unit`), lint (`./build.sh lint`), fuzz-smoke, and the
# root suites built on tests/lib/ (tests/lib/README.md).
#
# Convention: every test case prints one line "PASS name" or "FAIL name[: reason]"; any other
# output must not start with PASS/FAIL. A suite that exits non-zero without printing a FAIL line
# counts as one failure ("FAIL suite: exited N"). Everything is also written to out/test.log.
# The last line is "N passed, N failed"; exit 1 if anything failed or no test ran.
#
# Suites get: NSCAP_ROOT (repository), NSCAP_BIN (out/nscap, release paths), NSCAP_TEST_BIN
# (out/test/nscap, compiled-in paths under /opt/nscap-test), NSCAP_CASE_FILE (where a suite
# says what it is doing: named if the suite must be killed), stdin from /dev/null, and a time
# limit of NSCAP_SUITE_TIMEOUT seconds (default 1800). Processes a suite leaves behind in its
# process group are killed and named.
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

# The processes of process group PGID, one "PID COMMAND" a line.
group_members() {
	local f line a
	for f in /proc/[0-9]*/stat; do
		{ read -r line <"$f"; } 2>/dev/null || continue
		read -r -a a <<<"${line##*) }"
		[[ ${a[2]} == "$1" && ${a[0]} != Z ]] || continue
		printf '%s %s\n' "${f//[!0-9]/}" "$({ tr '\0' ' ' <"${f%stat}cmdline"; } 2>/dev/null | head -c 120)"
	done
}

# run_suite NAME SCRIPT — the suite writes to a file that is streamed to stdout and the log, so
# a process it leaves behind cannot keep a pipe of ours open. `timeout` makes the suite a process
# group of its own (its pid is the group's id): what is left in it afterwards is killed.
run_suite() {
	local name=$1 tmp rc p f was left
	tmp=$(mktemp)
	export NSCAP_CASE_FILE=$tmp.case
	: >"$NSCAP_CASE_FILE"
	say "# ==== suite $name: ${2#"$ROOT"/} ===="
	timeout -k 30 "$SUITE_TIMEOUT" bash "$2" </dev/null >"$tmp" 2>&1 &
	SUITE_PID=$!
	tail -n +1 -f --pid="$SUITE_PID" "$tmp" | tee -a "$LOG"
	wait "$SUITE_PID"
	rc=$?
	left=$(group_members "$SUITE_PID")
	if [[ -n $left ]]; then
		say "# suite $name left $(grep -c . <<<"$left") process(es) running, killed: $(tr '\n' ';' <<<"$left")"
		kill -KILL -- "-$SUITE_PID" 2>/dev/null
	fi
	SUITE_PID=
	was=$(tail -n 1 "$NSCAP_CASE_FILE")
	p=$(grep -c '^PASS ' "$tmp")
	f=$(grep -c '^FAIL ' "$tmp")
	rm -f "$tmp" "$NSCAP_CASE_FILE"
	if ((rc == 124 || rc == 137)); then
		say "FAIL $name: exited $rc (killed after ${SUITE_TIMEOUT}s${was:+ while at: $was})"
		f=$((f + 1))
	elif ((rc != 0 && f == 0)); then
		say "FAIL $name: exited $rc"
		f=1
	fi
	say "# ==== suite $name: pass=$p fail=$f exit=$rc ===="
	PASSED=$((PASSED + p))
	FAILED=$((FAILED + f))
}

NAMES=() SCRIPTS=()
for s in "$ROOT"/tests/*/run.sh; do
	grep -q -x '# nscap-test: not a suite' "$s" && continue
	NAMES+=("$(basename "$(dirname "$s")")")
	SCRIPTS+=("$s")
done

for w in "$@"; do
	if [[ " ${NAMES[*]} " != *" $w "* ]]; then
		say "FAIL $w: no such suite (have: ${NAMES[*]})"
		FAILED=$((FAILED + 1))
	fi
done

for i in "${!NAMES[@]}"; do
	(($#)) && [[ " $* " != *" ${NAMES[$i]} "* ]] && continue
	run_suite "${NAMES[$i]}" "${SCRIPTS[$i]}"
done

((PASSED + FAILED == 0)) && say "# no test ran"
say "$PASSED passed, $FAILED failed"
((FAILED == 0 && PASSED > 0))
