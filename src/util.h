/* SPDX-License-Identifier: ISC */
/* Small helpers shared by every part of nscap. */
#ifndef NSCAP_UTIL_H
#define NSCAP_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

/* Exit statuses (docs/DESIGN.md, "Exit statuses"). */
enum {
	EXIT_BUDGET = 123,  /* the rule's max-bytes budget stopped the tool */
	EXIT_TIMEOUT = 124, /* the rule's time limit stopped the tool */
	EXIT_FAIL = 125,    /* nscap itself failed */
	EXIT_DENIED = 126,  /* denied by policy */
	EXIT_NOTOOL = 127,  /* tool not defined in the policy */
};

/* Called by die() before it prints anything, so a failure is audited first. */
typedef void (*die_hook_fn)(const char *msg);
void set_die_hook(die_hook_fn fn);

__attribute__((noreturn, format(printf, 2, 3))) void die(int status, const char *fmt, ...);
/* As die(), with ": strerror(errno)" appended. */
__attribute__((noreturn, format(printf, 2, 3))) void pdie(int status, const char *fmt, ...);
/* Print "nscap: ..." on stderr without exiting. */
__attribute__((format(printf, 1, 2))) void warnx_(const char *fmt, ...);
void vmsg(char *buf, size_t len, const char *fmt, va_list ap, int errnum);

void *xcalloc(size_t n, size_t size);
/* v grown to room for n elements of size (its capacity in *cap), or the run ends: the one way
 * nscap's arrays grow. */
void *xreserve(void *v, size_t *cap, size_t n, size_t size);
char *xstrdup(const char *s);

/* strtonum-style: whole string decimal in [min, max]; NULL on success, else a reason. */
const char *parse_ll(const char *s, long long min, long long max, long long *out);

/* Copy with truncation check: 0 on success, -1 if src does not fit. */
int scopy(char *dst, size_t size, const char *src);

/* Read a whole fd (at most max bytes) into a NUL-terminated buffer. -1 and errno on failure,
 * EFBIG when larger than max. */
int read_all(int fd, size_t max, char **out, size_t *len);

/* The same for a regular file of known size: a short read ends it, so one read() usually
 * suffices. */
int read_all_sized(int fd, size_t max, size_t size, char **out, size_t *len);

/* Write all of buf; -1 on any short or failed write. */
int write_all(int fd, const void *buf, size_t len);
/* The same, giving up after ms milliseconds: for fds the caller controls. */
int bounded_write(int fd, const void *buf, size_t len, int ms);
/* From now on the whole process ends (exit 125) if it is still running after seconds: for
 * output to the caller's stdout, once every record is written. */
void output_deadline(int seconds);

/* Milliseconds from CLOCK_MONOTONIC. */
int64_t now_ms(void);

#endif
