/* SPDX-License-Identifier: ISC */
/* -n --json: what explain() prints, as one JSON object, with the same disclosure rule. */
#include <stdio.h>

#include "bounds.h"
#include "explain.h"
#include "jsonw.h"
#include "netns.h"

static void str_or_null(struct jbuf *b, const char *key, const char *s)
{
	jb_key(b, key);
	jb_str(b, s && s[0] ? s : NULL);
}

/* A resolved target as the audit record names it (for a pod, the container whose process led
 * to its netns); for -C, the identity the target names on its face. */
static void target(struct jbuf *b, const struct target *t, const struct target_id *v)
{
	const struct container *c = t && t->has_container ? &t->c : NULL;

	jb_key(b, "target");
	jb_open(b, '{');
	str_or_null(b, "spec", t ? t->spec : NULL);
	str_or_null(b, "kind", t ? t->kind : v->host ? "host" : v->pod_ns ? "pod" : "container");
	str_or_null(b, "runtime", c ? c->runtime : v->runtime);
	str_or_null(b, "id", c ? c->id : v->id);
	str_or_null(b, "name", c ? c->name : v->name);
	str_or_null(b, "namespace", c ? c->pod_ns : v->pod_ns);
	str_or_null(b, "pod", c ? c->pod_name : v->pod_name);
	str_or_null(b, "container", c ? c->pod_container : v->pod_container);
	jb_key(b, "host");
	jb_bool(b, v->host);
	if (t) {
		jb_key(b, "pid");
		jb_int(b, t->pin.pid);
		jb_key(b, "netns");
		jb_int(b, (long long)t->pin.ns_ino);
		str_or_null(b, "host_netns_by", netns_host_anchor());
	}
	jb_close(b, '}');
}

static const struct bounds no_bounds;

static void tool(struct jbuf *b, const struct decision *d)
{
	const struct rule *r = d->rule && d->rule->permit ? d->rule : NULL;

	jb_key(b, "tool");
	jb_open(b, '{');
	str_or_null(b, "name", d->tool->name);
	str_or_null(b, "path", d->tool->path);
	jb_key(b, "capabilities");
	jb_open(b, '[');
	if (d->tool->caps & TOOLCAP_NET_RAW)
		jb_str(b, "net_raw");
	if (d->tool->caps & TOOLCAP_NET_ADMIN)
		jb_str(b, "net_admin");
	jb_close(b, ']');
	jb_limit(b, "max_time", r ? r->max_time : 0);
	jb_limit(b, "max_bytes", r ? r->max_bytes : 0);
	jb_key(b, "reason_required");
	jb_bool(b, r && r->reason_required);
	bounds_json(b, r ? &r->bounds : &no_bounds);
	jb_close(b, '}');
}

static void argv_array(struct jbuf *b, const char *name, int nargs, char *const args[])
{
	jb_open(b, '[');
	jb_str(b, name);
	for (int i = 0; i < nargs; i++)
		jb_str(b, args[i]);
	jb_close(b, ']');
}

/* The argv the tool would run with (the rule's bounds added), null when it would not run. */
static void effective(struct jbuf *b, const struct decision *d, const char *name, int nargs,
		      char *const args[])
{
	struct effective e;
	char why[512];

	jb_key(b, "effective_argv");
	if (d->verdict != V_ALLOW ||
	    bounds_apply(&d->rule->bounds, d->tool, nargs, args, &e, why, sizeof(why)) != 0) {
		jb_null(b);
		return;
	}
	argv_array(b, name, e.argc, e.argv);
	bounds_free(&e);
}

void explain_json(const struct policy *pol, const struct decision *d, const struct target *t,
		  const struct target_id *v, const char *name, int nargs, char *const args[],
		  int full)
{
	static struct jbuf b;
	char rule[600];

	jb_init(&b);
	jb_open(&b, '{');
	str_or_null(&b, "decision", d->verdict == V_ALLOW ? "permit" : "deny");
	str_or_null(&b, "why", d->why);
	snprintf(rule, sizeof(rule), "%s:%d", pol->file, d->rule ? d->rule->line : 0);
	str_or_null(&b, "rule", d->rule ? rule : NULL);
	/* A refused caller learns the rule that refused them, and nothing of the target. */
	if (full) {
		target(&b, t, v);
		if (d->tool)
			tool(&b, d);
		jb_key(&b, "argv");
		argv_array(&b, name, nargs, args);
		effective(&b, d, name, nargs, args);
	}
	jb_flag(&b, "truncated", b.truncated);
	jb_close(&b, '}');
	puts(b.buf);
}
