/* SPDX-License-Identifier: ISC */
#include "supervise.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "job.h"
#include "sandbox.h"
#include "util.h"

/* How long the accountant may take, after the tool, to finish its streams and file list. */
#define ACCOUNTANT_MS 2000
/* How long a due stop waits for a write to land its signal on. */
#define STOP_AT_WRITE_MS 200

static const int forwarded[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};

static int report_fd = -1;

static void report_hook(const char *msg)
{
	/* send(), not write(): the budget's filter holds back the child's writes to its own
	 * fds, and this one must never wait for the supervisor. */
	if (report_fd >= 0)
		(void)send(report_fd, msg, strlen(msg), MSG_NOSIGNAL);
}

pid_t supervise_fork(struct supervisor *s, long long max_bytes, const char *output)
{
	sigset_t set;

	memset(s, 0, sizeof(*s));
	s->pidfd = s->sigfd = s->listener = -1;
	s->ledger = ledger_new(max_bytes);
	relay_plan(&s->relay, output && strcmp(output, "-") != 0, max_bytes > 0);
	s->relay.output = output && strcmp(output, "-") != 0 ? output : NULL;
	s->relay.since = time(NULL);
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, s->report) != 0 ||
	    pipe2(s->status, O_CLOEXEC | O_NONBLOCK) != 0)
		pdie(EXIT_FAIL, "socketpair");
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

	if (close(s->report[0]) != 0 || close(s->status[0]) != 0 || close(s->status[1]) != 0)
		pdie(EXIT_FAIL, "close");
	/* Up where the tool's RLIMIT_NOFILE keeps it from ever having an fd again. */
	if (dup3(s->report[1], SANDBOX_REPORT_FD, O_CLOEXEC) != SANDBOX_REPORT_FD ||
	    close(s->report[1]) != 0)
		pdie(EXIT_FAIL, "placing the error socket");
	s->report[1] = report_fd = SANDBOX_REPORT_FD;
	set_die_hook(report_hook);
	relay_child_fds(&s->relay);
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

void supervise_child_budget(struct supervisor *s)
{
	if (s->ledger->limit)
		budget_child(s->report[1]);
}

void supervise_start(struct supervisor *s)
{
	if (close(s->report[1]) != 0)
		pdie(EXIT_FAIL, "close");
	s->report[1] = -1;
	(void)relay_start(&s->relay, s->ledger, s->status[1]);
	if (close(s->status[1]) != 0)
		pdie(EXIT_FAIL, "close");
	s->status[1] = -1;
	s->pidfd = (int)syscall(SYS_pidfd_open, s->pid, 0);
	if (s->pidfd < 0)
		pdie(EXIT_FAIL, "pidfd_open of the tool");
}

static void signal_tool(struct supervisor *s, int sig)
{
	/* ESRCH: it already exited and waits to be reaped; nothing to stop. */
	if (syscall(SYS_pidfd_send_signal, s->pidfd, sig, NULL, 0) != 0 && errno != ESRCH)
		pdie(EXIT_FAIL, "signalling the tool");
}

/* The child's error text, or the budget's listener; EOF: the exec happened (or it died). */
static void read_report(struct supervisor *s, struct outcome *o, int *open)
{
	size_t used = strlen(o->error);
	char text[sizeof(o->error)];
	ssize_t n;
	int fd = budget_receive(s->report[0], text, sizeof(o->error) - 1 - used, &n);

	if (fd >= 0) { /* the budget's listener; its one byte of data says nothing */
		s->listener = fd;
		return;
	}
	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return;
	if (n <= 0) {
		*open = 0;
		return;
	}
	memcpy(o->error + used, text, (size_t)n);
	o->error[used + (size_t)n] = '\0';
}

/* Ask the tool to stop, for a reason; a second time, make it. */
static void stop(struct supervisor *s, struct outcome *o, int64_t *deadline, const char *why)
{
	if (!o->stop)
		o->stop = why;
	o->stop_signal = o->stop_signal ? SIGKILL : SIGTERM;
	signal_tool(s, SIGCONT); /* a stopped tool acts on nothing else */
	signal_tool(s, o->stop_signal);
	*deadline = now_ms() + SUPERVISE_GRACE_MS;
	s->stop_pending = 0;
}

/* Is the tool asleep without being interruptible ('D' in /proc/PID/stat)? */
static int killable_wait(pid_t pid)
{
	char path[64], text[512], *p;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	n = read(fd, text, sizeof(text) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	text[n] = '\0';
	p = strrchr(text, ')');
	return p && p[1] == ' ' && p[2] == 'D';
}

/* A write the tool waits on. When a stop is due, the signal goes while the write is held, and
 * the answer only once the signal has moved the tool into the kernel's killable wait: then the
 * write completes and the signal lands after it (a handler never sees a write fail). A write to
 * a relay pipe is answered once the pipe is empty, so it cannot block (and be interrupted). */
static void on_write(struct supervisor *s, struct outcome *o, int64_t *deadline)
{
	static struct budget_req req;
	int rc = budget_recv(s->listener, &req);

	if (rc == 0 && s->stop_pending) {
		int64_t until = now_ms() + STOP_AT_WRITE_MS;
		int fd = (int)(uint32_t)req.n.data.args[0];

		while (!relay_drained(&s->relay, fd) && now_ms() < until)
			(void)usleep(500);
		stop(s, o, deadline, o->stop ? o->stop : "max-bytes");
		while (!killable_wait(s->pid) && now_ms() < until + 100)
			(void)usleep(200);
	}
	if (rc < 0 || (rc == 0 && budget_reply(s->listener, &req, s->ledger) != 0)) {
		close(s->listener);
		s->listener = -1;
	}
}

static void on_signal(struct supervisor *s, int64_t deadline)
{
	struct signalfd_siginfo si;

	if (read(s->sigfd, &si, sizeof(si)) != sizeof(si))
		pdie(EXIT_FAIL, "reading a signal");
	if (si.ssi_signo == SIGTSTP || si.ssi_signo == SIGTTIN || si.ssi_signo == SIGTTOU)
		job_stop(s, deadline);
	else if (si.ssi_code != SI_KERNEL) /* the terminal signals the whole group itself */
		signal_tool(s, (int)si.ssi_signo);
}

static void open_signals(struct supervisor *s)
{
	sigset_t set;

	if (sigprocmask(SIG_BLOCK, NULL, &set) != 0)
		pdie(EXIT_FAIL, "sigprocmask");
	s->sigfd = signalfd(-1, &set, SFD_CLOEXEC);
	if (s->sigfd < 0)
		pdie(EXIT_FAIL, "signalfd");
}

/* A stop is due: with writes being counted, wait (briefly) for the next one to signal while it
 * is held; else signal now. */
static void due(struct supervisor *s, struct outcome *o, int64_t *deadline)
{
	if (s->listener >= 0 && !o->stop_signal) {
		s->stop_pending = 1;
		*deadline = now_ms() + STOP_AT_WRITE_MS;
		return;
	}
	stop(s, o, deadline, o->stop);
}

/* Wait for the tool to end, acting on signals, the budget and the time limit. */
static void watch(struct supervisor *s, long long max_time, struct outcome *o)
{
	int64_t limit = max_time > 0 ? s->started_ms + max_time * 1000 : -1, deadline = limit;
	int report_open = 1;

	for (;;) {
		struct pollfd p[5] = {{s->pidfd, POLLIN, 0},
				      {s->sigfd, POLLIN, 0},
				      {s->status[0], POLLIN, 0},
				      {s->listener, POLLIN, 0},
				      {s->report[0], POLLIN, 0}};
		int64_t now = now_ms();
		int timeout = deadline < 0 ? -1 : deadline > now ? (int)(deadline - now) : 0;
		int r = poll(p, report_open ? 5 : 4, timeout);
		char said[16];
		ssize_t n;

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			pdie(EXIT_FAIL, "poll");
		if (report_open && p[4].revents)
			read_report(s, o, &report_open);
		if (s->listener >= 0 && (p[3].revents & (POLLHUP | POLLERR | POLLNVAL)) &&
		    !(p[3].revents & POLLIN)) {
			close(s->listener);
			s->listener = -1;
		} else if (s->listener >= 0 && (p[3].revents & POLLIN)) {
			on_write(s, o, &deadline);
		}
		if (p[2].revents) {
			while ((n = read(s->status[0], said, sizeof(said))) > 0)
				relay_let_go(&s->relay, said, (size_t)n);
			if (n == 0) { /* the accountant is done: nothing more to hear */
				close(s->status[0]);
				s->status[0] = -1;
			}
		}
		if (!o->over_budget && (ledger_past_soft(s->ledger) || s->ledger->cut)) {
			o->over_budget = 1;
			o->stop = "max-bytes";
			due(s, o, &deadline);
		}
		if (p[1].revents & POLLIN)
			on_signal(s, limit);
		if (p[0].revents & POLLIN)
			return;
		if (deadline >= 0 && now_ms() >= deadline) {
			if (!o->over_budget && !o->timed_out) {
				o->timed_out = 1;
				o->stop = "max-time";
				due(s, o, &deadline);
			} else {
				stop(s, o, &deadline, o->stop);
			}
		}
	}
}

/* The accountant finishes the streams and lists the files; a blocked one is not waited for. */
static void settle_accountant(struct supervisor *s, struct outcome *o)
{
	int fd = s->relay.pid > 0 ? (int)syscall(SYS_pidfd_open, s->relay.pid, 0) : -1;
	struct pollfd p = {fd, POLLIN, 0};

	if (s->relay.pid <= 0)
		return;
	if (fd < 0 || poll(&p, 1, ACCOUNTANT_MS) != 1) {
		(void)kill(s->relay.pid, SIGKILL);
		o->accountant_late = 1;
	}
	if (fd >= 0)
		close(fd);
	if (waitpid(s->relay.pid, NULL, 0) != s->relay.pid)
		pdie(EXIT_FAIL, "waitpid");
}

void supervise_wait(struct supervisor *s, long long max_time, struct outcome *o)
{
	int status = 0;

	memset(o, 0, sizeof(*o));
	o->ledger = s->ledger;
	open_signals(s);
	watch(s, max_time, o);
	/* The child's last words before it died, if any. */
	while (1) {
		int open = 1;

		read_report(s, o, &open);
		if (!open)
			break;
	}
	if (waitpid(s->pid, &status, 0) != s->pid)
		pdie(EXIT_FAIL, "waitpid");
	o->duration_ms = now_ms() - s->started_ms;
	if (s->listener >= 0)
		close(s->listener);
	s->listener = -1;
	job_end(s);
	settle_accountant(s, o);
	if (WIFEXITED(status)) {
		o->exited = 1;
		o->exit_code = WEXITSTATUS(status);
	} else if (WIFSIGNALED(status)) {
		o->signal = WTERMSIG(status);
	}
	if (!o->stop)
		o->stop = o->signal ? "signal" : "tool";
}

int outcome_status(const struct outcome *o)
{
	if (o->error[0])
		return EXIT_FAIL;
	if (o->over_budget)
		return EXIT_BUDGET;
	if (o->timed_out)
		return EXIT_TIMEOUT;
	if (o->exited)
		return o->exit_code;
	return 128 + o->signal;
}
