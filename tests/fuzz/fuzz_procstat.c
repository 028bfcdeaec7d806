/* SPDX-License-Identifier: ISC */
/* libFuzzer target: parse_proc_stat (netns.c) on a NUL-terminated copy of the input. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"
#include "netns.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_strndup(data, size);
	uint64_t start = 0, flags = 0, start2 = 1, flags2 = 1;
	int rc = parse_proc_stat(text, &start, &flags);

	FUZZ_ASSERT(rc == 0 || rc == -1, "parse_proc_stat returned %d", rc);
	if (rc == 0) {
		FUZZ_ASSERT(strrchr(text, ')'), "parsed a stat line without '(comm)'");
		FUZZ_ASSERT(parse_proc_stat(text, &start2, &flags2) == 0 && start2 == start &&
				    flags2 == flags,
			    "parse_proc_stat is not deterministic");
	}
	free(text);
	return 0;
}
