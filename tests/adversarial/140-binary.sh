# SPDX-License-Identifier: ISC
# shellcheck shell=bash disable=SC2016
# 14. the binary: static, stripped, RELRO, installed 4755, refuses to run otherwise.

# Static: no program interpreter, no shared libraries (static-pie keeps a DYNAMIC segment for
# its own relocations, but needs nothing).
t_bin_static() {
    ! readelf -lW "$NSCAP" | grep -q INTERP || fail "has a PT_INTERP" || return 1
    ! readelf -dW "$NSCAP" | grep -q NEEDED || fail "has NEEDED entries" || return 1
    file -L "$NSCAP" | grep -q -E 'static-pie linked|statically linked' || fail "$(file -L "$NSCAP")"
}
t_bin_stripped() {
    file -L "$NSCAP" | grep -q ', stripped' || fail "$(file -L "$NSCAP")" || return 1
    ! readelf -SW "$NSCAP" | grep -q -E '\.symtab|\.debug' || fail "symbol or debug sections left"
}
# Full RELRO (GNU_RELRO + BIND_NOW when there is a dynamic section) and a non-executable stack.
t_bin_relro() {
    readelf -lW "$NSCAP" | grep -q GNU_RELRO || fail "no GNU_RELRO segment" || return 1
    if readelf -lW "$NSCAP" | grep -q ' DYNAMIC '; then
        readelf -dW "$NSCAP" | grep -q -E 'BIND_NOW|FLAGS_1.*NOW' || fail "no BIND_NOW" || return 1
    fi
    readelf -lW "$NSCAP" | grep GNU_STACK | grep -q -v 'RWE' || fail "executable stack"
}
t_bin_mode() {
    expect_eq "$(stat -c '%a %U %G' "$NSCAP")" "4755 root root" "installed mode"
}
# A copy without the setuid bit, and a setuid copy the caller owns, refuse to run.
t_bin_copy() { # nosuid|usercopy
    new_marker
    local c
    if [[ $1 == nosuid ]]; then
        c=$NT_BIN/nscap-nosuid
        install -o root -g root -m 0755 "$NSCAP" "$c"
    else
        c=$ALICE_HOME/nscap-copy
        run_as "$ALICE" cp "$NSCAP" "$c" && run_as "$ALICE" chmod 4755 "$c"
    fi
    NSCAP_EXE=$c nscap_as "$ALICE" -- "$CID" probe marker "$MARKER"
    rm -f "$c"
    expect_refused 125 'not installed setuid root' || return 1
    expect_nscap_error_line || return 1
    expect_events ""
}
# Started with no_new_privs set by the caller: refuses.
t_bin_nnp() {
    new_marker
    nscap_as "$ALICE" setpriv --no-new-privs -- "$CID" probe marker "$MARKER"
    expect_refused 125 'not installed setuid root' || return 1
    expect_events ""
}

run_test binary-static t_bin_static
run_test binary-stripped t_bin_stripped
run_test binary-relro-bindnow t_bin_relro
run_test binary-installed-4755-root t_bin_mode
run_test binary-copy-not-setuid t_bin_copy nosuid
run_test binary-copy-setuid-caller t_bin_copy usercopy
run_test binary-no-new-privs t_bin_nnp
