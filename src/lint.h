/* SPDX-License-Identifier: ISC */
/* -C's semantic checks: policies that parse but are broken or unsafe. Each finding is a warning
 * "file:line:col: warning: WHAT [check]" with a "why:" and a "fix:" line (nscap.policy(5),
 * "Common mistakes", lists them all). */
#ifndef NSCAP_LINT_H
#define NSCAP_LINT_H

#include <stdio.h>
#include <sys/types.h>

#include "policy.h"

/* The system's users and groups as they are now: who a group: rule names. */
struct lint_user {
	uid_t uid;
	gid_t gid;
	char name[64];
	gid_t *groups; /* supplementary, from the group database */
	int ngroups;
};

struct lint_group {
	gid_t gid;
	char name[64];
};

struct lint_db {
	struct lint_user *users;
	size_t nusers;
	struct lint_group *groups;
	size_t ngroups;
};

struct lint_finding {
	int line, col, seq;
	int note;   /* said, but no warning: what this user could not check */
	char *text; /* "WHAT [check]\nWHY\nFIX" */
};

struct lint {
	const struct policy *pol;
	const struct lint_db *db;
	struct lint_finding *found;
	int nfound, cap;
};

/* Record a warning at line:col (col 0: the line's first column); fmt makes "WHAT\nWHY\nFIX". */
__attribute__((format(printf, 5, 6))) void lint_warn(struct lint *l, int line, int col,
						     const char *check, const char *fmt, ...);
/* The same as a note: something not checked, which is no warning. */
__attribute__((format(printf, 4, 5))) void lint_note(struct lint *l, int line, int col,
						     const char *fmt, ...);
/* Print the findings in line order to out (and forget them); returns how many warnings. */
int lint_print(struct lint *l, FILE *out);

/* lint_print, then "FILE: ok" or "FILE: N warnings"; returns the number of warnings. */
int lint_report(struct lint *l, FILE *out);

/* The checks that need only the policy and the user database (pure). */
void lint_policy(struct lint *l);
void lint_tools(struct lint *l);  /* lint_tools.c: dangerous options, option shapes */
void lint_rules(struct lint *l);  /* lint_rules.c: shadowed rules, walk-arounds */
void lint_limits(struct lint *l); /* permits without max-time or max-bytes */
void lint_hosts(struct lint *l);  /* any/host confusions */

/* The checks that look at this system: tool paths and the state-root (lint_sys.c). */
void lint_system(struct lint *l);
/* The users and groups the system's databases know (lint_sys.c). */
void lint_db_load(struct lint_db *db);
void lint_db_free(struct lint_db *db);

#endif
