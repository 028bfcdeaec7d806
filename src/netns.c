/* SPDX-License-Identifier: ISC */
#include "netns.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/nsfs.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "util.h"

#define PF_KTHREAD 0x00200000

/* Field n (1-based, n >= 3) of /proc/PID/stat text, after "(comm)"; its length in *len. */
static const char *stat_field(const char *text, int n, size_t *len)
{
	const char *p = strrchr(text, ')');

	if (!p)
		return NULL;
	p++;
	for (int field = 3; *p; field++) {
		while (*p == ' ')
			p++;
		*len = strcspn(p, " \n");
		if (field == n)
			return *len ? p : NULL;
		p += *len;
	}
	return NULL;
}

/* Plain decimal digits, no sign, no overflow. */
static int stat_u64(const char *text, int n, uint64_t *out)
{
	size_t len;
	const char *p = stat_field(text, n, &len);
	uint64_t v = 0;

	if (!p || len > 19 || strspn(p, "0123456789") < len)
		return -1;
	for (size_t i = 0; i < len; i++)
		v = v * 10 + (uint64_t)(p[i] - '0');
	*out = v;
	return 0;
}

int parse_proc_stat(const char *text, uint64_t *start, uint64_t *flags)
{
	/* Fields after "(comm)" start at 3 (state); flags is 9, starttime 22. */
	return stat_u64(text, 9, flags) == 0 && stat_u64(text, 22, start) == 0 ? 0 : -1;
}

int parse_proc_tty(const char *text, unsigned *major, unsigned *minor)
{
	uint64_t dev;

	/* tty_nr is field 7: the controlling terminal's device number, 0 for none. */
	if (stat_u64(text, 7, &dev) != 0 || dev > 0xffffffffu)
		return -1;
	*major = (unsigned)((dev >> 8) & 0xfff);
	*minor = (unsigned)((dev & 0xff) | ((dev >> 12) & 0xfff00));
	return 0;
}

static int read_at(int dirfd, const char *name, char *buf, size_t len)
{
	int fd = openat(dirfd, name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n < 0)
		return -1;
	buf[n] = '\0';
	return (size_t)n == len - 1 ? -2 : 0;
}

__attribute__((format(printf, 3, 0))) static int fail(char *err, size_t len, const char *fmt,
						      pid_t pid, int e)
{
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	snprintf(err, len, fmt, (int)pid);
#pragma GCC diagnostic pop
	if (e) {
		size_t l = strlen(err);

		snprintf(err + l, len - l, ": %s", strerror(e));
	}
	return -1;
}

static int is_netns(int fd)
{
	int type = ioctl(fd, NS_GET_NSTYPE);

	return type == CLONE_NEWNET;
}

int netns_pin(pid_t pid, uint64_t want_start, char *cg, size_t cglen, struct pinned *p, char *err,
	      size_t errlen)
{
	return netns_probe(pid, want_start, cg, cglen, p, 0, err, errlen);
}

/* A look at a process whose start time is known, in four system calls (-l looks at every
 * container): the namespace first, then the start time. A match then means the recorded process
 * was alive when the namespace was looked at, for it started before the record was written and
 * its PID is not reused while it lives. */
static int peek_at(pid_t pid, uint64_t want_start, struct pinned *p, char *err, size_t errlen)
{
	char path[64], text[1024];
	uint64_t flags = 0;
	struct stat st;
	int rc;

	snprintf(path, sizeof(path), "/proc/%d/ns/net", (int)pid);
	if (stat(path, &st) != 0) {
		rc = errno;
		return fail(err, errlen, "cannot open the network namespace of process %d", pid,
			    rc);
	}
	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	if (read_at(AT_FDCWD, path, text, sizeof(text)) != 0 ||
	    parse_proc_stat(text, &p->start, &flags) != 0)
		return fail(err, errlen, "cannot read the start time of process %d", pid, 0);
	if (flags & PF_KTHREAD)
		return fail(err, errlen, "process %d is a kernel thread", pid, 0);
	if (p->start != want_start)
		return fail(err, errlen,
			    "process %d is not the recorded one (stale state or PID reuse)", pid,
			    0);
	p->ns_dev = st.st_dev;
	p->ns_ino = st.st_ino;
	return 0;
}

int netns_probe(pid_t pid, uint64_t want_start, char *cg, size_t cglen, struct pinned *p, int peek,
		char *err, size_t errlen)
{
	char path[64], stat[1024];
	uint64_t flags = 0;
	struct stat st;
	int dirfd, rc;

	memset(p, 0, sizeof(*p));
	p->pid = pid;
	p->pidfd = p->nsfd = -1;
	if (!peek)
		p->pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
	if (!peek && p->pidfd < 0) {
		rc = errno;
		if (rc == ESRCH)
			return fail(err, errlen, "process %d does not exist", pid, 0);
		return fail(err, errlen, "pidfd_open of process %d", pid, rc);
	}
	if (peek && want_start && !cg)
		return peek_at(pid, want_start, p, err, errlen);
	snprintf(path, sizeof(path), "/proc/%d", (int)pid);
	dirfd = openat(AT_FDCWD, path, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (dirfd < 0)
		goto bad;
	rc = read_at(dirfd, "stat", stat, sizeof(stat));
	if (rc != 0 || parse_proc_stat(stat, &p->start, &flags) != 0) {
		close(dirfd);
		netns_unpin(p);
		return fail(err, errlen, "cannot read the start time of process %d", pid, 0);
	}
	if (flags & PF_KTHREAD) {
		close(dirfd);
		netns_unpin(p);
		return fail(err, errlen, "process %d is a kernel thread", pid, 0);
	}
	if (want_start && p->start != want_start) {
		close(dirfd);
		netns_unpin(p);
		return fail(err, errlen,
			    "process %d is not the recorded one (stale state or PID "
			    "reuse)",
			    pid, 0);
	}
	if (cg && read_at(dirfd, "cgroup", cg, cglen) != 0) {
		close(dirfd);
		netns_unpin(p);
		return fail(err, errlen, "cannot read the cgroups of process %d", pid, 0);
	}
	/* A look only: the namespace's identity through the same /proc/PID, which stops working
	 * when that process is gone (the PID reused names another). */
	if (peek) {
		rc = fstatat(dirfd, "ns/net", &st, 0);
		close(dirfd);
		if (rc != 0)
			goto bad;
		p->ns_dev = st.st_dev;
		p->ns_ino = st.st_ino;
		return 0;
	}
	p->nsfd = openat(dirfd, "ns/net", O_RDONLY | O_CLOEXEC);
	close(dirfd);
	if (p->nsfd < 0 || fstat(p->nsfd, &st) != 0 || !is_netns(p->nsfd))
		goto bad;
	p->ns_dev = st.st_dev;
	p->ns_ino = st.st_ino;
	/* Still alive after the netns was opened: PID was never reused in between. */
	if (syscall(SYS_pidfd_send_signal, p->pidfd, 0, NULL, 0) != 0) {
		netns_unpin(p);
		return fail(err, errlen, "process %d exited while being resolved", pid, 0);
	}
	return 0;
bad:
	rc = errno;
	netns_unpin(p);
	return fail(err, errlen, "cannot open the network namespace of process %d", pid, rc);
}

void netns_unpin(struct pinned *p)
{
	if (p->pidfd >= 0)
		close(p->pidfd);
	if (p->nsfd >= 0)
		close(p->nsfd);
	p->pidfd = p->nsfd = -1;
}

/* The host's network namespace is the kernel's initial one. Kernel threads always run in it,
 * and kthreadd is PID 2 wherever kernel threads can be seen at all; newer kernels also give it a
 * fixed inode number, which no other namespace can have (dynamic ones start at 0xF0000000).
 * Where nscap was started never counts. */
#define INIT_NET_INO 0xEFFFFFF9ULL

static struct {
	uint64_t dev, ino;
	int by_kthread;
	const char *anchor;
} host;

static int kthreadd_netns(struct stat *st)
{
	char text[1024];
	uint64_t start, flags = 0;
	int dirfd = open("/proc/2", O_PATH | O_DIRECTORY | O_CLOEXEC), fd, rc;

	if (dirfd < 0)
		return -1;
	rc = read_at(dirfd, "stat", text, sizeof(text));
	if (rc != 0 || parse_proc_stat(text, &start, &flags) != 0 || !(flags & PF_KTHREAD)) {
		close(dirfd);
		return -1;
	}
	fd = openat(dirfd, "ns/net", O_RDONLY | O_CLOEXEC);
	close(dirfd);
	rc = fd >= 0 && fstat(fd, st) == 0 && is_netns(fd) ? 0 : -1;
	if (fd >= 0)
		close(fd);
	return rc;
}

int netns_host_init(char *err, size_t errlen)
{
	struct stat st;

	if (kthreadd_netns(&st) == 0) {
		host.dev = st.st_dev;
		host.ino = st.st_ino;
		host.by_kthread = 1;
		host.anchor = "kthreadd (PID 2)";
		return 0;
	}
	/* No kernel thread in sight (a PID namespace): the fixed inode, if this kernel has it. */
	if (stat("/proc/self/ns/net", &st) != 0) {
		snprintf(err, errlen, "/proc/self/ns/net: %s", strerror(errno));
		return -1;
	}
	if (st.st_ino == INIT_NET_INO) {
		host.dev = st.st_dev;
		host.ino = st.st_ino;
		host.anchor = "its fixed inode number";
		return 0;
	}
	snprintf(err, errlen,
		 "no kernel thread is visible (PID 2 is not kthreadd: is nscap in a PID "
		 "namespace?) and this kernel gives it no fixed inode number; refusing to guess");
	return -1;
}

int netns_is_host(uint64_t dev, uint64_t ino)
{
	return host.anchor && dev == host.dev && ino == host.ino;
}

const char *netns_host_anchor(void)
{
	return host.anchor;
}

int netns_pin_host(struct pinned *p, char *err, size_t errlen)
{
	struct stat st;

	memset(p, 0, sizeof(*p));
	p->pidfd = -1;
	/* kthreadd never exits; without it, the fixed inode is ours only if we are in it. */
	p->nsfd = open(host.by_kthread ? "/proc/2/ns/net" : "/proc/self/ns/net",
		       O_RDONLY | O_CLOEXEC);
	if (p->nsfd < 0 || fstat(p->nsfd, &st) != 0 || !is_netns(p->nsfd) ||
	    !netns_is_host(st.st_dev, st.st_ino)) {
		netns_unpin(p);
		snprintf(err, errlen, "cannot open the host's network namespace from here");
		return -1;
	}
	p->ns_dev = st.st_dev;
	p->ns_ino = st.st_ino;
	return 0;
}
