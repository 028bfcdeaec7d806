/* SPDX-License-Identifier: ISC */
/* The accountant: a child of the supervisor, with its credentials (no capability; real uid 0, so
 * the caller cannot signal or trace it), that does every piece of I/O on the caller's fds and
 * files the supervisor must never wait for. It relays the tool's stdout and stderr (pipes,
 * sockets or files of the caller's) through pipes of its own, counting each byte against the
 * budget, and at the end lists the files the tool wrote. If it blocks (a pipe nobody reads, a
 * hung mount), only it blocks: the supervisor stops waiting for it. */
#include "relay.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

#define CHUNK 65536

int relay_wanted(int fd)
{
	struct stat st;

	/* Pipes, sockets and files store or carry what the tool writes; a terminal is a screen
	 * (and the tool should see it as one), a device such as /dev/null keeps nothing. */
	return fstat(fd, &st) == 0 &&
	       (S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode) || S_ISREG(st.st_mode));
}

void relay_plan(struct relay *r, int have_output, int budget)
{
	memset(r, 0, sizeof(*r));
	r->pid = -1;
	for (int s = 0; s < 2; s++) {
		r->in[s] = r->out[s] = r->peek[s] = -1;
		if (!relay_wanted(s + 1))
			continue;
		if (pipe2(r->pipe[s], O_CLOEXEC) != 0)
			pdie(EXIT_FAIL, "pipe");
		/* Under a budget, a pipe of one page: the tool cannot get far ahead of the count,
		 * so what it writes after being asked to stop stays within the reserve. */
		if (budget && fcntl(r->pipe[s][1], F_SETPIPE_SZ, 4096) < 0)
			pdie(EXIT_FAIL, "F_SETPIPE_SZ");
		r->in[s] = r->pipe[s][0];
		r->out[s] = s + 1;
	}
	r->needed = r->in[0] >= 0 || r->in[1] >= 0 || have_output;
}

void relay_child_fds(const struct relay *r)
{
	for (int s = 0; s < 2; s++)
		if (r->in[s] >= 0 && (dup2(r->pipe[s][1], s + 1) != s + 1 ||
				      close(r->pipe[s][0]) != 0 || close(r->pipe[s][1]) != 0))
			pdie(EXIT_FAIL, "the tool's %s", s ? "stderr" : "stdout");
}

/* Move what the tool wrote on stream s, no more than the budget leaves: what waits in the pipe
 * is taken from the ledger first (and what did not move given back), then spliced where the
 * kernel can, copied otherwise; past the budget, read and dropped. 0 at the end of the stream,
 * or when the caller's reader is gone (then, as if connected directly, the tool's next write
 * fails). */
static int pump(struct relay *r, struct ledger *l, int s)
{
	static char buf[CHUNK];
	int avail = 0;
	long long ok;
	ssize_t n;

	if (ioctl(r->in[s], FIONREAD, &avail) != 0 || avail <= 0)
		avail = 1; /* to see the end, or an error */
	ok = r->out[s] >= 0 ? ledger_take(l, s, avail < CHUNK ? avail : CHUNK, 0) : 0;
	if (ok > 0 && !r->copy[s]) {
		n = splice(r->in[s], NULL, r->out[s], NULL, (size_t)ok, 0);
		if (n >= 0 || errno != EINVAL) {
			ledger_return(l, s, ok - (n > 0 ? n : 0));
			if (n < 0 && errno != EINTR && errno != EAGAIN)
				return 0;
			return n != 0;
		}
		r->copy[s] = 1; /* O_APPEND files and some sockets take no splice */
	}
	n = read(r->in[s], buf, ok > 0 ? (size_t)ok : sizeof(buf));
	if (n < (ssize_t)ok)
		ledger_return(l, s, ok - (n > 0 ? n : 0));
	if (n < 0)
		return errno == EINTR || errno == EAGAIN;
	if (n == 0)
		return 0;
	return ok <= 0 || write_all(r->out[s], buf, (size_t)n) == 0;
}

/* The files the tool wrote: its output file and any it rotated to (same directory, names that
 * start as its does, up to a strftime '%'), written during the session. */
static void list_files(const char *path, time_t since, struct ledger *l)
{
	char dir[4096], prefix[256];
	const char *slash = strrchr(path, '/');
	struct dirent *e;
	DIR *d;

	if (scopy(dir, sizeof(dir), slash ? path : ".") != 0)
		return;
	if (slash)
		dir[slash == path ? 1 : slash - path] = '\0';
	if (scopy(prefix, sizeof(prefix), slash ? slash + 1 : path) != 0)
		return;
	prefix[strcspn(prefix, "%")] = '\0';
	d = opendir(dir);
	if (!d) {
		l->files_done = -1;
		return;
	}
	while ((e = readdir(d)) != NULL) {
		struct stat st;

		if (strncmp(e->d_name, prefix, strlen(prefix)) != 0 ||
		    fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 ||
		    !S_ISREG(st.st_mode) || st.st_mtime < since)
			continue;
		if (l->nfiles == LEDGER_FILES) {
			l->files_more++;
			continue;
		}
		(void)scopy(l->files[l->nfiles].name, sizeof(l->files[0].name), e->d_name);
		l->files[l->nfiles++].bytes = (long long)st.st_size;
	}
	closedir(d);
	l->files_done = 1;
}

static __attribute__((noreturn)) void run(struct relay *r, struct ledger *l, int status)
{
	static const int ignored[] = {SIGINT, SIGQUIT, SIGTERM, SIGHUP, SIGTSTP, SIGTTIN, SIGTTOU};
	struct sigaction sa = {.sa_handler = SIG_IGN};
	sigset_t none;

	/* Only the tool may hold the streams' write ends, or they would never end. */
	for (int s = 0; s < 2; s++)
		if (r->in[s] >= 0)
			(void)close(r->pipe[s][1]);
	/* The terminal's signals are the tool's: this one drains until the tool is done. */
	for (size_t i = 0; i < sizeof(ignored) / sizeof(ignored[0]); i++)
		(void)sigaction(ignored[i], &sa, NULL);
	(void)sigemptyset(&none);
	(void)sigprocmask(SIG_SETMASK, &none, NULL);
	while (r->in[0] >= 0 || r->in[1] >= 0) {
		struct pollfd p[2] = {{r->in[0], POLLIN, 0}, {r->in[1], POLLIN, 0}};

		if (poll(p, 2, -1) < 0 && errno != EINTR)
			_exit(EXIT_FAIL);
		for (int s = 0; s < 2; s++)
			if (p[s].revents && !pump(r, l, s)) {
				close(r->in[s]);
				r->in[s] = -1;
				/* The supervisor lets go of its read end too: with none left, the
				 * tool's next write fails, as it would have without nscap. */
				(void)write(status, s ? "2" : "1", 1);
			}
		/* Wake the supervisor: time to stop the tool. */
		if (ledger_past_soft(l) && !l->soft_seen++)
			(void)write(status, "s", 1);
	}
	if (r->output)
		list_files(r->output, r->since, l);
	_exit(0);
}

pid_t relay_start(struct relay *r, struct ledger *l, int status)
{
	if (!r->needed)
		return -1;
	r->pid = fork();
	if (r->pid < 0)
		pdie(EXIT_FAIL, "fork");
	if (r->pid == 0)
		run(r, l, status);
	/* The supervisor keeps only a read end, to look (never read): the streams are the
	 * accountant's alone. */
	for (int s = 0; s < 2; s++) {
		r->peek[s] = r->in[s] >= 0 ? r->pipe[s][0] : -1;
		if (r->in[s] >= 0 && close(r->pipe[s][1]) != 0)
			pdie(EXIT_FAIL, "close");
	}
	return r->pid;
}

void relay_let_go(struct relay *r, const char *said, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		int s = said[i] == '1' ? 0 : said[i] == '2' ? 1 : -1;

		if (s >= 0 && r->peek[s] >= 0) {
			(void)close(r->peek[s]);
			r->peek[s] = -1;
		}
	}
}

int relay_drained(const struct relay *r, int fd)
{
	int left = 0;

	if (fd < 1 || fd > 2 || r->peek[fd - 1] < 0)
		return 1;
	return ioctl(r->peek[fd - 1], FIONREAD, &left) != 0 || left == 0;
}
