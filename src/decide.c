/* SPDX-License-Identifier: ISC */
/* The decision: which rule matches (last match wins), then the tool's arguments. Pure. */
#include <stdio.h>
#include <string.h>

#include "bounds.h"
#include "identity.h"
#include "policy.h"
#include "toolargs.h"

static int who_matches(const struct who *w, const struct subject *sub)
{
	if (w->kind == WHO_ANY)
		return 1;
	if (w->kind == WHO_UID)
		return sub->uid == w->id;
	if (sub->gid == w->id)
		return 1;
	for (int i = 0; i < sub->ngroups; i++)
		if (sub->groups[i] == w->id)
			return 1;
	return 0;
}

static int target_matches(const struct tpat *p, const struct target_id *t)
{
	if (t->host)
		return p->kind == PAT_HOST;
	switch (p->kind) {
	case PAT_HOST:
		return 0;
	case PAT_ANY:
		return t->id != NULL;
	case PAT_CONTAINER:
		return (t->id && glob_match(p->pat, t->id)) ||
		       (t->name && glob_match(p->pat, t->name));
	case PAT_POD:
		return p->pod && pod_ref_matches(p->pod, t);
	case PAT_RUNTIME:
		return t->runtime && strcmp(p->pat, t->runtime) == 0;
	}
	return 0;
}

static int tool_listed(const struct rule *r, const char *tool)
{
	if (r->any_tool)
		return 1;
	for (int i = 0; i < r->ntools; i++)
		if (strcmp(r->tools[i], tool) == 0)
			return 1;
	return 0;
}

static int rule_matches(const struct rule *r, const struct subject *sub, const struct target_id *t,
			const char *tool)
{
	int hit = 0;

	if (!who_matches(&r->who, sub) || !tool_listed(r, tool))
		return 0;
	for (int i = 0; i < r->ntargets && !hit; i++)
		hit = target_matches(&r->targets[i], t);
	return hit;
}

const struct rule *policy_rule_for(const struct policy *pol, const struct subject *sub,
				   const struct target_id *t, const char *tool)
{
	const struct rule *last = NULL;

	for (int i = 0; i < pol->nrules; i++)
		if (rule_matches(&pol->rules[i], sub, t, tool))
			last = &pol->rules[i];
	return last;
}

int policy_matching(const struct policy *pol, const struct subject *sub, const struct target_id *t,
		    const char *tool, const struct rule **out, int max)
{
	int n = 0;

	for (int i = 0; i < pol->nrules; i++)
		if (rule_matches(&pol->rules[i], sub, t, tool) && n++ < max)
			out[n - 1] = &pol->rules[i];
	return n;
}

int policy_may_enter(const struct policy *pol, const struct subject *sub, const struct target_id *t)
{
	for (int i = 0; i < pol->ntools; i++) {
		const struct rule *r = policy_rule_for(pol, sub, t, pol->tools[i].name);

		if (r && r->permit)
			return 1;
	}
	return 0;
}

int policy_names(const struct policy *pol, const struct subject *sub)
{
	for (int i = 0; i < pol->nrules; i++)
		if (who_matches(&pol->rules[i].who, sub))
			return 1;
	return 0;
}

/* The nearest thing the caller may do instead: the tools some rule lets them run on t (none:
 * nothing is added, so a caller learns nothing of targets they may not enter). */
static void may_run_instead(const struct policy *pol, const struct subject *sub,
			    const struct target_id *t, char *why, size_t len)
{
	size_t used = strlen(why);
	int n = 0;

	for (int i = 0; i < pol->ntools && used + 8 < len; i++) {
		const struct rule *r = policy_rule_for(pol, sub, t, pol->tools[i].name);

		if (!r || !r->permit)
			continue;
		snprintf(why + used, len - used, "%s%s%s", n++ ? ", " : "; you may run ",
			 pol->tools[i].name, r->reason_required ? " (with -r REASON)" : "");
		used = strlen(why);
	}
	if (n && used + 6 < len)
		snprintf(why + used, len - used, " here");
}

/* The profile that refused the arguments, and what it allows. */
static void profile_allows(const struct policy *pol, const struct tool *t, char *why, size_t len)
{
	char allows[320];
	size_t used = strlen(why);

	toolargs_allowed(t, allows, sizeof(allows));
	snprintf(why + used, len - used, "; the %s profile (%s:%d) allows %s", t->name, pol->file,
		 t->line, allows);
}

void policy_decide(const struct policy *pol, const struct subject *sub, const struct target_id *t,
		   const char *tool, int argc, char *const argv[], struct decision *d)
{
	memset(d, 0, sizeof(*d));
	d->verdict = V_DENY;
	d->tool = policy_tool(pol, tool);
	if (!d->tool) {
		d->verdict = V_NOTOOL;
		snprintf(d->why, sizeof(d->why), "tool '%s' is not defined in %s", tool, pol->file);
		may_run_instead(pol, sub, t, d->why, sizeof(d->why));
		return;
	}
	d->rule = policy_rule_for(pol, sub, t, tool);
	d->nmatched = policy_matching(pol, sub, t, tool, d->matched, DECISION_MAX_MATCHED);
	if (!d->rule) {
		snprintf(d->why, sizeof(d->why), "no rule permits %s on %s%s", tool,
			 t->host ? "the host network namespace" : "this target",
			 t->host ? " (a rule must name 'host')" : "");
		may_run_instead(pol, sub, t, d->why, sizeof(d->why));
		return;
	}
	if (!d->rule->permit) {
		snprintf(d->why, sizeof(d->why), "denied by %s:%d", pol->file, d->rule->line);
		may_run_instead(pol, sub, t, d->why, sizeof(d->why));
		return;
	}
	if (d->rule->reason_required && (!sub->reason || !*sub->reason)) {
		snprintf(d->why, sizeof(d->why), "%s:%d requires a reason: pass -r REASON",
			 pol->file, d->rule->line);
		return;
	}
	if (toolargs_check(d->tool, argc, argv, d->why, sizeof(d->why)) != 0) {
		size_t n = strlen(d->why);

		/* The rule permits the tool; its profile, elsewhere in the file, refuses this. */
		snprintf(d->why + n, sizeof(d->why) - n, " (rule %s:%d)", pol->file, d->rule->line);
		profile_allows(pol, d->tool, d->why, sizeof(d->why));
		return;
	}
	if (bounds_apply(&d->rule->bounds, d->tool, argc, argv, NULL, d->why, sizeof(d->why))) {
		size_t n = strlen(d->why);

		snprintf(d->why + n, sizeof(d->why) - n, " (rule %s:%d)", pol->file, d->rule->line);
		d->bound_refused = 1;
		return;
	}
	d->verdict = V_ALLOW;
	snprintf(d->why, sizeof(d->why), "permitted by %s:%d", pol->file, d->rule->line);
}
