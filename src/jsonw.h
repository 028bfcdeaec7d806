/* SPDX-License-Identifier: ISC */
/* Writing one bounded JSON object, escaping everything a caller or tenant controls. */
#ifndef NSCAP_JSONW_H
#define NSCAP_JSONW_H

#include <stddef.h>
#include <stdint.h>

#define JSONW_MAX 61440
#define JSONW_MAX_STR 1024 /* input bytes per string; at most 6x that escaped */
#define JSONW_MAX_DEPTH 16
#define JSONW_MAX_KEY 32

/* Every value goes in whole or not at all, so a cut object is still valid JSON; closing
 * brackets always fit (the buffer keeps room for them). */
struct jbuf {
	char buf[JSONW_MAX + JSONW_MAX_DEPTH + 2];
	size_t len;
	int truncated; /* something did not fit and was left out */
	int need_comma;
	int skipping; /* depth of containers that were left out */
	int depth;
	char key[6 * JSONW_MAX_KEY + 4]; /* pending "key": written with its value */
	int has_key;
};

void jb_init(struct jbuf *b);
void jb_key(struct jbuf *b, const char *key); /* the key of the next value */
void jb_str(struct jbuf *b, const char *s);   /* a string, or null for NULL */
void jb_int(struct jbuf *b, long long v);
void jb_null(struct jbuf *b);
void jb_open(struct jbuf *b, char c);  /* '{' or '[' */
void jb_close(struct jbuf *b, char c); /* '}' or ']' */
/* Append s (at most max input bytes) escaped as JSON string content, without quotes, to out;
 * returns the length written. out must hold 6 * max + 4 bytes. */
size_t json_escape(char *out, const char *s, size_t max);

#endif
