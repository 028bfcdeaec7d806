/* SPDX-License-Identifier: ISC */
/* Shared helpers for the libFuzzer targets in tests/fuzz (header only, no src/ changes). */
#ifndef NSCAP_FUZZ_COMMON_H
#define NSCAP_FUZZ_COMMON_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A property the code under test must keep did not hold: report it as a crash. */
__attribute__((noreturn, format(printf, 1, 2))) static inline void fuzz_fail(const char *fmt, ...)
{
	va_list ap;

	fputs("FUZZ PROPERTY VIOLATED: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

#define FUZZ_ASSERT(cond, ...)                                                                     \
	do {                                                                                       \
		if (!(cond))                                                                       \
			fuzz_fail(__VA_ARGS__);                                                    \
	} while (0)

/* A NUL-terminated heap copy of the input (exact size + 1, so ASan sees any over-read). */
static inline char *fuzz_strndup(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (!s)
		abort();
	if (size)
		memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/* Length of the strictly valid UTF-8 sequence at s[0..n) (no overlongs, surrogates or code
 * points above U+10FFFF), else 0. */
static inline size_t fuzz_utf8_seq(const unsigned char *s, size_t n)
{
	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		return n >= 2 && (s[1] & 0xc0) == 0x80 ? 2 : 0;
	if (s[0] >= 0xe0 && s[0] <= 0xef) {
		if (n < 3 || (s[1] & 0xc0) != 0x80 || (s[2] & 0xc0) != 0x80)
			return 0;
		if ((s[0] == 0xe0 && s[1] < 0xa0) || (s[0] == 0xed && s[1] > 0x9f))
			return 0;
		return 3;
	}
	if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		if (n < 4 || (s[1] & 0xc0) != 0x80 || (s[2] & 0xc0) != 0x80 ||
		    (s[3] & 0xc0) != 0x80)
			return 0;
		if ((s[0] == 0xf0 && s[1] < 0x90) || (s[0] == 0xf4 && s[1] > 0x8f))
			return 0;
		return 4;
	}
	return 0;
}

/* 1 when s[0..n) is strictly valid UTF-8. */
static inline int fuzz_utf8_valid(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;

	for (size_t i = 0; i < n;) {
		size_t k = fuzz_utf8_seq(s + i, n - i);

		if (k == 0)
			return 0;
		i += k;
	}
	return 1;
}

/* Split buf[0..n) (modified in place: separators become NUL) into at most max words.
 * Separator: NUL when buf holds one, else newline. Returns the word count; argv[count] = NULL. */
static inline int fuzz_split_argv(char *buf, size_t n, char **argv, int max)
{
	char sep = memchr(buf, '\0', n) ? '\0' : '\n';
	int argc = 0;
	size_t start = 0;

	if (n == 0) {
		argv[0] = NULL;
		return 0;
	}
	for (size_t i = 0; i <= n && argc < max; i++) {
		if (i == n || buf[i] == sep) {
			if (i < n)
				buf[i] = '\0';
			argv[argc++] = buf + start;
			start = i + 1;
		}
	}
	argv[argc] = NULL;
	return argc;
}

#endif
