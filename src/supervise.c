/* SPDX-License-Identifier: ISC */
#include "supervise.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util.h"

static const int forwarded[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};

static int report_fd = -1;

static void report_hook(const char *msg)
{
	if (report_fd >= 0)
		(void)write_all(report_fd, msg, strlen(msg));
}

pid_t supervise_fork(struct supervisor *s)
{
	sigset_t set;

	memset(s, 0, sizeof(*s));
	s->pidfd = s->sigfd = -1;
	if (pipe2(s->report, O_CLOEXEC) != 0)
		pdie(EXIT_FAIL, "pipe");
	/* Blocked before fork so none is lost; the child unblocks them before exec. */
	if (sigemptyset(&set) != 0)
		pdie(EXIT_FAIL, "sigemptyset");
	for (size_t i = 0; i < sizeof(forwarded) / sizeof(forwarded[0]); i++)
		if (sigaddset(&set, forwarded[i]) != 0)
			pdie(EXIT_FAIL, "sigaddset");
	if (sigprocmask(SIG_BLOCK, &set, NULL) != 0)
		pdie(EXIT_FAIL, "sigprocmask");
	s->started_ms = now_ms();
	s->parent = getpid();
	s->pid = fork();
	if (s->pid < 0)
		pdie(EXIT_FAIL, "fork");
	return s->pid;
}

void supervise_child_setup(struct supervisor *s)
{
	sigset_t none;

	if (close(s->report[0]) != 0)
		pdie(EXIT_FAIL, "close");
	report_fd = s->report[1];
	set_die_hook(report_hook);
	if (sigemptyset(&none) != 0 || sigprocmask(SIG_SETMASK, &none, NULL) != 0)
		pdie(EXIT_FAIL, "sigprocmask");
}

void supervise_child_bind(const struct supervisor *s)
{
	/* After the last credential change, which would clear it: the tool must not outlive a
	 * killed supervisor. */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) != 0)
		pdie(EXIT_FAIL, "PR_SET_PDEATHSIG");
	if (getppid() != s->parent)
		die(EXIT_FAIL, "the supervisor exited during setup");
}

static void signal_tool(struct supervisor *s, int sig)
{
	/* ESRCH: it already exited and waits to be reaped; nothing to stop. */
	if (syscall(SYS_pidfd_send_signal, s->pidfd, sig, NULL, 0) != 0 && errno != ESRCH)
		pdie(EXIT_FAIL, "signalling the tool");
}

static void read_report(struct supervisor *s, struct outcome *o, int *open)
{
	size_t used = strlen(o->error);
	ssize_t n = read(s->report[0], o->error + used, sizeof(o->error) - 1 - used);

	if (n < 0 && errno == EINTR)
		return;
	if (n <= 0) {
		*open = 0;
		return;
	}
	o->error[used + (size_t)n] = '\0';
}

void supervise_wait(struct supervisor *s, long long max_time, struct outcome *o)
{
	int64_t deadline = max_time > 0 ? s->started_ms + max_time * 1000 : -1;
	int report_open = 1, status = 0;
	sigset_t set;

	memset(o, 0, sizeof(*o));
	if (close(s->report[1]) != 0)
		pdie(EXIT_FAIL, "close");
	s->pidfd = (int)syscall(SYS_pidfd_open, s->pid, 0);
	if (s->pidfd < 0)
		pdie(EXIT_FAIL, "pidfd_open of the tool");
	if (sigprocmask(SIG_BLOCK, NULL, &set) != 0)
		pdie(EXIT_FAIL, "sigprocmask");
	s->sigfd = signalfd(-1, &set, SFD_CLOEXEC);
	if (s->sigfd < 0)
		pdie(EXIT_FAIL, "signalfd");
	for (;;) {
		struct pollfd p[3] = {
			{s->pidfd, POLLIN, 0}, {s->sigfd, POLLIN, 0}, {s->report[0], POLLIN, 0}};
		int64_t now = now_ms();
		int timeout = deadline < 0 ? -1 : deadline > now ? (int)(deadline - now) : 0;
		int r = poll(p, report_open ? 3 : 2, timeout);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			pdie(EXIT_FAIL, "poll");
		if (report_open && p[2].revents)
			read_report(s, o, &report_open);
		if (p[1].revents & POLLIN) {
			struct signalfd_siginfo si;

			if (read(s->sigfd, &si, sizeof(si)) != sizeof(si))
				pdie(EXIT_FAIL, "reading a signal");
			/* The terminal signals the whole process group itself: no double delivery.
			 */
			if (si.ssi_code != SI_KERNEL)
				signal_tool(s, (int)si.ssi_signo);
		}
		if (p[0].revents & POLLIN)
			break;
		if (r == 0 && deadline >= 0) {
			o->stop_signal = o->timed_out ? SIGKILL : SIGTERM;
			signal_tool(s, o->stop_signal);
			o->timed_out = 1;
			deadline = now_ms() + SUPERVISE_GRACE_MS;
		}
	}
	while (report_open)
		read_report(s, o, &report_open);
	if (waitpid(s->pid, &status, 0) != s->pid)
		pdie(EXIT_FAIL, "waitpid");
	o->duration_ms = now_ms() - s->started_ms;
	if (WIFEXITED(status)) {
		o->exited = 1;
		o->exit_code = WEXITSTATUS(status);
	} else if (WIFSIGNALED(status)) {
		o->signal = WTERMSIG(status);
	}
}

void outcome_output(struct outcome *o, const char *path)
{
	struct stat st;

	if (!path || strcmp(path, "-") == 0)
		return;
	o->output = path;
	/* The supervisor's effective uid is the caller's: it sees only what the caller could. */
	o->output_bytes = stat(path, &st) == 0 && S_ISREG(st.st_mode) ? (long long)st.st_size : -1;
}

int outcome_status(const struct outcome *o)
{
	if (o->error[0])
		return EXIT_FAIL;
	if (o->timed_out)
		return EXIT_TIMEOUT;
	if (o->exited)
		return o->exit_code;
	return 128 + o->signal;
}
