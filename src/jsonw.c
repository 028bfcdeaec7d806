/* SPDX-License-Identifier: ISC */
#include "jsonw.h"

#include <stdio.h>
#include <string.h>

#include "escape.h"

void jb_init(struct jbuf *b)
{
	/* Not the 60 KiB buffer: only what is written is ever read. */
	b->len = 0;
	b->buf[0] = '\0';
	b->truncated = b->need_comma = b->skipping = b->depth = b->has_key = 0;
	b->key[0] = '\0';
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
	if (b->has_key < 0) { /* its key did not fit: the value goes with it */
		b->has_key = 0;
		b->truncated = 1;
		return -1;
	}
	if (b->need_comma)
		head[h++] = ',';
	if (b->has_key) {
		size_t k = strlen(b->key); /* fits: head has room for the longest escaped key */

		head[h++] = '"';
		memcpy(head + h, b->key, k);
		h += k;
		head[h++] = '"';
		head[h++] = ':';
	}
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
	/* Keys are nscap's own short names; escaped all the same. One that does not fit is left
	 * out with its value, never written as "" (which could repeat a key). */
	b->has_key = esc_json(b->key, sizeof(b->key), key) == (size_t)-1 ? -1 : 1;
}

void jb_str(struct jbuf *b, const char *s)
{
	/* A string goes in whole or not at all: never cut, so what is there is what was. */
	static char esc[JSONW_MAX + 2];
	size_t n;

	if (!s) {
		jb_null(b);
		return;
	}
	esc[0] = '"';
	n = esc_json(esc + 1, sizeof(esc) - 2, s);
	if (n == (size_t)-1) {
		b->truncated = 1;
		b->has_key = 0;
		return;
	}
	esc[n + 1] = '"';
	(void)put(b, esc, n + 2);
}

void jb_int(struct jbuf *b, long long v)
{
	/* Digits from the end: -l writes a thousand records of these. */
	char n[24], *p = n + sizeof(n);
	unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;

	do
		*--p = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	if (v < 0)
		*--p = '-';
	(void)put(b, p, (size_t)(n + sizeof(n) - p));
}

void jb_flag(struct jbuf *b, const char *key, int v)
{
	int n;

	if (b->skipping)
		return;
	n = snprintf(b->buf + b->len, JSONW_FLAG_ROOM, "%s\"%.32s\":%d", b->need_comma ? "," : "",
		     key, v);
	if (n > 0 && n < JSONW_FLAG_ROOM)
		b->len += (size_t)n;
	b->need_comma = 1;
}

void jb_null(struct jbuf *b)
{
	(void)put(b, "null", 4);
}

void jb_limit(struct jbuf *b, const char *key, long long v)
{
	jb_key(b, key);
	if (v)
		jb_int(b, v);
	else
		jb_null(b);
}

void jb_bool(struct jbuf *b, int v)
{
	(void)put(b, v ? "true" : "false", v ? 4 : 5);
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
