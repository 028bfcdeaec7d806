# SPDX-License-Identifier: ISC
# shellcheck shell=bash
# The audit log: records since the case began (run_test calls audit_mark), checked as text
# (audit_find) or as JSON (auditcheck.py). LOG defaults to $AUDIT, SKIP (lines before the new
# records) to the mark.

audit_mark() { AUDIT_MARK=$( (wc -l <"$AUDIT") 2>/dev/null || echo 0); }
# Records appended since the last audit_mark.
audit_new() { tail -n +"$((${AUDIT_MARK:-0} + 1))" "$AUDIT" 2>/dev/null; }
# audit_find PATTERN...: new records holding every fixed string.
audit_find() {
    local lines p
    lines=$(audit_new)
    for p in "$@"; do
        lines=$(grep -F -- "$p" <<<"$lines")
    done
    [[ -n $lines ]] && printf '%s\n' "$lines"
}
expect_audit() { # PATTERN...
    audit_find "$@" >/dev/null || fail "no new audit record with: $*"
}
expect_no_audit() { # PATTERN...
    ! audit_find "$@" >/dev/null || fail "unexpected audit record with: $*"
}

auditcheck() { python3 "$LIB/auditcheck.py" "$@"; }

# audit_check [LOG] [SKIP]: every new record is one JSON object on one line, bounded, without raw
# control characters; sets EVENTS (their events in order, "start,end").
audit_check() {
    local res
    res=$(auditcheck check "${1:-$AUDIT}" "${2:-${AUDIT_MARK:-0}}" 2>&1)
    EVENTS=$(sed -n 's/^events //p' <<<"$res")
    ! grep -q '^bad' <<<"$res" ||
        fail "audit log not JSON lines: $(grep '^bad' <<<"$res" | head -3 | tr '\n' ' ')"
}
# expect_events EVENTS [LOG] [SKIP]: audit_check, and the events are EVENTS ("" for none).
expect_events() {
    audit_check "${2:-$AUDIT}" "${3:-${AUDIT_MARK:-0}}" || return 1
    [[ $EVENTS == "$1" ]] || fail "audit events '$EVENTS', expected '$1'"
}

# audit_field EVENT KEY [LOG] [SKIP]: the JSON value of KEY in the first new EVENT record.
audit_field() {
    auditcheck field "${3:-$AUDIT}" "${4:-${AUDIT_MARK:-0}}" "$1" "$2" 2>/dev/null | head -1
}
expect_field() { # EVENT KEY VALUE(JSON) [LOG] [SKIP]
    local v
    v=$(audit_field "$1" "$2" "${4:-$AUDIT}" "${5:-${AUDIT_MARK:-0}}")
    [[ $v == "$3" ]] || fail "$1 record: $2 is ${v:-<no record>}, expected $3"
}
expect_field_re() { # EVENT KEY ERE [LOG] [SKIP]
    local v
    v=$(audit_field "$1" "$2" "${4:-$AUDIT}" "${5:-${AUDIT_MARK:-0}}")
    grep -q -E -- "$3" <<<"$v" || fail "$1 record: $2 is ${v:-<no record>}, expected /$3/"
}
# expect_same_session EVENT1 EVENT2 [LOG] [SKIP]: the first new records of the two events carry
# one session id.
expect_same_session() {
    local a b
    a=$(audit_field "$1" session "${3:-$AUDIT}" "${4:-${AUDIT_MARK:-0}}")
    b=$(audit_field "$2" session "${3:-$AUDIT}" "${4:-${AUDIT_MARK:-0}}")
    [[ $a == '"'?*'"' && $a == "$b" ]] || fail "$1/$2 session mismatch: '$a' vs '$b'"
}
# expect_error_record ERE [EVENTS]: the new records are EVENTS (default "error") and the error
# record's message matches ERE.
expect_error_record() {
    expect_events "${2:-error}" || return 1
    expect_field_re error error "$1"
}
# expect_end_status: RC is what the new end record says the tool did: its exit status, or 128 +
# the signal that ended it (the timed_out and over-budget statuses aside).
expect_end_status() {
    local ex sig want
    ex=$(audit_field end exit) sig=$(audit_field end signal)
    [[ -n $ex ]] || fail "no end record" || return 1
    if [[ $ex =~ ^[0-9]+$ ]]; then
        want=$ex
    else
        want=$(($(kill -l "${sig//\"/}" 2>/dev/null || echo 999) + 128))
    fi
    [[ $RC == "$want" ]] || fail "exit $RC, the end record says exit $ex signal $sig"
}
