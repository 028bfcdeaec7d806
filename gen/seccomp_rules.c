/* SPDX-License-Identifier: ISC */
/* The rules of nscap's seccomp filters, as libseccomp contexts: the default deny list every
 * profile starts from, each profile's sockets, and the byte budget's filter. seccomp_gen.c
 * compiles them (it says why at build time). */
#include <errno.h>
#include <fcntl.h>
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
#include "seccomp_rules.h"

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

void fail(const char *what, int rc)
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

/* A filter that lets through what its rules do not name. Other ABIs (i386 int 0x80, x32)
 * would bypass a native-only filter: they kill the process. */
static scmp_filter_ctx new_filter(void)
{
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
	int rc;

	if (!ctx)
		fail("seccomp_init", ENOMEM);
	rc = seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_KILL_PROCESS);
	if (rc != 0)
		fail("seccomp_attr_set", rc);
	return ctx;
}

scmp_filter_ctx build(int profile, uint64_t exec_path)
{
	scmp_filter_ctx ctx = new_filter();
	int rc;

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
scmp_filter_ctx build_budget(void)
{
	static const char *const vectored[] = {"writev", "pwritev", "pwritev2"};
	struct scmp_arg_cmp opened = SCMP_A0(SCMP_CMP_GE, 3);
	scmp_filter_ctx ctx = new_filter();

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
