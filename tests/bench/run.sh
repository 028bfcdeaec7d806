#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# nscap-test: not a suite
# ./build.sh bench: nscap's figures beside their targets and the peers they are compared with,
# measured side by side in one run (medians of many runs). Everything lives under
# /opt/nscap-bench and is removed at the end; traffic stays on a test container's loopback.
#
#   startup      nscap CONTAINER true-static  vs  nsenter -t PID -n true-static (root, no
#                policy/audit/seccomp) and ip netns exec; median ratio <= 1.0
#   resolution   1,000 containers of one runtime (docker, containerd, podman, CRI-O, runc; each
#                in turn) and 1,000 of them mixed, laid out by layout.py as the runtimes write
#                them (clones of tests/fixtures/runtimes), every one with a live init in its
#                runtime's cgroup, 10,000 processes in all: every target form (nscap -q TARGET
#                true, as an unprivileged user with a permitting rule) < 5 ms median; -l and
#                -l --json < 50 ms; a full ID does no directory scan; -n's shared-netns scan
#                (every record, by design) reported beside them
#   capture      tcpdump through nscap (seccomp capture) vs tcpdump as root in the same netns on
#                the same loopback burst: captured ratio >= 0.99, no extra drops
#   size/memory  stripped static binary <= 200 KiB; peak RSS before exec <= 1 MiB
set -euo pipefail

ROOT=${NSCAP_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
B=/opt/nscap-bench
USER_NAME=nscapb-user
RUNS=${BENCH_RUNS:-400}
RES_RUNS=${BENCH_RES_RUNS:-51}
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
	# By the PIDs this run started, each still running as the bench's sleep (a PID a previous
	# run wrote down may belong to someone else by now: those are never read).
	local pid comm mine=()
	if [[ -n $STARTED && -f $B/pids ]]; then
		while read -r pid; do
			{ read -r comm <"/proc/$pid/comm"; } 2>/dev/null || continue
			[[ $comm == nscapb-sleep ]] && mine+=("$pid")
		done <"$B/pids"
		((${#mine[@]} == 0)) || kill -KILL "${mine[@]}" 2>/dev/null
	fi
	ip netns del nscapbench >/dev/null 2>&1
	for cg in /sys/fs/cgroup/pids/nscapbench /sys/fs/cgroup/nscapbench; do
		for _ in 1 2 3 4 5 6 7 8 9 10; do
			[[ -d $cg ]] || break
			find "$cg" -depth -type d -exec rmdir {} + 2>/dev/null || sleep 0.3
		done
	done
	userdel "$USER_NAME" >/dev/null 2>&1
	groupdel nscap-bench-tool >/dev/null 2>&1
	rm -rf "$B"
}

line() { printf '%-56s %-24s %-20s %-42s %s' "$@"; }
row() { # FIGURE VALUE TARGET PEER OK
	ROWS+=("$(line "$1" "$2" "$3" "$4" "$5")")
	[[ $5 == ok || $5 == info ]] || MISSED=$((MISSED + 1))
}

[[ $EUID -eq 0 ]] || { echo "nscap: bench: run as root" >&2; exit 1; }
STARTED=
cleanup
trap cleanup EXIT
# A signal ends the run through the EXIT trap, so the sleepers never outlive it.
trap 'exit 130' INT TERM HUP
[[ -n ${BENCH_KEEP:-} ]] && trap - EXIT

say "building nscap with bench paths, timeit and a static no-op tool"
NSCAP_CACHE_DIR=$B/cache "$ROOT/build.sh" compile "$ROOT/out/bench/nscap" "$B/etc/policy" \
	"$B/log/audit.log" nscap-bench-tool >&2
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
permit uid:$U on host run true
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

# ---------------------------------------------------------------- resolution at scale
say "resolution: $NPROC processes, layouts of $NCONT containers"
ln -sf /usr/bin/sleep "$B/bin/nscapb-sleep"
# In a network namespace of their own, as container processes would be.
STARTED=1
ip netns exec nscapbench bash -c '
	for ((i = 0; i < $1; i++)); do "$2/bin/nscapb-sleep" 3600 & echo $!; done >"$2/pids"' _ "$NPROC" "$B"
if [[ -d /sys/fs/cgroup/pids ]]; then CGM=/sys/fs/cgroup/pids; else CGM=/sys/fs/cgroup; fi
CG=$CGM/nscapbench
mkdir -p "$CG"
RT=$B/rt

# Back to the bench's own cgroup, every runtime's cgroup below it gone.
cg_reset() {
	local p
	find "$CG" -mindepth 2 -name cgroup.procs -exec cat {} + | while read -r p; do
		echo "$p" >"$CG/cgroup.procs" 2>/dev/null || true
	done
	find "$CG" -mindepth 1 -depth -type d -exec rmdir {} +
}
# The policy's state-root (the file stays root's: sed -i keeps owner and mode).
state_root() { sed -i "s|^state-root .*|state-root $1|" "$B/etc/policy"; }
as_caller() { (cd "$B/home" && setpriv --reuid="$U" --regid="$G" --clear-groups "$@"); }

# What nscap -n said names the expected target: a container ID, host, or (-) no container.
resolved() { # EXPECTED OUTPUT
	case $1 in
	host) grep -q '^target: host (host)$' <<<"$2" ;;
	# In no container: no rule of the caller's (any container, host) permits it.
	-) grep -q '^why: no rule permits true on this target$' <<<"$2" ;;
	*) grep -q "^container: $1 " <<<"$2" ;;
	esac
}
# System calls of one run as the caller (strace -u keeps nscap setuid): opens, listings.
reads() {
	(cd "$B/home" && strace -u "$USER_NAME" -f -qq -e trace=openat,openat2,getdents64 \
		-o "$B/strace" "$B/bin/nscap" "$@" >/dev/null 2>&1) || true
	printf '%s opens, %s dir reads' "$(grep -c openat "$B/strace")" "$(grep -c getdents64 "$B/strace")"
}
ms() { awk -v u="$1" 'BEGIN { printf "%.2f", u / 1000 }'; }
# The forms are timed in rounds, each taking every form in turn, and each form's runs of all
# rounds are summed up together: a slow spell of the machine (this VM has them) then falls on
# every form a little, not on whichever one ran through it.
ROUNDS=${BENCH_ROUNDS:-3}
[[ $ROUNDS =~ ^[1-9][0-9]*$ ]] || { echo "nscap: bench: BENCH_ROUNDS must be a positive number" >&2; exit 2; }
FORMS=()
SEP=$'\x1f'
form() { # LAYOUT LABEL TARGET EXPECTED [info]: checked now, timed by time_forms
	local out
	out=$(as_caller "$B/bin/nscap" -n "$3" true 2>&1) || true
	if ! resolved "$4" "$out"; then
		say "$1 $2: nscap -n $3 did not resolve to $4:"
		say "$out"
		row "$1 | $2" "wrong target" "< 5 ms" "" WRONG
		return
	fi
	FORMS+=("$1$SEP$2$SEP$3$SEP${5:-}")
}
time_forms() {
	local r i tag label target info rd m p f ok
	rm -f "$B"/samples.*
	for ((r = 0; r < ROUNDS; r++)); do
		for i in "${!FORMS[@]}"; do
			IFS=$SEP read -r tag label target info <<<"${FORMS[$i]}"
			# Timed as used: the tool run in the target's netns (-n would add its shared-netns
			# warning, which reads every record by design: timed once a layout, in dry_run).
			(cd "$B/home" && as_user -o "$B/samples.$i" $(((RES_RUNS + ROUNDS - 1) / ROUNDS)) \
				"$B/bin/nscap" -q "$target" true) >/dev/null
		done
	done
	for i in "${!FORMS[@]}"; do
		IFS=$SEP read -r tag label target info <<<"${FORMS[$i]}"
		# As timeit picks them: the sorted runs' [n/2] and [n*9/10], counted from 0.
		read -r m p f < <(sort -n "$B/samples.$i" | awk '{ us[NR] = $1; if ($2) f++ }
			END { print us[int(NR / 2) + 1], us[int(NR * 9 / 10) + 1], f + 0 }')
		rd=$(reads -q "$target" true) # the indexes as the timed runs left them
		ok=$(awk -v m="$m" 'BEGIN { print (m < 5000) ? "ok" : "MISSED" }')
		((f == 0)) || [[ -n $info ]] || ok="FAILED ($f runs)"
		row "$tag | $label" "$(ms "$m") ms (p90 $(ms "$p"))" "${info:-< 5 ms}" "$rd" "${info:-$ok}"
	done
	FORMS=()
}
dry_run() { # LAYOUT TARGET
	local m p
	read -r m p _ < <(cd "$B/home" && as_user 11 "$B/bin/nscap" -n "$2" true)
	row "$1 | -n full ID (with its shared-netns scan)" "$(ms "$m") ms (p90 $(ms "$p"))" \
		"(every record)" "$(reads -n "$2" true)" info
}
list() { # LAYOUT COUNT [--json]
	local out n m p ok
	out=$(as_caller "$B/bin/nscap" -l ${3:+"$3"} 2>&1) || true
	if [[ -n ${3:-} ]]; then
		n=$(grep -c '"kind":"container"' <<<"$out" || true)
	else
		n=$(grep -vc -e '^ID ' -e '^host ' <<<"$out" || true)
	fi
	read -r m p _ < <(cd "$B/home" && as_user "$RES_RUNS" "$B/bin/nscap" -l ${3:+"$3"})
	ok=$(awk -v m="$m" -v n="$n" -v c="$2" 'BEGIN { print (n != c) ? "WRONG" : (m < 50000) ? "ok" : "MISSED" }')
	row "$1 | -l${3:+ $3} ($n of $2 listed)" "$(ms "$m") ms (p90 $(ms "$p"))" "< 50 ms" "$(reads -l ${3:+"$3"})" "$ok"
}

# The first runs after a change, before the indexes hold anything: a name, a prefix, -l.
cold() { # LAYOUT NAME PREFIX
	local t m
	for t in "$2" "$3" -l; do
		[[ -n $t ]] || continue
		rm -rf "$B/cache"
		if [[ $t == -l ]]; then
			read -r m _ _ < <(cd "$B/home" && as_user 1 "$B/bin/nscap" -l)
		else
			read -r m _ _ < <(cd "$B/home" && as_user 1 "$B/bin/nscap" -q "$t" true)
		fi
		row "$1 | $t, with no index yet (one run)" "$(ms "$m") ms" "(info)" "" info
	done
	rm -rf "$B/cache"
}

layout() { # MIX
	local tag=${1%%=*} n label target expect pod="" pod_id=""
	[[ $1 == *,* ]] && tag=mixed
	say "layout: $1"
	cg_reset
	rm -rf "$RT" "$B/forms"
	install -d -m 0755 "$RT"
	n=$(python3 -B "$ROOT/tests/bench/layout.py" "$ROOT/tests/fixtures/runtimes" \
		"$B/state/run/runc/$CID/state.json" "$RT" "$CGM" "$B/pids" "$1" "$B/forms")
	state_root "$RT"
	tag="$n $tag"
	# nscap's lookup indexes (src/cache.h) keep nothing written in the last 2 s: the layout
	# settles first, as a node's state does between changes. Each layout starts with none.
	rm -rf "$B/cache"
	sleep 3
	cold "$tag" "$(awk -F'\t' '$1 ~ /: name$/ { print $2; exit }' "$B/forms")" \
		"$(awk -F'\t' '$1 ~ /12-char prefix$/ { print $2; exit }' "$B/forms")"
	while IFS=$'\t' read -r label target expect; do
		[[ $tag == *mixed || $label != "${tag#* }: "* ]] || label=${label#*: }
		case $label in
		"pid: of a process in no container") form "$tag" "$label" "$target" "$expect" info ;;
		*) form "$tag" "$label" "$target" "$expect" ;;
		esac
		[[ -n $pod || $label != *NAMESPACE/POD ]] || pod=$target pod_id=$expect
	done <"$B/forms"
	time_forms
	list "$tag" "$n"
	list "$tag" "$n" --json
	dry_run "$tag" "$(sed -n '1s/^[^\t]*\t\([^\t]*\).*/\1/p' "$B/forms")"
	# The worst case: no kubelet log links, so a pod is found by reading every record.
	if [[ -n $pod ]]; then
		mv "$RT/var/log/containers" "$RT/var/log/containers.off"
		form "$tag" "NAMESPACE/POD, no kubelet log links" "$pod" "$pod_id" info
		time_forms
		mv "$RT/var/log/containers.off" "$RT/var/log/containers"
	fi
	# containerd's namespaces and the kubelet's log links are listed by design (index.h).
	target=$(sed -n '1s/^[^\t]*\t\([^\t]*\).*/\1/p' "$B/forms")
	n=$(cd "$B/home" || exit; strace -u "$USER_NAME" -f -y -e trace=getdents64 "$B/bin/nscap" -q "$target" true 2>&1 >/dev/null |
		grep getdents64 | grep -cv -e 'io.containerd.runtime.v2.task>' -e 'containerd/runc>' \
			-e 'runtime-runc>' -e 'log/containers>' || true)
	row "$tag | directories of containers listed, full ID" "$n getdents64 calls" "0" "" "$( ((n == 0)) && echo ok || echo MISSED)"
}

MIXED=""
for rt in docker containerd podman crio runc; do MIXED+="${MIXED:+,}$rt=$((NCONT / 5))"; done
for mix in ${BENCH_LAYOUTS:-docker=$NCONT containerd=$NCONT podman=$NCONT crio=$NCONT runc=$NCONT $MIXED}; do
	layout "$mix"
done
state_root "$B/state"

line FIGURE NSCAP TARGET 'PEER / READS' RESULT
echo
printf '%s\n' "${ROWS[@]}"
printf 'bench: %d figures, %d missed\n' "${#ROWS[@]}" "$MISSED"
