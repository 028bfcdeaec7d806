/* SPDX-License-Identifier: ISC */
/* libFuzzer target: crun_parse_status (rt_parse.c) on the exact input bytes. */
#include <stdint.h>
#include <string.h>

#include "fuzz_common.h"
#include "fuzz_container.h"
#include "runtime.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct container c;
	const char *err = NULL;
	int rc;

	memset(&c, 0, sizeof(c));
	rc = crun_parse_status((const char *)data, size, &c, &err);
	fuzz_check_container(&c);
	if (rc != 0) {
		FUZZ_ASSERT(rc == -1, "crun_parse_status returned %d", rc);
		FUZZ_ASSERT(err && *err, "refused without a reason");
		return 0;
	}
	FUZZ_ASSERT(c.pid >= 1 && c.start != 0, "pid %d start %llu accepted", (int)c.pid,
		    (unsigned long long)c.start);
	fuzz_check_merge(&c);
	return 0;
}
