/* SPDX-License-Identifier: ISC */
/* The warnings' form and order, and the checks of limits and of any/host. */
#include "lint.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "lint_sets.h"
#include "util.h"

static void record(struct lint *l, int line, int col, int note, const char *check, const char *fmt,
		   va_list ap)
{
	char text[2048], *nl;
	size_t n;

	(void)vsnprintf(text, sizeof(text), fmt, ap);
	if (l->nfound == l->cap) {
		struct lint_finding *f;

		l->cap = l->cap ? l->cap * 2 : 16;
		f = realloc(l->found, (size_t)l->cap * sizeof(*f));
		if (!f)
			die(EXIT_FAIL, "out of memory checking the policy");
		l->found = f;
	}
	/* "WHAT [check]\nWHY\nFIX": the check's name goes at the end of the first line. */
	nl = strchr(text, '\n');
	n = nl ? (size_t)(nl - text) : strlen(text);
	l->found[l->nfound] = (struct lint_finding){line, col ? col : 1, l->nfound, note, NULL};
	if (asprintf(&l->found[l->nfound].text, "%.*s%s%s%s%s", (int)n, text, check ? " [" : "",
		     check ? check : "", check ? "]" : "", nl ? nl : "") < 0)
		die(EXIT_FAIL, "out of memory checking the policy");
	l->nfound++;
}

void lint_warn(struct lint *l, int line, int col, const char *check, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	record(l, line, col, 0, check, fmt, ap);
	va_end(ap);
}

void lint_note(struct lint *l, int line, int col, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	record(l, line, col, 1, NULL, fmt, ap);
	va_end(ap);
}

static int by_place(const void *a, const void *b)
{
	const struct lint_finding *x = a, *y = b;

	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	if (x->col != y->col)
		return x->col < y->col ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

int lint_print(struct lint *l, FILE *out)
{
	static const char *const label[] = {"why", "fix"};
	int n = l->nfound, warnings = 0;

	if (n)
		qsort(l->found, (size_t)n, sizeof(*l->found), by_place);
	for (int i = 0; i < n; i++) {
		char *s = l->found[i].text, *nl = strchr(s, '\n');

		warnings += !l->found[i].note;
		fprintf(out, "%s:%d:%d: %s: %.*s\n", l->pol->file, l->found[i].line,
			l->found[i].col, l->found[i].note ? "note" : "warning",
			(int)(nl ? nl - s : (long)strlen(s)), s);
		for (int k = 0; nl && k < 2; k++) {
			char *next = strchr(nl + 1, '\n');

			fprintf(out, "  %s: %.*s\n", label[k],
				(int)(next ? next - nl - 1 : (long)strlen(nl + 1)), nl + 1);
			nl = next;
		}
		free(s);
	}
	free(l->found);
	l->found = NULL;
	l->nfound = l->cap = 0;
	return warnings;
}

int lint_report(struct lint *l, FILE *out)
{
	int n = lint_print(l, out);

	if (n)
		fprintf(out, "%s: %d warning%s\n", l->pol->file, n, n == 1 ? "" : "s");
	else
		fprintf(out, "%s: ok\n", l->pol->file);
	return n;
}

void lint_policy(struct lint *l)
{
	lint_tools(l);
	lint_limits(l);
	lint_hosts(l);
	lint_rules(l);
}

/* ---- limits ---- */

/* The first tool the rule runs that writes files (an `output` option), or NULL. */
static const struct tool *writer(const struct policy *pol, const struct rule *r)
{
	for (int i = 0; i < pol->ntools; i++) {
		const struct tool *t = &pol->tools[i];
		int runs = r->any_tool;

		for (int k = 0; k < r->ntools && !runs; k++)
			runs = strcmp(r->tools[k], t->name) == 0;
		if (runs && t->output)
			return t;
	}
	return NULL;
}

void lint_limits(struct lint *l)
{
	for (int i = 0; i < l->pol->nrules; i++) {
		const struct rule *r = &l->pol->rules[i];
		const struct tool *w = writer(l->pol, r);

		if (!r->permit)
			continue;
		if (!r->max_time)
			lint_warn(l, r->line, r->col, "no-max-time",
				  "permit without max-time\n"
				  "the tool runs until it ends by itself: a capture left running "
				  "records for days\n"
				  "add max-time to the rule (e.g. max-time 15m)");
		if (w && !r->max_bytes)
			lint_warn(l, r->line, r->run_col, "no-max-bytes",
				  "%s is permitted without max-bytes\n"
				  "%s writes files (-%c): with no budget one session can fill the "
				  "disk\n"
				  "add max-bytes to the rule (e.g. max-bytes 2G)",
				  w->name, w->name, w->output);
	}
}

/* ---- any and host ---- */

static int has_host(const struct rule *r)
{
	for (int i = 0; i < r->ntargets; i++)
		if (r->targets[i].kind == PAT_HOST)
			return 1;
	return 0;
}

/* A permit of the host that r's WHO and TOOLS overlap, before index end (all: -1). */
static const struct rule *host_permit(const struct lint *l, const struct rule *r, int end)
{
	for (int i = 0; i < l->pol->nrules && (end < 0 || i < end); i++) {
		const struct rule *p = &l->pol->rules[i];

		if (p->permit && has_host(p) && who_overlaps(l->db, &p->who, &r->who) &&
		    tools_overlap(p, r))
			return p;
	}
	return NULL;
}

static void names_as_container(struct lint *l, const struct rule *r, const struct tpat *p)
{
	if (p->kind != PAT_CONTAINER || (strcmp(p->pat, "host") != 0 && strcmp(p->pat, "any") != 0))
		return;
	lint_warn(l, r->line, p->col, "any-host",
		  "container:%s names a container called '%s'\n"
		  "%s, without container:, is the %s\n"
		  "write %s",
		  p->pat, p->pat, p->pat,
		  p->pat[0] == 'h' ? "host's network namespace" : "set of every container", p->pat);
}

static void deny_any(struct lint *l, const struct rule *r)
{
	const struct rule *p;
	char who[128];

	if (r->permit || has_host(r) || !(p = host_permit(l, r, -1)))
		return;
	for (int k = 0; k < r->ntargets; k++) {
		const struct tpat *t = &r->targets[k];

		if (t->kind != PAT_ANY && !(t->kind == PAT_CONTAINER && glob_all(t->pat)))
			continue;
		lint_warn(l, r->line, t->col, "any-host",
			  "this deny does not cover the host: line %d permits it to %s\n"
			  "%s is every container, never the host's network namespace, which only "
			  "host matches\n"
			  "add host to this deny's targets if it should",
			  p->line, who_text(l->db, &p->who, who, sizeof(who)),
			  t->kind == PAT_ANY ? "any" : "container:*");
		return;
	}
}

static void deny_host(struct lint *l, int i, const struct rule *r)
{
	if (r->permit || !has_host(r) || host_permit(l, r, i))
		return;
	for (int k = 0; k < r->ntargets; k++)
		if (r->targets[k].kind == PAT_HOST)
			lint_warn(
				l, r->line, r->targets[k].col, "any-host",
				"deny on host changes nothing: no rule above it permits the host\n"
				"only host rules match the host's network namespace (any never "
				"does), and with none above this one the answer is already no\n"
				"remove host from this deny, or put it below the permit it limits");
}

void lint_hosts(struct lint *l)
{
	for (int i = 0; i < l->pol->nrules; i++) {
		const struct rule *r = &l->pol->rules[i];

		for (int k = 0; k < r->ntargets; k++)
			names_as_container(l, r, &r->targets[k]);
		deny_any(l, r);
		deny_host(l, i, r);
	}
}
