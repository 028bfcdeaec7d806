/* SPDX-License-Identifier: ISC */
/* What -n and -C print: the decision, the rule, the target, capabilities, limits, argv. */
#ifndef NSCAP_EXPLAIN_H
#define NSCAP_EXPLAIN_H

#include "policy.h"
#include "target.h"

/* The exit status a decision maps to: 0 permit, 126 deny, 127 tool not defined. */
int verdict_status(const struct decision *d);

/* Print the explanation to stdout; t may be NULL (-C resolves nothing). Without full (a
 * denied caller), only the decision and the rule. */
void explain(const struct policy *pol, const struct decision *d, const struct target *t,
	     const struct target_id *v, const char *tool, int nargs, char *const args[], int full);

/* The same as one JSON object (-n --json): decision, why, rule; when full, the target, the tool
 * with its capabilities and limits, and argv. */
void explain_json(const struct policy *pol, const struct decision *d, const struct target *t,
		  const struct target_id *v, const char *name, int nargs, char *const args[],
		  int full);

#endif
