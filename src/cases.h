/* SPDX-License-Identifier: ISC */
/* Policy tests (nscap -C POLICY --test CASES): each line of CASES says what the policy must
 * decide for one request,
 *     USER [-r REASON] TARGET TOOL [ARG...] => permit|deny [RULE-LINE|none]
 * with TARGET written as the facts of the target (facts.h), decided without privileges. */
#ifndef NSCAP_CASES_H
#define NSCAP_CASES_H

#include <stdio.h>
#include <sys/types.h>

#include "policy.h"

/* The subject USER stands for (a name, or a uid), with its groups from the system's databases
 * (a uid without a passwd entry has none). groups holds up to max. NULL, or why not. */
const char *subject_of(const char *user, struct subject *sub, gid_t *groups, int max);

/* Run every case of file against pol, printing each mismatch or bad line to out as
 * "file:line: ..." and then a summary; *total gets the number of cases. Returns how many fail. */
int cases_run(const struct policy *pol, const char *file, FILE *out, int *total);

#endif
