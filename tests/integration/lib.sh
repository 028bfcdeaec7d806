# shellcheck shell=bash disable=SC2016,SC2015,SC2119,SC2120
# SPDX-License-Identifier: ISC
# Shared helpers for nscap's integration suites (sourced, not run).
#
# Everything lives under /opt/nscap-test (matches the paths compiled into
# `./build.sh test`'s out/test/nscap). Suites call, in order:
#   it_cleanup_leftovers; trap it_cleanup EXIT INT TERM
#   it_setup "$binary"              # users, group, install, probe, policy
#   it_container_start              # runc container with lo up -> $CID $CPID $CNETNS
#   it_traffic_start "$CID"         # nc server + bounded client loop on 127.0.0.1:8080
#   run_test NAME FUNCTION ...      # prints exactly "PASS NAME" or "FAIL NAME: reason"
#   it_summary                      # to stderr; returns 1 if anything failed
# Diagnostics go to stderr prefixed with "# " so no line of ours but the
# verdicts starts with PASS/FAIL.

NT_ROOT=/opt/nscap-test
NT_BIN=$NT_ROOT/bin
NSCAP=$NT_BIN/nscap
PROBE=$NT_BIN/probe
NT_ETC=$NT_ROOT/etc
POLICY=$NT_ETC/policy
NT_LOG=$NT_ROOT/log
AUDIT=$NT_LOG/audit.log
STATE=$NT_ROOT/state
RUNC_ROOT=$STATE/run/runc
NT_BUNDLES=$NT_ROOT/bundles
NT_HOME=$NT_ROOT/home
NT_SCRATCH=$NT_ROOT/scratch     # root-owned per-test output files
NT_PIDS=$NT_ROOT/pids           # host helper processes, for crash recovery
CG_PARENT=nscapt                # cgroupsPath "/nscapt/<id>"

ALICE=nscapt-alice
BOB=nscapt-bob
ONCALL=nscapt-oncall

IT_PASSED=0
IT_FAILED=0
IT_CIDS=()

it_log() { printf '# %s\n' "$*" >&2; }

# it_run_setup SUITE FUNCTION: run a suite's setup with its stderr kept aside; on failure print
# "FAIL SUITE-setup: <last error line>" and the whole log as comments, and exit 1.
it_run_setup() {
    local log
    log=$(mktemp "/tmp/nscapt-$1-setup.XXXXXX") || { echo "FAIL $1-setup: mktemp"; exit 1; }
    if ! "$2" 2>"$log"; then
        echo "FAIL $1-setup: $(grep -v '^#' "$log" | tail -1 | head -c 300)"
        sed 's/^/#   setup| /' "$log" >&2
        rm -f "$log"
        exit 1
    fi
    grep '^#' "$log" >&2
    rm -f "$log"
}

# Every suite that uses /opt/nscap-test holds this lock for its whole run, so two suites (or a
# suite and a developer's run) never wipe each other's tree. Released when the suite exits.
if [[ -z ${NT_LOCKED:-} ]]; then
    exec {NT_LOCK_FD}>/run/lock/nscap-test.lock
    flock "$NT_LOCK_FD"
    NT_LOCKED=1
fi

# ---------------------------------------------------------------- cleanup

# Kill one pid only if its cmdline still contains MARK (guards pid reuse).
_it_kill_marked() {
    local pid=$1 mark=$2 cmd
    [[ $pid =~ ^[0-9]+$ ]] || return 0
    [[ $pid -gt 1 ]] || return 0
    cmd=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null) || return 0
    [[ $cmd == *"$mark"* ]] || return 0
    kill -TERM "$pid" 2>/dev/null
    local _
    for _ in 1 2 3 4 5 6 7 8 9 10; do
        kill -0 "$pid" 2>/dev/null || return 0
        sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null
    return 0
}

# Kill, by id, every process still running as one of the test users (all of
# them were started by this harness: the users exist only while it runs).
_it_kill_user_procs() {
    local u pid
    for u in "$ALICE" "$BOB"; do
        id -u "$u" >/dev/null 2>&1 || continue
        for pid in $(ps -o pid= -u "$u" 2>/dev/null); do
            kill -KILL "$pid" 2>/dev/null
        done
    done
    return 0
}

_it_rmdir_cgroups() {
    local d
    for d in /sys/fs/cgroup/*/"$CG_PARENT" /sys/fs/cgroup/unified/"$CG_PARENT"; do
        [[ -d $d ]] || continue
        # children first (container cgroups runc failed to remove)
        find "$d" -mindepth 1 -depth -type d -exec rmdir {} \; 2>/dev/null
        rmdir "$d" 2>/dev/null
    done
    return 0
}

it_cleanup() {
    local rc=$? id pid
    set +e
    if [[ -d $RUNC_ROOT ]]; then
        for id in $(runc --root "$RUNC_ROOT" list -q 2>/dev/null); do
            timeout 30 runc --root "$RUNC_ROOT" delete -f "$id" >/dev/null 2>&1 ||
                it_log "runc delete -f $id failed"
        done
    fi
    if [[ -f $NT_PIDS ]]; then
        while read -r pid; do _it_kill_marked "$pid" nscapt-host; done <"$NT_PIDS"
    fi
    _it_kill_user_procs
    _it_rmdir_cgroups
    id -u "$ALICE" >/dev/null 2>&1 && userdel "$ALICE" >/dev/null 2>&1
    id -u "$BOB" >/dev/null 2>&1 && userdel "$BOB" >/dev/null 2>&1
    getent group "$ALICE" >/dev/null && groupdel "$ALICE" >/dev/null 2>&1
    getent group "$BOB" >/dev/null && groupdel "$BOB" >/dev/null 2>&1
    getent group "$ONCALL" >/dev/null && groupdel "$ONCALL" >/dev/null 2>&1
    # immutable bits or bind mounts are never set by us; plain rm is enough
    rm -rf "$NT_ROOT"
    return $rc
}

# Same thing, run before setup: remove what a crashed run left behind.
it_cleanup_leftovers() {
    if [[ -e $NT_ROOT ]] || id -u "$ALICE" >/dev/null 2>&1 || id -u "$BOB" >/dev/null 2>&1 ||
        getent group "$ONCALL" >/dev/null; then
        it_log "removing leftovers of a previous run"
    fi
    it_cleanup
    return 0
}

# ---------------------------------------------------------------- setup

# it_setup BINARY: users, group, directory tree, nscap (4755), probe, policy.
it_setup() {
    local bin=$1 repo
    repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
    umask 022
    [[ $(id -u) == 0 ]] || { echo "must run as root" >&2; return 1; }
    [[ -f $bin ]] || { echo "binary not found: $bin" >&2; return 1; }
    for c in runc tcpdump setpriv gcc busybox stat od; do
        command -v "$c" >/dev/null || { echo "missing command: $c" >&2; return 1; }
    done

    groupadd "$ONCALL" || return 1
    useradd -M -d "$NT_HOME/alice" -s /usr/sbin/nologin -G "$ONCALL" "$ALICE" || return 1
    useradd -M -d "$NT_HOME/bob" -s /usr/sbin/nologin "$BOB" || return 1

    install -d -o root -g root -m 0755 "$NT_ROOT" "$NT_BIN" "$NT_ETC" "$STATE" "$STATE/run" \
        "$NT_BUNDLES" "$NT_HOME" "$NT_SCRATCH" || return 1
    install -d -o root -g root -m 0700 "$NT_LOG" "$RUNC_ROOT" || return 1
    install -d -o "$ALICE" -g "$ALICE" -m 0700 "$NT_HOME/alice" || return 1
    install -d -o "$BOB" -g "$BOB" -m 0700 "$NT_HOME/bob" || return 1
    install -o root -g root -m 0600 /dev/null "$AUDIT" || return 1
    : >"$NT_PIDS"

    install -o root -g root -m 4755 "$bin" "$NSCAP" || return 1
    gcc -static -O2 -o "$PROBE" "$repo/tests/probe/probe.c" || return 1
    chown root:root "$PROBE" && chmod 0755 "$PROBE" || return 1
    write_policy || return 1
    ALICE_UID=$(id -u "$ALICE") ALICE_GID=$(id -g "$ALICE")
    BOB_UID=$(id -u "$BOB") BOB_GID=$(id -g "$BOB")
    ONCALL_GID=$(getent group "$ONCALL" | cut -d: -f3)
    HOST_NETNS=$(stat -L -c %i /proc/self/ns/net)
    export ALICE_UID ALICE_GID BOB_UID BOB_GID ONCALL_GID HOST_NETNS
    return 0
}

# write_policy [EXTRA_RULE_LINE...]
# Default rule: oncall may run tcpdump,probe in any container for 30s.
# With arguments, those rule lines replace the default rule.
# Tool probe-denied is defined but in no rule; tool names are fixed.
write_policy() {
    local tmp=$POLICY.tmp.$$ r
    {
        printf '%s\n' \
            '# nscap integration test policy (generated)' \
            'version 1' \
            "state-root $STATE" \
            '' \
            'tool tcpdump {' \
            '    path /usr/bin/tcpdump' \
            '    caps net_raw' \
            '    options "nc:i:s:w:A"' \
            '    long' \
            '    operands any' \
            '}' \
            '' \
            'tool probe {' \
            "    path $PROBE" \
            '    caps net_raw' \
            '    options ""' \
            '    operands any' \
            '}' \
            '' \
            'tool probe-denied {' \
            "    path $PROBE" \
            '    caps net_raw' \
            '    options ""' \
            '    operands any' \
            '}' \
            ''
        if [[ $# -eq 0 ]]; then
            echo "permit group:$ONCALL on container:* run tcpdump,probe max-time 30s"
        else
            for r in "$@"; do echo "$r"; done
        fi
    } >"$tmp" || return 1
    chown root:root "$tmp" && chmod 0644 "$tmp" && mv -f "$tmp" "$POLICY"
}

# Line number of the first line of the policy matching a fixed string.
policy_line_of() { grep -n -F -- "$1" "$POLICY" | head -1 | cut -d: -f1; }

# ---------------------------------------------------------------- container

# it_container_start: create a busybox runc container; sets CID CPID CNETNS.
it_container_start() {
    local id bundle a
    id=$(head -c 32 /dev/urandom | sha256sum | cut -c1-64)
    bundle=$NT_BUNDLES/$id
    mkdir -p "$bundle/rootfs/bin" "$bundle/rootfs/proc" "$bundle/rootfs/dev" \
        "$bundle/rootfs/sys" "$bundle/rootfs/tmp" || return 1
    cp "$(command -v busybox)" "$bundle/rootfs/bin/busybox" || return 1
    for a in sh sleep nc ip ifconfig cat echo true seq ls ps; do
        ln -sf busybox "$bundle/rootfs/bin/$a"
    done
    (cd "$bundle" && runc spec) || return 1
    # terminal off, a long sleeper as init, our own cgroup path
    sed -i \
        -e 's/"terminal": true/"terminal": false/' \
        -e 's|^\([[:space:]]*\)"sh"$|\1"/bin/sh", "-c", "sleep 100000"|' \
        -e "s|^\([[:space:]]*\)\"linux\": {|&\n\1\1\"cgroupsPath\": \"/$CG_PARENT/$id\",|" \
        "$bundle/config.json" || return 1
    grep -q '"/bin/sh", "-c", "sleep 100000"' "$bundle/config.json" &&
        grep -q "\"cgroupsPath\": \"/$CG_PARENT/$id\"" "$bundle/config.json" &&
        grep -q '"terminal": false' "$bundle/config.json" &&
        grep -q '"type": "network"' "$bundle/config.json" ||
        { echo "config.json edit failed" >&2; return 1; }
    timeout 60 runc --root "$RUNC_ROOT" run -d --pid-file "$bundle/pid" -b "$bundle" "$id" \
        </dev/null >"$bundle/run.log" 2>&1 ||
        { echo "runc run failed: $(tr '\n' ' ' <"$bundle/run.log")" >&2; return 1; }
    IT_CIDS+=("$id")
    CID=$id
    CPID=$(cat "$bundle/pid")
    [[ $CPID =~ ^[0-9]+$ ]] || { echo "no container pid" >&2; return 1; }
    CNETNS=$(stat -L -c %i "/proc/$CPID/ns/net") || return 1
    [[ $CNETNS != "$(stat -L -c %i /proc/self/ns/net)" ]] ||
        { echo "container shares the host netns" >&2; return 1; }
    timeout 30 runc --root "$RUNC_ROOT" exec --cap CAP_NET_ADMIN "$id" /bin/ip link set lo up ||
        { echo "ip link set lo up failed" >&2; return 1; }
    [[ -f $RUNC_ROOT/$id/state.json ]] || { echo "no runc state.json" >&2; return 1; }
    export CID CPID CNETNS
    it_log "container $CID pid $CPID netns $CNETNS"
}

# it_traffic_start ID: TCP on 127.0.0.1:8080 inside the container only.
# Both loops are bounded (about 20 minutes) and die with the container.
it_traffic_start() {
    local id=$1
    timeout 30 runc --root "$RUNC_ROOT" exec -d "$id" /bin/sh -c \
        'i=0; while [ $i -lt 20000 ]; do echo pong | nc -l -p 8080 >/dev/null; i=$((i+1)); done' \
        </dev/null >/dev/null 2>&1 || return 1
    timeout 30 runc --root "$RUNC_ROOT" exec -d "$id" /bin/sh -c \
        'sleep 0.5; i=0; while [ $i -lt 6000 ]; do echo ping | nc -w 1 127.0.0.1 8080 >/dev/null; sleep 0.2; i=$((i+1)); done' \
        </dev/null >/dev/null 2>&1 || return 1
    return 0
}

# Check, as root, that traffic is visible on the container's lo.
it_traffic_check() {
    local pid=$1 f=$NT_SCRATCH/traffic-check.pcap
    timeout 20 nsenter -t "$pid" -n tcpdump -i lo -nn -c 6 -w "$f" port 8080 >/dev/null 2>&1 ||
        return 1
    pcap_count "$f" 8080 >/dev/null
}

# it_host_process: a root process of our own in the host netns; sets HOSTPID.
it_host_process() {
    (exec -a nscapt-host-sleep sleep 1000) </dev/null >/dev/null 2>&1 &
    HOSTPID=$!
    echo "$HOSTPID" >>"$NT_PIDS"
    export HOSTPID
    sleep 0.1
}

# ---------------------------------------------------------------- running

# run_as USER CMD...: run CMD as USER (initgroups, clean env) in USER's home.
run_as() {
    local u=$1 home
    shift
    home=$(getent passwd "$u" | cut -d: -f6)
    (cd "$home" && exec setpriv --reuid="$u" --regid="$(id -g "$u")" --init-groups --reset-env -- "$@")
}

# nscap_as USER [VAR=VALUE...] -- ARG...
# Runs nscap as USER with stdout/stderr captured. Sets:
#   RC (exit status), OUT ERR (file paths), DUR_MS (wall time), OUTPUT ERRTEXT.
# Extra env: NSCAP_TIMEOUT (seconds, default 60), NSCAP_STDIN (default /dev/null).
nscap_as() {
    local u=$1 envs=() t0 t1
    shift
    while [[ $# -gt 0 && $1 != -- ]]; do envs+=("$1"); shift; done
    [[ ${1-} == -- ]] && shift
    IT_SEQ=$((${IT_SEQ:-0} + 1))
    OUT=$NT_SCRATCH/run$IT_SEQ.out
    ERR=$NT_SCRATCH/run$IT_SEQ.err
    t0=$(date +%s%N)
    timeout -k 5 "${NSCAP_TIMEOUT:-60}" \
        bash -c 'd=$1; shift; cd "$d" && exec "$@"' _ "$(getent passwd "$u" | cut -d: -f6)" \
        setpriv --reuid="$u" --regid="$(id -g "$u")" --init-groups --reset-env -- \
        env "${envs[@]}" "$NSCAP" "$@" \
        <"${NSCAP_STDIN:-/dev/null}" >"$OUT" 2>"$ERR" 7</dev/null
    RC=$?
    t1=$(date +%s%N)
    DUR_MS=$(((t1 - t0) / 1000000))
    OUTPUT=$(tr -d '\000' <"$OUT")
    ERRTEXT=$(cat "$ERR")
    it_log "nscap as $u: $* -> rc=$RC in ${DUR_MS}ms${ERRTEXT:+; stderr: $(head -c 300 "$ERR" | tr '\n' '|')}"
    return 0
}

# Value of key K in probe output (first match).
probe_val() { awk -v k="$1" '$1 == k { sub("^[^ ]+ ?", ""); print; exit }' <<<"$OUTPUT"; }

# ---------------------------------------------------------------- tests

# run_test NAME FUNCTION [ARGS...]: FUNCTION returns 0 for pass; on failure it
# sets FAIL_REASON (the expect_* helpers do).
run_test() {
    local name=$1 fn=$2
    shift 2
    FAIL_REASON=
    audit_mark
    if "$fn" "$@"; then
        echo "PASS $name"
        IT_PASSED=$((IT_PASSED + 1))
    else
        local reason=${FAIL_REASON:-returned non-zero}
        reason=${reason//$'\n'/ | }
        reason=${reason//$'\r'/}
        echo "FAIL $name: ${reason:0:600}"
        IT_FAILED=$((IT_FAILED + 1))
        it_dump_context
    fi
}

it_dump_context() {
    {
        [[ -n ${ERR-} && -s ${ERR-} ]] && sed 's/^/#   stderr| /' "$ERR" | head -5
        audit_new | sed 's/^/#   audit| /' | head -6
    } >&2
}

it_summary() {
    echo "# ${IT_SUITE:-integration}: $IT_PASSED passed, $IT_FAILED failed" >&2
    [[ $IT_FAILED -eq 0 ]]
}

fail() { FAIL_REASON="$*"; return 1; }

expect_rc() {
    [[ $RC == "$1" ]] || fail "exit $RC, expected $1${ERRTEXT:+ (stderr: $(head -1 <<<"$ERRTEXT" | head -c 200))}"
}
expect_eq() { # ACTUAL EXPECTED WHAT
    [[ $1 == "$2" ]] || fail "$3: got '${1:0:200}', expected '$2'"
}
expect_ne() { [[ $1 != "$2" ]] || fail "$3: got '$1', expected anything else"; }
# stderr holds exactly one line and it starts with "nscap: "
expect_nscap_error_line() {
    local n
    n=$(wc -l <"$ERR")
    [[ $n -eq 1 && $(head -c 7 "$ERR") == "nscap: " ]] ||
        fail "stderr should be one 'nscap: ' line, got $n line(s): $(head -c 200 "$ERR" | tr '\n' '|')"
}
expect_stderr_empty_of_nscap() {
    ! grep -q '^nscap: ' "$ERR" || fail "unexpected nscap error: $(grep -m1 '^nscap: ' "$ERR")"
}
expect_no_file() { [[ ! -e $1 ]] || fail "$1 exists: the tool ran"; }

# ---------------------------------------------------------------- audit

audit_mark() { AUDIT_MARK=$( (wc -l <"$AUDIT") 2>/dev/null || echo 0); }
# Records appended since the last audit_mark.
audit_new() { tail -n +"$((${AUDIT_MARK:-0} + 1))" "$AUDIT" 2>/dev/null; }
# audit_find PATTERN...: new records containing every fixed-string pattern.
audit_find() {
    local lines p
    lines=$(audit_new)
    for p in "$@"; do
        lines=$(grep -F -- "$p" <<<"$lines")
    done
    [[ -n $lines ]] && printf '%s\n' "$lines"
}
expect_audit() { # PATTERN...
    audit_find "$@" >/dev/null || fail "no new audit record with: $*"
}
expect_no_audit() {
    ! audit_find "$@" >/dev/null || fail "unexpected audit record with: $*"
}
# Every new record parses as one JSON object (python3 if present).
expect_audit_json() {
    local py
    py=$(command -v python3 || true)
    [[ -n $py ]] || return 0
    audit_new | "$py" -c '
import json, sys
for n, line in enumerate(sys.stdin, 1):
    try:
        o = json.loads(line)
        assert isinstance(o, dict), "not an object"
    except Exception as e:
        print("record %d: %s" % (n, e)); sys.exit(1)
' >"$NT_SCRATCH/json.err" 2>&1 || fail "audit not JSON lines: $(head -c 200 "$NT_SCRATCH/json.err")"
}
# Session ids of the start and end records must match.
expect_audit_session_pair() {
    local s e
    s=$(audit_find '"event":"start"' | grep -o '"session":"[^"]*"' | head -1)
    e=$(audit_find '"event":"end"' | grep -o '"session":"[^"]*"' | head -1)
    [[ -n $s && $s == "$e" ]] || fail "start/end session mismatch: '$s' vs '$e'"
}

# ---------------------------------------------------------------- pcap

# pcap_count FILE PORT: prints the number of packets tcpdump -r reads; fails
# if unreadable or any packet is not to/from PORT.
pcap_count() {
    local f=$1 port=$2 txt n bad
    txt=$(tcpdump -r "$f" -nn 2>/dev/null) || return 1
    n=$(grep -c . <<<"$txt")
    bad=$(grep -v -c -E "\\.${port}[ :]" <<<"$txt")
    [[ -n $txt && $bad -eq 0 ]] || return 1
    echo "$n"
}
# pcap_magic FILE: the first 4 bytes as hex in file order.
pcap_magic() { od -An -tx1 -N4 "$1" | tr -d ' \n'; }
pcap_magic_ok() {
    case $(pcap_magic "$1") in
    d4c3b2a1 | a1b2c3d4 | 4d3cb2a1 | a1b23c4d) return 0 ;;
    *) return 1 ;;
    esac
}
