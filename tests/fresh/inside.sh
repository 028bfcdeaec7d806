#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# tests/fresh/run.sh's second half, PID 1 of its new mount and PID namespaces:
#   inside.sh ROOT COMMIT
# pivots into the fresh root ROOT, installs git, ca-certificates and sudo, clones the bare
# /root/nscap.git (COMMIT, the committed HEAD), runs the README's two commands there and prints
# "PASS|FAIL fresh-root-demo|test". fd 3 is run.sh's progress stream, fd 4 its log.
set -euo pipefail

INNER_PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
note() { printf '# fresh: %s (%ds)\n' "$*" $(($(date +%s) - T0)) | tee -a /dev/fd/4 >&3; }
die() { note "error: $*"; exit 1; }

enter_root() {
	local r=$1
	mount --bind "$r" "$r"
	mount -t proc -o nosuid,nodev,noexec proc "$r/proc"
	mount --rbind /sys "$r/sys"
	mount --make-rslave "$r/sys"
	mount --rbind /dev "$r/dev"
	mount --make-rslave "$r/dev"
	mount -t tmpfs -o nosuid,nodev,mode=1777 tmpfs "$r/dev/shm"
	mount -t tmpfs -o nosuid,nodev,mode=0755 tmpfs "$r/run"
	mkdir -m 0755 "$r/run/lock"
	mount -t tmpfs -o nosuid,nodev,mode=1777 tmpfs "$r/tmp"
	cd "$r"
	pivot_root . .oldroot
	cd /
	umount -l /.oldroot
	rmdir /.oldroot
}

# readme_cmd NAME CMD...: one of the README's commands in the clone; output to the log and kept.
readme_cmd() {
	local name=$1 out=/root/$1.out t rc=0 pid last
	shift
	note "$name: '$*' in the clone"
	t=$(date +%s)
	: >"$out" # before tail looks for it: the command's shell may open it later
	(cd /root/nscap && exec env -i PATH="$INNER_PATH" HOME=/root TERM=dumb "$@") </dev/null >"$out" 2>&1 &
	pid=$!
	tail -n +1 -f --pid="$pid" "$out"
	wait "$pid" || rc=$?
	note "$name: exited $rc after $(($(date +%s) - t))s"
	last=$(tail -n 1 "$out")
	if ((rc != 0)); then
		printf 'FAIL fresh-root-%s: exited %d; %s\n' "$name" "$rc" "$(grep -a '^FAIL ' "$out" | head -3 | paste -sd';')"
	elif [[ $name == test && ! $last =~ ^[1-9][0-9]*\ passed,\ 0\ failed$ ]]; then
		printf 'FAIL fresh-root-%s: last line is "%s", not "N passed, 0 failed"\n' "$name" "$last"
	else
		printf 'PASS fresh-root-%s\n' "$name"
		return 0
	fi
	sed 's/^/# inner| /' < <(tail -n 20 "$out") >&3
}

# The durations of the apt runs (build.sh's package install among them), from apt's history.
apt_times() {
	local s='' c='' line
	while IFS= read -r line; do
		case $line in
		Start-Date:*) s=$(date -d "${line#Start-Date: }" +%s) ;;
		Commandline:*) c=${line#Commandline: } ;;
		End-Date:*) note "apt: $(($(date -d "${line#End-Date: }" +%s) - s))s: ${c:0:80}" ;;
		esac
	done </var/log/apt/history.log
}

inside() {
	local head=$2 t
	enter_root "$1"
	export PATH=$INNER_PATH HOME=/root DEBIAN_FRONTEND=noninteractive
	unset LANG LC_ALL LANGUAGE
	cd /root
	note "inside: apt-get update; install git ca-certificates sudo"
	t=$(date +%s)
	if ! { apt-get update -q && apt-get install -y -q --no-install-recommends git ca-certificates sudo; }; then
		die "apt-get install git ca-certificates sudo failed"
	fi
	note "installed git ca-certificates sudo after $(($(date +%s) - t))s"
	git -c advice.detachedHead=false clone -q /root/nscap.git /root/nscap || die "git clone failed"
	[[ $(git -C /root/nscap rev-parse HEAD) == "$head" ]] || die "the clone is not at $head"
	note "cloned $head"
	readme_cmd demo sudo ./build.sh demo || true
	readme_cmd test sudo ./build.sh test || true
	apt_times
}

inside "$@"
exit
