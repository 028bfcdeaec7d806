# SPDX-License-Identifier: ISC
# shellcheck shell=bash disable=SC2016,SC2034
# 16. tenant strings never reach the caller's terminal raw (issue 17 §2): a container whose
# docker name, pod namespace, pod name, container name and finish time carry terminal escapes,
# CR, a forged "nscap: permitted" line, C1 controls, U+2028 and U+202E; every human output path
# that may show them (-l, -n, "did you mean", an ambiguity list, "not running") shows them
# escaped, one line per message; -l --json escapes them as JSON.

# A terminal title (OSC), a screen clear (CSI), CR, a forged second nscap line, CSI as U+009B and
# as the lone byte 0x9b, U+2028 and U+202E.
HOSTILE=$'\e]0;nscap-pwned\a\e[2J\r\nnscap: permitted\xc2\x9b\x9b\xe2\x80\xa8\xe2\x80\xae'
T_NAME=tntname$HOSTILE
T_NS=tntns$HOSTILE
T_POD=tntpod$HOSTILE
T_CTR=tntctr$HOSTILE
T_FINISHED=$'2024\e]0;t\a\r\nnscap: ok\x9b\xe2\x80\xae' # fits docker's FinishedAt field
T_DOCKER=$STATE/var/lib/docker
# Python's prelude: want(N) is argument N as the audit JSON and -l --json carry it (an invalid
# byte as the text \xNN).
AS_JSON='import json, os, sys
def want(n): return os.fsencode(sys.argv[n]).decode("utf-8", "backslashreplace")
'
T_ID=   # the tenant's running container (runc, with a docker record)
T_STOP= # a stopped docker container sharing T_ID's first 8 characters

# tenant_record ID NAME STATE [LABEL...]: dockerd's record of ID (docker-record.py), its
# hostconfig, and an image config without labels (so the pod labels are believed).
tenant_record() {
    local d=$T_DOCKER/containers/$1 img=$T_DOCKER/image/overlay2/imagedb/content/sha256 cfg id
    cfg='{"architecture":"amd64","config":{"Labels":null},"os":"linux","rootfs":{"type":"layers","diff_ids":[]}}'
    id=$(printf '%s' "$cfg" | sha256sum | cut -c1-64)
    install -d -o root -g root -m 0755 "$T_DOCKER" "$T_DOCKER/image" "$T_DOCKER/image/overlay2" \
        "$T_DOCKER/image/overlay2/imagedb" "$T_DOCKER/image/overlay2/imagedb/content" "$img" \
        "$T_DOCKER/containers" || return 1
    install -d -o root -g root -m 0710 "$d" || return 1
    printf '%s' "$cfg" >"$img/$id" && chmod 0600 "$img/$id" || return 1
    python3 "$HERE/docker-record.py" "$1" "$2" "$3" "sha256:$id" "${@:4}" >"$d/config.v2.json" &&
        chmod 0600 "$d/config.v2.json" || return 1
    printf '{"NetworkMode":"default"}' >"$d/hostconfig.json"
}
tenant_records_remove() { rm -rf "${T_DOCKER:?}/containers"; }

# The tenant's container, and the stopped one; control: the hostile strings are read (the
# check record holds them whole), so the cases below test escaping, not absence.
t_tenant_fixture() {
    local CID CPID CNETNS got
    container_start || fail "no container" || return 1
    T_ID=$CID
    T_STOP=${T_ID:0:8}$(head -c 32 /dev/urandom | sha256sum | cut -c1-56)
    tenant_record "$T_ID" "$T_NAME" "$CPID" "io.kubernetes.pod.namespace=$T_NS" \
        "io.kubernetes.pod.name=$T_POD" "io.kubernetes.container.name=$T_CTR" \
        io.kubernetes.docker.type=container || return 1
    tenant_record "$T_STOP" "$T_NAME" "exited:$T_FINISHED" || return 1
    nscap_as "$ALICE" -- -n "$T_ID" probe
    expect_rc 0 || return 1
    got=$(auditcheck field "$AUDIT" "$AUDIT_MARK" check target | python3 -c "$AS_JSON"'
t = json.loads(sys.stdin.readline())
print(t["name"] == want(1) and t["pod_name"] == want(2))' "$T_NAME" "$T_POD")
    expect_eq "$got" True "the hostile name and pod in the check record"
}

# expect_lines_like ERE: every line of stdout matches ERE (one line per item).
expect_lines_like() {
    local bad
    bad=$(grep -v -E -- "$1" "$OUT" | head -1)
    [[ -z $bad ]] || fail "a line of stdout is not /$1/: $(printf '%q' "${bad:0:120}")"
}

# -l: one row per target, each escaped.
t_list_text() {
    nscap_as "$ALICE" -- -l
    expect_rc 0 || return 1
    expect_term_safe || return 1
    grep -q -F "${T_ID:0:12}" "$OUT" || fail "the tenant's container is not listed" || return 1
    grep -q -F 'tntname\x1b]0;nscap-pwned\x07\x1b[2J\x0d\x0anscap: permitted\xc2\x9b\x9b' "$OUT" ||
        fail "the name is not shown escaped: $(grep -F "${T_ID:0:12}" "$OUT" | head -c 200)" || return 1
    expect_lines_like '^(ID +NAME|host|[0-9a-f]{12}) '
}
# -l --json: valid JSON; the strings escaped as JSON (the lone byte as the text \x9b).
t_list_json() {
    nscap_as "$ALICE" -- -l --json
    expect_rc 0 || return 1
    expect_term_safe || return 1
    local got
    got=$(python3 -c "$AS_JSON"'
rows = [r for r in json.load(open(sys.argv[1])) if r.get("id") == sys.argv[2]]
print(len(rows) == 1 and rows[0]["name"] == want(3) and rows[0]["namespace"] == want(4) and rows[0]["pod"] == want(5))' \
        "$OUT" "$T_ID" "$T_NAME" "$T_NS" "$T_POD" 2>&1)
    expect_eq "$got" True "the tenant's row in -l --json"
}
# -n on it (a permit): container, pod and records lines, each escaped.
t_dry_run() {
    nscap_as "$ALICE" -- -n "$T_ID" probe
    expect_rc 0 || return 1
    expect_term_safe || return 1
    grep -q '^pod: tntns\\x1b]0;nscap-pwned' "$OUT" || fail "no escaped pod line" || return 1
    expect_lines_like '^[a-z][a-z -]*: '
}
# expect_refused_safe RC ERE: refused, one safe "nscap: " line matching ERE.
expect_refused_safe() {
    expect_refused "$1" "$2" || return 1
    expect_nscap_error_line || return 1
    expect_term_safe
}
# "did you mean": the names and pods of containers alice may enter, escaped.
t_suggest() {
    local t
    for t in tntn tnt; do
        nscap_as "$ALICE" -- "$t" probe
        expect_refused_safe 125 "did you mean .*tntname\\\\x1b" || return 1
    done
}
# An ID prefix both containers share: the ambiguity list shows their names, escaped.
t_ambiguous() {
    nscap_as "$ALICE" -- "${T_ID:0:8}" probe
    expect_refused_safe 125 "is ambiguous: tntname\\\\x1b"
}
# A stopped container: its name and finish time, escaped.
t_not_running() {
    nscap_as "$ALICE" -- "$T_STOP" probe
    expect_refused_safe 125 'is not running: exited 137 at 2024\\x1b]0;t\\x07\\x0d\\x0anscap: ok'
}
# A record holding a raw control byte is not JSON: every lookup that reads it fails closed, and
# the message names the file without repeating what is in it.
t_raw_record() {
    local id d
    id=$(head -c 32 /dev/urandom | sha256sum | cut -c1-64)
    d=$T_DOCKER/containers/$id
    install -d -o root -g root -m 0710 "$d" || return 1
    printf '{"ID":"%s","Name":"/raw\e]0;pwned\a\nnscap: permitted","State":{"Running":false}}' \
        "$id" >"$d/config.v2.json"
    chmod 0600 "$d/config.v2.json"
    nscap_as "$ALICE" -- -l
    rm -rf "$d"
    expect_failed "runtime state $d/config.v2.json: " || return 1
    expect_term_safe || return 1
    ! grep -q pwned "$ERR" || fail "the record's content is in the message: $ERRTEXT"
}

run_test tenant-strings-fixture-believed t_tenant_fixture
if [[ -n $T_ID ]]; then
    run_test tenant-strings-list-text-escaped t_list_text
    run_test tenant-strings-list-json-escaped t_list_json
    run_test tenant-strings-dry-run-escaped t_dry_run
    run_test tenant-strings-did-you-mean-escaped t_suggest
    run_test tenant-strings-ambiguity-list-escaped t_ambiguous
    run_test tenant-strings-not-running-escaped t_not_running
    run_test tenant-strings-raw-control-fails-closed t_raw_record
fi
tenant_records_remove
