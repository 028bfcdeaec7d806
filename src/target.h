/* SPDX-License-Identifier: ISC */
/* Turning TARGET into one pinned network namespace and an identity for the policy. */
#ifndef NSCAP_TARGET_H
#define NSCAP_TARGET_H

#include "netns.h"
#include "policy.h"
#include "runtime.h"

struct target {
	const char *spec; /* as the caller wrote it */
	const char *kind; /* "container", "pid" (no container found) or "host" */
	int has_container;
	struct container c;
	struct pinned pin;
};

/* Pin a container's recorded process: by its recorded start time, or, where the runtime
 * records none, only if the process's cgroup names the container. 0 on success. */
int container_pin(const struct container *c, struct pinned *pin, char *err, size_t errlen);

/* Resolve spec below state_root and pin its netns; on failure die() with EXIT_FAIL. */
void target_resolve(const char *spec, const char *state_root, struct target *t);

/* The identity the decision sees. */
void target_view(const struct target *t, struct target_id *v);

#endif
