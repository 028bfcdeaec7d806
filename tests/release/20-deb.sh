# SPDX-License-Identifier: ISC
# shellcheck shell=bash
# The Debian package: the same bytes from both copies, lintian clean, its contents; then, where
# no real nscap is installed, installed, used by a real user (stock policy: denied; with a rule:
# a capture in the runc container), purged to nothing, and a group nscap it did not make kept.
# The cases are in lib-deb.sh.

deb_cases() {
	local real c
	CASE_TIMEOUT=600 run_test release-deb-reproducible t_deb_reproducible
	CASE_TIMEOUT=300 run_test release-deb-lintian t_deb_lintian
	run_test release-deb-contents t_deb_contents
	if real=$(deb_real_nscap); then
		for c in install stock-policy-denies capture purge foreign-group; do
			echo "# SKIP release-deb-$c: a real nscap is installed here ($real); not installing over it"
		done
		return 0
	fi
	if [[ ! -f $DEB ]]; then
		echo "# SKIP release-deb-install and the cases after it: no package (release-deb-reproducible failed)"
		return 0
	fi
	deb_keep || {
		echo "FAIL release-deb-install: cannot put the existing nscap paths aside"
		CASES_FAILED=$((CASES_FAILED + 1))
		return 0
	}
	run_test release-deb-install t_deb_install
	run_test release-deb-stock-policy-denies t_deb_stock_denies
	run_test release-deb-capture t_deb_capture
	run_test release-deb-purge t_deb_purge
	if [[ -f $DEB_KEEP/group ]]; then
		run_test release-deb-foreign-group t_deb_foreign_group
	else
		echo "# SKIP release-deb-foreign-group: this machine has its own group nscap already"
	fi
	deb_cleanup
}
deb_cases
