#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# ./build.sh demo: a real capture inside a throwaway runc container, as an unprivileged user,
# through the installed setuid nscap; then the audit record; then everything removed.
# Traffic stays on the container's own loopback.
set -euo pipefail

ROOT=${NSCAP_ROOT:-$(cd "$(dirname "$0")/.." && pwd)}
D=/opt/nscap-demo
USER_NAME=nscap-demo
GROUP_NAME=nscap-demo-oncall
TOOL_GROUP=nscap-demo-tool
CID=nscapdemo$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')
RUNC=(runc --root "$D/state/run/runc")

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

cleanup() {
	"${RUNC[@]}" delete -f "$CID" >/dev/null 2>&1 || true
	userdel "$USER_NAME" >/dev/null 2>&1 || true
	groupdel "$GROUP_NAME" >/dev/null 2>&1 || true
	groupdel "$TOOL_GROUP" >/dev/null 2>&1 || true
	rm -rf "$D"
}

[[ $EUID -eq 0 ]] || { echo "nscap: demo: run as root (it creates a user and a container)" >&2; exit 1; }
cleanup
trap cleanup EXIT

say "building nscap with demo paths (policy $D/etc/policy, audit $D/log/audit.log)"
"$ROOT/build.sh" compile "$ROOT/out/demo/nscap" "$D/etc/policy" "$D/log/audit.log" "$TOOL_GROUP"

say "installing it setuid root under $D/bin"
install -d -m 0755 "$D" "$D/bin" "$D/etc" "$D/state" "$D/bundle"
install -d -m 0700 "$D/log"
install -m 4755 -o root -g root "$ROOT/out/demo/nscap" "$D/bin/nscap"
ls -l "$D/bin/nscap"

say "a demo user in an on-call group, and the policy that lets that group capture"
groupadd "$GROUP_NAME"
groupadd --system "$TOOL_GROUP" # the tool's own group: no process of the user's has it
useradd -M -d "$D/home" -s /usr/sbin/nologin -G "$GROUP_NAME" "$USER_NAME"
install -d -m 0700 -o "$USER_NAME" -g "$USER_NAME" "$D/home"
cat >"$D/etc/policy" <<POLICY
version 1
state-root $D/state

tool tcpdump {
    path /usr/bin/tcpdump
    caps net_raw
    # -z/-Z (postrotate command, user switch) and -r/-V (read files) are left out on purpose.
    options "AenNqStvxXc:i:s:w:"
    long immediate-mode
    operands any
}

permit group:$GROUP_NAME on container:* run tcpdump max-time 30s max-bytes 10M
POLICY
chmod 0644 "$D/etc/policy"
cat "$D/etc/policy"

say "a throwaway runc container ($CID) with busybox"
mkdir -p "$D/bundle/rootfs/bin"
cp /bin/busybox "$D/bundle/rootfs/bin/busybox"
for c in sh nc ip sleep seq; do ln -s busybox "$D/bundle/rootfs/bin/$c"; done
(cd "$D/bundle" && runc spec)
sed -i -e 's/"terminal": true/"terminal": false/' \
	-e 's|"sh"|"sleep", "3600"|' "$D/bundle/config.json"
(cd "$D/bundle" && "${RUNC[@]}" run -d "$CID" </dev/null >/dev/null)
"${RUNC[@]}" exec "$CID" ip link set lo up
"${RUNC[@]}" list

say "traffic on the container's own loopback: nc server on 127.0.0.1:8080, a client loop"
"${RUNC[@]}" exec -d "$CID" sh -c 'while :; do echo pong | nc -l -p 8080 >/dev/null; done'
"${RUNC[@]}" exec -d "$CID" sh -c 'for i in $(seq 100); do echo ping | nc 127.0.0.1 8080 >/dev/null; sleep 0.2; done'

run_as() { (cd "$D/home" && setpriv --reuid="$USER_NAME" --regid="$USER_NAME" --init-groups -- "$@"); }

say "as $USER_NAME: nscap -l"
run_as "$D/bin/nscap" -l

say "as $USER_NAME: nscap ${CID:0:12} tcpdump -i lo -nn -c 10 -w demo.pcap port 8080"
run_as "$D/bin/nscap" "${CID:0:12}" tcpdump -i lo -nn -c 10 -w demo.pcap port 8080
ls -l "$D/home/demo.pcap"
say "what was captured (read back with tcpdump -r)"
tcpdump -r "$D/home/demo.pcap" -nn 2>/dev/null

say "as $USER_NAME: a forbidden option is refused (tcpdump -Z could switch users)"
run_as "$D/bin/nscap" "${CID:0:12}" tcpdump -i lo -Z root || echo "(exit status $?)"

say "the audit log ($D/log/audit.log)"
cat "$D/log/audit.log"

say "removing the container, the user and $D"
