/* SPDX-License-Identifier: ISC */
/* A rule's bounds applied to the caller's argv, walked with the tool's own getopt rules so that
 * nscap sees each option exactly as the tool will (toolargs.c). */
#include "bounds.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "toolargs.h"
#include "util.h"

static const char *const kind_name[] = {
#define BOUND_NAME(up, low) #low,
	BOUND_KINDS(BOUND_NAME)
#undef BOUND_NAME
};

static int active(const struct bounds *b, int k)
{
	return k == BOUND_SNAPLEN  ? b->snaplen > 0
	       : k == BOUND_FILTER ? b->filter != NULL
				   : b->nifaces > 0;
}

int bounds_any(const struct bounds *b)
{
	for (int k = 0; k < NBOUNDS; k++)
		if (active(b, k))
			return 1;
	return 0;
}

const char *bounds_expr_problem(const char *expr)
{
	int depth = 0, blank = 1;

	for (const unsigned char *c = (const unsigned char *)expr; *c; c++) {
		if (*c < 0x20 || *c == 0x7f)
			return "it holds a control byte";
		/* A ')' before its '(' would close nscap's own parenthesis: "x ) or ( y". */
		if (*c == ')' && --depth < 0)
			return "a ')' closes a parenthesis it did not open";
		depth += *c == '(';
		blank &= *c == ' ';
	}
	if (blank)
		return "it is empty";
	return depth ? "a '(' is never closed" : NULL;
}

const char *bounds_ifname_problem(const char *name)
{
	size_t n = strlen(name);

	if (n == 0 || n > BOUND_MAX_IFNAME)
		return "an interface name is 1 to 15 bytes";
	if (strspn(name, "0123456789") == n)
		return "a number names an interface by its index";
	for (const unsigned char *c = (const unsigned char *)name; *c; c++)
		if (*c <= 0x20 || *c >= 0x7f || *c == '/' || *c == ':' || *c == ',')
			return "an interface name has no blank, '/', ':', ',' or control byte";
	return NULL;
}

static int listed(const char *const *list, int n, const char *s)
{
	for (int i = 0; i < n; i++)
		if (strcmp(list[i], s) == 0)
			return 1;
	return 0;
}

/* The state of one walk over the caller's argv. */
struct walk {
	const struct bounds *b;
	const struct tool *t;
	char *const *argv;
	char *why;
	size_t len;
	int given[NBOUNDS];  /* the caller set this bound's option */
	unsigned char *keep; /* per word: an option or its value (kept when operands move) */
	const char **ops;    /* the operands, in order */
	size_t exprlen;	     /* the caller's operands joined by blanks */
	int nops;
};

static void iface_list(const struct bounds *b, char *buf, size_t len)
{
	buf[0] = '\0';
	for (int i = 0; i < b->nifaces; i++) {
		size_t used = strlen(buf);

		snprintf(buf + used, len - used, "%s%s", i ? "," : "", b->ifaces[i]);
	}
}

/* "any" is every interface at once: only when the list says so, never by a glob. */
static int iface_ok(const struct bounds *b, const char *v)
{
	if (strcmp(v, "any") == 0)
		return listed((const char *const *)b->ifaces, b->nifaces, "any");
	for (int i = 0; i < b->nifaces; i++)
		if (strcmp(b->ifaces[i], "any") != 0 && glob_match(b->ifaces[i], v))
			return 1;
	return 0;
}

static int refuse_iface(struct walk *w, const char *opt, const char *v)
{
	const char *problem = bounds_ifname_problem(v);
	char list[256], shown[TOOLARGS_SHOWN];

	if (!problem && iface_ok(w->b, v))
		return 0;
	iface_list(w->b, list, sizeof(list));
	snprintf(w->why, w->len, "interfaces bound: %s '%s' is not one of %s%s%s%s", opt,
		 toolargs_shown(v, shown, sizeof(shown)), list, problem ? " (" : "",
		 problem ? problem : "", problem ? ")" : "");
	return -1;
}

static int refuse_snaplen(struct walk *w, const char *opt, const char *v)
{
	long long n;
	const char *err = parse_ll(v, 1, w->b->snaplen, &n);
	char shown[TOOLARGS_SHOWN];

	if (!err)
		return 0;
	toolargs_shown(v, shown, sizeof(shown));
	if (strcmp(err, "too large") == 0)
		snprintf(w->why, w->len, "snaplen bound: %s %s is more than the rule's %lld bytes",
			 opt, shown, w->b->snaplen);
	else if (strcmp(err, "too small") == 0)
		snprintf(w->why, w->len,
			 "snaplen bound: %s 0 means the tool's largest; at most %lld", opt,
			 w->b->snaplen);
	else
		snprintf(w->why, w->len, "snaplen bound: %s '%s' is not a plain decimal number",
			 opt, shown);
	return -1;
}

static int judge(const struct toolarg *a, void *ctx)
{
	struct walk *w = ctx;

	if (!a->opt[0]) {
		w->exprlen += strlen(a->value) + 1;
		w->ops[w->nops++] = a->value;
		return 0;
	}
	w->keep[a->word] = 1;
	if (a->value && a->value == w->argv[a->word + 1])
		w->keep[a->word + 1] = 1;
	for (int k = 0; k < NBOUNDS; k++) {
		const struct carrier *c = &w->t->carry[k];

		if (!active(w->b, k))
			continue;
		if (listed((const char *const *)c->refuse, c->nrefuse, a->opt)) {
			snprintf(w->why, w->len, "%s bound: %s would replace the rule's %s",
				 kind_name[k], a->opt, kind_name[k]);
			return -1;
		}
		if (k == BOUND_FILTER || !listed((const char *const *)c->opts, c->nopts, a->opt))
			continue;
		w->given[k] = 1;
		if (!a->value) {
			snprintf(w->why, w->len, "%s bound: %s has no value", kind_name[k], a->opt);
			return -1;
		}
		if (k == BOUND_SNAPLEN ? refuse_snaplen(w, a->opt, a->value)
				       : refuse_iface(w, a->opt, a->value))
			return -1;
	}
	return 0;
}

/* The caller's expression, joined as the tool joins its operands, checked; then the rule's
 * around it: "( RULE ) and ( CALLER )". */
static int combine(struct walk *w, struct effective *e)
{
	char *mine = xcalloc(w->exprlen + 1, 1), *all;
	const char *problem = NULL;
	size_t n = 0;

	for (int i = 0; i < w->nops; i++) {
		size_t l = strlen(w->ops[i]);

		if (i)
			mine[n++] = ' ';
		memcpy(mine + n, w->ops[i], l);
		n += l;
	}
	if (w->nops)
		problem = bounds_expr_problem(mine);
	if (problem) {
		snprintf(w->why, w->len,
			 "filter bound: your expression cannot be added to the rule's (%s)",
			 problem);
		free(mine);
		return -1;
	}
	n = strlen(w->b->filter) + w->exprlen + 16;
	all = xcalloc(n, 1);
	snprintf(all, n, w->nops ? "( %s ) and ( %s )" : "( %s )", w->b->filter, mine);
	free(mine);
	if (e)
		e->expr = all;
	else
		free(all);
	return 0;
}

/* The option words nscap adds: "-s" "96" or "--snapshot-length=96". */
static void add_option(struct effective *e, const struct carrier *c, const char *value)
{
	char *slot = e->added[e->argc];

	if (c->opts[0][1] == '-') {
		snprintf(slot, sizeof(e->added[0]), "%s=%s", c->opts[0], value);
		e->argv[e->argc++] = slot;
		return;
	}
	snprintf(slot, sizeof(e->added[0]), "%s", value);
	e->argv[e->argc++] = c->opts[0];
	e->argv[e->argc++] = slot;
}

/* What the caller left unsaid: the one interface, the snap length. */
static int additions(struct walk *w, struct effective *e)
{
	const struct bounds *b = w->b;
	char list[256], snap[24];

	if (b->nifaces && !w->given[BOUND_INTERFACES]) {
		if (b->nifaces != 1 || strpbrk(b->ifaces[0], "*?")) {
			iface_list(b, list, sizeof(list));
			snprintf(w->why, w->len,
				 "interfaces bound: name an interface with %s: one of %s",
				 w->t->carry[BOUND_INTERFACES].opts[0], list);
			return -1;
		}
		if (e)
			add_option(e, &w->t->carry[BOUND_INTERFACES], b->ifaces[0]);
	}
	snprintf(snap, sizeof(snap), "%lld", b->snaplen);
	if (e && b->snaplen && !w->given[BOUND_SNAPLEN])
		add_option(e, &w->t->carry[BOUND_SNAPLEN], snap);
	return 0;
}

static int unable(const struct bounds *b, const struct tool *t, char *why, size_t len)
{
	for (int k = 0; k < NBOUNDS; k++)
		if (active(b, k) &&
		    (!t->carry[k].line || (k != BOUND_FILTER && !t->carry[k].nopts) ||
		     t->style != STYLE_GETOPT)) {
			snprintf(why, len, "%s bound: the %s profile cannot enforce it",
				 kind_name[k], t->name);
			return 1;
		}
	return 0;
}

int bounds_apply(const struct bounds *b, const struct tool *t, int argc, char *const argv[],
		 struct effective *e, char *why, size_t len)
{
	struct walk w = {.b = b, .t = t, .argv = argv, .why = why, .len = len};
	int rc;

	if (e)
		*e = (struct effective){.argv = xcalloc((size_t)argc + 8, sizeof(char *))};
	if (!bounds_any(b)) {
		for (int i = 0; e && i < argc; i++)
			e->argv[e->argc++] = argv[i];
		return 0;
	}
	if (unable(b, t, why, len))
		return -1;
	w.keep = xcalloc((size_t)argc + 1, 1);
	w.ops = xcalloc((size_t)argc + 1, sizeof(char *));
	rc = toolargs_walk(t, argc, argv, judge, &w);
	if (!rc && b->filter)
		rc = combine(&w, e);
	if (!rc)
		rc = additions(&w, e);
	/* With a filter the caller's operands move into it: their options stay, in order. */
	for (int i = 0; !rc && e && i < argc; i++)
		if (!b->filter || w.keep[i])
			e->argv[e->argc++] = argv[i];
	if (!rc && e && b->filter) {
		memcpy(e->dashes, "--", 3);
		e->argv[e->argc++] = e->dashes;
		e->argv[e->argc++] = e->expr;
	}
	free(w.keep);
	free(w.ops);
	if (rc && e)
		bounds_free(e);
	return rc ? -1 : 0;
}

void bounds_free(struct effective *e)
{
	free(e->argv);
	free(e->expr);
	*e = (struct effective){0};
}

const char *bounds_words(const struct bounds *b, char *buf, size_t len)
{
	char list[256];
	size_t used;

	buf[0] = '\0';
	if (b->snaplen)
		snprintf(buf, len, "headers only (%lld bytes)", b->snaplen);
	used = strlen(buf);
	if (b->filter)
		snprintf(buf + used, len - used, "%s%s", used ? ", " : "", tesc(b->filter));
	used = strlen(buf);
	iface_list(b, list, sizeof(list));
	if (b->nifaces)
		snprintf(buf + used, len - used, "%sinterfaces %s", used ? ", " : "", tesc(list));
	return buf;
}

void bounds_json(struct jbuf *jb, const struct bounds *b)
{
	jb_key(jb, "bounds");
	if (!bounds_any(b)) {
		jb_null(jb);
		return;
	}
	jb_open(jb, '{');
	jb_limit(jb, "snaplen", b->snaplen);
	jb_key(jb, "filter");
	jb_str(jb, b->filter);
	jb_key(jb, "interfaces");
	if (b->nifaces) {
		jb_open(jb, '[');
		for (int i = 0; i < b->nifaces; i++)
			jb_str(jb, b->ifaces[i]);
		jb_close(jb, ']');
	} else {
		jb_null(jb);
	}
	jb_close(jb, '}');
}
