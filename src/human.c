/* SPDX-License-Identifier: ISC */
#include "human.h"

#include <stdio.h>
#include <string.h>

#include "bounds.h"
#include "escape.h"
#include "util.h"

/* The largest unit that divides v exactly, so that nothing is rounded away. */
static const char *in_units(long long v, const char *const names[], const long long sizes[], int n,
			    char *buf, size_t len)
{
	int i = n - 1;

	if (v <= 0) {
		snprintf(buf, len, "no limit");
		return buf;
	}
	while (i > 0 && v % sizes[i] != 0)
		i--;
	snprintf(buf, len, "%lld%s", v / sizes[i], names[i]);
	return buf;
}

const char *human_time(long long seconds, char *buf, size_t len)
{
	static const char *const names[] = {"s", "m", "h"};
	static const long long sizes[] = {1, 60, 3600};

	return in_units(seconds, names, sizes, 3, buf, len);
}

const char *human_bytes(long long bytes, char *buf, size_t len)
{
	static const char *const names[] = {" bytes", " KiB", " MiB", " GiB", " TiB"};
	static const long long sizes[] = {1, 1LL << 10, 1LL << 20, 1LL << 30, 1LL << 40};

	return in_units(bytes, names, sizes, 5, buf, len);
}

const char *target_words(const struct target *t, int host, char *buf, size_t len)
{
	const struct container *c = &t->c;
	char what[400];
	int ctr = c->pod_container[0] && !t->whole_pod && !c->sandbox;

	if (!t->has_container) {
		if (strcmp(t->kind, "host") == 0)
			snprintf(buf, len, "the host network namespace");
		else
			snprintf(buf, len, "process %d (in no known container)", (int)t->pin.pid);
		return buf;
	}
	if (c->pod_ns[0])
		snprintf(what, sizeof(what), "pod %s/%s%s%s (%s %.12s)", tesc(c->pod_ns),
			 tesc(c->pod_name), ctr ? " container " : "",
			 ctr ? tesc(c->pod_container) : "", c->runtime, c->id);
	else if (c->name[0])
		snprintf(what, sizeof(what), "container %s (%s %.12s)", tesc(c->name), c->runtime,
			 c->id);
	else
		snprintf(what, sizeof(what), "container %.12s (%s)", c->id, c->runtime);
	snprintf(buf, len, "%s%s", what, host ? " in the host network namespace" : "");
	return buf;
}

void banner(const struct target *t, int host, const struct tool *tool, const struct rule *r,
	    const char *session)
{
	char where[512], tm[32], by[32], bw[600];

	bounds_words(&r->bounds, bw, sizeof(bw));
	warnx_("running %s in %s; %s%smax-time %s, max-bytes %s; session %.12s", tool->name,
	       target_words(t, host, where, sizeof(where)), bw, bw[0] ? "; " : "",
	       human_time(r->max_time, tm, sizeof(tm)), human_bytes(r->max_bytes, by, sizeof(by)),
	       session);
}
