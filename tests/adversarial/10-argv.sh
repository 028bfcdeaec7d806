# SPDX-License-Identifier: ISC
# shellcheck shell=bash disable=SC2016
# 1. argv: argc 0, odd argv[0], arguments over the bounds.

# argc == 0 (PwnKit): the strings a naive argv[1] would read are in envp; nothing may run.
t_argc0() {
    new_marker
    nscap_as "$ALICE" "$ATTACKER" exec -0 -- "$CID" probe marker "$MARKER" \
        "LD_PRELOAD=$PRELOAD" "GCONV_PATH=$ALICE_HOME"
    # Linux >= 5.18 turns an empty argv into {""}: nscap then sees argc 1 and no TARGET
    expect_refused 125 'empty argv|missing TARGET and TOOL' || return 1
    expect_nscap_error_line || return 1
    # {""} is a usage error, recorded like every attempt; a true argc 0 is refused before
    # anything else, the log included.
    if grep -q 'missing TARGET' "$ERR"; then expect_events "error"; else expect_events ""; fi
}
# An odd argv[0] (escape sequences, newline, invalid UTF-8) changes nothing: a normal run.
t_argv0_odd() {
    nscap_as "$ALICE" "$ATTACKER" exec -a $'\e[31m\n/usr/bin/evil\xff' -- "$CID" probe
    expect_ran || return 1
    expect_eq "$(probe_val ns.net)" "$CNETNS" "net namespace" || return 1
    expect_events "start,end"
}
# An empty argv[0] does not become the message prefix: errors still start "nscap: ".
t_argv0_empty() {
    nscap_as "$ALICE" "$ATTACKER" exec -a "" --
    expect_rc 125 || return 1
    expect_nscap_error_line || return 1
    expect_msg 'missing TARGET'
}
# A 128 KiB argument (kernel maximum) is refused before anything runs (bound: 32 KiB).
t_arg_128k() {
    new_marker
    nscap_as "$ALICE" -- "$CID" probe marker "$MARKER" "$(head -c 131000 /dev/zero | tr '\0' a)"
    expect_refused 125 'longer than 32768 bytes'
}
# 10,000 arguments are refused (bound: 1024).
t_args_10000() {
    new_marker
    local many=()
    mapfile -t many < <(yes x | head -n 10000)
    nscap_as "$ALICE" -- "$CID" probe marker "$MARKER" "${many[@]}"
    expect_refused 125 'too many tool arguments'
}
# Arguments over 256 KiB in all (each under the per-argument bound) are refused.
t_args_total() {
    new_marker
    local big
    big=$(head -c 30000 /dev/zero | tr '\0' b)
    nscap_as "$ALICE" -- "$CID" probe marker "$MARKER" "$big" "$big" "$big" "$big" "$big" \
        "$big" "$big" "$big" "$big"
    expect_refused 125 'in all'
}

run_test argc0-pwnkit t_argc0
run_test argv0-odd-bytes t_argv0_odd
run_test argv0-empty t_argv0_empty
run_test arg-128k t_arg_128k
run_test args-10000 t_args_10000
run_test args-total-over-256k t_args_total
