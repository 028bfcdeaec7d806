/* SPDX-License-Identifier: ISC */
#include "check.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cases.h"
#include "escape.h"
#include "explain.h"
#include "facts.h"
#include "lint.h"
#include "netns.h"
#include "policy_load.h"
#include "target.h"
#include "util.h"

#define CHECK_MAX_GROUPS 65536

/* The identity from the live record: only root (-C keeps root's reach) may read it. */
static int live(const char *spec)
{
	return getuid() == 0 && !facts_written(spec) && strcmp(spec, "host") != 0;
}

static int decide(const struct policy *pol, const struct cli *c, const struct subject *sub)
{
	static struct target tgt;
	static struct facts f;
	const struct target_id *v = &f.v;
	struct target_id lv;
	struct decision d;
	const char *why;
	char err[256];

	if (live(c->target)) {
		struct asker a = {pol, sub, 1};

		if (netns_host_init(err, sizeof(err)) != 0)
			die(EXIT_FAIL, "cannot identify the host's network namespace: %s", err);
		target_resolve(c->target, pol->state_root, &a, &tgt);
		target_view(&tgt, &lv);
		v = &lv;
	} else if ((why = facts_written(c->target) ? facts_parse(c->target, &f)
						   : facts_from_spelling(c->target, &f))) {
		die(EXIT_FAIL, "TARGET %s: %s", tesc(c->target), why);
	}
	policy_decide(pol, sub, v, c->tool, c->nargs, c->args, &d);
	explain(pol, &d, v == &lv ? &tgt : NULL, v, c->tool, c->nargs, c->args, 1);
	if (v == &lv)
		netns_unpin(&tgt.pin);
	else if (!facts_written(c->target) && strcmp(c->target, "host") != 0)
		printf("identity: as spelled, no runtime state read (as root, -C reads the live "
		       "record; -n does for you)\n");
	return verdict_status(&d);
}

int check_run(const struct cli *c, const struct subject *caller)
{
	static gid_t groups[CHECK_MAX_GROUPS];
	struct subject sub = *caller;
	struct policy pol;
	struct lint_db db;
	struct lint l;
	int warnings, failing = 0, total = 0, status = 0;
	const char *why;
	char err[9000] = "";

	policy_load_untrusted(c->check_file, &pol);
	lint_db_load(&db);
	l = (struct lint){.pol = &pol, .db = &db};
	lint_policy(&l);
	lint_system(&l);
	warnings = lint_report(&l, stdout);
	if (c->test_file)
		failing = cases_run(&pol, c->test_file, stdout, &total);
	if (c->as_user && (why = subject_of(c->as_user, &sub, groups, CHECK_MAX_GROUPS)))
		die(EXIT_FAIL, "--as %s: %s", tesc(c->as_user), why);
	sub.reason = caller->reason;
	if (c->target)
		status = decide(&pol, c, &sub);
	if (fflush(stdout) != 0)
		pdie(EXIT_FAIL, "writing to standard output");
	lint_db_free(&db);
	policy_free(&pol);
	if (!(c->strict && warnings) && !failing)
		return status;
	/* One line says every reason the check fails. */
	if (c->strict && warnings)
		snprintf(err, sizeof(err), "%s: %d warning%s, and --strict", c->check_file,
			 warnings, warnings == 1 ? "" : "s");
	if (failing && total)
		snprintf(err + strlen(err), sizeof(err) - strlen(err), "%s%s: %d of %d cases fail",
			 err[0] ? "; " : "", c->test_file, failing, total);
	else if (failing)
		snprintf(err + strlen(err), sizeof(err) - strlen(err), "%s%s: no cases",
			 err[0] ? "; " : "", c->test_file);
	warnx_("%s", err);
	return EXIT_FAIL;
}
