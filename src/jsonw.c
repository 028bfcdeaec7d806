/* SPDX-License-Identifier: ISC */
#include "jsonw.h"

#include <stdio.h>
#include <string.h>

void jb_init(struct jbuf *b)
{
	/* Not the 60 KiB buffer: only what is written is ever read. */
	b->len = 0;
	b->buf[0] = '\0';
	b->truncated = b->need_comma = b->skipping = b->depth = b->has_key = 0;
	b->key[0] = '\0';
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

size_t json_escape(char *out, const char *str, size_t max)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t o = 0, done = 0;

	for (; *s; done++) {
		size_t n = 1;

		if (done >= max) {
			memcpy(out + o, "...", 4);
			return o + 3;
		}
		if (*s == '"' || *s == '\\') {
			out[o++] = '\\';
			out[o++] = (char)*s;
		} else if (*s < 0x20 || *s == 0x7f) {
			o += (size_t)snprintf(out + o, 7, "\\u%04x", *s);
		} else if (*s < 0x80) {
			out[o++] = (char)*s;
		} else if ((n = utf8_len(s)) != 0) {
			memcpy(out + o, s, n);
			o += n;
			done += n - 1;
		} else {
			/* Invalid UTF-8: show the byte, never pass it through. */
			o += (size_t)snprintf(out + o, 6, "\\\\x%02x", *s);
			n = 1;
		}
		s += n;
	}
	out[o] = '\0';
	return o;
}

/* Append [, "key":] and text as one piece, or leave all of it out. */
static int put(struct jbuf *b, const char *text, size_t n)
{
	char head[sizeof(b->key) + 8];
	size_t h = 0;

	if (b->skipping) {
		b->has_key = 0;
		return -1;
	}
	if (b->need_comma)
		head[h++] = ',';
	if (b->has_key)
		h += (size_t)snprintf(head + h, sizeof(head) - h, "\"%s\":", b->key);
	b->has_key = 0;
	if (b->len + h + n > JSONW_MAX) {
		b->truncated = 1;
		return -1;
	}
	memcpy(b->buf + b->len, head, h);
	memcpy(b->buf + b->len + h, text, n);
	b->len += h + n;
	b->buf[b->len] = '\0';
	b->need_comma = 1;
	return 0;
}

void jb_key(struct jbuf *b, const char *key)
{
	char esc[6 * JSONW_MAX_KEY + 4];

	/* Keys are nscap's own short names; escaped all the same. */
	json_escape(esc, key, JSONW_MAX_KEY);
	snprintf(b->key, sizeof(b->key), "%s", esc);
	b->has_key = 1;
}

void jb_str(struct jbuf *b, const char *s)
{
	static char esc[6 * JSONW_MAX_STR + 8];
	size_t n;

	if (!s) {
		jb_null(b);
		return;
	}
	esc[0] = '"';
	n = 1 + json_escape(esc + 1, s, JSONW_MAX_STR);
	if (esc[n - 1] == '.' && strlen(s) > JSONW_MAX_STR)
		b->truncated = 1;
	esc[n++] = '"';
	(void)put(b, esc, n);
}

void jb_int(struct jbuf *b, long long v)
{
	char n[32];
	int len = snprintf(n, sizeof(n), "%lld", v);

	(void)put(b, n, (size_t)len);
}

void jb_null(struct jbuf *b)
{
	(void)put(b, "null", 4);
}

void jb_open(struct jbuf *b, char c)
{
	/* Too deep or no room: the whole container is left out, and so is what goes in it. */
	if (b->depth >= JSONW_MAX_DEPTH || put(b, &c, 1) != 0) {
		b->has_key = 0; /* the key goes with the container it named */
		if (!b->skipping)
			b->truncated = 1;
		b->skipping++;
		return;
	}
	b->depth++;
	b->need_comma = 0;
}

void jb_close(struct jbuf *b, char c)
{
	if (b->skipping) {
		b->skipping--;
		return;
	}
	if (b->depth == 0)
		return;
	/* The room kept past JSONW_MAX is for these. */
	b->buf[b->len++] = c;
	b->buf[b->len] = '\0';
	b->depth--;
	b->need_comma = 1;
}
