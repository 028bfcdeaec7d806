/* SPDX-License-Identifier: ISC */
/* TARGET -> the records that name it -> one live process, pinned, and its network namespace.
 * Messages say what to do next, and disclose only what the asker may learn (target.h). */
#include "target.h"

#include <stdio.h>
#include <string.h>

#include "cgroup.h"
#include "escape.h"
#include "identity.h"
#include "target_parts.h"
#include "util.h"

#define MAX_CANDIDATES 64
#define MAX_SHOWN 8

static const char *probe(const struct container *c, struct pinned *pin, int peek)
{
	static char err[256];
	char cg[8192];

	pin->pidfd = pin->nsfd = -1;
	if (c->stopped || !c->pid)
		return "not running";
	if (c->start && netns_probe(c->pid, c->start, NULL, 0, pin, peek, err, sizeof(err)) != 0)
		return strstr(err, "does not exist") || strstr(err, "not the recorded")
			       ? "its process has exited"
			       : err;
	if (c->start)
		return NULL;
	/* No start time recorded: the process must be in the runtime's own cgroup for it. */
	if (!c->cgroup[0])
		return "neither a start time nor a cgroup is recorded for its process";
	if (netns_probe(c->pid, 0, cg, sizeof(cg), pin, peek, err, sizeof(err)) != 0)
		return strstr(err, "does not exist") ? "its process has exited" : err;
	if (cgroup_within(cg, c->cgroup))
		return NULL;
	netns_unpin(pin);
	snprintf(err, sizeof(err), "process %d is not in the container's cgroup (stale state)",
		 (int)c->pid);
	return err;
}

const char *container_pin(const struct container *c, struct pinned *pin)
{
	return probe(c, pin, 0);
}

const char *container_peek(const struct container *c, struct pinned *pin)
{
	return probe(c, pin, 1);
}

int may_enter(const struct asker *a, const struct container *c)
{
	struct target_id v;

	if (a->all)
		return 1;
	identity_of(c, 0, c->host_network, &v);
	return policy_may_enter(a->pol, a->sub, &v);
}

const char *shown(const struct container *c)
{
	static char buf[CNAME_MAX + 64];

	/* A containerd ID is its only name. */
	if (c->name[0])
		snprintf(buf, sizeof(buf), "%s (%s %.12s)", tesc(c->name), c->runtime, c->id);
	else
		snprintf(buf, sizeof(buf), "%.64s (%s)", c->id, c->runtime);
	return buf;
}

void not_running(const struct container *c, const char *why)
{
	if (c->stopped && c->exit_code >= 0)
		die(EXIT_FAIL, "container %s is not running: exited %d%s%s", shown(c), c->exit_code,
		    c->finished[0] ? " at " : "", tesc(c->finished));
	die(EXIT_FAIL, "container %s is not running (%s)", shown(c), why);
}

void use(struct target *t, const struct container *c, const struct asker *a)
{
	const char *why;

	t->c = *c;
	t->has_container = 1;
	t->kind = "container";
	why = container_pin(c, &t->pin);
	if (why && may_enter(a, c))
		not_running(c, why);
}

/* Live or stopped containers among ids, the asker may enter unless exact; first in *one. */
static int candidates(struct target *t, char ids[][ID_MAX + 1], int n, const struct asker *a,
		      int exact, struct container *one, char *list, size_t len)
{
	int found = 0;

	list[0] = '\0';
	for (int i = 0; i < n; i++) {
		struct container c;
		const char *why;

		index_id(&t->ix, ids[i]);
		if (index_container(&t->ix, ids[i], &c, &why) != 0 || (!exact && !may_enter(a, &c)))
			continue;
		/* A name's candidates are those its runtime's record names so (docker's bytes
		 * were only searched for it). */
		if (exact && strcmp(c.name, t->spec) != 0)
			continue;
		if (!found++)
			*one = c;
		if (found <= MAX_SHOWN && may_enter(a, &c)) {
			size_t u = strlen(list);

			snprintf(list + u, len - u, "%s%s", u ? ", " : "", shown(&c));
		}
	}
	return found;
}

/* Distinct IDs in the index that start with prefix. */
static int ids_with_prefix(const struct index *ix, const char *prefix, char ids[][ID_MAX + 1])
{
	int n = 0;

	for (size_t i = 0; i < ix->n && n <= MAX_CANDIDATES; i++) {
		int dup = 0;

		if (strncmp(ix->rec[i].c.id, prefix, strlen(prefix)) != 0)
			continue;
		for (int k = 0; k < n && !dup; k++)
			dup = strcmp(ids[k], ix->rec[i].c.id) == 0;
		if (!dup && n < MAX_CANDIDATES)
			memcpy(ids[n], ix->rec[i].c.id, strlen(ix->rec[i].c.id) + 1);
		n += !dup;
	}
	return n;
}

void not_found(struct target *t, const char *what, const char *more, const struct asker *a)
{
	char hint[600] = "";

	suggest(t, a, hint, sizeof(hint));
	notes_of(&t->ix, t->notes, sizeof(t->notes));
	die(EXIT_FAIL, "no %s matches '%s'%s%s%s", what, tesc(t->spec), more, hint,
	    t->notes[0] ? t->notes : "; it may run on another node");
}

/* Exact ID (no directory scan), then a runtime's name, then a unique ID prefix. */
static void find_container(struct target *t, const struct asker *a)
{
	static char ids[MAX_CANDIDATES + 1][ID_MAX + 1];
	char list[1024];
	struct container c;
	const char *why;
	int n, rc;

	if (!valid_id(t->spec))
		die(EXIT_FAIL, "'%s' is not a container ID, name, NAMESPACE/POD, pid:N or host",
		    tesc(t->spec));
	index_id(&t->ix, t->spec);
	rc = index_container(&t->ix, t->spec, &c, &why);
	if (rc < 0)
		die(EXIT_FAIL, "container %.12s: its runtimes' records disagree (%s)", t->spec,
		    why);
	if (rc == 0)
		return use(t, &c, a);
	n = index_names(&t->ix, t->spec, ids, MAX_CANDIDATES);
	n = candidates(t, ids, n, a, 1, &c, list, sizeof(list));
	if (n == 1)
		return use(t, &c, a);
	if (n > 1)
		die(EXIT_FAIL, "the name '%s' is ambiguous%s%s", tesc(t->spec), list[0] ? ": " : "",
		    list);
	if (strlen(t->spec) < 4)
		not_found(t, "container", "; an ID prefix needs at least 4 characters", a);
	index_scan(&t->ix, t->spec);
	n = ids_with_prefix(&t->ix, t->spec, ids);
	if (n > MAX_CANDIDATES)
		die(EXIT_FAIL, "'%s' is ambiguous: more than %d containers match", tesc(t->spec),
		    MAX_CANDIDATES);
	rc = candidates(t, ids, n, a, 0, &c, list, sizeof(list));
	if (rc == 1)
		return use(t, &c, a);
	if (rc > 1)
		die(EXIT_FAIL, "'%s' is ambiguous: %s%s", tesc(t->spec), list,
		    rc > MAX_SHOWN ? ", ..." : "");
	not_found(t, "container", "", a);
}

void target_resolve(const char *spec, const char *state_root, const struct asker *a,
		    struct target *t)
{
	memset(t, 0, sizeof(*t));
	t->spec = spec;
	t->pin.pidfd = t->pin.nsfd = -1;
	index_init(&t->ix, state_root);
	if (strcmp(spec, "host") == 0)
		find_host(t);
	else if (strncmp(spec, "pid:", 4) == 0)
		find_pid(t);
	else if (strchr(spec, '/'))
		find_pod(t, a);
	else
		find_container(t, a);
	index_close(&t->ix);
	if (t->pin.nsfd >= 0 && netns_is_host(t->pin.ns_dev, t->pin.ns_ino))
		t->kind = "host";
}

void target_view(const struct target *t, struct target_id *v)
{
	/* A container its runtime says is on the host network is the host's, pinned or not (a
	 * stopped one is not pinned): the decision and may_enter() must see one identity. */
	int host = strcmp(t->kind, "host") == 0 || (t->has_container && t->c.host_network);

	if (!t->has_container) {
		memset(v, 0, sizeof(*v));
		v->host = host;
		return;
	}
	identity_of(&t->c, t->whole_pod, host, v);
}
