/* SPDX-License-Identifier: ISC */
/* libFuzzer target: toolargs_check and toolargs_value (toolargs.c), with glibc getopt_long as
 * the oracle.
 *
 * Input: FLAGS-BYTE OPTIONS "\n" LONG "\n" ... ARGV
 *   FLAGS bit 0: operands any; bits 1-3: how many LONG lines follow; bit 4: use OPTIONS and
 *   LONGs raw (robustness only) instead of reducing them to what the policy parser accepts.
 *   ARGV: the rest, NUL-separated if it holds a NUL, else newline-separated.
 *
 * Oracle (clean profiles only): toolargs claims the tools' own GNU getopt_long semantics.
 *  - Accepted argv: getopt_long with the allowed options PLUS every other letter as a flag (what
 *    a real tool would also understand) must never see a letter or long option outside the
 *    profile, never report a missing value, and find no operand unless operands are allowed.
 *  - Refused argv: getopt_long with only the allowed options must find something wrong, unless
 *    a long option was abbreviated (glibc allows that, nscap deliberately does not).
 *  - toolargs_value (accepted argv): for every option letter that takes a value, the very
 *    pointer getopt_long last returned as optarg for it (the file the tool will write). */
#include <ctype.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"
#include "policy.h"
#include "toolargs.h"

#define MAX_ARGS 64
#define MAX_LONGS 7
#define FORBIDDEN_LONG "zz-forbidden"

static const char letters[] =
	"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789#!%&*,./;<>@[]^_`{|}~$'()";

/* Options as tool_options() in policy.c accepts them: isgraph, not - ? " + =, no repeats,
 * ':' only right after a letter. Invalid bytes are dropped. */
static void clean_options(const char *in, char *out, size_t len)
{
	size_t o = 0;

	for (; *in && o + 1 < len; in++) {
		unsigned char c = (unsigned char)*in;

		if (c == ':') {
			if (o == 0 || out[o - 1] == ':')
				continue;
		} else if (!isgraph(c) || strchr("-?\"+=", c) || memchr(out, c, o)) {
			continue;
		}
		out[o++] = (char)c;
	}
	out[o] = '\0';
}

/* A long name as tool_long() accepts it: [a-z0-9_-]{1,64}, not starting with '-', optional
 * trailing ':'; 0 if invalid. */
static int clean_long(const char *s)
{
	size_t n = strlen(s);

	if (n && s[n - 1] == ':')
		n--;
	if (n == 0 || n > 64 || s[0] == '-')
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!islower((unsigned char)s[i]) && !isdigit((unsigned char)s[i]) && s[i] != '-' &&
		    s[i] != '_')
			return 0;
	return 1;
}

static size_t name_len(const char *l)
{
	return strcspn(l, ":");
}

/* Run getopt_long over a copy of argv. Returns 0 when getopt finds nothing wrong, else a short
 * reason. extra: every letter outside the profile becomes a flag, plus one forbidden long. */
static const char *getopt_verdict(const struct tool *t, int argc, char *const argv[], int extra,
				  const char *last[256])
{
	char optstring[2 + 3 * sizeof(letters) + 256];
	struct option lo[MAX_LONGS + 2];
	char *av[MAX_ARGS + 2];
	int nlo = 0, c;
	size_t o = 0;

	optstring[o++] = ':';
	for (const char *p = t->options; *p; p++)
		optstring[o++] = *p;
	if (extra)
		for (const char *p = letters; *p; p++)
			if (!strchr(t->options, *p))
				optstring[o++] = *p;
	optstring[o] = '\0';
	for (int i = 0; i < t->nlong; i++) {
		size_t n = name_len(t->longs[i]);
		char *name = strndup(t->longs[i], n);

		lo[nlo++] = (struct option){name,
					    t->longs[i][n] == ':' ? required_argument : no_argument,
					    NULL, 256 + i};
	}
	if (extra)
		lo[nlo++] = (struct option){strdup(FORBIDDEN_LONG), no_argument, NULL, 1000};
	lo[nlo] = (struct option){NULL, 0, NULL, 0};

	av[0] = "tool";
	memcpy(av + 1, argv, (size_t)argc * sizeof(char *));
	av[argc + 1] = NULL;
	optind = 0; /* glibc: full re-initialisation */
	opterr = 0;
	const char *why = NULL;
	while (!why && (c = getopt_long(argc + 1, av, optstring, lo, NULL)) != -1) {
		if (c == '?')
			why = "unknown option";
		else if (c == ':')
			why = "missing value";
		else if (c == 1000)
			why = "forbidden long option";
		else if (c < 256 && !strchr(t->options, c))
			why = "forbidden letter";
		else if (c < 256 && last)
			last[c] = optarg;
	}
	if (!why && !t->operands_any && optind < argc + 1)
		why = "operand";
	for (int i = 0; i < nlo; i++)
		free((char *)lo[i].name);
	return why;
}

/* A word glibc could read as an abbreviated long option of the profile. */
static int may_abbreviate(const struct tool *t, int argc, char *const argv[])
{
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		size_t n;
		int exact = 0, prefix = 0;

		if (a[0] != '-' || a[1] != '-' || !a[2])
			continue;
		a += 2;
		n = strcspn(a, "=");
		for (int k = 0; k < t->nlong; k++) {
			size_t l = name_len(t->longs[k]);

			if (l == n && strncmp(t->longs[k], a, n) == 0)
				exact = 1;
			else if (n < l && strncmp(t->longs[k], a, n) == 0)
				prefix = 1;
		}
		if (prefix && !exact)
			return 1;
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf, *p, *end, *argv[MAX_ARGS + 1], *longs[MAX_LONGS], options[128], why[512];
	struct tool t = {0};
	int flags, nlong, raw, argc, rc;

	if (size < 1)
		return 0;
	flags = data[0];
	raw = flags & 16;
	nlong = (flags >> 1) & 7;
	buf = fuzz_strndup(data + 1, size - 1);
	end = buf + size - 1;
	p = buf;

	/* OPTIONS line */
	{
		char *nl = memchr(p, '\n', (size_t)(end - p));
		char *line = p;

		if (nl) {
			*nl = '\0';
			p = nl + 1;
		} else {
			p = end;
		}
		if (raw)
			t.options = line;
		else {
			clean_options(line, options, sizeof(options));
			t.options = options;
		}
	}
	/* LONG lines */
	for (int i = 0; i < nlong && p < end; i++) {
		char *nl = memchr(p, '\n', (size_t)(end - p));
		char *line = p;
		int dup = 0;

		if (nl) {
			*nl = '\0';
			p = nl + 1;
		} else {
			p = end;
		}
		for (int k = 0; k < t.nlong; k++)
			dup |= name_len(longs[k]) == name_len(line) &&
			       strncmp(longs[k], line, name_len(line)) == 0;
		if (raw || (clean_long(line) && !dup))
			longs[t.nlong++] = line;
	}
	t.longs = longs;
	t.name = "fuzztool";
	t.path = "/bin/true";
	t.operands_any = flags & 1;
	argc = fuzz_split_argv(p, (size_t)(end - p), argv, MAX_ARGS);

	why[0] = '\0';
	rc = toolargs_check(&t, argc, argv, why, sizeof(why));
	FUZZ_ASSERT(rc == 0 || rc == -1, "toolargs_check returned %d", rc);
	FUZZ_ASSERT(memchr(why, '\0', sizeof(why)), "why is not NUL-terminated");
	if (rc != 0) {
		FUZZ_ASSERT(why[0], "refused without a reason");
		for (const char *w = why; !raw && *w; w++)
			FUZZ_ASSERT((unsigned char)*w >= 0x20 && *w != 0x7f,
				    "raw control byte 0x%02x in the refusal message", *w);
	}
	/* With a tiny message buffer the reason is cut, never overflowed. */
	{
		char small[8];

		FUZZ_ASSERT(toolargs_check(&t, argc, argv, small, sizeof(small)) == rc,
			    "verdict depends on the message buffer");
	}
	if (!raw && !strstr(t.options, "W;")) {
		if (rc == 0) {
			const char *last[256] = {0};
			const char *g = getopt_verdict(&t, argc, argv, 1, last);

			FUZZ_ASSERT(!g, "toolargs allowed what getopt_long reads differently: %s",
				    g);
			/* toolargs_value: the value getopt hands the tool last, the same string. */
			for (const char *o = t.options; *o; o++) {
				const char *v;

				if (o[1] != ':')
					continue;
				v = toolargs_value(&t, argc, argv, *o);
				FUZZ_ASSERT(
					v == last[(unsigned char)*o],
					"toolargs_value(-%c) is '%s', getopt_long's optarg '%s'",
					*o, v ? v : "(none)",
					last[(unsigned char)*o] ? last[(unsigned char)*o]
								: "(none)");
			}
		} else if (!may_abbreviate(&t, argc, argv)) {
			const char *g = getopt_verdict(&t, argc, argv, 0, NULL);

			FUZZ_ASSERT(g, "toolargs refused what getopt_long accepts: %s", why);
		}
	}
	free(buf);
	return 0;
}
