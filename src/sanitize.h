/* SPDX-License-Identifier: ISC */
/* Step 1: take the process over from a hostile caller (fds, signals, limits, dumpability). */
#ifndef NSCAP_SANITIZE_H
#define NSCAP_SANITIZE_H

#include <sys/resource.h>
#include <sys/types.h>

/* Everything of the caller's that nscap replaces for itself and gives back to the tool. */
struct caller_limits {
	struct rlimit rl[RLIM_NLIMITS];
	mode_t umask;
};

/* fds 0-2 open (on /dev/null if the caller closed them), every other fd closed. */
void sanitize_fds(void);
/* Every signal back to its default action; terminal signals held until the supervisor (which
 * forwards them) or the tool (which gets them unblocked) is running. */
void sanitize_signals(void);
/* Every resource limit set to nscap's own value, so nothing the caller limited can make an
 * allocation, a file or a record fail part way; the caller's are kept in saved for the tool. */
void sanitize_limits(struct caller_limits *saved);
/* umask 077 for nscap, the caller's kept in saved for the tool. */
void sanitize_umask(struct caller_limits *saved);
/* The tool's signal dispositions: all default (setup ignores SIGXFSZ and SIGPIPE). */
void signals_for_tool(void);
/* The tool's limits and umask: the caller's own, file size capped by the rule, no core files,
 * open files below fds nscap keeps for itself until the exec. */
void limits_for_tool(const struct caller_limits *saved, long long max_bytes);

#endif
