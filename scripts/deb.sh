#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# out/nscap_VERSION_ARCH.deb from out/nscap (`./build.sh deb` builds first): the setuid binary
# (root:root 4755), /etc/nscap/policy as a conffile that permits nothing until an admin adds
# rules, /var/log/nscap (0700), a logrotate snippet, both man pages, the bash completion, the
# copyright file, and lintian overrides with their reasons. The files in packaging/deb/ are the package's own.
# Byte-reproducible: every time in it is the last commit's (SOURCE_DATE_EPOCH).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
OUT=$ROOT/out
P=$ROOT/packaging/deb

die() {
	printf 'nscap: deb: %s\n' "$*" >&2
	exit 1
}

# The package's paths are the defaults; a binary with other compiled-in values does not fit.
values=$(sed -n 's/^Values: //p' "$OUT/BUILDINFO" 2>/dev/null) || true
want="NSCAP_POLICY=/etc/nscap/policy NSCAP_AUDIT_LOG=/var/log/nscap/audit.log NSCAP_GROUP=nscap NSCAP_CACHE_DIR=/run/nscap"
[[ $values == "$want" ]] || die "out/nscap has '$values', the package needs '$want' (unset NSCAP_*)"
version=$(sed -n 's/^Version: //p' "$OUT/BUILDINFO")
arch=$(dpkg --print-architecture)
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git -C "$ROOT" log -1 --format=%ct 2>/dev/null || echo 0)}

stage=$(mktemp -d "$OUT/deb-stage.XXXXXX")
trap 'rm -rf "$stage"' EXIT
umask 022
d=$stage/nscap
install -d "$d/DEBIAN" "$d/usr/sbin" "$d/etc/nscap" "$d/etc/logrotate.d" "$d/usr/share/man/man5" \
	"$d/usr/share/man/man8" "$d/usr/share/doc/nscap" "$d/usr/share/lintian/overrides" \
	"$d/usr/share/bash-completion/completions"
install -d -m 0700 "$d/var/log/nscap"
install -m 4755 "$OUT/nscap" "$d/usr/sbin/nscap"
install -m 0644 "$ROOT/policy/nscap.policy" "$d/etc/nscap/policy"
install -m 0644 "$P/logrotate" "$d/etc/logrotate.d/nscap"
gzip -9n <"$ROOT/man/nscap.8" >"$d/usr/share/man/man8/nscap.8.gz"
gzip -9n <"$ROOT/man/nscap.policy.5" >"$d/usr/share/man/man5/nscap.policy.5.gz"
install -m 0644 "$P/lintian-overrides" "$d/usr/share/lintian/overrides/nscap"
install -m 0644 "$ROOT/packaging/bash-completion/nscap" "$d/usr/share/bash-completion/completions/nscap"
# The ISC text from LICENSE, as a DEP-5 license body (blank lines become " .").
isc=$(sed -n '/^Permission/,$p' "$ROOT/LICENSE" | sed 's/^$/./; s/^/ /')
awk -v isc="$isc" '$0 == "@ISC@" { print isc; next } { print }' "$P/copyright" \
	>"$d/usr/share/doc/nscap/copyright"
{
	printf 'nscap (%s) unstable; urgency=medium\n\n' "$version"
	printf '  * Release %s: the source is the commit out/BUILDINFO names.\n\n' "$version"
	printf ' -- %s  %s\n' "$(sed -n 's/^Maintainer: //p' "$P/control")" \
		"$(date -u -R -d "@$SOURCE_DATE_EPOCH")"
} | gzip -9n >"$d/usr/share/doc/nscap/changelog.gz"
chmod 0644 "$d/usr/share/doc/nscap/copyright" "$d/usr/share/doc/nscap/changelog.gz" \
	"$d"/usr/share/man/man*/*.gz

install -m 0755 "$P/postinst" "$P/postrm" "$d/DEBIAN/"
install -m 0644 "$P/conffiles" "$d/DEBIAN/"
(cd "$d" && find usr -type f | LC_ALL=C sort | xargs md5sum) >"$d/DEBIAN/md5sums"
size=$(du -k -s --exclude=DEBIAN "$d" | cut -f1)
sed -e "s/@VERSION@/$version/" -e "s/@ARCH@/$arch/" -e "s/@SIZE@/$size/" "$P/control" \
	>"$d/DEBIAN/control"
chmod 0644 "$d/DEBIAN/control" "$d/DEBIAN/md5sums"
find "$d" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +

deb=$OUT/nscap_${version}_${arch}.deb
dpkg-deb --root-owner-group -Zxz --build "$d" "$deb.tmp" >/dev/null
mv -f "$deb.tmp" "$deb"
printf 'nscap: deb: %s (sha256 %s)\n' "$deb" "$(sha256sum <"$deb" | cut -d' ' -f1)" >&2
