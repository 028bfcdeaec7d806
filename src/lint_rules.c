/* SPDX-License-Identifier: ISC */
/* Rules that never decide, or decide less than they seem to: the last matching rule wins, so a
 * later rule that covers an earlier one takes its place, and a deny of one container of a pod
 * leaves the pod's network namespace open through the pod and its other containers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bounds.h"
#include "identity.h"
#include "lint.h"
#include "lint_sets.h"
#include "util.h"

static int overlap(const struct lint *l, const struct rule *a, const struct rule *b)
{
	return who_overlaps(l->db, &a->who, &b->who) && tools_overlap(a, b) &&
	       targets_overlap(a, b);
}

static int covers(const struct lint *l, const struct rule *a, const struct rule *b)
{
	return who_contains(l->db, &a->who, &b->who) && tools_contain(l->pol, a, b) &&
	       targets_contain(a, b);
}

/* A deny after index j that takes back what a and b both match: on each of WHO, TOOLS and
 * TARGETS it contains a's or b's. */
static int denied_again(const struct lint *l, int j, const struct rule *a, const struct rule *b)
{
	for (int k = j + 1; k < l->pol->nrules; k++) {
		const struct rule *d = &l->pol->rules[k];

		if (!d->permit &&
		    (who_contains(l->db, &d->who, &a->who) ||
		     who_contains(l->db, &d->who, &b->who)) &&
		    (tools_contain(l->pol, d, a) || tools_contain(l->pol, d, b)) &&
		    (targets_contain(d, a) || targets_contain(d, b)))
			return 1;
	}
	return 0;
}

static int same_bounds(const struct bounds *a, const struct bounds *b)
{
	if (a->snaplen != b->snaplen || !a->filter != !b->filter ||
	    (a->filter && strcmp(a->filter, b->filter) != 0) || a->nifaces != b->nifaces)
		return 0;
	for (int i = 0; i < a->nifaces; i++)
		if (strcmp(a->ifaces[i], b->ifaces[i]) != 0)
			return 0;
	return 1;
}

static int same_limits(const struct rule *a, const struct rule *b)
{
	return a->max_time == b->max_time && a->max_bytes == b->max_bytes &&
	       a->reason_required == b->reason_required && same_bounds(&a->bounds, &b->bounds);
}

static void limits_text(const struct rule *r, char *buf, size_t len)
{
	char t[32] = "no max-time", b[32] = "no max-bytes", bw[300];

	if (r->max_time)
		snprintf(t, sizeof(t), "max-time %llds", r->max_time);
	if (r->max_bytes)
		snprintf(b, sizeof(b), "max-bytes %lld", r->max_bytes);
	bounds_words(&r->bounds, bw, sizeof(bw));
	snprintf(buf, len, "%s, %s%s%s%s", t, b, r->reason_required ? ", reason required" : "",
		 bw[0] ? ", " : "", bw);
}

/* The bounds p sets that q does not: "snaplen, filter" ("" when none). */
static void bounds_lost(const struct bounds *p, const struct bounds *q, char *buf, size_t len)
{
	buf[0] = '\0';
	if (p->snaplen && (!q->snaplen || q->snaplen > p->snaplen))
		snprintf(buf, len, "snaplen");
	if (p->filter && (!q->filter || strcmp(p->filter, q->filter) != 0))
		snprintf(buf + strlen(buf), len - strlen(buf), "%sfilter", buf[0] ? ", " : "");
	if (p->nifaces && !q->nifaces)
		snprintf(buf + strlen(buf), len - strlen(buf), "%sinterfaces", buf[0] ? ", " : "");
}

/* A bounded permit that a later permit partly overrides without its bounds: there the capture
 * is not bounded (a later permit covering it whole is permit_shadowed's). */
static void bounds_reopened(struct lint *l, int i)
{
	const struct rule *p = &l->pol->rules[i];
	char lost[64];

	for (int j = i + 1; j < l->pol->nrules && bounds_any(&p->bounds); j++) {
		const struct rule *q = &l->pol->rules[j];

		if (!q->permit || !overlap(l, p, q) || covers(l, q, p) || denied_again(l, j, p, q))
			continue;
		bounds_lost(&p->bounds, &q->bounds, lost, sizeof(lost));
		if (!lost[0])
			continue;
		lint_warn(l, p->line, p->col, "bounds-reopened",
			  "line %d permits part of what this rule permits without its bounds "
			  "(%s)\n"
			  "the last matching rule wins, so there the capture is not bounded\n"
			  "move this rule below line %d, or give line %d the same bounds",
			  q->line, lost, q->line, q->line);
		return;
	}
}

/* The index of the last deny after i that denies all d does, or i. */
static int last_restore(const struct lint *l, int i, const struct rule *d)
{
	int last = i;

	for (int k = i + 1; k < l->pol->nrules; k++)
		if (!l->pol->rules[k].permit && covers(l, &l->pol->rules[k], d))
			last = k;
	return last;
}

/* The deny at i: dead when a later permit covers it, re-opened when one takes part of it back
 * without being an exception written for its targets. A permit above a deny that denies all
 * that d does again takes nothing back. */
static void deny_shadowed(struct lint *l, int i, const unsigned char *gone)
{
	const struct rule *d = &l->pol->rules[i], *part = NULL;
	char who[256], tools[512], targets[1024];

	for (int j = last_restore(l, i, d) + 1; j < l->pol->nrules; j++) {
		const struct rule *p = &l->pol->rules[j];

		if (!p->permit || gone[j] || !overlap(l, d, p) || denied_again(l, j, d, p))
			continue;
		if (covers(l, p, d)) {
			lint_warn(l, d->line, d->col, "shadowed",
				  "this deny never decides: line %d permits everything it denies\n"
				  "the last matching rule wins, and line %d comes later\n"
				  "move this deny below line %d",
				  p->line, p->line, p->line);
			return;
		}
		if (!part && !targets_contain(d, p))
			part = p;
	}
	if (!part)
		return;
	who_both(l->db, &d->who, &part->who, who, sizeof(who));
	tools_both(d, part, tools, sizeof(tools));
	lint_warn(l, d->line, d->col, "shadowed",
		  "line %d re-opens part of this deny: %s%s%s on %s\n"
		  "the last matching rule wins, and line %d, later and broader, matches too\n"
		  "move this deny below line %d, or narrow line %d",
		  part->line, tools, who[0] ? " for " : "", who,
		  targets_text(d, targets, sizeof(targets)), part->line, part->line, part->line);
}

/* The permit at i: unreachable when a later deny covers it; its limits never apply when a later
 * permit with other limits does. */
static void permit_shadowed(struct lint *l, int i)
{
	const struct rule *p = &l->pol->rules[i];
	char lim[512];

	for (int j = i + 1; j < l->pol->nrules; j++) {
		const struct rule *q = &l->pol->rules[j];

		if (!covers(l, q, p))
			continue;
		if (!q->permit) {
			lint_warn(
				l, p->line, p->col, "shadowed",
				"this permit never decides: line %d denies everything it permits\n"
				"the last matching rule wins, and line %d comes later\n"
				"remove this permit, or move it below line %d if it is an "
				"exception",
				q->line, q->line, q->line);
			return;
		}
		if (same_limits(p, q))
			continue;
		limits_text(q, lim, sizeof(lim));
		lint_warn(l, p->line, p->col, "shadowed",
			  "this permit never decides: line %d permits everything it does, with "
			  "its own limits (%s)\n"
			  "the last matching rule wins, so this rule's limits never apply\n"
			  "remove one of the two, or move this one below line %d",
			  q->line, lim, q->line);
		return;
	}
}

/* Does pattern q let WHO reach pod p through its pod target or another of its containers? */
static int reaches_pod(const struct tpat *q, const struct pod_ref *p)
{
	if (q->kind == PAT_ANY || q->kind == PAT_RUNTIME ||
	    (q->kind == PAT_CONTAINER && glob_all(q->pat)))
		return 1;
	if (q->kind != PAT_POD || !q->pod || !glob_meet(q->pod->ns, p->ns) ||
	    !glob_meet(q->pod->pod, p->pod))
		return 0;
	return !q->pod->ctr[0] || !glob_covers(p->ctr, q->pod->ctr);
}

/* The index of the last deny of the whole pod p, for everyone and everything d denies, or -1:
 * a permit above it leaves nothing of p open. */
static int pod_denied(const struct lint *l, const struct rule *d, const struct pod_ref *p)
{
	int last = -1;

	for (int k = 0; k < l->pol->nrules; k++) {
		const struct rule *r = &l->pol->rules[k];

		if (r->permit || !who_contains(l->db, &r->who, &d->who) ||
		    !tools_contain(l->pol, r, d))
			continue;
		for (int t = 0; t < r->ntargets; t++) {
			const struct tpat *q = &r->targets[t];

			if (q->kind == PAT_POD && q->pod && !q->pod->ctr[0] &&
			    glob_covers(q->pod->ns, p->ns) && glob_covers(q->pod->pod, p->pod))
				last = k;
		}
	}
	return last;
}

static void walk_around(struct lint *l, const struct rule *d, const struct tpat *t)
{
	const struct pod_ref *p = t->pod;

	for (int j = pod_denied(l, d, p) + 1; j < l->pol->nrules; j++) {
		const struct rule *r = &l->pol->rules[j];
		int reach = 0;

		if (!r->permit || !who_overlaps(l->db, &r->who, &d->who) || !tools_overlap(r, d))
			continue;
		for (int k = 0; k < r->ntargets && !reach; k++)
			reach = reaches_pod(&r->targets[k], p);
		if (!reach)
			continue;
		lint_warn(l, d->line, t->col, "walk-around",
			  "this deny of pod:%s/%s/%s can be walked around: line %d permits the pod "
			  "%s/%s or another of its containers\n"
			  "a pod's containers share one network namespace: a capture through the "
			  "pod or any of them sees %s's traffic\n"
			  "deny pod:%s/%s (the whole pod), or narrow line %d",
			  p->ns, p->pod, p->ctr, r->line, p->ns, p->pod, p->ctr, p->ns, p->pod,
			  r->line);
		return;
	}
}

void lint_rules(struct lint *l)
{
	/* Permits a later deny takes back whole: they re-open nothing (and are said once). */
	unsigned char *gone = xcalloc((size_t)l->pol->nrules + 1, 1);

	for (int j = 0; j < l->pol->nrules; j++)
		for (int k = j + 1; k < l->pol->nrules && l->pol->rules[j].permit && !gone[j]; k++)
			gone[j] = !l->pol->rules[k].permit &&
				  covers(l, &l->pol->rules[k], &l->pol->rules[j]);
	for (int i = 0; i < l->pol->nrules; i++) {
		const struct rule *r = &l->pol->rules[i];

		if (r->permit) {
			permit_shadowed(l, i);
			bounds_reopened(l, i);
			continue;
		}
		deny_shadowed(l, i, gone);
		for (int k = 0; k < r->ntargets; k++)
			if (r->targets[k].kind == PAT_POD && r->targets[k].pod &&
			    r->targets[k].pod->ctr[0])
				walk_around(l, r, &r->targets[k]);
	}
	free(gone);
}
