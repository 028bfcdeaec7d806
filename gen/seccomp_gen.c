/* SPDX-License-Identifier: ISC */
/* Build-time compiler of nscap's seccomp filters: libseccomp (built from Debian's source
 * package with musl) turns the rules below into classic BPF once, when nscap is built, and
 * this program writes the programs out as a C header that sandbox.c loads as they are.
 *
 *   seccomp_gen HEADER PFCDIR
 *
 * The filters are the same on every run, so compiling them per invocation only cost startup
 * time (a quarter of it) and put libseccomp's allocator-heavy code in the setuid binary. One
 * value is known only at run time: the address of the empty path execveat() must use
 * (sandbox.h). Each profile is compiled twice, with two addresses that differ in both 32-bit
 * halves; the instructions that differ are the places sandbox.c patches. The result is then
 * proved: patched for two more addresses, each program must equal what libseccomp compiles for
 * that address directly, or the build fails. PFCDIR gets libseccomp's readable pseudo-code of
 * each filter, for review. */
#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <sched.h>
#include <seccomp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "../src/policy.h"
#include "../src/sandbox.h"

#define MAX_INSNS 4096

/* Calls no network tool needs, and each a known way out of a sandbox. */
static const char denied[][20] = {
	"mount",
	"umount2",
	"pivot_root",
	"chroot",
	"setns",
	"unshare",
	"ptrace",
	"process_vm_readv",
	"process_vm_writev",
	"kexec_load",
	"kexec_file_load",
	"init_module",
	"finit_module",
	"delete_module",
	"bpf",
	"keyctl",
	"add_key",
	"request_key",
	"perf_event_open",
	"userfaultfd",
	"io_uring_setup",
	"io_uring_enter",
	"io_uring_register",
	"open_by_handle_at",
	"name_to_handle_at",
	"reboot",
	"swapon",
	"swapoff",
	"acct",
	"settimeofday",
	"clock_settime",
	"clock_adjtime",
	"adjtimex",
	"iopl",
	"ioperm",
	"pidfd_getfd",
	"quotactl",
	"lookup_dcookie",
	"fsopen",
	"fsconfig",
	"fsmount",
	"fspick",
	"move_mount",
	"open_tree",
	"mount_setattr",
	"vhangup",
	"syslog",
	"uselib",
	"execve",
	"personality",
	"memfd_secret",
	"fanotify_init",
	"kcmp",
	/* The tool stays in the caller's session and process group, so the terminal's signals
	 * and the supervisor's reach it and nothing it makes outlives the session. */
	"setsid",
	"setpgid",
	/* No file without a name (exec is refused anyway; nothing needs one). */
	"memfd_create",
	/* Output goes through write() and friends, which the byte budget counts. */
	"sendfile",
	"splice",
	"tee",
	"vmsplice",
	"copy_file_range",
	"fallocate",
	"io_setup",
	"io_submit",
};

static const unsigned long ns_flags[] = {CLONE_NEWNS,  CLONE_NEWUSER, CLONE_NEWPID,   CLONE_NEWNET,
					 CLONE_NEWUTS, CLONE_NEWIPC,  CLONE_NEWCGROUP};

static const struct {
	int profile;
	const char *name;
} profiles[] = {
#define SECCOMP_ROW(up, low) {SECCOMP_##up, #low},
	SECCOMP_PROFILES(SECCOMP_ROW)
#undef SECCOMP_ROW
};

struct prog {
	struct sock_filter insn[MAX_INSNS];
	size_t len;
};

static void fail(const char *what, int rc)
{
	fprintf(stderr, "seccomp_gen: %s: %s\n", what, strerror(rc < 0 ? -rc : rc));
	exit(1);
}

static void rule(scmp_filter_ctx ctx, uint32_t action, int nr, unsigned n,
		 const struct scmp_arg_cmp *cmp)
{
	int rc = seccomp_rule_add_array(ctx, action, nr, n, cmp);

	if (rc != 0)
		fail("seccomp_rule_add_array", rc);
}

/* socket(): only the families the profile names. capture: packet sockets to capture, netlink
 * and inet datagram sockets for the interface ioctls libpcap makes (SIOCGIFADDR needs inet);
 * netlink: netlink alone (iproute2 reads everything through it). Neither may reach a service:
 * connect() never, sendmsg()/sendmmsg() never under capture, and sendto() only with no address
 * or a netlink-sized one (12 bytes; inet needs 16, inet6 24), so an inet datagram socket can
 * send nothing. No unix sockets: a pod's abstract unix sockets live in its netns. */
static void sockets(scmp_filter_ctx ctx, int profile)
{
	uint32_t eperm = SCMP_ACT_ERRNO(EPERM);
	/* What a kernel without that family says: libpcap skips such families quietly. */
	uint32_t nofam = SCMP_ACT_ERRNO(EAFNOSUPPORT);
	int capture = profile == SECCOMP_CAPTURE;

	for (int fam = 0; fam <= AF_MAX; fam++) {
		struct scmp_arg_cmp c = SCMP_A0(SCMP_CMP_EQ, (scmp_datum_t)fam);

		if (fam == AF_NETLINK ||
		    (capture && (fam == AF_PACKET || fam == AF_INET || fam == AF_INET6)))
			continue;
		rule(ctx, nofam, SCMP_SYS(socket), 1, &c);
	}
	{
		/* Also every value with bits above the int the kernel reads. */
		struct scmp_arg_cmp above = SCMP_A0(SCMP_CMP_GT, AF_MAX);

		rule(ctx, nofam, SCMP_SYS(socket), 1, &above);
	}
	/* inet: datagram only. Every other value of the type's low bits (SOCK_CLOEXEC and
	 * SOCK_NONBLOCK sit above them) is refused, so no type the kernel adds (or DCCP, which
	 * could accept connections) slips through. */
	for (scmp_datum_t type = 0; capture && type <= 0xf; type++) {
		struct scmp_arg_cmp c[2][2] = {
			{SCMP_A0(SCMP_CMP_EQ, AF_INET), SCMP_A1(SCMP_CMP_MASKED_EQ, 0xf, type)},
			{SCMP_A0(SCMP_CMP_EQ, AF_INET6), SCMP_A1(SCMP_CMP_MASKED_EQ, 0xf, type)},
		};

		if (type == SOCK_DGRAM)
			continue;
		rule(ctx, eperm, SCMP_SYS(socket), 2, c[0]);
		rule(ctx, eperm, SCMP_SYS(socket), 2, c[1]);
	}
	rule(ctx, eperm, SCMP_SYS(connect), 0, NULL);
	if (capture) {
		/* addrlen compared as the 64-bit register: any value but 0 and 12 is refused, so
		 * upper bits the kernel ignores only ever refuse more. */
		struct scmp_arg_cmp above = SCMP_A5(SCMP_CMP_GT, 12);

		rule(ctx, eperm, SCMP_SYS(sendto), 1, &above);
		for (scmp_datum_t len = 1; len < 12; len++) {
			struct scmp_arg_cmp c = SCMP_A5(SCMP_CMP_EQ, len);

			rule(ctx, eperm, SCMP_SYS(sendto), 1, &c);
		}
		rule(ctx, eperm, SCMP_SYS(sendmsg), 0, NULL);
		rule(ctx, eperm, SCMP_SYS(sendmmsg), 0, NULL);
	}
}

static void base(scmp_filter_ctx ctx, uint64_t exec_path)
{
	uint32_t eperm = SCMP_ACT_ERRNO(EPERM);

	for (size_t i = 0; i < sizeof(denied) / sizeof(denied[0]); i++) {
		int nr = seccomp_syscall_resolve_name(denied[i]);

		if (nr == __NR_SCMP_ERROR || nr < 0) {
			fprintf(stderr, "seccomp_gen: unknown system call %s\n", denied[i]);
			exit(1);
		}
		rule(ctx, eperm, nr, 0, NULL);
	}
	for (size_t i = 0; i < sizeof(ns_flags) / sizeof(ns_flags[0]); i++) {
		struct scmp_arg_cmp c = SCMP_A0(SCMP_CMP_MASKED_EQ, ns_flags[i], ns_flags[i]);

		rule(ctx, eperm, SCMP_SYS(clone), 1, &c);
	}
	/* One process: threads yes, children no, so nothing outlives the tool's time limit. */
	{
		struct scmp_arg_cmp nothread = SCMP_A0(SCMP_CMP_MASKED_EQ, CLONE_THREAD, 0);

		rule(ctx, eperm, SCMP_SYS(clone), 1, &nothread);
		rule(ctx, eperm, SCMP_SYS(fork), 0, NULL);
		rule(ctx, eperm, SCMP_SYS(vfork), 0, NULL);
	}
	/* clone3 passes its flags in memory a filter cannot read: make libc fall back to clone. */
	rule(ctx, SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(clone3), 0, NULL);
	/* openat2 only adds resolution flags; one way to open files is enough to review. */
	rule(ctx, SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(openat2), 0, NULL);
	/* A file grows only by write() (counted); shrinking is fine (nstat empties its history). */
	{
		struct scmp_arg_cmp grow = SCMP_A1(SCMP_CMP_NE, 0);

		rule(ctx, eperm, SCMP_SYS(ftruncate), 1, &grow);
		rule(ctx, eperm, SCMP_SYS(truncate), 1, &grow);
	}
	/* The death signal nscap set must stay: the tool never outlives its supervisor. */
	{
		struct scmp_arg_cmp pd = SCMP_A0(SCMP_CMP_EQ, PR_SET_PDEATHSIG);

		rule(ctx, eperm, SCMP_SYS(prctl), 1, &pd);
	}
	{
		struct scmp_arg_cmp fd = SCMP_A0(SCMP_CMP_NE, SANDBOX_EXEC_FD);
		struct scmp_arg_cmp path = SCMP_A1(SCMP_CMP_NE, exec_path);
		struct scmp_arg_cmp fl = SCMP_A4(SCMP_CMP_NE, AT_EMPTY_PATH);
		/* The kernel reads ioctl's request as 32 bits: compare only those. */
		struct scmp_arg_cmp sti = SCMP_A1(SCMP_CMP_MASKED_EQ, 0xffffffffu, TIOCSTI);
		struct scmp_arg_cmp lnx = SCMP_A1(SCMP_CMP_MASKED_EQ, 0xffffffffu, TIOCLINUX);

		rule(ctx, eperm, SCMP_SYS(execveat), 1, &fd);
		rule(ctx, eperm, SCMP_SYS(execveat), 1, &path);
		rule(ctx, eperm, SCMP_SYS(execveat), 1, &fl);
		rule(ctx, eperm, SCMP_SYS(ioctl), 1, &sti);
		rule(ctx, eperm, SCMP_SYS(ioctl), 1, &lnx);
	}
}

static scmp_filter_ctx build(int profile, uint64_t exec_path)
{
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
	int rc;

	if (!ctx)
		fail("seccomp_init", ENOMEM);
	/* Other ABIs (i386 int 0x80, x32) would bypass a native-only filter: kill them. */
	rc = seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_KILL_PROCESS);
	if (rc != 0)
		fail("seccomp_attr_set", rc);
	/* A binary tree of system call numbers instead of a chain: fewer instructions run per
	 * call, for the tool and for the kernel's per-syscall cache built at load time. */
	rc = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_OPTIMIZE, 2);
	if (rc != 0)
		fail("seccomp_attr_set", rc);
	base(ctx, exec_path);
	if (profile == SECCOMP_CAPTURE || profile == SECCOMP_NETLINK)
		sockets(ctx, profile);
	return ctx;
}

/* The byte budget's filter, loaded before the profile's when a rule has max-bytes. Every
 * write() and pwrite64() waits for the supervisor: to fds the tool opened (3 and up) to be
 * counted and allowed; to 0-2 (relayed and counted by the accountant, or a terminal) so that
 * the request to stop can be timed to land after a write, never in one. writev and its
 * kin to opened fds, whose sizes sit in memory a filter cannot read, are refused. And 0-2 stay
 * what nscap made them: no file the tool opens can take their place and go uncounted (close
 * of them does nothing and says it worked; dup2, dup3 and close_range onto them are refused). */
static scmp_filter_ctx build_budget(void)
{
	static const char *const vectored[] = {"writev", "pwritev", "pwritev2"};
	struct scmp_arg_cmp opened = SCMP_A0(SCMP_CMP_GE, 3);
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
	int rc;

	if (!ctx)
		fail("seccomp_init", ENOMEM);
	rc = seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_KILL_PROCESS);
	if (rc != 0)
		fail("seccomp_attr_set", rc);
	rule(ctx, SCMP_ACT_NOTIFY, SCMP_SYS(write), 0, NULL);
	rule(ctx, SCMP_ACT_NOTIFY, SCMP_SYS(pwrite64), 0, NULL);
	/* Refusing more than it must (fds 0-2 with upper bits set) is safe here. */
	for (size_t i = 0; i < sizeof(vectored) / sizeof(vectored[0]); i++)
		rule(ctx, SCMP_ACT_ERRNO(EPERM), seccomp_syscall_resolve_name(vectored[i]), 1,
		     &opened);
	/* The kernel reads these fds as 32 bits: compare only those. */
	for (scmp_datum_t fd = 0; fd <= 2; fd++) {
		struct scmp_arg_cmp first = SCMP_A0(SCMP_CMP_MASKED_EQ, 0xffffffffu, fd);
		struct scmp_arg_cmp onto = SCMP_A1(SCMP_CMP_MASKED_EQ, 0xffffffffu, fd);

		rule(ctx, SCMP_ACT_ERRNO(0), SCMP_SYS(close), 1, &first);
		rule(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(close_range), 1, &first);
		rule(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(dup2), 1, &onto);
		rule(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(dup3), 1, &onto);
	}
	return ctx;
}

/* The program libseccomp compiles, through a pipe (its only export is to an fd). */
static void compile(int profile, uint64_t exec_path, struct prog *p)
{
	scmp_filter_ctx ctx = profile < 0 ? build_budget() : build(profile, exec_path);
	int fds[2], rc;
	ssize_t n;

	if (pipe(fds) != 0)
		fail("pipe", errno);
	rc = seccomp_export_bpf(ctx, fds[1]);
	if (rc != 0)
		fail("seccomp_export_bpf", rc);
	close(fds[1]);
	n = read(fds[0], p->insn, sizeof(p->insn));
	if (n <= 0 || n % (ssize_t)sizeof(struct sock_filter) != 0 || (size_t)n == sizeof(p->insn))
		fail("reading the exported filter", n < 0 ? errno : EINVAL);
	close(fds[0]);
	p->len = (size_t)n / sizeof(struct sock_filter);
	seccomp_release(ctx);
}

static void pfc(int profile, const char *path)
{
	scmp_filter_ctx ctx = profile < 0 ? build_budget() : build(profile, 0);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	int rc;

	if (fd < 0)
		fail(path, errno);
	if (dprintf(fd, "# nscap seccomp profile, as libseccomp compiled it at build time. The\n"
			"# address execveat's path must have is set at run time (0 below).\n") < 0)
		fail(path, errno);
	rc = seccomp_export_pfc(ctx, fd);
	if (rc != 0)
		fail("seccomp_export_pfc", rc);
	if (close(fd) != 0)
		fail(path, errno);
	seccomp_release(ctx);
}

/* Where programs compiled for addresses a and b differ: lo[] holds the instructions whose k is
 * the low half of the address, hi[] the high half. Anything else differing is an error. */
static void sites(const struct prog *a, const struct prog *b, uint64_t va, uint64_t vb, size_t *lo,
		  size_t *nlo, size_t *hi, size_t *nhi)
{
	*nlo = *nhi = 0;
	if (a->len != b->len)
		fail("the filter's shape depends on the exec path address", EINVAL);
	for (size_t i = 0; i < a->len; i++) {
		const struct sock_filter *x = &a->insn[i], *y = &b->insn[i];

		if (memcmp(x, y, sizeof(*x)) == 0)
			continue;
		if (x->code != y->code || x->jt != y->jt || x->jf != y->jf)
			fail("the filter's jumps depend on the exec path address", EINVAL);
		if (x->k == (uint32_t)va && y->k == (uint32_t)vb)
			lo[(*nlo)++] = i;
		else if (x->k == (uint32_t)(va >> 32) && y->k == (uint32_t)(vb >> 32))
			hi[(*nhi)++] = i;
		else
			fail("an unexpected difference between two compilations", EINVAL);
	}
	if (*nlo == 0 || *nhi == 0)
		fail("no place for the exec path address found", EINVAL);
}

static void patch(struct prog *p, const size_t *lo, size_t nlo, const size_t *hi, size_t nhi,
		  uint64_t v)
{
	for (size_t i = 0; i < nlo; i++)
		p->insn[lo[i]].k = (uint32_t)v;
	for (size_t i = 0; i < nhi; i++)
		p->insn[hi[i]].k = (uint32_t)(v >> 32);
}

static void emit_list(FILE *f, const char *name, const char *kind, const size_t *v, size_t n)
{
	fprintf(f, "static const unsigned short seccomp_%s_%s[] = {", name, kind);
	for (size_t i = 0; i < n; i++)
		fprintf(f, "%s%zu", i ? ", " : "", v[i]);
	fprintf(f, "};\n");
}

static void emit(FILE *f, const char *name, const struct prog *p, const size_t *lo, size_t nlo,
		 const size_t *hi, size_t nhi)
{
	fprintf(f, "\n/* profile %s: %zu instructions */\n", name, p->len);
	fprintf(f, "static const struct sock_filter seccomp_%s_prog[] = {\n", name);
	for (size_t i = 0; i < p->len; i++)
		fprintf(f, "\t{0x%04x, %u, %u, 0x%08x},\n", p->insn[i].code, p->insn[i].jt,
			p->insn[i].jf, p->insn[i].k);
	fprintf(f, "};\n");
	if (!nlo) /* no exec path to patch in it */
		return;
	emit_list(f, name, "lo", lo, nlo);
	emit_list(f, name, "hi", hi, nhi);
}

int main(int argc, char **argv)
{
	/* Two addresses differing in both halves (and in each from the other), and two checks. */
	static const uint64_t va = 0x0000100000002000ULL, vb = 0x0000300000004000ULL;
	static const uint64_t check[] = {0x000000000000f000ULL, 0};
	static struct prog a, b, c, d;
	size_t lo[16], hi[16], nlo, nhi;
	char tmp[4096], path[4096];
	FILE *f;

	if (argc != 3) {
		fprintf(stderr, "usage: seccomp_gen HEADER PFCDIR\n");
		return 2;
	}
	snprintf(tmp, sizeof(tmp), "%s.tmp", argv[1]);
	f = fopen(tmp, "w");
	if (!f)
		fail(tmp, errno);
	fprintf(f, "/* Generated by gen/seccomp_gen.c with libseccomp %u.%u.%u: do not edit. */\n",
		seccomp_version()->major, seccomp_version()->minor, seccomp_version()->micro);
	for (size_t i = 0; i < sizeof(profiles) / sizeof(profiles[0]); i++) {
		compile(profiles[i].profile, va, &a);
		compile(profiles[i].profile, vb, &b);
		sites(&a, &b, va, vb, lo, &nlo, hi, &nhi);
		for (size_t k = 0; k < sizeof(check) / sizeof(check[0]); k++) {
			compile(profiles[i].profile, check[k], &c);
			d = a;
			patch(&d, lo, nlo, hi, nhi, check[k]);
			if (c.len != d.len ||
			    memcmp(c.insn, d.insn, c.len * sizeof(c.insn[0])) != 0)
				fail("a patched filter differs from libseccomp's own", EINVAL);
		}
		patch(&a, lo, nlo, hi, nhi, 0);
		emit(f, profiles[i].name, &a, lo, nlo, hi, nhi);
		snprintf(path, sizeof(path), "%s/%s.pfc", argv[2], profiles[i].name);
		pfc(profiles[i].profile, path);
	}
	/* The budget filter has no exec path in it: nothing to patch. */
	compile(-1, 0, &a);
	emit(f, "budget", &a, lo, 0, hi, 0);
	snprintf(path, sizeof(path), "%s/budget.pfc", argv[2]);
	pfc(-1, path);
	if (fclose(f) != 0 || rename(tmp, argv[1]) != 0)
		fail(argv[1], errno);
	return 0;
}
