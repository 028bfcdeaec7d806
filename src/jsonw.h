/* SPDX-License-Identifier: ISC */
/* Writing one bounded JSON object, escaping everything a caller or tenant controls. */
#ifndef NSCAP_JSONW_H
#define NSCAP_JSONW_H

#include <stddef.h>
#include <stdint.h>

#define JSONW_MAX 61440
#define JSONW_MAX_DEPTH 16
#define JSONW_FLAG_ROOM 64 /* kept past JSONW_MAX for jb_flag() */
#define JSONW_MAX_KEY 32

/* Every value goes in whole or not at all (a string is never cut), so a record missing a value
 * is still valid JSON and says "truncated"; closing brackets always fit (the buffer keeps room
 * for them). Strings are escaped by esc_json() (escape.h). */
struct jbuf {
	char buf[JSONW_MAX + JSONW_MAX_DEPTH + JSONW_FLAG_ROOM + 2];
	size_t len;
	int truncated; /* something did not fit and was left out */
	int need_comma;
	int skipping; /* depth of containers that were left out */
	int depth;
	char key[6 * JSONW_MAX_KEY + 4]; /* pending "key": written with its value */
	int has_key; /* 1: key pending; -1: it did not fit, the next value is left out */
};

void jb_init(struct jbuf *b);
void jb_key(struct jbuf *b, const char *key); /* the key of the next value */
void jb_str(struct jbuf *b, const char *s);   /* a string, or null for NULL */
void jb_int(struct jbuf *b, long long v);
void jb_null(struct jbuf *b);
void jb_bool(struct jbuf *b, int v); /* true or false */
/* "key":v, or null for 0 (a limit not set) */
void jb_limit(struct jbuf *b, const char *key, long long v);
/* "key":v in the room kept for it: always fits, so a full record can still say it is cut.
 * key is at most 32 plain characters. */
void jb_flag(struct jbuf *b, const char *key, int v);
void jb_open(struct jbuf *b, char c);  /* '{' or '[' */
void jb_close(struct jbuf *b, char c); /* '}' or ']' */

#endif
