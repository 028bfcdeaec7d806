# SPDX-License-Identifier: ISC
# shellcheck shell=bash disable=SC2015
# Lifecycle: restart (same container, new init PID), stop (the record stays: "not running",
# with docker's exit status and time), a killed containerd task, deletion and removal (nothing
# left to find), and -l after all of it; with the runtimes' files of each phase.

# restart: the same container, a new init PID (and netns), still found
t_restarted() { # KEY TARGET RUNTIME OLD-PID
    expect_ne "${RR_PID[$1]}" "$4" "pid after restart" || return 1
    t_resolves "$1" "$2" "$3" || return 1
    expect_eq "$(awk '$1 == "pid:" {print $2; exit}' <<<"$OUTPUT")" "${RR_PID[$1]}" "pid of $2"
}
old_d=${RR_PID[d-rst]} old_p=${RR_PID[p-rst]}
rr_docker restart -t 1 nscapt-restart >/dev/null && rr_record d-rst "${RR_ID[d-rst]}" \
    "$(rr_docker_pid nscapt-restart)" || log "docker restart failed"
rr_quiet rr_podman restart -t 1 nscapt-prestart >/dev/null && rr_record p-rst "${RR_ID[p-rst]}" \
    "$(rr_podman_pid nscapt-prestart)" || log "podman restart failed"
run_test realrt-docker-restart t_restarted d-rst nscapt-restart docker "$old_d"
run_test realrt-podman-restart t_restarted p-rst "${RR_ID[p-rst]}" podman "$old_p"
rr_fixture restarted docker d-rst
rr_fixture restarted podman p-rst

# t_not_running TARGET ERE: alice's dry run fails (125) with one line matching ERE
t_not_running() {
    rt_probe "$ALICE" "$1"
    expect_rc 125 && expect_nscap_error_line || return 1
    grep -qE -- "$2" "$ERR" || fail "stderr does not match /$2/: $(head -c 300 "$ERR")"
}
# docker stop: config.v2.json keeps the exit status and time, which nscap reports
t_stopped() { # TARGET NAME ID FINISHED-AT
    t_not_running "$1" "^nscap: container $2 \\(docker ${3:0:12}[0-9a-f]*\\) is not running: exited 137 at .*${4:0:10}"
}
# podman keeps the exit status only in its database: the recorded process is gone, that is all
t_gone() { # TARGET NAME RUNTIME ID (NAME and ID empty: containerd, which names nothing)
    local who="$2 \\($3 ${4:0:12}\\)"
    [[ -n $2 ]] || who="$1 \\($3\\)"
    t_not_running "$1" "^nscap: container $who is not running \\(its process has exited\\)\$"
}
rr_docker stop -t 1 nscapt-stop >/dev/null || log "docker stop failed"
rr_quiet rr_podman stop -t 1 nscapt-pstop >/dev/null || log "podman stop failed"
d_fin=$(rr_docker inspect -f '{{.State.FinishedAt}}' nscapt-stop)
run_test realrt-docker-stopped-by-name t_stopped nscapt-stop nscapt-stop "${RR_ID[d-stop]}" "$d_fin"
run_test realrt-docker-stopped-by-id t_stopped "${RR_ID[d-stop]}" nscapt-stop "${RR_ID[d-stop]}" "$d_fin"
run_test realrt-podman-stopped-by-id t_gone "${RR_ID[p-stop]}" nscapt-pstop podman "${RR_ID[p-stop]}"
run_test realrt-fact-docker-stopped f_docker_stopped "$d_fin"
run_test realrt-fact-podman-stopped f_podman_stopped
rr_fixture stopped docker d-stop
rr_fixture stopped podman p-stop

# containerd: a killed task (not yet deleted), then deleted with its container
rr_quiet rr_ctr -n default tasks kill -s KILL nscapt-ckill && sleep 0.5 || log "ctr kill failed"
run_test realrt-containerd-killed t_gone nscapt-ckill "" containerd ""
run_test realrt-fact-containerd-killed f_containerd_killed
rr_fixture killed containerd c-kill
rr_quiet rr_ctr -n default tasks rm nscapt-ckill >/dev/null && rr_ctr -n default containers rm nscapt-ckill ||
    log "ctr delete failed"
run_test realrt-containerd-deleted rt_refused nscapt-ckill 125 "no container matches"
rr_fixture deleted containerd c-kill

# docker rm: nothing left to find, by name or by ID
rr_docker rm -f nscapt-rm >/dev/null || log "docker rm failed"
run_test realrt-docker-removed-by-name rt_refused nscapt-rm 125 "no container matches"
run_test realrt-docker-removed-by-id rt_refused "${RR_ID[d-rm]}" 125 "no container matches"
rr_fixture removed docker d-rm

t_list_after() {
    local ids k
    rt_list_ids "$ALICE"
    ids=$LIST_IDS
    for k in d-rst p-rst; do
        [[ $(rt_list_obj "${RR_ID[$k]}") == *"\"pid\":${RR_PID[$k]},"* ]] ||
            fail "$k not listed with its new pid ${RR_PID[$k]}" || return 1
    done
    for k in d-stop p-stop c-kill d-rm; do
        ! grep -qxF -- "${RR_ID[$k]}" <<<"$ids" || fail "$k (${RR_ID[$k]:0:12}) is listed" || return 1
    done
}
run_test realrt-list-after-lifecycle t_list_after
