# SPDX-License-Identifier: ISC
# shellcheck shell=bash disable=SC2016
# 1. load: 200 concurrent invocations from four users; the audit trail stays whole.

# 200 concurrent invocations from 4 users, released at once through a lock: alice (oncall: 40
# probe runs, 10 of a tool no rule names), carol (oncall: 50 probe runs), bob and dave (no rule:
# 100 denials, dave's half for tcpdump). Each allowed run sleeps 0-99 ms so starts and ends of
# different sessions overlap. Exactly 200 start/deny records, one end per start (same session),
# every line one JSON object, nothing lost, every exit status as expected, all within 30 s.
t_load() {
    local d=$NT_SCRATCH/load gate=$NT_SCRATCH/load.gate i k u exp g t0 t1 bad=0 pids=() args
    local -A home run
    # how each user runs nscap, worked out once: the loop below must start the 200 runs quickly
    for u in "$ALICE" "$CAROL" "$BOB" "$DAVE"; do
        as_user "$u"
        home[$u]=$USER_HOME
        run[$u]=$(printf '%q ' timeout -k 2 25 "${SETPRIV[@]}" "$NSCAP" "$CID")
    done
    mkdir -p "$d" && : >"$gate" || { fail "setup: $d"; return 1; }
    exec {g}>"$gate"
    flock -x "$g"
    t0=$(date +%s%N)
    for ((i = 0; i < 200; i++)); do
        k=$((i / 4))
        case $((i % 4)) in
        0) u=$ALICE
            if ((k % 5 == 0)); then args=(probe-denied msleep 10); exp=126
            else args=(probe msleep $((k * 7 % 100))); exp=0; fi ;;
        1) u=$CAROL args=(probe msleep $((k * 13 % 100))) exp=0 ;;
        2) u=$BOB args=(probe msleep 10) exp=126 ;;
        3) u=$DAVE exp=126
            if ((k % 2)); then args=(probe msleep 10); else args=(tcpdump -i lo -c 1 -w d.pcap); fi ;;
        esac
        echo "$exp" >"$d/$i.exp"
        (
            exec {g}>&-
            flock -s "$gate" true
            cd "${home[$u]}" &&
                eval "${run[$u]}"' "${args[@]}"' </dev/null >"$d/$i.out" 2>"$d/$i.err"
            echo $? >"$d/$i.rc"
        ) &
        pids+=($!)
    done
    flock -u "$g"
    exec {g}>&-
    wait "${pids[@]}"
    t1=$(date +%s%N)
    log "load: 200 invocations in $(((t1 - t0) / 1000000)) ms"
    for ((i = 0; i < 200; i++)); do
        if [[ $(cat "$d/$i.rc" 2>/dev/null) != "$(cat "$d/$i.exp")" ]]; then
            ((bad++ < 3)) && log "load run $i: exit $(cat "$d/$i.rc" 2>/dev/null), expected $(cat "$d/$i.exp"): $(head -c 200 "$d/$i.err")"
        elif [[ $(cat "$d/$i.exp") == 0 ]] && ! grep -qx 'msleep ok' "$d/$i.out"; then
            ((bad++ < 3)) && log "load run $i: the probe did not report"
        fi
    done
    ((bad == 0)) || fail "$bad of 200 runs exited with an unexpected status" || return 1
    (((t1 - t0) / 1000000 <= 30000)) || fail "took $(((t1 - t0) / 1000000)) ms, expected <= 30 s" || return 1
    local st want k2 v
    st=$(auditcheck stats "$AUDIT" "$AUDIT_MARK")
    log "load audit: $(tr '\n' ' ' <<<"$st")"
    for want in "lines 290" "bad 0" "events.start 90" "events.deny 110" "events.end 90" \
        "start.$ALICE_UID 40" "start.$CAROL_UID 50" "deny.$ALICE_UID 10" "deny.$BOB_UID 50" \
        "deny.$DAVE_UID 50" "sessions_unique 1" "unpaired_start 0" "orphan_end 0" \
        "end_exit_nonzero 0" "tail_newline 1"; do
        k2=${want% *}
        v=$(awk -v k="$k2" '$1 == k { print $2 }' <<<"$st")
        [[ ${v:-0} == "${want#* }" ]] || fail "audit: $k2 is ${v:-0}, expected ${want#* }" || return 1
    done
    # nothing but start, deny and end
    v=$(grep '^events\.' <<<"$st" | grep -v -E '^events\.(start|deny|end) ' | tr '\n' ' ')
    [[ -z $v ]] || fail "unexpected records: $v"
}
run_test load-200-concurrent-4-users t_load
