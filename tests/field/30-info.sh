# SPDX-License-Identifier: ISC
# shellcheck shell=bash
# What nscap tells the engineer (issue 14 item 6): -V, the start banner and -q, -n in human
# units, -n --json and -l --json as structured objects, -l filters.

t_version() {
    nscap_as "$ALICE" -- -V
    expect_rc 0 || return 1
    expect_eq "$(tr '\n' '|' <<<"$OUTPUT")" \
        "nscap $(cat "$REPO/VERSION")|policy: $POLICY|audit log: $AUDIT|tool group: $TOOL_GROUP|lookup indexes: $NT_CACHE|" "-V"
}
run_test field-version-paths t_version

# The banner: one line, first on stderr, naming tool, target, limits and the audit session.
t_banner() {
    local s
    nscap_as "$ALICE" -- "${CID:0:12}" tcpdump -i lo -nn -c 2 -w banner.pcap port 8080
    expect_rc 0 || return 1
    s=$(audit_field start session | tr -d '"')
    expect_eq "$(head -1 "$ERR")" \
        "nscap: running tcpdump in container ${CID:0:12} (runc); max-time 2m, max-bytes 100 MiB; session ${s:0:12}" \
        "first stderr line" || return 1
    expect_eq "$(grep -c '^nscap: ' "$ERR")" 1 "nscap lines on stderr"
}
run_test field-banner t_banner
t_banner_quiet() {
    nscap_as "$ALICE" -- -q "$CID" tcpdump -i lo -nn -c 2 -w quiet.pcap port 8080
    expect_rc 0 || return 1
    grep -q 'packets captured' "$ERR" || fail "tcpdump's own lines are missing" || return 1
    ! grep -q '^nscap: ' "$ERR" || fail "-q still printed: $(grep '^nscap: ' "$ERR")"
}
run_test field-banner-quiet t_banner_quiet

t_dry_human() {
    nscap_as "$ALICE" -- -n "$CID" tcpdump -i lo
    expect_rc 0 || return 1
    grep -qx 'max-time: 2m' <<<"$OUTPUT" && grep -qx 'max-bytes: 100 MiB' <<<"$OUTPUT" ||
        fail "limits not in human units: $(grep '^max-' <<<"$OUTPUT" | tr '\n' '|')"
}
run_test field-dry-run-human-units t_dry_human

t_dry_json() {
    nscap_as "$ALICE" -- -n --json "$CID" tcpdump -i lo -w x.pcap
    expect_rc 0 || return 1
    expect_json "j['decision'] == 'permit' and j['rule'] == '$POLICY:$RULE_LINE'" || return 1
    expect_json "j['target']['id'] == '$CID' and j['target']['runtime'] == 'runc' and \
j['target']['kind'] == 'container' and j['target']['namespace'] is None and \
j['target']['pid'] == $CPID and j['target']['netns'] == $CNETNS and j['target']['host'] is False" ||
        return 1
    expect_json "j['tool'] == {'name': 'tcpdump', 'path': '/usr/bin/tcpdump', 'capabilities': \
['net_raw'], 'max_time': 120, 'max_bytes': 104857600, 'reason_required': False, \
'bounds': None}" || return 1
    expect_json "j['argv'] == ['tcpdump', '-i', 'lo', '-w', 'x.pcap'] and j['truncated'] == 0 and \
j['effective_argv'] == j['argv']"
}
run_test field-dry-run-json t_dry_json
# A refusal shows the decision, why and rule only (as -n does): nothing of the target.
t_dry_json_deny() {
    nscap_as "$ALICE" -- -n --json "$CID" nstat
    expect_rc 126 || return 1
    expect_json "sorted(j) == ['decision', 'rule', 'truncated', 'why'] and j['decision'] == 'deny'"
}
run_test field-dry-run-json-deny t_dry_json_deny

t_list_json() {
    nscap_as "$ALICE" -- -l --json
    expect_rc 0 || return 1
    expect_json "len(j) == 2 and j[0]['kind'] == 'host' and j[0]['tools'] == [{'name': 'ss', \
'max_time': None, 'max_bytes': None, 'reason_required': True, 'bounds': None}]" || return 1
    expect_json "j[1]['id'] == '$CID' and j[1]['runtime'] == 'runc' and j[1]['pid'] == $CPID and \
j[1]['netns'] == $CNETNS and j[1]['namespace'] is None and j[1]['pod'] is None and \
j[1]['container'] is None and j[1]['tools'] == [{'name': n, 'max_time': m, 'max_bytes': b, \
'reason_required': False, 'bounds': None} for n, m, b in [('tcpdump', 120, 104857600), ('ip', 120, 104857600), \
('ss', 30, None)]]"
}
run_test field-list-json-shape t_list_json

# -l NAMESPACE[/POD]: this node's one container belongs to no pod, so a filter leaves nothing
# (tests/runtimes lists pods by filter); and a filter is checked like a pod pattern.
t_list_filter() {
    nscap_as "$ALICE" -- -l default
    expect_rc 0 || return 1
    expect_eq "$OUTPUT" "no target in default this user may enter" "-l default" || return 1
    nscap_as "$ALICE" -- -l --json 'default/*'
    expect_eq "$OUTPUT" "[]" "-l --json default/*" || return 1
    nscap_as "$ALICE" -- -l a/b/c/d
    expect_rc 125 || return 1
    expect_msg "bad -l filter 'a/b/c/d'"
}
run_test field-list-filter t_list_filter
