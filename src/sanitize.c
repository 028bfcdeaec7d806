/* SPDX-License-Identifier: ISC */
#include "sanitize.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
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
	/* A caller's file size limit turns writes into EFBIG, never into a silent death. */
	sa.sa_handler = SIG_IGN;
	if (sigaction(SIGXFSZ, &sa, NULL) != 0)
		pdie(EXIT_FAIL, "sigaction SIGXFSZ");
}

void signals_for_tool(void)
{
	struct sigaction sa = {.sa_handler = SIG_DFL};

	/* An ignored signal stays ignored across exec. */
	if (sigaction(SIGXFSZ, &sa, NULL) != 0)
		pdie(EXIT_FAIL, "sigaction SIGXFSZ");
}

void sanitize_limits(struct caller_limits *saved)
{
	struct rlimit inf = {RLIM_INFINITY, RLIM_INFINITY};
	/* One above the exec fd, which exec_place_fd() needs room for. */
	struct rlimit files = {SANDBOX_EXEC_FD + 1, SANDBOX_EXEC_FD + 1};
	struct rlimit nocore = {0, 0};
	struct rlimit stack = {STACK_NEEDED, STACK_NEEDED};

	if (getrlimit(RLIMIT_CPU, &saved->cpu) != 0 ||
	    getrlimit(RLIMIT_FSIZE, &saved->fsize) != 0 ||
	    getrlimit(RLIMIT_STACK, &saved->stack) != 0)
		pdie(EXIT_FAIL, "getrlimit");
	/* A tiny stack limit would crash setup part way; a larger one is the caller's to keep. */
	if (saved->stack.rlim_cur != RLIM_INFINITY && saved->stack.rlim_cur < STACK_NEEDED &&
	    setrlimit(RLIMIT_STACK, &stack) != 0) {
		/* No formatting here: on such a stack, printf itself would not fit. */
		static const char msg[] = "nscap: the stack size limit is too small (ulimit -s "
					  "must allow 8192 KiB)\n";

		(void)write(2, msg, sizeof(msg) - 1);
		_exit(EXIT_FAIL);
	}
	/* A caller's tiny limit must not cut an audit record in half or kill us mid-way. */
	if (setrlimit(RLIMIT_CPU, &inf) != 0 || setrlimit(RLIMIT_FSIZE, &inf) != 0 ||
	    setrlimit(RLIMIT_NOFILE, &files) != 0 || setrlimit(RLIMIT_CORE, &nocore) != 0)
		pdie(EXIT_FAIL, "setrlimit");
}

void limits_for_tool(const struct caller_limits *saved, long long max_bytes)
{
	struct rlimit fsize = saved->fsize;
	struct rlimit nocore = {0, 0};

	if (max_bytes > 0 &&
	    (fsize.rlim_max == RLIM_INFINITY || fsize.rlim_max > (rlim_t)max_bytes))
		fsize.rlim_max = (rlim_t)max_bytes;
	if (fsize.rlim_cur == RLIM_INFINITY || fsize.rlim_cur > fsize.rlim_max)
		fsize.rlim_cur = fsize.rlim_max;
	if (setrlimit(RLIMIT_CPU, &saved->cpu) != 0 || setrlimit(RLIMIT_FSIZE, &fsize) != 0 ||
	    setrlimit(RLIMIT_STACK, &saved->stack) != 0 || setrlimit(RLIMIT_CORE, &nocore) != 0)
		pdie(EXIT_FAIL, "setrlimit for the tool");
}
