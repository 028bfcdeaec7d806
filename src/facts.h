/* SPDX-License-Identifier: ISC */
/* A target as -C and policy tests know it without reading runtime state: the facts written down
 * (pod:NS/POD[/CONTAINER], container:NAME, id:ID, runtime:R, host, joined with '&'), or a
 * TARGET's spelling taken at face value. Pure. */
#ifndef NSCAP_FACTS_H
#define NSCAP_FACTS_H

#include <stddef.h>

#include "identity.h"
#include "policy.h"
#include "runtime.h"

struct facts {
	struct target_id v; /* what the decision sees; pointers into this struct */
	struct pod_ref pod;
	char id[ID_MAX + 1], name[CNAME_MAX + 1], runtime[16];
};

/* Is s written as facts ("kind:value", '&') rather than as a TARGET's spelling? */
int facts_written(const char *s);
/* Facts into f: NULL, or why s is not one target's facts. */
const char *facts_parse(const char *s, struct facts *f);
/* A spelling at face value: host, NAMESPACE/POD[/CONTAINER], or a container ID or name (either,
 * as nothing says which). NULL, or why not (pid:N needs the live record). */
const char *facts_from_spelling(const char *spec, struct facts *f);

/* "pod shop/web", "container id ID name N pod NS/POD/C runtime R", "host": one line. */
void target_id_describe(const struct target_id *v, char *buf, size_t len);

#endif
