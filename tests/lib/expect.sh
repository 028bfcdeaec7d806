# SPDX-License-Identifier: ISC
# shellcheck shell=bash
# Assertions on the last run (RC, OUT, ERR, MARKER): each returns 0 or sets FAIL_REASON and
# returns 1, so a case reads `expect_x ... || return 1`.

expect_rc() { # RC
    [[ $RC == "$1" ]] || fail "exit $RC, expected $1${ERRTEXT:+ (stderr: $(head -1 <<<"$ERRTEXT" | head -c 200))}"
}
expect_eq() { # ACTUAL EXPECTED WHAT
    [[ $1 == "$2" ]] || fail "$3: got '${1:0:200}', expected '$2'"
}
expect_ne() { # ACTUAL UNEXPECTED WHAT
    [[ $1 != "$2" ]] || fail "$3: got '$1', expected anything else"
}
expect_no_file() { # PATH
    [[ ! -e $1 ]] || fail "$1 exists: the tool ran"
}
expect_size() { # FILE BYTES WHAT
    local s
    s=$(stat -c %s "$1" 2>/dev/null)
    [[ $s == "$2" ]] || fail "$3: $1 is ${s:-missing} bytes, expected $2"
}

# The line nscap writes as the tool starts (`-q`: none): what runs where, its limits, the
# session. Not a message about anything going wrong.
BANNER_RE='^nscap: running [a-z0-9_-]+ in .*; max-time [^;]+, max-bytes [^;]+; session [0-9a-f]{12}$'
# stderr_less_banner: stderr without the start banner.
stderr_less_banner() { grep -v -E "$BANNER_RE" "$ERR"; }

# stderr (less the start banner) holds exactly one line and it starts with "nscap: ".
expect_nscap_error_line() {
    local n
    n=$(stderr_less_banner | wc -l)
    [[ $n -eq 1 && $(stderr_less_banner | head -c 7) == "nscap: " ]] ||
        fail "stderr should be one 'nscap: ' line, got $n line(s): $(head -c 200 "$ERR" | tr '\n' '|')"
}
# No line of stderr is a message of nscap's own (the start banner aside).
expect_stderr_empty_of_nscap() {
    ! stderr_less_banner | grep -q '^nscap: ' ||
        fail "unexpected nscap error: $(stderr_less_banner | grep -m1 '^nscap: ')"
}
# expect_msg ERE: the last stderr line is nscap's one-line message and matches ERE.
expect_msg() {
    local last
    last=$(tail -n 1 "$ERR")
    [[ $last == "nscap: "* ]] || fail "last stderr line is not 'nscap: ...': '${last:0:200}'" || return 1
    grep -q -E -- "$1" <<<"$last" || fail "message '${last:0:200}' does not match /$1/"
}

# expect_refused RC [ERE]: refused before anything started: exit RC, nscap's message last on
# stderr (matching ERE), the MARKER of new_marker absent, no new start record.
expect_refused() {
    expect_rc "$1" || return 1
    expect_msg "${2:-.}" || return 1
    [[ -z ${MARKER-} ]] || expect_no_file "$MARKER" || return 1
    expect_no_audit '"event":"start"'
}

# expect_failed ERE: nscap failed: exit 125, stderr exactly one "nscap: " line matching ERE, the
# MARKER of new_marker absent (a start record may precede the failure).
expect_failed() {
    expect_rc 125 || return 1
    expect_nscap_error_line || return 1
    expect_msg "$1" || return 1
    [[ -z ${MARKER-} ]] || expect_no_file "$MARKER"
}

# expect_term_safe [FILE...]: each file (default OUT and ERR) is safe to show on a terminal: valid
# UTF-8, every line newline-terminated, no raw control character (C0 but the newline, DEL, C1),
# line separator or bidi control (termsafe.py).
expect_term_safe() {
    local res
    (($#)) || set -- "$OUT" "$ERR"
    res=$(python3 "$LIB/termsafe.py" "$@") || fail "not safe for a terminal: $(head -3 <<<"$res" | tr '\n' ' ')"
}

# expect_json PYTHON-EXPRESSION: OUT parsed as JSON (as `j`) makes the expression true.
expect_json() {
    python3 -c 'import json, sys
j = json.load(open(sys.argv[1]))
sys.exit(0 if eval(sys.argv[2]) else 1)' "$OUT" "$1" 2>"$NT_SCRATCH/json.err" ||
        fail "JSON: not ($1): $(head -c 300 "$OUT") $(tail -1 "$NT_SCRATCH/json.err")"
}
