/* SPDX-License-Identifier: ISC */
#include "privs.h"

#include <errno.h>
#include <grp.h>
#include <linux/capability.h>
#include <linux/securebits.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "util.h"

#define CAPS_IDS (CAPBIT(CAP_SETUID) | CAPBIT(CAP_SETGID) | CAPBIT(CAP_SETPCAP))

/* No uid 0 magic and no capability changes on uid changes, both locked. KEEP_CAPS stays
 * unlocked: it only matters on a change away from uid 0, which NO_SETUID_FIXUP already rules
 * out, and tools such as ping set it themselves (and fail when they cannot). */
#define SECBITS_BASE                                                                               \
	(SECBIT_NOROOT | SECBIT_NOROOT_LOCKED | SECBIT_NO_SETUID_FIXUP |                           \
	 SECBIT_NO_SETUID_FIXUP_LOCKED)
#define SECBITS_FINAL                                                                              \
	(SECBITS_BASE | SECBIT_NO_CAP_AMBIENT_RAISE | SECBIT_NO_CAP_AMBIENT_RAISE_LOCKED)

static int capget_all(uint64_t *eff, uint64_t *prm, uint64_t *inh)
{
	struct __user_cap_header_struct h = {_LINUX_CAPABILITY_VERSION_3, 0};
	struct __user_cap_data_struct d[2];

	if (syscall(SYS_capget, &h, d) != 0)
		return -1;
	*eff = (uint64_t)d[1].effective << 32 | d[0].effective;
	*prm = (uint64_t)d[1].permitted << 32 | d[0].permitted;
	*inh = (uint64_t)d[1].inheritable << 32 | d[0].inheritable;
	return 0;
}

static void capset_all(uint64_t eff, uint64_t prm, uint64_t inh)
{
	struct __user_cap_header_struct h = {_LINUX_CAPABILITY_VERSION_3, 0};
	struct __user_cap_data_struct d[2] = {
		{(uint32_t)eff, (uint32_t)prm, (uint32_t)inh},
		{(uint32_t)(eff >> 32), (uint32_t)(prm >> 32), (uint32_t)(inh >> 32)},
	};
	uint64_t e, p, i;

	if (syscall(SYS_capset, &h, d) != 0)
		pdie(EXIT_FAIL, "capset");
	if (capget_all(&e, &p, &i) != 0 || e != eff || p != prm || i != inh)
		die(EXIT_FAIL, "capabilities did not change as asked");
}

/* Drop every capability not in keep from the bounding set, and prove it. Each drop is a new
 * set of credentials, so a capability already gone is only read. */
static void bound_to(uint64_t keep)
{
	for (int c = 0; c < 64; c++) {
		int r = prctl(PR_CAPBSET_READ, c, 0, 0, 0);

		if (r < 0 && errno == EINVAL)
			break; /* past the kernel's last capability */
		if (r < 0)
			pdie(EXIT_FAIL, "PR_CAPBSET_READ");
		if (r == 0 || (keep & CAPBIT(c)))
			continue;
		if (prctl(PR_CAPBSET_DROP, c, 0, 0, 0) != 0)
			pdie(EXIT_FAIL, "PR_CAPBSET_DROP %d", c);
		if (prctl(PR_CAPBSET_READ, c, 0, 0, 0) != 0)
			die(EXIT_FAIL, "bounding set still holds capability %d", c);
	}
}

static void securebits(unsigned long bits)
{
	if (prctl(PR_SET_SECUREBITS, bits, 0, 0, 0) != 0)
		pdie(EXIT_FAIL, "PR_SET_SECUREBITS");
	if (prctl(PR_GET_SECUREBITS, 0, 0, 0, 0) != (int)bits)
		die(EXIT_FAIL, "securebits did not change as asked");
}

static void ids(uid_t uid, uid_t euid, gid_t gid)
{
	uid_t r, e, s;
	gid_t gr, ge, gs;

	if (setresgid(gid, gid, gid) != 0)
		pdie(EXIT_FAIL, "setresgid");
	if (setresuid(uid, euid, uid) != 0)
		pdie(EXIT_FAIL, "setresuid");
	if (getresuid(&r, &e, &s) != 0 || getresgid(&gr, &ge, &gs) != 0)
		pdie(EXIT_FAIL, "getresuid");
	if (r != uid || e != euid || s != uid || gr != gid || ge != gid || gs != gid)
		die(EXIT_FAIL, "user and group ids did not change as asked");
}

static int has_gid(const gid_t *set, int n, gid_t g)
{
	for (int i = 0; i < n; i++)
		if (set[i] == g)
			return 1;
	return 0;
}

static void groups_to(const gid_t *groups, int ngroups)
{
	static gid_t now[65536];
	int n;

	if (setgroups((size_t)ngroups, groups) != 0)
		pdie(EXIT_FAIL, "setgroups");
	/* The same groups, not just as many (the kernel keeps them sorted). */
	n = getgroups(65536, now);
	if (n != ngroups)
		die(EXIT_FAIL, "supplementary groups did not change as asked");
	for (int i = 0; i < n; i++)
		if (!has_gid(groups, ngroups, now[i]) || !has_gid(now, n, groups[i]))
			die(EXIT_FAIL, "supplementary groups did not change as asked");
}

int privs_check_caps(uint64_t eff, uint64_t prm, uint64_t inh, int check_ambient)
{
	uint64_t e, p, i;

	if (capget_all(&e, &p, &i) != 0 || e != eff || p != prm || i != inh)
		return -1;
	for (int c = 0; c < 64 && check_ambient; c++) {
		int r = prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_IS_SET, c, 0, 0);

		if (r < 0 && errno == EINVAL)
			break;
		if (r != !!(prm & CAPBIT(c)))
			return -1;
	}
	return 0;
}

void privs_hold_root(void)
{
	uid_t r, e, s;
	gid_t gr, ge, gs;

	/* Group ids too: what nscap creates (the audit log) must be root's alone. */
	if (setresgid(0, 0, 0) != 0 || setresuid(0, 0, 0) != 0)
		pdie(EXIT_FAIL, "setresuid");
	if (getresuid(&r, &e, &s) != 0 || r != 0 || e != 0 || s != 0 ||
	    getresgid(&gr, &ge, &gs) != 0 || gr != 0 || ge != 0 || gs != 0)
		die(EXIT_FAIL, "user and group ids did not change as asked");
}

void privs_reduce_for_setns(uint64_t toolcaps)
{
	uint64_t keep = CAPBIT(CAP_SYS_ADMIN) | CAPS_IDS | toolcaps;

	capset_all(keep, keep, 0);
	/* Once, for both processes to come: the tool's caps are all either may ever regain. */
	bound_to(toolcaps);
}

void privs_drop_sysadmin(uint64_t toolcaps)
{
	uint64_t keep = CAPS_IDS | toolcaps;

	capset_all(keep, keep, 0);
}

void privs_supervisor(uid_t uid)
{
	securebits(SECBITS_FINAL);
	bound_to(0);
	if (setgroups(0, NULL) != 0)
		pdie(EXIT_FAIL, "setgroups");
	ids(0, uid, 0);
	capset_all(0, 0, 0);
	/* A euid change resets dumpability; the supervisor must stay unreadable. */
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0)
		pdie(EXIT_FAIL, "PR_SET_DUMPABLE");
}

gid_t privs_tool_group(const char *name, uid_t uid, gid_t gid, const gid_t *groups, int ngroups)
{
	struct group *gr;

	errno = 0;
	gr = getgrnam(name);
	if (!gr && errno)
		pdie(EXIT_FAIL, "reading the group database for group %s", name);
	if (!gr)
		die(EXIT_FAIL,
		    "group '%s' does not exist: nscap runs tools in it (as root: addgroup --system "
		    "%s)",
		    name, name);
	if (gr->gr_mem && gr->gr_mem[0])
		die(EXIT_FAIL, "group '%s' must have no members (it lists %s)", name,
		    gr->gr_mem[0]);
	/* A process of the caller's with this real group could ptrace and prlimit the tool. */
	if (gid == gr->gr_gid || has_gid(groups, ngroups, gr->gr_gid))
		die(EXIT_FAIL, "user %u is in group '%s', which must be nobody's", (unsigned)uid,
		    name);
	return gr->gr_gid;
}

void privs_become_caller(uid_t uid, gid_t gid, gid_t tool_gid, gid_t *groups, int ngroups,
			 uint64_t toolcaps)
{
	securebits(SECBITS_BASE);
	/* The caller's primary group stays one of the tool's, for the files it may use. */
	if (!has_gid(groups, ngroups, gid))
		groups[ngroups++] = gid;
	groups_to(groups, ngroups);
	/* Real, effective and saved group differ from every process of the caller's: the kernel
	 * then refuses them ptrace, pidfd_getfd, process_vm_*, /proc/PID/mem and prlimit on
	 * the tool (__ptrace_may_access, check_prlimit_permission), from here to its exit. */
	ids(uid, uid, tool_gid);
	/* The bounding set is already the tool's caps: privs_reduce_for_setns() dropped and
	 * checked it before the fork, and a fork copies it. */
	/* Inheritable + ambient carry the tool's caps across exec; SETPCAP only until locked. */
	capset_all(toolcaps | CAPBIT(CAP_SETPCAP), toolcaps | CAPBIT(CAP_SETPCAP), toolcaps);
	if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) != 0)
		pdie(EXIT_FAIL, "PR_CAP_AMBIENT_CLEAR_ALL");
	for (int c = 0; c < 64; c++)
		if ((toolcaps & CAPBIT(c)) &&
		    prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, c, 0, 0) != 0)
			pdie(EXIT_FAIL, "PR_CAP_AMBIENT_RAISE %d", c);
	securebits(SECBITS_FINAL);
	capset_all(toolcaps, toolcaps, toolcaps);
	if (privs_check_caps(toolcaps, toolcaps, toolcaps, 1) != 0)
		die(EXIT_FAIL, "capabilities are not exactly the tool's");
}

void privs_drop_all(uid_t uid, gid_t gid, const gid_t *groups, int ngroups)
{
	securebits(SECBITS_FINAL);
	bound_to(0);
	groups_to(groups, ngroups);
	ids(uid, uid, gid);
	capset_all(0, 0, 0);
}
