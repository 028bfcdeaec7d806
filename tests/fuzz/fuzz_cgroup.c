/* SPDX-License-Identifier: ISC */
/* libFuzzer target: cgroup_candidates (cgroup.c) on a NUL-terminated copy of the input, with
 * the real bound and with small ones. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cgroup.h"
#include "fuzz_common.h"
#include "runtime.h"

static void check(const char *text, int max)
{
	char(*out)[ID_MAX + 1] = malloc((size_t)(max ? max : 1) * sizeof(*out));
	int n;

	if (!out)
		abort();
	n = cgroup_candidates(text, out, max);
	FUZZ_ASSERT(n >= 0 && n <= max, "%d candidates for max %d", n, max);
	for (int i = 0; i < n; i++) {
		FUZZ_ASSERT(memchr(out[i], '\0', ID_MAX + 1), "candidate %d not terminated", i);
		FUZZ_ASSERT(valid_id(out[i]), "candidate '%s' is not a valid ID", out[i]);
		FUZZ_ASSERT(strstr(text, out[i]), "candidate '%s' is not in the text", out[i]);
		for (int k = 0; k < i; k++)
			FUZZ_ASSERT(strcmp(out[k], out[i]) != 0, "candidate '%s' twice", out[i]);
	}
	free(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_strndup(data, size);

	check(text, CGROUP_MAX_CANDIDATES);
	check(text, 1);
	check(text, 0);
	free(text);
	return 0;
}
