/* SPDX-License-Identifier: ISC */
/* Step 1: take the process over from a hostile caller (fds, signals, limits, dumpability). */
#ifndef NSCAP_SANITIZE_H
#define NSCAP_SANITIZE_H

#include <sys/resource.h>

struct caller_limits {
	struct rlimit cpu, fsize, stack;
};

/* fds 0-2 open (on /dev/null if the caller closed them), every other fd closed. */
void sanitize_fds(void);
/* Every signal back to its default action; terminal signals held until the supervisor (which
 * forwards them) or the tool (which gets them unblocked) is running. */
void sanitize_signals(void);
/* Limits nscap itself needs, the caller's kept in saved for the tool. */
void sanitize_limits(struct caller_limits *saved);
/* The tool's signal dispositions: all default (setup ignores SIGXFSZ). */
void signals_for_tool(void);
/* The tool's limits: the caller's own, file size capped by the rule, no core files. */
void limits_for_tool(const struct caller_limits *saved, long long max_bytes);

#endif
