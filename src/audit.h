/* SPDX-License-Identifier: ISC */
/* The audit trail: one JSON line per event in the log file, a summary to syslog. */
#ifndef NSCAP_AUDIT_H
#define NSCAP_AUDIT_H

#include <sys/types.h>

#include "supervise.h"
#include "target.h"

struct audit_info {
	char session[33];
	uid_t uid;
	const char *user; /* NULL without a passwd entry */
	gid_t gid;
	const gid_t *groups;
	int ngroups;
	char tty[256];
	char cwd[4096];
	int have_cwd;
	const char *target_spec;
	const struct target *target; /* NULL until resolved */
	const char *tool;
	const char *path; /* NULL until the tool is known */
	int argc;
	char *const *argv;
	const char *reason;
	const char *rule_file;
	int rule_line;	      /* 0: no rule matched */
	const char *decision; /* "permit" or "deny", NULL before the decision */
};

/* Fill the caller's facts (session id, tty, cwd) into ai. Dies on failure. */
void audit_init(struct audit_info *ai);
/* Open the log (compiled-in path; root-owned directories, O_APPEND|O_NOFOLLOW) and syslog.
 * From here on, die() records an `error` event. Dies if the log cannot be opened. */
void audit_open(struct audit_info *ai);
/* Write one event; dies if the record cannot be written whole (except for "end"/"error",
 * which return -1 so the exit status still reaches the caller). */
int audit_event(const char *event, const struct outcome *o, const char *error);

#endif
