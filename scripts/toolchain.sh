#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# Toolchain bootstrap: what the Makefile needs that Debian's packages do not give ready to use,
# made once under build/ (cached; rerun at will). Needs the packages of `./build.sh deps build`.
#
#   build/kheaders/             kernel UAPI headers (musl-gcc does not search /usr/include)
#   build/jsmn/jsmn.h           Debian's libjsmn-dev header, for the same reason
#   build/musl/static-pie.specs Debian's musl-gcc specs cannot link static-pie; these can
#   build/seccomp-musl/         libseccomp built with musl from Debian's source package, fetched
#                               and signature-checked by apt through build/apt: a private apt
#                               configuration whose deb-src entries are derived from this
#                               machine's deb sources (the machine's own apt state is untouched)
#   build/toolchain.mk          where all that is, for make
#   build/toolchain.info        the packages the binary is made from: versions and source
#                               package hashes, for out/BUILDINFO
#
# LIBSECCOMP_VERSION=V fetches that Debian version of libseccomp rather than the newest one the
# sources offer (to rebuild with the toolchain a BUILDINFO names).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
B=$ROOT/build
APT=$B/apt
APT_OPTS=(
	-o "Dir::Etc::SourceList=$APT/sources.list"
	-o "Dir::Etc::SourceParts=$APT/sources.list.d"
	-o "Dir::State::Lists=$APT/lists"
	-o "Dir::Cache=$APT/cache"
	-o "Dir::Cache::pkgcache="
	-o "Dir::Cache::srcpkgcache="
	-o "Acquire::AllowInsecureRepositories=false"
	-o "APT::Get::AllowUnauthenticated=false"
)
# Small code for a setuid binary on minimal nodes; no build path in the objects.
SECCOMP_CFLAGS="-Os -fPIE -fstack-protector-strong -ffunction-sections -fdata-sections \
-fno-asynchronous-unwind-tables -fno-unwind-tables -ffile-prefix-map=$B/seccomp-src/tree=."

log() { printf 'nscap: toolchain: %s\n' "$*" >&2; }
die() {
	log "$*"
	exit 1
}

setup_kheaders() {
	local kh=$B/kheaders ma ver
	ma=$(dpkg-architecture -qDEB_HOST_MULTIARCH)
	ver=$(dpkg-query -W -f='${Version}' linux-libc-dev)
	[[ -f $kh/.stamp && $(<"$kh/.stamp") == "$ver" ]] && return 0
	rm -rf "$kh"
	mkdir -p "$kh"
	cp -a /usr/include/linux /usr/include/asm-generic "$kh/"
	cp -a "/usr/include/$ma/asm" "$kh/asm"
	printf '%s\n' "$ver" >"$kh/.stamp"
}

setup_jsmn() {
	mkdir -p "$B/jsmn"
	cmp -s /usr/include/jsmn.h "$B/jsmn/jsmn.h" || cp /usr/include/jsmn.h "$B/jsmn/jsmn.h"
}

# Debian's specs hard-code Scrt1.o and -dynamic-linker, which silently yields a dynamic binary
# under -static-pie. The derived specs use rcrt1.o and --no-dynamic-linker for -static-pie; a
# probe must link, be static and run, or the build falls back to plain -static (non-PIE).
# Sets REALGCC, MUSL_CC, MUSL_LINK, MUSL_LIBDIR.
setup_musl() {
	local wrapper specs dir=$B/musl
	wrapper=$(command -v musl-gcc) || die "musl-gcc not found (package musl-tools)"
	specs=$(sed -n 's/.*-specs "\([^"]*\)".*/\1/p' "$wrapper")
	# shellcheck disable=SC2016  # a literal ${REALGCC:-...} in the wrapper
	REALGCC=$(sed -n 's/.*\${REALGCC:-\([^}]*\)}.*/\1/p' "$wrapper")
	REALGCC=$(command -v "${REALGCC:-gcc}") || die "the compiler musl-gcc wraps is missing"
	[[ -f $specs ]] || die "musl-gcc's specs file $specs is missing"
	MUSL_LIBDIR=$(dirname "$specs")
	mkdir -p "$dir"
	sed -e "s|%{!shared: $MUSL_LIBDIR/Scrt1.o}|%{!shared: %{static-pie:$MUSL_LIBDIR/rcrt1.o;:$MUSL_LIBDIR/Scrt1.o}}|" \
		-e 's|^-dynamic-linker \([^ ]*\) \(.*\)$|%{!static-pie:-dynamic-linker \1} \2 %{static-pie:-static -pie --no-dynamic-linker -z text}|' \
		"$specs" >"$dir/static-pie.specs"
	printf '%s\n' '#include <stdio.h>' 'static int v = 42;' 'static int *pv = &v;' \
		'int main(void) { printf("ok %d\n", *pv); return 0; }' >"$dir/probe.c"
	if "$REALGCC" -specs "$dir/static-pie.specs" -fPIE -static-pie -O2 "$dir/probe.c" \
		-o "$dir/probe" 2>"$dir/probe.log" &&
		"$ROOT/scripts/check-static.sh" "$dir/probe" 2>>"$dir/probe.log" &&
		[[ $("$dir/probe" 2>>"$dir/probe.log") == "ok 42" ]]; then
		MUSL_CC="$REALGCC -specs build/musl/static-pie.specs"
		MUSL_LINK="-fPIE -static-pie"
	else
		log "warning: musl static-pie unavailable (see $dir/probe.log); linking -static (non-PIE)"
		MUSL_CC=musl-gcc
		MUSL_LINK=-static
	fi
}

# deb-src twins of the enabled deb entries of one-line sources (same options, URI, suite,
# components).
oneline_src() { sed -n 's/^[[:space:]]*deb\([[:space:]]\)/deb-src\1/p'; }

# deb-src twins of the enabled deb stanzas of a deb822 .sources file: every field kept (URIs,
# Suites, Components, Signed-By with an inline key) but Types, Enabled and Architectures.
deb822_src() {
	awk '
	function flush(i) {
		if (n && deb && on) { print "Types: deb-src"; for (i = 1; i <= n; i++) print f[i]; print "" }
		n = 0; deb = 0; on = 1; skip = 0
	}
	BEGIN { on = 1 }
	/^[ \t]*$/ { flush(); next }
	/^#/ { next }
	/^[ \t]/ { if (!skip) f[++n] = $0; next }
	{
		key = tolower(substr($0, 1, index($0, ":") - 1)); val = tolower(substr($0, index($0, ":") + 1))
		skip = (key == "types" || key == "enabled" || key == "architectures")
		if (key == "types" && val ~ /(^|[ \t])deb([ \t]|$)/) deb = 1
		if (key == "enabled" && val ~ /^[ \t]*(no|false|off|0)[ \t]*$/) on = 0
		if (!skip) f[++n] = $0
	}
	END { flush() }'
}

# The private configuration: the files apt itself reads, turned into their deb-src twins.
apt_private() {
	local sl sp f
	eval "$(apt-config shell sl Dir::Etc::SourceList/f sp Dir::Etc::SourceParts/d)"
	rm -rf "$APT"
	mkdir -p "$APT/sources.list.d" "$APT/lists/partial" "$APT/cache/archives/partial"
	: >"$APT/sources.list"
	if [[ -f ${sl:-} ]]; then oneline_src <"$sl" >>"$APT/sources.list"; fi
	shopt -s nullglob
	for f in "${sp:-/nonexistent}"/*.list; do oneline_src <"$f" >>"$APT/sources.list"; done
	for f in "${sp:-/nonexistent}"/*.sources; do deb822_src <"$f" >"$APT/sources.list.d/${f##*/}"; done
	shopt -u nullglob
	grep -rqs -e '^deb-src' -e '^Types: deb-src' "$APT/sources.list" "$APT/sources.list.d" ||
		die "no enabled deb entry in this machine's apt sources to derive deb-src entries from"
	log "apt-get update with the deb-src twins of this machine's sources (private, $APT)"
	apt-get -q "${APT_OPTS[@]}" update </dev/null >"$APT/update.log" 2>&1 || {
		sed 's/^/  /' "$APT/update.log" >&2
		die "apt-get update (private configuration) failed"
	}
}

build_libseccomp() {
	local prefix=$B/seccomp-musl src=$B/seccomp-src want=${LIBSECCOMP_VERSION:-} dsc t0
	[[ -f $prefix/lib/libseccomp.a && $(cat "$prefix/.stamp" 2>/dev/null) == "$SECCOMP_CFLAGS $want" ]] &&
		return 0
	rm -rf "$prefix" "$prefix.tmp" "$src"
	mkdir -p "$src"
	apt_private
	log "fetching libseccomp${want:+ $want} (apt-get source: signed Sources, checked hashes)"
	(cd "$src" && apt-get -q "${APT_OPTS[@]}" source --download-only "libseccomp${want:+=$want}" \
		</dev/null >"$src/fetch.log" 2>&1) || {
		sed 's/^/  /' "$src/fetch.log" >&2
		die "apt-get source libseccomp failed"
	}
	dsc=("$src"/libseccomp_*.dsc)
	[[ -f ${dsc[0]} ]] || die "apt-get source libseccomp produced no .dsc"
	# apt checked the files against the signed InRelease -> Sources hashes; dpkg-source would
	# only warn that it has no keyring for the uploader's own signature.
	dpkg-source -x "${dsc[0]}" "$src/tree" >"$src/dpkg-source.log" 2>&1 || {
		cat "$src/dpkg-source.log" >&2
		die "dpkg-source -x failed"
	}
	log "building $(basename "${dsc[0]}" .dsc) with musl (configure and make: about 10 s)"
	t0=$SECONDS
	# AR_FLAGS: libtool's default "cru" makes Debian's ar warn that u is ignored.
	(
		cd "$src/tree"
		./configure -q CC="musl-gcc -isystem $B/kheaders" CFLAGS="$SECCOMP_CFLAGS" AR_FLAGS=cr \
			--enable-static --disable-shared --disable-python --prefix="$prefix.tmp"
		make -s -C src -j"$(nproc)" AR_FLAGS=cr
		make -s -C src install
		make -s -C include install
	) >"$src/build.log" 2>&1 || {
		tail -n 30 "$src/build.log" >&2
		die "libseccomp build failed (log: $src/build.log)"
	}
	[[ -f $prefix.tmp/lib/libseccomp.a && -f $prefix.tmp/include/seccomp.h ]] ||
		die "libseccomp build did not produce lib/libseccomp.a and include/seccomp.h"
	printf '%s' "$SECCOMP_CFLAGS $want" >"$prefix.tmp/.stamp"
	sha256sum "$src"/libseccomp_* | sed "s|$src/||" >"$prefix.tmp/.sources"
	mv "$prefix.tmp" "$prefix"
	log "built libseccomp in $((SECONDS - t0)) s"
}

# "PKG VERSION SOURCE SOURCE-VERSION" of the installed package that ships FILE.
pkg_of() {
	local owner
	owner=$(dpkg -S "$(readlink -f "$1")" 2>/dev/null || dpkg -S "$1" 2>/dev/null) ||
		die "no installed package ships $1"
	owner=${owner%%$'\n'*}
	owner=${owner%%: /*}
	dpkg-query -W -f='${Package} ${Version} ${source:Package} ${source:Version}\n' "${owner%%, *}"
}

# The .dsc's sha256 for SOURCE VERSION, from the signed Sources indexes of the private config.
dsc_sha256() {
	apt-cache "${APT_OPTS[@]}" showsrc --only-source "$1" 2>/dev/null | awk -v v="$2" '
		/^$/ { ver = ""; ck = 0 }
		/^Version:/ { ver = $2 }
		/^[^ ]/ { ck = ($1 == "Checksums-Sha256:"); next }
		ck && ver == v && $3 ~ /\.dsc$/ && !done { print $1; done = 1 }'
}

# What out/nscap is made from: the packages shipping the compiler, assembler, linker, libgcc,
# musl, the kernel and jsmn headers; then libseccomp's source files as fetched.
write_info() {
	local files pkgs key p sha
	files=("$REALGCC" "$("$REALGCC" -print-prog-name=cc1)" "$(command -v as)" "$(command -v ld)"
		"$("$REALGCC" -print-libgcc-file-name)" "$MUSL_LIBDIR/libc.a" /usr/include/linux/seccomp.h
		/usr/include/jsmn.h)
	pkgs=$(for p in "${files[@]}"; do pkg_of "$p"; done | sort -u)
	key="$pkgs $(cat "$B/seccomp-musl/.sources") $(sha256sum <"${BASH_SOURCE[0]}")"
	[[ -f $B/toolchain.info && $(cat "$B/toolchain.key" 2>/dev/null) == "$key" ]] && return 0
	[[ -d $APT/lists ]] || apt_private
	{
		while read -r p v s sv; do
			echo "Built-With: $p $v"
		done <<<"$pkgs"
		while read -r s sv; do
			sha=$(dsc_sha256 "$s" "$sv")
			echo "Source: $s $sv dsc-sha256 ${sha:-unknown (this version is not in the apt sources)}"
		done < <(awk '{ print $3, $4 }' <<<"$pkgs" | sort -u)
		sed 's/^\([0-9a-f]*\)  \(.*\)/Libseccomp-Source: \2 sha256 \1/' "$B/seccomp-musl/.sources"
	} >"$B/toolchain.info.tmp"
	mv "$B/toolchain.info.tmp" "$B/toolchain.info"
	printf '%s' "$key" >"$B/toolchain.key"
	# The Sources indexes are 57 MB; fetched again only when the toolchain changes.
	rm -rf "$APT/lists"
}

main() {
	mkdir -p "$B"
	setup_kheaders
	setup_jsmn
	setup_musl
	build_libseccomp
	write_info
	cat >"$B/toolchain.mk.tmp" <<-EOF
		# Written by scripts/toolchain.sh; paths relative to the repository root.
		MUSL_CC := $MUSL_CC
		MUSL_LINK := $MUSL_LINK
		KHEADERS := build/kheaders
		JSMN := build/jsmn
		SECCOMP := build/seccomp-musl
	EOF
	mv "$B/toolchain.mk.tmp" "$B/toolchain.mk"
}

main "$@"
