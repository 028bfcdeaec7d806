# SPDX-License-Identifier: ISC
# shellcheck shell=bash disable=SC2034
# Negative: the caller's resource limits never turn a deny into a permit (issue 10 §2). With
# `permit ... on any` and a pod-level and a name-level deny, alice sweeps RLIMIT_AS and
# RLIMIT_DATA (soft = hard, so nscap cannot raise them) over a fine range while nscap resolves
# a CRI-O pod run by crun (its identity only in CRI-O's record, crun's status beside it) and a
# docker container by name (its name only in config.v2.json). An allocation that fails while a
# record is held must end the run (125), never leave the record out so that only `any` matches
# (0). Where the limit is too small for the kernel to start nscap at all, it dies of a signal in
# execve before any of its code runs: under RLIMIT_DATA below its writable segment (1.4 MiB of
# static buffers, read from its ELF header), under RLIMIT_AS where a static busybox dies the same
# way (measured at that limit, as 110-limits.sh does).

RL_RULES=("permit group:$ONCALL on any run probe" "deny group:$ONCALL on pod:crunns/*"
    "deny group:$ONCALL on container:web")
# The sweep: every 32 KiB up to 24 MiB, then every MiB to 64 MiB.
RL_STEPS=$(seq 32 32 24576; seq 25600 1024 65536)

# rl_as WHICH KIB CMD...: CMD as alice (as_user first) under `prlimit --WHICH=KIB KiB` (soft =
# hard), in alice's home; its exit status.
rl_as() {
    local lim=$(($2 << 10)) which=$1
    shift 2
    (cd "$USER_HOME" && exec "${SETPRIV[@]}" prlimit "--$which=$lim:$lim" -- "$@")
}
# The bytes of nscap's writable PT_LOAD segment in whole pages: what the kernel maps at exec and
# counts against RLIMIT_DATA.
rl_data_floor() {
    python3 -c '
import struct, sys
f = open(sys.argv[1], "rb").read()
off, = struct.unpack_from("<Q", f, 0x20)
size, n = struct.unpack_from("<HH", f, 0x36)
for i in range(n):
    kind, flags, _, va, _, _, mem, _ = struct.unpack_from("<IIQQQQQQ", f, off + i * size)
    if kind == 1 and flags & 2:
        print((va + mem + 4095) // 4096 * 4096 - va // 4096 * 4096)' "$1"
}
RL_DATA_FLOOR=$(rl_data_floor "$NSCAP")

# rl_kernel_kills WHICH KIB RC: the kernel cannot start nscap under that limit: RLIMIT_DATA
# below its writable segment; RLIMIT_AS where a static busybox also ends with RC (in 20 runs).
rl_kernel_kills() {
    local i
    [[ $1 != data ]] || return $((($2 << 10) >= RL_DATA_FLOOR))
    for i in $(seq 20); do
        rl_as "$1" "$2" "$RT_BUSYBOX" true >/dev/null 2>&1
        (($? == $3)) && return 0
    done
    return 1
}

# rl_sweep WHICH TARGET: alice's `nscap -n TARGET probe` under every step's limit. Fails on any
# exit but 125 and 126 (and a death a static busybox shares), on a 126 not by a deny rule, and
# unless both ends were reached (refused for too little memory; denied by the rule).
rl_sweep() {
    local which=$1 t=$2 kib rc n125=0 n126=0 nkill=0 bad=() err=$NT_SCRATCH/rl.err out=$NT_SCRATCH/rl.out
    as_user "$ALICE"
    for kib in $RL_STEPS; do
        rl_as "$which" "$kib" "$NSCAP" -n "$t" probe >"$out" 2>"$err"
        rc=$?
        case $rc in
        125) n125=$((n125 + 1)) ;;
        126) n126=$((n126 + 1))
            grep -q '^why: denied by ' "$out" ||
                bad+=("[$kib KiB: 126 without a deny rule: $(head -c 200 "$out" | tr '\n' '|')]") ;;
        *) if ((rc > 128)) && rl_kernel_kills "$which" "$kib" "$rc"; then
                nkill=$((nkill + 1))
            else
                bad+=("[$kib KiB: exit $rc: $(cat "$out" "$err" | head -c 200 | tr '\n' '|')]")
            fi ;;
        esac
        ((${#bad[@]} < 3)) || break
    done
    log "$which $t: $nkill killed at exec (the kernel), $n125 refused (125), $n126 denied (126)" \
        "over $(wc -w <<<"$RL_STEPS") steps"
    ((${#bad[@]} == 0)) || fail "${bad[*]}" || return 1
    ((n125 > 0 && n126 > 0)) || fail "the sweep did not reach both ends: $n125 x 125, $n126 x 126"
}

# Control: without a limit the two denies decide, and without them `any` permits each target
# (so a record left out would be a permit the sweep would see).
t_rl_control() {
    local t
    write_policy "${RL_RULES[@]}" || return 1
    for t in crunns/cpod "$K1" web "$D1"; do
        rt_probe "$ALICE" "$t"
        expect_rc 126 || return 1
        grep -q '^why: denied by ' <<<"$OUTPUT" || fail "$t: ${OUTPUT:0:200}" || return 1
    done
    write_policy "${RL_RULES[0]}" || return 1
    for t in crunns/cpod "$K1" web; do
        rt_probe "$ALICE" "$t"
        expect_rc 0 || return 1
    done
}
# K1 (crun) gets CRI-O's record for the section, and with it the pod crunns/cpod.
crio_record "$K1" "$NT_BUNDLES/$K1" "$K1_PID"
run_test rt-rlimit-sweep-control t_rl_control

t_rl() { # WHICH TARGET
    local rc
    write_policy "${RL_RULES[@]}" || return 1
    rl_sweep "$1" "$2"
    rc=$?
    write_policy || return 1
    return $rc
}
run_test rt-rlimit-as-sweep-crio-crun-pod t_rl as crunns/cpod
run_test rt-rlimit-data-sweep-crio-crun-pod t_rl data crunns/cpod
run_test rt-rlimit-as-sweep-crio-crun-id t_rl as "$K1"
run_test rt-rlimit-data-sweep-crio-crun-id t_rl data "$K1"
run_test rt-rlimit-as-sweep-docker-name t_rl as web
run_test rt-rlimit-data-sweep-docker-name t_rl data web
crio_unrecord "$K1"
write_policy
