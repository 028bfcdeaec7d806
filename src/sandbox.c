#include "sandbox.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <seccomp.h>
#include <unistd.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>

#include "policy.h"
#include "util.h"

/* Calls no network tool needs, and each a known way out of a sandbox. */
static const char denied[][20] = {
	"mount", "umount2", "pivot_root", "chroot", "setns", "unshare", "ptrace",
	"process_vm_readv", "process_vm_writev", "kexec_load", "kexec_file_load", "init_module",
	"finit_module", "delete_module", "bpf", "keyctl", "add_key", "request_key",
	"perf_event_open", "userfaultfd", "io_uring_setup", "io_uring_enter", "io_uring_register",
	"open_by_handle_at", "name_to_handle_at", "reboot", "swapon", "swapoff", "acct",
	"settimeofday", "clock_settime", "clock_adjtime", "adjtimex", "iopl", "ioperm",
	"pidfd_getfd", "quotactl", "lookup_dcookie", "fsopen", "fsconfig", "fsmount", "fspick",
	"move_mount", "open_tree", "mount_setattr", "vhangup", "syslog", "uselib", "execve",
	"personality", "memfd_secret", "fanotify_init", "kcmp",
};

static const unsigned long ns_flags[] = {CLONE_NEWNS, CLONE_NEWUSER, CLONE_NEWPID, CLONE_NEWNET,
					 CLONE_NEWUTS, CLONE_NEWIPC, CLONE_NEWCGROUP};

static void rule(scmp_filter_ctx ctx, uint32_t action, int nr, unsigned n,
		 const struct scmp_arg_cmp *cmp)
{
	int rc = seccomp_rule_add_array(ctx, action, nr, n, cmp);

	if (rc != 0) {
		errno = -rc;
		pdie(EXIT_FAIL, "seccomp rule for syscall %d", nr);
	}
}

/* socket(): only the families the profile names, and inet only as datagram sockets, which
 * libpcap and iproute2 use for interface ioctls; connect() never (no talking to services). */
static void sockets(scmp_filter_ctx ctx, int packet)
{
	static const int inet_types[] = {SOCK_STREAM, SOCK_RAW, SOCK_RDM, SOCK_SEQPACKET, SOCK_PACKET};
	uint32_t eperm = SCMP_ACT_ERRNO(EPERM);
	/* What a kernel without that family says: libpcap skips such families quietly. */
	uint32_t nofam = SCMP_ACT_ERRNO(EAFNOSUPPORT);

	for (int fam = 0; fam <= AF_MAX; fam++) {
		struct scmp_arg_cmp c = SCMP_A0(SCMP_CMP_EQ, (scmp_datum_t)fam);

		if (fam == AF_UNIX || fam == AF_INET || fam == AF_INET6 || fam == AF_NETLINK ||
		    (packet && fam == AF_PACKET))
			continue;
		rule(ctx, nofam, SCMP_SYS(socket), 1, &c);
	}
	{
		/* Also every value with bits above the int the kernel reads. */
		struct scmp_arg_cmp above = SCMP_A0(SCMP_CMP_GT, AF_MAX);

		rule(ctx, nofam, SCMP_SYS(socket), 1, &above);
	}
	for (size_t i = 0; i < sizeof(inet_types) / sizeof(inet_types[0]); i++) {
		/* The type's low bits; SOCK_CLOEXEC and SOCK_NONBLOCK sit above them. */
		struct scmp_arg_cmp c[2][2] = {
			{SCMP_A0(SCMP_CMP_EQ, AF_INET), SCMP_A1(SCMP_CMP_MASKED_EQ, 0xf, inet_types[i])},
			{SCMP_A0(SCMP_CMP_EQ, AF_INET6), SCMP_A1(SCMP_CMP_MASKED_EQ, 0xf, inet_types[i])},
		};

		rule(ctx, eperm, SCMP_SYS(socket), 2, c[0]);
		rule(ctx, eperm, SCMP_SYS(socket), 2, c[1]);
	}
	rule(ctx, eperm, SCMP_SYS(connect), 0, NULL);
}

unsigned long sandbox_map_exec_path(void)
{
	char buf[32];
	long long min;
	ssize_t n;
	int fd = open("/proc/sys/vm/mmap_min_addr", O_RDONLY | O_CLOEXEC);
	unsigned long addr;
	int flags;
	void *p;

	if (fd < 0)
		pdie(EXIT_FAIL, "/proc/sys/vm/mmap_min_addr");
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		die(EXIT_FAIL, "cannot read /proc/sys/vm/mmap_min_addr");
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	if (parse_ll(buf, 0, 1LL << 40, &min) != NULL || min < 4096)
		die(EXIT_FAIL, "vm.mmap_min_addr is %s: it must be at least 4096 for the tool's "
			       "exec to be one-shot; refusing to run", buf);
	/* The highest page that ordinary processes may not map. */
	addr = ((unsigned long)min - 1) & ~4095UL;
	/* fd -1 is what MAP_ANONYMOUS wants; the page is kept on purpose until the exec. */
	flags = MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE;
	// cppcheck-suppress invalidFunctionArg
	p = mmap((void *)addr, 4096, PROT_READ, flags, -1, 0);
	if (p == MAP_FAILED || (unsigned long)p != addr)
		pdie(EXIT_FAIL, "mapping the exec path page at %#lx", addr);
	// cppcheck-suppress memleak
	return addr;
}

void sandbox_unmap_exec_path(unsigned long addr)
{
	if (munmap((void *)addr, 4096) != 0)
		pdie(EXIT_FAIL, "munmap");
}

void sandbox_load(int profile, unsigned long exec_path)
{
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
	uint32_t eperm = SCMP_ACT_ERRNO(EPERM);
	int rc;

	if (!ctx)
		die(EXIT_FAIL, "seccomp_init failed");
	/* Other ABIs (i386 int 0x80, x32) would bypass a native-only filter: kill them. */
	if (seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_KILL_PROCESS) != 0)
		die(EXIT_FAIL, "seccomp: cannot set the bad-architecture action");
	for (size_t i = 0; i < sizeof(denied) / sizeof(denied[0]); i++) {
		int nr = seccomp_syscall_resolve_name(denied[i]);

		if (nr != __NR_SCMP_ERROR && nr >= 0)
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
	if (profile == SECCOMP_CAPTURE || profile == SECCOMP_NETLINK)
		sockets(ctx, profile == SECCOMP_CAPTURE);
	rc = seccomp_load(ctx);
	seccomp_release(ctx);
	if (rc != 0) {
		errno = -rc;
		pdie(EXIT_FAIL, "seccomp_load");
	}
}
