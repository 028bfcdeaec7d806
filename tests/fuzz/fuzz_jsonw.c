/* SPDX-License-Identifier: ISC */
/* libFuzzer target: the bounded JSON writer (jsonw.c), driven by input bytes as a well-behaved
 * caller would drive it (keys inside objects only and never twice in one, every container
 * closed), checked with the
 * reader (json.c).
 *
 * Properties, always: the buffer never overflows; the result is one valid JSON object (also
 * when a value was left out); no raw control character; strictly valid UTF-8; esc_json and
 * esc_term always terminate their output or refuse; esc_term leaves nothing a terminal acts on.
 * When nothing was left out: every value reads back exactly as written (strings that were
 * valid UTF-8 byte for byte, whatever their length, integers, nulls, keys of at most
 * JSONW_MAX_KEY bytes). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "fuzz_common.h"
#include "json.h"
#include "jsonw.h"

#define MAX_OPS 4096
#define MODEL_DEPTH (JSONW_MAX_DEPTH + 8)

struct in {
	const uint8_t *p;
	size_t n;
};

static unsigned byte(struct in *in)
{
	if (!in->n)
		return 0;
	in->n--;
	return *in->p++;
}

/* A C string of up to len input bytes (an input NUL ends it early). */
static char *take_str(struct in *in, size_t len)
{
	size_t n = len < in->n ? len : in->n;
	char *s = fuzz_strndup(in->p, n);

	in->p += n;
	in->n -= n;
	return s;
}

enum { E_OBJ = JSON_OBJ, E_ARR = JSON_ARR, E_STR = JSON_STR, E_PRIM = JSON_PRIM };

struct expect {
	int type;
	char *text; /* expected decoded string / primitive text; NULL: not checked */
};

static struct expect *exp_tok;
static int nexp;

static void expect(int type, const char *text)
{
	if (nexp < JSON_MAX_TOKENS) {
		exp_tok[nexp].type = type;
		exp_tok[nexp].text = text ? strdup(text) : NULL;
	}
	nexp++;
}

/* What a string reads back as, when that can be predicted exactly. */
static const char *exact(const char *s, size_t max)
{
	size_t n = strlen(s);

	return n <= max && fuzz_utf8_valid(s, n) ? s : NULL;
}

static unsigned nkeys;

/* A key no other in the document has (a unique prefix), of up to 16 bytes beyond the limit. */
static void key_if_object(struct jbuf *b, const char *stack, int depth, struct in *in)
{
	char *tail, *k;

	if (stack[depth - 1] != '{')
		return;
	tail = take_str(in, byte(in) % (JSONW_MAX_KEY + 16));
	if (asprintf(&k, "%x.%s", nkeys++, tail) < 0)
		abort();
	free(tail);
	jb_key(b, k);
	expect(E_STR, exact(k, JSONW_MAX_KEY));
	free(k);
}

static void check_escape(struct in *in)
{
	size_t cap = 1 + byte(in) % 64, n;
	char *s = take_str(in, byte(in));
	char *out = malloc(cap);

	if (!out)
		abort();
	memset(out, 0xAA, cap); /* no stray NUL: a missing terminator runs into the redzone */
	n = esc_json(out, cap, s);
	if (n != (size_t)-1) {
		FUZZ_ASSERT(n < cap, "esc_json wrote %zu bytes into %zu", n, cap);
		FUZZ_ASSERT(strlen(out) == n, "esc_json did not terminate its output");
		for (size_t i = 0; i < n; i++)
			FUZZ_ASSERT((unsigned char)out[i] >= 0x20,
				    "raw control byte from esc_json");
		FUZZ_ASSERT(fuzz_utf8_valid(out, n), "esc_json produced invalid UTF-8");
	}
	memset(out, 0xAA, cap);
	n = esc_term(out, cap, s);
	FUZZ_ASSERT(cap < 4 || (n < cap && strlen(out) == n), "esc_term overran or did not end");
	for (size_t i = 0; i < n; i++) {
		uint32_t cp;
		size_t k =
			(unsigned char)out[i] < 0x80 ? 1 : utf8_seq((unsigned char *)out + i, &cp);

		FUZZ_ASSERT(k != 0, "esc_term passed invalid UTF-8");
		FUZZ_ASSERT(!cp_unsafe(k == 1 ? (unsigned char)out[i] : cp),
			    "esc_term passed an unsafe code point");
		i += k - 1;
	}
	free(out);
	free(s);
}

static void verify(const struct jbuf *b)
{
	struct json j;
	const char *err = NULL;
	static char dec[JSONW_MAX + 64];

	FUZZ_ASSERT(b->len <= JSONW_MAX + JSONW_MAX_DEPTH, "length %zu beyond the buffer", b->len);
	FUZZ_ASSERT(strlen(b->buf) == b->len, "NUL inside the output or length wrong");
	FUZZ_ASSERT(b->depth == 0 && b->skipping == 0, "depth %d skipping %d after closing all",
		    b->depth, b->skipping);
	for (size_t i = 0; i < b->len; i++)
		FUZZ_ASSERT((unsigned char)b->buf[i] >= 0x20, "raw control byte 0x%02x at %zu",
			    (unsigned char)b->buf[i], i);
	FUZZ_ASSERT(fuzz_utf8_valid(b->buf, b->len), "output is not valid UTF-8");
	if (json_parse(&j, b->buf, b->len, &err) != 0)
		fuzz_fail("output is not valid JSON (%s, truncated=%d): %.120s", err, b->truncated,
			  b->buf);
	if (!b->truncated) {
		FUZZ_ASSERT(j.n == nexp, "%d tokens read back, %d written", j.n, nexp);
		for (int i = 0; i < j.n; i++) {
			const struct expect *e = &exp_tok[i];
			const struct json_tok *t = &j.t[i];

			FUZZ_ASSERT(t->type == e->type, "token %d: type %d, wrote %d", i, t->type,
				    e->type);
			if (!e->text)
				continue;
			if (t->type == JSON_STR) {
				FUZZ_ASSERT(json_str(&j, i, dec, sizeof(dec)) == 0 &&
						    strcmp(dec, e->text) == 0,
					    "token %d: string does not read back", i);
			} else {
				size_t n = (size_t)(t->end - t->start);

				FUZZ_ASSERT(n == strlen(e->text) &&
						    memcmp(b->buf + t->start, e->text, n) == 0,
					    "token %d: primitive does not read back", i);
			}
		}
	}
	json_free(&j);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct in in = {data, size};
	struct jbuf *b = malloc(sizeof(*b)); /* on the heap: an overflow hits a redzone */
	char stack[MODEL_DEPTH];
	int depth = 0;

	if (!b)
		abort();
	if (!exp_tok)
		exp_tok = calloc(JSON_MAX_TOKENS, sizeof(*exp_tok));
	nexp = 0;
	nkeys = 0;
	jb_init(b);
	jb_open(b, '{');
	stack[depth++] = '{';
	expect(E_OBJ, NULL);

	for (int ops = 0; in.n && ops < MAX_OPS; ops++) {
		unsigned op = byte(&in) % 9;

		if (op == 2) { /* close; the root stays open until the end */
			if (depth > 1)
				jb_close(b, stack[--depth] == '{' ? '}' : ']');
			continue;
		}
		if (op == 8) {
			check_escape(&in);
			continue;
		}
		key_if_object(b, stack, depth, &in);
		switch (op) {
		case 0:
		case 1:
			if (depth == MODEL_DEPTH) {
				jb_null(b);
				expect(E_PRIM, "null");
				break;
			}
			stack[depth++] = op == 0 ? '{' : '[';
			jb_open(b, stack[depth - 1]);
			expect(op == 0 ? E_OBJ : E_ARR, NULL);
			break;
		case 3: {
			size_t len = byte(&in);
			char *s;

			len |= (size_t)(byte(&in) & 7) << 8;
			s = take_str(&in, len);
			jb_str(b, s);
			expect(E_STR, exact(s, (size_t)-1));
			free(s);
			break;
		}
		case 4: {
			long long v = 0;
			char txt[32];

			for (int k = 0; k < 8; k++)
				v = (long long)((unsigned long long)v << 8 | byte(&in));
			jb_int(b, v);
			snprintf(txt, sizeof(txt), "%lld", v);
			expect(E_PRIM, txt);
			break;
		}
		case 5:
			jb_null(b);
			expect(E_PRIM, "null");
			break;
		case 6:
			jb_str(b, NULL);
			expect(E_PRIM, "null");
			break;
		default: { /* a long run of one byte: reaches the size limits quickly */
			unsigned c = byte(&in) | 1; /* never NUL */
			size_t len = byte(&in) << 4 | (byte(&in) & 15);
			char *s = malloc(len + 1);

			if (!s)
				abort();
			memset(s, (int)c, len);
			s[len] = '\0';
			jb_str(b, s);
			expect(E_STR, exact(s, (size_t)-1));
			free(s);
			break;
		}
		}
	}
	while (depth > 0)
		jb_close(b, stack[--depth] == '{' ? '}' : ']');
	verify(b);
	for (int i = 0; i < nexp && i < JSON_MAX_TOKENS; i++)
		free(exp_tok[i].text);
	free(b);
	return 0;
}
