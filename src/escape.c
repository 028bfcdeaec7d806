/* SPDX-License-Identifier: ISC */
/* One notion of "unsafe to show raw", for the audit JSON and for every human output path. */
#include "escape.h"

#include <stdio.h>
#include <string.h>

size_t utf8_seq(const unsigned char *s, uint32_t *cp)
{
	if (s[0] >= 0xc2 && s[0] <= 0xdf && (s[1] & 0xc0) == 0x80) {
		*cp = (uint32_t)(s[0] & 0x1f) << 6 | (s[1] & 0x3f);
		return 2;
	}
	if (s[0] >= 0xe0 && s[0] <= 0xef) {
		if ((s[1] & 0xc0) != 0x80 || (s[2] & 0xc0) != 0x80)
			return 0;
		if ((s[0] == 0xe0 && s[1] < 0xa0) || (s[0] == 0xed && s[1] > 0x9f))
			return 0;
		*cp = (uint32_t)(s[0] & 0x0f) << 12 | (uint32_t)(s[1] & 0x3f) << 6 | (s[2] & 0x3f);
		return 3;
	}
	if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		if ((s[1] & 0xc0) != 0x80 || (s[2] & 0xc0) != 0x80 || (s[3] & 0xc0) != 0x80)
			return 0;
		if ((s[0] == 0xf0 && s[1] < 0x90) || (s[0] == 0xf4 && s[1] > 0x8f))
			return 0;
		*cp = (uint32_t)(s[0] & 0x07) << 18 | (uint32_t)(s[1] & 0x3f) << 12 |
		      (uint32_t)(s[2] & 0x3f) << 6 | (s[3] & 0x3f);
		return 4;
	}
	return 0;
}

int cp_unsafe(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp == 0x061c ||
	       (cp >= 0x200b && cp <= 0x200f) || (cp >= 0x2028 && cp <= 0x202e) ||
	       (cp >= 0x2060 && cp <= 0x2069) || cp == 0xfeff;
}

/* The next piece of s: its bytes (*n of them), and whether it must be escaped. For an ASCII
 * byte or a valid sequence, *cp is its code point; for an invalid byte, *cp is UINT32_MAX. */
static int next(const unsigned char *s, size_t *n, uint32_t *cp)
{
	if (*s < 0x80) {
		*n = 1;
		*cp = *s;
	} else if ((*n = utf8_seq(s, cp)) == 0) {
		*n = 1;
		*cp = UINT32_MAX;
		return 1;
	}
	return cp_unsafe(*cp);
}

size_t esc_json(char *out, size_t cap, const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t o = 0;

	while (*s) {
		char tmp[16];
		size_t n, w;
		uint32_t cp;
		int bad;

		/* Printable ASCII other than " and \ is copied as it is, a run at a time. */
		for (n = 0; s[n] >= 0x20 && s[n] < 0x7f && s[n] != '"' && s[n] != '\\'; n++)
			;
		if (n) {
			if (o + n >= cap)
				return (size_t)-1;
			memcpy(out + o, s, n);
			o += n;
			s += n;
			continue;
		}
		bad = next(s, &n, &cp);
		if (bad && cp == UINT32_MAX)
			w = (size_t)snprintf(tmp, sizeof(tmp), "\\\\x%02x", *s);
		else if (bad)
			w = (size_t)snprintf(tmp, sizeof(tmp), "\\u%04x", (unsigned)cp);
		else if (*s == '"' || *s == '\\')
			w = (size_t)snprintf(tmp, sizeof(tmp), "\\%c", *s);
		else
			w = 0;
		if (o + (w ? w : n) >= cap)
			return (size_t)-1;
		memcpy(out + o, w ? tmp : (const char *)s, w ? w : n);
		o += w ? w : n;
		s += n;
	}
	out[o] = '\0';
	return o;
}

size_t esc_term(char *out, size_t cap, const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t o = 0;

	if (cap < 4)
		return cap ? (out[0] = '\0', 0) : 0;
	while (*s) {
		size_t n;
		uint32_t cp;
		int bad = next(s, &n, &cp);
		size_t w = bad ? 4 * n : n;

		if (o + w + 4 > cap) {
			memcpy(out + o, "...", 4);
			return o + 3;
		}
		for (size_t i = 0; bad && i < n; i++)
			o += (size_t)snprintf(out + o, 5, "\\x%02x", s[i]);
		if (!bad) {
			memcpy(out + o, s, n);
			o += n;
		}
		s += n;
	}
	out[o] = '\0';
	return o;
}

const char *tesc(const char *s)
{
	static char bufs[8][1024];
	static unsigned next_buf;
	char *b = bufs[next_buf++ % 8];

	(void)esc_term(b, sizeof(bufs[0]), s ? s : "-");
	return b;
}
