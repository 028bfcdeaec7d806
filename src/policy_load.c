/* SPDX-License-Identifier: ISC */
/* Loading the installed policy through a trusted path, or any file for -C (docs/DESIGN.md,
 * "Privilege flow", step 3). */
#include "policy_load.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "trust.h"
#include "util.h"

static void parse_or_die(const char *file, char *text, size_t len, struct policy *pol)
{
	int n = policy_parse(file, text, len, pol, stderr);

	free(text);
	fflush(stderr);
	if (n)
		die(EXIT_FAIL, "%s: %d error%s; refusing to run", file, n, n == 1 ? "" : "s");
}

void policy_load(const char *path, struct policy *pol)
{
	char err[600], *text;
	size_t len;
	int fd = trust_open(path, O_RDONLY, TRUST_ONELINK, NULL, err, sizeof(err));

	if (fd < 0)
		die(EXIT_FAIL, "policy %s", err);
	if (read_all(fd, POLICY_MAX_BYTES, &text, &len) != 0)
		pdie(EXIT_FAIL, "reading the policy %s", path);
	close(fd);
	parse_or_die(path, text, len, pol);
}

void policy_load_untrusted(const char *path, struct policy *pol)
{
	char *text;
	size_t len;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);

	if (fd < 0)
		pdie(EXIT_FAIL, "%s", path);
	if (read_all(fd, POLICY_MAX_BYTES, &text, &len) != 0)
		pdie(EXIT_FAIL, "reading %s", path);
	close(fd);
	parse_or_die(path, text, len, pol);
}
