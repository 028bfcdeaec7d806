/* SPDX-License-Identifier: ISC */
#include "explain.h"

#include <stdio.h>
#include <string.h>

#include "bounds.h"
#include "escape.h"
#include "facts.h"
#include "human.h"
#include "netns.h"
#include "util.h"

int verdict_status(const struct decision *d)
{
	return d->verdict == V_ALLOW ? 0 : d->verdict == V_NOTOOL ? EXIT_NOTOOL : EXIT_DENIED;
}

static const char *caps_text(uint64_t caps)
{
	if (caps == (TOOLCAP_NET_RAW | TOOLCAP_NET_ADMIN))
		return "net_raw,net_admin";
	if (caps == TOOLCAP_NET_RAW)
		return "net_raw";
	if (caps == TOOLCAP_NET_ADMIN)
		return "net_admin";
	return "none";
}

/* Arguments shown quoted, with control characters as \xNN, so the line is unambiguous. */
static void print_arg(const char *a)
{
	putchar(' ');
	putchar('\'');
	for (; *a; a++) {
		unsigned char c = (unsigned char)*a;

		if (c < 0x20 || c == 0x7f)
			printf("\\x%02x", c);
		else if (c == '\'')
			fputs("'\\''", stdout);
		else
			putchar(c);
	}
	putchar('\'');
}

static void print_argv(const char *tool, int nargs, char *const args[])
{
	print_arg(tool);
	for (int i = 0; i < nargs; i++)
		print_arg(args[i]);
	putchar('\n');
}

/* What the tool would run with, when the rule's bounds change it. */
static void effective(const struct decision *d, const char *tool, int nargs, char *const args[])
{
	struct effective e;
	char why[512];

	if (d->verdict != V_ALLOW || !bounds_any(&d->rule->bounds) ||
	    bounds_apply(&d->rule->bounds, d->tool, nargs, args, &e, why, sizeof(why)) != 0)
		return;
	fputs("effective argv:", stdout);
	print_argv(tool, e.argc, e.argv);
	bounds_free(&e);
}

/* The records nscap read for the target's container, and the directories it would not read. */
static void records(const struct target *t)
{
	for (size_t i = 0; i < t->ix.n; i++) {
		const struct record *r = &t->ix.rec[i];

		if (t->has_container && strcmp(r->c.id, t->c.id) == 0)
			printf("record: %s %s: %s%s%s\n", r->reader, tesc(r->file),
			       r->fate == FATE_USED ? "used" : "ignored", r->why[0] ? ": " : "",
			       tesc(r->why));
	}
	for (int i = 0; i < t->ix.nnotes; i++)
		printf("ignored: %s\n", tesc(t->ix.notes[i].why));
	if (t->c.ignored[0])
		printf("identity not believed: %s\n", tesc(t->c.ignored));
}

static void target_full(const struct target *t)
{
	const struct container *c = &t->c;

	printf("target: %s (%s)\n", tesc(t->spec), t->kind);
	if (t->has_container) {
		printf("container: %s runtime %s%s%s\n", c->id, c->runtime,
		       c->name[0] ? " name " : "", tesc(c->name));
		if (c->pod_ns[0])
			printf("pod: %s/%s%s%s\n", tesc(c->pod_ns), tesc(c->pod_name),
			       c->pod_container[0] && !t->whole_pod && !c->sandbox ? " container "
										   : "",
			       c->pod_container[0] && !t->whole_pod && !c->sandbox
				       ? tesc(c->pod_container)
				       : "");
		if (c->podman_pod[0])
			printf("podman pod: %.12s\n", c->podman_pod);
	}
	printf("pid: %d\nnetns: %llu\n", (int)t->pin.pid, (unsigned long long)t->pin.ns_ino);
	printf("host netns: identified by %s\n", netns_host_anchor());
	records(t);
}

/* Every rule that matched, in order: the last one decides. */
static void matched(const struct policy *pol, const struct decision *d)
{
	int n = d->nmatched < DECISION_MAX_MATCHED ? d->nmatched : DECISION_MAX_MATCHED;

	if (!d->tool)
		return;
	if (!n)
		printf("matched: none (no rule matches: the answer is no)\n");
	for (int i = 0; i < n; i++)
		printf("matched: %s:%d %s%s\n", tesc(pol->file), d->matched[i]->line,
		       d->matched[i]->permit ? "permit" : "deny",
		       d->matched[i] == d->rule ? " (decides: the last match wins)" : "");
	if (d->nmatched > n)
		printf("matched: ... %d more, the last of them deciding\n", d->nmatched - n);
}

void explain(const struct policy *pol, const struct decision *d, const struct target *t,
	     const struct target_id *v, const char *tool, int nargs, char *const args[], int full)
{
	const struct rule *r = d->rule;
	char desc[1200];

	printf("decision: %s\n", d->verdict == V_ALLOW ? "permit" : "deny");
	printf("why: %s\n", tesc(d->why));
	if (r)
		printf("rule: %s:%d\n", tesc(pol->file), r->line);
	/* A refused caller learns the rule that refused them, and nothing of the target. */
	if (!full)
		return;
	matched(pol, d);
	if (t) {
		target_full(t);
	} else {
		target_id_describe(v, desc, sizeof(desc));
		printf("target: %s\n", desc);
	}
	if (!d->tool)
		return;
	printf("tool: %s (%s)\n", d->tool->name, tesc(d->tool->path));
	printf("capabilities: %s\n", caps_text(d->tool->caps));
	if (r && r->permit) {
		char tm[32], by[32];

		printf("max-time: %s\n", human_time(r->max_time, tm, sizeof(tm)));
		printf("max-bytes: %s\n", human_bytes(r->max_bytes, by, sizeof(by)));
		if (bounds_any(&r->bounds))
			printf("bounds: %s\n", bounds_words(&r->bounds, desc, sizeof(desc)));
	}
	fputs("argv:", stdout);
	print_argv(tool, nargs, args);
	effective(d, tool, nargs, args);
}
