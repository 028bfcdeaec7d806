/* SPDX-License-Identifier: ISC */
/* Container IDs named by a process's cgroup paths (/proc/PID/cgroup, v1 and v2). */
#ifndef NSCAP_CGROUP_H
#define NSCAP_CGROUP_H

#include "runtime.h"

#define CGROUP_MAX_CANDIDATES 32

/* Distinct candidate IDs from the path components of text, in order of appearance, with the
 * runtimes' decorations removed (docker-ID.scope, cri-containerd-ID.scope, crio-ID.scope,
 * libpod-ID.scope; conmon scopes skipped). Returns how many. Pure. Candidates only: what a
 * candidate is must be proved with cgroup_within() against its runtime's own record. */
int cgroup_candidates(const char *text, char out[][ID_MAX + 1], int max);

/* Is some path of /proc/PID/cgroup text the runtime's recorded cgroup path for a container,
 * or below it? (A tenant can make cgroups below its own container's only.) Pure. */
int cgroup_within(const char *text, const char *path);

#endif
