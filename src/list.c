/* SPDX-License-Identifier: ISC */
#include "list.h"

#include <stdio.h>
#include <string.h>

#include "escape.h"
#include "identity.h"
#include "index.h"
#include "jsonw.h"
#include "netns.h"
#include "runtime.h"
#include "target.h"
#include "util.h"

struct lister {
	const struct policy *pol;
	const struct subject *sub;
	int json;
	int count;
};

/* Comma list of the tools the caller may run on v ('*' marks "reason required"). */
static int allowed_tools(const struct lister *l, const struct target_id *v, char *buf, size_t len)
{
	struct subject sub = *l->sub;
	int n = 0;

	sub.reason = sub.reason ? sub.reason : "listing";
	buf[0] = '\0';
	for (int i = 0; i < l->pol->ntools; i++) {
		const struct tool *t = &l->pol->tools[i];
		struct decision d;
		size_t used = strlen(buf);

		policy_decide(l->pol, &sub, v, t->name, 0, NULL, &d);
		if (d.verdict != V_ALLOW)
			continue;
		snprintf(buf + used, len - used, "%s%s%s", n ? "," : "", t->name,
			 d.rule->reason_required ? "*" : "");
		n++;
	}
	return n;
}

static void show(struct lister *l, const char *kind, const struct container *c, uint64_t ino,
		 const char *tools)
{
	char pod[400] = "";

	if (c && c->pod_name[0] && c->pod_ns[0])
		snprintf(pod, sizeof(pod), "%s/%s%s%s", c->pod_ns, c->pod_name,
			 c->sandbox || !c->pod_container[0] ? "" : "/",
			 c->sandbox ? "" : c->pod_container);
	if (l->json) {
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
		jb_str(&b, c && c->name[0] ? c->name : NULL);
		jb_key(&b, "pod");
		jb_str(&b, pod[0] ? pod : NULL);
		jb_key(&b, "pid");
		jb_int(&b, c ? c->pid : 0);
		jb_key(&b, "netns");
		jb_int(&b, (long long)ino);
		jb_key(&b, "tools");
		jb_str(&b, tools);
		jb_close(&b, '}');
		printf("%s%s\n", l->count ? "," : "[", b.buf);
	} else {
		if (!l->count)
			printf("%-14s %-20s %-32s %-10s %-8s %-12s %s\n", "ID", "NAME", "POD",
			       "RUNTIME", "PID", "NETNS", "TOOLS (* needs -r)");
		printf("%-14.12s %-20s %-32s %-10s %-8d %-12llu %s\n", c ? c->id : "host",
		       c && c->name[0] ? tesc(c->name) : "-", pod[0] ? tesc(pod) : "-",
		       c ? c->runtime : "-", c ? (int)c->pid : 0, (unsigned long long)ino, tools);
	}
	l->count++;
}

static void one(struct lister *l, const struct container *c)
{
	struct target_id v;
	struct pinned pin;
	char tools[2048];

	/* Stopped, dead or reused: never listed. */
	if (container_pin(c, &pin) != NULL)
		return;
	netns_unpin(&pin);
	identity_of(c, 0, netns_is_host(pin.ns_dev, pin.ns_ino), &v);
	if (allowed_tools(l, &v, tools, sizeof(tools)))
		show(l, v.host ? "host" : "container", c, pin.ns_ino, tools);
}

int list_targets(const struct policy *pol, const struct subject *sub, int json)
{
	struct lister l = {pol, sub, json, 0};
	struct target_id host = {.host = 1};
	static struct index ix;
	char tools[2048];
	const char **ids;
	size_t n;

	if (allowed_tools(&l, &host, tools, sizeof(tools)))
		show(&l, "host", NULL, 0, tools);
	index_init(&ix, pol->state_root);
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
		puts("no target this user may enter");
	return l.count;
}
