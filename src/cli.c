/* SPDX-License-Identifier: ISC */
#include "cli.h"

#include <stdio.h>
#include <string.h>

#include "util.h"

void cli_usage(void)
{
	static const char text[] =
		"usage: nscap [-r REASON] [-n] TARGET TOOL [ARG...]\n"
		"       nscap -l [--json]\n"
		"       nscap -C FILE [TARGET TOOL [ARG...]]\n"
		"       nscap -h | --help | -V | --version\n"
		"TARGET: pid:N, NAMESPACE/POD[/CONTAINER], or a container ID, ID prefix or name.\n"
		"TOOL: a tool name from the policy. See nscap(8) and nscap.policy(5).\n";

	(void)write_all(1, text, sizeof(text) - 1);
}

static void check_word(const char *what, const char *s, size_t max)
{
	size_t n = strlen(s);

	if (n == 0 || n > max)
		die(EXIT_FAIL, "%s must be 1 to %zu bytes", what, max);
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			die(EXIT_FAIL, "%s contains a control character", what);
}

static void bound_args(struct cli *c)
{
	size_t total = 0;

	if (c->nargs > CLI_MAX_ARGS)
		die(EXIT_FAIL, "too many tool arguments (at most %d)", CLI_MAX_ARGS);
	for (int i = 0; i < c->nargs; i++) {
		size_t n = strlen(c->args[i]);

		if (n > CLI_MAX_ARG)
			die(EXIT_FAIL, "tool argument %d is longer than %d bytes", i + 1,
			    CLI_MAX_ARG);
		total += n;
	}
	if (total > CLI_MAX_TOTAL)
		die(EXIT_FAIL, "tool arguments are longer than %d bytes in all", CLI_MAX_TOTAL);
}

/* Options come before TARGET; everything after TOOL belongs to the tool. */
static int options(int argc, char **argv, struct cli *c, int *list, int *dry)
{
	int i = 1;

	for (; i < argc && argv[i][0] == '-'; i++) {
		const char *a = argv[i];

		if (strcmp(a, "--") == 0)
			return i + 1;
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0)
			c->mode = MODE_HELP;
		else if (strcmp(a, "-V") == 0 || strcmp(a, "--version") == 0)
			c->mode = MODE_VERSION;
		else if (strcmp(a, "-n") == 0)
			*dry = 1;
		else if (strcmp(a, "-l") == 0)
			*list = 1;
		else if (strcmp(a, "--json") == 0)
			c->json = 1;
		else if (strcmp(a, "-r") == 0 || strcmp(a, "-C") == 0) {
			if (i + 1 >= argc)
				die(EXIT_FAIL, "%s needs a value (see nscap -h)", a);
			if (a[1] == 'r')
				c->reason = argv[++i];
			else
				c->check_file = argv[++i];
		} else if (strncmp(a, "-r", 2) == 0)
			c->reason = a + 2;
		else
			die(EXIT_FAIL, "unknown option '%.32s' (see nscap -h)", a);
	}
	return i;
}

void cli_parse(int argc, char **argv, struct cli *c)
{
	int list = 0, dry = 0, i;

	memset(c, 0, sizeof(*c));
	c->mode = MODE_RUN;
	i = options(argc, argv, c, &list, &dry);
	if (c->mode == MODE_HELP || c->mode == MODE_VERSION)
		return;
	if (c->reason)
		check_word("the reason", c->reason, CLI_MAX_REASON);
	if (list + dry + !!c->check_file > 1)
		die(EXIT_FAIL, "-l, -n and -C cannot be combined");
	if (c->json && !list)
		die(EXIT_FAIL, "--json goes with -l");
	if (list) {
		if (i != argc)
			die(EXIT_FAIL, "-l takes no TARGET (see nscap -h)");
		c->mode = MODE_LIST;
		return;
	}
	if (c->check_file) {
		check_word("the policy file name", c->check_file, 4096);
		c->mode = MODE_CHECK;
		if (i == argc)
			return;
	} else if (dry) {
		c->mode = MODE_DRYRUN;
	}
	if (argc - i < 2)
		die(EXIT_FAIL, "missing %s (see nscap -h)", argc - i ? "TOOL" : "TARGET and TOOL");
	c->target = argv[i];
	c->tool = argv[i + 1];
	check_word("TARGET", c->target, 512);
	check_word("TOOL", c->tool, 64);
	c->args = argv + i + 2;
	c->nargs = argc - i - 2;
	bound_args(c);
}
