/* SPDX-License-Identifier: ISC */
/* libFuzzer target: json_parse and every lookup in json.c over the parsed tokens.
 * The input bytes are passed as they are (no copy, no terminating NUL): the parser must stay
 * within len.
 *
 * Grammar oracle: an independent RFC 8259 validator (below). json_parse must accept exactly the
 * valid documents within its documented limits (top-level object, no NUL, depth <= 64, at most
 * 65536 tokens, 4 MiB, no key twice in one object once decoded). The validator is lenient where json.c deliberately is (invalid UTF-8
 * inside strings; escapes and surrogates are checked by json_str when decoding). Setting
 * NSCAP_FUZZ_JSON_STRICT=0 in the environment turns the grammar oracle and the member walk
 * check off (memory safety and lookup consistency are always checked). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"
#include "json.h"

static int strict = 1;

struct val {
	const char *s;
	size_t n, i;
	int depth, maxdepth;
	long toks;
	int too_deep; /* beyond what the validator recurses into: no verdict */
	int dup;      /* two keys of one object alike once decoded: json_parse must refuse */
};

static void ws(struct val *v)
{
	while (v->i < v->n && (v->s[v->i] == ' ' || v->s[v->i] == '\t' || v->s[v->i] == '\r' ||
			       v->s[v->i] == '\n'))
		v->i++;
}

static int peek(const struct val *v)
{
	return v->i < v->n ? (unsigned char)v->s[v->i] : -1;
}

static int is_hex(int c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static int v_string(struct val *v)
{
	if (peek(v) != '"')
		return 0;
	v->i++;
	while (v->i < v->n) {
		int c = (unsigned char)v->s[v->i++];

		if (c == '"') {
			v->toks++;
			return 1;
		}
		if (c < 0x20)
			return 0; /* RFC 8259: control characters only escaped */
		if (c != '\\')
			continue; /* other raw bytes, invalid UTF-8 included: as json.c */
		c = peek(v);
		if (c < 0)
			return 0;
		v->i++;
		if (c == 'u') {
			for (int k = 0; k < 4; k++, v->i++)
				if (!is_hex(peek(v)))
					return 0;
		} else if (!strchr("\"\\/bfnrt", c) || c == 0) {
			return 0;
		}
	}
	return 0;
}

static int digits(struct val *v)
{
	size_t start = v->i;

	while (peek(v) >= '0' && peek(v) <= '9')
		v->i++;
	return v->i > start;
}

static int v_number(struct val *v)
{
	if (peek(v) == '-')
		v->i++;
	if (peek(v) == '0')
		v->i++;
	else if (!digits(v))
		return 0;
	if (peek(v) == '.') {
		v->i++;
		if (!digits(v))
			return 0;
	}
	if (peek(v) == 'e' || peek(v) == 'E') {
		v->i++;
		if (peek(v) == '+' || peek(v) == '-')
			v->i++;
		if (!digits(v))
			return 0;
	}
	v->toks++;
	return 1;
}

static int v_literal(struct val *v, const char *lit)
{
	size_t l = strlen(lit);

	if (v->n - v->i < l || memcmp(v->s + v->i, lit, l) != 0)
		return 0;
	v->i += l;
	v->toks++;
	return 1;
}

static int v_value(struct val *v);

static int hex_at(const char *s, size_t i, size_t end, unsigned *cp)
{
	*cp = 0;
	for (size_t k = i; k < i + 4; k++) {
		if (k >= end || !is_hex((unsigned char)s[k]))
			return -1;
		*cp = *cp * 16 + (unsigned)(s[k] <= '9' ? s[k] - '0' : (s[k] | 0x20) - 'a' + 10);
	}
	return 0;
}

struct key {
	char *b;
	size_t n;
};

/* The key whose opening quote is at s[i], decoded by a decoder of this file's own (json.c's is
 * under test). NULL where no lookup can name it, so it takes no part in duplicates: a lone
 * surrogate, \u0000, or 4096 bytes or more once decoded. */
static char *decode_key(const char *s, size_t i, size_t *len)
{
	char *o = malloc(4100);
	size_t n = 0;

	if (!o)
		abort();
	for (i++; s[i] != '"' && n < 4096;) {
		unsigned cp = (unsigned char)s[i++], lo;

		if (cp == '\\') {
			const char *e = strchr("\"\\/bfnrt", s[i]), *to = "\"\\/\b\f\n\r\t";

			if (s[i++] != 'u') {
				o[n++] = to[e - "\"\\/bfnrt"];
				continue;
			}
			(void)hex_at(s, i, SIZE_MAX, &cp); /* the grammar checked the digits */
			i += 4;
			if (cp == 0 || (cp >= 0xdc00 && cp <= 0xdfff))
				goto bad;
			if (cp >= 0xd800 && cp <= 0xdbff) {
				if (s[i] != '\\' || s[i + 1] != 'u' || hex_at(s, i + 2, SIZE_MAX, &lo) ||
				    lo < 0xdc00 || lo > 0xdfff)
					goto bad;
				cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
				i += 6;
			}
		} else {
			o[n++] = (char)cp;
			continue;
		}
		if (cp < 0x80) {
			o[n++] = (char)cp;
		} else if (cp < 0x800) {
			o[n++] = (char)(0xc0 | cp >> 6);
			o[n++] = (char)(0x80 | (cp & 0x3f));
		} else if (cp < 0x10000) {
			o[n++] = (char)(0xe0 | cp >> 12);
			o[n++] = (char)(0x80 | (cp >> 6 & 0x3f));
			o[n++] = (char)(0x80 | (cp & 0x3f));
		} else {
			o[n++] = (char)(0xf0 | cp >> 18);
			o[n++] = (char)(0x80 | (cp >> 12 & 0x3f));
			o[n++] = (char)(0x80 | (cp >> 6 & 0x3f));
			o[n++] = (char)(0x80 | (cp & 0x3f));
		}
	}
	if (n < 4096) {
		*len = n;
		return o;
	}
bad:
	free(o);
	return NULL;
}

static int key_cmp(const void *a, const void *b)
{
	const struct key *x = a, *y = b;

	if (x->n != y->n)
		return x->n < y->n ? -1 : 1;
	return memcmp(x->b, y->b, x->n);
}

/* The keys of one object (opening quotes at at[0..n-1]) with any two alike? */
static int has_dup(const char *s, const size_t *at, size_t n)
{
	struct key *k = calloc(n + 1, sizeof(*k));
	size_t m = 0;
	int dup = 0;

	if (!k)
		abort();
	for (size_t i = 0; i < n; i++)
		if ((k[m].b = decode_key(s, at[i], &k[m].n)))
			m++;
	qsort(k, m, sizeof(*k), key_cmp);
	for (size_t i = 1; i < m; i++)
		dup |= key_cmp(&k[i], &k[i - 1]) == 0;
	for (size_t i = 0; i < m; i++)
		free(k[i].b);
	free(k);
	return dup;
}

/* One array or object; an object's keys are checked for duplicates once it is whole (the grammar
 * succeeded, so every key is a well-formed string the decoder can walk without bounds). */
static int v_members(struct val *v, int obj, size_t **at, size_t *n)
{
	int close = obj ? '}' : ']';

	ws(v);
	if (peek(v) == close)
		return 1;
	for (;;) {
		if (obj) {
			size_t *t = realloc(*at, (*n + 1) * sizeof(**at));

			if (!t)
				abort();
			*at = t;
			(*at)[(*n)++] = v->i;
			if (!v_string(v))
				return 0;
			ws(v);
			if (peek(v) != ':')
				return 0;
			v->i++;
			ws(v);
		}
		if (!v_value(v))
			return 0;
		ws(v);
		if (peek(v) == close)
			return 1;
		if (peek(v) != ',')
			return 0;
		v->i++;
		ws(v);
	}
}

static int v_container(struct val *v, int obj)
{
	size_t *at = NULL, n = 0;
	int ok;

	if (++v->depth > 1000) {
		v->too_deep = 1;
		return 0;
	}
	if (v->depth > v->maxdepth)
		v->maxdepth = v->depth;
	v->toks++;
	v->i++;
	ok = v_members(v, obj, &at, &n);
	if (ok) {
		v->i++;
		v->depth--;
		v->dup |= obj && has_dup(v->s, at, n);
	}
	free(at);
	return ok;
}

static int v_value(struct val *v)
{
	switch (peek(v)) {
	case '{':
		return v_container(v, 1);
	case '[':
		return v_container(v, 0);
	case '"':
		return v_string(v);
	case 't':
		return v_literal(v, "true");
	case 'f':
		return v_literal(v, "false");
	case 'n':
		return v_literal(v, "null");
	default:
		return v_number(v);
	}
}

/* 1: a valid document json_parse must accept; 0: json_parse must refuse; -1: no verdict. */
static int oracle(const char *s, size_t n)
{
	struct val v = {.s = s, .n = n};
	int ok;

	if (n > JSON_MAX_BYTES || memchr(s, '\0', n))
		return 0;
	ws(&v);
	if (peek(&v) != '{')
		return 0;
	ok = v_value(&v);
	if (v.too_deep)
		return -1;
	ws(&v);
	if (!ok || v.i != n)
		return 0;
	return v.maxdepth <= JSON_MAX_DEPTH && v.toks <= JSON_MAX_TOKENS && !v.dup;
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *e = getenv("NSCAP_FUZZ_JSON_STRICT");

	(void)argc;
	(void)argv;
	strict = !(e && strcmp(e, "0") == 0);
	return 0;
}

static const char *const keys[] = {
	"id",  "init_process_pid", "init_process_start", "config", "labels", "a", "", "annotations",
	"pid", "\\u0061"};
static const char *const path_labels[] = {"config", "labels", NULL};
static const char *const path_ann[] = {"config", "annotations", "io.kubernetes.pod.name", NULL};
static const char *const path_id[] = {"id", NULL};
static const char *const path_deep[] = {"a", "a", "a", "a", "a", NULL};
static const char *const path_empty[] = {NULL};

static void check_index(const struct json *j, int i, const char *what)
{
	FUZZ_ASSERT(i == -1 || (i >= 0 && i < j->n), "%s returned %d of %d tokens", what, i, j->n);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char big[JSON_MAX_BYTES + 1];
	const char *s = (const char *)data;
	const char *err = NULL;
	struct json j;
	int k;

	int valid = strict ? oracle(s, size) : -1;

	if (json_parse(&j, s, size, &err) != 0) {
		FUZZ_ASSERT(err && *err, "json_parse failed without a reason");
		FUZZ_ASSERT(j.t == NULL && j.n == 0, "failed parse left tokens behind");
		FUZZ_ASSERT(valid != 1, "json_parse refused a valid document (%s)", err);
		return 0;
	}
	FUZZ_ASSERT(valid != 0, "json_parse accepted a document that is not valid JSON");
	FUZZ_ASSERT(j.n >= 1 && j.n <= JSON_MAX_TOKENS && j.t, "token count %d", j.n);
	FUZZ_ASSERT(j.t[0].type == JSON_OBJ, "top level is not an object");

	for (size_t q = 0; q < sizeof(keys) / sizeof(keys[0]); q++)
		check_index(&j, json_get(&j, 0, keys[q]), "json_get");
	check_index(&j, json_path(&j, path_labels), "json_path");
	check_index(&j, json_path(&j, path_ann), "json_path");
	check_index(&j, json_path(&j, path_id), "json_path");
	check_index(&j, json_path(&j, path_deep), "json_path");
	FUZZ_ASSERT(json_path(&j, path_empty) == 0, "empty path is not the root");
	FUZZ_ASSERT(json_get(&j, -1, "a") == -1 && json_get(&j, j.n, "a") == -1,
		    "json_get accepted an index out of range");
	FUZZ_ASSERT(json_str(&j, -1, big, 8) == -1 && json_str(&j, j.n, big, 8) == -1 &&
			    json_str(&j, 0, big, 0) == -1,
		    "json_str accepted an index out of range");

	for (int i = 0; i < j.n; i++) {
		const struct json_tok *t = &j.t[i];
		char small[4];
		uint64_t v;
		int next = json_next(&j, i);

		FUZZ_ASSERT(t->type >= JSON_OBJ && t->type <= JSON_PRIM, "token %d type %d", i,
			    t->type);
		FUZZ_ASSERT(t->start >= 0 && t->start <= t->end && (size_t)t->end <= size,
			    "token %d spans [%d,%d) of %zu bytes", i, t->start, t->end, size);
		FUZZ_ASSERT(next > i && next <= j.n, "json_next(%d) = %d of %d", i, next, j.n);
		if (t->type == JSON_OBJ)
			check_index(&j, json_get(&j, i, "id"), "json_get");

		if (json_str(&j, i, big, sizeof(big)) == 0) {
			size_t n = strlen(big);

			FUZZ_ASSERT(t->type == JSON_STR, "json_str decoded a non-string");
			/* Escapes never grow: \uXXXX is at most 4 bytes of UTF-8, \n one. */
			FUZZ_ASSERT(n <= (size_t)(t->end - t->start), "decoded %zu from %d bytes",
				    n, t->end - t->start);
			/* A string too long for the buffer is refused, never cut. */
			if (n >= sizeof(small))
				FUZZ_ASSERT(json_str(&j, i, small, sizeof(small)) == -1,
					    "json_str cut a string to fit");
			else
				FUZZ_ASSERT(json_str(&j, i, small, sizeof(small)) == 0 &&
						    strcmp(small, big) == 0,
					    "json_str depends on the buffer size");
			FUZZ_ASSERT(json_str(&j, i, big, n + 1) == 0, "exact-size buffer refused");
			FUZZ_ASSERT(n == 0 || json_str(&j, i, big, n) == -1,
				    "one byte short accepted");
		}
		if (json_u64(&j, i, &v) == 0) {
			FUZZ_ASSERT(t->type == JSON_PRIM, "json_u64 on a non-primitive");
			FUZZ_ASSERT(s[t->start] >= '0' && s[t->start] <= '9', "json_u64 on '%c'",
				    s[t->start]);
		}
	}
	/* Walking the top-level members (key, then the value's subtree) as json_get does ends
	 * exactly at the last token: every key has a value. */
	k = 1;
	for (int m = 0; strict && m < j.t[0].size; m++) {
		FUZZ_ASSERT(k + 1 < j.n, "member %d of the root object has no value", m);
		k = json_next(&j, k + 1);
	}
	FUZZ_ASSERT(!strict || k == j.n, "root object walk ended at %d of %d tokens", k, j.n);
	json_free(&j);
	FUZZ_ASSERT(j.t == NULL && j.n == 0, "json_free left state");
	return 0;
}
