/* SPDX-License-Identifier: ISC */
#include "list.h"

#include <stdio.h>
#include <string.h>

#include "bounds.h"
#include "escape.h"
#include "identity.h"
#include "index.h"
#include "jsonw.h"
#include "netns.h"
#include "runtime.h"
#include "target.h"
#include "util.h"

#define MAX_LISTED 64 /* tools on one target; a policy has at most POLICY_MAX_TOOLS */

struct lister {
	const struct policy *pol;
	const struct subject *sub;
	int json;
	int count;
	const struct pod_ref *filter; /* NULL: every target */
};

struct allowed {
	const struct tool *tool;
	const struct rule *rule;
};

/* The tools the caller may run on v (a reason taken as given: the rule says if one is needed). */
static int allowed_tools(const struct lister *l, const struct target_id *v, struct allowed *out)
{
	struct subject sub = *l->sub;
	int n = 0;

	sub.reason = sub.reason ? sub.reason : "listing";
	for (int i = 0; i < l->pol->ntools && n < MAX_LISTED; i++) {
		const struct tool *t = &l->pol->tools[i];
		struct decision d;

		policy_decide(l->pol, &sub, v, t->name, 0, NULL, &d);
		/* A bound that wants arguments (interfaces: name one) still lets the tool run. */
		if (d.verdict == V_ALLOW || d.bound_refused)
			out[n++] = (struct allowed){t, d.rule};
	}
	return n;
}

static void json_tools(struct jbuf *b, const struct allowed *a, int n)
{
	jb_key(b, "tools");
	jb_open(b, '[');
	for (int i = 0; i < n; i++) {
		jb_open(b, '{');
		jb_key(b, "name");
		jb_str(b, a[i].tool->name);
		jb_limit(b, "max_time", a[i].rule->max_time);
		jb_limit(b, "max_bytes", a[i].rule->max_bytes);
		jb_key(b, "reason_required");
		jb_bool(b, a[i].rule->reason_required);
		bounds_json(b, &a[i].rule->bounds);
		jb_close(b, '}');
	}
	jb_close(b, ']');
}

static const char *or_null(const char *s)
{
	return s && s[0] ? s : NULL;
}

static void show_json(struct lister *l, const char *kind, const struct container *c, uint64_t ino,
		      const struct allowed *a, int n)
{
	struct jbuf b;

	jb_init(&b);
	jb_open(&b, '{');
	jb_key(&b, "kind");
	jb_str(&b, kind);
	jb_key(&b, "runtime");
	jb_str(&b, c ? c->runtime : NULL);
	jb_key(&b, "id");
	jb_str(&b, c ? c->id : NULL);
	jb_key(&b, "name");
	jb_str(&b, c ? or_null(c->name) : NULL);
	jb_key(&b, "namespace");
	jb_str(&b, c && c->pod_name[0] ? or_null(c->pod_ns) : NULL);
	jb_key(&b, "pod");
	jb_str(&b, c && c->pod_ns[0] ? or_null(c->pod_name) : NULL);
	jb_key(&b, "container");
	jb_str(&b, c && c->pod_ns[0] && !c->sandbox ? or_null(c->pod_container) : NULL);
	jb_key(&b, "pid");
	jb_int(&b, c ? c->pid : 0);
	jb_key(&b, "netns");
	jb_int(&b, (long long)ino);
	json_tools(&b, a, n);
	jb_close(&b, '}');
	printf("%s%s\n", l->count ? "," : "[", b.buf);
}

static void show(struct lister *l, const char *kind, const struct container *c, uint64_t ino,
		 const struct allowed *a, int n)
{
	char pod[400] = "", tools[2048] = "", bw[600];

	if (l->json) {
		show_json(l, kind, c, ino, a, n);
		l->count++;
		return;
	}
	if (c && c->pod_name[0] && c->pod_ns[0])
		snprintf(pod, sizeof(pod), "%s/%s%s%s", c->pod_ns, c->pod_name,
			 c->sandbox || !c->pod_container[0] ? "" : "/",
			 c->sandbox ? "" : c->pod_container);
	for (int i = 0; i < n; i++) {
		size_t used = strlen(tools);

		snprintf(tools + used, sizeof(tools) - used, "%s%s%s", i ? "," : "",
			 a[i].tool->name, a[i].rule->reason_required ? "*" : "");
	}
	/* Each bounded tool's bounds after the list: "tcpdump [tcpdump: headers only (96 bytes)]".
	 */
	for (int i = 0; i < n; i++) {
		size_t used = strlen(tools);

		if (bounds_any(&a[i].rule->bounds))
			snprintf(tools + used, sizeof(tools) - used, " [%s: %s]", a[i].tool->name,
				 bounds_words(&a[i].rule->bounds, bw, sizeof(bw)));
	}
	if (!l->count)
		printf("%-14s %-20s %-32s %-10s %-8s %-12s %s\n", "ID", "NAME", "POD", "RUNTIME",
		       "PID", "NETNS", "TOOLS (* needs -r)");
	printf("%-14.12s %-20s %-32s %-10s %-8d %-12llu %s\n", c ? c->id : "host",
	       c && c->name[0] ? tesc(c->name) : "-", pod[0] ? tesc(pod) : "-",
	       c ? c->runtime : "-", c ? (int)c->pid : 0, (unsigned long long)ino, tools);
	l->count++;
}

static void one(struct lister *l, const struct container *c)
{
	struct target_id v;
	struct pinned pin;
	struct allowed a[MAX_LISTED];
	int n;

	/* Stopped, dead or reused: never listed. */
	if (container_peek(c, &pin) != NULL)
		return;
	netns_unpin(&pin);
	identity_of(c, 0, netns_is_host(pin.ns_dev, pin.ns_ino), &v);
	if (l->filter && !pod_ref_matches(l->filter, &v))
		return;
	n = allowed_tools(l, &v, a);
	if (n)
		show(l, v.host ? "host" : "container", c, pin.ns_ino, a, n);
}

/* NAMESPACE, NAMESPACE/POD or NAMESPACE/POD/CONTAINER, globs as in pod: rules. */
static const struct pod_ref *filter_of(const char *spec)
{
	static struct pod_ref p;
	char buf[600];
	const char *why;

	if (!spec)
		return NULL;
	snprintf(buf, sizeof(buf), "%s%s", spec, strchr(spec, '/') ? "" : "/*");
	if ((why = pod_ref_parse(buf, &p)) != NULL)
		die(EXIT_FAIL, "bad -l filter '%s' (NAMESPACE[/POD[/CONTAINER]]): %s", tesc(spec),
		    why);
	return &p;
}

int list_targets(const struct policy *pol, const struct subject *sub, int json, const char *filter)
{
	/* A thousand lines in a few writes, not a write every KiB (stdio's own buffer). */
	static char out[65536];
	struct lister l = {pol, sub, json, 0, filter_of(filter)};
	struct target_id host = {.host = 1};
	static struct index ix;
	struct allowed a[MAX_LISTED];
	const char **ids;
	size_t n;
	int nhost = l.filter ? 0 : allowed_tools(&l, &host, a);

	if (setvbuf(stdout, out, _IOFBF, sizeof(out)) != 0)
		die(EXIT_FAIL, "stdout: cannot set its buffer");
	if (nhost)
		show(&l, "host", NULL, 0, a, nhost);
	index_init(&ix, pol->state_root);
	index_use_records(&ix); /* only shown: each target is read again to be entered */
	index_scan(&ix, "");
	n = index_ids(&ix, &ids);
	for (size_t i = 0; i < n; i++) {
		struct container c;
		const char *why = NULL;
		int rc = index_container(&ix, ids[i], &c, &why);

		if (rc == 0)
			one(&l, &c);
		else if (rc < 0)
			warnx_("container %.12s is not listed: its runtimes' records disagree (%s)",
			       ids[i], why);
	}
	index_free(&ix);
	if (json)
		puts(l.count ? "]" : "[]");
	else if (!l.count)
		printf("no target%s%s this user may enter\n", filter ? " in " : "",
		       filter ? tesc(filter) : "");
	return l.count;
}
