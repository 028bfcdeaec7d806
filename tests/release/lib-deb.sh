# shellcheck shell=bash
# SPDX-License-Identifier: ISC
# tests/release: the Debian package's cases (sourced by setup.sh; they use its A, B, T, the
# runc container's CID and tests/lib). The package's paths are the real ones (/etc/nscap, /var/log/nscap, the group nscap),
# so the install cases refuse to run where a real nscap is installed, and put whatever else they
# find there aside in DEB_KEEP until the end (a crashed run's is restored by the next one).

DEB_PATHS=(/etc/nscap /var/log/nscap /var/lib/nscap /etc/logrotate.d/nscap /run/nscap)
DEB_KEEP=/var/tmp/nscapt-release-kept
DEB=

# Prints what makes this machine's nscap real, if anything: the package, or an installed binary.
deb_real_nscap() {
	local st f
	st=$(dpkg-query -W -f='${db:Status-Status}' nscap 2>/dev/null)
	if [[ -n $st && $st != not-installed ]]; then
		echo "the nscap package is $st"
		return 0
	fi
	for f in /usr/sbin/nscap /usr/local/sbin/nscap; do
		[[ -e $f ]] && echo "$f exists" && return 0
	done
	return 1
}

# Markers in DEB_KEEP: "installed" while our package may be installed, "group" when the group
# nscap did not exist before (so any group nscap is ours to remove).
deb_keep() {
	local p
	mkdir -p "$DEB_KEEP" || return 1
	getent group nscap >/dev/null || : >"$DEB_KEEP/group"
	for p in "${DEB_PATHS[@]}"; do
		[[ -e $p ]] || continue
		log "release: putting $p aside in $DEB_KEEP until the end"
		mv "$p" "$DEB_KEEP/kept${p//\//%}" || return 1
	done
}

deb_cleanup() {
	local p k
	[[ -d $DEB_KEEP ]] || return 0
	[[ -f $DEB_KEEP/installed ]] && dpkg --purge nscap >/dev/null 2>&1
	[[ -f $DEB_KEEP/group ]] && getent group nscap >/dev/null && groupdel nscap
	for p in "${DEB_PATHS[@]}"; do
		k=$DEB_KEEP/kept${p//\//%}
		[[ -e $k ]] || continue
		rm -rf "$p"
		mv "$k" "$p" || log "release: could not restore $p from $k"
	done
	rmdir "$DEB_KEEP" 2>/dev/null || rm -f "$DEB_KEEP/installed" "$DEB_KEEP/group"
	return 0
}

t_deb_reproducible() {
	"$A/build.sh" deb >"$T/deb-a.log" 2>&1 ||
		fail "./build.sh deb failed: $(tail -n 1 "$T/deb-a.log")" || return
	"$B/build.sh" deb >"$T/deb-b.log" 2>&1 ||
		fail "./build.sh deb failed in the clone: $(tail -n 1 "$T/deb-b.log")" || return
	DEB=$(echo "$A"/out/nscap_*_*.deb)
	[[ -f $DEB ]] || fail "no out/nscap_VERSION_ARCH.deb" || return
	log "package $(basename "$DEB") sha256 $(sha "$DEB")"
	cmp -s "$DEB" "$B/out/${DEB##*/}" || fail "the two copies' packages differ" || return
}

# lintian as nobody (it warns when run as root), with every severity; the overrides are logged.
t_deb_lintian() {
	local home=$T/lintian-home out rc=0
	[[ -f $DEB ]] || fail "no package" || return
	install -d -m 0755 "$T/pub" && install -m 0644 "$DEB" "$T/pub/" || return
	install -d -o nobody -m 0700 "$home" || return
	lint() { (cd "$home" && setpriv --reuid=nobody --regid=nogroup --clear-groups env HOME="$home" lintian "$@"); }
	out=$(lint -i -E -I --pedantic --fail-on error,warning,info,pedantic "$T/pub/${DEB##*/}" 2>&1) || rc=$?
	log "lintian -i -E -I --pedantic: exit $rc, output: ${out:-(none)}"
	lint --show-overrides "$T/pub/${DEB##*/}" 2>&1 | grep '^O: ' | sed 's/^/#   /' >&2
	[[ $rc == 0 && -z $out ]] || fail "lintian: $(head -n 3 <<<"$out" | tr '\n' ' ')" || return
}

t_deb_contents() {
	local c p policy
	c=$(dpkg-deb -c "$DEB") || fail "dpkg-deb -c failed" || return
	for p in '^-rwsr-xr-x root/root .* \./usr/sbin/nscap$' '^drwx------ root/root .* \./var/log/nscap/$' \
		'^-rw-r--r-- root/root .* \./etc/nscap/policy$' '\./etc/logrotate\.d/nscap$' \
		'\./usr/share/man/man8/nscap\.8\.gz$' '\./usr/share/man/man5/nscap\.policy\.5\.gz$' \
		'\./usr/share/doc/nscap/copyright$' '\./usr/share/bash-completion/completions/nscap$'; do
		grep -qE "$p" <<<"$c" || fail "no entry matching $p" || return
	done
	[[ $(dpkg-deb -f "$DEB" Package Architecture) == *"Package: nscap"* ]] || fail "control" || return
	[[ $(dpkg-deb --ctrl-tarfile "$DEB" | tar -xOf - ./conffiles | sort | tr '\n' ' ') == \
		"/etc/logrotate.d/nscap /etc/nscap/policy " ]] || fail "conffiles are not the policy and logrotate" || return
	dpkg-deb --fsys-tarfile "$DEB" | tar -xOf - ./usr/sbin/nscap | cmp -s - "$A/out/nscap" ||
		fail "the packaged binary is not out/nscap" || return
	policy=$(dpkg-deb --fsys-tarfile "$DEB" | tar -xOf - ./etc/nscap/policy)
	grep -q '^tool tcpdump {' <<<"$policy" || fail "the policy has no tool profiles" || return
	! grep -qE '^[[:space:]]*(permit|deny)[[:space:]]' <<<"$policy" || fail "the policy has an active rule" || return
}

t_deb_install() {
	: >"$DEB_KEEP/installed"
	dpkg -i "$DEB" >"$T/dpkg-i.log" 2>&1 || fail "dpkg -i: $(tail -n 2 "$T/dpkg-i.log" | tr '\n' ' ')" || return
	[[ $(stat -c '%a %U %G' /usr/sbin/nscap) == "4755 root root" ]] || fail "/usr/sbin/nscap: $(stat -c '%a %U %G' /usr/sbin/nscap)" || return
	[[ $(stat -c '%a %U' /var/log/nscap) == "700 root" ]] || fail "/var/log/nscap: $(stat -c '%a %U' /var/log/nscap)" || return
	getent group nscap >/dev/null || fail "no group nscap" || return
	if [[ -f $DEB_KEEP/group ]]; then
		[[ -f /var/lib/nscap/created-group ]] || fail "the group was made but not recorded" || return
	else
		[[ ! -e /var/lib/nscap/created-group ]] || fail "recorded as ours a group that was there before" || return
	fi
	local v
	v=$(run_as "$ALICE" /usr/sbin/nscap -V | tr '\n' '|')
	[[ $v == "nscap $(cat "$A/VERSION")|policy: /etc/nscap/policy|audit log: /var/log/nscap/audit.log|tool group: nscap|lookup indexes: /run/nscap|" ]] ||
		fail "nscap -V as $ALICE: $v" || return
}

# The shipped policy has no rule: asked about a process in the container, nscap says no.
t_deb_stock_denies() {
	NSCAP_EXE=/usr/sbin/nscap nscap_as "$ALICE" -- "pid:$CPID" tcpdump -i lo -c 1 -w stock.pcap
	expect_rc 126 || return
	expect_no_file "$NT_HOME/alice/stock.pcap" || return
	grep -q '"event":"deny".*"user":"nscapt-alice"' /var/log/nscap/audit.log || fail "no deny record" || return
}

t_deb_capture() {
	local tmp=/etc/nscap/policy.new f=$NT_HOME/alice/rel.pcap n
	sed "s|^state-root /\$|state-root $STATE|" /etc/nscap/policy >"$tmp" &&
		echo "permit user:$ALICE on container:$CID run tcpdump max-time 30s" >>"$tmp" &&
		chmod 0644 "$tmp" && mv "$tmp" /etc/nscap/policy || fail "cannot write the policy" || return
	NSCAP_EXE=/usr/sbin/nscap nscap_as "$ALICE" -- "$CID" tcpdump -i lo -nn -c 4 -w rel.pcap port 8080
	expect_rc 0 || return
	[[ $(stat -c %U "$f" 2>/dev/null) == "$ALICE" ]] || fail "no capture owned by $ALICE" || return
	n=$(pcap_count "$f" 8080) || fail "the capture is not port 8080 traffic" || return
	((n >= 1)) || fail "empty capture" || return
	grep -q '"event":"start".*"user":"nscapt-alice".*"tool":"tcpdump"' /var/log/nscap/audit.log &&
		grep -q '"event":"end"' /var/log/nscap/audit.log || fail "no start/end audit records" || return
	log "a capture of $n packets by $ALICE through the installed package"
}

t_deb_purge() {
	local p left=()
	dpkg --purge nscap >"$T/dpkg-purge.log" 2>&1 || fail "dpkg --purge: $(tail -n 2 "$T/dpkg-purge.log" | tr '\n' ' ')" || return
	rm -f "$DEB_KEEP/installed"
	for p in /usr/sbin/nscap /usr/share/doc/nscap /usr/share/man/man8/nscap.8.gz \
		/usr/share/man/man5/nscap.policy.5.gz /usr/share/lintian/overrides/nscap "${DEB_PATHS[@]}"; do
		[[ -e $p ]] && left+=("$p")
	done
	((${#left[@]} == 0)) || fail "left behind: ${left[*]}" || return
	[[ $(dpkg-query -W -f='${db:Status-Status}' nscap 2>/dev/null) == @(|not-installed) ]] ||
		fail "dpkg still knows nscap" || return
	if [[ -f $DEB_KEEP/group ]]; then
		! getent group nscap >/dev/null || fail "the group nscap the package made is left" || return
	else
		getent group nscap >/dev/null || fail "purge removed a group nscap that was there before" || return
	fi
}

# A group nscap that was there before the package is not the package's to remove.
t_deb_foreign_group() {
	groupadd --system nscap || fail "groupadd" || return
	: >"$DEB_KEEP/installed"
	dpkg -i "$DEB" >"$T/dpkg-i2.log" 2>&1 || fail "dpkg -i" || return
	[[ ! -e /var/lib/nscap/created-group ]] || fail "recorded the existing group as the package's" || return
	dpkg --purge nscap >"$T/dpkg-purge2.log" 2>&1 || fail "dpkg --purge" || return
	rm -f "$DEB_KEEP/installed"
	getent group nscap >/dev/null || fail "purge removed the group it had not made" || return
	groupdel nscap
	[[ ! -e /var/lib/nscap ]] || fail "/var/lib/nscap left" || return
}
