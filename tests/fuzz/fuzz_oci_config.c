/* SPDX-License-Identifier: ISC */
/* libFuzzer target: oci_parse_config (rt_parse.c; annotations through container_annotation)
 * on the exact input bytes, then container_merge. */
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
	rc = oci_parse_config((const char *)data, size, FAM_CRI, &c, &err);
	fuzz_check_container(&c);
	if (rc != 0) {
		FUZZ_ASSERT(rc == -1, "oci_parse_config returned %d", rc);
		FUZZ_ASSERT(err && *err, "refused without a reason");
		return 0;
	}
	/* A config names no process: identity only. */
	FUZZ_ASSERT(c.pid == 0 && c.start == 0 && !c.id[0], "config set a pid or an id");
	fuzz_check_merge(&c);
	return 0;
}
