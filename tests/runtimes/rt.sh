# SPDX-License-Identifier: ISC
# shellcheck shell=bash disable=SC2016,SC2015,SC2034
# Helpers of the runtimes suite: real runc containers laid out the way each runtime keeps its
# state under the test policy's state-root, plus the runtime's side files; dry runs of nscap
# (-n) and -l as the test users.

# runc roots the suite starts containers under: the runtimes' own (below $STATE) and one the
# index never scans (containers that only a crun or CRI-O record points at).
RT_ROOT_DOCKER=$STATE/run/docker/runtime-runc/moby
RT_ROOT_CTRD=$STATE/run/containerd/runc/k8s.io
RT_ROOT_OTHER=$NT_ROOT/other
RT_RUNC_ROOTS=("$RUNC_ROOT" "$RT_ROOT_DOCKER" "$RT_ROOT_CTRD" "$RT_ROOT_OTHER")
RT_SHIM=$STATE/run/containerd/io.containerd.runtime.v2.task
RT_STORAGE=$STATE/run/containers/storage/overlay-containers
RT_DOCKER_LIB=$STATE/var/lib/docker/containers
RT_CRUN=$STATE/run/crun
RT_KLOG=$STATE/var/log/containers
RT_KPODS=$STATE/var/log/pods
RT_BUSYBOX=$NT_ROOT/rt-busybox
# "PID ID" of every container started, kept outside $NT_ROOT: if the roots vanish (another
# suite's cleanup), the processes can still be found and ended by PID, checked by cgroup.
RT_TRACK=${RT_TRACK:-/run/nscapt-runtimes.pids}

# Delete every container in every root we use (before base_cleanup removes the roots).
rt_delete_all() {
    local r id pid
    for r in "${RT_RUNC_ROOTS[@]}"; do
        [[ -d $r ]] || continue
        for id in $(timeout 30 runc --root "$r" list -q 2>/dev/null); do
            timeout 30 runc --root "$r" delete -f "$id" >/dev/null 2>&1 ||
                log "runc --root $r delete -f $id failed"
        done
    done
    if [[ -f $RT_TRACK ]]; then
        while read -r pid id; do
            [[ $pid =~ ^[0-9]+$ && $pid -gt 1 && -n $id ]] || continue
            grep -q -F -- "$id" "/proc/$pid/cgroup" 2>/dev/null || continue
            kill -KILL "$pid" 2>/dev/null # already dying after runc delete, or orphaned
        done <"$RT_TRACK"
        rm -f "$RT_TRACK"
    fi
    return 0
}

# A 64-hex container ID starting with PREFIX (hex), never starting with "abcd" unless asked.
rt_id() {
    local p=${1-} id
    while :; do
        id=$p$(head -c 32 /dev/urandom | sha256sum | cut -c1-64)
        id=${id:0:64}
        [[ -n $p || ${id:0:4} != abcd ]] && break
    done
    echo "$id"
}

rt_netns() { stat -L -c %i "/proc/$1/ns/net"; }

# rt_dirs DIR...: root-owned 0755 directories (and parents).
rt_dirs() { install -d -o root -g root -m 0755 "$@"; }

# rt_file PATH CONTENT [MODE]: root-owned file (0644 unless MODE), written atomically.
rt_file() {
    local p=$1 tmp
    tmp=$(dirname "$p")/.tmp.$$
    printf '%s' "$2" >"$tmp" && chown root:root "$tmp" && chmod "${3:-0644}" "$tmp" && mv -f "$tmp" "$p"
}

# rt_bundle DIR CGROUPSPATH NETNS ANNOTATIONS
#   NETNS: new | none (share the host's) | a path such as /proc/PID/ns/net
#   ANNOTATIONS: JSON members without braces ('"k":"v","k2":"v2"'), may be empty.
rt_bundle() {
    local dir=$1 cg=$2 net=$3 ann=$4 netjson
    install -d -o root -g root -m 0700 "$dir" || return 1
    install -d -o root -g root -m 0755 "$dir/rootfs" "$dir/rootfs/bin" "$dir/rootfs/proc" \
        "$dir/rootfs/dev" || return 1
    ln -f "$RT_BUSYBOX" "$dir/rootfs/bin/busybox" || return 1
    case $net in
    new) netjson=',{"type":"network"}' ;;
    none) netjson= ;;
    *) netjson=',{"type":"network","path":"'$net'"}' ;;
    esac
    rt_file "$dir/config.json" '{"ociVersion":"1.0.2-dev",
 "process":{"terminal":false,"user":{"uid":0,"gid":0},
  "args":["/bin/busybox","sleep","100000"],"env":["PATH=/bin"],"cwd":"/",
  "rlimits":[{"type":"RLIMIT_NOFILE","hard":1024,"soft":1024}],"noNewPrivileges":true},
 "root":{"path":"rootfs","readonly":true},
 "hostname":"rt",
 "mounts":[{"destination":"/proc","type":"proc","source":"proc"},
  {"destination":"/dev","type":"tmpfs","source":"tmpfs","options":["nosuid","mode=755","size=1024k"]}],
 "annotations":{'"$ann"'},
 "linux":{"cgroupsPath":"'"$cg"'",
  "namespaces":[{"type":"pid"},{"type":"ipc"},{"type":"uts"},{"type":"mount"}'"$netjson"'],
  "maskedPaths":["/proc/kcore","/sys/firmware"],"readonlyPaths":["/proc/sys"]}}
'
}

# rt_run ROOT ID BUNDLE PIDFILE [create]: run (or only create) a runc container; prints its PID.
rt_run() {
    local root=$1 id=$2 bundle=$3 pidfile=$4 verb=${5:-run} log pid
    log=$NT_SCRATCH/runc-$id.log
    install -d -o root -g root -m 0700 "$root" || return 1
    if [[ $verb == run ]]; then
        timeout 60 runc --root "$root" run -d --pid-file "$pidfile" -b "$bundle" "$id" \
            </dev/null >"$log" 2>&1
    else
        timeout 60 runc --root "$root" create --pid-file "$pidfile" -b "$bundle" "$id" \
            </dev/null >"$log" 2>&1
    fi || { echo "runc $verb $id failed: $(tr '\n' ' ' <"$log")" >&2; return 1; }
    chmod 0644 "$pidfile" || return 1
    pid=$(cat "$pidfile")
    [[ $pid =~ ^[0-9]+$ ]] || { echo "no pid for $id" >&2; return 1; }
    echo "$pid $id" >>"$RT_TRACK"
    echo "$pid"
}

# rt_start ROOT ID BUNDLE PIDFILE CGROUPSPATH NETNS ANNOTATIONS [create]: rt_bundle in BUNDLE,
# then rt_run with BUNDLE/PIDFILE; prints the PID.
rt_start() {
    rt_bundle "$3" "$5" "$6" "$7" || return 1
    rt_run "$1" "$2" "$3" "$3/$4" "${8:-run}"
}
# ctrd_start ID CGROUPSPATH NETNS ANNOTATIONS [create]: a containerd (CRI) container, its bundle
# the shim v2 task directory (config.json, init.pid), runc state under run/containerd/runc.
ctrd_start() { rt_start "$RT_ROOT_CTRD" "$1" "$RT_SHIM/k8s.io/$1" init.pid "$2" "$3" "$4" "${5-}"; }

# A PID that is certainly dead (a child we started and reaped).
rt_dead_pid() {
    local p
    sleep 0 &
    p=$!
    wait "$p"
    echo "$p"
}

# ---------------------------------------------------------------- running nscap

# rt_probe USER TARGET: `nscap -n TARGET probe` as USER; sets RC OUTPUT ERRTEXT and
# GOT_NETNS GOT_CID GOT_RT GOT_KIND from the dry run's output.
rt_probe() {
    local u=$1 t=$2
    nscap_as "$u" -- -n "$t" probe
    GOT_NETNS=$(awk '$1 == "netns:" {print $2; exit}' <<<"$OUTPUT")
    GOT_CID=$(awk '$1 == "container:" {print $2; exit}' <<<"$OUTPUT")
    GOT_RT=$(awk '$1 == "container:" && $3 == "runtime" {print $4; exit}' <<<"$OUTPUT")
    GOT_KIND=$(sed -n 's/^target: .* (\([a-z]*\))$/\1/p' <<<"$OUTPUT" | head -1)
}

# expect_resolves TARGET NETNS [ID [RUNTIME]]: alice's dry run exits 0 with that netns
# (and container ID and runtime when given).
expect_resolves() {
    local t=$1 ns=$2 id=${3-} rt=${4-}
    rt_probe "$ALICE" "$t"
    expect_rc 0 || return 1
    expect_eq "$GOT_NETNS" "$ns" "netns of $t" || return 1
    [[ -z $id ]] || expect_eq "$GOT_CID" "$id" "container of $t" || return 1
    [[ -z $rt ]] || expect_eq "$GOT_RT" "$rt" "runtime of $t" || return 1
}

# rt_refused TARGET RC [ERE]: alice's dry run is refused (expect_refused RC ERE), with one
# "nscap: " line and, for 125, no netns printed.
rt_refused() {
    rt_probe "$ALICE" "$1"
    expect_refused "$2" "${3-}" || return 1
    expect_nscap_error_line || return 1
    [[ $2 != 125 ]] || ! grep -q '^netns:' <<<"$OUTPUT" ||
        fail "a refused target still printed a netns" || return 1
}

# rt_list_ids USER [FILTER]: `nscap -l --json [FILTER]` as USER (RC, OUTPUT... as run_cmd sets
# them, so call it in this shell, not in $(...)); sets LIST_JSON to the raw output and LIST_IDS
# to the IDs, sorted, one per line ("host" for the host line).
rt_list_ids() {
    nscap_as "$1" -- -l --json ${2:+"$2"}
    LIST_JSON=$OUTPUT
    LIST_IDS=$(sed -n 's/^[[,]\({.*}\)$/\1/p' <<<"$OUTPUT" | while IFS= read -r o; do
        if [[ $o == *'"id":null'* ]]; then
            echo host
        else
            sed -n 's/.*"id":"\([^"]*\)".*/\1/p' <<<"$o"
        fi
    done | sort)
}

# The JSON object -l printed for ID.
rt_list_obj() { sed -n 's/^[[,]\({.*"id":"'"$1"'".*}\)$/\1/p' <<<"$LIST_JSON"; }

# sorted words, one per line
rt_sorted() { printf '%s\n' "$@" | sed '/^$/d' | sort; }

# rt_decide RULE-TARGET TARGET RC: alice's dry run of TARGET under the one rule "permit
# group:oncall on RULE-TARGET run probe" exits RC (a deny shows nothing of the target); the
# suite's policy is restored.
rt_decide() {
    write_policy "permit group:$ONCALL on $1 run probe" || fail "write_policy" || return 1
    rt_probe "$ALICE" "$2"
    write_policy || fail "write_policy" || return 1
    expect_rc "$3" || return 1
    [[ $3 != 126 ]] || ! grep -q -v -E '^(decision|why|rule): ' <<<"$OUTPUT" ||
        fail "a deny showed more than decision, why, rule: ${OUTPUT:0:300}"
}

# rt_root_dry TARGET: `nscap -n TARGET probe` as root, who is shown every record; sets RC OUTPUT.
rt_root_dry() { run_cmd "$NSCAP" -n "$1" probe; }

# expect_out_line ERE / expect_no_out_line ERE: a line of stdout matches ERE / none does.
expect_out_line() { grep -q -E -- "$1" <<<"$OUTPUT" || fail "no output line /$1/: ${OUTPUT:0:300}"; }
expect_no_out_line() {
    ! grep -q -E -- "$1" <<<"$OUTPUT" || fail "output line /$1/: $(grep -m1 -E -- "$1" <<<"$OUTPUT")"
}

# rt_fails_closed FILE REASON TARGET...: alice's dry run of each TARGET (-l: `nscap -l`) ends
# with exit 125, stderr exactly "nscap: runtime state FILE: REASON", and an error audit record
# saying so (after the list record for -l).
rt_fails_closed() {
    local file=$1 why=$2 t want ev errs=()
    shift 2
    want="nscap: runtime state $file: $why"
    for t in "$@"; do
        audit_mark
        if [[ $t == -l ]]; then
            nscap_as "$ALICE" -- -l
            ev=list,error
        else
            rt_probe "$ALICE" "$t"
            ev=error
        fi
        if [[ $RC != 125 ]]; then
            errs+=("[$t: exit $RC: $(head -c 200 "$ERR" | tr '\n' '|')]")
        elif [[ $ERRTEXT != "$want" ]]; then
            errs+=("[$t: stderr '${ERRTEXT:0:300}']")
        else
            FAIL_REASON=
            expect_events "$ev" && [[ $(audit_field error error) == *"runtime state $file: $why"* ]] ||
                errs+=("[$t: audit: ${FAIL_REASON:-error record $(audit_field error error)}]")
        fi
    done
    ((${#errs[@]} == 0)) || fail "want '$want': ${errs[*]}"
}
