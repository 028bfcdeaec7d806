#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# nscap-test: not a suite
# The README's two commands, as written, on a truly fresh Debian 12:  sudo tests/fresh/run.sh
# (.ci/run runs it after ./build.sh test). A minimal bookworm root from debootstrap and this
# machine's own apt mirror gets nothing but git, ca-certificates and sudo, a clone of the
# committed HEAD, then `sudo ./build.sh demo` and `sudo ./build.sh test` (LANG unset, stdin
# /dev/null). It is entered with pivot_root in new mount and PID namespaces, not chroot (runc
# exec would find the host's root) and so that tests killing by uid see only their own
# processes. /run/lock/nscap-test.lock is held throughout: the cgroup tree and the network are
# the host's. Only debootstrap's tarball is cached (NSCAP_FRESH_CACHE, /var/cache/nscap-fresh).
# Prints "PASS|FAIL fresh-root-demo" and "...-test", "# fresh: ..." progress on stderr, the
# whole log in out/fresh.log; after NSCAP_FRESH_TIMEOUT seconds (2400) says what was running
# and kills it. inside.sh is the part that runs in the new namespaces.
# shellcheck disable=SC2317  # cleanup and what it calls run from the EXIT trap
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
SUITE=bookworm
KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg
CACHE=${NSCAP_FRESH_CACHE:-/var/cache/nscap-fresh}
LIMIT=${NSCAP_FRESH_TIMEOUT:-2400}
WORK='' CHILD='' NS='' DEADLINE='' STOPPED=''
CGROUPS_BEFORE=()

# fd 3: progress (the caller's stderr); fd 4: out/fresh.log. Both survive pivot_root.
note() { printf '# fresh: %s (%ds)\n' "$*" $(($(date +%s) - T0)) | tee -a /dev/fd/4 >&3; }
die() { note "error: $*"; exit 1; }

# ---------------------------------------------------------------- host side

host_deps() {
	[[ $(dpkg-query -W -f='${Status}' debootstrap 2>/dev/null) == *" ok installed" ]] && return 0
	note "installing debootstrap on the host"
	if ! { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q debootstrap; } \
		</dev/null >&4 2>&4; then
		die "cannot install debootstrap"
	fi
}

# Prints "URI SUITE COMPONENTS..." for every enabled deb entry of the machine's apt sources.
host_sources() {
	local files=() f
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
		[[ -f $f ]] && files+=("$f")
	done
	((${#files[@]})) || return 0
	awk '
	function flush(  i, j, nu, ns, u, s) {
		if (types ~ /(^| )deb( |$)/ && tolower(enabled) != "no") {
			nu = split(uris, u, " "); ns = split(suites, s, " ")
			for (i = 1; i <= nu; i++) for (j = 1; j <= ns; j++) print u[i], s[j], comps
		}
		types = uris = suites = comps = enabled = ""
	}
	FNR == 1 { flush(); d822 = FILENAME ~ /\.sources$/ }
	/^[ \t]*#/ { next }
	d822 && /^[ \t]*$/ { flush(); next }
	d822 && /^[A-Za-z-]+:/ {
		k = tolower(substr($0, 1, index($0, ":") - 1)); v = substr($0, index($0, ":") + 1)
		gsub(/^[ \t]+|[ \t]+$/, "", v)
		if (k == "types") types = v; else if (k == "uris") uris = v
		else if (k == "suites") suites = v; else if (k == "components") comps = v
		else if (k == "enabled") enabled = v
		next
	}
	!d822 && $1 == "deb" { sub(/^deb[ \t]+(\[[^]]*\][ \t]+)?/, ""); sub(/[ \t]*#.*/, ""); print }
	END { flush() }' "${files[@]}"
}

# Sets SOURCES (the fresh root's sources.list), MIRROR and COMPONENTS from the bookworm entries.
read_sources() {
	local uri suite comps seen=" "
	SOURCES='' MIRROR='' COMPONENTS=''
	while read -r uri suite comps; do
		[[ $suite =~ ^$SUITE(-updates|-security)?$ && $seen != *" $uri|$suite "* ]] || continue
		seen+="$uri|$suite "
		SOURCES+="deb $uri $suite ${comps:-main}"$'\n'
		if [[ $suite == "$SUITE" && -z $MIRROR ]]; then
			MIRROR=$uri
			COMPONENTS=${comps:-main}
		fi
	done < <(host_sources)
	[[ -n $MIRROR ]] || die "no '$SUITE' entry in this machine's apt sources"
	note "mirror $MIRROR; sources: $(printf '%s' "$SOURCES" | awk '{print $3}' | paste -sd' ')"
}

take_lock() {
	exec {LOCK_FD}>/run/lock/nscap-test.lock
	flock -n "$LOCK_FD" && return 0
	note "waiting for /run/lock/nscap-test.lock (a test suite is running)"
	flock -w "$LIMIT" "$LOCK_FD" || die "/run/lock/nscap-test.lock still held after ${LIMIT}s"
}

# Processes of the run: the session started by limited, and the inner PID namespace.
run_procs() {
	local p
	{
		ps -o pid= -s "$CHILD" | tr -d ' '
		[[ -z $NS ]] || for p in /proc/[0-9]*; do
			[[ $(readlink "$p/ns/pid" 2>/dev/null) == "$NS" ]] && printf '%s\n' "${p#/proc/}"
		done
	} | sort -un
}

# limited CMD...: run CMD in its own session, output to the log, a heartbeat every minute;
# at the deadline say what was running, then kill it.
limited() {
	local beat=$(($(date +%s) + 60)) now pids rc=0
	setsid "$@" </dev/null >&4 2>&4 &
	CHILD=$!
	while kill -0 "$CHILD" 2>/dev/null; do
		now=$(date +%s)
		[[ -n $NS || $1 != unshare ]] || NS=$(readlink "/proc/$(ps -o pid= --ppid "$CHILD" | head -1 | tr -d ' ')/ns/pid" 2>/dev/null) || NS=
		if ((now >= DEADLINE)); then
			STOPPED="time limit (${LIMIT}s) reached during: $(last_stage)"
			note "$STOPPED; killing what still runs:"
			pids=$(run_procs | paste -sd,)
			[[ -z $pids ]] || ps -o pid,etimes,args -p "$pids" | cut -c1-160 | sed 's/^/#   /' | tee -a /dev/fd/4 >&3
			kill_run
			return 124
		fi
		if ((now >= beat)); then
			beat=$((now + 60))
			note "running; log: $(grep -av '^# fresh:' "/proc/$$/fd/4" | tail -n 1 | tr -d '\r' | cut -c1-100)"
		fi
		sleep 1
	done
	wait "$CHILD" || rc=$?
	CHILD=
	return "$rc"
}

# stderr is muted so that bash's "Killed" job notice does not look like an error.
kill_run() {
	local p _
	[[ -n $CHILD ]] || return 0
	for _ in 1 2 3 4 5 6 7 8 9 10; do
		p=$(run_procs)
		[[ -n $p ]] || break
		# shellcheck disable=SC2086  # a list of pids
		kill -KILL $p
		sleep 0.5
	done
	wait "$CHILD"
	CHILD=
} 2>/dev/null

last_stage() { grep -ao '# fresh: .*' "$LOG" | tail -1 | sed 's/^# fresh: //; s/ ([0-9]*s)$//'; }

cgroups_now() {
	shopt -s nullglob
	printf '%s\n' /sys/fs/cgroup/nscapt /sys/fs/cgroup/nscapdemo* /sys/fs/cgroup/*/nscapt \
		/sys/fs/cgroup/*/nscapdemo*
	shopt -u nullglob
}

# The inner suite and demo share the host's cgroup tree: remove what this run left there.
remove_new_cgroups() {
	local d _
	for d in $(cgroups_now); do
		[[ " ${CGROUPS_BEFORE[*]} " == *" $d "* || ! -d $d ]] && continue
		note "removing cgroup $d left by the run"
		for _ in 1 2 3 4 5; do
			find "$d" -depth -type d -exec rmdir {} + 2>/dev/null
			[[ -d $d ]] || break
			sleep 1
		done
	done
}

cleanup() {
	local rc=$?
	set +e
	kill_run
	((${#CGROUPS_BEFORE[@]})) && remove_new_cgroups
	[[ -n $WORK && -d $WORK ]] && rm -rf --one-file-system "$WORK"
	verdict || ((rc)) || rc=1
	exit "$rc"
}

bootstrap() {
	local root=$1 arch key tar t
	arch=$(dpkg --print-architecture)
	tar=$CACHE/$SUITE-$arch-minbase.tgz
	key="$SUITE $MIRROR $arch minbase $COMPONENTS"
	local opts=(--variant=minbase "--arch=$arch" "--components=${COMPONENTS// /,}" "--keyring=$KEYRING")
	install -d -m 0755 "$CACHE"
	if [[ ! -s $tar || $(cat "$tar.key" 2>/dev/null) != "$key" ]]; then
		t=$(date +%s)
		note "debootstrap --make-tarball (no cached tarball for: $key)"
		rm -f "$tar" "$tar.key"
		limited debootstrap "${opts[@]}" "--make-tarball=$WORK/base.tgz" "$SUITE" "$WORK/mk" "$MIRROR" ||
			die "debootstrap --make-tarball failed (see $LOG)"
		mv "$WORK/base.tgz" "$tar"
		printf '%s\n' "$key" >"$tar.key"
		note "tarball cached as $tar after $(($(date +%s) - t))s"
	fi
	t=$(date +%s)
	note "debootstrap --unpack-tarball into $root"
	limited debootstrap "${opts[@]}" "--unpack-tarball=$tar" "$SUITE" "$root" "$MIRROR" ||
		die "debootstrap --unpack-tarball failed (see $LOG)"
	note "fresh root installed after $(($(date +%s) - t))s"
}

# What the installer would leave, plus the project as a bare clone of the committed HEAD.
prepare_root() {
	local root=$1 host
	host=$(hostname)
	printf '%s' "$SOURCES" >"$root/etc/apt/sources.list"
	cp -L /etc/resolv.conf "$root/etc/resolv.conf"
	printf '%s\n' "$host" >"$root/etc/hostname"
	printf '127.0.0.1\tlocalhost\n127.0.1.1\t%s\n\n::1\tlocalhost ip6-localhost ip6-loopback\n' \
		"$host" >"$root/etc/hosts"
	[[ -z $(git -C "$REPO" status --porcelain) ]] ||
		note "warning: uncommitted changes in $REPO are not part of the fresh run"
	git clone -q --bare --no-local --single-branch "$REPO" "$root/root/nscap.git" >&4 2>&4 ||
		die "git clone of $REPO failed"
	mkdir "$root/.oldroot"
}

# The two result lines, last; a case the run never reached fails with where it stopped.
verdict() {
	local t ok=0 line lines=()
	for t in demo test; do
		line=$(grep -a -E "^(PASS|FAIL) fresh-root-$t(:|$)" "$LOG" | tail -1) || true
		[[ -n $line ]] || line="FAIL fresh-root-$t: ${STOPPED:-not reached: $(last_stage)}"
		lines+=("$line")
		[[ $line == PASS* ]] || ok=1
	done
	((ok == 0)) || sed 's/^/# log| /' < <(grep -av '^# fresh:' "$LOG" | tail -n 30) >&3
	note "total $(($(date +%s) - T0))s; full log: $LOG"
	printf '%s\n' "${lines[@]}"
	return "$ok"
}

main() {
	[[ $EUID -eq 0 ]] || { echo "nscap: fresh: run as root (sudo tests/fresh/run.sh)" >&2; exit 1; }
	LOG=$REPO/out/fresh.log
	mkdir -p "$REPO/out"
	: >"$LOG"
	exec 3>&2 4>>"$LOG"
	T0=$(date +%s)
	export T0
	trap cleanup EXIT
	trap 'STOPPED="interrupted during: $(last_stage)"; note "$STOPPED"; exit 130' INT TERM
	host_deps
	read_sources
	take_lock
	DEADLINE=$(($(date +%s) + LIMIT))
	# (the first element marks the snapshot as taken)
	mapfile -t CGROUPS_BEFORE < <(echo taken; cgroups_now)
	WORK=$(mktemp -d /var/tmp/nscap-fresh.XXXXXX)
	bootstrap "$WORK/root"
	prepare_root "$WORK/root"
	note "entering the fresh root (unshare --mount --pid, pivot_root)"
	limited unshare --mount --pid --fork --kill-child --propagation private -- \
		"$BASH" "$HERE/inside.sh" "$WORK/root" "$(git -C "$REPO" rev-parse HEAD)" || true
}

main
