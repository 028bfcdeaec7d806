/* SPDX-License-Identifier: ISC */
/* Tool blocks of the policy: path, sha256, caps, options, long, operands, seccomp, output. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "policy_parse.h"
#include "toolargs_ip.h"
#include "util.h"

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* ---- tool blocks ---- */

enum {
	K_PATH = 1,
	K_SHA = 2,
	K_CAPS = 4,
	K_OPTIONS = 8,
	K_LONG = 16,
	K_OPERANDS = 32,
	K_SECCOMP = 64,
	K_OUTPUT = 128,
	K_STYLE = 256
};

void tool_open(struct parser *p, struct word *w, int n)
{
	struct policy *pol = p->pol;

	if (n != 3 || strcmp(w[2].s, "{") != 0) {
		policy_error(p, w[0].col, "expected: tool NAME {");
		return;
	}
	if (!policy_is_name(w[1].s, 32) || strcmp(w[1].s, "any") == 0) {
		policy_error(p, w[1].col,
			     "bad tool name '%s' (lower case letters, digits, - and _)", w[1].s);
		return;
	}
	if (policy_tool(pol, w[1].s)) {
		policy_error(p, w[1].col, "tool '%s' defined twice", w[1].s);
		return;
	}
	if (pol->ntools == POLICY_MAX_TOOLS) {
		policy_error(p, w[0].col, "more than %d tools", POLICY_MAX_TOOLS);
		return;
	}
	/* Doubled as the file goes: most policies are a few lines, and a long one is not copied
	 * for each of its lines. */
	if ((size_t)pol->ntools == pol->tools_cap)
		pol->tools = xreserve(pol->tools, &pol->tools_cap,
				      pol->tools_cap ? pol->tools_cap * 2 : 8, sizeof(*pol->tools));
	p->cur = &pol->tools[pol->ntools++];
	memset(p->cur, 0, sizeof(*p->cur));
	p->cur->name = xstrdup(w[1].s);
	p->cur->line = p->line;
	p->cur->options = xstrdup("");
	p->seen_keys = 0;
}

static void tool_caps(struct parser *p, struct tool *t, const struct word *w)
{
	char buf[POLICY_MAX_WORD], *save = NULL, *c;
	int empty = 0;

	if (strcmp(w->s, "none") == 0)
		return;
	(void)scopy(buf, sizeof(buf), w->s);
	for (c = strtok_r(buf, ",", &save); c; c = strtok_r(NULL, ",", &save)) {
		if (strcmp(c, "net_raw") == 0)
			t->caps |= TOOLCAP_NET_RAW;
		else if (strcmp(c, "net_admin") == 0)
			t->caps |= TOOLCAP_NET_ADMIN;
		else
			policy_error(p, w->col,
				     "unknown capability '%s' (net_raw, net_admin or none)", c);
	}
	/* strtok_r skipped empty items: an empty one anywhere is an error. */
	for (size_t i = 0; w->s[i]; i++)
		empty |= w->s[i] == ',' && (i == 0 || w->s[i + 1] == ',' || !w->s[i + 1]);
	if (!t->caps || empty)
		policy_error(p, w->col, "bad capability list '%s'", w->s);
}

static void tool_options(struct parser *p, struct tool *t, const struct word *w)
{
	const char *s = w->s;

	for (size_t i = 0; s[i]; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == ':') {
			if (i == 0 || s[i - 1] == ':') {
				policy_error(p, w->col,
					     "misplaced ':' in options (optional values '::' are "
					     "not allowed)");
				return;
			}
			continue;
		}
		/* ';' is special to getopt ("W;"): never a plain letter. */
		if (!isgraph(c) || c == '-' || c == '?' || c == '"' || c == '+' || c == '=' ||
		    c == ';') {
			policy_error(p, w->col, "bad option letter '%c'", isprint(c) ? c : '?');
			return;
		}
		if (memchr(s, c, i)) {
			policy_error(p, w->col, "option letter '%c' listed twice", c);
			return;
		}
	}
	free(t->options);
	t->options = xstrdup(s);
}

/* Letters of either case (ip has -Numeric, -Version), digits, '-' and '_'; 1 to 64 bytes. */
static int long_name_ok(const char *s)
{
	size_t n = strlen(s);

	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '-' && s[i] != '_')
			return 0;
	return n > 0 && n <= 64;
}

static void tool_long(struct parser *p, struct tool *t, struct word *w, int n)
{
	t->longs = xcalloc((size_t)n, sizeof(char *));
	t->long_cols = xcalloc((size_t)n, sizeof(int));
	t->long_line = p->line;
	for (int i = 0; i < n; i++) {
		char name[POLICY_MAX_WORD];
		size_t len = strlen(w[i].s);

		(void)scopy(name, sizeof(name), w[i].s);
		if (len && name[len - 1] == ':')
			name[len - 1] = '\0';
		if (!long_name_ok(name) || name[0] == '-') {
			policy_error(p, w[i].col, "bad long option '%s' (write it without dashes)",
				     w[i].s);
			continue;
		}
		for (int j = 0; j < t->nlong; j++) {
			size_t l = strcspn(t->longs[j], ":");

			if (strlen(name) == l && strncmp(t->longs[j], name, l) == 0)
				policy_error(p, w[i].col, "long option '%s' listed twice", name);
		}
		t->long_cols[t->nlong] = w[i].col;
		t->longs[t->nlong++] = xstrdup(w[i].s);
	}
}

/* An ip-words profile lists ip's own words, each with ':' exactly when ip takes a value. */
static void ip_words_check(struct parser *p, struct tool *t, const struct word *w)
{
	if (t->options[0] || (p->seen_keys & K_OPTIONS))
		policy_error(p, w->col,
			     "tool '%s': style ip-words takes no options (list words in long)",
			     t->name);
	for (int i = 0; i < t->nlong; i++) {
		char name[POLICY_MAX_WORD];
		size_t l = strcspn(t->longs[i], ":");
		int value = 0;

		(void)scopy(name, sizeof(name), t->longs[i]);
		name[l] = '\0';
		if (!ip_word_known(name, &value))
			policy_error(p, w->col, "tool '%s': '%s' is not one of ip's option words",
				     t->name, name);
		else if (value && t->longs[i][l] != ':')
			policy_error(p, w->col, "tool '%s': ip's -%s takes a value: write '%s:'",
				     t->name, name, name);
		else if (!value && t->longs[i][l] == ':')
			policy_error(p, w->col, "tool '%s': ip's -%s takes no value", t->name,
				     name);
	}
}

static void tool_sha(struct parser *p, struct tool *t, const struct word *w)
{
	if (strlen(w->s) != 64) {
		policy_error(p, w->col, "sha256 needs 64 lower-case hex digits");
		return;
	}
	for (size_t i = 0; i < 32; i++) {
		int hi = hexval(w->s[2 * i]), lo = hexval(w->s[2 * i + 1]);

		if (hi < 0 || lo < 0) {
			policy_error(p, w->col, "sha256 needs 64 lower-case hex digits");
			return;
		}
		t->sha256[i] = (unsigned char)(hi << 4 | lo);
	}
	t->has_sha256 = 1;
}

static int key_once(struct parser *p, const struct word *w, unsigned key)
{
	if (p->seen_keys & key) {
		policy_error(p, w->col, "'%s' given twice in tool '%s'", w->s, p->cur->name);
		return 0;
	}
	p->seen_keys |= key;
	return 1;
}

static const char tool_keys[][12] = {"}",	 "long",    "path",   "sha256", "caps", "options",
				     "operands", "seccomp", "output", "style",	"bound"};
static const char seccomp_names[][8] = {
#define SECCOMP_NAME(up, low) #low,
	SECCOMP_PROFILES(SECCOMP_NAME)
#undef SECCOMP_NAME
};

/* Absolute, and no empty, "." or ".." component: the path must say plainly what it names. */
int policy_plain_path(const char *s)
{
	if (s[0] != '/')
		return 0;
	for (const char *c = s + 1;; c++) {
		size_t n = strcspn(c, "/");

		if (n == 0 || (n == 1 && c[0] == '.') || (n == 2 && c[0] == '.' && c[1] == '.'))
			return 0;
		c += n;
		if (!*c)
			return 1;
	}
}

void tool_line(struct parser *p, struct word *w, int n)
{
	struct tool *t = p->cur;
	const char *k = w[0].s;
	size_t i;

	for (i = 0; i < sizeof(tool_keys) / sizeof(tool_keys[0]); i++)
		if (strcmp(k, tool_keys[i]) == 0)
			break;
	if (i == sizeof(tool_keys) / sizeof(tool_keys[0])) {
		policy_error(p, w[0].col, "unknown keyword '%s' in tool block%s", k,
			     strcmp(k, "permit") == 0 || strcmp(k, "deny") == 0 ||
					     strcmp(k, "tool") == 0
				     ? " (is a '}' missing?)"
				     : "");
		return;
	}

	if (strcmp(k, "}") == 0) {
		if (n != 1)
			policy_error(p, w[1].col, "unexpected '%s' after '}'", w[1].s);
		if (!(p->seen_keys & K_PATH))
			policy_error(p, w[0].col, "tool '%s' has no path", t->name);
		if (t->style == STYLE_IP_WORDS)
			ip_words_check(p, t, w);
		tool_bounds_end(p, t, &w[0]);
		if (t->output &&
		    !(strchr(t->options, t->output) && strchr(t->options, t->output)[1] == ':'))
			policy_error(
				p, w[0].col,
				"tool '%s': output option '%c' must be listed in options with ':'",
				t->name, t->output);
		p->cur = NULL;
		return;
	}
	if (strcmp(k, "long") == 0) {
		if (key_once(p, &w[0], K_LONG))
			tool_long(p, t, w + 1, n - 1);
		return;
	}
	if (strcmp(k, "bound") == 0) {
		tool_bound(p, t, w + 1, n - 1);
		return;
	}
	if (n != 2) {
		policy_error(p, w[0].col, n == 1 ? "'%s' needs a value" : "'%s' takes one value",
			     k);
		return;
	}
	if (strcmp(k, "path") == 0) {
		if (!key_once(p, &w[0], K_PATH))
			return;
		if (!policy_plain_path(w[1].s))
			policy_error(p, w[1].col, "path must be absolute and plain");
		t->path = xstrdup(w[1].s);
		t->path_line = p->line;
		t->path_col = w[1].col;
	} else if (strcmp(k, "sha256") == 0) {
		if (key_once(p, &w[0], K_SHA))
			tool_sha(p, t, &w[1]);
	} else if (strcmp(k, "caps") == 0) {
		if (key_once(p, &w[0], K_CAPS))
			tool_caps(p, t, &w[1]);
	} else if (strcmp(k, "options") == 0) {
		if (key_once(p, &w[0], K_OPTIONS))
			tool_options(p, t, &w[1]);
		t->options_line = p->line;
		t->options_col = w[1].col;
	} else if (strcmp(k, "output") == 0) {
		if (!key_once(p, &w[0], K_OUTPUT))
			return;
		if (strlen(w[1].s) != 1 || w[1].s[0] == ':')
			policy_error(p, w[1].col, "output: expected one option letter");
		else
			t->output = w[1].s[0];
	} else if (strcmp(k, "style") == 0) {
		if (!key_once(p, &w[0], K_STYLE))
			return;
		if (strcmp(w[1].s, "ip-words") == 0)
			t->style = STYLE_IP_WORDS;
		else if (strcmp(w[1].s, "getopt") != 0)
			policy_error(p, w[1].col, "style: expected getopt or ip-words");
	} else if (strcmp(k, "seccomp") == 0) {
		if (!key_once(p, &w[0], K_SECCOMP))
			return;
		for (i = 0; i < sizeof(seccomp_names) / sizeof(seccomp_names[0]); i++)
			if (strcmp(w[1].s, seccomp_names[i]) == 0)
				t->seccomp = (int)i;
		if (strcmp(w[1].s, seccomp_names[t->seccomp]) != 0)
			policy_error(p, w[1].col, "seccomp: expected default, capture or netlink");
	} else if (key_once(p, &w[0], K_OPERANDS)) {
		if (strcmp(w[1].s, "any") == 0)
			t->operands_any = 1;
		else if (strcmp(w[1].s, "none") != 0)
			policy_error(p, w[1].col, "operands: expected any or none");
	}
}
