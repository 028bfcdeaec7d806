/* SPDX-License-Identifier: ISC */
/* Restricted captures in the policy: a tool's `bound` lines (how its argv carries each bound)
 * and a rule's snaplen, filter and interfaces (docs/DESIGN.md, "Restricted captures"). */
#include <stdlib.h>
#include <string.h>

#include "bounds.h"
#include "policy_parse.h"
#include "toolargs.h"
#include "util.h"

static const char bound_names[][12] = {
#define BOUND_NAME(up, low) #low,
	BOUND_KINDS(BOUND_NAME)
#undef BOUND_NAME
};

static int bound_kind(const char *s)
{
	for (int k = 0; k < NBOUNDS; k++)
		if (strcmp(s, bound_names[k]) == 0)
			return k;
	return -1;
}

/* "-s" or "--snapshot-length": spelled as the caller would type it. */
static int spelling_ok(const char *s)
{
	if (s[0] != '-' || !s[1])
		return 0;
	if (s[1] != '-')
		return !s[2] && s[1] != ':';
	return s[2] && strlen(s) <= 66 &&
	       strspn(s + 2, "abcdefghijklmnopqrstuvwxyz"
			     "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_") == strlen(s + 2);
}

static void add_spelling(struct parser *p, char **list, int *n, const struct word *w)
{
	if (!spelling_ok(w->s))
		policy_error(p, w->col,
			     "bound: expected an option such as -s or --snapshot-length");
	else if (*n == BOUND_MAX_OPTS)
		policy_error(p, w->col, "bound: at most %d options", BOUND_MAX_OPTS);
	else
		list[(*n)++] = xstrdup(w->s);
}

/* bound KIND OPTION... [refuse OPTION...]; for filter, KIND's carrier is the word operands. */
void tool_bound(struct parser *p, struct tool *t, struct word *w, int n)
{
	int k = n ? bound_kind(w[0].s) : -1, i = 1;
	struct carrier *c;

	if (k < 0) {
		policy_error(p, n ? w[0].col : 0, "bound: expected snaplen, filter or interfaces");
		return;
	}
	c = &t->carry[k];
	if (c->line) {
		policy_error(p, w[0].col, "bound %s given twice in tool '%s'", w[0].s, t->name);
		return;
	}
	c->line = p->line;
	c->col = w[0].col;
	if (k == BOUND_FILTER && (n < 2 || strcmp(w[1].s, "operands") != 0)) {
		policy_error(p, w[0].col, "bound filter: expected 'operands' (the expression)");
		return;
	}
	for (i = k == BOUND_FILTER ? 2 : 1; i < n && strcmp(w[i].s, "refuse") != 0; i++)
		add_spelling(p, c->opts, &c->nopts, &w[i]);
	if (k != BOUND_FILTER && !c->nopts)
		policy_error(p, w[0].col, "bound %s: name the option that carries it", w[0].s);
	if (i < n && i + 1 == n)
		policy_error(p, w[i].col, "refuse: name the options that would replace the %s",
			     w[0].s);
	for (i++; i < n; i++)
		add_spelling(p, c->refuse, &c->nrefuse, &w[i]);
}

/* At the tool's '}': each option a bound names is one the profile allows, as it is used. */
void tool_bounds_end(struct parser *p, struct tool *t, const struct word *close)
{
	for (int k = 0; k < NBOUNDS; k++) {
		const struct carrier *c = &t->carry[k];

		if (!c->line)
			continue;
		if (t->style != STYLE_GETOPT)
			policy_error(p, close->col, "tool '%s': bounds need style getopt", t->name);
		if (k == BOUND_FILTER && !t->operands_any)
			policy_error(p, close->col, "tool '%s': bound filter needs 'operands any'",
				     t->name);
		for (int i = 0; i < c->nopts; i++)
			if (toolargs_kind(t, c->opts[i]) != 1)
				policy_error(p, close->col,
					     "tool '%s': bound %s: %s is not an option with a "
					     "value in the profile",
					     t->name, bound_names[k], c->opts[i]);
		for (int i = 0; i < c->nrefuse; i++)
			if (toolargs_kind(t, c->refuse[i]) < 0)
				policy_error(p, close->col,
					     "tool '%s': bound %s: %s is not in the profile (it is "
					     "refused anyway)",
					     t->name, bound_names[k], c->refuse[i]);
	}
}

static void rule_ifaces(struct parser *p, struct bounds *b, const struct word *w)
{
	int *cols;

	b->nifaces = policy_comma_list(p, w, &b->ifaces, &cols);
	for (int i = 0; i < b->nifaces; i++) {
		char probe[BOUND_MAX_IFNAME + 1];
		const char *why;

		/* A glob is checked as the names it could match: its wildcards as letters. */
		if (strlen(b->ifaces[i]) > BOUND_MAX_IFNAME) {
			policy_error(p, cols[i], "interface '%s': at most 15 bytes", b->ifaces[i]);
			continue;
		}
		(void)scopy(probe, sizeof(probe), b->ifaces[i]);
		for (char *c = probe; *c; c++)
			if (*c == '*' || *c == '?')
				*c = 'x';
		if (b->ifaces[i][0] && (why = bounds_ifname_problem(probe)) != NULL)
			policy_error(p, cols[i], "interface '%s': %s", b->ifaces[i], why);
	}
	free(cols);
}

int rule_bound(struct parser *p, struct rule *r, const struct word *key, const struct word *val)
{
	int k = bound_kind(key->s);
	struct bounds *b = &r->bounds;
	const char *err;

	if (k < 0)
		return 0;
	b->col[k] = key->col;
	if (k == BOUND_SNAPLEN && (err = parse_ll(val->s, 1, BOUND_MAX_SNAPLEN, &b->snaplen)))
		policy_error(p, val->col, "snaplen '%s': %s (1 to %d bytes)", val->s, err,
			     BOUND_MAX_SNAPLEN);
	if (k == BOUND_FILTER && (err = bounds_expr_problem(val->s)) != NULL)
		policy_error(p, val->col, "filter: %s", err);
	if (k == BOUND_FILTER)
		b->filter = xstrdup(val->s);
	if (k == BOUND_INTERFACES)
		rule_ifaces(p, b, val);
	return 1;
}

/* After the rule's options: every tool it names carries every bound it sets. */
void rule_bounds_check(struct parser *p, const struct rule *r)
{
	for (int k = 0; k < NBOUNDS; k++) {
		if (!r->bounds.col[k])
			continue;
		if (r->any_tool)
			policy_error(p, r->bounds.col[k],
				     "%s: name the tools ('run any' may run one that cannot "
				     "carry it)",
				     bound_names[k]);
		for (int i = 0; i < r->ntools; i++) {
			const struct tool *t = policy_tool(p->pol, r->tools[i]);

			if (t && !t->carry[k].line)
				policy_error(p, r->bounds.col[k],
					     "%s: tool '%s' cannot enforce it (its profile at "
					     "line %d has no 'bound %s')",
					     bound_names[k], t->name, t->line, bound_names[k]);
		}
	}
}

void policy_bounds_free(struct tool *t, struct rule *r)
{
	for (int k = 0; t && k < NBOUNDS; k++) {
		for (int i = 0; i < t->carry[k].nopts; i++)
			free(t->carry[k].opts[i]);
		for (int i = 0; i < t->carry[k].nrefuse; i++)
			free(t->carry[k].refuse[i]);
	}
	if (!r)
		return;
	free(r->bounds.filter);
	for (int i = 0; i < r->bounds.nifaces; i++)
		free(r->bounds.ifaces[i]);
	free(r->bounds.ifaces);
}
