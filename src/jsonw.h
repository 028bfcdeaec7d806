/* Writing one bounded JSON object, escaping everything a caller or tenant controls. */
#ifndef NSCAP_JSONW_H
#define NSCAP_JSONW_H

#include <stddef.h>
#include <stdint.h>

#define JSONW_MAX 61440
#define JSONW_MAX_STR 1024 /* input bytes per string; at most 6x that escaped */

struct jbuf {
	char buf[JSONW_MAX + 64];
	size_t len;
	int truncated; /* something did not fit and was cut */
	int need_comma;
};

void jb_init(struct jbuf *b);
void jb_key(struct jbuf *b, const char *key); /* "key": (with a comma when needed) */
void jb_str(struct jbuf *b, const char *s);   /* a string, or null for NULL */
void jb_int(struct jbuf *b, long long v);
void jb_null(struct jbuf *b);
void jb_open(struct jbuf *b, char c);  /* '{' or '[' */
void jb_close(struct jbuf *b, char c); /* '}' or ']' */
/* Append s escaped as JSON string content would be, without quotes (for syslog text too). */
void jb_escape(struct jbuf *b, const char *s, size_t max);

#endif
