/* SPDX-License-Identifier: ISC */
/* Unit tests for jsonw.c, the JSON writer of the audit records (json.c judges its output). */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "escape.h"
#include "jsonw.h"
#include "t.h"

static struct jbuf jb;

static const char *esc(const char *s)
{
	jb_init(&jb);
	jb_str(&jb, s);
	return jb.buf;
}

/* The whole buffer is one valid JSON object (json.c is the judge). */
static int valid_object(const char *s)
{
	struct json j;
	const char *err;
	int ok = json_parse(&j, s, strlen(s), &err) == 0;

	if (ok)
		json_free(&j);
	else
		printf("# invalid JSON (%s), %zu bytes, tail: %s\n", err, strlen(s),
		       strlen(s) > 40 ? s + strlen(s) - 40 : s);
	return ok;
}

static void test_jsonw(void)
{
	char *s;

	T_EQ_STR("jsonw-plain", esc("hello"), "\"hello\"");
	T_EQ_STR("jsonw-null", esc(NULL), "null");
	T_EQ_STR("jsonw-empty", esc(""), "\"\"");
	T_EQ_STR("jsonw-quote-backslash", esc("a\"b\\c"), "\"a\\\"b\\\\c\"");
	T_EQ_STR("jsonw-control-chars", esc("\x01\n\t\x1f"), "\"\\u0001\\u000a\\u0009\\u001f\"");
	T_EQ_STR("jsonw-esc", esc("\x1b[31mred"), "\"\\u001b[31mred\"");
	T_EQ_STR("jsonw-del", esc("a\x7f"), "\"a\\u007f\"");
	T_EQ_STR("jsonw-invalid-ff", esc("a\xff"), "\"a\\\\xff\"");
	T_EQ_STR("jsonw-overlong-c0af", esc("\xc0\xaf"), "\"\\\\xc0\\\\xaf\"");
	T_EQ_STR("jsonw-surrogate-ed-a0-80", esc("\xed\xa0\x80"), "\"\\\\xed\\\\xa0\\\\x80\"");
	T_EQ_STR("jsonw-truncated-sequence-at-end", esc("\xe2\x82"), "\"\\\\xe2\\\\x82\"");
	T_EQ_STR("jsonw-lone-continuation", esc("\x80"), "\"\\\\x80\"");
	T_EQ_STR("jsonw-above-10ffff", esc("\xf4\x90\x80\x80"), "\"\\\\xf4\\\\x90\\\\x80\\\\x80\"");
	T_EQ_STR("jsonw-valid-utf8-kept", esc("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"),
		 "\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\"");
	T_EQ_STR("jsonw-max-code-point-kept", esc("\xf4\x8f\xbf\xbf"), "\"\xf4\x8f\xbf\xbf\"");
	T_EQ_STR("jsonw-slash-kept", esc("/a/b"), "\"/a/b\"");

	/* Every escaped string is valid JSON that decodes without raw control characters. */
	{
		char obj[256];

		snprintf(obj, sizeof(obj), "{\"k\":%s}", esc("\x01\x1b\"\\\xff\xc3\xa9z"));
		T_CHECK("jsonw-escaped-is-valid-json", valid_object(obj));
	}

	jb_init(&jb);
	jb_open(&jb, '{');
	jb_key(&jb, "a");
	jb_str(&jb, "x");
	jb_key(&jb, "b");
	jb_int(&jb, -5);
	jb_key(&jb, "c");
	jb_open(&jb, '[');
	jb_int(&jb, 1);
	jb_null(&jb);
	jb_str(&jb, NULL);
	jb_close(&jb, ']');
	jb_key(&jb, "d\n");
	jb_open(&jb, '{');
	jb_close(&jb, '}');
	jb_close(&jb, '}');
	{
		/* The audit's longest keys must come through whole. */
		struct jbuf *k = calloc(1, sizeof(*k));

		jb_init(k);
		jb_open(k, '{');
		jb_key(k, "duration_ms");
		jb_int(k, 7);
		jb_key(k, "stop_signal");
		jb_str(k, "SIGTERM");
		jb_close(k, '}');
		T_EQ_STR("jsonw-long-keys-whole", k->buf,
			 "{\"duration_ms\":7,\"stop_signal\":\"SIGTERM\"}");
		free(k);
	}
	T_EQ_STR("jsonw-object-shape", jb.buf,
		 "{\"a\":\"x\",\"b\":-5,\"c\":[1,null,null],"
		 "\"d\\u000a\":{}}");
	T_EQ_INT("jsonw-object-not-truncated", jb.truncated, 0);
	T_CHECK("jsonw-object-valid", valid_object(jb.buf));

	/* A long string goes in whole: nothing is cut at some per-string bound. */
	s = malloc(2001);
	memset(s, 'a', 2000);
	s[2000] = '\0';
	esc(s);
	T_EQ_INT("jsonw-long-string-whole", strlen(jb.buf), 2000 + 2);
	T_EQ_INT("jsonw-long-string-not-truncated", jb.truncated, 0);
	free(s);

	/* A string of control characters grows 6x, whole. */
	s = malloc(5001);
	memset(s, '\x01', 5000);
	s[5000] = '\0';
	esc(s);
	T_EQ_INT("jsonw-control-string-whole", strlen(jb.buf), 2 + 6 * 5000);
	free(s);

	/* A string that cannot fit is left out (never cut) and the buffer says truncated. */
	s = malloc(JSONW_MAX + 1);
	memset(s, '\x01', JSONW_MAX);
	s[JSONW_MAX] = '\0';
	esc(s);
	T_EQ_INT("jsonw-too-long-string-left-out", (long)jb.len, 0);
	T_EQ_INT("jsonw-too-long-string-truncated", jb.truncated, 1);
	free(s);

	/* esc_json: escapes, and refuses rather than cuts. */
	{
		char out[64];

		T_EQ_INT("esc-json-fits", (long)esc_json(out, sizeof(out), "abc"), 3);
		T_EQ_INT("esc-json-too-small", (long)esc_json(out, 4, "abcd"), -1);
		esc_json(out, sizeof(out), "\x1b[31m\xff\xc3\xa9");
		T_EQ_STR("esc-json-esc-invalid-utf8", out, "\\u001b[31m\\\\xff\xc3\xa9");
		esc_json(out, sizeof(out),
			 "a\xe2\x80\xa8"
			 "b\xc2\x85"
			 "c\xe2\x80\xae"
			 "d\xe2\x81\xa6"
			 "e");
		T_EQ_STR("esc-json-separators-c1-bidi", out, "a\\u2028b\\u0085c\\u202ed\\u2066e");

		/* Plain runs are copied whole, between escapes, up to one byte short of the end. */
		esc_json(out, sizeof(out), "ab\"cd\\ef\x7fgh\x1f");
		T_EQ_STR("esc-json-runs-between-escapes", out, "ab\\\"cd\\\\ef\\u007fgh\\u001f");
		T_EQ_INT("esc-json-run-exactly-fits", (long)esc_json(out, 4, "abc"), 3);
		T_EQ_INT("esc-json-run-one-over", (long)esc_json(out, 3, "abc"), -1);
		T_EQ_INT("esc-json-run-then-escape-over", (long)esc_json(out, 5, "abc\""), -1);
	}
	/* Integers are written without printf: the same digits at every edge. */
	{
		const long long v[] = {0, 1, -1, 9, 10, -10, 4026531840LL, LLONG_MAX, LLONG_MIN};
		int same = 1;

		for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
			char want[32];

			snprintf(want, sizeof(want), "%lld", v[i]);
			jb_init(&jb);
			jb_int(&jb, v[i]);
			same &= strcmp(jb.buf, want) == 0;
		}
		T_CHECK("jsonw-int-edges-as-printf", same);
		jb_init(&jb);
		jb_open(&jb, '{');
		jb_key(&jb, "k\"");
		jb_int(&jb, 7);
		jb_key(&jb, "n");
		jb_int(&jb, -7);
		jb_close(&jb, '}');
		T_EQ_STR("jsonw-keys-escaped-without-printf", jb.buf, "{\"k\\\"\":7,\"n\":-7}");
	}
	/* esc_term: one line, nothing a terminal acts on, invalid bytes shown. */
	{
		char out[64];

		esc_term(out, sizeof(out),
			 "x\n\x1b]0;t\x07\xe2\x80\xae"
			 "\xff\xc3\xa9");
		T_EQ_STR("esc-term-controls", out,
			 "x\\x0a\\x1b]0;t\\x07\\xe2\\x80\\xae\\xff\xc3\xa9");
		esc_term(out, 8, "abcdefghijkl");
		T_EQ_STR("esc-term-cut-marked", out, "abcd...");
	}

	/* The whole record is bounded and, once closed, still one valid JSON object: a cut
	 * inside a string value (fills of plain, control and quote characters). */
	for (int fill = 0; fill < 3; fill++) {
		char name[96], key[32];
		static const char fills[] = {'a', '\x01', '"'};

		s = malloc(1025);
		memset(s, fills[fill], 1024);
		s[1024] = '\0';
		jb_init(&jb);
		jb_open(&jb, '{');
		for (int i = 0; i < 200; i++) {
			snprintf(key, sizeof(key), "k%d", i);
			jb_key(&jb, key);
			jb_str(&jb, s);
		}
		jb_close(&jb, '}');
		snprintf(name, sizeof(name), "jsonw-cut-string-bounded-fill-%d", fill);
		T_CHECK(name, jb.len <= sizeof(jb.buf) - 1 && strlen(jb.buf) == jb.len);
		snprintf(name, sizeof(name), "jsonw-cut-string-truncated-flag-fill-%d", fill);
		T_EQ_INT(name, jb.truncated, 1);
		snprintf(name, sizeof(name), "jsonw-cut-string-valid-json-fill-%d", fill);
		T_CHECK(name, valid_object(jb.buf));
		free(s);
	}

	/* A cut between small values (keys and numbers). */
	jb_init(&jb);
	jb_open(&jb, '{');
	for (int i = 0; i < 20000; i++) {
		char key[32];

		snprintf(key, sizeof(key), "k%d", i);
		jb_key(&jb, key);
		jb_int(&jb, i);
	}
	jb_close(&jb, '}');
	T_CHECK("jsonw-cut-between-small-values-valid-json", valid_object(jb.buf));

	/* Once full, a nested object opened and closed (as audit.c's put_target does) must not
	 * leave a closing bracket without its opening one. */
	s = malloc(JSONW_MAX + 1);
	memset(s, 'a', JSONW_MAX);
	s[JSONW_MAX] = '\0';
	jb_init(&jb);
	jb_open(&jb, '{');
	for (int i = 0; jb.len < JSONW_MAX - 8; i++) {
		char key[16];

		snprintf(key, sizeof(key), "k%d", i);
		jb_key(&jb, key);
		jb_int(&jb, 1);
	}
	jb_key(&jb, "target");
	jb_open(&jb, '{');
	jb_key(&jb, "spec");
	jb_str(&jb, "x");
	jb_close(&jb, '}');
	jb_key(&jb, "argv");
	jb_open(&jb, '[');
	jb_str(&jb, "y");
	jb_close(&jb, ']');
	jb_close(&jb, '}');
	T_CHECK("jsonw-full-then-nested-open-close-valid-json", valid_object(jb.buf));
	free(s);
}

int main(void)
{
	test_jsonw();
	return t_done();
}
