/* SPDX-License-Identifier: ISC */
/* Who a target is, in the policy's terms: one place that splits NAMESPACE/POD[/CONTAINER] and
 * one that turns a container into the identity rules match (used by the policy parser, the
 * decision, resolution, -l, -n and -C alike). Pure. */
#ifndef NSCAP_IDENTITY_H
#define NSCAP_IDENTITY_H

#include <stddef.h>

#include "policy.h"
#include "runtime.h"

/* Kubernetes' own bounds: a namespace and a container name are DNS labels, a pod name a DNS
 * subdomain. */
#define POD_NS_MAX 63
#define POD_NAME_MAX 253
#define POD_CTR_MAX 63

struct pod_ref {
	char ns[POD_NS_MAX + 1];
	char pod[POD_NAME_MAX + 1];
	char ctr[POD_CTR_MAX + 1]; /* empty: the whole pod */
};

/* NAMESPACE/POD or NAMESPACE/POD/CONTAINER, each part 1 to its bound bytes with no '/' and no
 * control character (policy patterns may hold '*' and '?'). NULL, or why not. */
const char *pod_ref_parse(const char *s, struct pod_ref *out);

/* Does pattern p (a parsed pod: pattern) match the identity? Each part is a glob of its own, so
 * '*' never crosses a '/'; a pattern with a container needs a container. */
int pod_ref_matches(const struct pod_ref *p, const struct target_id *v);

/* The identity the decision sees for container c. whole_pod: the caller named the pod, so no
 * container's name counts (and neither does the sandbox's); host: its network namespace is the
 * host's, which only `host` rules match. Pointers into c. */
void identity_of(const struct container *c, int whole_pod, int host, struct target_id *v);

/* One string field of a record, from one source: set when empty, the same value again is
 * fine. NULL, or why not: "contradicts" (another value is there) or "too long". */
const char *field_set(char *dst, size_t size, const char *value);

#endif
