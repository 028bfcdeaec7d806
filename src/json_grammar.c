/* SPDX-License-Identifier: ISC */
/* The JSON grammar, checked in one pass before any token is believed (json.c). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"

/* jsmn, even strict, lets some malformed text through ({"a" "b"}, 1x, a stray ':'): one pass
 * over the grammar, without recursion, so a file is read the way its writer meant or not at
 * all: the top-level value, nesting depth and trailing bytes too. Strings: no raw control
 * characters; escapes are checked when decoded. */
static int skip_ws(const char *s, size_t len, size_t i)
{
	while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
		i++;
	return (int)i;
}

static size_t scan_string(const char *s, size_t len, size_t i)
{
	for (i++; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '"')
			return i + 1;
		if (c < 0x20)
			return 0;
		if (c == '\\' && ++i >= len)
			return 0;
	}
	return 0;
}

static size_t scan_primitive(const char *s, size_t len, size_t i)
{
	static const char *const words[] = {"true", "false", "null"};
	size_t start = i;

	for (size_t w = 0; w < 3; w++) {
		size_t n = strlen(words[w]);

		if (len - i >= n && memcmp(s + i, words[w], n) == 0)
			return i + n;
	}
	if (i < len && s[i] == '-')
		i++;
	if (i >= len || s[i] < '0' || s[i] > '9')
		return 0;
	if (s[i] == '0')
		i++;
	else
		while (i < len && s[i] >= '0' && s[i] <= '9')
			i++;
	if (i < len && s[i] == '.') {
		if (++i >= len || s[i] < '0' || s[i] > '9')
			return 0;
		while (i < len && s[i] >= '0' && s[i] <= '9')
			i++;
	}
	if (i < len && (s[i] == 'e' || s[i] == 'E')) {
		if (++i < len && (s[i] == '+' || s[i] == '-'))
			i++;
		if (i >= len || s[i] < '0' || s[i] > '9')
			return 0;
		while (i < len && s[i] >= '0' && s[i] <= '9')
			i++;
	}
	return i > start ? i : 0;
}

/* A value, then what may follow it: ',' or the container's close. NULL, or what is wrong. */
const char *json_grammar(const char *s, size_t len, int any)
{
	char stack[JSON_MAX_DEPTH];
	int depth = 0;
	size_t i = (size_t)skip_ws(s, len, 0);

	if (i >= len || (s[i] != '{' && !(any && s[i] == '[')))
		return "malformed";
	for (;;) {
		/* expecting a value (or, right after an open, its close) */
		i = (size_t)skip_ws(s, len, i);
		if (i >= len)
			return "malformed";
		if (s[i] == '{' || s[i] == '[') {
			if (depth == JSON_MAX_DEPTH)
				return "nested too deeply";
			stack[depth++] = s[i] == '{' ? '}' : ']';
			i = (size_t)skip_ws(s, len, i + 1);
			if (i < len && s[i] == stack[depth - 1]) {
				depth--;
				i++;
				goto after_value;
			}
			if (stack[depth - 1] == '}')
				goto key;
			continue;
		}
		i = s[i] == '"' ? scan_string(s, len, i) : scan_primitive(s, len, i);
		if (!i)
			return "malformed";
	after_value:
		if (depth == 0)
			return (size_t)skip_ws(s, len, i) == len
				       ? NULL
				       : "data after the top-level object";
		i = (size_t)skip_ws(s, len, i);
		if (i >= len)
			return "malformed";
		if (s[i] == stack[depth - 1]) {
			depth--;
			i++;
			goto after_value;
		}
		if (s[i] != ',')
			return "malformed";
		i++;
		if (stack[depth - 1] == ']')
			continue;
	key:
		i = (size_t)skip_ws(s, len, i);
		if (i >= len || s[i] != '"' || !(i = scan_string(s, len, i)))
			return "malformed";
		i = (size_t)skip_ws(s, len, i);
		if (i >= len || s[i] != ':')
			return "malformed";
		i++;
	}
}

#define SMALL_OBJECT 32

struct keyref {
	uint64_t hash;
	int tok;
};

static int by_hash(const void *a, const void *b)
{
	const struct keyref *x = a, *y = b;

	return x->hash < y->hash ? -1 : x->hash > y->hash;
}

/* FNV-1a of key token k as it decodes; -1 if it cannot be decoded (no lookup can name it). A key
 * without escapes is its own decoding. */
static int key_hash(const struct json *j, int k, uint64_t *h)
{
	static char key[4096];
	const char *p = j->s + j->t[k].start, *end = j->s + j->t[k].end;

	if (j->t[k].type != JSON_STR)
		return -1;
	if (memchr(p, '\\', (size_t)(end - p))) {
		if (json_str(j, k, key, sizeof(key)) != 0)
			return -1;
		p = key;
		end = key + strlen(key);
	} else if (end - p >= (long)sizeof(key)) {
		return -1; /* as json_str() would refuse it */
	}
	*h = 14695981039346656037ULL;
	for (; p < end; p++)
		*h = (*h ^ (unsigned char)*p) * 1099511628211ULL;
	return 0;
}

/* Two keys of object o alike once decoded ("id" and "i\u0064")? Hashed and sorted, so a large
 * object costs n log n, not n squared. */
static int dup_in(const struct json *j, int o, struct keyref *r)
{
	static char a[4096], b[4096];
	int n = 0;

	for (int k = o + 1, m = 0; m < j->t[o].size; m++, k = json_next(j, k + 1))
		if (key_hash(j, k, &r[n].hash) == 0)
			r[n++].tok = k;
	/* Most objects are small: insertion sort there (musl's qsort costs more to set up). */
	if (n > SMALL_OBJECT)
		qsort(r, (size_t)n, sizeof(*r), by_hash);
	for (int i = 1; i <= SMALL_OBJECT && i < n; i++)
		for (int k = i; k > 0 && r[k].hash < r[k - 1].hash; k--) {
			struct keyref t = r[k];

			r[k] = r[k - 1];
			r[k - 1] = t;
		}
	for (int i = 1; i < n; i++)
		if (r[i].hash == r[i - 1].hash && json_str(j, r[i].tok, a, sizeof(a)) == 0 &&
		    json_str(j, r[i - 1].tok, b, sizeof(b)) == 0 && strcmp(a, b) == 0)
			return 1;
	return 0;
}

const char *json_dup_key(const struct json *j)
{
	struct keyref *r = malloc((size_t)j->n * sizeof(*r));
	const char *why = NULL;

	if (!r)
		return "out of memory";
	for (int o = 0; o < j->n && !why; o++)
		if (j->t[o].type == JSON_OBJ && dup_in(j, o, r))
			why = "a key given twice in one object";
	free(r);
	return why;
}
