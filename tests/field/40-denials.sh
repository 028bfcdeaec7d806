# SPDX-License-Identifier: ISC
# shellcheck shell=bash
# Refusals that say what to do next (issue 14 item 3): the rule or profile that refused, and the
# nearest thing the caller may do; a caller no rule names still learns nothing (semantics §7).

t_hint() { # USER RC ERE ARG...
    local u=$1 rc=$2 re=$3
    shift 3
    nscap_as "$u" -- "$@"
    expect_refused "$rc" "$re" || return 1
    expect_nscap_error_line
}
# An option the profile leaves out: the profile's line, and what it does allow.
run_test field-deny-option-shows-profile t_hint "$ALICE" 126 \
    "^nscap: denied: option '-z' is not allowed for tcpdump \\(in '-z'\\) \\(rule $POLICY:[0-9]+\\); the tcpdump profile \\($POLICY:[0-9]+\\) allows -AbdDefhHKlLnNOpqStuUvxX# -B\\|-c\\|.* VALUE --buffer-size=VALUE " \
    "$CID" tcpdump -i lo -z gzip
# A tool no rule permits here: the tools that are.
run_test field-deny-tool-shows-tools-here t_hint "$ALICE" 126 \
    "^nscap: denied: no rule permits nstat on this target; you may run tcpdump, ip, ss here\$" \
    "$CID" nstat
# The host: the rule must name it, and what it allows needs a reason.
run_test field-deny-host-shows-reason t_hint "$ALICE" 126 \
    "^nscap: denied: no rule permits tcpdump on the host network namespace \\(a rule must name 'host'\\); you may run ss \\(with -r REASON\\) here\$" \
    host tcpdump -i lo
run_test field-deny-needs-reason t_hint "$ALICE" 126 \
    "^nscap: denied: $POLICY:[0-9]+ requires a reason: pass -r REASON\$" host ss -tan
# A typo in the tool's name.
run_test field-deny-unknown-tool t_hint "$ALICE" 127 \
    "^nscap: denied: tool 'tcpdmp' is not defined in $POLICY; you may run tcpdump, ip, ss here\$" \
    "$CID" tcpdmp -i lo
# Nobody's rule names bob: the one line of §7, no hint.
run_test field-deny-no-rule-learns-nothing t_hint "$BOB" 126 \
    "^nscap: denied: no rule of $POLICY applies to you\$" "$CID" tcpdump -i lo
# A caller whose rules name other targets only: denied without a word of what exists here.
t_hint_elsewhere() {
    write_policy "${POLICY_RULES[@]}" "permit user:$BOB on pod:elsewhere/* run tcpdump"
    nscap_as "$BOB" -- "$CID" tcpdump -i lo
    write_policy
    expect_refused 126 "^nscap: denied: no rule permits tcpdump on this target\$" || return 1
    expect_nscap_error_line
}
run_test field-deny-elsewhere-no-hint t_hint_elsewhere
