/* SPDX-License-Identifier: ISC */
/* Container IDs named by a process's cgroup paths (/proc/PID/cgroup, v1 and v2). */
#ifndef NSCAP_CGROUP_H
#define NSCAP_CGROUP_H

#include "runtime.h"

#define CGROUP_MAX_CANDIDATES 32

/* Distinct candidate IDs from the path components of text, in order of appearance, with the
 * runtimes' decorations removed (docker-ID.scope, cri-containerd-ID.scope, crio-ID.scope,
 * libpod-ID.scope; conmon scopes skipped). Returns how many. Pure. */
int cgroup_candidates(const char *text, char out[][ID_MAX + 1], int max);

#endif
