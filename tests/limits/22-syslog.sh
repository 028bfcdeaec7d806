# SPDX-License-Identifier: ISC
# shellcheck shell=bash disable=SC2016
# 2. faults: syslog absent or present.

# No syslog socket: the file alone is the record, and nscap runs normally. This machine's own
# /dev/log is never touched: where it exists, the run happens in a private mount namespace
# with an empty tmpfs on /dev.
PRIVDEV='d=$1; shift; mount -t tmpfs -o mode=0755,size=64k nscapt-dev "$d" && for n in null zero urandom random full; do : >"$d/$n" && mount --bind "/dev/$n" "$d/$n"; done && mount --rbind "$d" /dev && exec "$@"'
t_syslog_absent() {
    if [[ -e /dev/log ]]; then
        log "/dev/log exists: running without it in a private mount namespace"
        mkdir -p "$NT_SCRATCH/dev"
        as_user "$ALICE"
        RUN_CWD=$USER_HOME run_cmd unshare -m --propagation private bash -c "$PRIVDEV" _ \
            "$NT_SCRATCH/dev" "${SETPRIV[@]}" "$NSCAP" "$CID" probe exit 0
    else
        log "this machine has no /dev/log"
        nscap_as "$ALICE" -- "$CID" probe exit 0
    fi
    expect_rc 0 || return 1
    expect_stderr_empty_of_nscap || return 1
    expect_events start,end || return 1
    expect_same_session start end
}
run_test syslog-absent-file-alone t_syslog_absent

# A syslog socket present (our own, on a private /dev): start, end and deny reach it as
# authpriv.notice (<85>) with the audit record's session.
t_syslog_present() {
    local msgs=$NT_SCRATCH/syslog.txt stop=$NT_SCRATCH/syslog.stop s_start s_deny u runs=()
    rm -f "$msgs" "$stop"
    mkdir -p "$NT_SCRATCH/dev"
    for u in "$ALICE" "$BOB"; do
        as_user "$u"
        runs+=("${u#nscapt-}" "$USER_HOME" "$(printf '%q ' "${SETPRIV[@]}" "$NSCAP" "$CID" probe exit 0)")
    done
    RUN_CWD=$ALICE_HOME run_cmd unshare -m --propagation private bash -c "$PRIVDEV" _ \
        "$NT_SCRATCH/dev" bash "$HERE/syslog-run.sh" "$PY" "$msgs" "$stop" "${runs[@]}"
    grep -qx 'alice 0' "$OUT" && grep -qx 'bob 126' "$OUT" ||
        fail "runs: $(tr '\n' ' ' <"$OUT") $(head -c 200 "$ERR")" || return 1
    expect_events start,end,deny || return 1
    s_start=$(audit_field start session | tr -d '"')
    s_deny=$(audit_field deny session | tr -d '"')
    log "syslog: $(head -c 600 "$msgs" | tr '\n' '|')"
    grep -q -E "^<85>[A-Z][a-z]{2} [ 0-9][0-9] [0-9:]{8} nscap\[[0-9]+\]: start session=$s_start uid=$ALICE_UID target=\"$CID\" tool=\"probe\" rule=\"$POLICY:[0-9]+\"" "$msgs" ||
        fail "no authpriv.notice start message for session $s_start" || return 1
    grep -q -E "^<85>.* nscap\[[0-9]+\]: end session=$s_start uid=$ALICE_UID .* exit=0 signal=0 " "$msgs" ||
        fail "no end message for session $s_start" || return 1
    grep -q -E "^<85>.* nscap\[[0-9]+\]: deny session=$s_deny uid=$BOB_UID " "$msgs" ||
        fail "no deny message for session $s_deny"
}
run_test syslog-present-authpriv t_syslog_present
