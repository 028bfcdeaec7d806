/* SPDX-License-Identifier: ISC */
/* libFuzzer target: parse_pidfile (rt_parse.c) on a NUL-terminated copy of the input.
 * Oracle: exactly one line of decimal digits without a leading zero, 1..4194304, and at most
 * one trailing newline. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"
#include "runtime.h"

static int reference(const char *s, long *out)
{
	size_t n = strspn(s, "0123456789");
	long v = 0;

	if (n == 0 || n > 7 || s[0] == '0')
		return -1;
	if (!(s[n] == '\0' || (s[n] == '\n' && s[n + 1] == '\0')))
		return -1;
	for (size_t i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	if (v > 4194304)
		return -1;
	*out = v;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_strndup(data, size);
	pid_t pid = 0;
	long want = 0;
	int rc = parse_pidfile(text, &pid), ref = reference(text, &want);

	FUZZ_ASSERT(rc == ref, "parse_pidfile says %d, a plain decimal line reading says %d", rc,
		    ref);
	if (rc == 0)
		FUZZ_ASSERT(pid == want, "pid %d, expected %ld", (int)pid, want);
	free(text);
	return 0;
}
