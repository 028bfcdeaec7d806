#!/bin/bash
# SPDX-License-Identifier: ISC
# shellcheck disable=SC2015,SC2034
# nscap realrt suite: the real docker (dockerd + containerd + runc), podman and containerd (ctr)
# from Debian 12, daemons started here with their roots below the test state-root (see
# lib-realrt.sh), a busybox-static image imported without a registry, real containers and a pod
# with loopback traffic; every target form, captures, -l, host network, --network container:,
# restart, stop, removal, checked as a real unprivileged user against the installed setuid
# binary; and the runtimes' own files checked against tests/fixtures/runtimes/README.md. Run as
# root:  tests/realrt/run.sh [path/to/nscap]   (default $NSCAP_TEST_BIN, else out/test/nscap)
# RR_FIXTURES=DIR also copies the runtimes' state files, phase by phase, into DIR.
# Installs docker.io, podman, containerd if missing (never crun); leaves the host as it found it.
set -u
umask 022
RR_T0=$SECONDS

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
BIN=${1:-${NSCAP_TEST_BIN:-$REPO/out/test/nscap}}
[[ $BIN == /* ]] || BIN=$PWD/$BIN
# shellcheck source=tests/realrt/lib-realrt.sh
. "$HERE/lib-realrt.sh"
# shellcheck source=tests/realrt/lib-facts.sh
. "$HERE/lib-facts.sh"
IT_SUITE=realrt
it_log "waited $((SECONDS - RR_T0))s for /run/lock/nscap-test.lock"
RR_T0=$SECONDS

if [[ $(id -u) != 0 ]]; then
    echo "FAIL realrt-setup: must run as root"
    exit 1
fi

rr_leftovers
it_cleanup_leftovers
trap 'rr_cleanup' EXIT
trap 'exit 130' INT TERM

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
        rr_forged_container docker nscapt-dlabel || return 1
    rr_run podman p-web nscapt-pweb -- "$img" /loop 8080 &&
        rr_run podman p-rst nscapt-prestart -- "$img" /loop 8080 &&
        rr_run podman p-stop nscapt-pstop -- "$img" /loop 8080 &&
        rr_run podman p-host nscapt-phost --network host -- "$img" sleep 100000 &&
        rr_podman pod create --name nscapt-ppod --infra-image "$img" --infra-command /pause >/dev/null &&
        rr_run podman p-m1 nscapt-pm1 --pod nscapt-ppod -- "$img" /loop 8080 &&
        rr_run podman p-m2 nscapt-pm2 --pod nscapt-ppod -- "$img" sleep 100000 &&
        id=$(rr_podman pod inspect -f '{{.InfraContainerID}}' nscapt-ppod) &&
        rr_record p-infra "$id" "$(rr_podman_pid "$id")" &&
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
    it_log "$1: $((SECONDS - t))s"
}
setup() {
    local k
    rr_timed "package check/install" rr_install || return 1
    install -d -o root -g root -m 0700 "$RR_RUN" && rh_snapshot "$RR_RUN/before" || return 1
    it_setup "$BIN" || return 1
    rr_timed "daemons" rr_start_daemons && rr_timed images rr_images &&
        rr_timed containers rr_containers || return 1
    for k in d-web d-side p-web p-m1 c1 c2; do rr_traffic_ok "$k" || return 1; done
}
it_run_setup realrt setup
RR_T_SETUP=$((SECONDS - RR_T0))
rr_fixture running docker d-web d-side d-host d-rst d-stop forged-nscapt-dlabel
rr_fixture running podman p-web p-rst p-stop p-host forged-nscapt-plabel forged-nscapt-pannot
rr_fixture pod podman p-infra p-m1 p-m2
rr_fixture running containerd c1 c2 c-kill c-host forged-nscapt-clabel

# ---------------------------------------------------------------- target forms

t_resolves() { expect_resolves "$2" "${RR_NET[$1]}" "${RR_ID[$1]}" "$3"; } # KEY TARGET RUNTIME
# A 4-character prefix resolves when no other container of the run shares it; else it is
# ambiguous (the IDs are random: about 1 run in 700).
t_prefix4() {
    local p=${RR_ID[$1]:0:4} k
    for k in "${!RR_ID[@]}"; do
        [[ $k != "$1" && ${RR_ID[$k]} == "$p"* ]] || continue
        it_log "prefix $p is shared with $k: expecting ambiguity"
        expect_refused "$p" 125 "ambiguous"
        return
    done
    t_resolves "$1" "$p" "$2"
}
t_pid() { # KEY PID RUNTIME: pid: takes the container's identity
    rt_probe "$ALICE" "pid:$2"
    expect_rc 0 && expect_eq "$GOT_NETNS" "${RR_NET[$1]}" "netns of pid:$2" &&
        expect_eq "$GOT_CID" "${RR_ID[$1]}" "container of pid:$2" &&
        expect_eq "$GOT_RT" "$3" "runtime of pid:$2"
}
for rt in docker podman; do
    k=${rt:0:1}-web
    run_test "realrt-$rt-full-id" t_resolves "$k" "${RR_ID[$k]}" "$rt"
    run_test "realrt-$rt-prefix-12" t_resolves "$k" "${RR_ID[$k]:0:12}" "$rt"
    run_test "realrt-$rt-prefix-4" t_prefix4 "$k" "$rt"
done
run_test realrt-docker-name t_resolves d-web nscapt-web docker
run_test realrt-podman-name t_resolves p-web nscapt-pweb podman
run_test realrt-containerd-id-default t_resolves c1 nscapt-c1 containerd
run_test "realrt-containerd-id-$RR_NS2" t_resolves c2 nscapt-c2 containerd
run_test realrt-docker-pid-init t_pid d-web "${RR_PID[d-web]}" docker
run_test realrt-docker-pid-exec t_pid d-web "$D_EXEC" docker
run_test realrt-podman-pid-init t_pid p-web "${RR_PID[p-web]}" podman
run_test realrt-podman-pid-exec t_pid p-web "$P_EXEC" podman
run_test realrt-containerd-pid-init t_pid c1 "${RR_PID[c1]}" containerd
run_test realrt-containerd-pid-exec t_pid c1 "$C_EXEC" containerd

# podman pods: members and infra by ID and by podman name; the pod by its name (its netns)
run_test realrt-podman-pod-member-id t_resolves p-m2 "${RR_ID[p-m2]}" podman
run_test realrt-podman-pod-infra-id t_resolves p-infra "${RR_ID[p-infra]}" podman
run_test realrt-podman-pod-member-name t_resolves p-m1 nscapt-pm1 podman
run_test realrt-podman-pod-member-shares-netns expect_eq "${RR_NET[p-m2]}" "${RR_NET[p-infra]}" \
    "netns of nscapt-pm2 (runtime fact)"
t_pod_name() { expect_resolves nscapt-ppod "${RR_NET[p-infra]}" "" podman; }
run_test realrt-podman-pod-name t_pod_name

# ---------------------------------------------------------------- captures

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
run_test realrt-capture-docker-file t_capture_file nscapt-web docker.pcap
run_test realrt-capture-docker-stdout t_capture_stdout nscapt-web
run_test realrt-capture-podman-file t_capture_file "${RR_ID[p-web]}" podman.pcap
run_test realrt-capture-podman-pod-member t_capture_stdout "${RR_ID[p-m2]}"
run_test realrt-capture-containerd-file t_capture_file nscapt-c1 containerd.pcap
run_test "realrt-capture-containerd-$RR_NS2-stdout" t_capture_stdout nscapt-c2

# ---------------------------------------------------------------- network modes

run_test realrt-docker-network-container t_resolves d-side nscapt-side docker
run_test realrt-docker-network-container-shares-netns expect_eq "${RR_NET[d-side]}" \
    "${RR_NET[d-web]}" "netns of nscapt-side (runtime fact)"
# the other container's traffic (port 8080 of nscapt-web) is seen through nscapt-side
run_test realrt-docker-network-container-capture t_capture_stdout nscapt-side
# host network: denied by container rules (a real run: -n prints the decision on stdout)
t_hostnet_denied() { # TARGET
    nscap_as "$ALICE" -- "$1" probe
    expect_rc 126 && expect_nscap_error_line && expect_eq "$OUTPUT" "" "probe output"
}
t_hostnet_host_rule() { # TARGET: allowed by a host rule, as the host
    local rc
    write_policy "permit group:$ONCALL on container:* run tcpdump,probe max-time 30s" \
        "permit group:$ONCALL on host run probe"
    expect_resolves "$1" "$HOST_NETNS" && expect_eq "$GOT_KIND" host "kind"
    rc=$?
    write_policy
    return $rc
}
run_test realrt-docker-hostnet-denied t_hostnet_denied nscapt-hostnet
run_test realrt-docker-hostnet-host-rule t_hostnet_host_rule nscapt-hostnet
run_test realrt-podman-hostnet-denied t_hostnet_denied "${RR_ID[p-host]}"
run_test realrt-podman-hostnet-host-rule t_hostnet_host_rule "${RR_ID[p-host]}"
run_test realrt-containerd-hostnet-denied t_hostnet_denied nscapt-chost
run_test realrt-containerd-hostnet-host-rule t_hostnet_host_rule nscapt-chost

# ---------------------------------------------------------------- -l

t_list_json_valid() {
    local k
    nscap_as "$ALICE" -- -l --json
    expect_rc 0 || return 1
    python3 -m json.tool "$OUT" >/dev/null 2>"$NT_SCRATCH/json.err" ||
        fail "-l --json is not JSON: $(head -c 200 "$NT_SCRATCH/json.err")" || return 1
    # for the label/annotation security tests: what today's index makes of the images' claims
    LIST_JSON=$OUTPUT
    for k in forged-nscapt-dlabel forged-nscapt-plabel forged-nscapt-pannot forged-nscapt-clabel; do
        it_log "$k: $(rt_list_obj "${RR_ID[$k]}" | head -c 300)"
    done
}
t_list_json() { # KEY RUNTIME NAME: the object -l --json prints for the container
    local o id=${RR_ID[$1]}
    rt_list_ids "$ALICE" >/dev/null
    o=$(rt_list_obj "$id")
    [[ -n $o ]] || fail "${id:0:12} not listed" || return 1
    [[ $o == *"\"runtime\":\"$2\""* ]] || fail "runtime not $2: $o" || return 1
    [[ $o == *"\"name\":${3:+\"}${3:-null}${3:+\"},"* ]] || fail "name not ${3:-null}: $o" || return 1
    [[ $o == *"\"pid\":${RR_PID[$1]},"* && $o == *"\"netns\":${RR_NET[$1]},"* ]] ||
        fail "pid/netns not ${RR_PID[$1]}/${RR_NET[$1]}: $o"
}
t_list_text() { # KEY RUNTIME NAME: the -l line (ID NAME POD RUNTIME PID NETNS TOOLS)
    local l
    nscap_as "$ALICE" -- -l
    expect_rc 0 || return 1
    l=$(awk -v id="${RR_ID[$1]:0:12}" '$1 == id {print $2, $4, $5, $6}' <<<"$OUTPUT")
    expect_eq "$l" "$3 $2 ${RR_PID[$1]} ${RR_NET[$1]}" "-l line of ${RR_ID[$1]:0:12} (name runtime pid netns)"
}
run_test realrt-list-json-valid t_list_json_valid
run_test realrt-list-json-docker t_list_json d-web docker nscapt-web
run_test realrt-list-json-docker-network-container t_list_json d-side docker nscapt-side
run_test realrt-list-json-podman t_list_json p-web podman nscapt-pweb
run_test realrt-list-json-podman-pod-member t_list_json p-m1 podman nscapt-pm1
run_test realrt-list-json-containerd t_list_json c1 containerd ""
run_test realrt-list-text-docker t_list_text d-web docker nscapt-web
run_test realrt-list-text-podman t_list_text p-web podman nscapt-pweb

# ---------------------------------------------------------------- the runtimes' files

run_test realrt-fact-docker-running f_docker_running
run_test realrt-fact-docker-network-modes f_docker_netmodes
run_test realrt-fact-docker-image-labels f_docker_labels
run_test realrt-fact-podman-running f_podman_running
run_test realrt-fact-podman-pod f_podman_pod
run_test realrt-fact-podman-image-labels f_podman_labels
run_test realrt-fact-podman-image-annotations f_podman_annotations
run_test realrt-fact-containerd-running f_containerd_running
run_test realrt-fact-containerd-image-labels f_containerd_labels
run_test realrt-fact-host-network f_hostnet

# ---------------------------------------------------------------- lifecycle

# restart: the same container, a new init PID (and netns), still found
t_restarted() { # KEY TARGET RUNTIME OLD-PID
    expect_ne "${RR_PID[$1]}" "$4" "pid after restart" || return 1
    t_resolves "$1" "$2" "$3" || return 1
    expect_eq "$(awk '$1 == "pid:" {print $2; exit}' <<<"$OUTPUT")" "${RR_PID[$1]}" "pid of $2"
}
old_d=${RR_PID[d-rst]} old_p=${RR_PID[p-rst]}
rr_docker restart -t 1 nscapt-restart >/dev/null && rr_record d-rst "${RR_ID[d-rst]}" \
    "$(rr_docker_pid nscapt-restart)" || it_log "docker restart failed"
rr_quiet rr_podman restart -t 1 nscapt-prestart >/dev/null && rr_record p-rst "${RR_ID[p-rst]}" \
    "$(rr_podman_pid nscapt-prestart)" || it_log "podman restart failed"
run_test realrt-docker-restart t_restarted d-rst nscapt-restart docker "$old_d"
run_test realrt-podman-restart t_restarted p-rst "${RR_ID[p-rst]}" podman "$old_p"
rr_fixture restarted docker d-rst
rr_fixture restarted podman p-rst

# stop: the record stays; nscap says the container is not running, its exit status and when
t_stopped() { # TARGET NAME RUNTIME ID FINISHED-AT
    local want="^nscap: container $2 \\($3 ${4:0:12}[0-9a-f]*\\) is not running: exited 137 at .*${5:0:10}"
    rt_probe "$ALICE" "$1"
    expect_rc 125 && expect_nscap_error_line || return 1
    grep -qE -- "$want" "$ERR" || fail "stderr does not match /$want/: $(head -c 300 "$ERR")"
}
rr_docker stop -t 1 nscapt-stop >/dev/null || it_log "docker stop failed"
rr_quiet rr_podman stop -t 1 nscapt-pstop >/dev/null || it_log "podman stop failed"
d_fin=$(rr_docker inspect -f '{{.State.FinishedAt}}' nscapt-stop)
p_fin=$(rr_podman inspect -f '{{.State.FinishedAt}}' nscapt-pstop)
run_test realrt-docker-stopped-by-name t_stopped nscapt-stop nscapt-stop docker "${RR_ID[d-stop]}" "$d_fin"
run_test realrt-docker-stopped-by-id t_stopped "${RR_ID[d-stop]}" nscapt-stop docker "${RR_ID[d-stop]}" "$d_fin"
run_test realrt-podman-stopped-by-id t_stopped "${RR_ID[p-stop]}" nscapt-pstop podman "${RR_ID[p-stop]}" "$p_fin"
run_test realrt-fact-docker-stopped f_docker_stopped "$d_fin"
run_test realrt-fact-podman-stopped f_podman_stopped
rr_fixture stopped docker d-stop
rr_fixture stopped podman p-stop

# containerd: a killed task (not yet deleted), then deleted with its container
t_ctr_killed() {
    rt_probe "$ALICE" nscapt-ckill
    expect_rc 125 && expect_nscap_error_line || return 1
    # containerd keeps no exit status on disk: only "not running" is asked for
    grep -qE -- '^nscap: container nscapt-ckill .*is not running' "$ERR" ||
        fail "stderr: $(head -c 300 "$ERR")"
}
rr_quiet rr_ctr -n default tasks kill -s KILL nscapt-ckill && sleep 0.5 || it_log "ctr kill failed"
run_test realrt-containerd-killed t_ctr_killed
run_test realrt-fact-containerd-killed f_containerd_killed
rr_fixture killed containerd c-kill
rr_quiet rr_ctr -n default tasks rm nscapt-ckill >/dev/null && rr_ctr -n default containers rm nscapt-ckill ||
    it_log "ctr delete failed"
run_test realrt-containerd-deleted expect_refused nscapt-ckill 125 "no container matches"
rr_fixture deleted containerd c-kill

# docker rm: nothing left to find, by name or by ID
rr_docker rm -f nscapt-rm >/dev/null || it_log "docker rm failed"
run_test realrt-docker-removed-by-name expect_refused nscapt-rm 125 "no container matches"
run_test realrt-docker-removed-by-id expect_refused "${RR_ID[d-rm]}" 125 "no container matches"
rr_fixture removed docker d-rm

t_list_after() {
    local ids k
    rt_list_ids "$ALICE" >"$NT_SCRATCH/list.ids"
    ids=$(cat "$NT_SCRATCH/list.ids")
    for k in d-rst p-rst; do
        [[ $(rt_list_obj "${RR_ID[$k]}") == *"\"pid\":${RR_PID[$k]},"* ]] ||
            fail "$k not listed with its new pid ${RR_PID[$k]}" || return 1
    done
    for k in d-stop p-stop c-kill d-rm; do
        ! grep -qxF -- "${RR_ID[$k]}" <<<"$ids" || fail "$k (${RR_ID[$k]:0:12}) is listed" || return 1
    done
}
run_test realrt-list-after-lifecycle t_list_after

# ---------------------------------------------------------------- the host, as found

RR_T_CASES=$((SECONDS - RR_T0 - RR_T_SETUP))
trap - EXIT
t=$SECONDS
rr_cleanup
RR_T_CLEANUP=$((SECONDS - t))
t_host() { [[ -z $RR_LEFT ]] || fail "differs from before the run: $(tr '\n' ';' <<<"$RR_LEFT")"; }
run_test realrt-host-left-as-found t_host
it_log "realrt times: setup ${RR_T_SETUP}s, cases ${RR_T_CASES}s, cleanup ${RR_T_CLEANUP}s, total $((SECONDS - RR_T0))s"
it_summary
