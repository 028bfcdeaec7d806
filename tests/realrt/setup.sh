# SPDX-License-Identifier: ISC
# shellcheck shell=bash disable=SC2015,SC2034
# The realrt suite's policy, setup (packages, the host's snapshot, daemons, images, containers)
# and the checks its sections share.
# shellcheck source=tests/realrt/lib-realrt.sh
. "$HERE/lib-realrt.sh"
# shellcheck source=tests/realrt/lib-facts.sh
. "$HERE/lib-facts.sh"

# oncall may run tcpdump and the probe in any container for 30 s
POLICY_TOOLS=(tcpdump probe)
POLICY_RULES=("permit group:$ONCALL on container:* run tcpdump,probe max-time 30s")

# Every container runs /loop (loopback TCP in its own netns, then sleep) but the host-network
# ones, which only sleep: their loopback is the host's.
rr_containers() {
    local img=localhost/$RR_IMG id
    rr_run docker d-web nscapt-web -- "$RR_IMG" /loop 8080 &&
        rr_run docker d-side nscapt-side --network container:nscapt-web -- "$RR_IMG" /loop 8081 &&
        rr_run docker d-host nscapt-hostnet --network host -- "$RR_IMG" sleep 100000 &&
        rr_run docker d-rst nscapt-restart -- "$RR_IMG" /loop 8080 &&
        rr_run docker d-stop nscapt-stop -- "$RR_IMG" /loop 8080 &&
        rr_run docker d-rm nscapt-rm -- "$RR_IMG" /loop 8080 &&
        rr_forged_container docker nscapt-dlabel &&
        rr_run docker d-lblrun nscapt-dlabelrun --label io.kubernetes.pod.namespace=dev \
            --label io.kubernetes.pod.name=web -- "$RR_IMG" /loop 8080 || return 1
    rr_run podman p-web nscapt-pweb -- "$img" /loop 8080 &&
        rr_run podman p-rst nscapt-prestart -- "$img" /loop 8080 &&
        rr_run podman p-stop nscapt-pstop -- "$img" /loop 8080 &&
        rr_run podman p-host nscapt-phost --network host -- "$img" sleep 100000 &&
        rr_podman pod create --name nscapt-ppod --infra-image "$img" --infra-command /pause >/dev/null &&
        rr_run podman p-m1 nscapt-pm1 --pod nscapt-ppod -- "$img" /loop 8080 &&
        rr_run podman p-m2 nscapt-pm2 --pod nscapt-ppod -- "$img" sleep 100000 &&
        id=$(rr_podman pod inspect -f '{{.InfraContainerID}}' nscapt-ppod) &&
        rr_record p-infra "$id" "$(rr_podman_pid "$id")" &&
        RR_POD_ID=$(rr_podman pod inspect -f '{{.Id}}' nscapt-ppod) &&
        rr_forged_container podman nscapt-plabel &&
        rr_forged_container podman-annot nscapt-pannot || return 1
    rr_ctr_run c1 default nscapt-c1 -- /loop 8080 &&
        rr_ctr_run c2 "$RR_NS2" nscapt-c2 -- /loop 8080 &&
        rr_ctr_run c-kill default nscapt-ckill -- /loop 8080 &&
        rr_ctr_run c-host default nscapt-chost --net-host -- sleep 100000 &&
        rr_forged_container containerd nscapt-clabel || return 1
    # one process started later in a running container, per runtime
    rr_docker exec -d nscapt-web sleep 100001 && rr_podman exec -d nscapt-pweb sleep 100002 >/dev/null &&
        rr_ctr -n default tasks exec -d --exec-id x1 --fifo-dir "$RR_ETC/fifo" nscapt-c1 \
            sleep 100003 || return 1
    D_EXEC=$(rr_find_proc "${RR_NET[d-web]}" "sleep 100001") &&
        P_EXEC=$(rr_find_proc "${RR_NET[p-web]}" "sleep 100002") &&
        C_EXEC=$(rr_find_proc "${RR_NET[c1]}" "sleep 100003")
}

# rr_quiet CMD...: CMD's stderr (the runtimes' warnings) as "# " diagnostics.
rr_quiet() { "$@" 2> >(sed 's/^/# /' >&2); }
# rr_timed NAME CMD...: run CMD, logging how long it took.
rr_timed() {
    local t=$SECONDS
    "${@:2}" || return 1
    log "$1: $((SECONDS - t))s"
}

rr_setup() {
    local k
    rr_timed "package check/install" rr_install || return 1
    install -d -o root -g root -m 0700 "$RR_RUN" && RR_OURS=1 && rh_snapshot "$RR_RUN/before" ||
        return 1
    setup_base || return 1
    rr_timed "daemons" rr_start_daemons && rr_timed images rr_images &&
        rr_timed containers rr_containers || return 1
    for k in d-web d-side d-lblrun p-web p-m1 c1 c2; do rr_traffic_ok "$k" || return 1; done
    rr_fixture running docker d-web d-side d-host d-rst d-stop forged-nscapt-dlabel
    rr_fixture running podman p-web p-rst p-stop p-host forged-nscapt-plabel forged-nscapt-pannot
    rr_fixture pod podman p-infra p-m1 p-m2
    rr_fixture running containerd c1 c2 c-kill c-host forged-nscapt-clabel
}

# ---------------------------------------------------------------- shared checks

t_resolves() { expect_resolves "$2" "${RR_NET[$1]}" "${RR_ID[$1]}" "$3"; } # KEY TARGET RUNTIME

t_capture_file() { # TARGET FILE-NAME: tcpdump -w FILE as alice, read back with tcpdump -r
    local f=$NT_HOME/alice/$2 n
    nscap_as "$ALICE" -- "$1" tcpdump -i lo -nn -c 6 -w "$2" port 8080
    expect_rc 0 || return 1
    n=$(pcap_count "$f" 8080) || fail "tcpdump -r cannot read $f or saw non-8080 packets" || return 1
    [[ $n -ge 6 ]] || fail "$n packets in $f, expected 6" || return 1
    expect_eq "$(stat -c %U "$f")" "$ALICE" "owner of $f"
}
t_capture_stdout() { # TARGET: tcpdump -w - as alice
    local n
    nscap_as "$ALICE" -- "$1" tcpdump -i lo -nn -c 6 -w - port 8080
    expect_rc 0 || return 1
    pcap_magic_ok "$OUT" || fail "stdout is not pcap (magic $(pcap_magic "$OUT"))" || return 1
    n=$(pcap_count "$OUT" 8080) || fail "tcpdump -r cannot read the streamed pcap" || return 1
    [[ $n -ge 6 ]] || fail "$n packets streamed, expected 6"
}

# rr_explain TARGET: `nscap -n TARGET probe` as root, who sees everything nscap resolved
# whatever the decision (root is in no rule: 126); sets what rt_probe sets.
rr_explain() {
    rt_probe root "$1"
    [[ $RC == 0 || $RC == 126 ]] ||
        fail "-n $1 as root: exit $RC (stderr: $(head -c 200 "$ERR"))" || return 1
    [[ -n $GOT_CID ]] || fail "-n $1 as root names no container: ${OUTPUT:0:300}"
}

# with_rules RULE... -- FUNCTION ARG...: FUNCTION under a policy of those rules only (the
# suite's tools), then the suite's own policy again, whatever FUNCTION returned.
with_rules() {
    local rules=() rc
    while [[ $1 != -- ]]; do rules+=("$1"); shift; done
    shift
    write_policy "${rules[@]}" || fail "cannot write the policy" || return 1
    "$@"
    rc=$?
    write_policy || fail "cannot restore the policy" || return 1
    return $rc
}
