# SPDX-License-Identifier: ISC
# shellcheck shell=bash
# The limits suite's policy, setup, fault undoing and the helpers its sections share. Faults it
# injects and always undoes: a tmpfs mounted on the audit log directory, an immutable or
# append-only audit log, a renamed log directory or policy, forged or truncated runtime state,
# seccomp filters installed by faultexec.c.

FAULTEXEC=$NT_BIN/faultexec
PY=                # the python interpreter itself (runs in a private /dev: no shim)
STATE_BACKUP=      # the real container's state.json while a case has truncated it
LIM_FAKE_PREFIX=nscapt-lim-

# tcpdump (its -w file audited as output) and the probe; the probe under other names for the
# time limit (probe-short: 2 s), the size limit (probe-64k, tcpdump-64k: 64 KiB) and a tool in no
# rule (probe-denied). Members of the oncall group may run them in any container.
POLICY_TOOLS=(tcpdump=tcpdump-output tcpdump-64k=tcpdump-rotate tcpdump-2m=tcpdump-rotate
    probe probe-denied=probe probe-short=probe probe-64k=probe)
POLICY_RULES=("permit group:$ONCALL on container:* run tcpdump,probe max-time 30s"
    "permit group:$ONCALL on container:* run probe-short max-time 2s"
    "permit group:$ONCALL on container:* run tcpdump-64k,probe-64k max-time 20s max-bytes 64K"
    "permit group:$ONCALL on container:* run tcpdump-2m max-time 30s max-bytes 2M")

# Undo every fault this suite can inject; safe to run any number of times.
lim_unfault() {
    local p
    while mountpoint -q "$NT_LOG" 2>/dev/null; do
        umount "$NT_LOG" 2>/dev/null || umount -l "$NT_LOG" 2>/dev/null || break
    done
    [[ -d $NT_ROOT ]] || return 0
    for p in "$NT_LOG/audit.log" "$NT_ROOT/log.away/audit.log" "$NT_LOG/audit.log.real"; do
        [[ -f $p && ! -L $p ]] && chattr -i -a "$p" 2>/dev/null
    done
    if [[ -d $NT_ROOT/log.away && ! -e $NT_LOG ]]; then mv "$NT_ROOT/log.away" "$NT_LOG"; fi
    if [[ -n $STATE_BACKUP && -f $STATE_BACKUP ]]; then
        cp -f "$STATE_BACKUP" "${STATE_BACKUP%.lim-backup}" && rm -f "$STATE_BACKUP"
    fi
    rm -rf "${RUNC_ROOT:?}/$LIM_FAKE_PREFIX"* 2>/dev/null
    return 0
}

lim_setup() {
    local c
    setup_base || return 1
    user_add "$CAROL" "$ONCALL" && user_add "$DAVE" || return 1
    CAROL_UID=$(id -u "$CAROL") DAVE_UID=$(id -u "$DAVE")
    gcc -O2 -Wall -o "$FAULTEXEC" "$HERE/faultexec.c" || return 1
    chmod 0755 "$FAULTEXEC" || return 1
    for c in chattr lsattr mountpoint unshare setsid; do
        command -v "$c" >/dev/null || { echo "missing command: $c" >&2; return 1; }
    done
    PY=$(python3 -c 'import sys; print(sys.executable)') && [[ -x $PY ]] ||
        { echo "python3 not found" >&2; return 1; }
    container_start || return 1
    traffic_start "$CID"
}

# nscap_fault FAULT USER -- ARG...: nscap as USER in USER's home, started by faultexec (as root)
# under its seccomp filter for FAULT; run_cmd's knobs and results.
nscap_fault() {
    local f=$1 u=$2
    shift 2
    [[ ${1-} == -- ]] && shift
    as_user "$u"
    RUN_CWD=$USER_HOME run_cmd "$FAULTEXEC" "$f" "$u" "$USER_HOME" -- "$NSCAP" "$@"
}

no_user_procs() { [[ -z $(ps -o pid= -u "$ALICE" 2>/dev/null) ]]; }
