# SPDX-License-Identifier: ISC
# shellcheck shell=bash disable=SC2015
# nscap -C as the admin's safety net (issue 15): the shipped policy passes --strict and its
# cases; every lint fixture's -C output, run as root, is its .expected; the warnings that depend
# on the filesystem (tool paths, the state-root) on real files; --strict and --test fail the
# run; --as; the spelling at face value for users, the live record for root; every matching rule
# shown by -n; a denial names its rule.

CHECK_D=$NT_ROOT/check
FIX=$REPO/tests/fixtures/policy

# The files the sys- fixtures name, below CHECK_D (root-owned), made afresh.
check_tree() {
    local b=$CHECK_D/bin rt=$CHECK_D/rt
    rm -rf "$CHECK_D" && install -d -o root -g root -m 0755 "$CHECK_D" "$b" "$CHECK_D/state" \
        "$CHECK_D/open" "$rt/run/crun" "$rt/var/lib/docker" "$rt/run/containerd/runc" || return 1
    install -o root -g root -m 0755 /bin/true "$b/ok" && ln -s ok "$b/link" &&
        install -o "$ALICE" -g root -m 0755 /bin/true "$b/users" &&
        install -o root -g root -m 0775 /bin/true "$b/groupw" &&
        install -o root -g root -m 0644 /bin/true "$b/noexec" &&
        install -o root -g root -m 0700 /bin/true "$b/rootonly" &&
        chmod 0777 "$CHECK_D/open" && install -o root -g root -m 0755 /bin/true "$CHECK_D/open/tool" ||
        return 1
    # below the state-root: one runtime directory anyone may write, one a user owns, one
    # containerd namespace its group may write, a symlink where a directory should be
    install -d -o root -g root -m 0777 "$rt/run/runc" &&
        install -d -o "$ALICE" -g root -m 0755 "$rt/var/lib/docker/containers" &&
        install -d -o root -g root -m 0775 "$rt/run/containerd/runc/k8s.io" &&
        install -d -o root -g root -m 0755 "$rt/var/log" && ln -s /tmp "$rt/var/log/containers" &&
        install -d -o "$ALICE" -g root -m 0755 "$CHECK_D/mine"
}

# t_sys_fixture NAME: NAME.policy.in with @D@ made CHECK_D, checked by root from CHECK_D: the
# output is NAME.expected.in (with @D@ made CHECK_D); --strict fails on it.
t_sys_fixture() {
    local name=$1 want=$CHECK_D/$1.expected
    check_tree || { fail "setup: cannot make $CHECK_D"; return 1; }
    sed "s|@D@|$CHECK_D|g" "$FIX/$name.policy.in" >"$CHECK_D/$name.policy" &&
        sed "s|@D@|$CHECK_D|g" "$FIX/$name.expected.in" >"$want" || return 1
    RUN_CWD=$CHECK_D run_cmd "$NSCAP" -C "$name.policy"
    expect_rc 0 || return 1
    cmp -s "$OUT" "$want" ||
        fail "output differs from $name.expected.in: $(diff "$want" "$OUT" | head -8 | tr '\n' '|')" ||
        return 1
    RUN_CWD=$CHECK_D run_cmd "$NSCAP" -C "$name.policy" --strict
    expect_rc 125 && expect_nscap_error_line && expect_msg "^nscap: $name.policy: [0-9]+ warnings?, and --strict$"
}
run_test check-tool-paths t_sys_fixture sys-tool-paths
run_test check-state-root-dirs t_sys_fixture sys-state-root
run_test check-state-root-missing t_sys_fixture sys-state-root-missing
run_test check-state-root-untrusted t_sys_fixture sys-state-root-untrusted

# Every lint- fixture: the installed binary's -C output, as root, is its .expected (which the
# unit suite compares with the checks' own output): the tools and / here add nothing to it.
t_lint_fixtures() {
    local f n=0
    for f in "$FIX"/lint-*.policy; do
        RUN_CWD=$FIX run_cmd "$NSCAP" -C "${f##*/}"
        expect_rc 0 || return 1
        cmp -s "$OUT" "${f%.policy}.expected" ||
            fail "${f##*/}: output differs: $(diff "${f%.policy}.expected" "$OUT" | head -6 | tr '\n' '|')" ||
            return 1
        n=$((n + 1))
    done
    ((n >= 8)) || fail "only $n lint fixtures"
}
run_test check-lint-fixtures t_lint_fixtures

t_strict() {
    RUN_CWD=$FIX run_cmd "$NSCAP" -C lint-dead-deny.policy --strict
    expect_rc 125 && expect_nscap_error_line || return 1
    expect_msg '^nscap: lint-dead-deny\.policy: 1 warning, and --strict$' || return 1
    grep -q '^lint-dead-deny.policy:13:1: warning: this deny never decides' "$OUT" ||
        fail "no warning on stdout: ${OUTPUT:0:300}" || return 1
    RUN_CWD=$FIX run_cmd "$NSCAP" --strict -C lint-clean.policy
    expect_rc 0 && expect_eq "$OUTPUT" "lint-clean.policy: ok" "a clean policy's -C"
}
run_test check-strict-fails-on-warnings t_strict

# The shipped policy and its cases, checked as a user in a directory of copies.
shipped_copy() { # DIR
    install -d -o root -g root -m 0755 "$1" &&
        install -o root -g root -m 0644 "$REPO/policy/nscap.policy" "$REPO/policy/nscap.policy.cases" "$1"
}
t_shipped() {
    local d=$CHECK_D/shipped n
    shipped_copy "$d" || return 1
    n=$(grep -c '^[^#].* => ' "$d/nscap.policy.cases")
    NSCAP_CWD=$d nscap_as "$ALICE" -- -C nscap.policy --strict --test nscap.policy.cases
    expect_rc 0 || return 1
    grep -qx 'nscap.policy: ok' "$OUT" || fail "not ok: ${OUTPUT:0:400}" || return 1
    grep -qx "nscap.policy.cases: $n cases hold" "$OUT" || fail "cases: ${OUTPUT:0:400}"
}
run_test check-shipped-policy-strict-and-cases t_shipped

# The example rules the shipped policy keeps commented out, and the cases beside them, hold
# once uncommented, with the groups they name made this suite's (oncall: alice's, netadmins:
# bob's own group).
t_shipped_examples() {
    local d=$CHECK_D/examples n
    shipped_copy "$d" || return 1
    sed -i -e 's/^# \(permit\|deny\) /\1 /' -e "s/group:oncall/group:$ONCALL/g" \
        -e "s/group:netadmins/group:$BOB/g" "$d/nscap.policy" &&
        sed -n "s/^# alice /$ALICE /p; s/^# bob /$BOB /p" "$REPO/policy/nscap.policy.cases" \
            >"$d/nscap.policy.cases" || return 1
    n=$(wc -l <"$d/nscap.policy.cases")
    ((n >= 5)) || fail "only $n example cases" || return 1
    NSCAP_CWD=$d nscap_as "$BOB" -- -C nscap.policy --strict --test nscap.policy.cases
    expect_rc 0 || return 1
    grep -qx "nscap.policy.cases: $n cases hold" "$OUT" || fail "cases: ${OUTPUT:0:400}"
}
run_test check-shipped-examples-hold t_shipped_examples

t_cases_fail() {
    local d=$CHECK_D/cases
    install -d -o root -g root -m 0755 "$d" &&
        printf '%s\n' "$ALICE container:web-1 probe => deny" "$BOB container:web-1 probe => permit" \
            "$ALICE host probe => deny none" >"$d/c" && chmod 0644 "$d/c" || return 1
    NSCAP_CWD=$d nscap_as "$ALICE" -- -C "$POLICY" --test c
    expect_rc 125 && expect_nscap_error_line && expect_msg '^nscap: c: 2 of 3 cases fail$' ||
        return 1
    grep -qx "c:1: want deny, got permit by line $RULE_LINE (permitted by $POLICY:$RULE_LINE); rules matched: $RULE_LINE permit" "$OUT" &&
        grep -q '^c:2: want permit, got deny by no rule ' "$OUT" ||
        fail "mismatches: ${OUTPUT:0:400}"
}
run_test check-test-cases-fail t_cases_fail

# Root's -C reads the live record; --as decides for another user, with that user's groups.
t_check_as_root() {
    run_cmd "$NSCAP" -C "$POLICY" --as "$ALICE" "$CID" probe
    expect_rc 0 || return 1
    grep -qx "container: $CID runtime runc" "$OUT" &&
        grep -qx "matched: $POLICY:$RULE_LINE permit (decides: the last match wins)" "$OUT" ||
        fail "not the live record: ${OUTPUT:0:400}" || return 1
    run_cmd "$NSCAP" -C "$POLICY" --as "$BOB" "$CID" probe
    expect_rc 126 && grep -qx 'matched: none (no rule matches: the answer is no)' "$OUT" ||
        fail "bob: ${OUTPUT:0:300}"
}
run_test check-as-user-live-as-root t_check_as_root

# A user's -C reads no runtime state: the spelling at face value, and it says so; any user may
# ask about another; pid:N cannot be known without the record.
t_check_as_user() {
    nscap_as "$BOB" -- -C "$POLICY" --as "$ALICE" "$CID" probe
    expect_rc 0 || return 1
    grep -qx "target: container $CID (its ID or name)" "$OUT" && grep -q '^identity: as spelled' "$OUT" ||
        fail "not the spelling: ${OUTPUT:0:400}" || return 1
    nscap_as "$BOB" -- -C "$POLICY" shop/web probe
    expect_rc 126 && grep -qx 'target: pod shop/web' "$OUT" || fail "pod: ${OUTPUT:0:300}" || return 1
    nscap_as "$BOB" -- -C "$POLICY" --as "$ALICE" "pid:$CPID" probe
    expect_rc 125 && expect_msg "^nscap: TARGET pid:$CPID: a process's container is known only from the runtime state"
}
run_test check-as-user-spelled t_check_as_user

t_check_usage() {
    nscap_as "$ALICE" -- --strict "$CID" probe
    expect_rc 125 && expect_msg '^nscap: --strict, --test and --as go with -C$' || return 1
    nscap_as "$ALICE" -- -C "$POLICY" --test x "$CID" probe
    expect_rc 125 && expect_msg '^nscap: --test takes no TARGET' || return 1
    nscap_as "$ALICE" -- -C "$POLICY" --as "$BOB"
    expect_rc 125 && expect_msg '^nscap: --as needs TARGET TOOL to decide$'
}
run_test check-usage-errors t_check_usage

# -n shows every rule that matched, in order; the last decides. A denial names its rule.
t_dryrun_matched() {
    local deny permit rc=0
    write_policy "deny user:$ALICE on container:* run probe" \
        "permit group:$ONCALL on container:* run tcpdump,probe max-time 30s" || return 1
    deny=$(policy_line_of "deny user:$ALICE") permit=$(policy_line_of "permit group:$ONCALL")
    nscap_as "$ALICE" -- -n "$CID" probe
    expect_rc 0 && grep -A1 -x "matched: $POLICY:$deny deny" "$OUT" |
        grep -qx "matched: $POLICY:$permit permit (decides: the last match wins)" ||
        fail "matched lines: ${OUTPUT:0:400}" || rc=1
    write_policy "permit group:$ONCALL on container:* run tcpdump,probe max-time 30s" \
        "deny user:$ALICE on container:$CID"
    deny=$(policy_line_of "deny user:$ALICE")
    ((rc == 0)) && { nscap_as "$ALICE" -- "$CID" probe
        expect_rc 126 && expect_msg "^nscap: denied: denied by $POLICY:$deny$" || rc=1; }
    write_policy
    return "$rc"
}
run_test dryrun-shows-every-matching-rule t_dryrun_matched
