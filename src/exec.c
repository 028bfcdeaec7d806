/* SPDX-License-Identifier: ISC */
#include "exec.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "sandbox.h"
#include "sha256.h"
#include "trust.h"
#include "util.h"

static const char kept[][16] = {
	"TERM=",       "LANG=",	   "LC_ALL=",	  "LC_CTYPE=",	 "LC_MESSAGES=",
	"LC_NUMERIC=", "LC_TIME=", "LC_COLLATE=", "LC_MONETARY="};

/* Short, plain values only: no '/' (locale paths), no control or shell characters. */
static int sane(const char *v)
{
	size_t n = strlen(v);

	return n > 0 && n <= 64 &&
	       strspn(v, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._@+-") ==
		       n &&
	       v[0] != '.';
}

void exec_env_take(char **envp, char **saved)
{
	int n = 0;

	saved[n++] = xstrdup(TOOL_PATH_ENV);
	for (size_t k = 0; k < sizeof(kept) / sizeof(kept[0]); k++) {
		size_t l = strlen(kept[k]);

		for (char **e = envp; e && *e && n < ENV_MAX; e++)
			if (strncmp(*e, kept[k], l) == 0) {
				if (sane(*e + l))
					saved[n++] = xstrdup(*e);
				break; /* only the first of duplicates counts */
			}
	}
	saved[n] = NULL;
	if (clearenv() != 0)
		die(EXIT_FAIL, "cannot clear the environment");
}

int exec_open_tool(const struct tool *t)
{
	char err[512];
	struct stat st;
	int fd = trust_open(t->path, O_RDONLY, 0, &st, err, sizeof(err));

	if (fd < 0)
		die(EXIT_FAIL, "tool %s: %s", t->name, err);
	if (!(st.st_mode & S_IXUSR))
		die(EXIT_FAIL, "tool %s: %s is not executable", t->name, t->path);
	if (t->has_sha256) {
		unsigned char sum[32];

		if (sha256_fd(fd, sum) != 0)
			pdie(EXIT_FAIL, "tool %s: reading %s", t->name, t->path);
		if (memcmp(sum, t->sha256, sizeof(sum)) != 0)
			die(EXIT_FAIL, "tool %s: %s does not match its sha256 pin", t->name,
			    t->path);
	}
	return fd;
}

void exec_place_fd(int fd)
{
	if (fd == SANDBOX_EXEC_FD)
		return;
	if (dup3(fd, SANDBOX_EXEC_FD, O_CLOEXEC) != SANDBOX_EXEC_FD)
		pdie(EXIT_FAIL, "placing the tool's fd");
	if (close(fd) != 0)
		pdie(EXIT_FAIL, "close");
}

void exec_tool(const char *name, char *const args[], int nargs, char *const env[],
	       unsigned long exec_path)
{
	char **argv = calloc((size_t)nargs + 2, sizeof(char *));

	if (!argv)
		return;
	argv[0] = (char *)(uintptr_t)name;
	for (int i = 0; i < nargs; i++)
		argv[i + 1] = args[i];
	/* The path is the empty string in the low page sandbox_map_exec_path() made. */
	syscall(SYS_execveat, SANDBOX_EXEC_FD, exec_path, argv, env, AT_EMPTY_PATH);
	free(argv);
}
