/* SPDX-License-Identifier: ISC */
/* Turning TARGET into one pinned network namespace and an identity for the policy. */
#ifndef NSCAP_TARGET_H
#define NSCAP_TARGET_H

#include "index.h"
#include "netns.h"
#include "policy.h"
#include "runtime.h"

struct target {
	const char *spec; /* as the caller wrote it */
	const char *kind; /* "container", "pod", "pid" (in no known container) or "host" */
	int has_container;
	int whole_pod; /* the caller named a pod: no container's identity counts */
	struct container c;
	struct pinned pin; /* pidfd -1 and nsfd -1 until pinned */
	struct index ix;   /* every record considered, for -n */
	char notes[512];   /* what a caller may be told about records not used */
};

/* Who is asking, for what may be disclosed (see SECURITY.md): candidates, suggestions and
 * states are shown only for containers some rule lets the caller enter; all: everything. */
struct asker {
	const struct policy *pol;
	const struct subject *sub;
	int all;
};

/* Pin a container's recorded process: by its recorded start time or, where the runtime records
 * none, only if the process is in the runtime's own cgroup for it. NULL, or why not. */
const char *container_pin(const struct container *c, struct pinned *pin);
/* The same as a look only, for what is shown (-l, -n's warning): no fd is kept. */
const char *container_peek(const struct container *c, struct pinned *pin);

/* Resolve spec below state_root and pin its netns. A container the asker may not enter is
 * resolved but not pinned when it is not running (the decision then denies it). Dies with
 * EXIT_FAIL and one line saying what to do when nothing can be resolved. */
void target_resolve(const char *spec, const char *state_root, const struct asker *a,
		    struct target *t);

/* The identity the decision sees. */
void target_view(const struct target *t, struct target_id *v);

#endif
