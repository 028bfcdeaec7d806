/* SPDX-License-Identifier: ISC */
#include "lint_sets.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "identity.h"
#include "util.h"

/* ---- who ---- */

static const struct lint_user *user_of(const struct lint_db *db, unsigned u)
{
	for (size_t i = 0; i < db->nusers; i++)
		if (db->users[i].uid == u)
			return &db->users[i];
	return NULL;
}

static int member(const struct lint_user *u, unsigned g)
{
	if (u->gid == g)
		return 1;
	for (int i = 0; i < u->ngroups; i++)
		if (u->groups[i] == g)
			return 1;
	return 0;
}

int db_in_group(const struct lint_db *db, unsigned u, unsigned g)
{
	const struct lint_user *p = user_of(db, u);

	return p && member(p, g);
}

int who_contains(const struct lint_db *db, const struct who *a, const struct who *b)
{
	if (a->kind == WHO_ANY)
		return 1;
	if (b->kind == WHO_ANY)
		return 0;
	if (a->kind == b->kind)
		return a->id == b->id;
	return a->kind == WHO_GID && db_in_group(db, b->id, a->id);
}

/* Does some user match both? */
static int someone(const struct lint_db *db, const struct who *a, const struct who *b)
{
	for (size_t i = 0; i < db->nusers; i++) {
		const struct lint_user *u = &db->users[i];
		int in_a = a->kind == WHO_UID ? u->uid == a->id : member(u, a->id);
		int in_b = b->kind == WHO_UID ? u->uid == b->id : member(u, b->id);

		if (in_a && in_b)
			return 1;
	}
	return 0;
}

int who_overlaps(const struct lint_db *db, const struct who *a, const struct who *b)
{
	if (a->kind == WHO_ANY || b->kind == WHO_ANY)
		return 1;
	if (a->kind == b->kind && a->id == b->id)
		return 1;
	return someone(db, a, b);
}

const char *who_text(const struct lint_db *db, const struct who *w, char *buf, size_t len)
{
	const struct lint_user *u = w->kind == WHO_UID ? user_of(db, w->id) : NULL;

	if (w->kind == WHO_ANY)
		snprintf(buf, len, "any");
	else if (u)
		snprintf(buf, len, "user:%s", u->name);
	else if (w->kind == WHO_UID)
		snprintf(buf, len, "uid:%u", w->id);
	else {
		for (size_t i = 0; i < db->ngroups; i++)
			if (db->groups[i].gid == w->id) {
				snprintf(buf, len, "group:%s", db->groups[i].name);
				return buf;
			}
		snprintf(buf, len, "gid:%u", w->id);
	}
	return buf;
}

void who_both(const struct lint_db *db, const struct who *a, const struct who *b, char *buf,
	      size_t len)
{
	int n = 0;

	buf[0] = '\0';
	if (a->kind == WHO_ANY || b->kind == WHO_ANY)
		return;
	for (size_t i = 0; i < db->nusers; i++) {
		const struct lint_user *u = &db->users[i];
		int in_a = a->kind == WHO_UID ? u->uid == a->id : member(u, a->id);
		int in_b = b->kind == WHO_UID ? u->uid == b->id : member(u, b->id);
		size_t used = strlen(buf);

		if (!in_a || !in_b)
			continue;
		if (n++ < 3)
			snprintf(buf + used, len - used, "%s%s", used ? ", " : "", u->name);
	}
	if (n > 3) {
		size_t used = strlen(buf);

		snprintf(buf + used, len - used, " and %d more", n - 3);
	}
}

/* ---- tools ---- */

static int names_tool(const struct rule *r, const char *t)
{
	for (int i = 0; i < r->ntools; i++)
		if (strcmp(r->tools[i], t) == 0)
			return 1;
	return 0;
}

int tools_contain(const struct policy *pol, const struct rule *a, const struct rule *b)
{
	if (a->any_tool)
		return 1;
	/* "any" is every tool the policy defines. */
	for (int i = 0; b->any_tool && i < pol->ntools; i++)
		if (!names_tool(a, pol->tools[i].name))
			return 0;
	for (int i = 0; i < b->ntools; i++)
		if (!names_tool(a, b->tools[i]))
			return 0;
	return 1;
}

int tools_overlap(const struct rule *a, const struct rule *b)
{
	if (a->any_tool || b->any_tool)
		return 1;
	for (int i = 0; i < b->ntools; i++)
		if (names_tool(a, b->tools[i]))
			return 1;
	return 0;
}

void tools_both(const struct rule *a, const struct rule *b, char *buf, size_t len)
{
	const struct rule *list = a->any_tool ? b : a, *other = a->any_tool ? a : b;

	buf[0] = '\0';
	if (list->any_tool) {
		snprintf(buf, len, "any tool");
		return;
	}
	for (int i = 0; i < list->ntools; i++) {
		size_t used = strlen(buf);

		if (other->any_tool || names_tool(other, list->tools[i]))
			snprintf(buf + used, len - used, "%s%s", used ? "," : "", list->tools[i]);
	}
}

/* ---- globs: '*' and '?' ---- */

/* Which of g[i:] against h[j:] can be reached from the start, over every (i, j) in order: each
 * step moves right in g, in h or both. covers: g's star takes h's pieces one at a time (h's stars
 * too), g's '?' one character or '?' of h, a letter the same letter; meet: either side's star
 * takes the other's pieces, '?' meets any character. */
static int glob_walk(const char *g, const char *h, int meet)
{
	size_t n = strlen(g), m = strlen(h), w = m + 1;
	unsigned char *r = calloc((n + 1) * w, 1);
	int ok;

	if (!r)
		die(EXIT_FAIL, "out of memory checking the policy");
	r[0] = 1;
	for (size_t i = 0; i <= n; i++)
		for (size_t j = 0; j <= m; j++) {
			int star = g[i] == '*' || (meet && h[j] == '*');

			if (!r[i * w + j])
				continue;
			if (star && i < n)
				r[(i + 1) * w + j] = 1;
			if (star && j < m)
				r[i * w + j + 1] = 1;
			if (!star && i < n && j < m && h[j] != '*' &&
			    (g[i] == '?' || (meet && h[j] == '?') || (h[j] != '?' && g[i] == h[j])))
				r[(i + 1) * w + j + 1] = 1;
		}
	ok = r[n * w + m];
	free(r);
	return ok;
}

int glob_covers(const char *g, const char *h)
{
	return glob_walk(g, h, 0);
}

int glob_meet(const char *g, const char *h)
{
	return glob_walk(g, h, 1);
}

int glob_all(const char *g)
{
	return *g && strspn(g, "*") == strlen(g);
}

/* ---- targets ---- */

/* Every container: any, or a container: pattern of only stars (every container has an ID). */
static int every_container(const struct tpat *p)
{
	return p->kind == PAT_ANY || (p->kind == PAT_CONTAINER && glob_all(p->pat));
}

static int pod_contains(const struct pod_ref *a, const struct pod_ref *b)
{
	if (!glob_covers(a->ns, b->ns) || !glob_covers(a->pod, b->pod))
		return 0;
	return !a->ctr[0] || (b->ctr[0] && glob_covers(a->ctr, b->ctr));
}

int pat_contains(const struct tpat *a, const struct tpat *b)
{
	if (a->kind == PAT_HOST || b->kind == PAT_HOST)
		return a->kind == b->kind;
	if (every_container(a))
		return 1;
	if (a->kind != b->kind)
		return 0;
	if (a->kind == PAT_CONTAINER)
		return glob_covers(a->pat, b->pat);
	if (a->kind == PAT_RUNTIME)
		return strcmp(a->pat, b->pat) == 0;
	return a->pod && b->pod && pod_contains(a->pod, b->pod);
}

int pat_overlaps(const struct tpat *a, const struct tpat *b)
{
	if (a->kind == PAT_HOST || b->kind == PAT_HOST)
		return a->kind == b->kind;
	if (a->kind != b->kind || a->kind == PAT_ANY)
		return 1; /* a container has an ID, a name, perhaps a pod and a runtime at once */
	if (a->kind == PAT_CONTAINER)
		return glob_meet(a->pat, b->pat);
	if (a->kind == PAT_RUNTIME)
		return strcmp(a->pat, b->pat) == 0;
	if (!a->pod || !b->pod)
		return 0;
	return glob_meet(a->pod->ns, b->pod->ns) && glob_meet(a->pod->pod, b->pod->pod) &&
	       (!a->pod->ctr[0] || !b->pod->ctr[0] || glob_meet(a->pod->ctr, b->pod->ctr));
}

int targets_contain(const struct rule *a, const struct rule *b)
{
	for (int j = 0; j < b->ntargets; j++) {
		int in = 0;

		for (int i = 0; i < a->ntargets && !in; i++)
			in = pat_contains(&a->targets[i], &b->targets[j]);
		if (!in)
			return 0;
	}
	return 1;
}

int targets_overlap(const struct rule *a, const struct rule *b)
{
	for (int i = 0; i < a->ntargets; i++)
		for (int j = 0; j < b->ntargets; j++)
			if (pat_overlaps(&a->targets[i], &b->targets[j]))
				return 1;
	return 0;
}

const char *targets_text(const struct rule *r, char *buf, size_t len)
{
	static const char *const kind[] = {"any", "host", "container:", "pod:", "runtime:"};

	buf[0] = '\0';
	for (int i = 0; i < r->ntargets; i++) {
		size_t used = strlen(buf);
		const struct tpat *p = &r->targets[i];

		snprintf(buf + used, len - used, "%s%s%s", i ? "," : "", kind[p->kind],
			 p->pat ? p->pat : "");
	}
	return buf;
}
