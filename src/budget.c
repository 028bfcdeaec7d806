/* SPDX-License-Identifier: ISC */
#include "budget.h"

#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "util.h"

/* Generated at build time by gen/seccomp_gen.c with libseccomp (build/gen/). */
#include "seccomp_filters.h"

struct ledger *ledger_new(long long max_bytes)
{
	struct ledger *l =
		mmap(NULL, sizeof(*l), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	long long reserve;

	if (l == MAP_FAILED)
		pdie(EXIT_FAIL, "mmap");
	memset(l, 0, sizeof(*l));
	l->limit = max_bytes;
	/* Room for what a tool holds in its buffers when asked to stop (stdio's, one packet of
	 * up to 256 KiB), within reason for small budgets. */
	reserve = max_bytes / 4 < (256LL << 10) ? max_bytes / 4 : 256LL << 10;
	l->soft = max_bytes - reserve;
	return l;
}

long long ledger_take(struct ledger *l, int channel, long long n, int whole)
{
	long long before = __atomic_fetch_add(&l->used, n, __ATOMIC_SEQ_CST), ok = n;

	if (l->limit && before + n > l->limit) {
		ok = before >= l->limit || whole ? 0 : l->limit - before;
		l->cut = 1;
	}
	__atomic_fetch_add(&l->bytes[channel], ok, __ATOMIC_SEQ_CST);
	return ok;
}

int ledger_past_soft(const struct ledger *l)
{
	return l->limit && __atomic_load_n(&l->used, __ATOMIC_SEQ_CST) >= l->soft;
}

void budget_child(int sock)
{
	static const struct sock_filter *prog = seccomp_budget_prog;
	struct sock_fprog fp = {
		(unsigned short)(sizeof(seccomp_budget_prog) / sizeof(seccomp_budget_prog[0])),
		(struct sock_filter *)(uintptr_t)prog};
	char one = 'L', ctl[CMSG_SPACE(sizeof(int))];
	struct iovec iov = {&one, 1};
	struct msghdr m = {.msg_iov = &iov,
			   .msg_iovlen = 1,
			   .msg_control = ctl,
			   .msg_controllen = sizeof(ctl)};
	struct cmsghdr *c;
	int fd = (int)syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER,
			      SECCOMP_FILTER_FLAG_NEW_LISTENER, &fp);

	if (fd < 0)
		pdie(EXIT_FAIL, "loading the byte budget's filter");
	memset(ctl, 0, sizeof(ctl));
	c = CMSG_FIRSTHDR(&m);
	if (!c)
		die(EXIT_FAIL, "no room for the byte budget's listener");
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &fd, sizeof(int));
	/* Until the supervisor holds it, no write the filter holds back may happen here. */
	if (sendmsg(sock, &m, MSG_NOSIGNAL) != 1)
		pdie(EXIT_FAIL, "handing the byte budget to the supervisor");
	if (close(fd) != 0)
		pdie(EXIT_FAIL, "close");
}

int budget_receive(int sock, char *text, size_t len, ssize_t *n)
{
	char ctl[CMSG_SPACE(sizeof(int))];
	struct iovec iov = {text, len};
	struct msghdr m = {.msg_iov = &iov,
			   .msg_iovlen = 1,
			   .msg_control = ctl,
			   .msg_controllen = sizeof(ctl)};
	struct cmsghdr *c;
	int fd = -1;

	*n = recvmsg(sock, &m, MSG_CMSG_CLOEXEC | MSG_DONTWAIT);
	for (c = *n >= 0 ? CMSG_FIRSTHDR(&m) : NULL; c; c = CMSG_NXTHDR(&m, c))
		if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS &&
		    c->cmsg_len == CMSG_LEN(sizeof(int)))
			memcpy(&fd, CMSG_DATA(c), sizeof(int));
	return fd;
}

int budget_serve(int listener, struct ledger *l)
{
	/* The kernel's structures may have grown: size them as it says. */
	static union {
		struct seccomp_notif n;
		char room[256];
	} req;
	static union {
		struct seccomp_notif_resp r;
		char room[256];
	} resp;
	long long n;

	memset(&req, 0, sizeof(req));
	if (ioctl(listener, SECCOMP_IOCTL_NOTIF_RECV, &req.n) != 0)
		return errno == EINTR || errno == ENOENT ? 0 : -1;
	memset(&resp, 0, sizeof(resp));
	resp.r.id = req.n.id;
	/* write(fd, buf, count) and pwrite64(fd, buf, count, off): the count is a register, not
	 * memory the tool could change after this look. */
	n = (long long)req.n.data.args[2];
	if (n < 0 || ledger_take(l, LEDGER_WRITES, n, 1) == n)
		resp.r.flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
	else
		resp.r.error = -EFBIG;
	/* ENOENT: the write was interrupted or the tool died meanwhile: nothing to answer. */
	if (ioctl(listener, SECCOMP_IOCTL_NOTIF_SEND, &resp.r) != 0 && errno != ENOENT)
		return -1;
	return 0;
}
