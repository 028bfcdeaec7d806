/* SPDX-License-Identifier: ISC */
#include "audit.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "audit_record.h"
#include "escape.h"
#include "netns.h"
#include "trust.h"
#include "util.h"

#ifndef NSCAP_AUDIT_LOG
#define NSCAP_AUDIT_LOG "/var/log/nscap/audit.log"
#endif

/* Room kept allocated past the log's end after every record: the end records of the sessions
 * still running go there even when the disk fills (an end record carries no argv: a few KiB,
 * so this holds those of a hundred sessions and more). A start record is refused when this
 * room cannot be made. */
#define AUDIT_RESERVE (1L << 20)

/* Which events must be written (or nscap stops), and which carry the tool's arguments. */
static const struct {
	char name[8];
	unsigned char must, argv;
} events[] = {
	[AUDIT_START] = {"start", 1, 1}, [AUDIT_END] = {"end", 0, 0},
	[AUDIT_DENY] = {"deny", 1, 1},	 [AUDIT_ERROR] = {"error", 0, 1},
	[AUDIT_CHECK] = {"check", 1, 1}, [AUDIT_LIST] = {"list", 1, 0},
};

static int log_fd = -1;
static int syslog_fd = -1;

/* The controlling terminal, named as the kernel knows it: pts/N, ttyN, ttySN or MAJOR:MINOR. */
static void controlling_tty(char *buf, size_t len)
{
	char text[1024];
	unsigned major, minor;
	int fd = open("/proc/self/stat", O_RDONLY | O_CLOEXEC);
	ssize_t n = fd >= 0 ? read(fd, text, sizeof(text) - 1) : -1;

	if (fd >= 0)
		close(fd);
	buf[0] = '\0';
	if (n <= 0)
		pdie(EXIT_FAIL, "reading /proc/self/stat");
	text[n] = '\0';
	if (parse_proc_tty(text, &major, &minor) != 0)
		die(EXIT_FAIL, "cannot parse /proc/self/stat");
	if (major >= 136 && major <= 143)
		snprintf(buf, len, "pts/%u", (major - 136) * 256 + minor);
	else if (major == 4 && minor < 64)
		snprintf(buf, len, "tty%u", minor);
	else if (major == 4)
		snprintf(buf, len, "ttyS%u", minor - 64);
	else if (major || minor)
		snprintf(buf, len, "%u:%u", major, minor);
}

void audit_init(struct audit_facts *f)
{
	unsigned char r[16];

	if (getrandom(r, sizeof(r), 0) != (ssize_t)sizeof(r))
		pdie(EXIT_FAIL, "getrandom");
	for (size_t i = 0; i < sizeof(r); i++)
		snprintf(f->session + 2 * i, 3, "%02x", r[i]);
	controlling_tty(f->tty, sizeof(f->tty));
	f->have_cwd = getcwd(f->cwd, sizeof(f->cwd)) != NULL;
}

/* syslog without libc's: no local time zone files read as root, nothing buffered. The log
 * file is the record; a missing or failing syslog socket is not an error. */
static void syslog_open(void)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX, .sun_path = "/dev/log"};

	syslog_fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (syslog_fd >= 0 && connect(syslog_fd, (struct sockaddr *)&sa, sizeof(sa)) != 0) {
		close(syslog_fd);
		syslog_fd = -1;
	}
}

const char *audit_log_path(void)
{
	return NSCAP_AUDIT_LOG;
}

void audit_open(void)
{
	char dir[PATH_MAX], err[600];
	static const char path[] = NSCAP_AUDIT_LOG;
	const char *base = strrchr(path, '/');
	struct stat st;
	int dfd;

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
}

/* key="value" with the value escaped as JSON content: no field can end early or forge one. */
static void kv(char *line, size_t len, const char *key, const char *value)
{
	static char esc[2048];
	size_t l = strlen(line);

	if (esc_json(esc, sizeof(esc), value ? value : "") == (size_t)-1)
		(void)scopy(esc, sizeof(esc), "(too long for syslog: see the audit log)");
	snprintf(line + l, len - l, " %s=\"%s\"", key, esc);
}

static void to_syslog(enum audit_event ev, const struct audit_facts *f, const struct outcome *o,
		      const char *error)
{
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	char line[8192], rule[PATH_MAX + 16], buf[8400];
	time_t now = time(NULL);
	struct tm tm;
	size_t l;
	int n;

	if (syslog_fd < 0 || !gmtime_r(&now, &tm))
		return;
	snprintf(line, sizeof(line), "%s session=%s uid=%u", events[ev].name, f->session,
		 (unsigned)f->uid);
	kv(line, sizeof(line), "target", f->target_spec);
	kv(line, sizeof(line), "tool", f->tool);
	snprintf(rule, sizeof(rule), "%s:%d", f->rule_file ? f->rule_file : "", f->rule_line);
	kv(line, sizeof(line), "rule", f->rule_line ? rule : NULL);
	l = strlen(line);
	if (o)
		snprintf(line + l, sizeof(line) - l, " exit=%d signal=%d duration_ms=%lld",
			 o->exited ? o->exit_code : -1, o->signal, (long long)o->duration_ms);
	if (error)
		kv(line, sizeof(line), "error", error);
	/* RFC 3164: <authpriv.notice>Mmm dd hh:mm:ss nscap[pid]: message */
	n = snprintf(buf, sizeof(buf), "<%d>%.3s %2d %02d:%02d:%02d nscap[%d]: %s",
		     LOG_AUTHPRIV | LOG_NOTICE, months + 3 * (size_t)tm.tm_mon, tm.tm_mday,
		     tm.tm_hour, tm.tm_min, tm.tm_sec, (int)getpid(), line);
	if (n > 0)
		(void)send(syslog_fd, buf, (size_t)n < sizeof(buf) ? (size_t)n : sizeof(buf) - 1,
			   MSG_NOSIGNAL | MSG_DONTWAIT);
}

/* Blocks for this record and, past it, AUDIT_RESERVE more: 1. Failing that, for this record
 * alone (it may fall in the room an earlier record kept): 0. Neither: -1, and errno. A record
 * is written only into blocks it has, so a full disk never tears one. */
static int reserve(size_t len)
{
	struct stat st;

	if (fstat(log_fd, &st) != 0)
		return -1;
	if (fallocate(log_fd, FALLOC_FL_KEEP_SIZE, st.st_size, (off_t)len + AUDIT_RESERVE) == 0)
		return 1;
	/* A filesystem without fallocate gets the plain write. */
	if (errno == EOPNOTSUPP || errno == ENOSYS)
		return 1;
	return fallocate(log_fd, FALLOC_FL_KEEP_SIZE, st.st_size, (off_t)len) == 0 ? 0 : -1;
}

int audit_write(enum audit_event ev, const struct audit_facts *f, const struct outcome *o,
		const char *error)
{
	static struct jbuf b;
	ssize_t w = -1;
	int room, e = 0;

	if (log_fd < 0)
		return -1;
	audit_record(&b, events[ev].name, f, o, error, events[ev].argv);
	if (ev == AUDIT_START && b.truncated)
		die(EXIT_FAIL,
		    "the arguments are too long to be recorded whole in the audit log "
		    "(at most %d bytes a record, escaped); nothing was run",
		    JSONW_MAX);
	room = reserve(b.len);
	if (room < 0)
		e = errno;
	/* A session that could not keep room for its end record does not start; a record of
	 * something that already happened may use the room kept for it. */
	if (room > 0 || (room == 0 && ev != AUDIT_START))
		w = write(log_fd, b.buf, b.len); /* one write: concurrent runs never interleave */
	else if (room == 0)
		e = ENOSPC;
	if (w < 0 && !e)
		e = errno;
	to_syslog(ev, f, o, error);
	if (w == (ssize_t)b.len)
		return 0;
	if (!events[ev].must)
		return -1;
	if (w >= 0)
		die(EXIT_FAIL, "short write to the audit log %s", NSCAP_AUDIT_LOG);
	errno = e;
	pdie(EXIT_FAIL, "cannot write the audit log %s%s", NSCAP_AUDIT_LOG,
	     ev == AUDIT_START ? " with room for this session's end record" : "");
}
