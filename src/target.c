#include "target.h"

#include <string.h>

#include "cgroup.h"
#include "util.h"

#define MAX_SHOWN_CANDIDATES 8

struct lookup {
	const char *want;
	size_t wlen;
	int exact_name;		/* a container whose name is exactly want */
	int n;			/* prefix or name matches */
	struct container first;
	char shown[512];
};

static int match_one(const struct container *c, void *arg)
{
	struct lookup *l = arg;
	int name = c->name[0] && strcmp(c->name, l->want) == 0;
	size_t used;

	if (!name && (l->wlen < 4 || strncmp(c->id, l->want, l->wlen) != 0))
		return 0;
	/* An exact name beats any prefix; a second exact name is still ambiguous. */
	if (name && !l->exact_name) {
		l->exact_name = 1;
		l->n = 0;
		l->shown[0] = '\0';
	} else if (!name && l->exact_name) {
		return 0;
	}
	if (l->n++ == 0)
		l->first = *c;
	used = strlen(l->shown);
	if (l->n <= MAX_SHOWN_CANDIDATES)
		snprintf(l->shown + used, sizeof(l->shown) - used, "%s%.12s (%s)", used ? ", " : "",
			 c->id, c->runtime);
	return 0;
}

static void find_container(const char *spec, const char *state_root, struct container *c)
{
	struct lookup l = {.want = spec, .wlen = strlen(spec)};

	if (!valid_id(spec))
		die(EXIT_FAIL, "'%.64s' is not a valid container ID or name", spec);
	if (runtime_by_id(state_root, spec, c))
		return;
	runtime_each(state_root, match_one, &l);
	if (l.n == 1) {
		*c = l.first;
		return;
	}
	if (l.n > 1)
		die(EXIT_FAIL, "'%s' is ambiguous: %s%s", spec, l.shown,
		    l.n > MAX_SHOWN_CANDIDATES ? ", ..." : "");
	if (l.wlen < 4)
		die(EXIT_FAIL, "no container is named '%s' (an ID prefix needs at least 4 "
			       "characters)", spec);
	die(EXIT_FAIL, "no container matches '%s' under state root %s", spec, state_root);
}

struct by_init {
	const struct pinned *pin;
	struct container *c;
	int found;
};

static int init_is(const struct container *c, void *arg)
{
	struct by_init *b = arg;

	if (c->pid != b->pin->pid || c->start != b->pin->start)
		return 0;
	*b->c = *c;
	b->found = 1;
	return 1;
}

/* A pid: target takes its container's identity only when it shares that container's netns:
 * found through the IDs its cgroup paths name, else as some container's recorded init. */
static void identify_pid(struct target *t, const char *cg, const char *state_root)
{
	struct by_init b = {&t->pin, &t->c, 0};

	char ids[CGROUP_MAX_CANDIDATES][ID_MAX + 1];
	int n = cgroup_candidates(cg, ids, CGROUP_MAX_CANDIDATES);

	for (int i = 0; i < n; i++) {
		struct container c = {0};
		uint64_t dev, ino;

		if (!runtime_by_id(state_root, ids[i], &c))
			continue;
		if (netns_of(c.pid, c.start, &dev, &ino) != 0)
			continue;
		if (dev == t->pin.ns_dev && ino == t->pin.ns_ino) {
			t->c = c;
			t->has_container = 1;
			t->kind = "container";
			return;
		}
	}
	runtime_each(state_root, init_is, &b);
	if (b.found) {
		t->has_container = 1;
		t->kind = "container";
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
		die(EXIT_FAIL, "pod target '%.200s': this nscap does not read Kubernetes pod records "
			       "yet; name the container ID or pid:N instead", spec);
	} else {
		find_container(spec, state_root, &t->c);
		t->has_container = 1;
		t->kind = "container";
		if (netns_pin(t->c.pid, t->c.start, NULL, 0, &t->pin, err, sizeof(err)) != 0)
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
}
