/* SPDX-License-Identifier: ISC */
/* nscap -C FILE [--strict] [--as USER] [--test CASES] [TARGET TOOL [ARG...]]: parse the policy,
 * warn about what parses but is broken or unsafe (lint.h), run its policy tests (cases.h), and
 * with a target, print the decision it would make. */
#ifndef NSCAP_CHECK_H
#define NSCAP_CHECK_H

#include "cli.h"
#include "policy.h"

/* The exit status: 125 on errors, with --strict on warnings, on a failing case; else the
 * decision's (0 without a target). Runs as the caller, or as root with root's reach (the live
 * target's record). */
int check_run(const struct cli *c, const struct subject *caller);

#endif
