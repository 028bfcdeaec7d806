/* SPDX-License-Identifier: ISC */
/* libFuzzer target: policy_parse (policy.c), then policy_decide (decide.c, toolargs.c) over
 * fixed subjects and targets with every parsed tool, and policy_free (leaks are failures).
 *
 * Input: POLICY-TEXT [ "\0\0" ARG "\0" ARG ... ]. The text before the first double NUL is the
 * policy (single NULs in it are fair game: the parser must reject them); what follows is an
 * extra argv tried against every tool. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"
#include "policy.h"
#include "toolargs.h"

#define MAX_TAIL_ARGS 64
#define MAX_TOOLS_TRIED 6

static FILE *errs;

static const gid_t groups_dev[] = {4, 27, 1000};
static const struct subject subjects[] = {
	{.uid = 0, .gid = 0, .groups = NULL, .ngroups = 0, .reason = NULL},
	{.uid = 1000, .gid = 1000, .groups = groups_dev, .ngroups = 3, .reason = "INC-42"},
	{.uid = 65534, .gid = 65534, .groups = NULL, .ngroups = 0, .reason = ""},
};

static const struct target_id targets[] = {
	{.host = 1},
	{.runtime = "runc", .id = "abcd1234", .name = "web-1"},
	{.runtime = "containerd",
	 .id = "0123456789abcdef",
	 .pod_ns = "prod",
	 .pod_name = "web-0",
	 .pod_container = "app"},
	{.runtime = "docker",
	 .id = "ffff",
	 .pod_ns = "kube-system",
	 .pod_name = "coredns-x",
	 .pod_container = NULL},
	{.runtime = "cri-o", .id = "x", .name = NULL, .pod_ns = "a/b", .pod_name = "*"},
};

static char *argv_none[] = {NULL};
static char *argv_capture[] = {"-nn", "-i",	     "eth0",	"-c", "10",
			       "-w",  "/tmp/x.pcap", "port 53", NULL};
static char *argv_long[] = {"--immediate-mode", "--count=5", "--interface", "lo", "--", "-z", NULL};
static char *argv_bad[] = {"-z", "sh", "-Z", "root", NULL};

static int has_kind(const struct rule *r, enum pat_kind k, int want)
{
	for (int i = 0; i < r->ntargets; i++)
		if ((r->targets[i].kind == k) == want)
			return 1;
	return 0;
}

static void check_policy(const struct policy *pol)
{
	FUZZ_ASSERT(pol->file && strcmp(pol->file, "fuzz") == 0, "policy file name lost");
	FUZZ_ASSERT(pol->state_root && pol->state_root[0] == '/', "state_root not absolute");
	FUZZ_ASSERT(pol->ntools >= 0 && pol->ntools <= POLICY_MAX_TOOLS, "ntools %d", pol->ntools);
	FUZZ_ASSERT(pol->nrules >= 0 && pol->nrules <= POLICY_MAX_RULES, "nrules %d", pol->nrules);
	for (int i = 0; i < pol->ntools; i++) {
		const struct tool *t = &pol->tools[i];

		FUZZ_ASSERT(t->name && t->path && t->options, "tool %d incomplete", i);
		FUZZ_ASSERT(t->path[0] == '/', "tool %s: relative path accepted", t->name);
		FUZZ_ASSERT(policy_tool(pol, t->name) == t, "tool %s defined twice", t->name);
		FUZZ_ASSERT(t->nlong == 0 || t->longs, "tool %s: longs missing", t->name);
		FUZZ_ASSERT((t->caps & ~(TOOLCAP_NET_RAW | TOOLCAP_NET_ADMIN)) == 0,
			    "tool %s: caps %#llx", t->name, (unsigned long long)t->caps);
	}
	for (int i = 0; i < pol->nrules; i++) {
		const struct rule *r = &pol->rules[i];

		FUZZ_ASSERT(r->ntargets >= 1 && r->targets, "rule %d: no targets", r->line);
		FUZZ_ASSERT(r->any_tool || r->ntools >= 1, "rule %d: no tools", r->line);
		for (int k = 0; k < r->ntools; k++)
			FUZZ_ASSERT(policy_tool(pol, r->tools[k]), "rule %d: undefined tool '%s'",
				    r->line, r->tools[k]);
		FUZZ_ASSERT(r->max_time >= 0 && r->max_time <= 7 * 86400, "rule %d: max_time %lld",
			    r->line, r->max_time);
		FUZZ_ASSERT(r->max_bytes >= 0 && r->max_bytes <= (1LL << 40),
			    "rule %d: max_bytes %lld", r->line, r->max_bytes);
	}
}

static void check_decision(const struct policy *pol, const struct subject *sub,
			   const struct target_id *t, const char *tool, int argc, char *argv[])
{
	struct decision d, d2;
	const struct tool *want = policy_tool(pol, tool);
	char why[512];

	policy_decide(pol, sub, t, tool, argc, argv, &d);
	FUZZ_ASSERT(memchr(d.why, '\0', sizeof(d.why)) && d.why[0], "why not a string");
	FUZZ_ASSERT(d.tool == want, "decision names another tool than policy_tool");
	FUZZ_ASSERT((d.verdict == V_NOTOOL) == (want == NULL), "V_NOTOOL iff tool undefined");
	if (d.rule) {
		FUZZ_ASSERT(d.rule >= pol->rules && d.rule < pol->rules + pol->nrules,
			    "rule outside the policy");
		/* The host netns is only ever matched by `host`; a container never by `host`. */
		FUZZ_ASSERT(has_kind(d.rule, PAT_HOST, !!t->host),
			    "rule %d matched a %s target without a fitting pattern", d.rule->line,
			    t->host ? "host" : "container");
	}
	if (d.verdict == V_ALLOW) {
		FUZZ_ASSERT(d.rule && d.rule->permit, "allowed without a permit rule");
		FUZZ_ASSERT(!d.rule->reason_required || (sub->reason && sub->reason[0]),
			    "allowed without the required reason");
		FUZZ_ASSERT(toolargs_check(d.tool, argc, argv, why, sizeof(why)) == 0,
			    "allowed arguments toolargs_check refuses");
		if (d.tool->output) {
			const char *v = toolargs_value(d.tool, argc, argv, d.tool->output);
			int inside = v == NULL;

			for (int i = 0; i < argc && !inside; i++)
				inside = v >= argv[i] && v <= argv[i] + strlen(argv[i]);
			FUZZ_ASSERT(inside, "output value points outside argv");
		}
	}
	policy_decide(pol, sub, t, tool, argc, argv, &d2);
	FUZZ_ASSERT(d.verdict == d2.verdict && d.rule == d2.rule && strcmp(d.why, d2.why) == 0,
		    "policy_decide is not deterministic");
}

static void decide_all(const struct policy *pol, int tail_argc, char **tail_argv)
{
	const char *names[MAX_TOOLS_TRIED + 3];
	int nnames = 0;
	struct {
		int argc;
		char **argv;
	} argvs[] = {
		{0, argv_none}, {8, argv_capture},	{6, argv_long},
		{4, argv_bad},	{tail_argc, tail_argv},
	};
	int nargv = tail_argv ? 5 : 4;

	for (int i = 0; i < pol->ntools && nnames < MAX_TOOLS_TRIED; i++)
		names[nnames++] = pol->tools[i].name;
	names[nnames++] = "any";
	names[nnames++] = "nosuchtool";
	for (size_t s = 0; s < sizeof(subjects) / sizeof(subjects[0]); s++)
		for (size_t t = 0; t < sizeof(targets) / sizeof(targets[0]); t++)
			for (int n = 0; n < nnames; n++)
				for (int a = 0; a < nargv; a++)
					check_decision(pol, &subjects[s], &targets[t], names[n],
						       argvs[a].argc, argvs[a].argv);
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	errs = fopen("/dev/null", "w");
	if (!errs)
		abort();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct policy pol;
	size_t plen = size;
	char *tail = NULL, *tail_argv[MAX_TAIL_ARGS + 1];
	int tail_argc = 0, nerr;

	for (size_t i = 0; i + 1 < size; i++)
		if (data[i] == 0 && data[i + 1] == 0) {
			plen = i;
			tail = fuzz_strndup(data + i + 2, size - i - 2);
			tail_argc = fuzz_split_argv(tail, size - i - 2, tail_argv, MAX_TAIL_ARGS);
			break;
		}
	/* The exact input bytes, not a copy: the parser must not read past len. */
	nerr = policy_parse("fuzz", (const char *)data, plen, &pol, errs);
	FUZZ_ASSERT(nerr >= 0, "negative error count");
	if (nerr == 0) {
		check_policy(&pol);
		decide_all(&pol, tail_argc, tail ? tail_argv : NULL);
	}
	policy_free(&pol);
	free(tail);
	return 0;
}
