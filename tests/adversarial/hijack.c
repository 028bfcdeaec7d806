/* SPDX-License-Identifier: ISC */
/*
 * hijack — a caller trying to take over the tool nscap runs for them (tests/adversarial).
 * Built by the suite: gcc -static -O2 -o hijack hijack.c. Output: "key value" lines.
 *
 *   hijack [-n ROUNDS] -- PATH [ARG...]
 *        Run PATH (nscap) as a child, ROUNDS times (default 1) until both phases were caught.
 *        Its supervisor's child is stopped with SIGSTOP twice: once between the fork and the
 *        exec, as soon as the caller may signal it (its real uid is the caller's), and once
 *        right after the exec (its comm is no longer nscap's). Each time, every way the kernel
 *        offers a process to reach into another of the same user is tried from here:
 *        ptrace attach and seize, pidfd_getfd of fds 0-9, process_vm_readv and _writev,
 *        /proc/PID/mem read and write, /proc/PID/fd/N, /proc/PID/environ, prlimit. Each
 *        attempt prints "<phase>-<attack> <errno name or ok>" (the first seen per attack,
 *        an "ok" wins), then "<phase>-caught yes|no", and "status exit:N" of the last run.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

enum { A_ATTACH, A_SEIZE, A_GETFD, A_VMREAD, A_VMWRITE, A_MEMR, A_MEMW, A_FD, A_ENV, A_PRLIMIT, NA };
static const char *const names[NA] = {"ptrace-attach", "ptrace-seize", "pidfd-getfd",
				      "vmread",	       "vmwrite",      "mem-read",
				      "mem-write",     "proc-fd",      "environ",
				      "prlimit"};

struct phase {
	const char *name;
	int caught;
	int result[NA]; /* -1 not tried yet, 0 ok, else errno */
};

static int64_t now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static long status_field(pid_t pid, const char *key, int n)
{
	char path[64], buf[4096], *p;
	int fd;
	ssize_t len;
	long v = -1;

	snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	len = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (len <= 0)
		return -1;
	buf[len] = '\0';
	p = strstr(buf, key);
	if (!p)
		return -1;
	p += strlen(key) + 1;
	for (int i = 0; i < n; i++)
		v = strtol(p, &p, 10);
	return v;
}

static int comm_is(pid_t pid, const char *want)
{
	char path[64], buf[64];
	int fd;
	ssize_t n;

	snprintf(path, sizeof path, "/proc/%d/comm", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n - 1] = '\0';
	return strcmp(buf, want) == 0;
}

static char state(pid_t pid)
{
	char path[64], buf[512], *p;
	int fd;
	ssize_t n;

	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	p = strrchr(buf, ')');
	return p && p[1] ? p[2] : 0;
}

/* The supervisor's child: PIDs are handed out in order, so it is just above the supervisor. */
static pid_t child_of(pid_t parent)
{
	for (pid_t p = parent + 1; p < parent + 64; p++)
		if (status_field(p, "PPid:", 1) == parent)
			return p;
	return 0;
}

static int try_ptrace(pid_t pid, long req)
{
	long rc = ptrace(req, pid, NULL, NULL);
	int e = errno;

	if (rc == 0) {
		/* Let it go again: a detach needs it in a trace stop. */
		if (req == PTRACE_SEIZE)
			ptrace(PTRACE_INTERRUPT, pid, NULL, NULL);
		waitpid(pid, NULL, __WALL);
		ptrace(PTRACE_DETACH, pid, NULL, NULL);
		return 0;
	}
	return e;
}

static int try_getfd(pid_t pid)
{
	int pfd = (int)syscall(SYS_pidfd_open, pid, 0), e = 0;

	if (pfd < 0)
		return errno;
	for (int n = 0; n < 10; n++) {
		int fd = (int)syscall(SYS_pidfd_getfd, pfd, n, 0);

		if (fd >= 0) {
			close(fd);
			e = 0;
			break;
		}
		/* EBADF: permitted, but no such fd there; the permission check comes first. */
		e = errno == EBADF ? 0 : errno;
		if (e)
			break;
	}
	close(pfd);
	return e;
}

static int try_vm(pid_t pid, int write)
{
	char b[64] = {0};
	struct iovec l = {b, sizeof b}, r = {(void *)0x10000, sizeof b};
	ssize_t n = write ? process_vm_writev(pid, &l, 1, &r, 1, 0)
			  : process_vm_readv(pid, &l, 1, &r, 1, 0);

	/* EFAULT: the permission check passed and only the address was wrong. */
	return n >= 0 || errno == EFAULT ? 0 : errno;
}

static int try_proc(pid_t pid, const char *what, int flags)
{
	char path[64], b[64];
	int fd;

	snprintf(path, sizeof path, "/proc/%d/%s", (int)pid, what);
	fd = open(path, flags | O_CLOEXEC);
	if (fd < 0)
		return errno;
	if (strcmp(what, "environ") == 0 && read(fd, b, sizeof b) < 0) {
		int e = errno;

		close(fd);
		return e;
	}
	close(fd);
	return 0;
}

static int try_fds(pid_t pid)
{
	char what[32];
	int e = 0;

	for (int n = 0; n < 10; n++) {
		snprintf(what, sizeof what, "fd/%d", n);
		e = try_proc(pid, what, O_RDONLY);
		if (e == 0 || e != ENOENT)
			return e;
	}
	return e;
}

static int try_prlimit(pid_t pid)
{
	struct rlimit rl;

	if (syscall(SYS_prlimit64, pid, RLIMIT_NOFILE, NULL, &rl) != 0)
		return errno;
	/* Setting the same value needs the same permission as changing it. */
	return syscall(SYS_prlimit64, pid, RLIMIT_NOFILE, &rl, NULL) == 0 ? 0 : errno;
}

static void attack(pid_t pid, struct phase *ph)
{
	int r[NA];

	r[A_ATTACH] = try_ptrace(pid, PTRACE_ATTACH);
	r[A_SEIZE] = try_ptrace(pid, PTRACE_SEIZE);
	r[A_GETFD] = try_getfd(pid);
	r[A_VMREAD] = try_vm(pid, 0);
	r[A_VMWRITE] = try_vm(pid, 1);
	r[A_MEMR] = try_proc(pid, "mem", O_RDONLY);
	r[A_MEMW] = try_proc(pid, "mem", O_RDWR);
	r[A_FD] = try_fds(pid);
	r[A_ENV] = try_proc(pid, "environ", O_RDONLY);
	r[A_PRLIMIT] = try_prlimit(pid);
	ph->caught = 1;
	for (int i = 0; i < NA; i++)
		if (ph->result[i] != 0)
			ph->result[i] = r[i];
}

/* Stop pid, attack it in whichever phase it stopped (the exec may come first), let it go on.
 * Returns 1 when it stopped before its exec. */
static int stop_and_attack(pid_t pid, struct phase *pre, struct phase *tool)
{
	int64_t until = now_us() + 200000;
	int before = 0;

	if (kill(pid, SIGSTOP) != 0)
		return 0;
	while (now_us() < until && state(pid) != 'T')
		;
	if (state(pid) == 'T') {
		before = comm_is(pid, "nscap") == 1;
		attack(pid, before ? pre : tool);
	}
	kill(pid, SIGCONT);
	return before;
}

static int one_run(char **argv, struct phase *pre, struct phase *tool)
{
	int64_t deadline = now_us() + 20 * 1000000;
	pid_t pid = fork(), child = 0;
	int st = 0;

	if (pid < 0)
		return -1;
	if (pid == 0) {
		execv(argv[0], argv);
		_exit(127);
	}
	while (!child && now_us() < deadline && waitpid(pid, &st, WNOHANG) == 0)
		child = child_of(pid);
	/* Pre-exec: from the moment its uid is ours (kill(pid, 0) is allowed: one cheap system
	 * call a try) until its exec. */
	while (child && now_us() < deadline) {
		if (kill(child, 0) == 0) {
			if (!stop_and_attack(child, pre, tool))
				child = 0; /* already the tool: attacked as such */
			break;
		}
		if (errno == ESRCH)
			break;
	}
	/* Right after the exec: the comm is the tool's. */
	while (child && now_us() < deadline) {
		int c = comm_is(child, "nscap");

		if (c < 0)
			break;
		if (c == 0) {
			(void)stop_and_attack(child, pre, tool);
			break;
		}
	}
	if (waitpid(pid, &st, 0) != pid)
		return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

static void report(const struct phase *ph)
{
	for (int i = 0; i < NA; i++) {
		int e = ph->result[i];
		const char *n = e < 0 ? "untried" : e == 0 ? "ok" : strerrorname_np(e);

		printf("%s-%s %s\n", ph->name, names[i], n ? n : "errno?");
	}
	printf("%s-caught %s\n", ph->name, ph->caught ? "yes" : "no");
}

int main(int argc, char **argv)
{
	struct phase pre = {"pre", 0, {0}}, tool = {"tool", 0, {0}};
	int rounds = 1, i = 1, status = -1;

	if (argc > 2 && strcmp(argv[1], "-n") == 0) {
		rounds = atoi(argv[2]);
		i = 3;
	}
	if (i < argc && strcmp(argv[i], "--") == 0)
		i++;
	if (i >= argc || rounds < 1) {
		fprintf(stderr, "usage: hijack [-n ROUNDS] -- PATH [ARG...]\n");
		return 2;
	}
	for (int k = 0; k < NA; k++)
		pre.result[k] = tool.result[k] = -1;

	for (int r = 0; r < rounds && !(pre.caught && tool.caught); r++)
		status = one_run(argv + i, &pre, &tool);
	report(&pre);
	report(&tool);
	printf("status exit:%d\n", status);
	return 0;
}
