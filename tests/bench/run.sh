#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# nscap-test: not a suite
# ./build.sh bench: nscap's figures beside their targets and the peers they are compared with,
# measured side by side in one run (medians of many runs). Everything lives under
# /opt/nscap-bench and is removed at the end; traffic stays on a test container's loopback.
#
#   startup      nscap CONTAINER true-static  vs  nsenter -t PID -n true-static (root, no
#                policy/audit/seccomp) and ip netns exec; median ratio <= 1.0
#   resolution   1,000 containers in the state roots, 10,000 extra processes: full ID, prefix,
#                pod and pid: targets (nscap -n) each < 10 ms median; a full ID does no scan
#   capture      tcpdump through nscap (seccomp capture) vs tcpdump as root in the same netns on
#                the same loopback burst: captured ratio >= 0.99, no extra drops
#   size/memory  stripped static binary <= 200 KiB; peak RSS before exec <= 1 MiB
set -euo pipefail

ROOT=${NSCAP_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
B=/opt/nscap-bench
USER_NAME=nscapb-user
RUNS=${BENCH_RUNS:-400}
NCONT=${BENCH_CONTAINERS:-1000}
NPROC=${BENCH_PROCS:-10000}
RUNC=(runc --root "$B/state/run/runc")
CID=$(printf 'bench%059d' 0)
MISSED=0
ROWS=()

say() { printf '# %s\n' "$*" >&2; }

cleanup() {
	set +e
	"${RUNC[@]}" delete -f "$CID" >/dev/null 2>&1
	# By name only: the PIDs a previous run wrote down may belong to someone else by now.
	pkill -x "nscapb-sleep" >/dev/null 2>&1
	ip netns del nscapbench >/dev/null 2>&1
	for cg in /sys/fs/cgroup/pids/nscapbench /sys/fs/cgroup/nscapbench; do
		for _ in 1 2 3 4 5 6 7 8 9 10; do
			[[ -d $cg ]] || break
			find "$cg" -mindepth 1 -maxdepth 1 -type d -exec rmdir {} + 2>/dev/null
			rmdir "$cg" 2>/dev/null || sleep 0.3
		done
	done
	userdel "$USER_NAME" >/dev/null 2>&1
	groupdel nscap-bench-tool >/dev/null 2>&1
	rm -rf "$B"
}

row() { # FIGURE VALUE TARGET PEER OK
	ROWS+=("$(printf '%-34s %-22s %-18s %-34s %s' "$1" "$2" "$3" "$4" "$5")")
	[[ $5 == ok ]] || MISSED=$((MISSED + 1))
}

[[ $EUID -eq 0 ]] || { echo "nscap: bench: run as root" >&2; exit 1; }
cleanup
trap cleanup EXIT
[[ -n ${BENCH_KEEP:-} ]] && trap - EXIT

say "building nscap with bench paths, timeit and a static no-op tool"
"$ROOT/build.sh" compile "$ROOT/out/bench/nscap" "$B/etc/policy" "$B/log/audit.log" \
	nscap-bench-tool >&2
groupadd --system nscap-bench-tool
install -d -m 0755 "$B" "$B/bin" "$B/etc" "$B/state" "$B/state/run" "$B/bundle" "$B/home"
install -d -m 0700 "$B/log" "$B/state/run/runc"
install -m 4755 -o root -g root "$ROOT/out/bench/nscap" "$B/bin/nscap"
gcc -O2 -o "$B/bin/timeit" "$ROOT/tests/bench/timeit.c"
printf 'int main(void){return 0;}\n' >"$B/true.c"
musl-gcc -static -Os -o "$B/bin/true-static" "$B/true.c"
useradd -M -d "$B/home" -s /usr/sbin/nologin "$USER_NAME"
chown "$USER_NAME:" "$B/home"
U=$(id -u "$USER_NAME")
G=$(id -g "$USER_NAME")

cat >"$B/etc/policy" <<EOF
version 1
state-root $B/state
tool true {
    path $B/bin/true-static
    caps net_raw
    operands any
}
tool tcpdump {
    path /usr/bin/tcpdump
    caps net_raw
    options "nc:i:s:w:"
    operands any
    seccomp capture
}
permit uid:$U on any run true,tcpdump max-time 60s
EOF
chmod 0644 "$B/etc/policy"

say "a runc container with busybox, lo up"
mkdir -p "$B/bundle/rootfs/bin"
cp /bin/busybox "$B/bundle/rootfs/bin/busybox"
for c in sh sleep; do ln -s busybox "$B/bundle/rootfs/bin/$c"; done
(cd "$B/bundle" && runc spec)
sed -i -e 's/"terminal": true/"terminal": false/' -e 's|"sh"|"sleep", "100000"|' "$B/bundle/config.json"
(cd "$B/bundle" && "${RUNC[@]}" run -d "$CID" </dev/null >/dev/null)
CPID=$("${RUNC[@]}" state "$CID" | sed -n 's/.*"pid": \([0-9]*\).*/\1/p')
nsenter -t "$CPID" -n ip link set lo up

as_user() { "$B/bin/timeit" -u "$U" -g "$G" "$@"; }

# ---------------------------------------------------------------- startup
say "startup: $RUNS runs each, interleaved in blocks"
ip netns add nscapbench
ip -n nscapbench link set lo up
ns_med=() nscap_med=() ipn_med=()
# Many short blocks, alternating, so that a slow spell of the machine falls on both sides.
BLOCKS=${BENCH_BLOCKS:-20}
for ((blk = 0; blk < BLOCKS; blk++)); do
	read -r m _ f < <("$B/bin/timeit" $((RUNS / BLOCKS)) /usr/bin/nsenter -t "$CPID" -n "$B/bin/true-static")
	ns_med+=("$m")
	read -r m _ f2 < <(cd "$B/home" && as_user $((RUNS / BLOCKS)) "$B/bin/nscap" "$CID" true)
	nscap_med+=("$m")
	((f2 == 0)) || { echo "nscap: bench: $f2 nscap runs failed" >&2; exit 1; }
	read -r m _ _ < <("$B/bin/timeit" $((RUNS / BLOCKS)) /usr/sbin/ip netns exec nscapbench "$B/bin/true-static")
	ipn_med+=("$m")
done
median() { printf '%s\n' "$@" | sort -n | sed -n "$((($# + 1) / 2))p"; }
NS=$(median "${ns_med[@]}")
NC=$(median "${nscap_med[@]}")
IPN=$(median "${ipn_med[@]}")
RATIO=$(awk -v a="$NC" -v b="$NS" 'BEGIN { printf "%.2f", a / b }')
ok=$(awk -v r="$RATIO" 'BEGIN { print (r <= 1.0) ? "ok" : "MISSED" }')
row "startup, median wall time" "${NC} us (x$RATIO)" "<= nsenter (x1.00)" "nsenter ${NS} us; ip netns exec ${IPN} us" "$ok"

# ---------------------------------------------------------------- size and memory
SIZE=$(stat -c %s "$B/bin/nscap")
ok=$( ((SIZE <= 204800)) && echo ok || echo MISSED)
NSENTER_SIZE=$({ echo /usr/bin/nsenter; ldd /usr/bin/nsenter | awk '/=>/ { print $3 } /ld-linux/ { print $1 }'; } |
	xargs -r readlink -f | xargs -r stat -L -c %s | awk '{ t += $1 } END { print t }')
row "binary size (static, stripped)" "$((SIZE / 1024)) KiB" "<= 200 KiB" "nsenter + its libraries $((NSENTER_SIZE / 1024)) KiB" "$ok"

# peak RSS of nscap before exec: the supervisor is the same process that did all the setup
# before it forked, so its VmHWM while the tool sleeps is that peak.
cat >>"$B/etc/policy" <<EOF
tool sleep {
    path /usr/bin/sleep
    operands any
}
permit uid:$U on any run sleep max-time 60s
EOF
(cd "$B/home" && setpriv --reuid="$U" --regid="$G" --clear-groups "$B/bin/nscap" "$CID" sleep 2) &
sleep 1
SUP=$(pgrep -f "^$B/bin/nscap $CID sleep" | head -1)
HWM=$(awk '/^VmHWM/ { print $2 }' "/proc/$SUP/status")
wait
ok=$( ((HWM <= 1024)) && echo ok || echo MISSED)
row "peak RSS before exec (VmHWM)" "$HWM KiB" "<= 1024 KiB" "" "$ok"

# ---------------------------------------------------------------- resolution at scale
say "resolution: $NCONT container records, $NPROC extra processes"
ln -sf /usr/bin/sleep "$B/bin/nscapb-sleep"
# In a network namespace of their own, as container processes would be.
ip netns exec nscapbench bash -c '
	for ((i = 0; i < $1; i++)); do "$2/bin/nscapb-sleep" 3600 & echo $!; done >"$2/pids"' _ "$NPROC" "$B"
# Records for real, live processes (their start times), shaped as runc writes them, each a
# Kubernetes pod's container, with what a node has beside them: the kubelet's log link, and
# the process in a cgroup named by the container ID.
mapfile -t PIDS < <(head -n "$NCONT" "$B/pids")
install -d -m 0755 "$B/state/var" "$B/state/var/log" "$B/state/var/log/containers"
if [[ -d /sys/fs/cgroup/pids ]]; then CG=/sys/fs/cgroup/pids/nscapbench; else CG=/sys/fs/cgroup/nscapbench; fi
mkdir -p "$CG"
for ((i = 0; i < NCONT; i++)); do
	id=$(printf '%08x%056d' "$i" 0)
	pid=${PIDS[i]}
	start=$(sed 's/.*) //' "/proc/$pid/stat" | awk '{ print $20 }')
	install -d -m 0711 "$B/state/run/runc/$id"
	printf '{"id":"%s","init_process_pid":%d,"init_process_start":%d,"config":{"labels":["bundle=/none","io.kubernetes.cri.sandbox-namespace=bench","io.kubernetes.cri.sandbox-name=pod%d","io.kubernetes.cri.container-type=container","io.kubernetes.cri.container-name=app"]}}\n' \
		"$id" "$pid" "$start" "$i" >"$B/state/run/runc/$id/state.json"
	chmod 0600 "$B/state/run/runc/$id/state.json"
	ln -s /dev/null "$B/state/var/log/containers/pod${i}_bench_app-$id.log"
	mkdir "$CG/$id" && echo "$pid" >"$CG/$id/cgroup.procs"
done
MID=$((NCONT / 2))
FULL=$(printf '%08x%056d' "$MID" 0)
PREFIX=${FULL:0:8}
resolve() { # LABEL TARGET [info: a worst case reported beside the targets, not one]
	local m p f
	read -r m p f < <(cd "$B/home" && as_user 50 "$B/bin/nscap" -n "$2" true)
	((f == 0)) || [[ -n ${3:-} ]] || { echo "nscap: bench: nscap -n $2 failed" >&2; exit 1; }
	local ms
	ms=$(awk -v m="$m" 'BEGIN { printf "%.2f", m / 1000 }')
	if [[ -n ${3:-} ]]; then
		ROWS+=("$(printf '%-34s %-22s %-18s %-34s %s' "resolve $1" "$ms ms" "(worst case)" "" info)")
		return
	fi
	row "resolve $1, median (nscap -n)" "$ms ms (p90 $((p / 1000)) ms)" "< 10 ms" "" \
		"$(awk -v m="$m" 'BEGIN { print (m < 10000) ? "ok" : "MISSED" }')"
}
resolve "full ID" "$FULL"
resolve "ID prefix" "$PREFIX"
resolve "pod" "bench/pod$MID"
resolve "pid:" "pid:${PIDS[MID]}"
# The worst cases: no log links (a pod found by reading every record) and a process whose
# cgroup names no container (pid: then reads every record too).
mv "$B/state/var/log/containers" "$B/state/var/log/containers.off"
resolve "pod, no kubelet log links" "bench/pod$MID" info
mv "$B/state/var/log/containers.off" "$B/state/var/log/containers"
resolve "pid: of a process in no container" "pid:$(sed -n "$((NCONT + 1))p" "$B/pids")" info
SCANS=$(cd "$B/home" && strace -f -e trace=getdents64 "$B/bin/nscap" -n "$FULL" true 2>&1 >/dev/null | grep -c getdents64 || true)
row "directory scans for a full ID" "$SCANS getdents64 calls" "0" "" "$( ((SCANS == 0)) && echo ok || echo MISSED)"

# ---------------------------------------------------------------- capture overhead
say "capture: the same ICMP burst on the container's loopback, captured twice at once"
BURST=${BENCH_BURST:-20000}
(cd "$B/home" && setpriv --reuid="$U" --regid="$G" --clear-groups "$B/bin/nscap" "$CID" tcpdump -i lo -n -w /dev/null icmp 2>"$B/nscap-tcpdump.err") &
NPID=$!
nsenter -t "$CPID" -n tcpdump -i lo -n -w /dev/null icmp 2>"$B/root-tcpdump.err" &
RPID=$!
sleep 1.5
nsenter -t "$CPID" -n ping -q -f -c "$BURST" 127.0.0.1 >/dev/null
sleep 1
kill -INT "$RPID"
pkill -INT -f "^/usr/bin/tcpdump -i lo -n -w /dev/null icmp" || true
wait "$RPID" "$NPID" || true
captured() { sed -n 's/^\([0-9]*\) packets captured.*/\1/p' "$1"; }
dropped() { sed -n 's/^\([0-9]*\) packets dropped by kernel.*/\1/p' "$1"; }
NCAP=$(captured "$B/nscap-tcpdump.err")
RCAP=$(captured "$B/root-tcpdump.err")
ND=$(dropped "$B/nscap-tcpdump.err")
RD=$(dropped "$B/root-tcpdump.err")
CR=$(awk -v a="${NCAP:-0}" -v b="${RCAP:-1}" 'BEGIN { printf "%.3f", a / b }')
ok=$(awk -v r="$CR" -v nd="${ND:-1}" -v rd="${RD:-0}" 'BEGIN { print (r >= 0.99 && nd <= rd) ? "ok" : "MISSED" }')
row "packets captured (ratio)" "${NCAP:-?} of ${RCAP:-?} (x$CR)" ">= 0.99, drops <= peer" "root tcpdump: ${RCAP:-?} captured, ${RD:-?} dropped; nscap: ${ND:-?} dropped" "$ok"

printf '%-34s %-22s %-18s %-34s %s\n' FIGURE NSCAP TARGET PEER RESULT
printf '%s\n' "${ROWS[@]}"
printf 'bench: %d figures, %d missed\n' "${#ROWS[@]}" "$MISSED"
