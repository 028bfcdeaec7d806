/* SPDX-License-Identifier: ISC */
/* t_lint.h: what -C's checks print for a policy text, for the test_lint*.c unit tests (with
 * t_policy.h). */
#ifndef NSCAP_T_LINT_H
#define NSCAP_T_LINT_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lint.h"
#include "t_policy.h"

/* The warnings check (NULL: every check that needs only the policy) prints for text parsed as
 * "p", with db as the user database; "parse error" when it does not parse. Free it. */
static inline char *lint_text(const char *text, const struct lint_db *db,
			      void (*check)(struct lint *))
{
	struct parsed p;
	struct lint l;
	char *out = NULL;
	size_t len = 0;
	FILE *f;

	parse(&p, text);
	if (p.nerr) {
		printf("# parse errors: %s", p.errs);
		done(&p);
		return strdup("parse error");
	}
	l = (struct lint){.pol = &p.pol, .db = db};
	if (check)
		check(&l);
	else
		lint_policy(&l);
	f = open_memstream(&out, &len);
	if (!f)
		exit(2);
	lint_print(&l, f);
	fclose(f);
	done(&p);
	return out;
}

#endif
