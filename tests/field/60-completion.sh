# SPDX-License-Identifier: ISC
# shellcheck shell=bash
# The bash completion (packaging/bash-completion/nscap), sourced in alice's bash with the
# installed nscap first on PATH: the targets and tools she may use, from `nscap -l --json`.

FD_COMP=$NT_ROOT/bash-completion-nscap

# fd_complete WORD...: the words bash offers for the last WORD, sorted, on one line (as FD_USER,
# default alice).
fd_complete() {
    local words
    [[ -f $FD_COMP ]] || install -o root -g root -m 0644 "$REPO/packaging/bash-completion/nscap" \
        "$FD_COMP" || return 1
    words=$(printf '%q ' nscap "$@")
    run_as "${FD_USER:-$ALICE}" bash -c "PATH=$NT_BIN:\$PATH; . $FD_COMP
COMP_WORDS=($words); COMP_CWORD=\$((\${#COMP_WORDS[@]} - 1)); _nscap
printf '%s\n' \"\${COMPREPLY[@]}\"" | sort | tr '\n' ' ' | sed 's/ $//'
}

t_complete() { # WANT WORD...
    local want=$1 got
    shift
    got=$(fd_complete "$@")
    expect_eq "$got" "$want" "completions of 'nscap $*'"
}
run_test field-complete-targets t_complete "${CID:0:12} host" ""
run_test field-complete-target-prefix t_complete "${CID:0:12}" "${CID:0:3}"
run_test field-complete-tools t_complete "ip ss tcpdump" "${CID:0:12}" ""
run_test field-complete-tools-full-id t_complete "tcpdump" "$CID" tc
run_test field-complete-host-tools t_complete "ss" host ""
run_test field-complete-after-options t_complete "ip ss tcpdump" -q -r INC-1 "${CID:0:12}" ""
run_test field-complete-options t_complete "--json -C -V -h -l -n -q -r" -
t_complete_bob() { # bob may enter nothing: nothing offered
    local got
    got=$(FD_USER=$BOB fd_complete "")
    expect_eq "$got" "" "bob's completions"
}
run_test field-complete-nothing-for-bob t_complete_bob
