# SPDX-License-Identifier: ISC
# shellcheck shell=bash disable=SC2034,SC2016
# The release suite's setup: the tree's snapshot built from scratch twice (A, then a clone B
# elsewhere, later, with another umask and time zone), the test users and a runc container with
# traffic for the package's capture; and what its sections share.
# shellcheck source=tests/release/lib-docker.sh
. "$HERE/lib-docker.sh"
# shellcheck source=tests/release/lib-deb.sh
. "$HERE/lib-deb.sh"

REL_BIN=${NSCAP_BIN:-$REPO/out/nscap}
[[ $REL_BIN == /* ]] || REL_BIN=$PWD/$REL_BIN
# the test binary's policy (the package's cases use the package's own)
POLICY_TOOLS=(tcpdump)
POLICY_RULES=("permit group:$ONCALL on container:* run tcpdump max-time 30s")

T= # everything of the run, /tmp/nscapt-rel.*
A= # the tree's snapshot, a git repository, built first
B= # a clone of A elsewhere, built later

rel_cleanup() {
	dk_stop
	deb_cleanup
	[[ -z $T ]] || rm -rf "$T"
	T=
}

# snapshot DIR: this tree's files as they are (tracked and new, not ignored) committed as the
# one commit of a repository in DIR, with HEAD's date, so builds there see exactly these sources.
snapshot() {
	local dir=$1 when
	when=$(git -C "$REPO" log -1 --format=%ct) || return 1
	mkdir -p "$dir"
	(cd "$REPO" && git ls-files -z -co --exclude-standard |
		while IFS= read -r -d '' f; do [[ -e $f ]] && printf '%s\0' "$f"; done |
		tar --null -T - -cf -) | tar -C "$dir" -xf - || return 1
	git -C "$dir" init -q && git -C "$dir" add -A &&
		GIT_COMMITTER_DATE="@$when" git -C "$dir" -c user.name=nscapt -c user.email=nscapt@localhost \
			commit -q --date="@$when" -m "snapshot of the tree under test"
}

# timed NAME LOG CMD...: CMD's output into LOG; its duration into TIME_<NAME>.
timed() {
	local name=$1 log=$2 t0=$SECONDS rc=0
	shift 2
	"$@" >"$log" 2>&1 || rc=$?
	printf -v "TIME_$name" '%s' $((SECONDS - t0))
	return $rc
}

rel_setup() {
	[[ -f $REL_BIN && -f $REPO/out/BUILDINFO ]] || {
		echo "no $REL_BIN or out/BUILDINFO: run ./build.sh test (or ./build.sh) first" >&2
		return 1
	}
	T=$(mktemp -d /tmp/nscapt-rel.XXXXXX) && chmod 0711 "$T" || return 1
	A=$T/a/nscap B=$T/b/some/other/place/nscap-copy
	snapshot "$A" || return 1
	log "building the snapshot from scratch in $A"
	timed A "$T/a.log" "$A/build.sh" build ||
		{ tail -n 20 "$T/a.log" >&2; return 1; }
	sleep 2
	git clone -q "$A" "$B" || return 1
	log "building a clone of it, later, with another umask and time zone, in $B"
	timed B "$T/b.log" env TZ=Pacific/Kiritimati bash -c 'umask 002 && exec "$0" build' "$B/build.sh" ||
		{ tail -n 20 "$T/b.log" >&2; return 1; }
	setup_base || return 1
	container_start || return 1
	traffic_start "$CID"
}

sha() { sha256sum <"$1" | cut -d' ' -f1; }
