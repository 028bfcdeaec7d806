/* SPDX-License-Identifier: ISC */
/* permit and deny rules: who, on which targets, which tools, with which limits. */
#include <grp.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>

#include "identity.h"
#include "policy_parse.h"
#include "util.h"

struct unit {
	char c;
	long long mul;
};

/* A positive number with a one-letter unit, at most max in base units. */
static const char *parse_unit(const char *s, const struct unit *units, size_t nunits, long long max,
			      const char *expect, long long *out)
{
	char num[32];
	size_t n = strlen(s);
	const char *err;
	long long v;

	if (n < 2 || n >= sizeof(num))
		return expect;
	memcpy(num, s, n - 1);
	num[n - 1] = '\0';
	for (size_t i = 0; i < nunits; i++) {
		if (s[n - 1] != units[i].c)
			continue;
		err = parse_ll(num, 1, max / units[i].mul, &v);
		if (err)
			return err;
		*out = v * units[i].mul;
		return NULL;
	}
	return expect;
}

/* "15m" -> seconds; at most 7 days. */
static const char *parse_duration(const char *s, long long *out)
{
	static const struct unit units[] = {{'s', 1}, {'m', 60}, {'h', 3600}};

	return parse_unit(s, units, 3, 7LL * 86400, "expected a duration such as 30s, 15m or 2h",
			  out);
}

/* "2G" -> bytes; K/M/G are binary; at most 1 TiB. */
static const char *parse_size(const char *s, long long *out)
{
	static const struct unit units[] = {{'K', 1LL << 10}, {'M', 1LL << 20}, {'G', 1LL << 30}};

	return parse_unit(s, units, 3, 1LL << 40, "expected a size such as 512K, 100M or 2G", out);
}

/* ---- rules ---- */

static void rule_who(struct parser *p, struct rule *r, const struct word *w)
{
	const char *s = w->s, *v = strchr(s, ':');
	long long id;
	const char *err;

	if (strcmp(s, "any") == 0) {
		r->who.kind = WHO_ANY;
		return;
	}
	if (!v || !v[1]) {
		policy_error(p, w->col, "expected user:NAME, uid:N, group:NAME, gid:N or any");
		return;
	}
	v++;
	if (strncmp(s, "uid:", 4) == 0 || strncmp(s, "gid:", 4) == 0) {
		r->who.kind = s[0] == 'u' ? WHO_UID : WHO_GID;
		/* (uid_t)-1 means "no change" to the kernel: never a real id. */
		err = parse_ll(v, 0, 4294967294LL, &id);
		if (err)
			policy_error(p, w->col + 4, "bad id '%s': %s", v, err);
		else
			r->who.id = (unsigned)id;
	} else if (strncmp(s, "user:", 5) == 0) {
		struct passwd *pw = getpwnam(v);

		r->who.kind = WHO_UID;
		if (!pw)
			policy_error(p, w->col + 5, "unknown user '%s'", v);
		else
			r->who.id = pw->pw_uid;
	} else if (strncmp(s, "group:", 6) == 0) {
		struct group *gr = getgrnam(v);

		r->who.kind = WHO_GID;
		if (!gr)
			policy_error(p, w->col + 6, "unknown group '%s'", v);
		else
			r->who.id = gr->gr_gid;
	} else {
		policy_error(p, w->col, "expected user:NAME, uid:N, group:NAME, gid:N or any");
	}
}

static const char runtimes[][12] = {"docker", "containerd", "cri-o", "podman", "runc", "crun"};

int policy_runtime_known(const char *name)
{
	for (size_t k = 0; k < sizeof(runtimes) / sizeof(runtimes[0]); k++)
		if (strcmp(name, runtimes[k]) == 0)
			return 1;
	return 0;
}

static void rule_target(struct parser *p, struct tpat *t, const char *s, int col)
{
	static const struct {
		char prefix[12];
		enum pat_kind kind;
	} kinds[] = {{"container:", PAT_CONTAINER}, {"pod:", PAT_POD}, {"runtime:", PAT_RUNTIME}};

	if (strcmp(s, "any") == 0 || strcmp(s, "host") == 0) {
		t->kind = s[0] == 'a' ? PAT_ANY : PAT_HOST;
		return;
	}
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		size_t l = strlen(kinds[i].prefix);
		const char *v = s + l;

		if (strncmp(s, kinds[i].prefix, l) != 0)
			continue;
		t->kind = kinds[i].kind;
		t->pat = xstrdup(v);
		if (!*v) {
			policy_error(p, col, "empty pattern in '%s'", s);
		} else if (t->kind == PAT_POD) {
			const char *why;

			t->pod = xcalloc(1, sizeof(*t->pod));
			why = pod_ref_parse(v, t->pod);
			if (why)
				policy_error(p, col,
					     "expected pod:NAMESPACE/POD or "
					     "pod:NAMESPACE/POD/CONTAINER (%s)",
					     why);
		} else if (t->kind == PAT_RUNTIME && !policy_runtime_known(v)) {
			policy_error(p, col, "unknown runtime '%s'", v);
		}
		return;
	}
	policy_error(p, col, "unknown target '%s' (pod:, container:, runtime:, any or host)", s);
}

int policy_comma_list(struct parser *p, const struct word *w, char ***items, int **cols)
{
	size_t len = strlen(w->s);
	int n = 1, k = 0;
	char *copy, *s;

	for (size_t i = 0; i < len; i++)
		n += w->s[i] == ',';
	*items = xcalloc((size_t)n, sizeof(char *));
	*cols = xcalloc((size_t)n, sizeof(int));
	copy = xstrdup(w->s);
	for (s = copy; k < n; k++) {
		char *c = strchr(s, ',');

		if (c)
			*c = '\0';
		if (!*s)
			policy_error(p, w->col + (int)(s - copy), "empty item in list '%s'", w->s);
		(*items)[k] = xstrdup(s);
		(*cols)[k] = w->col + (int)(s - copy);
		s = c ? c + 1 : s + strlen(s);
	}
	free(copy);
	return n;
}

static void rule_targets(struct parser *p, struct rule *r, const struct word *w)
{
	char **items;
	int *cols;
	int n = policy_comma_list(p, w, &items, &cols);

	r->targets = xcalloc((size_t)n, sizeof(struct tpat));
	r->ntargets = n;
	for (int i = 0; i < n; i++) {
		r->targets[i].col = cols[i];
		rule_target(p, &r->targets[i], items[i], cols[i]);
		free(items[i]);
	}
	free(items);
	free(cols);
}

static void rule_tools(struct parser *p, struct rule *r, const struct word *w)
{
	int *cols;

	if (strcmp(w->s, "any") == 0) {
		r->any_tool = 1;
		r->run_col = w->col;
		return;
	}
	r->run_col = w->col;
	r->ntools = policy_comma_list(p, w, &r->tools, &cols);
	for (int i = 0; i < r->ntools; i++)
		if (*r->tools[i] && !policy_tool(p->pol, r->tools[i]))
			policy_error(p, cols[i],
				     "tool '%s' is not defined (define it above the rule)",
				     r->tools[i]);
	free(cols);
}

/* The words after WHO on TARGETS (w[-1] is TARGETS): run, max-time, max-bytes, reason and the
 * bounds snaplen, filter, interfaces. */
static void rule_options(struct parser *p, struct rule *r, struct word *w, int n)
{
	int seen_run = 0, seen_time = 0, seen_bytes = 0, seen_bound[NBOUNDS] = {0};

	for (int i = 0; i < n; i++) {
		const char *k = w[i].s, *err;
		int *seen = strcmp(k, "run") == 0	   ? &seen_run
			    : strcmp(k, "max-time") == 0   ? &seen_time
			    : strcmp(k, "max-bytes") == 0  ? &seen_bytes
			    : strcmp(k, "reason") == 0	   ? &r->reason_required
			    : strcmp(k, "snaplen") == 0	   ? &seen_bound[BOUND_SNAPLEN]
			    : strcmp(k, "filter") == 0	   ? &seen_bound[BOUND_FILTER]
			    : strcmp(k, "interfaces") == 0 ? &seen_bound[BOUND_INTERFACES]
							   : NULL;

		if (!seen) {
			policy_error(p, w[i].col, "unknown rule option '%s'", k);
			return;
		}
		if (*seen) {
			policy_error(p, w[i].col, "'%s' given twice", k);
			return;
		}
		*seen = 1;
		if (!r->permit && seen != &seen_run) {
			policy_error(p, w[i].col, "'%s' has no meaning on a deny rule", k);
			return;
		}
		if (i + 1 == n) {
			policy_error(p, w[i].col, "'%s' needs a value", k);
			return;
		}
		i++;
		if (seen == &seen_run)
			rule_tools(p, r, &w[i]);
		else if (seen == &seen_time && (err = parse_duration(w[i].s, &r->max_time)))
			policy_error(p, w[i].col, "max-time '%s': %s", w[i].s, err);
		else if (seen == &seen_bytes && (err = parse_size(w[i].s, &r->max_bytes)))
			policy_error(p, w[i].col, "max-bytes '%s': %s", w[i].s, err);
		else if (seen == &r->reason_required && strcmp(w[i].s, "required") != 0)
			policy_error(p, w[i].col, "expected 'reason required'");
		else
			(void)rule_bound(p, r, &w[i - 1], &w[i]);
	}
	rule_bounds_check(p, r);
	if (r->permit && !seen_run)
		policy_error(p, w[-1].col, "permit needs 'run TOOLS'");
}

void rule_line(struct parser *p, struct word *w, int n)
{
	struct policy *pol = p->pol;
	struct rule *r;

	if (pol->nrules == POLICY_MAX_RULES) {
		policy_error(p, w[0].col, "more than %d rules", POLICY_MAX_RULES);
		return;
	}
	if (n < 4 || strcmp(w[2].s, "on") != 0) {
		policy_error(p, w[0].col, "expected: %s WHO on TARGETS [run TOOLS] ...", w[0].s);
		return;
	}
	/* Doubled as the file goes: most policies are a few lines, and a long one is not copied
	 * for each of its lines. */
	if ((size_t)pol->nrules == pol->rules_cap)
		pol->rules = xreserve(pol->rules, &pol->rules_cap,
				      pol->rules_cap ? pol->rules_cap * 2 : 8, sizeof(*pol->rules));
	r = &pol->rules[pol->nrules++];
	memset(r, 0, sizeof(*r));
	r->permit = w[0].s[0] == 'p';
	r->line = p->line;
	r->col = w[0].col;
	r->who_col = w[1].col;
	rule_who(p, r, &w[1]);
	rule_targets(p, r, &w[3]);
	rule_options(p, r, w + 4, n - 4);
	if (!r->permit && !r->tools)
		r->any_tool = 1;
}
