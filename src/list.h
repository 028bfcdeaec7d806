/* SPDX-License-Identifier: ISC */
/* nscap -l: the targets the caller may enter, with the tools allowed on each. */
#ifndef NSCAP_LIST_H
#define NSCAP_LIST_H

#include "policy.h"

/* Print to stdout as a table, or as one JSON array with json (an object a line: the container's
 * runtime, id, name, namespace, pod and container, pid, netns, and the tools allowed with their
 * limits). filter: NAMESPACE[/POD[/CONTAINER]] (globs), or NULL for all. Returns how many were
 * listed. */
int list_targets(const struct policy *pol, const struct subject *sub, int json, const char *filter);

#endif
