#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# Fuzz every parser for a while: `./build.sh fuzz [SECONDS]` runs this.
# nscap-test: not a suite
#
#   tests/fuzz/run.sh [SECONDS [NAME...]]     SECONDS per target (default 60); all targets or
#                                             only the named ones (fuzz_<NAME>.c)
#
# Builds the targets (tests/fuzz/build.sh), then runs each libFuzzer binary with
# -max_total_time=SECONDS on a scratch copy of tests/fuzz/corpus/<name>/ under
# out/fuzz/run/<name>/ (the seed corpus is never written to). NSCAP_FUZZ_JOBS targets run at a
# time (default: the number of CPUs). One line per target:
#   PASS fuzz-<name>: N execs in S s
#   FAIL fuzz-<name>: <reason> (input out/fuzz/run/<name>/artifacts/..., log ...)
# Exit status 1 if any target failed.
set -uo pipefail

ROOT=${NSCAP_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
FUZZ="$ROOT/tests/fuzz"
OUTDIR="$ROOT/out/fuzz"
SECS=${1:-60}
(($#)) && shift
[[ $SECS =~ ^[1-9][0-9]{0,5}$ ]] || {
	echo "usage: tests/fuzz/run.sh [SECONDS [NAME...]]" >&2
	exit 2
}
JOBS=${NSCAP_FUZZ_JOBS:-$(nproc 2>/dev/null || echo 1)}
[[ $JOBS =~ ^[1-9][0-9]*$ ]] || JOBS=1

names=("$@")
if ((${#names[@]} == 0)); then
	for f in "$FUZZ"/fuzz_*.c; do
		n=$(basename "$f" .c)
		names+=("${n#fuzz_}")
	done
fi

build_out=$(bash "$FUZZ/build.sh" "${names[@]}")
rc=$?
[[ -n $build_out ]] && printf '%s\n' "$build_out"
((rc == 0)) || {
	grep -q '^FAIL ' <<<"$build_out" || echo "FAIL fuzz-build: tests/fuzz/build.sh exited $rc"
	exit 1
}

# The most telling line of a failed run's log.
reason_of() {
	local log=$1 r
	r=$(grep -m1 -o 'FUZZ PROPERTY VIOLATED: .*' "$log") ||
		r=$(grep -m1 -o 'runtime error: .*' "$log") ||
		r=$(grep -m1 -o 'ERROR: \(Address\|Leak\|UndefinedBehavior\)Sanitizer: .*' "$log") ||
		r=$(grep -m1 -o 'ERROR: libFuzzer: .*' "$log") ||
		r=$(grep -m1 -o 'SUMMARY: .*' "$log") ||
		r=$(grep -v '^\(INFO\|#\)' "$log" | tail -n 1)
	printf '%s' "${r:0:300}"
}

# run_one NAME: fuzz it, write the PASS/FAIL line to $OUTDIR/run/NAME/result.
run_one() {
	local n=$1 dir="$OUTDIR/run/$1" rc fin line art
	rm -rf "$dir"
	mkdir -p "$dir/corpus" "$dir/artifacts"
	if [[ -d $FUZZ/corpus/$n ]]; then
		cp -R "$FUZZ/corpus/$n/." "$dir/corpus/"
		chmod -R u+w "$dir/corpus"
	fi
	(
		cd "$dir" || exit 1
		exec timeout -k 10 $((SECS + 120)) "$OUTDIR/fuzz-$n" -max_total_time="$SECS" \
			-timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
			-artifact_prefix="$dir/artifacts/" corpus
	) </dev/null >"$dir/log" 2>&1
	rc=$?
	fin=$(grep -o '^Done [0-9]* runs in [0-9]* second' "$dir/log" | tail -n 1)
	if ((rc == 0)) && [[ -n $fin ]]; then
		read -r _ runs _ _ secs _ <<<"$fin"
		line="PASS fuzz-$n: $runs execs in $secs s"
	else
		local reason
		if ((rc == 124 || rc == 137)); then
			reason="killed after $((SECS + 120)) s (hung)"
		elif ((rc == 0)); then
			reason="no 'Done N runs' line from libFuzzer"
		else
			reason="$(reason_of "$dir/log") [exit $rc]"
		fi
		art=$(find "$dir/artifacts" -type f 2>/dev/null | head -n 1)
		line="FAIL fuzz-$n: $reason (${art:+input ${art#"$ROOT"/}, }log ${dir#"$ROOT"/}/log)"
	fi
	printf '%s\n' "$line" >"$dir/result"
}

echo "# fuzz: ${#names[@]} target(s), $SECS s each, $JOBS at a time"
running=0
for n in "${names[@]}"; do
	if ((running >= JOBS)); then
		wait -n
		running=$((running - 1))
	fi
	run_one "$n" &
	running=$((running + 1))
done
wait

fail=0
for n in "${names[@]}"; do
	if [[ -f $OUTDIR/run/$n/result ]]; then
		cat "$OUTDIR/run/$n/result"
		grep -q '^PASS ' "$OUTDIR/run/$n/result" || fail=1
	else
		echo "FAIL fuzz-$n: no result"
		fail=1
	fi
done
exit "$fail"
