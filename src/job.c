/* SPDX-License-Identifier: ISC */
#include "job.h"

#include <errno.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "util.h"

#define STOP_WAIT_MS 1000

/* Has the tool stopped (without reaping or consuming its state)? */
static int tool_stopped(const struct supervisor *s)
{
	siginfo_t si = {0};

	return waitid(P_PIDFD, (id_t)s->pidfd, &si, WSTOPPED | WNOHANG | WNOWAIT) == 0 &&
	       si.si_pid != 0;
}

/* A process of the supervisor's own credentials, in a process group of its own so ^Z never
 * stops it, that continues the supervisor when the time is up. */
static void start_watchdog(struct supervisor *s, int64_t limit)
{
	pid_t parent = getpid();
	struct timespec until;

	if (s->watchdog > 0 || limit < 0)
		return;
	s->watchdog = fork();
	if (s->watchdog < 0)
		pdie(EXIT_FAIL, "fork");
	if (s->watchdog > 0)
		return;
	if (setpgid(0, 0) != 0)
		_exit(EXIT_FAIL);
	until.tv_sec = limit / 1000;
	until.tv_nsec = (limit % 1000) * 1000000;
	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &until, NULL) == EINTR)
		;
	(void)kill(parent, SIGCONT);
	_exit(0);
}

void job_stop(struct supervisor *s, int64_t limit)
{
	int64_t until = now_ms() + STOP_WAIT_MS;

	/* The terminal stopped the tool as well (same process group); a tool that chose not to
	 * stop keeps the session running, as it would without nscap. */
	while (!tool_stopped(s))
		if (now_ms() > until)
			return;
		else
			(void)usleep(1000);
	start_watchdog(s, limit);
	if (kill(getpid(), SIGSTOP) != 0)
		pdie(EXIT_FAIL, "stopping");
	/* Continued: by fg or bg (the whole group), or by the watchdog (the supervisor alone, and
	 * the tool is then stopped for good by the time limit). */
	if (syscall(SYS_pidfd_send_signal, s->pidfd, SIGCONT, NULL, 0) != 0 && errno != ESRCH)
		pdie(EXIT_FAIL, "continuing the tool");
}

void job_end(struct supervisor *s)
{
	if (s->watchdog <= 0)
		return;
	(void)kill(s->watchdog, SIGKILL);
	if (waitpid(s->watchdog, NULL, 0) != s->watchdog)
		pdie(EXIT_FAIL, "waitpid");
	s->watchdog = 0;
}
