/* SPDX-License-Identifier: ISC */
/* jsmn gives flat tokens; this layer looks keys up and decodes strings with hard bounds. */
#include "json.h"

#include <stdlib.h>
#include <string.h>

#define JSMN_STATIC
#define JSMN_STRICT
/* A closing bracket finds its opener through the parent link, not by scanning back. */
#define JSMN_PARENT_LINKS
#include <jsmn.h>

/* Each token's json_next(), in one pass: a container's subtree ends at the first token that
 * starts at or after its end. 0, or -1 when nested deeper than the grammar allowed. */
static int link_next(struct json_tok *t, int n)
{
	int open[JSON_MAX_DEPTH], depth = 0;

	for (int i = 0; i < n; i++) {
		while (depth && t[open[depth - 1]].end <= t[i].start)
			t[open[--depth]].next = i;
		t[i].next = i + 1;
		if (t[i].type != JSON_OBJ && t[i].type != JSON_ARR)
			continue;
		if (depth == JSON_MAX_DEPTH)
			return -1;
		open[depth++] = i;
	}
	while (depth)
		t[open[--depth]].next = n;
	return 0;
}

/* jsmn's tokens become ours where they lie: the same size, converted one by one. */
union tok {
	jsmntok_t j;
	struct json_tok t;
};
_Static_assert(sizeof(jsmntok_t) == sizeof(struct json_tok) &&
		       sizeof(union tok) == sizeof(jsmntok_t),
	       "tokens converted in place");

static void convert(union tok *u, int n)
{
	for (int i = 0; i < n; i++) {
		jsmntok_t t = u[i].j;

		u[i].t = (struct json_tok){t.type == JSMN_OBJECT   ? JSON_OBJ
					   : t.type == JSMN_ARRAY  ? JSON_ARR
					   : t.type == JSMN_STRING ? JSON_STR
								   : JSON_PRIM,
					   t.start, t.end, t.size, 0};
	}
}

static int parse(struct json *j, const char *s, size_t len, int any, const char **err)
{
	const char *why = NULL;
	jsmn_parser p;
	union tok *u;
	unsigned cap;
	int n;

	memset(j, 0, sizeof(*j));
	if (len > JSON_MAX_BYTES) {
		*err = "file too large";
		return -1;
	}
	if (memchr(s, '\0', len)) {
		*err = "NUL byte";
		return -1;
	}
	/* Room for a token each 6 bytes: the runtimes' densest files, runc's state.json, have one
	 * each 7.2. A denser file is parsed again with room for one each 2 bytes, which always
	 * suffices: every token but the first follows two bytes of its own (capped; jsmn says
	 * NOMEM beyond). Sized for the worst case at once, every file took 3-4 times the memory it
	 * needed, and a small node's lookup outgrew the allocator's first chunk. */
	cap = len / 6 + 16;
	for (;;) {
		cap = cap < JSON_MAX_TOKENS ? cap : JSON_MAX_TOKENS;
		u = malloc((size_t)cap * sizeof(*u));
		if (!u) {
			*err = "out of memory";
			return -1;
		}
		jsmn_init(&p);
		n = jsmn_parse(&p, s, len, &u->j, cap);
		if (n != JSMN_ERROR_NOMEM || cap >= len / 2 + 1 || cap == JSON_MAX_TOKENS)
			break;
		free(u);
		cap = (unsigned)(len / 2 + 1);
	}
	if (n < 1)
		why = n == JSMN_ERROR_NOMEM  ? "too many tokens"
		      : n == JSMN_ERROR_PART ? "truncated"
					     : "malformed";
	else
		why = json_grammar(s, len, any);
	if (why) {
		free(u);
		*err = why;
		return -1;
	}
	convert(u, n);
	j->t = &u->t;
	j->s = s;
	j->n = n;
	why = link_next(j->t, n) != 0 ? "malformed or too deep" : json_dup_key(j);
	if (why) {
		json_free(j);
		*err = why;
		return -1;
	}
	return 0;
}

int json_parse(struct json *j, const char *s, size_t len, const char **err)
{
	return parse(j, s, len, 0, err);
}

int json_parse_any(struct json *j, const char *s, size_t len, const char **err)
{
	return parse(j, s, len, 1, err);
}

void json_free(struct json *j)
{
	free(j->t);
	memset(j, 0, sizeof(*j));
}

int json_next(const struct json *j, int i)
{
	return i >= 0 && i < j->n ? j->t[i].next : j->n;
}

static int key_is(const struct json *j, int i, const char *key)
{
	const struct json_tok *t = &j->t[i];
	size_t len = strlen(key);
	char dec[256];

	if (t->type != JSON_STR)
		return 0;
	/* A key written with escapes ("i\u0064") is the key it decodes to. */
	if (memchr(j->s + t->start, '\\', (size_t)(t->end - t->start)))
		return json_str(j, i, dec, sizeof(dec)) == 0 && strcmp(dec, key) == 0;
	return (size_t)(t->end - t->start) == len && memcmp(j->s + t->start, key, len) == 0;
}

int json_get(const struct json *j, int obj, const char *key)
{
	int k, found = -1;

	if (obj < 0 || obj >= j->n || j->t[obj].type != JSON_OBJ)
		return -1;
	k = obj + 1;
	/* Keys are unique: parse() refused any object with a key twice. */
	for (int m = 0; m < j->t[obj].size && k + 1 < j->n; m++) {
		if (key_is(j, k, key))
			return k + 1;
		k = json_next(j, k + 1);
	}
	return found;
}

int json_path(const struct json *j, const char *const *keys)
{
	int i = 0;

	for (; *keys && i >= 0; keys++)
		i = json_get(j, i, *keys);
	return i;
}

static int hex4(const char *s, unsigned *out)
{
	unsigned v = 0;

	for (int k = 0; k < 4; k++) {
		char c = s[k];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (unsigned)(c - 'A' + 10);
		else
			return -1;
	}
	*out = v;
	return 0;
}

static size_t utf8(unsigned cp, char *o)
{
	if (cp < 0x80) {
		o[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (char)(0xc0 | cp >> 6);
		o[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (char)(0xe0 | cp >> 12);
		o[1] = (char)(0x80 | (cp >> 6 & 0x3f));
		o[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	o[0] = (char)(0xf0 | cp >> 18);
	o[1] = (char)(0x80 | (cp >> 12 & 0x3f));
	o[2] = (char)(0x80 | (cp >> 6 & 0x3f));
	o[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

/* One escape at s[*k] (after the backslash); the code point in *cp. */
static int unescape(const char *s, int end, int *k, unsigned *cp)
{
	static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
	const char *e = strchr(from, s[*k]);
	unsigned lo;

	if (s[*k] != 'u') {
		if (!e || !s[*k])
			return -1;
		*cp = (unsigned char)to[e - from];
		(*k)++;
		return 0;
	}
	if (*k + 5 > end || hex4(s + *k + 1, cp) != 0)
		return -1;
	*k += 5;
	if (*cp >= 0xdc00 && *cp <= 0xdfff)
		return -1;
	if (*cp >= 0xd800 && *cp <= 0xdbff) {
		if (*k + 6 > end || s[*k] != '\\' || s[*k + 1] != 'u' ||
		    hex4(s + *k + 2, &lo) != 0 || lo < 0xdc00 || lo > 0xdfff)
			return -1;
		*cp = 0x10000 + ((*cp - 0xd800) << 10) + (lo - 0xdc00);
		*k += 6;
	}
	return *cp == 0 ? -1 : 0;
}

int json_str(const struct json *j, int i, char *buf, size_t len)
{
	size_t o = 0;
	int k, end;

	if (i < 0 || i >= j->n || j->t[i].type != JSON_STR || len == 0)
		return -1;
	end = j->t[i].end;
	for (k = j->t[i].start; k < end;) {
		/* Plain bytes up to the next escape in one copy. */
		const char *bs = memchr(j->s + k, '\\', (size_t)(end - k));
		size_t run = bs ? (size_t)(bs - (j->s + k)) : (size_t)(end - k), w;
		char tmp[4];
		unsigned cp;

		if (o + run >= len)
			return -1;
		memcpy(buf + o, j->s + k, run);
		o += run;
		k += (int)run;
		if (k >= end)
			break;
		k++;
		if (unescape(j->s, end, &k, &cp) != 0)
			return -1;
		w = utf8(cp, tmp);
		if (o + w >= len)
			return -1;
		memcpy(buf + o, tmp, w);
		o += w;
	}
	buf[o] = '\0';
	return 0;
}

int json_u64(const struct json *j, int i, uint64_t *out)
{
	uint64_t v = 0;

	if (i < 0 || i >= j->n || j->t[i].type != JSON_PRIM)
		return -1;
	for (int k = j->t[i].start; k < j->t[i].end; k++) {
		char c = j->s[k];

		if (c < '0' || c > '9' || v > (UINT64_MAX - (uint64_t)(c - '0')) / 10)
			return -1;
		v = v * 10 + (uint64_t)(c - '0');
	}
	if (j->t[i].end == j->t[i].start)
		return -1;
	*out = v;
	return 0;
}
