/* SPDX-License-Identifier: ISC */
/* libFuzzer target: runc_parse_state (rt_parse.c) on the exact input bytes, for a container
 * directory named "abcd1234"; then the container record invariants and container_merge. */
#include <stdint.h>
#include <string.h>

#include "fuzz_common.h"
#include "fuzz_container.h"
#include "runtime.h"

#define DIRNAME "abcd1234"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct container c;
	const char *err = NULL;
	int rc;

	memset(&c, 0, sizeof(c));
	rc = runc_parse_state((const char *)data, size, DIRNAME, FAM_CRIO, &c, &err);
	fuzz_check_container(&c);
	if (rc != 0) {
		FUZZ_ASSERT(rc == -1, "runc_parse_state returned %d", rc);
		FUZZ_ASSERT(err && *err, "refused without a reason");
		return 0;
	}
	FUZZ_ASSERT(strcmp(c.id, DIRNAME) == 0, "id '%s' is not the directory's name", c.id);
	FUZZ_ASSERT(c.pid >= 1, "pid %d out of range", (int)c.pid);
	FUZZ_ASSERT(c.start != 0, "start time 0 accepted");
	fuzz_check_merge(&c);
	return 0;
}
