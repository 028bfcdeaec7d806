/* SPDX-License-Identifier: ISC */
/* Step 2: the command line, parsed and bounded before any privileged work. */
#ifndef NSCAP_CLI_H
#define NSCAP_CLI_H

#define CLI_MAX_ARGS 1024
#define CLI_MAX_ARG 32768
#define CLI_MAX_TOTAL 262144
#define CLI_MAX_REASON 1024

enum mode { MODE_RUN, MODE_DRYRUN, MODE_LIST, MODE_CHECK, MODE_HELP, MODE_VERSION };

struct cli {
	enum mode mode;
	const char *reason;	/* -r */
	const char *check_file; /* -C */
	int strict;		/* --strict: -C fails on warnings */
	const char *as_user;	/* --as: -C decides for this user */
	const char *test_file;	/* --test: -C runs these policy tests */
	int json;		/* --json with -l or -n */
	int quiet;		/* -q: no line on stderr as the tool starts */
	const char *target;	/* with -l: the NAMESPACE[/POD[/CONTAINER]] filter, or NULL */
	const char *tool;
	int nargs;
	char **args;
};

/* Parse argv: NULL, or what is wrong with it (one line). Pure: nothing privileged, no exit. */
const char *cli_parse(int argc, char **argv, struct cli *c);
void cli_usage(void);
/* -V: the version and the compiled-in paths, which no option or variable changes. */
void cli_version(const char *version, const char *policy, const char *audit, const char *group,
		 const char *cache);

#endif
