/* SPDX-License-Identifier: ISC */
/* Unit tests for json.c, the JSON reader every runtime record goes through. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "t.h"

static int jparse(struct json *j, const char *s, const char **err)
{
	*err = NULL;
	return json_parse(j, s, strlen(s), err);
}

/* Decode the string value of top-level key into buf; -1 if anything fails. */
static int jstr_of(const char *doc, const char *key, char *buf, size_t len)
{
	struct json j;
	const char *err;
	int rc;

	if (jparse(&j, doc, &err) != 0)
		return -2;
	rc = json_str(&j, json_get(&j, 0, key), buf, len);
	json_free(&j);
	return rc;
}

static void test_json_structure(void)
{
	static const char doc[] =
		"{\"a\":\"x\",\"b\":{\"c\":[1,2,{\"d\":\"e\"}],\"id\":\"inner\"},\"n\":42,"
		"\"t\":true,\"z\":null}";
	static const char *const k_bc[] = {"b", "c", NULL};
	static const char *const k_bid[] = {"b", "id", NULL};
	static const char *const k_bd[] = {"b", "d", NULL};
	static const char *const k_an[] = {"a", "n", NULL};
	static const char *const k_none[] = {NULL};
	struct json j;
	const char *err;
	char buf[64];
	uint64_t v = 0;
	int i;

	T_EQ_INT("json-parse-ok", jparse(&j, doc, &err), 0);
	if (j.n == 0)
		return;
	T_EQ_INT("json-root-is-object", j.t[0].type, JSON_OBJ);
	i = json_get(&j, 0, "a");
	T_CHECK("json-get-a",
		i > 0 && json_str(&j, i, buf, sizeof(buf)) == 0 && strcmp(buf, "x") == 0);
	i = json_path(&j, k_bc);
	T_CHECK("json-path-b-c-array", i > 0 && j.t[i].type == JSON_ARR && j.t[i].size == 3);
	i = json_path(&j, k_bid);
	T_CHECK("json-path-nested-id",
		i > 0 && json_str(&j, i, buf, sizeof(buf)) == 0 && strcmp(buf, "inner") == 0);
	T_EQ_INT("json-get-id-not-at-top-level", json_get(&j, 0, "id"), -1);
	T_EQ_INT("json-path-missing", json_path(&j, k_bd), -1);
	T_EQ_INT("json-path-through-string", json_path(&j, k_an), -1);
	T_EQ_INT("json-path-empty-is-root", json_path(&j, k_none), 0);
	T_EQ_INT("json-get-missing", json_get(&j, 0, "q"), -1);
	T_EQ_INT("json-get-negative-index", json_get(&j, -1, "a"), -1);
	T_EQ_INT("json-get-out-of-range", json_get(&j, j.n, "a"), -1);
	T_EQ_INT("json-get-on-array", json_get(&j, json_path(&j, k_bc), "d"), -1);
	T_EQ_INT("json-get-key-not-value", json_get(&j, 0, "x"), -1);
	i = json_get(&j, 0, "n");
	T_CHECK("json-u64-42", json_u64(&j, i, &v) == 0 && v == 42);
	T_EQ_INT("json-u64-true-rejected", json_u64(&j, json_get(&j, 0, "t"), &v), -1);
	T_EQ_INT("json-u64-null-rejected", json_u64(&j, json_get(&j, 0, "z"), &v), -1);
	T_EQ_INT("json-u64-string-rejected", json_u64(&j, json_get(&j, 0, "a"), &v), -1);
	T_EQ_INT("json-str-number-rejected", json_str(&j, json_get(&j, 0, "n"), buf, sizeof(buf)),
		 -1);
	T_EQ_INT("json-str-bad-index", json_str(&j, -1, buf, sizeof(buf)), -1);
	T_EQ_INT("json-next-skips-subtree", json_next(&j, json_get(&j, 0, "b")),
		 json_get(&j, 0, "n") - 1);
	json_free(&j);

	T_EQ_INT("json-empty-object-ok", jparse(&j, "{}", &err), 0);
	T_EQ_INT("json-empty-object-get", json_get(&j, 0, "a"), -1);
	json_free(&j);
	T_EQ_INT("json-whitespace-around-ok", jparse(&j, " \n{\"a\":1}\r\n\t ", &err), 0);
	json_free(&j);
}

static void test_json_strings(void)
{
	char buf[64];

	T_CHECK("json-str-simple-escapes", jstr_of("{\"s\":\"q\\\"b\\\\s\\/n\\nt\\tr\\rb\\bf\\f\"}",
						   "s", buf, sizeof(buf)) == 0 &&
						   strcmp(buf, "q\"b\\s/n\nt\tr\rb\bf\f") == 0);
	T_CHECK("json-str-u00e9", jstr_of("{\"s\":\"caf\\u00e9\"}", "s", buf, sizeof(buf)) == 0 &&
					  strcmp(buf, "caf\xc3\xa9") == 0);
	T_CHECK("json-str-u20AC-upper-hex",
		jstr_of("{\"s\":\"\\u20AC\"}", "s", buf, sizeof(buf)) == 0 &&
			strcmp(buf, "\xe2\x82\xac") == 0);
	T_CHECK("json-str-u0041-ascii",
		jstr_of("{\"s\":\"\\u0041\"}", "s", buf, sizeof(buf)) == 0 &&
			strcmp(buf, "A") == 0);
	T_CHECK("json-str-surrogate-pair",
		jstr_of("{\"s\":\"\\ud83d\\ude00\"}", "s", buf, sizeof(buf)) == 0 &&
			strcmp(buf, "\xf0\x9f\x98\x80") == 0);
	T_CHECK("json-str-surrogate-pair-upper",
		jstr_of("{\"s\":\"x\\uD83D\\uDE00y\"}", "s", buf, sizeof(buf)) == 0 &&
			strcmp(buf, "x\xf0\x9f\x98\x80y") == 0);
	T_CHECK("json-str-max-code-point",
		jstr_of("{\"s\":\"\\udbff\\udfff\"}", "s", buf, sizeof(buf)) == 0 &&
			strcmp(buf, "\xf4\x8f\xbf\xbf") == 0);
	T_EQ_INT("json-str-u0000-rejected", jstr_of("{\"s\":\"a\\u0000b\"}", "s", buf, sizeof(buf)),
		 -1);
	T_EQ_INT("json-str-lone-high-surrogate",
		 jstr_of("{\"s\":\"\\ud83d\"}", "s", buf, sizeof(buf)), -1);
	T_EQ_INT("json-str-high-then-text",
		 jstr_of("{\"s\":\"\\ud83dxxxxxx\"}", "s", buf, sizeof(buf)), -1);
	T_EQ_INT("json-str-high-then-non-low",
		 jstr_of("{\"s\":\"\\ud83d\\u0041\"}", "s", buf, sizeof(buf)), -1);
	T_EQ_INT("json-str-lone-low-surrogate",
		 jstr_of("{\"s\":\"\\ude00\"}", "s", buf, sizeof(buf)), -1);
	T_EQ_INT("json-str-fits-exactly", jstr_of("{\"s\":\"abc\"}", "s", buf, 4), 0);
	T_EQ_INT("json-str-one-too-long", jstr_of("{\"s\":\"abc\"}", "s", buf, 3), -1);
	T_EQ_INT("json-str-zero-len", jstr_of("{\"s\":\"abc\"}", "s", buf, 0), -1);
	T_EQ_INT("json-str-multibyte-does-not-fit", jstr_of("{\"s\":\"\\u00e9\"}", "s", buf, 2),
		 -1);
	T_CHECK("json-str-empty", jstr_of("{\"s\":\"\"}", "s", buf, 1) == 0 && buf[0] == '\0');
	T_EQ_INT("json-bad-escape-rejected-by-parse", jstr_of("{\"s\":\"\\x41\"}", "s", buf, 64),
		 -2);
	T_EQ_INT("json-bad-u-escape-rejected-by-parse",
		 jstr_of("{\"s\":\"\\u00g0\"}", "s", buf, 64), -2);
}

static void test_json_rejects(void)
{
	struct json j;
	const char *err;
	char *big;
	size_t n;

	/* A key twice in one object is ambiguous: the file is refused, not read one way. A key
	 * is what it decodes to, so a duplicate spelled with escapes is still one. */
	T_EQ_INT("json-duplicate-key", jparse(&j, "{\"id\":\"a\",\"id\":\"b\"}", &err), -1);
	T_EQ_STR("json-duplicate-key-reason", err, "a key given twice in one object");
	T_EQ_INT("json-duplicate-nested-key", jparse(&j, "{\"x\":{\"k\":1,\"k\":2},\"y\":3}", &err),
		 -1);
	T_EQ_INT("json-duplicate-in-array-of-objects",
		 jparse(&j, "{\"a\":[{\"k\":1},{\"k\":2,\"k\":3}]}", &err), -1);
	T_EQ_INT("json-same-key-in-sibling-objects-ok",
		 jparse(&j, "{\"a\":{\"k\":1},\"b\":{\"k\":2},\"k\":3}", &err), 0);
	json_free(&j);
	T_EQ_INT("json-escaped-key-parses", jparse(&j, "{\"i\\u0064\":\"x\"}", &err), 0);
	T_EQ_INT("json-escaped-key-is-id", json_get(&j, 0, "id"), 2);
	json_free(&j);
	jparse(&j, "{\"\\u0069\\u0064\":\"x\",\"y\":1}", &err);
	T_EQ_INT("json-fully-escaped-key-is-id", json_get(&j, 0, "id"), 2);
	T_EQ_INT("json-fully-escaped-key-other-key", json_get(&j, 0, "y"), 4);
	json_free(&j);
	T_EQ_INT("json-escaped-duplicate-refused",
		 jparse(&j, "{\"id\":\"a\",\"i\\u0064\":\"b\"}", &err), -1);
	jparse(&j, "{\"i\\/d\":\"a\",\"id\":\"b\"}", &err);
	T_EQ_INT("json-escaped-other-key-not-duplicate", json_get(&j, 0, "id"), 4);
	json_free(&j);
	T_EQ_INT("json-escaped-duplicate-nested",
		 jparse(&j, "{\"State\":{\"Pid\":1,\"P\\u0069d\":2}}", &err), -1);
	T_EQ_INT("json-undecodable-keys-not-compared",
		 jparse(&j, "{\"i\\u0000d\":\"a\",\"i\\u0000d\":\"b\"}", &err), 0);
	json_free(&j);
	{
		/* 20000 distinct keys: sorted, not compared pairwise (this must be quick). */
		static char doc[400000];
		size_t o = 0;

		doc[o++] = '{';
		for (int i = 0; i < 20000; i++)
			o += (size_t)snprintf(doc + o, sizeof(doc) - o, "%s\"k%d\":1", i ? "," : "",
					      i);
		doc[o++] = '}';
		T_EQ_INT("json-many-distinct-keys", jparse(&j, doc, &err), 0);
		json_free(&j);
	}
	jparse(&j, "{\"i\\u0000d\":\"a\"}", &err);
	T_EQ_INT("json-escaped-nul-key-matches-nothing", json_get(&j, 0, "i"), -1);
	json_free(&j);

	T_EQ_INT("json-trailing-garbage", jparse(&j, "{\"a\":1} x", &err), -1);
	T_EQ_INT("json-trailing-number", jparse(&j, "{\"a\":1} 5", &err), -1);
	T_EQ_INT("json-trailing-object", jparse(&j, "{\"a\":1}{\"a\":2}", &err), -1);
	T_EQ_INT("json-truncated", jparse(&j, "{\"a\":1", &err), -1);
	T_EQ_STR("json-truncated-reason", err, "truncated");
	/* jsmn alone lets these through; the grammar check does not (found by fuzzing). */
	T_EQ_INT("json-missing-colon", jparse(&j, "{\"id\" \"abcd1234\"}", &err), -1);
	T_EQ_INT("json-bad-primitive", jparse(&j, "{\"init_process_pid\":1x}", &err), -1);
	T_EQ_INT("json-colon-after-primitive",
		 jparse(&j, "{\"id\":\"x\",\"a\":true,:\"id\",\"y\":\"z\"}", &err), -1);
	T_EQ_INT("json-leading-zero", jparse(&j, "{\"a\":01}", &err), -1);
	T_EQ_INT("json-trailing-comma", jparse(&j, "{\"a\":1,}", &err), -1);
	T_EQ_INT("json-raw-control-in-string", jparse(&j, "{\"a\":\"x\ty\"}", &err), -1);
	T_EQ_INT("json-nested-ok", jparse(&j, "{\"a\":[1,-2.5e3,{\"b\":[]},{}],\"c\":null}", &err),
		 0);
	json_free(&j);
	T_EQ_INT("json-truncated-string", jparse(&j, "{\"a\":\"b", &err), -1);
	T_EQ_INT("json-truncated-after-colon", jparse(&j, "{\"a\":", &err), -1);
	T_EQ_INT("json-empty-input", jparse(&j, "", &err), -1);
	T_EQ_INT("json-top-level-array", jparse(&j, "[1,2]", &err), -1);
	T_EQ_INT("json-top-level-string", jparse(&j, "\"s\"", &err), -1);
	T_EQ_INT("json-top-level-number", jparse(&j, "5", &err), -1);
	T_EQ_INT("json-unquoted-key", jparse(&j, "{a:1}", &err), -1);
	T_EQ_INT("json-single-quotes", jparse(&j, "{\"a\":'x'}", &err), -1);
	T_EQ_INT("json-nul-byte", json_parse(&j, "{\"a\":\"b\0\"}", 10, &err), -1);
	T_EQ_STR("json-nul-byte-reason", err, "NUL byte");

	/* Depth: the root object counts; 64 levels pass, 65 do not. */
	big = malloc(1024);
	n = (size_t)sprintf(big, "{\"a\":");
	for (int i = 0; i < 63; i++)
		big[n++] = '[';
	for (int i = 0; i < 63; i++)
		big[n++] = ']';
	memcpy(big + n, "}", 2);
	T_EQ_INT("json-depth-64-ok", jparse(&j, big, &err), 0);
	json_free(&j);
	n = (size_t)sprintf(big, "{\"a\":");
	for (int i = 0; i < 64; i++)
		big[n++] = '[';
	for (int i = 0; i < 64; i++)
		big[n++] = ']';
	memcpy(big + n, "}", 2);
	T_EQ_INT("json-depth-65-rejected", jparse(&j, big, &err), -1);
	n = (size_t)sprintf(big, "{");
	for (int i = 0; i < 64; i++)
		n += (size_t)sprintf(big + n, "\"k\":{");
	for (int i = 0; i < 65; i++)
		big[n++] = '}';
	big[n] = '\0';
	T_EQ_INT("json-depth-65-objects-rejected", jparse(&j, big, &err), -1);
	/* Many siblings at shallow depth are fine. */
	n = (size_t)sprintf(big, "{\"a\":[");
	for (int i = 0; i < 100; i++)
		n += (size_t)sprintf(big + n, "[],");
	memcpy(big + n, "[]]}", 5);
	T_EQ_INT("json-wide-shallow-ok", jparse(&j, big, &err), 0);
	json_free(&j);
	free(big);

	/* A token each 2 bytes, the densest JSON can be: more than the first pass makes room for,
	 * parsed whole by the second. */
	big = malloc(8192);
	n = (size_t)sprintf(big, "{\"a\":[");
	for (int i = 0; i < 2000; i++)
		n += (size_t)sprintf(big + n, "0,");
	memcpy(big + n, "0]}", 4);
	T_EQ_INT("json-dense-ok", jparse(&j, big, &err), 0);
	T_CHECK("json-dense-tokens", j.n == 2004 && j.t[2].size == 2001);
	json_free(&j);
	free(big);

	/* Token and size limits. */
	big = malloc(JSON_MAX_BYTES + 2);
	n = (size_t)sprintf(big, "{\"a\":[");
	for (int i = 0; i < JSON_MAX_TOKENS + 10; i++)
		n += (size_t)sprintf(big + n, "0,");
	memcpy(big + n, "0]}", 4);
	T_EQ_INT("json-too-many-tokens", jparse(&j, big, &err), -1);
	T_EQ_STR("json-too-many-tokens-reason", err, "too many tokens");
	memset(big, ' ', JSON_MAX_BYTES + 1);
	memcpy(big, "{}", 2);
	T_EQ_INT("json-too-large", json_parse(&j, big, JSON_MAX_BYTES + 1, &err), -1);
	T_EQ_STR("json-too-large-reason", err, "file too large");
	free(big);
}

static void test_json_numbers(void)
{
	static const char doc[] =
		"{\"zero\":0,\"neg\":-1,\"exp\":1e3,\"frac\":1.5,\"max\":18446744073709551615,"
		"\"over\":18446744073709551616,\"huge\":99999999999999999999999,\"str\":\"5\","
		"\"negzero\":-0,\"Exp\":10E2}";
	struct json j;
	const char *err;
	uint64_t v = 7;

	T_EQ_INT("json-numbers-parse", jparse(&j, doc, &err), 0);
	if (j.n == 0)
		return;
	T_CHECK("json-u64-zero", json_u64(&j, json_get(&j, 0, "zero"), &v) == 0 && v == 0);
	T_EQ_INT("json-u64-negative", json_u64(&j, json_get(&j, 0, "neg"), &v), -1);
	T_EQ_INT("json-u64-negative-zero", json_u64(&j, json_get(&j, 0, "negzero"), &v), -1);
	T_EQ_INT("json-u64-exponent", json_u64(&j, json_get(&j, 0, "exp"), &v), -1);
	T_EQ_INT("json-u64-exponent-upper", json_u64(&j, json_get(&j, 0, "Exp"), &v), -1);
	T_EQ_INT("json-u64-fraction", json_u64(&j, json_get(&j, 0, "frac"), &v), -1);
	T_CHECK("json-u64-max", json_u64(&j, json_get(&j, 0, "max"), &v) == 0 && v == UINT64_MAX);
	T_EQ_INT("json-u64-overflow-by-one", json_u64(&j, json_get(&j, 0, "over"), &v), -1);
	T_EQ_INT("json-u64-overflow-huge", json_u64(&j, json_get(&j, 0, "huge"), &v), -1);
	T_EQ_INT("json-u64-quoted-number", json_u64(&j, json_get(&j, 0, "str"), &v), -1);
	T_EQ_INT("json-u64-missing", json_u64(&j, json_get(&j, 0, "nope"), &v), -1);
	json_free(&j);
}

static void test_json_any(void)
{
	struct json j;
	const char *err = NULL;

#define ANY(text) json_parse_any(&j, (text), strlen(text), &err)

	T_EQ_INT("json-any-array", ANY("[{\"id\":\"a\"},{\"id\":\"b\"}]"), 0);
	T_CHECK("json-any-array-tokens", j.n == 7 && j.t[0].type == JSON_ARR && j.t[0].size == 2);
	T_EQ_INT("json-any-array-element", json_get(&j, json_next(&j, 1), "id"), 6);
	json_free(&j);
	T_EQ_INT("json-any-object", ANY("{\"a\":1}"), 0);
	T_EQ_INT("json-any-object-type", j.t[0].type, JSON_OBJ);
	json_free(&j);
	T_EQ_INT("json-any-empty-array", ANY(" [ ] \n"), 0);
	T_EQ_INT("json-any-empty-array-size", j.t[0].size, 0);
	json_free(&j);
	T_EQ_INT("json-object-only-array", json_parse(&j, "[1]", 3, &err), -1);
	T_EQ_INT("json-any-string", ANY("\"a\""), -1);
	T_EQ_INT("json-any-number", ANY("5"), -1);
	T_EQ_INT("json-any-truncated", ANY("[{\"id\":1}"), -1);
	T_EQ_STR("json-any-truncated-reason", err, "truncated");
	T_EQ_INT("json-any-trailing", ANY("[] []"), -1);
	T_EQ_INT("json-any-trailing-comma", ANY("[1,]"), -1);
	T_EQ_INT("json-any-mismatched", ANY("[1}"), -1);
	T_EQ_INT("json-any-nul", json_parse_any(&j, "[]\0", 3, &err), -1);
	T_EQ_STR("json-any-nul-reason", err, "NUL byte");
#undef ANY
}

int main(void)
{
	test_json_structure();
	test_json_strings();
	test_json_rejects();
	test_json_numbers();
	test_json_any();
	return t_done();
}
