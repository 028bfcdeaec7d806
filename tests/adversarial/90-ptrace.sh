# SPDX-License-Identifier: ISC
# shellcheck shell=bash disable=SC2016
# 9. ptrace and memory: the caller cannot reach into the supervisor or the tool.

# The caller as the ancestor (allowed by any ptrace_scope): ptrace, /proc/PID/mem,
# process_vm_readv and SIGSTOP against nscap during setup, then every attack on the
# supervisor and the tool.
t_ancestor() {
    nscap_as "$ALICE" "$ATTACKER" ancestor -- "$CID" probe sleep 2
    local k
    grep -q '^tool none' "$OUT" && { fail "the tool never ran"; return 1; }
    log "setup window $(probe_val setup-window): $(probe_val setup-tries) attempts each"
    for k in setup-ptrace setup-mem setup-vmread setup-stop-after-setresuid; do
        expect_eq "$(probe_val $k)" 0 "$k (successful attempts of $(probe_val setup-tries))" || return 1
    done
    log "SIGSTOPs accepted during setup (before the early setresuid): $(probe_val setup-stop), of which $(probe_val setup-stop-landed-after-setresuid) took effect just after it"
    local -A exp=(
        [ptrace-attach-sup]=EPERM [ptrace-seize-sup]=EPERM [vmread-sup]=EPERM
        [pidfd-getfd-sup]=EPERM [mem-sup]=EACCES [environ-sup]=EACCES [kill-stop-sup]=EPERM
        [kill-term-sup]=EPERM [kill-kill-sup]=EPERM
        [ptrace-attach-tool]=EPERM [ptrace-seize-tool]=EPERM [vmread-tool]=EPERM
        [pidfd-getfd-tool]=EPERM [mem-tool]=EACCES [environ-tool]=EACCES
    )
    for k in "${!exp[@]}"; do
        expect_eq "$(probe_val "$k")" "${exp[$k]}" "$k" || return 1
    done
    expect_eq "$(probe_val status)" exit:0 "nscap's exit"
}
# strace -p / gdb -p of the supervisor and the tool from another process of the caller.
t_trace_p() {
    ( nscap_as "$ALICE" -- "$CID" probe sleep 6 ) &
    local bg=$! tool sup o bad=
    wait_for 10 eval 'tool=$(pgrep -u "$ALICE" -x probe | head -1); [[ -n $tool ]]' ||
        { wait $bg; fail "probe never started"; return 1; }
    sup=$(ps -o ppid= -p "$tool" | tr -d ' ')
    o=$(run_as "$ALICE" timeout 5 strace -p "$sup" -o /dev/null 2>&1)
    grep -q 'Operation not permitted' <<<"$o" || bad+="strace -p supervisor: $o; "
    o=$(run_as "$ALICE" timeout 5 strace -p "$tool" -o /dev/null 2>&1)
    grep -q 'Operation not permitted' <<<"$o" || bad+="strace -p tool: $o; "
    o=$(run_as "$ALICE" timeout 10 gdb -nx -batch -p "$sup" 2>&1)
    grep -q 'ptrace: Operation not permitted' <<<"$o" || bad+="gdb -p supervisor: $(tail -3 <<<"$o"); "
    o=$(run_as "$ALICE" timeout 10 gdb -nx -batch -p "$tool" 2>&1)
    grep -q 'ptrace: Operation not permitted' <<<"$o" || bad+="gdb -p tool: $(tail -3 <<<"$o"); "
    for s in STOP KILL TERM INT; do
        run_as "$ALICE" kill -s "$s" "$sup" 2>/dev/null && bad+="kill -$s of the supervisor worked; "
    done
    wait $bg
    [[ -z $bad ]] || fail "$bad"
}
# Under strace -f / gdb the setuid bit is not honoured: nscap refuses, nothing runs.
t_traced_exec() { # strace|gdb
    new_marker
    if [[ $1 == strace ]]; then
        nscap_as "$ALICE" strace -f -o /dev/null -- "$CID" probe marker "$MARKER"
    else
        nscap_as "$ALICE" gdb -nx -batch -ex 'set startup-with-shell off' -ex run --args -- "$CID" probe marker "$MARKER"
    fi
    expect_no_file "$MARKER" || return 1
    grep -q 'nscap: not installed setuid root' "$ERR" "$OUT" || fail "no refusal: $(tail -c 300 "$ERR")" || return 1
    expect_events ""
}

run_test ptrace-as-ancestor-setup-supervisor-tool t_ancestor
run_test ptrace-strace-gdb-p-and-kill t_trace_p
run_test ptrace-strace-f-exec t_traced_exec strace
run_test ptrace-gdb-run-exec t_traced_exec gdb
