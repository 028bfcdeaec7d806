/* SPDX-License-Identifier: ISC */
/* libFuzzer target: docker_parse_config (rt_docker.c) on the exact input bytes, for a container
 * directory named "abcd1234", then container_merge. */
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
	char driver[32], labels[8192];
	int rc;

	memset(&c, 0, sizeof(c));
	c.exit_code = -1;
	rc = docker_parse_config((const char *)data, size, DIRNAME, &c, driver, sizeof(driver),
				 labels, sizeof(labels), &err);
	fuzz_check_container(&c);
	if (rc < 0) {
		FUZZ_ASSERT(rc == -1, "docker_parse_config returned %d", rc);
		FUZZ_ASSERT(err && *err, "refused without a reason");
		return 0;
	}
	FUZZ_ASSERT(strcmp(c.id, DIRNAME) == 0, "id '%s' is not the directory's name", c.id);
	FUZZ_ASSERT(c.stopped || c.pid >= 1, "running with pid %d accepted", (int)c.pid);
	FUZZ_ASSERT((size_t)rc <= sizeof(labels), "labels overran");
	/* The same text as the image's config: every label it has is the image's. */
	if (docker_trust_labels(&c, labels, (size_t)rc, (const char *)data, size, &err) == 0)
		fuzz_check_container(&c);
	fuzz_check_merge(&c);
	return 0;
}
