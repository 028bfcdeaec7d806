/* SPDX-License-Identifier: ISC */
/* GNU getopt_long semantics, as the tools parse argv: clustered flags, attached values,
 * permutation until "--", "--name=value", exact long names only (no abbreviations). A profile
 * of style ip-words is checked by ip's own rules instead (toolargs_ip.c). */
#include "toolargs.h"

#include <stdio.h>
#include <string.h>

#include "toolargs_ip.h"

#define MAX_SHOWN 64

const char *toolargs_shown(const char *arg, char *buf, size_t len)
{
	size_t n = 0;

	for (; *arg && n + 5 < len && n < MAX_SHOWN; arg++) {
		unsigned char c = (unsigned char)*arg;

		if (c < 0x20 || c >= 0x7f)
			n += (size_t)snprintf(buf + n, len - n, "\\x%02x", c);
		else
			buf[n++] = (char)c;
	}
	buf[n] = '\0';
	if (*arg && n + 4 < len)
		memcpy(buf + n, "...", 4);
	return buf;
}

/* 1: takes a value, 0: flag, -1: not allowed. */
static int long_kind(const struct tool *t, const char *name, size_t len)
{
	for (int i = 0; i < t->nlong; i++) {
		size_t l = strcspn(t->longs[i], ":");

		if (l == len && strncmp(t->longs[i], name, len) == 0)
			return t->longs[i][l] == ':';
	}
	return -1;
}

static int check_long(const struct tool *t, int argc, char *const argv[], int *i, char *why,
		      size_t len)
{
	const char *a = argv[*i] + 2, *eq = strchr(a, '=');
	size_t nlen = eq ? (size_t)(eq - a) : strlen(a);
	int kind = long_kind(t, a, nlen);
	char b[TOOLARGS_SHOWN];

	if (kind < 0) {
		snprintf(why, len, "option '%s' is not allowed for %s",
			 toolargs_shown(argv[*i], b, sizeof(b)), t->name);
		return -1;
	}
	if (kind == 0 && eq) {
		snprintf(why, len, "option '--%.*s' takes no value", (int)nlen, a);
		return -1;
	}
	if (kind == 1 && !eq) {
		if (*i + 1 >= argc) {
			snprintf(why, len, "option '--%.*s' needs a value", (int)nlen, a);
			return -1;
		}
		(*i)++;
	}
	return 0;
}

static int check_short(const struct tool *t, int argc, char *const argv[], int *i, char *why,
		       size_t len)
{
	const char *a = argv[*i];
	char b[TOOLARGS_SHOWN];

	for (size_t k = 1; a[k]; k++) {
		const char *o = a[k] == ':' || a[k] == ';' ? NULL : strchr(t->options, a[k]);

		if (!o) {
			unsigned char c = (unsigned char)a[k];

			if (c > 0x20 && c < 0x7f)
				snprintf(why, len, "option '-%c' is not allowed for %s (in '%s')",
					 c, t->name, toolargs_shown(a, b, sizeof(b)));
			else
				snprintf(why, len, "option byte 0x%02x is not allowed for %s", c,
					 t->name);
			return -1;
		}
		if (o[1] != ':')
			continue;
		/* The rest of this word is the value, else the next word is. */
		if (a[k + 1])
			return 0;
		if (*i + 1 >= argc) {
			snprintf(why, len, "option '-%c' needs a value", a[k]);
			return -1;
		}
		(*i)++;
		return 0;
	}
	return 0;
}

int toolargs_kind(const struct tool *t, const char *spelling)
{
	const char *o;

	if (spelling[0] != '-' || !spelling[1])
		return -1;
	if (spelling[1] == '-')
		return long_kind(t, spelling + 2, strlen(spelling + 2));
	o = strchr(t->options, spelling[1]);
	if (spelling[2] || !o || *o == ':')
		return -1;
	return o[1] == ':';
}

/* The options of one clustered word: -nns96 is -n, -n and -s 96. */
static int walk_short(const struct tool *t, int argc, char *const argv[], int *i,
		      int (*fn)(const struct toolarg *a, void *ctx), void *ctx)
{
	const char *a = argv[*i];
	struct toolarg ta = {.word = *i};
	int rc = 0;

	for (size_t k = 1; a[k] && !rc; k++) {
		const char *o = strchr(t->options, a[k]);

		snprintf(ta.opt, sizeof(ta.opt), "-%c", a[k]);
		ta.value = NULL;
		if (o && o[1] == ':') /* the rest of the word is the value, else the next word */
			ta.value = a[k + 1] ? a + k + 1 : *i + 1 < argc ? argv[++*i] : NULL;
		rc = fn(&ta, ctx);
		if (ta.value)
			break;
	}
	return rc;
}

int toolargs_walk(const struct tool *t, int argc, char *const argv[],
		  int (*fn)(const struct toolarg *a, void *ctx), void *ctx)
{
	int operands_only = 0, rc = 0;

	for (int i = 0; i < argc && !rc && t->style == STYLE_GETOPT; i++) {
		const char *a = argv[i], *eq;
		struct toolarg ta = {.word = i};

		if (!operands_only && strcmp(a, "--") == 0) {
			operands_only = 1;
			continue;
		}
		if (operands_only || a[0] != '-' || !a[1]) {
			ta.value = a;
			rc = fn(&ta, ctx);
			continue;
		}
		if (a[1] != '-') {
			rc = walk_short(t, argc, argv, &i, fn, ctx);
			continue;
		}
		eq = strchr(a + 2, '=');
		snprintf(ta.opt, sizeof(ta.opt), "%.*s", eq ? (int)(eq - a) : (int)strlen(a), a);
		if (eq)
			ta.value = eq + 1;
		else if (long_kind(t, a + 2, strlen(a + 2)) == 1 && i + 1 < argc)
			ta.value = argv[++i];
		rc = fn(&ta, ctx);
	}
	return rc;
}

struct lookup {
	char opt[3];
	const char *found;
};

static int last_value(const struct toolarg *a, void *ctx)
{
	struct lookup *l = ctx;

	if (strcmp(a->opt, l->opt) == 0 && a->value)
		l->found = a->value;
	return 0;
}

const char *toolargs_value(const struct tool *t, int argc, char *const argv[], char letter)
{
	struct lookup l = {{'-', letter, '\0'}, NULL};

	if (!letter)
		return NULL;
	(void)toolargs_walk(t, argc, argv, last_value, &l);
	return l.found;
}

int toolargs_check(const struct tool *t, int argc, char *const argv[], char *why, size_t len)
{
	int operands_only = 0;
	char b[TOOLARGS_SHOWN];

	if (t->style == STYLE_IP_WORDS)
		return toolargs_ip_check(t, argc, argv, why, len);
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		int rc = 0;

		if (!operands_only && strcmp(a, "--") == 0) {
			operands_only = 1;
			continue;
		}
		if (!operands_only && a[0] == '-' && a[1] == '-')
			rc = check_long(t, argc, argv, &i, why, len);
		else if (!operands_only && a[0] == '-' && a[1])
			rc = check_short(t, argc, argv, &i, why, len);
		else if (!t->operands_any) {
			snprintf(why, len, "%s takes no operands ('%s')", t->name,
				 toolargs_shown(a, b, sizeof(b)));
			rc = -1;
		}
		if (rc)
			return rc;
	}
	return 0;
}

/* Append s to buf, ending in "..." once it is full. */
static void add(char *buf, size_t len, const char *s)
{
	size_t used = strlen(buf);

	if (used + 4 >= len)
		return;
	if ((size_t)snprintf(buf + used, len - used, "%s", s) >= len - used)
		memcpy(buf + len - 4, "...", 4);
}

void toolargs_allowed(const struct tool *t, char *buf, size_t len)
{
	char w[80];
	int flags = 0, values = 0;

	buf[0] = '\0';
	for (const char *o = t->options; t->style == STYLE_GETOPT && *o; o++)
		if (*o != ':' && o[1] != ':') {
			snprintf(w, sizeof(w), flags++ ? "%c" : "-%c", *o);
			add(buf, len, w);
		}
	for (const char *o = t->options; t->style == STYLE_GETOPT && *o; o++)
		if (*o != ':' && o[1] == ':') {
			snprintf(w, sizeof(w), values++ ? "|-%c" : flags ? " -%c" : "-%c", *o);
			add(buf, len, w);
		}
	if (values)
		add(buf, len, " VALUE");
	for (int i = 0; i < t->nlong; i++) {
		size_t l = strcspn(t->longs[i], ":");

		snprintf(w, sizeof(w), "%s%s%.*s%s", buf[0] ? " " : "",
			 t->style == STYLE_GETOPT ? "--" : "-", (int)l, t->longs[i],
			 t->longs[i][l] != ':'	    ? ""
			 : t->style == STYLE_GETOPT ? "=VALUE"
						    : " VALUE");
		add(buf, len, w);
	}
	if (!buf[0])
		add(buf, len, "no options");
}
