# SPDX-License-Identifier: ISC
# shellcheck shell=bash
# Labels must not forge identity (issue 17, item 1). The image nscapt-labels:1 says
# `LABEL io.kubernetes.pod.namespace=dev io.kubernetes.pod.name=web io.container.manager=cri-o`
# (nscapt-annot:1: the same as podman image annotations). Whoever can build or pull an image
# writes those, so a container of it is in no pod and its runtime is the one whose files hold
# it: a pod:dev/* rule does not let alice in, a runtime: rule still matches. The same pod keys
# given by the container's creator (`docker run --label`, root here) are believed. containerd
# (ctr) copies no image label into any file it writes: its cases guard that this stays so.

FORGED_POD_RULE="permit group:$ONCALL on pod:dev/* run tcpdump"

# f_denied TARGET RUNTIME: alice's capture in TARGET is denied (126, nothing written), and the
# deny record names RUNTIME and no pod.
f_denied() {
    rm -f "$ALICE_HOME/forged.pcap"
    nscap_as "$ALICE" -- "$1" tcpdump -i lo -nn -c 2 -w forged.pcap port 8080
    expect_refused 126 '^nscap: denied' || return 1
    expect_no_file "$ALICE_HOME/forged.pcap" || return 1
    expect_audit '"event":"deny"' "\"runtime\":\"$2\"" '"pod_ns":null' '"pod_name":null'
}
# f_pod_rule TARGET RUNTIME: with a pod:dev/* rule only, alice is denied.
f_pod_rule() { with_rules "$FORGED_POD_RULE" -- f_denied "$@"; }
# f_runtime_rule TARGET RUNTIME: alice may capture anywhere but in RUNTIME's containers.
f_runtime_rule() {
    with_rules "permit group:$ONCALL on any run tcpdump" "deny group:$ONCALL on runtime:$2" \
        -- f_denied "$@"
}

# f_explain KEY RUNTIME [KEY...]: root's -n names the container with RUNTIME and no pod, and
# its line `identity not believed: ...` names each label KEY as "(set by the image)".
f_explain() {
    local k=$1 rt=$2 line l
    shift 2
    rr_explain "${RR_ID[$k]}" || return 1
    expect_eq "$GOT_CID $GOT_RT" "${RR_ID[$k]} $rt" "container and runtime" || return 1
    ! grep -q '^pod: ' <<<"$OUTPUT" || fail "a pod: $(grep '^pod: ' <<<"$OUTPUT")" || return 1
    (($#)) || return 0
    line=$(grep '^identity not believed: ' <<<"$OUTPUT") ||
        fail "no 'identity not believed:' line: $(tr '\n' '|' <<<"$OUTPUT")" || return 1
    for l; do
        [[ ", ${line#identity not believed: }," == *", $l (set by the image),"* ]] ||
            fail "$l is not said to be set by the image: $line" || return 1
    done
}

# f_list KEY RUNTIME: alice's -l --json lists the container with RUNTIME and no pod.
f_list() {
    local o
    rt_list_ids "$ALICE"
    o=$(rt_list_obj "${RR_ID[$1]}")
    [[ -n $o ]] || fail "${RR_ID[$1]:0:12} not listed" || return 1
    [[ $o == *"\"runtime\":\"$2\","* && $o == *'"pod":null,'* ]] ||
        fail "expected runtime $2 and no pod: $o"
}

# The creator's labels on an image without any: alice captures under the pod:dev/* rule, and
# the start record names the pod.
f_believed_capture() {
    local n
    nscap_as "$ALICE" -- nscapt-dlabelrun tcpdump -i lo -nn -c 2 -w believed.pcap port 8080
    expect_rc 0 || return 1
    n=$(pcap_count "$ALICE_HOME/believed.pcap" 8080) || fail "no port 8080 capture" || return 1
    ((n >= 2)) || fail "$n packets, expected 2" || return 1
    expect_audit '"event":"start"' '"runtime":"docker"' '"pod_ns":"dev"' '"pod_name":"web"'
}
f_believed() {
    rr_explain nscapt-dlabelrun || return 1
    grep -qx 'pod: dev/web' <<<"$OUTPUT" || fail "no 'pod: dev/web': $(tr '\n' '|' <<<"$OUTPUT")" ||
        return 1
    ! grep -q '^identity not believed' <<<"$OUTPUT" ||
        fail "$(grep '^identity not believed' <<<"$OUTPUT")" || return 1
    with_rules "$FORGED_POD_RULE" -- f_believed_capture
}

run_test realrt-forged-docker-pod-rule-by-id f_pod_rule "${RR_ID[forged-nscapt-dlabel]}" docker
run_test realrt-forged-docker-pod-rule-by-name f_pod_rule nscapt-dlabel docker
run_test realrt-forged-docker-runtime-rule f_runtime_rule nscapt-dlabel docker
run_test realrt-forged-docker-explain f_explain forged-nscapt-dlabel docker \
    io.kubernetes.pod.namespace io.kubernetes.pod.name
run_test realrt-forged-docker-list f_list forged-nscapt-dlabel docker
run_test realrt-forged-docker-run-label-believed f_believed
run_test realrt-forged-podman-annot-pod-rule f_pod_rule "${RR_ID[forged-nscapt-pannot]}" podman
run_test realrt-forged-podman-annot-runtime-rule f_runtime_rule "${RR_ID[forged-nscapt-pannot]}" \
    podman
run_test realrt-forged-podman-annot-explain f_explain forged-nscapt-pannot podman
run_test realrt-forged-podman-annot-list f_list forged-nscapt-pannot podman
run_test realrt-forged-containerd-pod-rule f_pod_rule nscapt-clabel containerd
run_test realrt-forged-containerd-explain f_explain forged-nscapt-clabel containerd
run_test realrt-forged-containerd-list f_list forged-nscapt-clabel containerd
