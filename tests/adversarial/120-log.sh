# SPDX-License-Identifier: ISC
# shellcheck shell=bash disable=SC2016
# 12. log injection: every record is escaped, bounded, one a line.

# argv with newlines, ESC sequences, invalid UTF-8, fake JSON and a 30 KiB argument: one
# escaped record per event, every argument whole.
t_log_argv() {
    local big
    big=$(head -c 30720 /dev/zero | tr '\0' 'A')
    nscap_as "$ALICE" -- "$CID" probe report $'a\nb' $'\e[2J\e]0;pwned\a' $'\xff\xfe\xc0\xaf' $'x\ry' $'\x7f' \
        '","event":"end","uid":0,"x":"' $'\xe2\x80\xa8' "$big"
    expect_rc 0 || return 1
    expect_events "start,end" || return 1
    python3 "$HERE/log-argv.py" "$AUDIT" "$AUDIT_MARK" >"$NT_SCRATCH/argv.chk" 2>&1 ||
        fail "$(head -c 300 "$NT_SCRATCH/argv.chk")"
}
# A directory name (the caller's cwd) with control bytes and invalid UTF-8 is escaped.
t_log_cwd() {
    local d=$ALICE_HOME/$'dir\n{"event":"end"}\e[31m\xff'
    install -d -o "$ALICE" -m 0700 "$d"
    NSCAP_CWD=$d nscap_as "$ALICE" -- "$CID" probe
    expect_rc 0 || return 1
    expect_events "start,end"
}
# A TARGET and TOOL with invalid UTF-8, and a reason with it: error/deny records escaped.
t_log_target_tool() {
    nscap_as "$ALICE" -- $'\xff\xfe-nope' probe
    expect_rc 125 || return 1
    expect_events "error" || return 1
    audit_mark
    nscap_as "$ALICE" -- -r $'why\xc3' "$CID" $'pr\xffobe'
    expect_rc 127 || return 1
    audit_check || return 1
    [[ $EVENTS == deny || $EVENTS == error ]] || fail "events '$EVENTS'" || return 1
    audit_mark
    nscap_as "$ALICE" -- -r $'why\nnot' "$CID" probe
    expect_rc 125 || return 1
    expect_events "error" || return 1
    audit_find '"event":"error"' | grep -q -F '"argv":["-r","why\u000anot",' ||
        fail "the refused command line is not in the error record, escaped"
}
# 240 arguments of 1000 control characters each (about 1.4 MB escaped): too much to record
# whole, so nothing runs; the error record is bounded and says it was cut.
t_log_huge() {
    local one args=()
    new_marker
    one=$(head -c 1000 /dev/zero | tr '\0' '\001')
    args=(marker "$MARKER")
    for _ in $(seq 240); do args+=("$one"); done
    nscap_as "$ALICE" -- "$CID" probe "${args[@]}"
    expect_refused 125 'too long to be recorded whole' || return 1
    expect_events "error" || return 1
    audit_find '"event":"error"' | grep -q '"truncated":1' || fail "error record not marked truncated"
}

run_test log-injection-argv t_log_argv
run_test log-injection-cwd t_log_cwd
run_test log-injection-target-tool-reason t_log_target_tool
run_test log-injection-huge-argv t_log_huge
