/* SPDX-License-Identifier: ISC */
#include "sanitize.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "exec.h"
#include "sandbox.h"
#include "util.h"

#define STACK_NEEDED (8UL << 20)

void sanitize_fds(void)
{
	for (int fd = 0; fd < 3; fd++) {
		if (fcntl(fd, F_GETFD) != -1)
			continue;
		if (errno != EBADF)
			_exit(EXIT_FAIL);
		/* The lowest free number is fd itself; stderr may not exist yet to complain. */
		if (open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY) != fd)
			_exit(EXIT_FAIL);
	}
	if (syscall(SYS_close_range, 3U, ~0U, 0U) != 0)
		pdie(EXIT_FAIL, "close_range");
}

/* What a terminal can send; blocked during setup, forwarded to the tool afterwards. */
static const int held[] = {SIGINT, SIGQUIT, SIGTERM, SIGHUP, SIGTSTP, SIGTTIN, SIGTTOU};

void sanitize_signals(void)
{
	struct sigaction sa = {.sa_handler = SIG_DFL};
	sigset_t set;

	for (int s = 1; s < NSIG; s++)
		if (s != SIGKILL && s != SIGSTOP && sigaction(s, &sa, NULL) != 0 && errno != EINVAL)
			pdie(EXIT_FAIL, "sigaction %d", s);
	if (sigemptyset(&set) != 0)
		pdie(EXIT_FAIL, "sigemptyset");
	for (size_t i = 0; i < sizeof(held) / sizeof(held[0]); i++)
		if (sigaddset(&set, held[i]) != 0)
			pdie(EXIT_FAIL, "sigaddset");
	if (sigprocmask(SIG_SETMASK, &set, NULL) != 0)
		pdie(EXIT_FAIL, "sigprocmask");
	/* A file size limit turns writes into EFBIG and a reader gone from a pipe (stderr, say)
	 * into EPIPE, never into a silent death that cuts the audit trail. */
	sa.sa_handler = SIG_IGN;
	if (sigaction(SIGXFSZ, &sa, NULL) != 0 || sigaction(SIGPIPE, &sa, NULL) != 0)
		pdie(EXIT_FAIL, "sigaction");
}

void signals_for_tool(void)
{
	struct sigaction sa = {.sa_handler = SIG_DFL};

	/* An ignored signal stays ignored across exec. */
	if (sigaction(SIGXFSZ, &sa, NULL) != 0 || sigaction(SIGPIPE, &sa, NULL) != 0)
		pdie(EXIT_FAIL, "sigaction");
}

/* nscap's own value for each limit: none, except no core files, the stack its setup needs and
 * room for the fd table up to the exec fd. */
static struct rlimit own_limit(int r)
{
	struct rlimit inf = {RLIM_INFINITY, RLIM_INFINITY};

	switch (r) {
	case RLIMIT_CORE:
		return (struct rlimit){0, 0};
	case RLIMIT_STACK:
		return (struct rlimit){STACK_NEEDED, RLIM_INFINITY};
	case RLIMIT_NOFILE:
		return (struct rlimit){SANDBOX_EXEC_FD + 1, SANDBOX_EXEC_FD + 1};
	case RLIMIT_NICE:
	case RLIMIT_RTPRIO:
		return (struct rlimit){0, 0};
	default:
		return inf;
	}
}

/* What nscap cannot run without: the stack its setup uses, room for the exec fd, and no CPU
 * or file size limit, either of which could end it (SIGKILL, EFBIG on the audit log) between
 * the start record and the end. */
static rlim_t least(int r)
{
	switch (r) {
	case RLIMIT_STACK:
		return STACK_NEEDED;
	case RLIMIT_NOFILE:
		return SANDBOX_EXEC_FD + 1;
	case RLIMIT_CPU:
	case RLIMIT_FSIZE:
		return RLIM_INFINITY;
	default:
		return 0;
	}
}

void sanitize_limits(struct caller_limits *saved)
{
	for (int r = 0; r < RLIM_NLIMITS; r++) {
		struct rlimit own = own_limit(r), most;

		if (getrlimit(r, &saved->rl[r]) != 0)
			pdie(EXIT_FAIL, "getrlimit %d", r);
		if (setrlimit(r, &own) == 0)
			continue;
		/* Without CAP_SYS_RESOURCE (some sandboxes drop it) a hard limit cannot be
		 * raised: take all of it. An allocation that then fails still ends the run. */
		most = (struct rlimit){saved->rl[r].rlim_max, saved->rl[r].rlim_max};
		if (own.rlim_cur != RLIM_INFINITY && own.rlim_cur < most.rlim_cur)
			most.rlim_cur = own.rlim_cur;
		if (most.rlim_max != RLIM_INFINITY && most.rlim_max < least(r)) {
			/* No formatting: on a tiny stack, printf itself would not fit. */
			static const char msg[] =
				"nscap: a resource limit of yours is too small to "
				"run nscap (ulimit -s needs 8192, -n 1024, -t and -f "
				"unlimited)\n";

			(void)write(2, msg, sizeof(msg) - 1);
			_exit(EXIT_FAIL);
		}
		if (setrlimit(r, &most) != 0)
			pdie(EXIT_FAIL, "setrlimit %d", r);
	}
}

void sanitize_umask(struct caller_limits *saved)
{
	saved->umask = umask(077); /* nothing nscap creates is readable by others */
}

void limits_for_tool(const struct caller_limits *saved, long long max_bytes)
{
	for (int r = 0; r < RLIM_NLIMITS; r++) {
		struct rlimit rl = saved->rl[r];
		rlim_t cap = RLIM_INFINITY;

		if (r == RLIMIT_FSIZE && max_bytes > 0)
			cap = (rlim_t)max_bytes;
		else if (r == RLIMIT_NOFILE)
			cap = SANDBOX_TOOL_FDS; /* the fds above are nscap's until the exec */
		else if (r == RLIMIT_CORE)
			cap = 0;
		if (rl.rlim_max == RLIM_INFINITY || rl.rlim_max > cap)
			rl.rlim_max = cap;
		if (rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur > rl.rlim_max)
			rl.rlim_cur = rl.rlim_max;
		if (setrlimit(r, &rl) != 0)
			pdie(EXIT_FAIL, "setrlimit %d for the tool", r);
	}
	(void)umask(saved->umask);
}
