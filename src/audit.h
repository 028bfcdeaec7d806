/* SPDX-License-Identifier: ISC */
/* The audit trail: one JSON line per event in the log file, a summary to syslog. */
#ifndef NSCAP_AUDIT_H
#define NSCAP_AUDIT_H

#include <sys/types.h>

#include "supervise.h"
#include "target.h"

enum audit_event { AUDIT_START, AUDIT_END, AUDIT_DENY, AUDIT_ERROR, AUDIT_CHECK, AUDIT_LIST };

/* Everything a record says. The caller of audit_write() owns it and fills it in as it learns. */
struct audit_facts {
	char session[33];
	uid_t uid;
	const char *user; /* NULL without a passwd entry */
	gid_t gid;
	const gid_t *groups;
	int ngroups;
	char tty[32]; /* the controlling terminal, empty without one */
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
	int rule_line;		     /* 0: no rule matched */
	const char *decision;	     /* "permit" or "deny", NULL before the decision */
	const char *host;	     /* how the host's network namespace was identified */
	const struct bounds *bounds; /* the rule's bounds when it has any, else NULL */
	int eff_argc;		     /* the argv the tool runs with (bounds.h) */
	char *const *eff_argv;
};

/* The caller's facts that do not depend on the command line: session id, tty, cwd. */
void audit_init(struct audit_facts *f);
/* Open the log (compiled-in path; root-owned directories, O_APPEND|O_NOFOLLOW) and syslog.
 * Dies if the log cannot be opened. */
void audit_open(void);
/* The compiled-in path of the log, for -V. */
const char *audit_log_path(void);
/* Write one record in one write(), after reserving room for it and for the end records of
 * sessions still running. start, deny, check and list must be written whole (a start record
 * with a cut argv is refused: what runs is recorded whole or not run): audit_write() dies
 * when they are not. end and error return -1 so the caller can still report. */
int audit_write(enum audit_event ev, const struct audit_facts *f, const struct outcome *o,
		const char *error);

#endif
