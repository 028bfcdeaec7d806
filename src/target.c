/* SPDX-License-Identifier: ISC */
#include "target.h"

#include <string.h>

#include "cgroup.h"
#include "util.h"

#define MAX_SHOWN_CANDIDATES 8

int container_pin(const struct container *c, struct pinned *pin, char *err, size_t errlen)
{
	char cg[8192], ids[CGROUP_MAX_CANDIDATES][ID_MAX + 1];
	int n;

	if (c->start)
		return netns_pin(c->pid, c->start, NULL, 0, pin, err, errlen);
	/* No start time recorded: the process's own cgroup must name the container. */
	if (netns_pin(c->pid, 0, cg, sizeof(cg), pin, err, errlen) != 0)
		return -1;
	n = cgroup_candidates(cg, ids, CGROUP_MAX_CANDIDATES);
	for (int i = 0; i < n; i++)
		if (strcmp(ids[i], c->id) == 0)
			return 0;
	netns_unpin(pin);
	snprintf(err, errlen,
		 "process %d is not in the container's cgroup (stale state or PID "
		 "reuse)",
		 (int)c->pid);
	return -1;
}

#define MAX_CANDIDATES 64

struct lookup {
	const char *want;
	const char *state_root;
	size_t wlen;
	int exact_name; /* a container whose name is exactly want */
	int n;		/* prefix or name matches */
	char seen[MAX_CANDIDATES][ID_MAX + 1];
	int nseen;
	int overflow; /* more IDs matched than were looked at: never "unique" */
	struct container first;
	char shown[768];
};

static void show_candidate(char *buf, size_t len, const struct container *c)
{
	size_t used = strlen(buf);

	snprintf(buf + used, len - used, "%s%.12s (%s%s%s%s%s)", used ? ", " : "", c->id,
		 c->runtime, c->name[0] ? " " : "", c->name, c->pod_name[0] ? " pod " : "",
		 c->pod_name);
}

/* One candidate ID (from a directory name, or a docker name): its full, live record. */
static int candidate(const char *id, int by_name, void *arg)
{
	struct lookup *l = arg;
	struct container c = {0};
	struct pinned pin;
	char err[512];

	if (!by_name && l->wlen < 4)
		return 0;
	for (int i = 0; i < l->nseen; i++)
		if (strcmp(l->seen[i], id) == 0)
			return 0;
	if (l->nseen == MAX_CANDIDATES) {
		l->overflow = 1;
		return 1;
	}
	memcpy(l->seen[l->nseen++], id, strlen(id) + 1);
	/* Records a dead container left behind are never candidates. */
	if (!runtime_by_id(l->state_root, id, &c) || container_pin(&c, &pin, err, sizeof(err)) != 0)
		return 0;
	netns_unpin(&pin);
	/* An exact name beats any prefix; a second exact name is still ambiguous. */
	if (by_name && !l->exact_name) {
		l->exact_name = 1;
		l->n = 0;
		l->shown[0] = '\0';
	} else if (!by_name && l->exact_name) {
		return 0;
	}
	if (l->n++ == 0)
		l->first = c;
	if (l->n <= MAX_SHOWN_CANDIDATES)
		show_candidate(l->shown, sizeof(l->shown), &c);
	return 0;
}

/* Exact ID (no directory scan), then exact name, then a unique live ID prefix. */
static void find_container(const char *spec, const char *state_root, struct container *c)
{
	static struct lookup l;

	memset(&l, 0, sizeof(l));
	l.want = spec;
	l.state_root = state_root;
	l.wlen = strlen(spec);
	if (!valid_id(spec))
		die(EXIT_FAIL, "'%.64s' is not a valid container ID or name", spec);
	if (runtime_by_id(state_root, spec, c))
		return;
	runtime_ids(state_root, spec, candidate, &l);
	if (l.overflow)
		die(EXIT_FAIL, "'%s' is ambiguous: more than %d containers match", spec,
		    MAX_CANDIDATES);
	if (l.n == 1) {
		*c = l.first;
		return;
	}
	if (l.n > 1)
		die(EXIT_FAIL, "'%s' is ambiguous: %s%s", spec, l.shown,
		    l.n > MAX_SHOWN_CANDIDATES ? ", ..." : "");
	if (l.wlen < 4)
		die(EXIT_FAIL,
		    "no container is named '%s' (an ID prefix needs at least 4 "
		    "characters)",
		    spec);
	die(EXIT_FAIL, "no container matches '%s' under state root %s", spec, state_root);
}

/* ---- pods ---- */

struct pod {
	char ns[64], name[254], ctr[64]; /* ctr empty: the whole pod */
	const char *state_root;
	struct target *t;
	int members, pinned;
	char err[512];
};

static int pod_member(const struct container *c, void *arg)
{
	struct pod *p = arg;
	struct pinned pin;
	char err[512];

	if (strcmp(c->pod_ns, p->ns) != 0 || strcmp(c->pod_name, p->name) != 0)
		return 0;
	if (p->ctr[0] && (c->sandbox || strcmp(c->pod_container, p->ctr) != 0))
		return 0;
	p->members++;
	/* Restarted containers leave dead records behind: only live ones count. */
	if (container_pin(c, &pin, err, sizeof(err)) != 0) {
		(void)scopy(p->err, sizeof(p->err), err);
		return 0;
	}
	if (!p->pinned++) {
		p->t->c = *c;
		p->t->pin = pin;
		return 0;
	}
	/* Every live member must share one network namespace, or the pod is not one target. */
	if (pin.ns_dev != p->t->pin.ns_dev || pin.ns_ino != p->t->pin.ns_ino)
		die(EXIT_FAIL,
		    "pod %s/%s: its containers are in different network namespaces "
		    "(%llu and %llu); refusing to choose",
		    p->ns, p->name, (unsigned long long)p->t->pin.ns_ino,
		    (unsigned long long)pin.ns_ino);
	/* Keep the identity of a named container over the pod's sandbox. */
	if (p->t->c.sandbox && !c->sandbox)
		p->t->c = *c;
	netns_unpin(&pin);
	return 0;
}

static int pod_hint(const char *id, void *arg)
{
	struct pod *p = arg;
	struct container c = {0};

	if (runtime_by_id(p->state_root, id, &c))
		(void)pod_member(&c, p);
	return 0;
}

static void find_pod(const char *spec, const char *state_root, struct target *t)
{
	struct pod p = {.t = t, .state_root = state_root};
	const char *a = strchr(spec, '/'), *b = a ? strchr(a + 1, '/') : NULL;

	if (!a || a == spec || !a[1] || b == a + 1 || (b && (!b[1] || strchr(b + 1, '/'))) ||
	    (size_t)(a - spec) >= sizeof(p.ns) ||
	    (size_t)((b ? b : a + strlen(a)) - a - 1) >= sizeof(p.name) ||
	    (b && strlen(b + 1) >= sizeof(p.ctr)))
		die(EXIT_FAIL, "bad pod target '%.200s' (NAMESPACE/POD or NAMESPACE/POD/CONTAINER)",
		    spec);
	memcpy(p.ns, spec, (size_t)(a - spec));
	memcpy(p.name, a + 1, (size_t)((b ? b : a + strlen(a)) - a - 1));
	if (b)
		memcpy(p.ctr, b + 1, strlen(b + 1) + 1);
	/* The kubelet's log links name the pod's containers: read just those records; else, or if
	 * none of them is live, every record. */
	runtime_pod_hint(state_root, p.ns, p.name, pod_hint, &p);
	if (!p.pinned) {
		p.members = 0;
		runtime_each(state_root, pod_member, &p);
	}
	if (!p.pinned && p.members)
		die(EXIT_FAIL, "pod %.200s: no live container (%s)", spec, p.err);
	if (!p.pinned)
		die(EXIT_FAIL, "no pod matches '%.200s' under state root %s", spec, state_root);
	if (p.ctr[0] && !t->c.pod_container[0])
		(void)scopy(t->c.pod_container, sizeof(t->c.pod_container), p.ctr);
	/* Naming the whole pod gives no container's identity to container-level rules. */
	if (!p.ctr[0])
		t->c.pod_container[0] = '\0';
}

/* ---- pid: targets ---- */

struct by_init {
	const struct pinned *pin;
	struct container *c;
	int found;
};

static int init_is(const struct container *c, void *arg)
{
	struct by_init *b = arg;

	if (c->pid != b->pin->pid || (c->start && c->start != b->pin->start))
		return 0;
	*b->c = *c;
	b->found = 1;
	return 1;
}

/* A pid: target takes its container's identity only when it shares that container's netns:
 * found through the IDs its cgroup paths name, else as some container's recorded init. */
static void identify_pid(struct target *t, const char *cg, const char *state_root)
{
	char ids[CGROUP_MAX_CANDIDATES][ID_MAX + 1], err[512];
	int n = cgroup_candidates(cg, ids, CGROUP_MAX_CANDIDATES);
	struct container c = {0};
	struct by_init b = {&t->pin, &c, 0};

	for (int i = 0; i < n && !b.found; i++)
		b.found = runtime_by_id(state_root, ids[i], &c);
	if (!b.found)
		runtime_each(state_root, init_is, &b);
	if (b.found) {
		struct pinned pin;

		if (container_pin(&c, &pin, err, sizeof(err)) != 0)
			return;
		if (pin.ns_dev == t->pin.ns_dev && pin.ns_ino == t->pin.ns_ino) {
			t->c = c;
			t->has_container = 1;
			t->kind = "container";
		}
		netns_unpin(&pin);
	}
}

void target_resolve(const char *spec, const char *state_root, struct target *t)
{
	char err[512], cg[8192];

	memset(t, 0, sizeof(*t));
	t->spec = spec;
	t->pin.pidfd = t->pin.nsfd = -1;
	if (strncmp(spec, "pid:", 4) == 0) {
		long long pid;
		const char *why = parse_ll(spec + 4, 1, 4194304, &pid);

		if (why)
			die(EXIT_FAIL, "bad target '%.64s': PID %s", spec, why);
		if (netns_pin((pid_t)pid, 0, cg, sizeof(cg), &t->pin, err, sizeof(err)) != 0)
			die(EXIT_FAIL, "%s", err);
		t->kind = "pid";
		identify_pid(t, cg, state_root);
	} else if (strchr(spec, '/')) {
		find_pod(spec, state_root, t);
		t->has_container = 1;
		t->kind = "container";
	} else {
		find_container(spec, state_root, &t->c);
		t->has_container = 1;
		t->kind = "container";
		if (container_pin(&t->c, &t->pin, err, sizeof(err)) != 0)
			die(EXIT_FAIL, "container %.12s: %s", t->c.id, err);
	}
	if (netns_is_host(t->pin.ns_dev, t->pin.ns_ino))
		t->kind = "host";
}

void target_view(const struct target *t, struct target_id *v)
{
	memset(v, 0, sizeof(*v));
	v->host = strcmp(t->kind, "host") == 0;
	if (!t->has_container)
		return;
	v->runtime = t->c.runtime;
	v->id = t->c.id;
	v->name = t->c.name[0] ? t->c.name : NULL;
	v->pod_ns = t->c.pod_ns[0] ? t->c.pod_ns : NULL;
	v->pod_name = t->c.pod_name[0] ? t->c.pod_name : NULL;
	v->pod_container = t->c.pod_container[0] ? t->c.pod_container : NULL;
}
