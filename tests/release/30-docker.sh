# SPDX-License-Identifier: ISC
# shellcheck shell=bash disable=SC2153  # A, T come from setup.sh
# Dockerfile.build on a debootstrapped Debian root, in a private Docker engine: the same bytes
# as ./build.sh's. Skipped, loudly, only where no Docker engine can be started.

t_docker() {
	local base out=$T/docker-out dlog=$T/docker.log
	base=$(dk_base_tarball) || fail "no Debian base root (debootstrap)" || return
	dk_import_base "$base" nscapt-release-base "$T" || fail "docker import of $base failed" || return
	log "docker build: Dockerfile.build on the imported root (a log: $dlog)"
	timed DOCKER "$dlog" env DOCKER_BUILDKIT=1 "$DK_CLI" build --network host -f "$A/Dockerfile.build" \
		--build-arg BASE=nscapt-release-base --build-arg NSCAP_COMMIT="$(git -C "$A" rev-parse HEAD)" \
		--output "$out" "$A" || fail "docker build failed: $(tail -n 3 "$dlog" | tr '\n' ' ')" || return
	log "docker build ${TIME_DOCKER}s; sha256 docker $(sha "$out/nscap"), ./build.sh $(sha "$A/out/nscap")"
	cmp -s "$out/nscap" "$A/out/nscap" ||
		fail "differs from ./build.sh's; toolchains: $(diff <(grep ^Built-With "$A/out/BUILDINFO") \
			<(grep ^Built-With "$out/BUILDINFO") | grep '^[<>]' | tr '\n' ' ')" || return
}
if dk_start "$T/dk"; then
	CASE_TIMEOUT=1200 run_test release-docker t_docker
else
	echo "# SKIP release-docker: no Docker engine can be started here: $DK_WHY"
fi
dk_stop
