/* SPDX-License-Identifier: ISC */
/* Unit tests for the small pure parsers: json.c, runtime.c (runc state), cgroup.c, netns.c
 * (parse_proc_stat), util.c (parse_ll), jsonw.c and sha256.c. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cgroup.h"
#include "json.h"
#include "jsonw.h"
#include "netns.h"
#include "runtime.h"
#include "sha256.h"
#include "util.h"
#include "t.h"

/* ------------------------------------------------------------------------------------------ */
/* json.c */

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

	T_EQ_INT("json-duplicate-key",
		 (jparse(&j, "{\"id\":\"a\",\"id\":\"b\"}", &err), json_get(&j, 0, "id")), -1);
	T_CHECK("json-duplicate-key-other-key-ok", json_get(&j, 0, "x") == -1);
	json_free(&j);
	{
		static const char *const k[] = {"x", "k", NULL};

		jparse(&j, "{\"x\":{\"k\":1,\"k\":2},\"y\":3}", &err);
		T_EQ_INT("json-duplicate-nested-key", json_path(&j, k), -1);
		T_CHECK("json-duplicate-nested-sibling-ok", json_get(&j, 0, "y") > 0);
		json_free(&j);
	}
	/* Lookups compare the raw key: an escaped spelling is another key. */
	jparse(&j, "{\"\\u0069d\":\"x\"}", &err);
	T_EQ_INT("json-escaped-key-is-not-id", json_get(&j, 0, "id"), -1);
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

/* ------------------------------------------------------------------------------------------ */
/* runtime.c: runc state.json */

#define RUNC_HEAD "{\"id\":\"abcd1234\","
#define RUNC_TAIL                                                                                  \
	"\"created\":\"2024-05-01T10:00:00.123456789Z\",\"config\":{\"no_pivot_root\":false,"      \
	"\"parent_death_signal\":0,\"rootfs\":\"/tmp/rt/b/rootfs\",\"readonlyfs\":false,"          \
	"\"mounts\":[{\"source\":\"proc\",\"destination\":\"/proc\",\"device\":\"proc\","          \
	"\"flags\":14,\"data\":\"\"}],\"hostname\":\"x\",\"namespaces\":[{\"type\":\"pid\","       \
	"\"path\":\"\"},{\"type\":\"network\",\"path\":\"\"}],\"capabilities\":{\"Bounding\":"     \
	"[\"CAP_CHOWN\",\"CAP_NET_RAW\"]},\"cgroups\":{\"id\":\"not-this-one\",\"path\":"          \
	"\"/sys/fs/cgroup/x\",\"Resources\":{\"memory\":0}},\"labels\":["                          \
	"\"io.kubernetes.pod.name=x\",\"bundle=/tmp/rt/b\"],\"no_new_keyring\":false},"            \
	"\"rootless\":false,\"cgroup_paths\":{\"\":\"/sys/fs/cgroup/abcd1234\"},"                  \
	"\"namespace_paths\":{\"NEWNET\":\"/proc/10682/ns/net\"},\"external_descriptors\":"        \
	"[\"/dev/null\",\"/dev/null\",\"/dev/null\"],\"intel_rdt_path\":\"\"}"

static int runc(const char *text, const char *dir, struct container *c, const char **err)
{
	memset(c, 0, sizeof(*c));
	*err = NULL;
	return runc_parse_state(text, strlen(text), dir, c, err);
}

static void test_runc_state(void)
{
	struct container c;
	const char *err;

	T_EQ_INT("runc-state-ok",
		 runc(RUNC_HEAD
		      "\"init_process_pid\":10682,\"init_process_start\":42021," RUNC_TAIL,
		      "abcd1234", &c, &err),
		 0);
	T_EQ_STR("runc-state-id", c.id, "abcd1234");
	T_EQ_INT("runc-state-pid", c.pid, 10682);
	T_EQ_INT("runc-state-start", c.start, 42021);
	T_EQ_STR("runc-state-bundle-label", c.bundle, "/tmp/rt/b");

	T_EQ_INT("runc-state-no-labels-ok",
		 runc("{\"id\":\"abcd1234\",\"init_process_pid\":1,\"init_process_start\":5}",
		      "abcd1234", &c, &err),
		 0);
	T_EQ_STR("runc-state-no-labels-empty-bundle", c.bundle, "");
	T_EQ_INT("runc-state-pid-max",
		 runc("{\"id\":\"a\",\"init_process_pid\":4194304,\"init_process_start\":5}", "a",
		      &c, &err),
		 0);

	T_EQ_INT("runc-state-id-mismatch",
		 runc(RUNC_HEAD
		      "\"init_process_pid\":10682,\"init_process_start\":42021," RUNC_TAIL,
		      "abcd12345", &c, &err),
		 -1);
	T_EQ_STR("runc-state-id-mismatch-reason", err, "id missing or not the directory's name");
	T_EQ_INT("runc-state-id-prefix-mismatch",
		 runc(RUNC_HEAD
		      "\"init_process_pid\":10682,\"init_process_start\":42021," RUNC_TAIL,
		      "abcd", &c, &err),
		 -1);
	T_EQ_INT("runc-state-id-missing",
		 runc("{\"init_process_pid\":1,\"init_process_start\":5}", "a", &c, &err), -1);
	T_EQ_INT("runc-state-id-not-string",
		 runc("{\"id\":5,\"init_process_pid\":1,\"init_process_start\":5}", "5", &c, &err),
		 -1);
	T_EQ_INT("runc-state-id-twice",
		 runc("{\"id\":\"a\",\"id\":\"a\",\"init_process_pid\":1,\"init_process_start\":5}",
		      "a", &c, &err),
		 -1);
	T_EQ_INT("runc-state-missing-pid",
		 runc(RUNC_HEAD "\"init_process_start\":42021," RUNC_TAIL, "abcd1234", &c, &err),
		 -1);
	T_EQ_STR("runc-state-missing-pid-reason", err,
		 "init_process_pid or init_process_start missing or invalid");
	T_EQ_INT("runc-state-pid-0",
		 runc(RUNC_HEAD "\"init_process_pid\":0,\"init_process_start\":42021," RUNC_TAIL,
		      "abcd1234", &c, &err),
		 -1);
	T_EQ_INT("runc-state-pid-string",
		 runc(RUNC_HEAD
		      "\"init_process_pid\":\"10682\",\"init_process_start\":42021," RUNC_TAIL,
		      "abcd1234", &c, &err),
		 -1);
	T_EQ_INT("runc-state-pid-negative",
		 runc(RUNC_HEAD "\"init_process_pid\":-1,\"init_process_start\":42021," RUNC_TAIL,
		      "abcd1234", &c, &err),
		 -1);
	T_EQ_INT("runc-state-pid-over-pid-max",
		 runc(RUNC_HEAD
		      "\"init_process_pid\":4194305,\"init_process_start\":42021," RUNC_TAIL,
		      "abcd1234", &c, &err),
		 -1);
	T_EQ_INT("runc-state-pid-2-pow-32-plus-1",
		 runc(RUNC_HEAD
		      "\"init_process_pid\":4294967297,\"init_process_start\":42021," RUNC_TAIL,
		      "abcd1234", &c, &err),
		 -1);
	T_EQ_INT("runc-state-pid-float",
		 runc(RUNC_HEAD
		      "\"init_process_pid\":10682.0,\"init_process_start\":42021," RUNC_TAIL,
		      "abcd1234", &c, &err),
		 -1);
	T_EQ_INT("runc-state-start-missing",
		 runc(RUNC_HEAD "\"init_process_pid\":10682," RUNC_TAIL, "abcd1234", &c, &err), -1);
	T_EQ_INT("runc-state-start-0",
		 runc(RUNC_HEAD "\"init_process_pid\":10682,\"init_process_start\":0," RUNC_TAIL,
		      "abcd1234", &c, &err),
		 -1);
	T_EQ_INT("runc-state-pid-twice",
		 runc(RUNC_HEAD "\"init_process_pid\":1,\"init_process_pid\":2,"
				"\"init_process_start\":42021," RUNC_TAIL,
		      "abcd1234", &c, &err),
		 -1);
	T_EQ_INT("runc-state-truncated",
		 runc("{\"id\":\"abcd1234\",\"init_process_pid\":10682,\"init_process_start\":4",
		      "abcd1234", &c, &err),
		 -1);
	T_EQ_INT("runc-state-not-json", runc("not json", "abcd1234", &c, &err), -1);
	T_CHECK("runc-state-error-has-reason", err != NULL && err[0] != '\0');
}

/* ------------------------------------------------------------------------------------------ */
/* cgroup.c */

#define HEX1 "4f1b2c3d4e5f60718293a4b5c6d7e8f94f1b2c3d4e5f60718293a4b5c6d7e8f9"
#define HEX2 "0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9"
#define HEX3 "ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100"
#define POD_UID "1b2c3d4e_5f60_7182_93a4_b5c6d7e8f901"

static char cand[CGROUP_MAX_CANDIDATES][ID_MAX + 1];
static int ncand;

static void cg(const char *text)
{
	memset(cand, 0, sizeof(cand));
	ncand = cgroup_candidates(text, cand, CGROUP_MAX_CANDIDATES);
}

static int has(const char *id)
{
	int k = 0;

	for (int i = 0; i < ncand; i++)
		k += strcmp(cand[i], id) == 0;
	return k;
}

/* No candidate carries a runtime decoration or the .scope suffix. */
static int undecorated(void)
{
	for (int i = 0; i < ncand; i++)
		if (strstr(cand[i], ".scope") || strncmp(cand[i], "docker-", 7) == 0 ||
		    strncmp(cand[i], "cri-containerd-", 15) == 0 ||
		    strncmp(cand[i], "crio-", 5) == 0 || strncmp(cand[i], "libpod-", 7) == 0 ||
		    strstr(cand[i], "conmon"))
			return 0;
	return 1;
}

static void test_cgroup(void)
{
	cg("0::/system.slice/docker-" HEX1 ".scope\n");
	T_EQ_INT("cgroup-v2-docker-scope", has(HEX1), 1);
	T_CHECK("cgroup-v2-docker-undecorated", undecorated());

	cg("12:pids:/docker/" HEX1 "\n");
	T_EQ_INT("cgroup-v1-docker", has(HEX1), 1);

	cg("0::/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" POD_UID
	   ".slice/cri-containerd-" HEX2 ".scope\n");
	T_EQ_INT("cgroup-v2-kubepods-containerd", has(HEX2), 1);
	T_CHECK("cgroup-v2-kubepods-undecorated", undecorated());

	cg("0::/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod" POD_UID
	   ".slice/crio-conmon-" HEX3 ".scope\n");
	T_EQ_INT("cgroup-crio-conmon-skipped", has(HEX3), 0);
	T_CHECK("cgroup-crio-conmon-undecorated", undecorated());
	cg("0::/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod" POD_UID
	   ".slice/crio-" HEX3 ".scope\n");
	T_EQ_INT("cgroup-crio-scope", has(HEX3), 1);
	T_CHECK("cgroup-crio-undecorated", undecorated());

	cg("0::/machine.slice/libpod-conmon-" HEX1 ".scope\n");
	T_EQ_INT("cgroup-libpod-conmon-skipped", has(HEX1), 0);
	T_CHECK("cgroup-libpod-conmon-undecorated", undecorated());
	cg("0::/machine.slice/libpod-" HEX1 ".scope/container\n");
	T_EQ_INT("cgroup-libpod-scope-nested", has(HEX1), 1);
	T_CHECK("cgroup-libpod-undecorated", undecorated());

	cg("12:pids:/docker/" HEX1 "\n11:memory:/docker/" HEX1 "\n10:cpu,cpuacct:/docker/" HEX1
	   "\n1:name=systemd:/docker/" HEX1 "\n0::/system.slice/docker-" HEX1 ".scope\n");
	T_EQ_INT("cgroup-duplicates-collapsed", has(HEX1), 1);
	T_EQ_INT("cgroup-duplicates-collapsed-count", ncand, 3); /* docker, HEX1, system.slice */

	cg("0::/abc\n1:cpu:/abc/def");
	T_EQ_INT("cgroup-plain-components-count", ncand, 2);
	T_EQ_STR("cgroup-plain-components-first", cand[0], "abc");
	T_EQ_STR("cgroup-plain-components-second-no-newline", cand[1], "def");

	cg("0::/docker-" HEX1 ".scope\n0::/crio-" HEX2 ".scope\n");
	T_CHECK("cgroup-order-of-appearance",
		ncand == 2 && strcmp(cand[0], HEX1) == 0 && strcmp(cand[1], HEX2) == 0);

	cg("");
	T_EQ_INT("cgroup-empty", ncand, 0);
	cg("garbage without colons\n\n:\n");
	T_EQ_INT("cgroup-no-path", ncand, 0);
	cg("0::/\n");
	T_EQ_INT("cgroup-root-only", ncand, 0);
	cg("0::/../.\n");
	T_EQ_INT("cgroup-dot-components-skipped", ncand, 0);
	cg("0::/a b/x$y/" HEX1 "\n");
	T_CHECK("cgroup-invalid-chars-skipped", ncand == 1 && has(HEX1) == 1);
	{
		char text[1024];
		char longc[200];

		memset(longc, 'a', 199);
		longc[199] = '\0';
		snprintf(text, sizeof(text), "0::/%s/" HEX2 "\n", longc);
		cg(text);
		T_CHECK("cgroup-overlong-component-skipped", ncand == 1 && has(HEX2) == 1);
		memset(longc, 'b', 129);
		longc[129] = '\0';
		snprintf(text, sizeof(text), "0::/docker-%s.scope\n", longc);
		cg(text);
		T_EQ_INT("cgroup-129-byte-id-skipped", ncand, 0);
	}
	{
		/* More distinct components than the output holds. */
		char text[4096];
		size_t n = (size_t)snprintf(text, sizeof(text), "0::");
		char out[5][ID_MAX + 1];
		char guard[ID_MAX + 1];

		for (int i = 0; i < CGROUP_MAX_CANDIDATES + 10; i++)
			n += (size_t)snprintf(text + n, sizeof(text) - n, "/c%d", i);
		cg(text);
		T_EQ_INT("cgroup-max-candidates", ncand, CGROUP_MAX_CANDIDATES);
		memset(guard, 'G', sizeof(guard));
		T_EQ_INT("cgroup-small-max", cgroup_candidates(text, out, 4), 4);
		T_EQ_STR("cgroup-small-max-first", out[0], "c0");
		T_EQ_STR("cgroup-small-max-last", out[3], "c3");
		(void)guard;
	}
}

/* ------------------------------------------------------------------------------------------ */
/* netns.c: parse_proc_stat */

static void test_proc_stat(void)
{
	uint64_t start = 0, flags = 0;
	char buf[4096];
	int fd;
	ssize_t n;

	T_EQ_INT(
		"stat-comm-with-parens",
		parse_proc_stat("123 (a) b) c) S 1 123 123 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 "
				"987654 12345678 300 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 "
				"17 3 0 0 0 0 0\n",
				&start, &flags),
		0);
	T_EQ_INT("stat-comm-with-parens-start", start, 987654);
	T_EQ_INT("stat-comm-with-parens-flags", flags, 4194560);

	start = flags = 0;
	T_EQ_INT("stat-comm-with-spaces",
		 parse_proc_stat(
			 "7 (my prog x) R 1 7 7 0 -1 2097152 0 0 0 0 0 0 0 0 20 0 1 0 55 0 0\n",
			 &start, &flags),
		 0);
	T_EQ_INT("stat-comm-with-spaces-start", start, 55);
	T_EQ_INT("stat-kthread-flag", flags & 0x00200000, 0x00200000);

	/* A comm crafted to look like the rest of the line: the last ')' is the real end. */
	start = 0;
	T_EQ_INT("stat-comm-fake-fields",
		 parse_proc_stat(
			 "42 () S 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 666) S 1 42 42 0 -1 64 0 "
			 "0 0 0 0 0 0 0 20 0 1 0 777 0 0\n",
			 &start, &flags),
		 0);
	T_EQ_INT("stat-comm-fake-fields-start", start, 777);
	T_EQ_INT("stat-comm-fake-fields-flags", flags, 64);

	start = 0;
	T_EQ_INT(
		"stat-start-last-field-no-newline",
		parse_proc_stat("1 (x) S 0 0 0 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 99", &start, &flags),
		0);
	T_EQ_INT("stat-start-last-field-no-newline-value", start, 99);
	T_EQ_INT("stat-too-short",
		 parse_proc_stat("1 (x) S 0 0 0 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0\n", &start, &flags),
		 -1);
	T_EQ_INT(
		"stat-no-paren",
		parse_proc_stat("1 x S 0 0 0 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 99\n", &start, &flags),
		-1);
	T_EQ_INT("stat-empty", parse_proc_stat("", &start, &flags), -1);
	T_EQ_INT("stat-start-not-number",
		 parse_proc_stat("1 (x) S 0 0 0 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 9x9 0\n", &start,
				 &flags),
		 -1);
	T_EQ_INT("stat-flags-not-number",
		 parse_proc_stat("1 (x) S 0 0 0 0 -1 zz 0 0 0 0 0 0 0 0 20 0 1 0 99 0\n", &start,
				 &flags),
		 -1);
	T_EQ_INT("stat-start-overflow",
		 parse_proc_stat("1 (x) S 0 0 0 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 "
				 "99999999999999999999999 0\n",
				 &start, &flags),
		 -1);

	fd = open("/proc/self/stat", O_RDONLY);
	n = fd >= 0 ? read(fd, buf, sizeof(buf) - 1) : -1;
	if (fd >= 0)
		close(fd);
	buf[n > 0 ? n : 0] = '\0';
	start = 0;
	flags = 0xffffffff;
	T_EQ_INT("stat-proc-self", parse_proc_stat(buf, &start, &flags), 0);
	T_CHECK("stat-proc-self-start-nonzero", start > 0);
	T_EQ_INT("stat-proc-self-not-kthread", flags & 0x00200000, 0);
}

/* ------------------------------------------------------------------------------------------ */
/* util.c: parse_ll */

static void test_parse_ll(void)
{
	long long v = -7;

	T_CHECK("parse-ll-zero", parse_ll("0", 0, 10, &v) == NULL && v == 0);
	T_CHECK("parse-ll-plain", parse_ll("4194304", 1, 4194304, &v) == NULL && v == 4194304);
	T_CHECK("parse-ll-llong-max",
		parse_ll("9223372036854775807", 0, 9223372036854775807LL, &v) == NULL &&
			v == 9223372036854775807LL);
	T_EQ_STR("parse-ll-llong-max-plus-one",
		 parse_ll("9223372036854775808", 0, 9223372036854775807LL, &v), "too large");
	T_EQ_STR("parse-ll-huge", parse_ll("99999999999999999999999", 0, 9223372036854775807LL, &v),
		 "too large");
	T_EQ_STR("parse-ll-leading-zero", parse_ll("007", 0, 100, &v), "leading zero");
	T_EQ_STR("parse-ll-leading-zero-00", parse_ll("00", 0, 100, &v), "leading zero");
	T_EQ_STR("parse-ll-minus", parse_ll("-1", -10, 10, &v), "not a number");
	T_EQ_STR("parse-ll-plus", parse_ll("+1", 0, 10, &v), "not a number");
	T_EQ_STR("parse-ll-space-before", parse_ll(" 1", 0, 10, &v), "not a number");
	T_EQ_STR("parse-ll-space-after", parse_ll("1 ", 0, 10, &v), "not a number");
	T_EQ_STR("parse-ll-hex", parse_ll("0x1", 0, 10, &v), "not a number");
	T_EQ_STR("parse-ll-empty", parse_ll("", 0, 10, &v), "empty number");
	T_EQ_STR("parse-ll-below-min", parse_ll("0", 1, 10, &v), "too small");
	T_EQ_STR("parse-ll-above-max", parse_ll("11", 1, 10, &v), "too large");
	T_CHECK("parse-ll-at-max", parse_ll("10", 1, 10, &v) == NULL && v == 10);
	T_EQ_STR("parse-ll-pid-max-plus-one", parse_ll("4194305", 1, 4194304, &v), "too large");
	v = 123;
	(void)parse_ll("x", 0, 10, &v);
	T_EQ_INT("parse-ll-error-leaves-out", v, 123);
	/* A single digit above a max below 9 (see the report: (max - d) / 10 truncates to 0). */
	T_EQ_STR("parse-ll-single-digit-above-small-max", parse_ll("9", 0, 5, &v), "too large");
	T_EQ_STR("parse-ll-single-digit-above-max-0", parse_ll("1", 0, 0, &v), "too large");
}

/* ------------------------------------------------------------------------------------------ */
/* jsonw.c */

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

	/* One string is cut at JSONW_MAX_STR input bytes and says so. */
	s = malloc(2001);
	memset(s, 'a', 2000);
	s[2000] = '\0';
	esc(s);
	T_EQ_INT("jsonw-long-string-cut-length", strlen(jb.buf), 1 + JSONW_MAX_STR + 3 + 1);
	T_CHECK("jsonw-long-string-cut-marker", strcmp(jb.buf + strlen(jb.buf) - 4, "...\"") == 0);
	T_EQ_INT("jsonw-long-string-truncated-flag", jb.truncated, 1);
	free(s);

	/* A string of control characters grows 6x, and is still bounded. */
	s = malloc(5001);
	memset(s, '\x01', 5000);
	s[5000] = '\0';
	esc(s);
	T_EQ_INT("jsonw-control-string-bounded", strlen(jb.buf), 2 + 6 * JSONW_MAX_STR + 3);
	free(s);

	/* json_escape with its own max. */
	{
		char out[6 * 8 + 4];

		json_escape(out, "abcdef", 3);
		T_EQ_STR("jsonw-escape-max", out, "abc...");
		json_escape(out, "abc", 3);
		T_EQ_STR("jsonw-escape-exactly-max", out, "abc");
		json_escape(out, "\x1b[31m\xff\xc3\xa9", 8);
		T_EQ_STR("jsonw-escape-esc-invalid-utf8", out, "\\u001b[31m\\\\xff\xc3\xa9");
	}

	/* The whole record is bounded and, once closed, still one valid JSON object: a cut
	 * inside a string value (fills of plain, control and quote characters). */
	for (int fill = 0; fill < 3; fill++) {
		char name[96], key[32];
		static const char fills[] = {'a', '\x01', '"'};

		s = malloc(JSONW_MAX_STR + 1);
		memset(s, fills[fill], JSONW_MAX_STR);
		s[JSONW_MAX_STR] = '\0';
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
	while (jb.len < JSONW_MAX - 8) {
		jb_key(&jb, "k");
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

/* ------------------------------------------------------------------------------------------ */
/* sha256.c */

static void hex(const unsigned char d[32], char out[65])
{
	for (int i = 0; i < 32; i++)
		snprintf(out + 2 * i, 3, "%02x", d[i]);
}

static const char *sha_chunks(const char *data, size_t len, size_t chunk)
{
	static char out[65];
	struct sha256 s;
	unsigned char d[32];

	sha256_init(&s);
	for (size_t off = 0; off < len; off += chunk)
		sha256_update(&s, data + off, len - off < chunk ? len - off : chunk);
	sha256_final(&s, d);
	hex(d, out);
	return out;
}

static const char *sha(const char *data, size_t len)
{
	return sha_chunks(data, len, len ? len : 1);
}

static void test_sha256(void)
{
	static const char m448[] = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	static const struct {
		size_t n;
		const char *want;
	} as[] = {
		{55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"},
		{56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"},
		{63, "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34"},
		{64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"},
		{65, "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0"},
		{1000, "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3"},
	};
	static const char million_want[] =
		"cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0";
	char *million = malloc(1000000);
	char name[64];

	T_EQ_STR("sha256-empty", sha("", 0),
		 "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	T_EQ_STR("sha256-abc", sha("abc", 3),
		 "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	T_EQ_STR("sha256-448-bit", sha(m448, strlen(m448)),
		 "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	T_EQ_STR("sha256-448-bit-byte-by-byte", sha_chunks(m448, strlen(m448), 1),
		 "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	memset(million, 'a', 1000000);
	T_EQ_STR("sha256-million-a", sha(million, 1000000), million_want);
	T_EQ_STR("sha256-million-a-1000-byte-chunks", sha_chunks(million, 1000000, 1000),
		 million_want);
	T_EQ_STR("sha256-million-a-7-byte-chunks", sha_chunks(million, 1000000, 7), million_want);
	T_EQ_STR("sha256-million-a-64-byte-chunks", sha_chunks(million, 1000000, 64), million_want);
	for (size_t i = 0; i < sizeof(as) / sizeof(as[0]); i++) {
		snprintf(name, sizeof(name), "sha256-%zu-a-padding-boundary", as[i].n);
		T_EQ_STR(name, sha(million, as[i].n), as[i].want);
		snprintf(name, sizeof(name), "sha256-%zu-a-3-byte-chunks", as[i].n);
		T_EQ_STR(name, sha_chunks(million, as[i].n, 3), as[i].want);
	}
	free(million);

	/* sha256_fd hashes from the current offset to the end. */
	{
		char path[] = "/tmp/nscap-unit-sha-XXXXXX";
		int fd = mkstemp(path);
		unsigned char d[32];
		char out[65];

		if (fd < 0 || write(fd, "xxabc", 5) != 5) {
			T_CHECK("sha256-fd-setup", 0);
		} else {
			unlink(path);
			lseek(fd, 2, SEEK_SET);
			T_EQ_INT("sha256-fd-rc", sha256_fd(fd, d), 0);
			hex(d, out);
			T_EQ_STR(
				"sha256-fd-from-offset", out,
				"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
			close(fd);
		}
		T_CHECK("sha256-fd-bad-fd", sha256_fd(-1, d) != 0);
	}
}

int main(void)
{
	test_json_structure();
	test_json_strings();
	test_json_rejects();
	test_json_numbers();
	test_runc_state();
	test_cgroup();
	test_proc_stat();
	test_parse_ll();
	test_jsonw();
	test_sha256();
	return t_done();
}
