/* SPDX-License-Identifier: ISC */
#include "cli.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "util.h"

void cli_usage(void)
{
	static const char text[] =
		"usage: nscap [-q] [-r REASON] [-n [--json]] TARGET TOOL [ARG...]\n"
		"       nscap -l [--json] [NAMESPACE[/POD[/CONTAINER]]]\n"
		"       nscap -C FILE [--strict] [--test CASES] [--as USER] [TARGET TOOL "
		"[ARG...]]\n"
		"       nscap -h | --help | -V | --version\n"
		"TARGET: host, pid:N, NAMESPACE/POD[/CONTAINER], or a container ID, ID prefix or "
		"name.\n"
		"TOOL: a tool name from the policy. See nscap(8) and nscap.policy(5).\n";

	(void)write_all(1, text, sizeof(text) - 1);
}

void cli_version(const char *version, const char *policy, const char *audit, const char *group,
		 const char *cache)
{
	printf("nscap %s\npolicy: %s\naudit log: %s\ntool group: %s\nlookup indexes: %s\n", version,
	       policy, audit, group, cache);
}

static char why[256];

__attribute__((format(printf, 1, 2))) static const char *bad(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(why, sizeof(why), fmt, ap, 0);
	va_end(ap);
	return why;
}

static const char *check_word(const char *what, const char *s, size_t max)
{
	size_t n = strlen(s);

	if (n == 0 || n > max)
		return bad("%s must be 1 to %zu bytes", what, max);
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return bad("%s contains a control character", what);
	return NULL;
}

static const char *bound_args(const struct cli *c)
{
	size_t total = 0;

	if (c->nargs > CLI_MAX_ARGS)
		return bad("too many tool arguments (at most %d)", CLI_MAX_ARGS);
	for (int i = 0; i < c->nargs; i++) {
		size_t n = strlen(c->args[i]);

		if (n > CLI_MAX_ARG)
			return bad("tool argument %d is longer than %d bytes", i + 1, CLI_MAX_ARG);
		total += n;
	}
	if (total > CLI_MAX_TOTAL)
		return bad("tool arguments are longer than %d bytes in all", CLI_MAX_TOTAL);
	return NULL;
}

/* Options come before TARGET; everything after TOOL belongs to the tool. Sets *end to the
 * first word that is not nscap's. */
static const char *options(int argc, char **argv, struct cli *c, int *list, int *dry, int *end)
{
	int i = 1;

	for (; i < argc && argv[i][0] == '-'; i++) {
		const char *a = argv[i];

		if (strcmp(a, "--") == 0) {
			*end = i + 1;
			return NULL;
		}
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0)
			c->mode = MODE_HELP;
		else if (strcmp(a, "-V") == 0 || strcmp(a, "--version") == 0)
			c->mode = MODE_VERSION;
		else if (strcmp(a, "-n") == 0)
			*dry = 1;
		else if (strcmp(a, "-q") == 0)
			c->quiet = 1;
		else if (strcmp(a, "-l") == 0)
			*list = 1;
		else if (strcmp(a, "--json") == 0)
			c->json = 1;
		else if (strcmp(a, "--strict") == 0)
			c->strict = 1;
		else if (strcmp(a, "-r") == 0 || strcmp(a, "-C") == 0 || strcmp(a, "--as") == 0 ||
			 strcmp(a, "--test") == 0) {
			if (i + 1 >= argc)
				return bad("%s needs a value (see nscap -h)", a);
			*(a[1] == 'r'	? &c->reason
			  : a[1] == 'C' ? &c->check_file
			  : a[2] == 'a' ? &c->as_user
					: &c->test_file) = argv[++i];
		} else if (strncmp(a, "-r", 2) == 0)
			c->reason = a + 2;
		else
			return bad("unknown option '%.32s' (see nscap -h)", a);
	}
	*end = i;
	return NULL;
}

/* TARGET TOOL [ARG...] from argv[i]. */
static const char *operands(int argc, char **argv, int i, struct cli *c)
{
	const char *e;

	if (argc - i < 2)
		return bad("missing %s (see nscap -h)", argc - i ? "TOOL" : "TARGET and TOOL");
	c->target = argv[i];
	c->tool = argv[i + 1];
	c->args = argv + i + 2;
	c->nargs = argc - i - 2;
	if ((e = check_word("TARGET", c->target, 512)) || (e = check_word("TOOL", c->tool, 64)))
		return e;
	return bound_args(c);
}

const char *cli_parse(int argc, char **argv, struct cli *c)
{
	int list = 0, dry = 0, i = 1;
	const char *e;

	memset(c, 0, sizeof(*c));
	c->mode = MODE_RUN;
	if ((e = options(argc, argv, c, &list, &dry, &i)) != NULL)
		return e;
	if (c->mode == MODE_HELP || c->mode == MODE_VERSION)
		return NULL;
	if (c->reason && (e = check_word("the reason", c->reason, CLI_MAX_REASON)))
		return e;
	if (list + dry + !!c->check_file > 1)
		return bad("-l, -n and -C cannot be combined");
	if (c->json && !list && !dry)
		return bad("--json goes with -l or -n");
	if ((c->strict || c->as_user || c->test_file) && !c->check_file)
		return bad("--strict, --test and --as go with -C");
	if (list) {
		c->mode = MODE_LIST;
		if (i < argc)
			c->target = argv[i++];
		if (i < argc)
			return bad(
				"-l takes at most one NAMESPACE[/POD[/CONTAINER]] (see nscap -h)");
		return c->target ? check_word("the -l filter", c->target, 512) : NULL;
	}
	if (c->check_file) {
		c->mode = MODE_CHECK;
		if ((e = check_word("the policy file name", c->check_file, 4096)) ||
		    (c->test_file && (e = check_word("the cases file name", c->test_file, 4096))) ||
		    (c->as_user && (e = check_word("the --as user", c->as_user, 64))))
			return e;
		if (c->test_file && i < argc)
			return bad("--test takes no TARGET (the cases name theirs)");
		if (c->as_user && i == argc)
			return bad("--as needs TARGET TOOL to decide");
		if (i == argc)
			return NULL;
	} else if (dry) {
		c->mode = MODE_DRYRUN;
	}
	return operands(argc, argv, i, c);
}
