# SPDX-License-Identifier: ISC
# shellcheck shell=bash disable=SC2016
# 7. exec escapes: the tool cannot run another program or leave its sandbox.

# tcpdump options that run commands (-z) or switch user (-Z), alone or hidden in clusters,
# attached values or long forms: all denied by the tool's getopt rules.
t_tcpdump_z_argv() {
    local a
    local -a cases=(
        "-z /bin/sh" "-z/bin/sh" "-nz/bin/sh" "-nZ root" "-Zroot" "-nnZroot"
        "-w x.pcap -G 1 -z sh" "-w x.pcap -W 1 -C 1 -z sh" "-i lo -z sh" "-c 1 -nAz sh"
        "--relinquish-privileges=root" "--compress sh" "-i lo port 80 -z sh" "-r /etc/shadow"
    )
    for a in "${cases[@]}"; do
        # shellcheck disable=SC2086
        nscap_as "$ALICE" -- "$CID" tcpdump $a
        expect_rc 126 || { FAIL_REASON="tcpdump $a: $FAIL_REASON"; return 1; }
    done
}
# Even a profile that wrongly allows -z cannot exec: the rotation command never runs.
t_tcpdump_z_allowed() {
    local s=$NT_BIN/zcmd.sh
    printf '#!/bin/sh\n: >"$1.zran"\n' >"$s" && chmod 0755 "$s"
    # control: as root in the container's netns, the same command line does run the script
    timeout 4 nsenter -t "$CPID" -n tcpdump -Z root -i lo -w "$NT_SCRATCH/ctl.pcap" -G 1 -z "$s" \
        >/dev/null 2>&1
    [[ -e $NT_SCRATCH/ctl.pcap.zran ]] || { fail "control: tcpdump -z did not run the script as root"; return 1; }
    write_policy "permit group:$ONCALL on container:* run tcpdump-z max-time 4s"
    rm -f "$ALICE_HOME/z.pcap.zran"
    NSCAP_TIMEOUT=20 nscap_as "$ALICE" -- "$CID" tcpdump-z -i lo -w z.pcap -G 1 -z "$s"
    write_policy
    expect_no_file "$ALICE_HOME/z.pcap.zran" || return 1
    [[ -s $ALICE_HOME/z.pcap ]] || fail "tcpdump did not capture (rc $RC)" || return 1
    expect_events "start,end"
}
# execve of /bin/sh from the tool fails with EPERM.
t_probe_execve() {
    nscap_as "$ALICE" -- "$CID" probe exec
    ! grep -q execve-succeeded "$OUT" || fail "execve of /bin/sh succeeded" || return 1
    expect_eq "$(probe_val execve)" EPERM "execve"
}
# execveat: from a new fd, from fd 1021, onto 1022 or 1023 (out of reach), by path, and fd 1023
# with an absolute path: all fail.
t_probe_execveat() {
    nscap_as "$ALICE" -- "$CID" probe execveat
    local k want
    local -A exp=(
        [open-sh]=ok [execveat-newfd]=EPERM [dup2-1021]=ok [execveat-1021]=EPERM [dup2-1022]=EBADF
        [dup2-1023]=EBADF [dupfd-1023]=EINVAL [raise-nofile]=EPERM
        [execveat-1023-closed]=EPERM [execveat-path]=EPERM [execveat-1023-path]=EPERM
        [execveat-1023-abspath]=EPERM [map-lowpage]=EPERM [execveat-1023-lowpage]=EFAULT
        [execveat-1023-null]=EPERM
    )
    ! grep -q execve-succeeded "$OUT" || fail "an execveat ran /bin/sh (last result before it: $(grep -v '^env\|^fd' "$OUT" | tail -2 | head -1))" || return 1
    for k in "${!exp[@]}"; do
        want=${exp[$k]}
        expect_eq "$(probe_val "$k")" "$want" "$k" || return 1
    done
}
# The consequence if that last execveat worked: the caller's own program (a copy of the probe
# in their home) would replace the tool, keeping its capability, in the target's netns.
t_probe_execveat_own_binary() {
    local own=$ALICE_HOME/own-binary
    run_as "$ALICE" cp "$PROBE" "$own" && run_as "$ALICE" chmod 0755 "$own"
    nscap_as "$ALICE" -- "$CID" probe execveat-abs "$own" report
    rm -f "$own"
    if [[ -z $(probe_val execveat-abs) ]]; then
        fail "the caller's binary ran as the tool: CapEff $(probe_val CapEff), CapAmb $(probe_val CapAmb), netns $(probe_val ns.net) (container $CNETNS)"
        return 1
    fi
    expect_eq "$(probe_val execveat-abs)" EPERM "execveat(1023, caller's binary, AT_EMPTY_PATH)"
}
# execve through the x32 and i386 (int 0x80) ABIs: the process is killed (SIGSYS).
t_probe_abi() { # MODE
    nscap_as "$ALICE" -- "$CID" probe "$1"
    ! grep -q execve-succeeded "$OUT" || fail "$1 ran /bin/sh" || return 1
    grep -q "^$1 attempt" "$OUT" || fail "probe did not get to the attempt: ${OUTPUT:0:200}" || return 1
    [[ $(grep -c "^$1 " "$OUT") == 1 ]] || fail "$1 returned: $(grep "^$1 " "$OUT" | tail -1)" || return 1
    expect_rc $((128 + 31)) || return 1
    expect_audit '"event":"end"' '"signal":"SIGSYS"'
}
# Control for the two above: run directly (no nscap), int 0x80 does execute /bin/sh.
t_abi_control() {
    local o
    o=$(run_as "$ALICE" "$PROBE" int80-execve 2>&1)
    grep -q execve-succeeded <<<"$o" || fail "int80 control did not exec: $o"
}
# Namespaces, mount, bpf, io_uring, userfaultfd, keyrings, clone3, TIOCSTI, capability
# raising, uid 0, and ptrace/vm/pidfd/proc/signals against the supervisor: all refused.
t_probe_escapes() {
    nscap_as "$ALICE" -- "$CID" probe escapes
    expect_rc 0 || return 1
    local k
    local -A exp=(
        [clone-newuser]=EPERM [clone-newnet]=EPERM [fork]=EPERM [clone3]=ENOSYS [setns]=EPERM
        [mount]=EPERM [umount]=EPERM [chroot]=EPERM [bpf]=EPERM [io_uring_setup]=EPERM
        [userfaultfd]=EPERM [keyctl]=EPERM [add_key]=EPERM [perf_event_open]=EPERM
        [personality]=EPERM [tiocsti]=EPERM [capset-sys-admin]=EPERM
        [ambient-raise-sys-admin]=EPERM [inheritable-sys-admin]=EPERM [securebits-unlock]=EPERM
        [setuid0]=EPERM [setgid0]=EPERM [setresuid0]=EPERM [setgroups0]=EPERM
        [ptrace-traceme]=EPERM [ptrace-parent]=EPERM [vmread-parent]=EPERM
        [pidfd-open-parent]=ok [pidfd-getfd-parent]=EPERM [mem-parent]=EACCES
        [environ-parent]=EACCES [kill-stop-parent]=EPERM [kill-kill-parent]=EPERM
    )
    for k in "${!exp[@]}"; do
        expect_eq "$(probe_val "$k")" "${exp[$k]}" "$k" || return 1
    done
}
# While the tool runs, no process of the caller other than the tool holds any capability.
t_no_caps_elsewhere() {
    ( nscap_as "$ALICE" -- "$CID" probe sleep 3 ) &
    local bg=$! tool p name inh prm eff amb bnd bad="" seen=""
    wait_for 10 eval 'tool=$(pgrep -u "$ALICE" -x probe | head -1); [[ -n $tool ]]' ||
        { wait $bg; fail "probe never started"; return 1; }
    sleep 0.2
    # one reader for every /proc/PID/status: a loaded node has thousands of processes
    while read -r p inh prm eff amb bnd name; do
        if [[ $p == "$tool" ]]; then
            seen=1
            [[ $eff == "$CAP_NET_RAW" ]] || bad+="tool CapEff $eff; "
            continue
        fi
        [[ $inh$prm$eff$amb =~ [1-9a-f] ]] && bad+="$p ($name): Prm $prm Eff $eff Amb $amb Inh $inh; "
        [[ $name != nscap || $bnd =~ ^0+$ ]] || bad+="supervisor bounding set $bnd; "
    done < <(python3 -c '
import os, sys
for p in filter(str.isdigit, os.listdir("/proc")):
    try:
        st = dict(l.split(":", 1) for l in open(f"/proc/{p}/status", errors="replace") if ":" in l)
    except OSError:
        continue
    if sys.argv[1] in st["Uid"].split():
        print(p, *(st[k].strip() for k in ("CapInh", "CapPrm", "CapEff", "CapAmb", "CapBnd")),
              st["Name"].strip())
' "$ALICE_UID")
    wait $bg
    [[ -n $seen ]] || fail "the tool $tool was not among the caller's processes" || return 1
    [[ -z $bad ]] || fail "$bad"
}

run_test tcpdump-z-Z-argv t_tcpdump_z_argv
run_test tcpdump-z-allowed-cannot-exec t_tcpdump_z_allowed
run_test probe-execve t_probe_execve
run_test probe-execveat t_probe_execveat
run_test probe-execveat-runs-caller-binary t_probe_execveat_own_binary
run_test probe-x32-execve t_probe_abi x32-execve
run_test probe-int80-execve t_probe_abi int80-execve
run_test probe-int80-control t_abi_control
run_test probe-escape-syscalls t_probe_escapes
run_test no-caps-outside-the-tool t_no_caps_elsewhere
