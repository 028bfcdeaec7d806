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

static struct {
	int n;
	uint64_t dev[2], ino[2];
} host;

int parse_proc_stat(const char *text, uint64_t *start, uint64_t *flags)
{
	const char *p = strrchr(text, ')');
	int field = 2;

	if (!p)
		return -1;
	p++;
	/* Fields after "(comm)" start at 3 (state); flags is 9, starttime 22. */
	while (*p && field < 22) {
		uint64_t v = 0;
		size_t n;

		while (*p == ' ')
			p++;
		field++;
		n = strcspn(p, " \n");
		if (field == 9 || field == 22) {
			/* Plain decimal digits, no sign, no overflow. */
			if (n == 0 || n > 19 || strspn(p, "0123456789") != n)
				return -1;
			for (size_t i = 0; i < n; i++)
				v = v * 10 + (uint64_t)(p[i] - '0');
			if (field == 9)
				*flags = v;
			else
				*start = v;
		}
		p += n;
	}
	return field == 22 ? 0 : -1;
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
	char path[64], stat[1024];
	uint64_t flags = 0;
	struct stat st;
	int dirfd, rc;

	memset(p, 0, sizeof(*p));
	p->pid = pid;
	p->pidfd = p->nsfd = -1;
	p->pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
	if (p->pidfd < 0) {
		rc = errno;
		if (rc == ESRCH)
			return fail(err, errlen, "process %d does not exist", pid, 0);
		return fail(err, errlen, "pidfd_open of process %d", pid, rc);
	}
	snprintf(path, sizeof(path), "/proc/%d", (int)pid);
	dirfd = open(path, O_PATH | O_DIRECTORY | O_CLOEXEC);
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

int netns_of(pid_t pid, uint64_t want_start, uint64_t *dev, uint64_t *ino)
{
	struct pinned p;
	char err[256];

	if (netns_pin(pid, want_start, NULL, 0, &p, err, sizeof(err)) != 0)
		return -1;
	*dev = p.ns_dev;
	*ino = p.ns_ino;
	netns_unpin(&p);
	return 0;
}

static int add_host(const char *path, int must, char *err, size_t errlen)
{
	struct stat st;

	if (stat(path, &st) != 0) {
		if (!must)
			return 0;
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	host.dev[host.n] = st.st_dev;
	host.ino[host.n] = st.st_ino;
	host.n++;
	return 0;
}

int netns_host_init(char *err, size_t errlen)
{
	host.n = 0;
	/* PID 1's may be unreadable in sandboxes; our own start netns always counts. */
	if (add_host("/proc/self/ns/net", 1, err, errlen) != 0)
		return -1;
	return add_host("/proc/1/ns/net", 0, err, errlen);
}

int netns_is_host(uint64_t dev, uint64_t ino)
{
	for (int i = 0; i < host.n; i++)
		if (host.dev[i] == dev && host.ino[i] == ino)
			return 1;
	return 0;
}
