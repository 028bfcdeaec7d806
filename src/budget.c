/* SPDX-License-Identifier: ISC */
#include "budget.h"

#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdint.h>
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
	struct ledger *l;
	long long reserve;

	/* Shared with the accountant; anonymous, so fd -1. */
	// cppcheck-suppress invalidFunctionArg
	l = mmap(NULL, sizeof(*l), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (l == MAP_FAILED)
		pdie(EXIT_FAIL, "mmap");
	memset(l, 0, sizeof(*l));
	l->limit = max_bytes;
	/* Room for what a tool still writes once asked to stop: its stdio buffer and the packet
	 * in hand (a capture tool checks the request between packets), up to 256 KiB each; half
	 * the budget where that is more. */
	reserve = max_bytes / 2 < (272LL << 10) ? max_bytes / 2 : 272LL << 10;
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

void ledger_return(struct ledger *l, int channel, long long n)
{
	__atomic_fetch_sub(&l->used, n, __ATOMIC_SEQ_CST);
	__atomic_fetch_sub(&l->bytes[channel], n, __ATOMIC_SEQ_CST);
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
	/* Once the supervisor has taken a write, only a fatal signal may end the tool's wait for
	 * the answer: a stop request then lands after the write, not in it (Linux 5.19). */
	int fd = (int)syscall(
		SYS_seccomp, SECCOMP_SET_MODE_FILTER,
		SECCOMP_FILTER_FLAG_NEW_LISTENER | SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV, &fp);

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

int budget_recv(int listener, struct budget_req *r)
{
	memset(r, 0, sizeof(*r));
	if (ioctl(listener, SECCOMP_IOCTL_NOTIF_RECV, &r->n) != 0)
		return errno == EINTR || errno == ENOENT ? 1 : -1;
	return 0;
}

int budget_std_fd(const struct budget_req *r)
{
	return (uint32_t)r->n.data.args[0] <= 2;
}

int budget_reply(int listener, const struct budget_req *r, struct ledger *l)
{
	/* The kernel's structure may have grown: room to spare. */
	static union {
		struct seccomp_notif_resp r;
		char room[256];
	} resp;
	/* write(fd, buf, count) and pwrite64(fd, buf, count, off): the count is a register, not
	 * memory the tool could change after this look. */
	long long n = (long long)r->n.data.args[2];

	memset(&resp, 0, sizeof(resp));
	resp.r.id = r->n.id;
	/* 0-2 are the accountant's to count (or a terminal's); the kernel reads fds as 32 bits. */
	if (budget_std_fd(r) || n < 0 || ledger_take(l, LEDGER_WRITES, n, 1) == n)
		resp.r.flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
	else
		resp.r.error = -EFBIG;
	/* ENOENT: the write was interrupted or the tool died meanwhile: nothing to answer. */
	if (ioctl(listener, SECCOMP_IOCTL_NOTIF_SEND, &resp.r) != 0 && errno != ENOENT)
		return -1;
	return 0;
}
