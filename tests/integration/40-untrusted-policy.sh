# SPDX-License-Identifier: ISC
# shellcheck shell=bash
# A policy an unprivileged user could have changed is never used.

t_policy_untrusted() { # DESCRIPTION-ignored; policy already broken by caller
    t_refused "$ALICE" 125 'error|deny' "$CID" probe
}
t_policy_group_writable() {
    chmod 0664 "$POLICY"
    t_policy_untrusted
    local r=$?
    chmod 0644 "$POLICY"
    return $r
}
t_policy_owned_by_alice() {
    chown "$ALICE" "$POLICY"
    t_policy_untrusted
    local r=$?
    chown root:root "$POLICY"
    chmod 0644 "$POLICY"
    return $r
}
t_policy_dir_group_writable() {
    chmod 0775 "$NT_ETC"
    t_policy_untrusted
    local r=$?
    chmod 0755 "$NT_ETC"
    return $r
}
t_policy_symlink() {
    mv "$POLICY" "$POLICY.real" && ln -s policy.real "$POLICY" || { fail "setup: cannot symlink"; return 1; }
    t_policy_untrusted
    local r=$?
    rm -f "$POLICY" && mv "$POLICY.real" "$POLICY"
    return $r
}

run_test policy-group-writable t_policy_group_writable
run_test policy-owned-by-user t_policy_owned_by_alice
run_test policy-dir-group-writable t_policy_dir_group_writable
run_test policy-symlink t_policy_symlink
# every case above must have restored the policy
if [[ ! -f $POLICY || -L $POLICY || $(stat -c '%U %a' "$POLICY") != "root 644" ]]; then
    log "policy not restored; rewriting"
    rm -f "$POLICY"
    write_policy
fi
