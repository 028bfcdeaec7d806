# SPDX-License-Identifier: ISC
# shellcheck shell=bash disable=SC2016
# 2. faults: the policy is a directory, missing or truncated.

t_policy_fault() { # KIND
    new_marker
    case $1 in
    directory) mv "$POLICY" "$POLICY.real" && install -d -m 0755 "$POLICY" ;;
    missing) mv "$POLICY" "$POLICY.real" ;;
    truncated) cp -p "$POLICY" "$POLICY.real" &&
        head -n "$(grep -n -m1 '^tool probe {' "$POLICY.real" | cut -d: -f1)" "$POLICY.real" >"$POLICY" ;;
    esac || { fail "setup: $1"; return 1; }
    nscap_as "$ALICE" -- "$CID" probe marker "$MARKER"
    rm -rf "$POLICY" && mv "$POLICY.real" "$POLICY"
    case $1 in
    directory) expect_failed "policy $POLICY: not a regular file" || return 1 ;;
    missing) expect_failed "policy $POLICY: No such file" || return 1 ;;
    truncated)
        # parse errors as file:line:col, all of them, then one "nscap: " line; nothing ran
        expect_rc 125 || return 1
        expect_no_file "$MARKER" || return 1
        grep -q -E "^$POLICY:[0-9]+:[0-9]+: " "$ERR" || fail "no file:line:col message" || return 1
        [[ $(grep -c -v -E "^$POLICY:[0-9]+:[0-9]+: " "$ERR") == 1 ]] &&
            tail -n 1 "$ERR" | grep -q '^nscap: .*refusing to run' ||
            fail "stderr: $(head -c 300 "$ERR" | tr '\n' '|')" || return 1
        ;;
    esac
    expect_error_record "policy|$POLICY"
}
run_test fault-policy-is-directory t_policy_fault directory
run_test fault-policy-missing t_policy_fault missing
run_test fault-policy-truncated t_policy_fault truncated
