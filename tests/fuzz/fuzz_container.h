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
	for (size_t i = 0; i < sizeof(runtimes) / sizeof(runtimes[0]); i++)
		known |= strcmp(c->runtime, runtimes[i]) == 0;
	FUZZ_ASSERT(known, "unknown runtime '%s'", c->runtime);
	FUZZ_ASSERT(c->rank >= 0 && c->rank <= 2, "rank %d", c->rank);
	FUZZ_ASSERT(c->pid >= 0 && c->pid <= 4194304, "pid %d", (int)c->pid);
	FUZZ_ASSERT(c->sandbox == 0 || c->sandbox == 1, "sandbox %d", c->sandbox);
	FUZZ_ASSERT(c->host_network == 0 || c->host_network == 1, "host_network %d",
		    c->host_network);
}

/* Merging a record into an empty one copies it; merging it into itself adds no conflict;
 * merging it into a contradicting one is a conflict. */
static inline void fuzz_check_merge(const struct container *c)
{
	struct container e, same, other;

	memset(&e, 0, sizeof(e));
	memcpy(e.id, c->id, sizeof(e.id));
	container_merge(&e, c);
	fuzz_check_container(&e);
	FUZZ_ASSERT(strcmp(e.name, c->name) == 0 && strcmp(e.pod_ns, c->pod_ns) == 0 &&
			    strcmp(e.pod_name, c->pod_name) == 0 &&
			    strcmp(e.pod_container, c->pod_container) == 0 &&
			    strcmp(e.pod_uid, c->pod_uid) == 0 &&
			    strcmp(e.sandbox_id, c->sandbox_id) == 0 &&
			    strcmp(e.bundle, c->bundle) == 0 && e.pid == c->pid &&
			    e.start == c->start && e.sandbox == c->sandbox &&
			    e.host_network == c->host_network && e.conflict == c->conflict,
		    "merge into an empty record is not a copy");
	FUZZ_ASSERT(c->rank == 0 || strcmp(e.runtime, c->runtime) == 0,
		    "merge lost the ranked runtime");

	same = *c;
	container_merge(&same, c);
	fuzz_check_container(&same);
	FUZZ_ASSERT(same.conflict == c->conflict, "merging a record with itself conflicts");

	other = *c;
	other.conflict = 0;
	if (c->pid) {
		other.pid = c->pid == 1 ? 2 : 1;
		container_merge(&other, c);
		FUZZ_ASSERT(other.conflict, "different PIDs merged without a conflict");
	}
}

#endif
