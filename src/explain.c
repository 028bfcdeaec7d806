/* SPDX-License-Identifier: ISC */
#include "explain.h"

#include <stdio.h>
#include <string.h>

#include "escape.h"
#include "human.h"
#include "identity.h"
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

void explain(const struct policy *pol, const struct decision *d, const struct target *t,
	     const struct target_id *v, const char *tool, int nargs, char *const args[], int full)
{
	const struct rule *r = d->rule;

	printf("decision: %s\n", d->verdict == V_ALLOW ? "permit" : "deny");
	printf("why: %s\n", tesc(d->why));
	if (r)
		printf("rule: %s:%d\n", tesc(pol->file), r->line);
	/* A refused caller learns the rule that refused them, and nothing of the target. */
	if (!full)
		return;
	if (t)
		target_full(t);
	else
		printf("target: %s%s\n",
		       v->host	   ? "host"
		       : v->pod_ns ? "pod "
				   : "container ",
		       v->host ? "" : tesc(v->pod_ns ? v->pod_name : v->id));
	if (!d->tool)
		return;
	printf("tool: %s (%s)\n", d->tool->name, tesc(d->tool->path));
	printf("capabilities: %s\n", caps_text(d->tool->caps));
	if (r && r->permit) {
		char tm[32], by[32];

		printf("max-time: %s\n", human_time(r->max_time, tm, sizeof(tm)));
		printf("max-bytes: %s\n", human_bytes(r->max_bytes, by, sizeof(by)));
	}
	fputs("argv:", stdout);
	print_arg(tool);
	for (int i = 0; i < nargs; i++)
		print_arg(args[i]);
	putchar('\n');
}

void target_id_from_spec(const char *spec, char *buf, size_t len, struct target_id *v)
{
	static struct pod_ref p;

	memset(v, 0, sizeof(*v));
	if (strcmp(spec, "host") == 0) {
		v->host = 1;
		return;
	}
	if (scopy(buf, len, spec) != 0)
		die(EXIT_FAIL, "TARGET is too long");
	if (!strchr(buf, '/')) {
		v->id = v->name = buf;
		return;
	}
	if (pod_ref_parse(spec, &p) != NULL)
		die(EXIT_FAIL, "bad pod target '%s' (NAMESPACE/POD or NAMESPACE/POD/CONTAINER)",
		    tesc(spec));
	v->pod_ns = p.ns;
	v->pod_name = p.pod;
	v->pod_container = p.ctr[0] ? p.ctr : NULL;
}
