/* SPDX-License-Identifier: ISC */
#include "audit.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/falloc.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/stat.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "jsonw.h"
#include "trust.h"
#include "util.h"

#ifndef NSCAP_AUDIT_LOG
#define NSCAP_AUDIT_LOG "/var/log/nscap/audit.log"
#endif

static struct audit_info *info;
static int log_fd = -1;

void audit_init(struct audit_info *ai)
{
	unsigned char r[16];
	ssize_t n;

	if (getrandom(r, sizeof(r), 0) != (ssize_t)sizeof(r))
		pdie(EXIT_FAIL, "getrandom");
	for (size_t i = 0; i < sizeof(r); i++)
		snprintf(ai->session + 2 * i, 3, "%02x", r[i]);
	ai->tty[0] = '\0';
	if (isatty(0)) {
		n = readlink("/proc/self/fd/0", ai->tty, sizeof(ai->tty) - 1);
		ai->tty[n > 0 ? n : 0] = '\0';
	}
	ai->have_cwd = getcwd(ai->cwd, sizeof(ai->cwd)) != NULL;
}

/* syslog without libc's: no local time zone files read as root, nothing buffered. The log
 * file is the record; a missing or failing syslog socket is not an error. */
static int syslog_fd = -1;

static void syslog_open(void)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX, .sun_path = "/dev/log"};

	syslog_fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (syslog_fd >= 0 && connect(syslog_fd, (struct sockaddr *)&sa, sizeof(sa)) != 0) {
		close(syslog_fd);
		syslog_fd = -1;
	}
}

static void syslog_send(const char *msg)
{
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	char buf[2400];
	struct tm tm;
	time_t now = time(NULL);
	int n;

	if (syslog_fd < 0 || !gmtime_r(&now, &tm))
		return;
	/* RFC 3164: <authpriv.notice>Mmm dd hh:mm:ss nscap[pid]: message */
	n = snprintf(buf, sizeof(buf), "<%d>%.3s %2d %02d:%02d:%02d nscap[%d]: %s",
		     LOG_AUTHPRIV | LOG_NOTICE, months + 3 * (size_t)tm.tm_mon, tm.tm_mday,
		     tm.tm_hour, tm.tm_min, tm.tm_sec, (int)getpid(), msg);
	if (n > 0)
		(void)send(syslog_fd, buf, (size_t)n < sizeof(buf) ? (size_t)n : sizeof(buf) - 1,
			   MSG_NOSIGNAL | MSG_DONTWAIT);
}

static void error_hook(const char *msg)
{
	(void)audit_event("error", NULL, msg);
}

void audit_open(struct audit_info *ai)
{
	char dir[PATH_MAX], err[600];
	static const char path[] = NSCAP_AUDIT_LOG;
	const char *base = strrchr(path, '/');
	struct stat st;
	int dfd;

	info = ai;
	if (scopy(dir, sizeof(dir), path) != 0 || !base || !base[1])
		die(EXIT_FAIL, "bad compiled-in audit log path");
	dir[base - path + (base == path)] = '\0';
	dfd = trust_open(dir, 0, TRUST_DIR, NULL, err, sizeof(err));
	if (dfd < 0)
		die(EXIT_FAIL, "audit log directory %s", err);
	log_fd = openat(dfd, base + 1,
			O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY |
				O_NONBLOCK,
			0600);
	if (log_fd < 0)
		pdie(EXIT_FAIL, "cannot open the audit log %s", NSCAP_AUDIT_LOG);
	close(dfd);
	if (fstat(log_fd, &st) != 0)
		pdie(EXIT_FAIL, "fstat %s", NSCAP_AUDIT_LOG);
	if (!S_ISREG(st.st_mode) || !trust_mode_ok(&st) || st.st_nlink != 1)
		die(EXIT_FAIL,
		    "audit log %s must be a root-owned file, not writable by others, "
		    "with one link",
		    NSCAP_AUDIT_LOG);
	syslog_open();
	set_die_hook(error_hook);
}

static void timestamp(char *buf, size_t len)
{
	struct timespec ts;
	struct tm tm;

	if (clock_gettime(CLOCK_REALTIME, &ts) != 0 || !gmtime_r(&ts.tv_sec, &tm)) {
		snprintf(buf, len, "unknown");
		return;
	}
	snprintf(buf, len, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
		 tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, (int)(ts.tv_nsec / 1000000) % 1000);
}

static void put_target(struct jbuf *b)
{
	const struct target *t = info->target;

	jb_key(b, "target");
	jb_open(b, '{');
	jb_key(b, "spec");
	jb_str(b, info->target_spec);
	if (t) {
		jb_key(b, "kind");
		jb_str(b, t->kind);
		jb_key(b, "runtime");
		jb_str(b, t->has_container ? t->c.runtime : NULL);
		jb_key(b, "id");
		jb_str(b, t->has_container ? t->c.id : NULL);
		jb_key(b, "name");
		jb_str(b, t->has_container && t->c.name[0] ? t->c.name : NULL);
		jb_key(b, "pod_ns");
		jb_str(b, t->has_container && t->c.pod_ns[0] ? t->c.pod_ns : NULL);
		jb_key(b, "pod_name");
		jb_str(b, t->has_container && t->c.pod_name[0] ? t->c.pod_name : NULL);
		jb_key(b, "container");
		jb_str(b, t->has_container && t->c.pod_container[0] ? t->c.pod_container : NULL);
		jb_key(b, "pid");
		jb_int(b, t->pin.pid);
		jb_key(b, "netns");
		jb_int(b, (long long)t->pin.ns_ino);
	}
	jb_close(b, '}');
}

static const char *signal_name(int sig)
{
	static const struct {
		int sig;
		char name[8];
	} names[] = {
		{SIGHUP, "SIGHUP"},   {SIGINT, "SIGINT"},   {SIGQUIT, "SIGQUIT"},
		{SIGILL, "SIGILL"},   {SIGTRAP, "SIGTRAP"}, {SIGABRT, "SIGABRT"},
		{SIGBUS, "SIGBUS"},   {SIGFPE, "SIGFPE"},   {SIGKILL, "SIGKILL"},
		{SIGUSR1, "SIGUSR1"}, {SIGSEGV, "SIGSEGV"}, {SIGUSR2, "SIGUSR2"},
		{SIGPIPE, "SIGPIPE"}, {SIGALRM, "SIGALRM"}, {SIGTERM, "SIGTERM"},
		{SIGXCPU, "SIGXCPU"}, {SIGXFSZ, "SIGXFSZ"}, {SIGSYS, "SIGSYS"},
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].sig == sig)
			return names[i].name;
	return "SIG?";
}

static void put_outcome(struct jbuf *b, const struct outcome *o)
{
	char sig[32];

	jb_key(b, "exit");
	if (o->exited)
		jb_int(b, o->exit_code);
	else
		jb_null(b);
	jb_key(b, "signal");
	if (o->signal) {
		snprintf(sig, sizeof(sig), "%s", signal_name(o->signal));
		jb_str(b, sig);
	} else {
		jb_null(b);
	}
	jb_key(b, "timed_out");
	jb_int(b, o->timed_out);
	jb_key(b, "stop_signal");
	if (o->stop_signal)
		jb_str(b, signal_name(o->stop_signal));
	else
		jb_null(b);
	jb_key(b, "duration_ms");
	jb_int(b, o->duration_ms);
	if (o->output) {
		jb_key(b, "output");
		jb_str(b, o->output);
		jb_key(b, "output_bytes");
		if (o->output_bytes >= 0)
			jb_int(b, o->output_bytes);
		else
			jb_null(b);
	}
	if (o->error[0]) {
		jb_key(b, "error");
		jb_str(b, o->error);
	}
}

static void put_who(struct jbuf *b)
{
	jb_key(b, "uid");
	jb_int(b, info->uid);
	jb_key(b, "user");
	jb_str(b, info->user);
	jb_key(b, "gids");
	jb_open(b, '[');
	jb_int(b, info->gid);
	for (int i = 0; i < info->ngroups && i < 256; i++) {
		int seen = info->groups[i] == info->gid;

		for (int k = 0; k < i && !seen; k++)
			seen = info->groups[k] == info->groups[i];
		if (!seen)
			jb_int(b, info->groups[i]);
	}
	jb_close(b, ']');
	jb_key(b, "tty");
	jb_str(b, info->tty[0] ? info->tty : NULL);
	jb_key(b, "cwd");
	jb_str(b, info->have_cwd ? info->cwd : NULL);
}

static void put_argv(struct jbuf *b)
{
	jb_key(b, "argv");
	jb_open(b, '[');
	for (int i = 0; i < info->argc; i++) {
		/* Room is kept for the rest of the record: a cut argv says so. */
		if (b->len > JSONW_MAX - 8 * JSONW_MAX_STR) {
			b->truncated = 1;
			break;
		}
		jb_str(b, info->argv[i]);
	}
	jb_close(b, ']');
}

static void record(struct jbuf *b, const char *event, const struct outcome *o, const char *error)
{
	char when[96], rule[PATH_MAX + 16];

	timestamp(when, sizeof(when));
	jb_init(b);
	jb_open(b, '{');
	jb_key(b, "time");
	jb_str(b, when);
	jb_key(b, "event");
	jb_str(b, event);
	jb_key(b, "session");
	jb_str(b, info->session);
	put_who(b);
	put_target(b);
	jb_key(b, "tool");
	jb_str(b, info->tool);
	jb_key(b, "path");
	jb_str(b, info->path);
	jb_key(b, "reason");
	jb_str(b, info->reason);
	snprintf(rule, sizeof(rule), "%s:%d", info->rule_file ? info->rule_file : "",
		 info->rule_line);
	jb_key(b, "rule");
	jb_str(b, info->rule_line ? rule : NULL);
	jb_key(b, "decision");
	jb_str(b, info->decision);
	if (o)
		put_outcome(b, o);
	if (error) {
		jb_key(b, "error");
		jb_str(b, error);
	}
	put_argv(b);
	jb_key(b, "truncated");
	jb_int(b, b->truncated);
	jb_close(b, '}');
	b->buf[b->len++] = '\n';
}

static void to_syslog(const char *event, const struct outcome *o, const char *error)
{
	char line[2048], spec[6 * 128 + 4], err[6 * 256 + 4];
	size_t l;

	json_escape(spec, info->target_spec ? info->target_spec : "-", 128);
	snprintf(line, sizeof(line), "%s session=%s uid=%u target=%.400s tool=%.64s", event,
		 info->session, (unsigned)info->uid, spec, info->tool ? info->tool : "-");
	l = strlen(line);
	if (info->rule_line)
		snprintf(line + l, sizeof(line) - l, " rule=%.300s:%d", info->rule_file,
			 info->rule_line);
	l = strlen(line);
	if (o)
		snprintf(line + l, sizeof(line) - l, " exit=%d signal=%d duration_ms=%lld",
			 o->exited ? o->exit_code : -1, o->signal, (long long)o->duration_ms);
	l = strlen(line);
	if (error) {
		json_escape(err, error, 256);
		snprintf(line + l, sizeof(line) - l, " error=\"%.600s\"", err);
	}
	syslog_send(line);
}

static int reserve(size_t len)
{
	struct stat st;

	if (fstat(log_fd, &st) != 0)
		return -1;
	if (fallocate(log_fd, FALLOC_FL_KEEP_SIZE, st.st_size, (off_t)len) == 0)
		return 0;
	/* A filesystem without fallocate gets the plain write. */
	return errno == EOPNOTSUPP || errno == ENOSYS ? 0 : -1;
}

int audit_event(const char *event, const struct outcome *o, const char *error)
{
	static struct jbuf b;
	ssize_t w;

	if (!info || log_fd < 0)
		return -1;
	record(&b, event, o, error);
	/* Room first, so a full disk refuses the record whole instead of keeping half of it. */
	if (reserve(b.len) != 0)
		w = -1;
	else /* One write() per record, so concurrent invocations never interleave. */
		w = write(log_fd, b.buf, b.len);
	to_syslog(event, o, error);
	if (w == (ssize_t)b.len)
		return 0;
	if (strcmp(event, "end") == 0 || strcmp(event, "error") == 0)
		return -1;
	if (w < 0)
		pdie(EXIT_FAIL, "cannot write the audit log %s", NSCAP_AUDIT_LOG);
	die(EXIT_FAIL, "short write to the audit log %s", NSCAP_AUDIT_LOG);
}
