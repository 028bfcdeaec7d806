/* SPDX-License-Identifier: ISC */
/* The other target forms: host, pid:N and NAMESPACE/POD[/CONTAINER]. */
#include <stdio.h>
#include <string.h>

#include "cgroup.h"
#include "escape.h"
#include "identity.h"
#include "target_parts.h"
#include "util.h"

void find_host(struct target *t)
{
	char err[256];

	if (netns_pin_host(&t->pin, err, sizeof(err)) != 0)
		die(EXIT_FAIL, "%s", err);
	t->kind = "host";
}

/* The container a process is in: one whose runtime's own cgroup for it holds the process, or
 * whose recorded init it is. Found: pinned and sharing the process's netns. */
static int container_of(struct target *t, const char *cg, struct container *out)
{
	static char ids[CGROUP_MAX_CANDIDATES][ID_MAX + 1];
	int n = cgroup_candidates(cg, ids, CGROUP_MAX_CANDIDATES);
	const char **all;
	size_t na;

	/* The cgroup names candidates cheaply; only the runtime's own record of the path counts. */
	for (int i = 0; i < n; i++) {
		const char *why;

		index_id(&t->ix, ids[i]);
		if (index_container(&t->ix, ids[i], out, &why) == 0 && out->cgroup[0] &&
		    cgroup_within(cg, out->cgroup))
			return 1;
	}
	index_scan(&t->ix, "");
	na = index_ids(&t->ix, &all);
	for (size_t i = 0; i < na; i++) {
		const char *why;

		if (index_container(&t->ix, all[i], out, &why) == 0 && out->pid == t->pin.pid &&
		    out->start && out->start == t->pin.start)
			return 1;
	}
	return 0;
}

void find_pid(struct target *t)
{
	char cg[8192], err[256];
	struct container c;
	struct pinned pin;
	long long pid;
	const char *why = parse_ll(t->spec + 4, 1, 4194304, &pid);

	if (why)
		die(EXIT_FAIL, "bad target '%s': PID %s", tesc(t->spec), why);
	if (netns_pin((pid_t)pid, 0, cg, sizeof(cg), &t->pin, err, sizeof(err)) != 0)
		die(EXIT_FAIL, "%s", err);
	t->kind = "pid";
	if (!container_of(t, cg, &c) || container_pin(&c, &pin) != NULL)
		return;
	/* Its container's identity only if it is in its container's network namespace. */
	if (pin.ns_dev == t->pin.ns_dev && pin.ns_ino == t->pin.ns_ino) {
		t->c = c;
		t->has_container = 1;
		t->kind = "container";
	}
	netns_unpin(&pin);
}

static int member(const struct container *c, const struct pod_ref *p)
{
	if (strcmp(c->pod_ns, p->ns) != 0 || strcmp(c->pod_name, p->pod) != 0)
		return 0;
	return !p->ctr[0] || (!c->sandbox && strcmp(c->pod_container, p->ctr) == 0);
}

/* Pin the pod's live members: all in one network namespace, or none is the target. Returns how
 * many members there are; the first pinned one (or else any) is in t->c. */
static int members(struct target *t, const struct pod_ref *p)
{
	const char **ids;
	size_t n = index_ids(&t->ix, &ids);
	int found = 0;

	for (size_t i = 0; i < n; i++) {
		struct container c;
		struct pinned pin;
		const char *why;

		if (index_container(&t->ix, ids[i], &c, &why) != 0 || !member(&c, p))
			continue;
		if (!found++)
			t->c = c;
		if (container_pin(&c, &pin) != NULL)
			continue;
		if (t->pin.nsfd < 0) {
			t->c = c;
			t->pin = pin;
			continue;
		}
		if (pin.ns_dev != t->pin.ns_dev || pin.ns_ino != t->pin.ns_ino)
			die(EXIT_FAIL,
			    "pod %s: its containers are in different network namespaces; "
			    "name one of them (%s/CONTAINER)",
			    tesc(t->spec), tesc(t->spec));
		/* The identity of a named container over the pod's sandbox's, with its own process:
		 * the record names the container and the PID that led to the netns together. */
		if (t->c.sandbox && !c.sandbox) {
			netns_unpin(&t->pin);
			t->c = c;
			t->pin = pin;
			continue;
		}
		netns_unpin(&pin);
	}
	return found;
}

void find_pod(struct target *t, const struct asker *a)
{
	static char ids[64][ID_MAX + 1];
	struct pod_ref p;
	const char *why = pod_ref_parse(t->spec, &p);
	int n;

	if (why)
		die(EXIT_FAIL, "bad pod target '%s': %s (NAMESPACE/POD or NAMESPACE/POD/CONTAINER)",
		    tesc(t->spec), why);
	/* The kubelet's log links name the pod's containers: read just those; else every
	 * record. */
	n = index_pod_hint(&t->ix, p.ns, p.pod, ids, 64);
	for (int i = 0; i < n; i++)
		index_id(&t->ix, ids[i]);
	n = members(t, &p);
	if (t->pin.nsfd < 0) {
		index_scan(&t->ix, "");
		n = members(t, &p);
	}
	if (!n)
		not_found(t, "pod", "", a);
	t->has_container = 1;
	t->whole_pod = !p.ctr[0];
	t->kind = p.ctr[0] ? "container" : "pod";
	if (t->pin.nsfd < 0 && may_enter(a, &t->c))
		die(EXIT_FAIL, "%s %s has no running container", p.ctr[0] ? "container" : "pod",
		    tesc(t->spec));
	/* Naming a container of a pod gives it that name even where its runtime kept none. */
	if (p.ctr[0] && !t->c.pod_container[0])
		(void)scopy(t->c.pod_container, sizeof(t->c.pod_container), p.ctr);
}
