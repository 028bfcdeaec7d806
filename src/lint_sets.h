/* SPDX-License-Identifier: ISC */
/* What rules cover, as sets, for the rule checks: does one rule's WHO, TOOLS or TARGETS contain
 * (every member is also in) or overlap (some member is in both) another's? "Contains" errs
 * towards no and "overlaps" towards yes, so a warning is never built on a guess. Pure: group
 * membership comes from the lint_db given. */
#ifndef NSCAP_LINT_SETS_H
#define NSCAP_LINT_SETS_H

#include <stddef.h>

#include "lint.h"

/* Is u a member of group g (primary or supplementary)? */
int db_in_group(const struct lint_db *db, unsigned u, unsigned g);
int who_contains(const struct lint_db *db, const struct who *a, const struct who *b);
int who_overlaps(const struct lint_db *db, const struct who *a, const struct who *b);
/* "group:ops", "user:alice", "uid:1234", "any". */
const char *who_text(const struct lint_db *db, const struct who *w, char *buf, size_t len);
/* The users both name, for a message: "alice, bob and 3 more", or "" when a set is open. */
void who_both(const struct lint_db *db, const struct who *a, const struct who *b, char *buf,
	      size_t len);

/* Every tool b runs, a runs too ("any": every tool pol defines). */
int tools_contain(const struct policy *pol, const struct rule *a, const struct rule *b);
int tools_overlap(const struct rule *a, const struct rule *b);
/* "tcpdump,ss" (the tools both rules name) or "any tool". */
void tools_both(const struct rule *a, const struct rule *b, char *buf, size_t len);

/* Every string h matches, g matches too (sound, not complete). */
int glob_covers(const char *g, const char *h);
/* Some string matches both (errs towards yes). */
int glob_meet(const char *g, const char *h);
/* A pattern of only '*': every string. */
int glob_all(const char *g);

int pat_contains(const struct tpat *a, const struct tpat *b);
int pat_overlaps(const struct tpat *a, const struct tpat *b);
int targets_contain(const struct rule *a, const struct rule *b);
int targets_overlap(const struct rule *a, const struct rule *b);
/* The rule's targets as written: "pod:shop/web,host". */
const char *targets_text(const struct rule *r, char *buf, size_t len);

#endif
