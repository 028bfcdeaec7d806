# SPDX-License-Identifier: ISC
# shellcheck shell=bash disable=SC2034  # LIST_JSON is rt_list_obj's
# -l and -l --json as alice: valid JSON, and each runtime's container with its runtime, name,
# PID and netns.

t_list_json_valid() {
    local k
    nscap_as "$ALICE" -- -l --json
    expect_rc 0 || return 1
    python3 -m json.tool "$OUT" >/dev/null 2>"$NT_SCRATCH/json.err" ||
        fail "-l --json is not JSON: $(head -c 200 "$NT_SCRATCH/json.err")" || return 1
    # what the index makes of the images' claims (checked in the forged section)
    LIST_JSON=$OUTPUT
    for k in forged-nscapt-dlabel forged-nscapt-plabel forged-nscapt-pannot forged-nscapt-clabel; do
        log "$k: $(rt_list_obj "${RR_ID[$k]}" | head -c 300)"
    done
}
t_list_json() { # KEY RUNTIME NAME: the object -l --json prints for the container
    local o id=${RR_ID[$1]}
    rt_list_ids "$ALICE"
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
