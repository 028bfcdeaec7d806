/* SPDX-License-Identifier: ISC */
/* A small, bounded lookup layer over the jsmn tokenizer, for runtime state files. */
#ifndef NSCAP_JSON_H
#define NSCAP_JSON_H

#include <stddef.h>
#include <stdint.h>

#define JSON_MAX_BYTES (4 << 20)
#define JSON_MAX_TOKENS 65536
#define JSON_MAX_DEPTH 64

struct json_tok {
	int type; /* JSON_OBJ, JSON_ARR, JSON_STR, JSON_PRIM */
	int start, end, size;
	int next; /* json_next(): the token after this one's subtree */
};

enum { JSON_OBJ = 1, JSON_ARR, JSON_STR, JSON_PRIM };

struct json {
	const char *s;
	struct json_tok *t;
	int n;
};

/* Tokenize s (len bytes), a JSON object. 0 on success; -1 with a reason in err. */
int json_parse(struct json *j, const char *s, size_t len, const char **err);
/* The same for a top-level object or array. */
int json_parse_any(struct json *j, const char *s, size_t len, const char **err);
void json_free(struct json *j);
/* Inside parsing (json_grammar.c): NULL if s is one JSON object (or, with any, an array) and
 * nothing else, within the depth bound; else what is wrong. */
const char *json_grammar(const char *s, size_t len, int any);
/* Inside parsing: NULL, or why not, if an object holds a key twice (compared decoded). */
const char *json_dup_key(const struct json *j);

/* Index of the token after i's whole subtree (no recursion). */
int json_next(const struct json *j, int i);
/* The value of key in object token obj, or -1. */
int json_get(const struct json *j, int obj, const char *key);
/* Follow a path of keys from the root object, e.g. {"config", "labels", NULL}. */
int json_path(const struct json *j, const char *const *keys);
/* Decode string token i into buf (NUL-free UTF-8); -1 if not a string, too long or invalid. */
int json_str(const struct json *j, int i, char *buf, size_t len);
/* Non-negative integer token i; -1 if not one. */
int json_u64(const struct json *j, int i, uint64_t *out);

#endif
