/* SPDX-License-Identifier: ISC */
#include "util.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "escape.h"

static die_hook_fn die_hook;

void set_die_hook(die_hook_fn fn)
{
	die_hook = fn;
}

void vmsg(char *buf, size_t len, const char *fmt, va_list ap, int errnum)
{
	int n = vsnprintf(buf, len, fmt, ap);

	if (n < 0)
		n = 0;
	if (errnum && (size_t)n < len)
		snprintf(buf + n, len - (size_t)n, ": %s", strerror(errnum));
}

static volatile sig_atomic_t deadline_armed;

static void on_alarm(int sig)
{
	(void)sig; /* only to interrupt a blocked write */
}

static void on_deadline(int sig)
{
	(void)sig;
	_exit(EXIT_FAIL);
}

/* Milliseconds from CLOCK_MONOTONIC, or -1: for paths that must not die. */
static int64_t clock_ms(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
		return -1;
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int bounded_write(int fd, const void *buf, size_t len, int ms)
{
	/* A caller's fd may block for ever (a full pipe nobody reads, a hung mount): a timer
	 * that fires every 100 ms interrupts the write until the deadline. Unless the output
	 * deadline already bounds the whole process. die() comes through here: nothing here
	 * may die. */
	struct sigaction sa = {.sa_handler = on_alarm}, old;
	struct itimerval tick = {{0, 100000}, {0, 100000}}, off = {{0, 0}, {0, 0}};
	int64_t start = clock_ms();
	const char *p = buf;
	int armed = !deadline_armed, rc = 0;

	if (start < 0)
		return -1;
	if (armed &&
	    (sigaction(SIGALRM, &sa, &old) != 0 || setitimer(ITIMER_REAL, &tick, NULL) != 0))
		return -1;
	while (len) {
		ssize_t w = write(fd, p, len);
		int64_t now = w < 0 && errno == EINTR ? clock_ms() : -1;

		if (now >= 0 && now - start < ms)
			continue;
		if (w <= 0) {
			rc = -1;
			break;
		}
		p += w;
		len -= (size_t)w;
	}
	if (armed) {
		(void)setitimer(ITIMER_REAL, &off, NULL);
		(void)sigaction(SIGALRM, &old, NULL);
	}
	return rc;
}

void output_deadline(int seconds)
{
	struct sigaction sa = {.sa_handler = on_deadline};
	sigset_t alrm;

	if (sigaction(SIGALRM, &sa, NULL) != 0 || sigemptyset(&alrm) != 0 ||
	    sigaddset(&alrm, SIGALRM) != 0 || sigprocmask(SIG_UNBLOCK, &alrm, NULL) != 0)
		pdie(EXIT_FAIL, "setting the output deadline");
	deadline_armed = 1;
	alarm((unsigned)seconds);
}

/* One line, every byte a terminal could act on escaped, written within a second. */
static void emit(const char *msg)
{
	static char line[4096] = "nscap: ";
	size_t n = esc_term(line + 7, sizeof(line) - 8, msg) + 7;

	line[n++] = '\n';
	(void)bounded_write(2, line, n, 1000);
}

static __attribute__((noreturn)) void finish(int status, const char *msg)
{
	die_hook_fn hook = die_hook;

	/* The record first: nothing the caller does with stderr may cost the trail. The hook
	 * may die() itself; never recurse into it. */
	die_hook = NULL;
	if (hook)
		hook(msg);
	emit(msg);
	_exit(status);
}

void die(int status, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vmsg(msg, sizeof(msg), fmt, ap, 0);
	va_end(ap);
	finish(status, msg);
}

void pdie(int status, const char *fmt, ...)
{
	char msg[1024];
	int saved = errno;
	va_list ap;

	va_start(ap, fmt);
	vmsg(msg, sizeof(msg), fmt, ap, saved);
	va_end(ap);
	finish(status, msg);
}

void warnx_(const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vmsg(msg, sizeof(msg), fmt, ap, 0);
	va_end(ap);
	emit(msg);
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (!p)
		die(EXIT_FAIL, "out of memory");
	return p;
}

void *xreserve(void *v, size_t *cap, size_t n, size_t size)
{
	void *nv;

	if (n <= *cap)
		return v;
	if (size == 0 || n > SIZE_MAX / size)
		die(EXIT_FAIL, "out of memory");
	if (!(nv = realloc(v, n * size)))
		die(EXIT_FAIL, "out of memory");
	*cap = n;
	return nv;
}

char *xstrdup(const char *s)
{
	char *p = strdup(s);

	if (!p)
		die(EXIT_FAIL, "out of memory");
	return p;
}

const char *parse_ll(const char *s, long long min, long long max, long long *out)
{
	long long v = 0;
	const char *p = s;

	if (!*p)
		return "empty number";
	/* Only plain decimal digits: no sign, space, hex or octal surprises. */
	for (; *p; p++) {
		int d;

		if (*p < '0' || *p > '9')
			return "not a number";
		d = *p - '0';
		if (d > max || v > (max - d) / 10)
			return "too large";
		v = v * 10 + d;
	}
	if (p - s > 1 && s[0] == '0')
		return "leading zero";
	if (v < min)
		return "too small";
	*out = v;
	return NULL;
}

int scopy(char *dst, size_t size, const char *src)
{
	size_t n = strlen(src);

	if (n >= size)
		return -1;
	memcpy(dst, src, n + 1);
	return 0;
}

int read_all(int fd, size_t max, char **out, size_t *len)
{
	return read_all_sized(fd, max, 0, out, len);
}

int read_all_sized(int fd, size_t max, size_t size, char **out, size_t *len)
{
	size_t cap = size ? size + 2 : 4096, n = 0;
	char *buf;

	if (size > max) {
		errno = EFBIG;
		return -1;
	}
	buf = malloc(cap);
	if (!buf)
		return -1;
	for (;;) {
		size_t want;
		ssize_t r;

		if (n + 1 >= cap) {
			char *nb;

			if (cap > max) {
				free(buf);
				errno = EFBIG;
				return -1;
			}
			cap *= 2;
			nb = realloc(buf, cap);
			if (!nb) {
				free(buf);
				return -1;
			}
			buf = nb;
		}
		want = cap - n - 1;
		r = read(fd, buf + n, want);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			free(buf);
			return -1;
		}
		if (r == 0)
			break;
		n += (size_t)r;
		/* A regular file's short read is its end: one read() usually suffices. */
		if (size && (size_t)r < want)
			break;
	}
	if (n > max) {
		free(buf);
		errno = EFBIG;
		return -1;
	}
	buf[n] = '\0';
	*out = buf;
	if (len)
		*len = n;
	return 0;
}

int write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len) {
		ssize_t w = write(fd, p, len);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		len -= (size_t)w;
	}
	return 0;
}

int64_t now_ms(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
		pdie(EXIT_FAIL, "clock_gettime");
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}
