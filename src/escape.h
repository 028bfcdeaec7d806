/* SPDX-License-Identifier: ISC */
/* Escaping strings a caller or a tenant controls, for the audit log and for the terminal. */
#ifndef NSCAP_ESCAPE_H
#define NSCAP_ESCAPE_H

#include <stddef.h>
#include <stdint.h>

/* Length of a valid UTF-8 sequence at s (no overlongs, surrogates or > U+10FFFF), else 0; its
 * code point in *cp. */
size_t utf8_seq(const unsigned char *s, uint32_t *cp);

/* Code points no reader should see raw: C0 and C1 controls, DEL, line and paragraph
 * separators, and the invisible formatting and bidi controls that reorder or hide text. */
int cp_unsafe(uint32_t cp);

/* s as JSON string content (no quotes): '"' and '\' escaped, unsafe code points as \uXXXX,
 * bytes of invalid UTF-8 as the six characters \\xNN. Writes at most cap bytes including the
 * NUL; returns the length, or (size_t)-1 (and nothing usable) when it does not fit. */
size_t esc_json(char *out, size_t cap, const char *s);

/* s for a terminal, on one line: unsafe code points and invalid bytes as \xNN per byte.
 * Always NUL-terminated; a result that does not fit ends in "...". Returns the length. */
size_t esc_term(char *out, size_t cap, const char *s);

/* esc_term into one of a few rotating static buffers, for printing several at once. */
const char *tesc(const char *s);

#endif
