# shellcheck shell=bash
# SPDX-License-Identifier: ISC
# tests/release's own Docker engine (sourced): Debian's containerd and dockerd with every path
# (state, sockets, pidfile, config) under one directory of ours, no iptables, no bridge, stopped
# by PID. Never the default socket or /var/lib/docker: other engines may run beside it.
# The CLI is docker.io's (/usr/bin/docker), whatever else is on PATH.

DK_CLI=/usr/bin/docker
DK_PID=
DK_CTD_PID=
DK_DIR=

# dk_wait_sock SOCKET PID: up to 30 s for SOCKET to appear while PID lives.
dk_wait_sock() {
	local i
	for i in $(seq 60); do
		[[ -S $1 ]] && return 0
		kill -0 "$2" 2>/dev/null || return 1
		sleep 0.5
	done
	return 1
}

# dk_start DIR: starts the engine, exports DOCKER_HOST; on failure returns 1 with DK_WHY set.
dk_start() {
	local d=$1 i
	DK_DIR=$d
	for i in /usr/sbin/dockerd /usr/bin/containerd "$DK_CLI"; do
		[[ -x $i ]] || {
			DK_WHY="$i is missing (package docker.io)"
			return 1
		}
	done
	mkdir -p "$d/ctd" "$d/docker"
	cat >"$d/containerd.toml" <<-EOF
		version = 2
		root = "$d/ctd/root"
		state = "$d/ctd/state"
		disabled_plugins = ["io.containerd.grpc.v1.cri"]
		[grpc]
		  address = "$d/ctd.sock"
		[ttrpc]
		  address = "$d/ctd.sock.ttrpc"
		[debug]
		  address = ""
		[metrics]
		  address = ""
	EOF
	/usr/bin/containerd --config "$d/containerd.toml" </dev/null >"$d/containerd.log" 2>&1 &
	DK_CTD_PID=$!
	dk_wait_sock "$d/ctd.sock" "$DK_CTD_PID" || {
		DK_WHY="containerd did not start: $(tail -n 2 "$d/containerd.log" | tr '\n' ' ')"
		return 1
	}
	echo '{}' >"$d/daemon.json"
	/usr/sbin/dockerd --config-file "$d/daemon.json" --data-root "$d/docker/data" \
		--exec-root "$d/docker/exec" -H "unix://$d/docker.sock" --pidfile "$d/dockerd.pid" \
		--containerd "$d/ctd.sock" --iptables=false --ip6tables=false --ip-forward=false \
		--ip-masq=false --bridge=none --userland-proxy=false </dev/null >"$d/dockerd.log" 2>&1 &
	DK_PID=$!
	export DOCKER_HOST="unix://$d/docker.sock"
	if dk_wait_sock "$d/docker.sock" "$DK_PID"; then
		for i in $(seq 60); do
			"$DK_CLI" version >/dev/null 2>&1 && return 0
			sleep 0.5
		done
	fi
	# shellcheck disable=SC2034  # read by run.sh
	DK_WHY="dockerd did not start: $(grep -v 'level=info' "$d/dockerd.log" | tail -n 2 | tr '\n' ' ')"
	return 1
}

# dk_kill PID: TERM, up to 30 s, then KILL; only a child of ours.
dk_kill() {
	local pid=$1 i
	[[ -n $pid ]] || return 0
	kill -TERM "$pid" 2>/dev/null || return 0
	for i in $(seq 60); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.5
	done
	kill -KILL "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	return 0
}

# dk_stop: the engine, then anything it left mounted under its directory, then the directory.
dk_stop() {
	local m
	[[ -n $DK_DIR ]] || return 0
	dk_kill "$DK_PID"
	dk_kill "$DK_CTD_PID"
	DK_PID='' DK_CTD_PID=''
	awk -v d="$DK_DIR/" 'index($5, d) == 1 { print $5 }' /proc/self/mountinfo | sort -r |
		while read -r m; do umount -l "$m" 2>/dev/null; done
	rm -rf "$DK_DIR"
	DK_DIR=
}

# dk_base_tarball: a minimal Debian root of this release by debootstrap, from this machine's
# mirror, cached for a week as /var/cache/nscap-fresh/release-base-SUITE.tar.gz; prints its path.
dk_base_tarball() {
	local suite mirror cache tmp
	suite=$(. /etc/os-release && echo "$VERSION_CODENAME")
	# shellcheck disable=SC2016  # apt's own $(SITE) syntax
	mirror=$(apt-get indextargets --format '$(SITE) $(RELEASE)' 'Created-By: Packages' |
		awk -v s="$suite" '$2 == s { print $1; exit }')
	[[ -n $suite && -n $mirror ]] || {
		echo "no apt source of this machine serves $suite" >&2
		return 1
	}
	cache=/var/cache/nscap-fresh/release-base-$suite.tar.gz
	if [[ -z $(find "$cache" -mtime -7 2>/dev/null) ]]; then
		echo "# release: debootstrap --variant=minbase $suite from $mirror (about 30 s)" >&2
		tmp=$(mktemp -d /var/tmp/nscapt-debootstrap.XXXXXX)
		debootstrap --variant=minbase "$suite" "$tmp/root" "$mirror" >"$tmp/log" 2>&1 || {
			tail -n 5 "$tmp/log" >&2
			rm -rf "$tmp"
			return 1
		}
		mkdir -p "${cache%/*}"
		tar -C "$tmp/root" -czf "$cache.tmp" . && mv -f "$cache.tmp" "$cache"
		rm -rf "$tmp"
	fi
	echo "$cache"
}

# dk_import_base TARBALL IMAGE WORKDIR: the root with this machine's apt sources (the files apt
# reads whose keyrings the root has; as in Debian's own images), imported without a registry.
dk_import_base() {
	local tar=$1 image=$2 w=$3/base f k ok sl sp
	mkdir -p "$w"
	tar -C "$w" -xzf "$tar" || return 1
	rm -f "$w/etc/apt/sources.list" "$w"/etc/apt/sources.list.d/*
	eval "$(apt-config shell sl Dir::Etc::SourceList/f sp Dir::Etc::SourceParts/d)"
	for f in "$sl" "$sp"/*.list "$sp"/*.sources; do
		[[ -f $f ]] || continue
		ok=1
		while read -r k; do
			[[ -z $k || -f $w$k ]] || ok=0
		done < <(grep -oiE 'signed-by[=:][[:space:]]*/[^] ,]+' "$f" | sed 's/.*[=:][[:space:]]*//')
		if ((ok)); then
			cp "$f" "$w/etc/apt/sources.list.d/${f##*/}"
		else
			echo "# release: base image: left out $f (its keyring is not in a Debian root)" >&2
		fi
	done
	[[ ${sl##*/} == sources.list && -f $w/etc/apt/sources.list.d/sources.list ]] &&
		mv "$w/etc/apt/sources.list.d/sources.list" "$w/etc/apt/sources.list"
	tar -C "$w" -c . | "$DK_CLI" import - "$image" >/dev/null || return 1
	rm -rf "$w"
}
