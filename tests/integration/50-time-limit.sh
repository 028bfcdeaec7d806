# SPDX-License-Identifier: ISC
# shellcheck shell=bash
# max-time stops the tool.

t_max_time() {
    write_policy "permit group:$ONCALL on container:* run tcpdump,probe max-time 3s"
    NSCAP_TIMEOUT=30 nscap_as "$ALICE" -- "$CID" tcpdump -i lo -w /dev/null
    write_policy
    expect_rc 124 || return 1
    [[ $DUR_MS -ge 2800 && $DUR_MS -le 7000 ]] || fail "took ${DUR_MS}ms, expected 3-6 s" || return 1
    expect_audit '"event":"start"' '"tool":"tcpdump"' || return 1
    local end
    end=$(audit_find '"event":"end"' | head -1)
    [[ -n $end ]] || fail "no end record" || return 1
    # tcpdump exits 0 on the SIGTERM nscap sends: the record names the signal sent.
    grep -q '"timed_out":1,"stop_signal":"SIGTERM"' <<<"$end" ||
        fail "end record does not say it was stopped: $(grep -o -E '"(exit|signal|timed_out|stop_signal)":[^,}]*' <<<"$end" | tr '\n' ' ')" ||
        return 1
    expect_same_session start end || return 1
    audit_check || return 1
    local left
    left=$(ps -o pid=,comm= -u "$ALICE" 2>/dev/null | tr '\n' ' ')
    [[ -z $left ]] || fail "processes of $ALICE left running: $left"
}
run_test max-time-stops-tool t_max_time
