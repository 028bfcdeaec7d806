/* SPDX-License-Identifier: ISC */
/* t.h — header-only unit test harness for nscap.
 *
 * Every check prints exactly one line: "PASS name" or "FAIL name (file:line)[: reason]".
 * Diagnostics go out as "# ..." lines. End main() with `return t_done();`.
 *
 *   T_CHECK("policy-parses-empty", parse("") == 0);
 *   T_EQ_STR("tool-name", tool->name, "tcpdump");
 *   T_EQ_INT("exit-denied", rc, 126);
 */
#ifndef NSCAP_T_H
#define NSCAP_T_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int t_passed_;
static int t_failed_;

__attribute__((format(printf, 4, 5))) static inline void
t_report_(int ok, const char *name, const char *where, const char *fmt, ...)
{
	if (ok) {
		t_passed_++;
		printf("PASS %s\n", name);
	} else {
		t_failed_++;
		printf("FAIL %s (%s)", name, where);
		if (fmt != NULL && fmt[0] != '\0') {
			va_list ap;
			va_start(ap, fmt);
			fputs(": ", stdout);
			vprintf(fmt, ap);
			va_end(ap);
		}
		putchar('\n');
	}
	/* Flush now: a later sanitizer abort must not lose reported lines. */
	fflush(stdout);
}

#define T_STR_(x) #x
#define T_XSTR_(x) T_STR_(x)
#define T_WHERE_ __FILE__ ":" T_XSTR_(__LINE__)

/* Prints "(null)" for NULL, otherwise the string in double quotes. */
#define T_QS_(s)                                                                                   \
	((s) != NULL ? "\"" : ""), ((s) != NULL ? (s) : "(null)"), ((s) != NULL ? "\"" : "")

#define T_CHECK(name, cond)                                                                        \
	do {                                                                                       \
		int t_ok_ = (cond) ? 1 : 0;                                                        \
		t_report_(t_ok_, (name), T_WHERE_, "%s", t_ok_ ? "" : "check failed: " #cond);     \
	} while (0)

#define T_EQ_STR(name, got, want)                                                                  \
	do {                                                                                       \
		const char *t_g_ = (got);                                                          \
		const char *t_w_ = (want);                                                         \
		int t_ok_ = (t_g_ == NULL && t_w_ == NULL) ||                                      \
			    (t_g_ != NULL && t_w_ != NULL && strcmp(t_g_, t_w_) == 0);             \
		t_report_(t_ok_, (name), T_WHERE_, "got %s%s%s, want %s%s%s", T_QS_(t_g_),         \
			  T_QS_(t_w_));                                                            \
	} while (0)

#define T_EQ_INT(name, got, want)                                                                  \
	do {                                                                                       \
		long long t_g_ = (long long)(got);                                                 \
		long long t_w_ = (long long)(want);                                                \
		t_report_(t_g_ == t_w_, (name), T_WHERE_, "got %lld, want %lld", t_g_, t_w_);      \
	} while (0)

/* A whole file, NUL-terminated (free it), its length in *len; NULL if it cannot be read. */
static inline char *t_slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n = 0, r;

	if (!f)
		return NULL;
	do {
		if (n + 4097 > cap) {
			char *nb = realloc(buf, cap = (n + 4097) * 2);

			if (!nb) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = nb;
		}
		r = fread(buf + n, 1, cap - n - 1, f);
		n += r;
	} while (r > 0);
	fclose(f);
	buf[n] = '\0';
	*len = n;
	return buf;
}

/* Prints a "# ..." summary; returns nonzero if any check failed (or none ran). */
static inline int t_done(void)
{
	printf("# t_done: %d checks passed, %d failed\n", t_passed_, t_failed_);
	fflush(stdout);
	return (t_failed_ > 0 || t_passed_ == 0) ? 1 : 0;
}

#endif /* NSCAP_T_H */
