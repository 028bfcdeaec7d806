# SPDX-License-Identifier: ISC
# shellcheck shell=bash disable=SC2016
# 2. faults: runtime state garbage, truncated, a FIFO, a directory, oversized.

t_state_fault() { # KIND
    local id=$CID dir
    new_marker
    case $1 in
    garbage | fifo | oversize | directory)
        id=${LIM_FAKE_PREFIX}$1
        dir=$RUNC_ROOT/$id
        install -d -o root -g root -m 0711 "$dir" || { fail "setup"; return 1; }
        ;;
    esac
    case $1 in
    garbage) head -c 3000 /dev/urandom >"$dir/state.json" ;;
    fifo) mkfifo -m 0600 "$dir/state.json" ;;
    directory) install -d -m 0700 "$dir/state.json" ;;
    oversize) { sed 's/}$//' "$RUNC_ROOT/$CID/state.json"; printf ',"pad":"'; head -c $((5 << 20)) /dev/zero | tr '\0' x; printf '"}'; } >"$dir/state.json" ;;
    truncated) STATE_BACKUP=$RUNC_ROOT/$CID/state.json.lim-backup
        cp -p "$RUNC_ROOT/$CID/state.json" "$STATE_BACKUP" &&
            head -c "$(($(stat -c %s "$STATE_BACKUP") / 2))" "$STATE_BACKUP" >"$RUNC_ROOT/$CID/state.json" ;;
    esac || { fail "setup: $1"; return 1; }
    [[ -n ${dir-} ]] && chmod 0600 "$dir/state.json" 2>/dev/null
    NSCAP_TIMEOUT=10 nscap_as "$ALICE" -- "$id" probe marker "$MARKER"
    if [[ $1 == truncated ]]; then
        cp -f "$STATE_BACKUP" "$RUNC_ROOT/$CID/state.json" && rm -f "$STATE_BACKUP" && STATE_BACKUP=
    else
        rm -rf "$dir"
    fi
    # A record that is there but cannot be read whole ends the run, naming it (fail closed);
    # one that is not a regular file is not trusted: kept out, and the reason shown.
    local want="runtime state .*$id/state.json: "
    case $1 in
    fifo | directory) want="no container matches '$id'; runtime state ignored: .*$id/state.json: not a regular file" ;;
    oversize) want+="larger than nscap reads" ;;
    esac
    expect_failed "$want" || return 1
    ((DUR_MS < 5000)) || fail "took ${DUR_MS} ms to refuse" || return 1
    expect_error_record "${want%%:*}"
}
run_test fault-state-garbage t_state_fault garbage
run_test fault-state-truncated t_state_fault truncated
run_test fault-state-fifo t_state_fault fifo
run_test fault-state-directory t_state_fault directory
run_test fault-state-oversize t_state_fault oversize
