#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# Lint, each tool one test case (PASS/FAIL lines); `./build.sh lint` runs it after the toolchain
# bootstrap and the seccomp header it needs.
#
#   scripts/lint.sh lint [DIR]     cppcheck, clang-tidy (on DIR, default src/ and gen/), and
#                                  without DIR clang-format and the licence headers
#   scripts/lint.sh format-check   clang-format --dry-run on src/, gen/ and tests/unit/
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
OUT=$ROOT/out
B=$ROOT/build

# Sources of DIR (default src/, plus gen/) into SRCS; defines of the test build into DEFS.
lint_inputs() {
	local dir=$1
	shopt -s nullglob
	SRCS=("$dir"/*.c)
	[[ $dir != "$ROOT/src" ]] || SRCS+=("$ROOT"/gen/*.c)
	shopt -u nullglob
	mapfile -t DEFS < <(make -s --no-print-directory -C "$ROOT" lint-defs)
	((${#DEFS[@]})) || {
		echo "FAIL lint-setup: make lint-defs printed nothing"
		exit 1
	}
	mkdir -p "$OUT"
}

lint_cppcheck() {
	local dir=$1 log=$OUT/lint-cppcheck.log
	lint_inputs "$dir"
	if ((${#SRCS[@]} == 0)); then
		echo "# lint-cppcheck: no C sources in $dir, skipped"
		return 0
	fi
	echo "# lint-cppcheck: ${#SRCS[@]} files"
	if cppcheck --enable=warning,portability,performance --error-exitcode=1 --inline-suppr \
		--std=c11 --library=posix --suppress=missingIncludeSystem --quiet \
		`# nscap is single-threaded: the reentrant variants buy nothing (readdir_r is deprecated)` \
		--suppress=getpwuidCalled --suppress=getpwnamCalled --suppress=getgrnamCalled \
		--suppress=readdirCalled --suppress=getpwentCalled --suppress=getgrentCalled -I "$dir" -I "$B/jsmn" -I "$B/gen" -I "$B/seccomp-musl/include" \
		"${DEFS[@]}" "${SRCS[@]}" >"$log" 2>&1; then
		echo "PASS lint-cppcheck"
	else
		sed 's/^/# /' "$log"
		echo "FAIL lint-cppcheck: $(grep -c ': \(error\|warning\|portability\|performance\|style\):' "$log") finding(s), see $log"
		return 1
	fi
}

# One clang-tidy per file, as many at once as there are CPUs, with a progress line now and then
# (it is the longest quiet stretch of the lint).
lint_clang_tidy() {
	local dir=$1 log=$OUT/lint-clang-tidy.log f i=0 n jobs rc=0
	lint_inputs "$dir"
	n=${#SRCS[@]}
	if ((n == 0)); then
		echo "# lint-clang-tidy: no C sources in $dir, skipped"
		return 0
	fi
	jobs=$(nproc)
	echo "# lint-clang-tidy: $n files, $jobs at a time"
	rm -rf "$OUT/lint-clang-tidy.d"
	mkdir -p "$OUT/lint-clang-tidy.d"
	for f in "${SRCS[@]}"; do
		while (($(jobs -rp | wc -l) >= jobs)); do wait -n || rc=1; done
		clang-tidy --quiet --config-file="$ROOT/.clang-tidy" "$f" -- -std=c11 -I "$dir" \
			-isystem "$B/jsmn" -I "$B/gen" -isystem "$B/seccomp-musl/include" "${DEFS[@]}" \
			>"$OUT/lint-clang-tidy.d/$i.log" 2>&1 &
		i=$((i + 1))
		((i % 8 == 0 && i < n)) && echo "# lint-clang-tidy: $i/$n started"
	done
	while (($(jobs -rp | wc -l) > 0)); do wait -n || rc=1; done
	cat "$OUT"/lint-clang-tidy.d/*.log >"$log"
	rm -rf "$OUT/lint-clang-tidy.d"
	if ((rc == 0)); then
		echo "PASS lint-clang-tidy"
	else
		sed 's/^/# /' "$log"
		echo "FAIL lint-clang-tidy: $(grep -c ': \(error\|warning\): ' "$log") finding(s), see $log"
		return 1
	fi
}

format_check() {
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

# Every source file (C, shell, Python, the Makefile, the Dockerfile, the maintainer scripts)
# names its licence in its first three lines.
lint_spdx() {
	local f n=0 missing=()
	while IFS= read -r f; do
		[[ -f $ROOT/$f ]] || continue
		n=$((n + 1))
		head -n 3 "$ROOT/$f" | grep -q 'SPDX-License-Identifier: ISC' || missing+=("$f")
	done < <(git -C "$ROOT" ls-files -co --exclude-standard | grep -vE '^tests/(fixtures|fuzz/corpus)/' |
		grep -E '\.(c|h|sh|py)$|^(Makefile|Dockerfile\.build|\.ci/run|scripts/[^/]+|packaging/deb/post(inst|rm))$')
	if ((n == 0)); then
		echo "FAIL lint-spdx: no source files listed (git ls-files)"
		return 1
	fi
	if ((${#missing[@]})); then
		printf '# no SPDX-License-Identifier: ISC line: %s\n' "${missing[@]}"
		echo "FAIL lint-spdx: ${#missing[@]} of $n source files lack the licence line"
		return 1
	fi
	echo "PASS lint-spdx"
}

lint() {
	local rc=0 out dir=${1:-$ROOT/src}
	lint_cppcheck "$dir" || rc=1
	lint_clang_tidy "$dir" || rc=1
	if (($# == 0)); then
		if out=$(format_check); then
			echo "PASS lint-format"
		else
			printf '%s\n' "$out" | sed 's/^/# /'
			echo "FAIL lint-format: clang-format would change $(printf '%s\n' "$out" | grep -c .) file(s)"
			rc=1
		fi
		lint_spdx || rc=1
	fi
	return "$rc"
}

case ${1:-} in
lint)
	shift
	lint "$@"
	;;
format-check) format_check ;;
*)
	echo "usage: scripts/lint.sh lint [DIR] | format-check" >&2
	exit 2
	;;
esac
