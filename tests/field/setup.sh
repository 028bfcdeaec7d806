# SPDX-License-Identifier: ISC
# shellcheck shell=bash
# The field suite's policy, its own sshd on 127.0.0.1 and what its sections share.

# oncall: the shipped tcpdump and ip profiles in any container, ss there for 30 s, and ss on the
# host with a reason; nstat is defined but no rule names it.
POLICY_TOOLS=(tcpdump=shipped ip=shipped ss=shipped nstat=shipped)
POLICY_RULES=("permit group:$ONCALL on container:* run tcpdump,ip max-time 2m max-bytes 100M"
    "permit group:$ONCALL on container:* run ss max-time 30s"
    "permit group:$ONCALL on host run ss reason required")

FD_SSH=$NT_ROOT/ssh # the test sshd's config, host key, pid file, authorized keys
FD_KEY=$ALICE_HOME/.ssh/id_ed25519
SSHDUMP=/usr/lib/x86_64-linux-gnu/wireshark/extcap/sshdump
FD_PRIVSEP=/run/sshd # sshd's compiled-in privilege separation directory
FD_PORT=
FD_NETNS=nscapt-field # a named netns of the host's, for `ip netns list`

fd_setup() {
    local c
    for c in /usr/sbin/sshd ssh ssh-keygen "$SSHDUMP" ip; do
        command -v "$c" >/dev/null || {
            echo "missing $c: install openssh-server and wireshark-common (./build.sh deps)" >&2
            return 1
        }
    done
    setup_base || return 1
    container_start || return 1
    traffic_start "$CID" || return 1
    RULE_LINE=$(policy_line_of "permit group:$ONCALL on container:*")
    for _ in 1 2 3; do
        traffic_check "$CPID" && break
    done || { echo "no port 8080 traffic visible on the container's lo" >&2; return 1; }
    fd_sshd_start
}

# A free TCP port above 20000 on 127.0.0.1 (the kernel picks it; nothing listens there now).
fd_free_port() {
    python3 -c 'import random, socket
for _ in range(100):
    s = socket.socket()
    try:
        s.bind(("127.0.0.1", random.randint(20000, 60000)))
    except OSError:
        continue
    print(s.getsockname()[1])
    break'
}

# fd_sshd_start: an sshd of the suite's own on 127.0.0.1:FD_PORT (its own host key and config
# under FD_SSH; the machine's sshd and ssh configuration are never read or touched), alice's
# shell made bash and her account usable by key only, her key authorized, its host key known.
fd_sshd_start() {
    install -d -o root -g root -m 0755 "$FD_SSH" "$FD_SSH/keys" || return 1
    if [[ ! -d $FD_PRIVSEP ]]; then
        install -d -o root -g root -m 0755 "$FD_PRIVSEP" && : >"$FD_SSH/made-privsep" || return 1
    fi
    usermod -s /bin/bash -p '*' "$ALICE" || return 1
    ssh-keygen -q -t ed25519 -N '' -C nscapt-host -f "$FD_SSH/host_ed25519" || return 1
    install -d -o "$ALICE" -g "$ALICE" -m 0700 "$ALICE_HOME/.ssh" || return 1
    run_as "$ALICE" ssh-keygen -q -t ed25519 -N '' -C nscapt-alice -f "$FD_KEY" || return 1
    install -o root -g root -m 0644 "$FD_KEY.pub" "$FD_SSH/keys/$ALICE" || return 1
    FD_PORT=$(fd_free_port) && [[ $FD_PORT =~ ^[0-9]+$ ]] || { echo "no free port" >&2; return 1; }
    cat >"$FD_SSH/sshd_config" <<EOF || return 1
# the field suite's sshd (nscapt): loopback only, keys only, alice only
ListenAddress 127.0.0.1:$FD_PORT
HostKey $FD_SSH/host_ed25519
PidFile $FD_SSH/sshd.pid
AuthorizedKeysFile $FD_SSH/keys/%u
AllowUsers $ALICE
UsePAM no
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin no
AllowTcpForwarding no
X11Forwarding no
PrintMotd no
LogLevel VERBOSE
EOF
    printf '[127.0.0.1]:%s %s\n' "$FD_PORT" "$(cut -d' ' -f1,2 "$FD_SSH/host_ed25519.pub")" \
        >"$ALICE_HOME/.ssh/known_hosts" && chown "$ALICE:" "$ALICE_HOME/.ssh/known_hosts" ||
        return 1
    /usr/sbin/sshd -t -f "$FD_SSH/sshd_config" || return 1
    bg_spawn /usr/sbin/sshd -D -e -f "$FD_SSH/sshd_config" 2>>"$FD_SSH/sshd.log"
    FD_SSHD=$BG_LAST
    echo "$FD_SSHD" >>"$NT_PIDS"
    wait_for 10 fd_ssh_ready || { echo "sshd did not answer: $(tail -3 "$FD_SSH/sshd.log")" >&2; return 1; }
    log "sshd pid $FD_SSHD on 127.0.0.1:$FD_PORT"
}
fd_ssh_ready() { fd_ssh true >/dev/null 2>&1; }

# fd_ssh CMD...: CMD run by alice's shell through the suite's sshd, as alice, from her home.
fd_ssh() {
    run_as "$ALICE" ssh -F /dev/null -p "$FD_PORT" -i "$FD_KEY" -o BatchMode=yes \
        -o IdentitiesOnly=yes -o StrictHostKeyChecking=yes \
        -o UserKnownHostsFile="$ALICE_HOME/.ssh/known_hosts" "$ALICE@127.0.0.1" "$@"
}

# The sshd (by its PID, which a crashed run left in NT_PIDS too) and the privilege separation
# directory if this suite made it.
fd_cleanup() {
    [[ -n ${FD_SSHD-} ]] && bg_stop "$FD_SSHD"
    [[ -f $FD_SSH/sshd.pid ]] && kill_marked "$(cat "$FD_SSH/sshd.pid")" "$FD_SSH/sshd_config"
    [[ -f $FD_SSH/made-privsep ]] && rmdir "$FD_PRIVSEP" 2>/dev/null
    rm -f "$FD_SSH/made-privsep"
    fd_netns_cleanup
}
fd_netns_cleanup() {
    [[ ! -e /run/netns/$FD_NETNS ]] || ip netns del "$FD_NETNS"
    return 0
}

# fd_end_bytes: the end record's bytes.stdout (the bytes streamed), as a number.
fd_end_bytes() { audit_field end bytes.stdout; }
