# SPDX-License-Identifier: ISC
# shellcheck shell=bash disable=SC2015,SC2034
# Negative: fail closed. A trusted record that cannot be read, parsed or held whole ends every
# lookup that reads it: exit 125, one line "nscap: runtime state FILE: REASON", an error audit
# record; never a permit, never "not found". Each case makes its malformed record and removes it.
# Every one names D1's live process and starts with D1's prefix abcd2222: a reader that skipped
# it would resolve the prefix to D1 (a permit).

BAD=abcd2222

# good_head ID: a valid runc state.json for ID naming D1's process, without its closing brace.
good_head() {
    printf '{"id":"%s","init_process_pid":%s,"init_process_start":%s,' "$1" "$D1_PID" \
        "$(proc_start "$D1_PID")"
    printf '"created":"2024-05-01T10:00:00Z","config":{"labels":["bundle=/x"]}'
}
zeros() { head -c "$1" /dev/zero | tr '\0' "${2:-a}"; } # N [CHAR]: N times CHAR

# t_bad FILE REASON ID [TARGET...]: with FILE malformed, its full ID, the prefix, a pod (read
# after a scan of every record), -l and each TARGET fail closed; a full-ID lookup of another
# container reads only that container's records, and succeeds.
t_bad() {
    local file=$1 why=$2 id=$3
    shift 3
    rt_fails_closed "$file" "$why" "$id" "$BAD" crions/db-0 -l "$@" || return 1
    expect_resolves "$D1" "$D1_NS" "$D1" docker
}
# bad_check DIR FILE REASON ID [TARGET...]: t_bad, then DIR (the record) removed.
bad_check() {
    local d=$1 rc
    shift
    t_bad "$@"
    rc=$?
    rm -rf "$d"
    return $rc
}
# bad_runc NAME REASON [TARGET...]: stdin becomes run/runc/abcd2222-bad-NAME/state.json.
bad_runc() {
    local id=$BAD-bad-$1 why=$2 d=$RUNC_ROOT/$BAD-bad-$1
    shift 2
    install -d -o root -g root -m 0711 "$d" && cat >"$d/state.json" && chmod 0600 "$d/state.json" ||
        return 1
    bad_check "$d" "$d/state.json" "$why" "$id" "$@"
}

# control: the generator makes a record that is believed
t_malformed_control() {
    local id=malformed-control rc
    install -d -o root -g root -m 0700 "$RUNC_ROOT/$id" || return 1
    { good_head "$id"; printf '}'; } >"$RUNC_ROOT/$id/state.json" || return 1
    chmod 0644 "$RUNC_ROOT/$id/state.json"
    expect_resolves "$id" "$D1_NS" "$id" runc
    rc=$?
    rm -rf "${RUNC_ROOT:?}/$id"
    return $rc
}
run_test rt-malformed-control-record-believed t_malformed_control

t_nul() { bad_runc nul "NUL byte" < <(good_head "$BAD-bad-nul" | head -c 30; printf '\0'
    good_head "$BAD-bad-nul" | tail -c +31; printf '}'); }
run_test rt-failclosed-nul-byte t_nul
t_trunc() { bad_runc trunc truncated < <(good_head "$BAD-bad-trunc" | head -c 40); }
run_test rt-failclosed-truncated t_trunc
t_huge() { bad_runc huge "larger than nscap reads (4 MiB)" < <(good_head "$BAD-bad-huge"
    printf ',"pad":"'; zeros $((5 << 20)); printf '"}'); }
run_test rt-failclosed-over-4mib t_huge
t_deep() { bad_runc deep "nested too deeply" < <(good_head "$BAD-bad-deep"; printf ',"x":'; zeros 5000 '['
    zeros 5000 ']'; printf '}'); }
run_test rt-failclosed-nested-too-deep t_deep
t_array() { bad_runc array malformed < <(printf '['; good_head "$BAD-bad-array"; printf '}]'); }
run_test rt-failclosed-not-an-object t_array
t_trailing() { bad_runc trailing malformed < <(good_head "$BAD-bad-trailing"; printf '}}{'); }
run_test rt-failclosed-trailing-data t_trailing
t_dupid() { bad_runc dupid "a key given twice in one object" < <(
    printf '{"id":"%s",' "$BAD-bad-dupid"; good_head "$BAD-bad-dupid" | tail -c +2; printf '}'); }
run_test rt-failclosed-duplicate-key t_dupid
t_types() { bad_runc types "init_process_pid or init_process_start missing or invalid" < <(
    printf '{"id":"%s","init_process_pid":"%s","init_process_start":%s}' "$BAD-bad-types" \
        "$D1_PID" "$(proc_start "$D1_PID")"); }
run_test rt-failclosed-wrong-types t_types
t_empty() { bad_runc empty malformed </dev/null; }
run_test rt-failclosed-empty-file t_empty

# The other readers, each with a record it cannot hold.
t_crun() {
    local id=$BAD-bad-crun d=$RT_CRUN/$BAD-bad-crun
    install -d -o root -g root -m 0700 "$d" || return 1
    rt_file "$d/status" "{\"pid\":$D1_PID,\"process-start-time\":$(proc_start "$D1_PID"),\"bundle\":\"/x" ||
        return 1
    bad_check "$d" "$d/status" truncated "$id"
}
run_test rt-failclosed-crun-status t_crun
# containerd (CRI): a pod name longer than nscap holds (and Kubernetes allows)
t_annotation() {
    local id=$BAD-bad-annot d=$RT_SHIM/k8s.io/$BAD-bad-annot
    install -d -o root -g root -m 0700 "$d" || return 1
    rt_file "$d/config.json" "{\"ociVersion\":\"1.0.2-dev\",\"annotations\":{$(ctrd_ann container \
        "$(zeros 254 p)" prod app "")},\"linux\":{\"cgroupsPath\":\"/nscapt/$id\"}}" || return 1
    rt_file "$d/init.pid" "$D1_PID" || return 1
    bad_check "$d" "$d/config.json" "io.kubernetes.cri.sandbox-name too long" "$id"
}
run_test rt-failclosed-annotation-too-long t_annotation
# bad_userdata ROOT REASON CONFIG [PID]: a record abcd2222<hex> in the userdata below ROOT
# (CRI-O's run root, podman's graph root): config.json CONFIG (and pidfile PID).
bad_userdata() {
    local id d
    id=$(rt_id "$BAD")
    d=$1/$id
    install -d -o root -g root -m 0700 "$d" "$d/userdata" && rt_file "$d/userdata/config.json" "$3" ||
        return 1
    [[ -z ${4-} ]] || rt_file "$d/userdata/pidfile" "$4" || return 1
    bad_check "$d" "$d/userdata/config.json" "$2" "$id"
}
# CRI-O: a config.json of more than 65536 JSON tokens (about 140 KB)
t_tokens() {
    bad_userdata "$RT_STORAGE" "too many tokens" "{\"ociVersion\":\"1.0.2-dev\",\"annotations\":{$(
        crio_ann container tok prod tok "")},\"x\":[0$(zeros 70000 | sed 's/a/,0/g')]}" "$D1_PID"
}
run_test rt-failclosed-too-many-tokens t_tokens
# podman: the bundle in the graph root
t_podman() {
    bad_userdata "$RT_GRAPH" malformed "{\"ociVersion\":\"1.0.2-dev\",\"annotations\":{$(podman_ann)},,}"
}
run_test rt-failclosed-podman-config t_podman
# docker: a name longer than nscap holds (and docker allows)
t_docker_name() {
    local id d
    id=$(rt_id "$BAD")
    d=$RT_DOCKER_LIB/$id
    docker_side_files "$id" "$(zeros 254 n)" "$D1_PID" "" default "$DIMG" || return 1
    bad_check "$d" "$d/config.v2.json" "Name missing, malformed or longer than nscap holds" "$id"
}
run_test rt-failclosed-docker-name-too-long t_docker_name
# docker: over 4 MiB; finding a docker name reads every config.v2.json, so `web` fails too
t_docker_huge() {
    local id d
    id=$(rt_id "$BAD")
    d=$RT_DOCKER_LIB/$id
    docker_side_files "$id" webhuge "$D1_PID" "\"pad\":\"$(zeros $((5 << 20)) b)\"" default "$DIMG" ||
        return 1
    bad_check "$d" "$d/config.v2.json" "larger than nscap reads (4 MiB)" "$id" web
}
run_test rt-failclosed-docker-over-4mib t_docker_huge
# docker: the image's config, read to tell which labels the image brought
t_docker_image() {
    local id d img rc
    id=$(rt_id "$BAD")
    img=$(rt_id)
    d=$RT_DOCKER_LIB/$id
    { printf '{"config":{"Labels":{"a":"b'; printf '\0'; printf '"}}}'; } >"$RT_IMAGEDB/$img" &&
        chmod 0600 "$RT_IMAGEDB/$img" || return 1
    docker_side_files "$id" dimgbad "$D1_PID" "$(docker_labels container p ns c u)" default "$img" ||
        return 1
    bad_check "$d" "$RT_IMAGEDB/$img" "NUL byte" "$id"
    rc=$?
    rm -f "${RT_IMAGEDB:?}/$img"
    return $rc
}
run_test rt-failclosed-docker-image-config t_docker_image
# containers.json: read for every podman record and every name lookup (docker's names too)
t_storage_names() {
    local rc
    cp -p "$RT_NAMES" "$NT_SCRATCH/containers.json" || return 1
    rt_file "$RT_NAMES" "$(head -c 300 "$NT_SCRATCH/containers.json")" 0600 || return 1
    rt_fails_closed "$RT_NAMES" truncated "$P1" pweb web crions/db-0 -l &&
        expect_resolves "$D1" "$D1_NS" "$D1" docker
    rc=$?
    cp -p "$NT_SCRATCH/containers.json" "$RT_NAMES" || return 1
    return $rc
}
run_test rt-failclosed-storage-names t_storage_names

# A pid file that is not one PID: the message names the file as it is, below the state-root.
t_pidfile() {
    local id=$BAD-bad-pid d=$RT_SHIM/k8s.io/$BAD-bad-pid
    install -d -o root -g root -m 0700 "$d" || return 1
    rt_file "$d/config.json" "{\"ociVersion\":\"1.0.2-dev\",\"linux\":{\"cgroupsPath\":\"/nscapt/$id\"}}" &&
        rt_file "$d/init.pid" "${D1_PID}x" || return 1
    bad_check "$d" "$d/init.pid" "not one PID" "$id"
}
run_test rt-failclosed-containerd-pidfile t_pidfile
t_podman_pidfile() {
    local id d rc
    id=$(rt_id "$BAD")
    d=$RT_GRAPH/$id
    install -d -o root -g root -m 0700 "$d" "$d/userdata" "$RT_STORAGE/$id" \
        "$RT_STORAGE/$id/userdata" || return 1
    rt_file "$d/userdata/config.json" "{\"ociVersion\":\"1.0.2-dev\",\"annotations\":{$(podman_ann)}}" &&
        rt_file "$RT_STORAGE/$id/userdata/pidfile" "$D1_PID $D1_PID" || return 1
    bad_check "$d" "$RT_STORAGE/$id/userdata/pidfile" "not one PID" "$id"
    rc=$?
    rm -rf "${RT_STORAGE:?}/$id"
    return $rc
}
run_test rt-failclosed-podman-pidfile t_podman_pidfile

# A caller no rule names is denied before any record is read, malformed or not.
t_no_rule_first() {
    local d=$RUNC_ROOT/$BAD-bad-norule rc
    install -d -o root -g root -m 0700 "$d" && printf '{"id":' >"$d/state.json" || return 1
    audit_mark
    rt_probe "$BOB" "$BAD-bad-norule"
    expect_refused 126 "^nscap: denied: no rule of $POLICY applies to you$" &&
        expect_events deny && rt_fails_closed "$d/state.json" truncated "$BAD-bad-norule"
    rc=$?
    rm -rf "$d"
    return $rc
}
run_test rt-failclosed-user-without-rule-denied-first t_no_rule_first
