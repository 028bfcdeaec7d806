/* SPDX-License-Identifier: ISC */
/* libFuzzer target: kube_log_name (rt_parse.c).
 * Input: ID "\n" NAME (both cut at a NUL, as C strings are).
 * Oracle: NAME is <pod>_<ns>_<container>-<ID>.log with three non-empty parts free of '_' (and
 * shorter than the function's 512-byte buffer), each fitting its field whole (else nothing is
 * taken: no name is ever cut); on success the record holds exactly those parts. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"
#include "fuzz_container.h"
#include "runtime.h"

static int reference(const char *name, const char *id, char parts[3][512])
{
	size_t n = strlen(name), idl = strlen(id), pre;
	const char *p;

	if (n >= 512 || n < idl + 5)
		return -1;
	if (strcmp(name + n - 4, ".log") != 0 || memcmp(name + n - 4 - idl, id, idl) != 0 ||
	    name[n - 5 - idl] != '-')
		return -1;
	pre = n - 5 - idl;
	p = name;
	for (int k = 0; k < 3; k++) {
		const char *u = memchr(p, '_', pre - (size_t)(p - name));
		size_t l = k < 2 ? (u ? (size_t)(u - p) : 0) : pre - (size_t)(p - name);

		if (k < 2 && !u)
			return -1;
		if (l == 0 || memchr(p, '_', l))
			return -1;
		memcpy(parts[k], p, l);
		parts[k][l] = '\0';
		p += l + 1;
	}
	return 0;
}

static void same(const char *field, const char *want, const char *what)
{
	FUZZ_ASSERT(strcmp(field, want) == 0, "%s '%s', expected '%s'", what, field, want);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nl = memchr(data, '\n', size);
	size_t idl = nl ? (size_t)(nl - data) : 0;
	char *id = fuzz_strndup(data, idl);
	char *name = fuzz_strndup(nl ? nl + 1 : data, nl ? size - idl - 1 : size);
	char parts[3][512];
	struct container c;
	int rc, ref;

	memset(&c, 0, sizeof(c));
	rc = kube_log_name(name, id, &c);
	ref = reference(name, id, parts);
	if (ref == 0 &&
	    (strlen(parts[0]) >= sizeof(c.pod_name) || strlen(parts[1]) >= sizeof(c.pod_ns) ||
	     strlen(parts[2]) >= sizeof(c.pod_container)))
		ref = -1;
	fuzz_check_container(&c);
	FUZZ_ASSERT(rc == ref, "kube_log_name says %d, the reference %d", rc, ref);
	if (rc != 0)
		FUZZ_ASSERT(!c.pod_name[0] && !c.pod_ns[0] && !c.pod_container[0],
			    "a refused name changed the record");
	if (rc == 0) {
		same(c.pod_name, parts[0], "pod");
		same(c.pod_ns, parts[1], "namespace");
		same(c.pod_container, parts[2], "container");
	}
	free(id);
	free(name);
	return 0;
}
