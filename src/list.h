/* SPDX-License-Identifier: ISC */
/* nscap -l: the targets the caller may enter, with the tools allowed on each. */
#ifndef NSCAP_LIST_H
#define NSCAP_LIST_H

#include "policy.h"

/* Print to stdout as a table, or as one JSON array with json. Returns how many were listed. */
int list_targets(const struct policy *pol, const struct subject *sub, int json);

#endif
