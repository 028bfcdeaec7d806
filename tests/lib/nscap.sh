# SPDX-License-Identifier: ISC
# shellcheck shell=bash disable=SC2015,SC2016,SC2119,SC2120
# Running things: a command as root with its output captured (run_cmd), nscap as a user in the
# foreground (nscap_as) or in the background (nscap_bg), any command as a user (run_as).

RUN_SEQ=0

# as_user USER: sets SETPRIV (the command prefix that becomes USER: initgroups, clean
# environment) and USER_HOME. A numeric USER without a passwd entry gets no supplementary
# groups, an environment of PATH only, and / as home.
as_user() {
    if getent passwd "$1" >/dev/null; then
        USER_HOME=$(home_of "$1")
        SETPRIV=(setpriv --reuid="$1" --regid="$(id -g "$1")" --init-groups --reset-env --)
    else
        USER_HOME=/
        SETPRIV=(setpriv --reuid="$1" --regid="$1" --clear-groups -- env -i PATH=/usr/bin:/bin)
    fi
}

# run_cmd CMD...: CMD as root in RUN_CWD (default /), stdin NSCAP_STDIN (default /dev/null), an
# extra fd 7 open (a caller's descriptor the tool must not see), stopped after NSCAP_TIMEOUT
# seconds (default 60; SIGKILL NSCAP_KILL_AFTER seconds later, default 5). Sets RC, OUT and ERR
# (files), OUTPUT (stdout without NUL bytes), ERRTEXT, DUR_MS.
run_cmd() {
    local t0
    RUN_SEQ=$((RUN_SEQ + 1))
    OUT=$NT_SCRATCH/run$RUN_SEQ.out
    ERR=$NT_SCRATCH/run$RUN_SEQ.err
    t0=${EPOCHREALTIME//[!0-9]/}
    { # (the braces keep bash's own "Killed" notice off our stderr)
        timeout -k "${NSCAP_KILL_AFTER:-5}" "${NSCAP_TIMEOUT:-60}" \
            bash -c 'd=$1; shift; cd "$d" && exec "$@"' _ "${RUN_CWD:-/}" "$@" \
            <"${NSCAP_STDIN:-/dev/null}" >"$OUT" 2>"$ERR" 7</dev/null
    } 2>/dev/null
    RC=$?
    DUR_MS=$(((${EPOCHREALTIME//[!0-9]/} - t0) / 1000))
    OUTPUT=$(tr -d '\000' <"$OUT")
    ERRTEXT=$(cat "$ERR")
    log "$(printf '%s' "${RUN_SHOW:-$(printf '%q ' "$@")}" | head -c 300)-> rc=$RC in ${DUR_MS}ms${ERRTEXT:+; stderr: $(head -c 300 "$ERR" | tr '\n' '|')}"
    return 0
}

# nscap_as USER [VAR=VALUE...] [PREFIX...] -- ARG...: the one way to run nscap as USER, through
# run_cmd (same knobs and results), in USER's home (NSCAP_CWD: elsewhere). VAR=VALUE words set
# nscap's environment; PREFIX is a command that runs nscap as its arguments' tail (a launcher, a
# shell setting limits, strace ...). NSCAP_EXE runs another binary in place of the installed one.
nscap_as() {
    local u=$1 envs=() pre=()
    shift
    while [[ $# -gt 0 && $1 != -- && $1 =~ ^[A-Za-z_][A-Za-z0-9_]*= ]]; do envs+=("$1"); shift; done
    while [[ $# -gt 0 && $1 != -- ]]; do pre+=("$1"); shift; done
    [[ ${1-} == -- ]] && shift
    as_user "$u"
    ((${#envs[@]})) && pre=(env "${envs[@]}" "${pre[@]}")
    # locals, not VAR=... before run_cmd: those would be exported, and a huge argv twice over
    # the environment of timeout would not fit (E2BIG)
    local RUN_CWD=${NSCAP_CWD:-$USER_HOME} RUN_SHOW
    RUN_SHOW="as $u: $( ((${#pre[@]})) && printf '%q ' "${pre[@]}")nscap $(printf '%q ' "$@" | head -c 300)"
    run_cmd "${SETPRIV[@]}" "${pre[@]}" "${NSCAP_EXE:-$NSCAP}" "$@"
}

# nscap_pipe USER MODE FD [BYTES] -- ARG...: nscap as USER with its fd FD (1 or 2) a pipe left
# as a caller could leave it (callerfd.py: MODE gone, full, or hangup after BYTES), the other
# streams captured as run_cmd does; CMD is killed after NSCAP_PIPE_BOUND (30) s. Sets what
# run_cmd sets and PIPE_END ("exit N" or "signal N": how nscap itself ended), PIPE_MS, PIPE_BYTES
# (filled or read), PIPE_KILLED (non-empty when the bound killed it).
nscap_pipe() {
    local u=$1 mode=$2 fd=$3 n=() rep
    shift 3
    if [[ $1 != -- ]]; then n=("$1"); shift; fi
    shift
    as_user "$u"
    RUN_SEQ=$((RUN_SEQ + 1))
    rep=$NT_SCRATCH/pipe$RUN_SEQ.report
    local RUN_SHOW
    RUN_SHOW="as $u, fd $fd a pipe ($mode): nscap $(printf '%q ' "$@" | head -c 300)"
    run_cmd python3 "$LIB/callerfd.py" "$mode" "$fd" "$rep" "${n[@]}" -- "${SETPRIV[@]}" "$NSCAP" "$@"
    PIPE_END=$(grep -E '^(exit|signal) ' "$rep" 2>/dev/null)
    PIPE_MS=$(sed -n 's/^ms //p' "$rep" 2>/dev/null)
    PIPE_BYTES=$(sed -n 's/^\(filled\|read\) //p' "$rep" 2>/dev/null)
    PIPE_KILLED=$(sed -n 's/^bound //p' "$rep" 2>/dev/null)
    log "fd $fd ($mode): nscap ended: ${PIPE_END:-?} after ${PIPE_MS:-?} ms${PIPE_KILLED:+ ($PIPE_KILLED)}"
}

# run_as USER CMD...: CMD as USER in USER's home (no capture; bounded to 60 s).
run_as() {
    local u=$1
    shift
    as_user "$u"
    (cd "$USER_HOME" && exec timeout -k 5 60 "${SETPRIV[@]}" "$@")
}

# Value of key K in the probe's report (OUTPUT; first match).
probe_val() { awk -v k="$1" '$1 == k { sub("^[^ ]+ ?", ""); print; exit }' <<<"$OUTPUT"; }

# The probe ran and reported.
expect_ran() {
    expect_rc 0 || return 1
    [[ -n $(probe_val uid) ]] || fail "probe printed no report: ${OUTPUT:0:200}"
}

# new_marker [USER]: MARKER, a fresh path in USER's home (default alice) that only a tool that ran
# creates (probe marker PATH); expect_refused and expect_failed check it stays absent.
new_marker() {
    RUN_SEQ=$((RUN_SEQ + 1))
    MARKER=$(home_of "${1:-$ALICE}")/marker$RUN_SEQ
    rm -f "$MARKER"
}

# child_of PID [COMM]: the first child of PID (with command name COMM).
child_of() {
    local p
    for p in $(cat "/proc/$1/task/$1/children" 2>/dev/null); do
        [[ -z ${2-} || $(cat "/proc/$p/comm" 2>/dev/null) == "$2" ]] && { echo "$p"; return 0; }
    done
    return 1
}

# ---------------------------------------------------------------- nscap in the background

# nscap_bg USER ARG...: nscap as USER in a session of its own (setsid: the supervisor's pid is its
# process group id), output to BG_OUT BG_ERR (ERR too); sets BG_PID (the supervisor, once it
# exists). A tracked subshell waits for it and writes its exit status to a file, so that bash
# never prints a "Killed" notice of its own when a case kills the supervisor.
nscap_bg() {
    local u=$1
    shift
    as_user "$u"
    RUN_SEQ=$((RUN_SEQ + 1))
    BG_OUT=$NT_SCRATCH/bg$RUN_SEQ.out
    BG_ERR=$NT_SCRATCH/bg$RUN_SEQ.err
    BG_RCF=$NT_SCRATCH/bg$RUN_SEQ.rc
    ERR=$BG_ERR
    BG_PID=
    (
        cd "$USER_HOME" || exit 1
        { setsid "${SETPRIV[@]}" "$NSCAP" "$@" </dev/null >"$BG_OUT" 2>"$BG_ERR"; } 2>/dev/null
        echo $? >"$BG_RCF"
    ) &
    BG_SH=$!
    bg_track "$BG_SH"
    wait_for 5 bg_find_supervisor || log "no supervisor under $BG_SH"
    log "background nscap as $u (pid ${BG_PID:-?}): $*"
}
bg_find_supervisor() { # the subshell's child once it is nscap (setsid, setpriv, nscap: one pid)
    local p
    p=$(child_of "$BG_SH") || return 1
    [[ -n $p && $(cat "/proc/$p/comm" 2>/dev/null) == nscap ]] || return 1
    BG_PID=$p
}

bg_done() { # (our subshell stays a zombie until waited for: kill -0 alone is not enough)
    [[ -s $BG_RCF ]] || ! proc_alive "$BG_SH"
}
# bg_wait SECONDS: wait for the background nscap to exit; sets RC (255 if it had to be killed).
bg_wait() {
    if ! wait_for "$1" bg_done; then
        log "pid ${BG_PID:-?} still running after $1 s: killed"
        [[ -n $BG_PID ]] && kill -KILL "$BG_PID" 2>/dev/null
        wait "$BG_SH"
        RC=255
        return 1
    fi
    wait "$BG_SH"
    RC=$(cat "$BG_RCF" 2>/dev/null || echo 255)
    ERRTEXT=$(cat "$BG_ERR")
    log "pid ${BG_PID:-?} exited rc=$RC${ERRTEXT:+; stderr: $(head -c 300 "$BG_ERR" | tr '\n' '|')}"
    return 0
}

has_start_record() { audit_find '"event":"start"' >/dev/null; }
# wait_tool COMM: sets TOOL_PID once the supervisor BG_PID runs a tool called COMM and its start
# is recorded.
wait_tool() {
    wait_for 10 has_start_record || fail "no start record within 10 s" || return 1
    wait_for 5 child_of "$BG_PID" "$1" >/dev/null ||
        fail "no $1 child under supervisor $BG_PID" || return 1
    TOOL_PID=$(child_of "$BG_PID" "$1") || fail "the $1 child of $BG_PID is gone already"
}
