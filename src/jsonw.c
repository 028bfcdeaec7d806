#include "jsonw.h"

#include <stdio.h>
#include <string.h>

static void raw(struct jbuf *b, const char *s, size_t n)
{
	if (b->len + n > JSONW_MAX) {
		b->truncated = 1;
		return;
	}
	memcpy(b->buf + b->len, s, n);
	b->len += n;
	b->buf[b->len] = '\0';
}

void jb_init(struct jbuf *b)
{
	b->len = 0;
	b->buf[0] = '\0';
	b->truncated = 0;
	b->need_comma = 0;
}

/* Length of a valid UTF-8 sequence at s (no overlongs, surrogates or > U+10FFFF), else 0. */
static size_t utf8_len(const unsigned char *s)
{
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		return (s[1] & 0xc0) == 0x80 ? 2 : 0;
	if (s[0] >= 0xe0 && s[0] <= 0xef) {
		if ((s[1] & 0xc0) != 0x80 || (s[2] & 0xc0) != 0x80)
			return 0;
		if ((s[0] == 0xe0 && s[1] < 0xa0) || (s[0] == 0xed && s[1] > 0x9f))
			return 0;
		return 3;
	}
	if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		if ((s[1] & 0xc0) != 0x80 || (s[2] & 0xc0) != 0x80 || (s[3] & 0xc0) != 0x80)
			return 0;
		if ((s[0] == 0xf0 && s[1] < 0x90) || (s[0] == 0xf4 && s[1] > 0x8f))
			return 0;
		return 4;
	}
	return 0;
}

void jb_escape(struct jbuf *b, const char *str, size_t max)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t done = 0;

	while (*s) {
		char e[16];
		size_t n = 1;

		if (done >= max) {
			raw(b, "...", 3);
			b->truncated = 1;
			return;
		}
		if (*s == '"' || *s == '\\') {
			e[0] = '\\';
			e[1] = (char)*s;
			raw(b, e, 2);
		} else if (*s < 0x20 || *s == 0x7f) {
			snprintf(e, sizeof(e), "\\u%04x", *s);
			raw(b, e, 6);
		} else if (*s < 0x80) {
			raw(b, (const char *)s, 1);
		} else if ((n = utf8_len(s)) != 0) {
			raw(b, (const char *)s, n);
		} else {
			/* Invalid UTF-8: show the byte, never pass it through. */
			snprintf(e, sizeof(e), "\\\\x%02x", *s);
			raw(b, e, 5);
			n = 1;
		}
		s += n;
		done += n;
	}
}

static void comma(struct jbuf *b)
{
	if (b->need_comma)
		raw(b, ",", 1);
	b->need_comma = 1;
}

void jb_key(struct jbuf *b, const char *key)
{
	comma(b);
	raw(b, "\"", 1);
	jb_escape(b, key, 64);
	raw(b, "\":", 2);
	b->need_comma = 0;
}

void jb_str(struct jbuf *b, const char *s)
{
	comma(b);
	if (!s) {
		raw(b, "null", 4);
		return;
	}
	raw(b, "\"", 1);
	jb_escape(b, s, JSONW_MAX_STR);
	raw(b, "\"", 1);
}

void jb_int(struct jbuf *b, long long v)
{
	char n[32];
	int len = snprintf(n, sizeof(n), "%lld", v);

	comma(b);
	raw(b, n, (size_t)len);
}

void jb_null(struct jbuf *b)
{
	comma(b);
	raw(b, "null", 4);
}

void jb_open(struct jbuf *b, char c)
{
	comma(b);
	raw(b, &c, 1);
	b->need_comma = 0;
}

void jb_close(struct jbuf *b, char c)
{
	/* A cut record must still close: closing brackets bypass the size limit. */
	if (b->len < sizeof(b->buf) - 1) {
		b->buf[b->len++] = c;
		b->buf[b->len] = '\0';
	}
	b->need_comma = 1;
}
