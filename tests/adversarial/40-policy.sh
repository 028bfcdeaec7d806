# SPDX-License-Identifier: ISC
# shellcheck shell=bash disable=SC2016
# 4. policy tampering: a policy the caller could have changed is never used.

# t_policy_refused PATTERN [NO_RECORD]: the refusal the tampered policy must produce.
t_policy_refused() {
    new_marker
    nscap_as "$ALICE" -- "$CID" probe marker "$MARKER"
    expect_refused 125 "$1" || return 1
    if [[ -n ${2-} ]]; then
        expect_events ""
    else
        expect_events "error"
    fi
}
with_policy() { # SETUP-CMD PATTERN [NO_RECORD]
    eval "$1" || { fail "setup failed: $1"; restore_policy; return 1; }
    t_policy_refused "$2" "${3-}"
    local r=$?
    restore_policy
    return $r
}
# Group- or other-writable, or owned by the caller: never trusted.
t_pol_gw() { with_policy 'chmod 0664 "$POLICY"' 'writable by group or other'; }
t_pol_ow() { with_policy 'chmod 0646 "$POLICY"' 'writable by group or other'; }
t_pol_owner() { with_policy 'chown "$ALICE" "$POLICY"' 'not owned by root'; }
# A symlink (even to a root-owned file) is not followed.
t_pol_symlink() { with_policy 'mv "$POLICY" "$POLICY.real" && ln -s policy.real "$POLICY"' 'symbolic link'; }
# A symlink to a policy the caller wrote.
t_pol_symlink_user() {
    with_policy 'cp "$POLICY" "$ALICE_POLICY" && chown "$ALICE" "$ALICE_POLICY" && rm -f "$POLICY" && ln -s "$ALICE_POLICY" "$POLICY"' 'symbolic link'
}
# A second hard link (a copy that could be kept after the admin replaces the policy).
t_pol_hardlink() { with_policy 'ln "$POLICY" "$POLICY.link"' 'more than one hard link'; }
# The caller cannot even make the hard link (protected_hardlinks); if they could, refused.
t_pol_hardlink_user() {
    run_as "$ALICE" ln "$POLICY" "$ALICE_HOME/policy.link" 2>/dev/null
    if [[ -e $ALICE_HOME/policy.link ]]; then
        log "the caller could hard-link the policy"
        t_policy_refused 'more than one hard link'
        local r=$?
        rm -f "$ALICE_HOME/policy.link"
        return $r
    fi
    return 0
}
# A writable ancestor: the policy's directory 0777, or owned by the caller.
t_pol_dir_777() { with_policy 'chmod 0777 "$NT_ETC"' 'writable by group or other'; }
t_pol_dir_owner() { with_policy 'chown "$ALICE" "$NT_ETC"' 'not owned by root'; }
# A caller-owned ancestor above the audit log too: refused before any record can be written.
t_pol_root_owner() { with_policy 'chown "$ALICE" "$NT_ROOT"' 'not owned by root' no-record; }
# A FIFO in place of the policy does not block nscap: refused at once.
t_pol_fifo() { NSCAP_TIMEOUT=10 with_policy 'rm -f "$POLICY" && mkfifo -m 0644 "$POLICY"' 'not a regular file'; }
# Truncated in the middle of a tool block, binary garbage, empty, over 1 MiB: fail closed.
t_pol_truncated() { with_policy 'head -c 180 "$POLICY" >"$POLICY.t" && mv "$POLICY.t" "$POLICY" && chmod 0644 "$POLICY"' 'refusing to run'; }
t_pol_garbage() { with_policy 'head -c 4096 /dev/urandom >"$POLICY.t" && mv "$POLICY.t" "$POLICY" && chmod 0644 "$POLICY"' 'refusing to run'; }
t_pol_empty() { with_policy ': >"$POLICY"' 'refusing to run'; }
t_pol_big() { with_policy '{ cat "$POLICY"; yes "# padding padding padding padding padding" | head -c 1100000; } >"$POLICY.t" && mv "$POLICY.t" "$POLICY" && chmod 0644 "$POLICY"' 'policy'; }
# A '#' inside an unquoted word is an error, not a comment: the deny that names the target with
# one in it must not shrink to a deny of some other name while the permit after it lets the
# caller in.
t_pol_hash_in_word() {
    write_policy "deny group:$ONCALL on container:${CID:0:8}#${CID:8} run any" \
        "permit group:$ONCALL on container:* run probe"
    local r=0
    t_policy_refused 'refusing to run' || r=1
    ((r)) || grep -q "'#' inside a word" "$ERR" || { fail "no '#' error: $ERRTEXT"; r=1; }
    restore_policy
    return $r
}

# Policy swapped during runs (root loop exchanging it with an untrusted one that permits
# probe-denied): every run is a clean allow under the good policy or a clean refusal.
t_pol_swap() {
    local alt=$NT_ETC/policy.alt good=$NT_SCRATCH/policy.good i swp out="" nrun=0 nref=0 bad=
    cp "$POLICY" "$good"
    write_policy "permit group:$ONCALL on container:* run tcpdump,probe,probe-denied max-time 30s"
    mv "$POLICY" "$alt" && chown "$ALICE" "$alt"
    cp "$good" "$POLICY" && chmod 0644 "$POLICY"
    bg_spawn "$ATTACKER" swap "$POLICY" "$alt" 60000 >"$NT_SCRATCH/swap.out" 2>&1
    swp=$BG_LAST
    for i in $(seq 1 40); do
        new_marker
        if ((i % 2)); then
            nscap_as "$ALICE" -- "$CID" probe-denied marker "$MARKER"
            case $RC in
            126) nref=$((nref + 1)) ;;  # good policy: probe-denied in no rule
            125) grep -q 'not owned by root' "$ERR" && nrun=$((nrun + 1)) || bad="run $i: 125 $(head -c 200 "$ERR")" ;;
            *) bad="run $i: probe-denied exit $RC" ;;
            esac
        else
            nscap_as "$ALICE" -- "$CID" probe marker "$MARKER"
            case $RC in
            0) [[ -f $MARKER ]] || bad="run $i: exit 0 without marker" ;;
            125) grep -q 'not owned by root' "$ERR" || bad="run $i: 125 $(head -c 200 "$ERR")" ;;
            *) bad="run $i: probe exit $RC" ;;
            esac
            out+="$RC "
        fi
        [[ $RC != 0 && -e $MARKER ]] && bad="run $i: marker created with exit $RC"
        [[ -n $bad ]] && break
    done
    bg_stop "$swp"
    log "swap: probe exits: $out; probe-denied: $nref denied, $nrun refused; $(tr '\n' ' ' <"$NT_SCRATCH/swap.out")"
    rm -f "$alt" "$POLICY"
    cp "$good" "$POLICY" && chmod 0644 "$POLICY"
    [[ -z $bad ]] || fail "$bad" || return 1
    expect_no_audit '"event":"start"' '"tool":"probe-denied"' || return 1
    [[ $out == *"0 "* && $out == *"125 "* ]] || fail "the swap never raced (probe exits: $out)" || return 1
    audit_check
}

run_test policy-group-writable t_pol_gw
run_test policy-other-writable t_pol_ow
run_test policy-owned-by-caller t_pol_owner
run_test policy-symlink t_pol_symlink
run_test policy-symlink-to-caller-file t_pol_symlink_user
run_test policy-hardlink t_pol_hardlink
run_test policy-hardlink-by-caller t_pol_hardlink_user
run_test policy-dir-0777 t_pol_dir_777
run_test policy-dir-owned-by-caller t_pol_dir_owner
run_test policy-ancestor-owned-by-caller t_pol_root_owner
run_test policy-fifo t_pol_fifo
run_test policy-truncated t_pol_truncated
run_test policy-binary-garbage t_pol_garbage
run_test policy-empty t_pol_empty
run_test policy-over-1mib t_pol_big
run_test policy-swap-race t_pol_swap
run_test policy-hash-inside-a-word t_pol_hash_in_word
restore_policy
