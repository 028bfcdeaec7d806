/* SPDX-License-Identifier: ISC */
/* Invariants of struct container (runtime.h) after any parser ran on it, and of
 * container_merge. Header only, for the fuzz targets of rt_parse.c. */
#ifndef NSCAP_FUZZ_CONTAINER_H
#define NSCAP_FUZZ_CONTAINER_H

#include <string.h>

#include "fuzz_common.h"
#include "runtime.h"

#define FUZZ_FIELD_OK(c, f)                                                                        \
	FUZZ_ASSERT(memchr((c)->f, '\0', sizeof((c)->f)), "field " #f " not NUL-terminated")

static inline void fuzz_check_container(const struct container *c)
{
	static const char *const runtimes[] = {"",	 "docker", "containerd", "cri-o",
					       "podman", "runc",   "crun"};
	int known = 0;

	FUZZ_FIELD_OK(c, id);
	FUZZ_FIELD_OK(c, runtime);
	FUZZ_FIELD_OK(c, name);
	FUZZ_FIELD_OK(c, pod_ns);
	FUZZ_FIELD_OK(c, pod_name);
	FUZZ_FIELD_OK(c, pod_container);
	FUZZ_FIELD_OK(c, pod_uid);
	FUZZ_FIELD_OK(c, sandbox_id);
	FUZZ_FIELD_OK(c, bundle);
	FUZZ_FIELD_OK(c, podman_pod);
	FUZZ_FIELD_OK(c, cgroup);
	FUZZ_FIELD_OK(c, image);
	FUZZ_FIELD_OK(c, ignored);
	FUZZ_FIELD_OK(c, finished);
	for (size_t i = 0; i < sizeof(runtimes) / sizeof(runtimes[0]); i++)
		known |= strcmp(c->runtime, runtimes[i]) == 0;
	FUZZ_ASSERT(known, "unknown runtime '%s'", c->runtime);
	FUZZ_ASSERT(c->managed == 0 || c->managed == 1, "managed %d", c->managed);
	FUZZ_ASSERT(c->pid >= 0 && c->pid <= 4194304, "pid %d", (int)c->pid);
	FUZZ_ASSERT(c->sandbox == 0 || c->sandbox == 1, "sandbox %d", c->sandbox);
	FUZZ_ASSERT(c->host_network == 0 || c->host_network == 1, "host_network %d",
		    c->host_network);
}

/* Merging a record into an empty one copies it; merging it into itself adds no contradiction;
 * merging it into one with another PID is one. */
static inline void fuzz_check_merge(const struct container *c)
{
	struct container e, same, other;
	const char *why;

	memset(&e, 0, sizeof(e));
	memcpy(e.id, c->id, sizeof(e.id));
	e.exit_code = -1;
	why = container_merge(&e, c);
	FUZZ_ASSERT(!why, "merge into an empty record contradicts: %s", why);
	fuzz_check_container(&e);
	FUZZ_ASSERT(strcmp(e.name, c->name) == 0 && strcmp(e.pod_ns, c->pod_ns) == 0 &&
			    strcmp(e.pod_name, c->pod_name) == 0 &&
			    strcmp(e.pod_container, c->pod_container) == 0 &&
			    strcmp(e.pod_uid, c->pod_uid) == 0 &&
			    strcmp(e.sandbox_id, c->sandbox_id) == 0 &&
			    strcmp(e.cgroup, c->cgroup) == 0 && strcmp(e.bundle, c->bundle) == 0 &&
			    e.pid == c->pid && e.start == c->start && e.sandbox == c->sandbox &&
			    e.host_network == c->host_network && e.stopped == c->stopped,
		    "merge into an empty record is not a copy");
	FUZZ_ASSERT(!c->managed || strcmp(e.runtime, c->runtime) == 0,
		    "merge lost the managing runtime");

	same = *c;
	why = container_merge(&same, c);
	fuzz_check_container(&same);
	FUZZ_ASSERT(!why, "merging a record with itself contradicts: %s", why);

	other = *c;
	if (c->pid) {
		other.pid = c->pid == 1 ? 2 : 1;
		FUZZ_ASSERT(container_merge(&other, c),
			    "different PIDs merged without a contradiction");
	}
}

#endif
