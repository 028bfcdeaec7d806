/* SPDX-License-Identifier: ISC */
/* Unit tests for policy_decide (decide.c) and glob_match. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "policy.h"
#include "t.h"

static const char decide_policy[] =
	"version 1\n"						      /* 1 */
	"tool tcpdump {\n"					      /* 2 */
	"path /usr/bin/tcpdump\n"				      /* 3 */
	"caps net_raw\n"					      /* 4 */
	"options \"ADeflLnNpqStuUvxX#c:i:s:B:w:C:W:y:E:F:j:T:\"\n"    /* 5 */
	"long immediate-mode count: interface:\n"		      /* 6 */
	"operands any\n"					      /* 7 */
	"}\n"							      /* 8 */
	"tool ss {\n"						      /* 9 */
	"path /usr/bin/ss\n"					      /* 10 */
	"options tuanp\n"					      /* 11 */
	"}\n"							      /* 12 */
	"tool ip {\n"						      /* 13 */
	"path /usr/sbin/ip\n"					      /* 14 */
	"operands any\n"					      /* 15 */
	"}\n"							      /* 16 */
	"permit uid:1000 on any run ss\n"			      /* 17 */
	"permit gid:2000 on pod:prod/api-*/app run tcpdump\n"	      /* 18 */
	"deny uid:1000 on container:secret*\n"			      /* 19 */
	"permit uid:1001 on host run any\n"			      /* 20 */
	"permit uid:1002 on any run any\n"			      /* 21 */
	"permit uid:1003 on runtime:docker run ss\n"		      /* 22 */
	"permit uid:1004 on container:web-? run ss reason required\n" /* 23 */
	"permit uid:1005 on pod:prod/* run ss\n"		      /* 24 */
	"permit uid:1006 on pod:p?od/*/side* run ss\n"		      /* 25 */
	"deny uid:1007 on any run tcpdump\n"			      /* 26 */
	"permit uid:1007 on any run tcpdump,ss\n"		      /* 27 */
	"permit uid:1008 on any run tcpdump\n"			      /* 28 */
	"deny uid:1008 on any run tcpdump\n"			      /* 29 */
	"permit uid:1009 on pod:*/api run ip\n"			      /* 30 */
	"permit uid:1010 on container:abcd* run ip\n"		      /* 31 */
	"permit gid:3000 on any run ip\n"			      /* 32 */
	"deny gid:3001 on any run ip\n"				      /* 33 */
	"permit uid:0 on container:x,host run ip\n"		      /* 34 */
	"permit any on pod:open/* run ip\n"			      /* 35 */
	"permit uid:1008 on any run ss\n";			      /* 36 */

#define ID_A "abcd1234abcd1234abcd1234abcd1234abcd1234abcd1234abcd1234abcd1234"
#define ID_B "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
#define ID_C "fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210"

static const struct target_id T_SECRET = {.runtime = "runc", .id = ID_A, .name = "secret-db"};
static const struct target_id T_WEB = {.runtime = "docker", .id = ID_B, .name = "web-1"};
static const struct target_id T_WEB12 = {.runtime = "docker", .id = ID_B, .name = "web-12"};
static const struct target_id T_API = {.runtime = "containerd",
				       .id = ID_C,
				       .name = "app",
				       .pod_ns = "prod",
				       .pod_name = "api-7f9c",
				       .pod_container = "app"};
static const struct target_id T_SIDE = {.runtime = "containerd",
					.id = ID_C,
					.name = "sidecar",
					.pod_ns = "prod",
					.pod_name = "api-7f9c",
					.pod_container = "sidecar"};
static const struct target_id T_API_NOCTR = {
	.runtime = "containerd", .id = ID_C, .pod_ns = "prod", .pod_name = "api-7f9c"};
static const struct target_id T_PRODUCTION = {.runtime = "containerd",
					      .id = ID_C,
					      .pod_ns = "production",
					      .pod_name = "api-7f9c",
					      .pod_container = "app"};
static const struct target_id T_SLASHPOD = {
	.runtime = "containerd", .id = ID_C, .pod_ns = "prod", .pod_name = "x/api"};
static const struct target_id T_PLAINAPI = {
	.runtime = "containerd", .id = ID_C, .pod_ns = "prod", .pod_name = "api"};
static const struct target_id T_HOST = {.host = 1};
static const struct target_id T_HOSTNET_POD = {.host = 1,
					       .runtime = "containerd",
					       .id = ID_C,
					       .name = "x",
					       .pod_ns = "open",
					       .pod_name = "net",
					       .pod_container = "c"};
static const struct target_id T_OPEN = {
	.runtime = "containerd", .id = ID_C, .pod_ns = "open", .pod_name = "net"};
static const struct target_id T_PIDONLY = {.host = 0};

static struct policy dpol;
static struct decision dd;

/* Decide with primary gid 100 and the given supplementary groups (0-terminated). */
static enum verdict dec_full(uid_t uid, gid_t gid, const gid_t *groups, int ngroups,
			     const char *reason, const struct target_id *t, const char *tool,
			     int argc, char *const argv[])
{
	struct subject s = {
		.uid = uid, .gid = gid, .groups = groups, .ngroups = ngroups, .reason = reason};

	policy_decide(&dpol, &s, t, tool, argc, argv, &dd);
	return dd.verdict;
}

static enum verdict dec(uid_t uid, const struct target_id *t, const char *tool)
{
	return dec_full(uid, 100, NULL, 0, NULL, t, tool, 0, NULL);
}

static int rule_line(void)
{
	return dd.rule ? dd.rule->line : 0;
}

static void test_decide(void)
{
	FILE *f = fopen("/dev/null", "w");
	int n = policy_parse("p", decide_policy, strlen(decide_policy), &dpol, f);
	gid_t g2000[] = {10, 2000}, g10[] = {10}, g3001[] = {3001};
	char *args_bad[] = {"-nZ", NULL};
	char *args_ok[] = {"-nnvi", "eth0", "port", "80", NULL};
	char *args_operand[] = {"x", NULL};

	fclose(f);
	T_EQ_INT("decide-policy-parses", n, 0);
	if (n != 0)
		return;

	T_EQ_INT("allow-any-container", dec(1000, &T_WEB, "ss"), V_ALLOW);
	T_EQ_INT("allow-any-container-rule", rule_line(), 17);
	T_EQ_STR("allow-why", dd.why, "permitted by p:17");
	T_CHECK("allow-tool-set", dd.tool == policy_tool(&dpol, "ss"));

	T_EQ_INT("deny-without-run-matches-ss", dec(1000, &T_SECRET, "ss"), V_DENY);
	T_EQ_INT("deny-without-run-rule", rule_line(), 19);
	T_EQ_STR("deny-why", dd.why, "denied by p:19");
	T_EQ_INT("deny-without-run-matches-ip", dec(1000, &T_SECRET, "ip"), V_DENY);
	T_EQ_INT("deny-without-run-matches-ip-rule", rule_line(), 19);

	T_EQ_INT("no-match-denies", dec(1000, &T_WEB, "tcpdump"), V_DENY);
	T_CHECK("no-match-no-rule", dd.rule == NULL);
	T_EQ_STR("no-match-why", dd.why,
		 "no rule permits tcpdump on this target; you may run ss here");
	/* Only what the caller may do on this target is suggested; nothing where they may not. */
	T_EQ_INT("no-hint-where-nothing-permitted", dec(1001, &T_WEB, "ss"), V_DENY);
	T_EQ_STR("no-hint-where-nothing-permitted-why", dd.why,
		 "no rule permits ss on this target");
	T_EQ_INT("hint-with-reason", dec(1004, &T_WEB, "tcpdump"), V_DENY);
	T_EQ_STR("hint-with-reason-why", dd.why,
		 "no rule permits tcpdump on this target; you may run ss (with -r REASON) here");
	T_EQ_INT("hint-after-deny-rule", dec(1008, &T_WEB, "tcpdump"), V_DENY);
	T_EQ_STR("hint-after-deny-rule-why", dd.why, "denied by p:29; you may run ss here");
	T_EQ_INT("unknown-uid-denied", dec(9999, &T_WEB, "ss"), V_DENY);

	T_EQ_INT("notool", dec(1000, &T_WEB, "nmap"), V_NOTOOL);
	T_EQ_STR("notool-why", dd.why, "tool 'nmap' is not defined in p; you may run ss here");
	T_CHECK("notool-no-rule", dd.rule == NULL && dd.tool == NULL);

	/* host */
	T_EQ_INT("any-never-matches-host", dec(1000, &T_HOST, "ss"), V_DENY);
	T_EQ_STR("host-no-match-why", dd.why,
		 "no rule permits ss on the host network namespace (a rule must name 'host')");
	T_EQ_INT("host-rule-matches-host", dec(1001, &T_HOST, "tcpdump"), V_ALLOW);
	T_EQ_INT("host-rule-matches-host-rule", rule_line(), 20);
	T_EQ_INT("host-rule-not-container", dec(1001, &T_WEB, "tcpdump"), V_DENY);
	T_EQ_INT("host-rule-matches-hostnetwork-pod", dec(1001, &T_HOSTNET_POD, "ss"), V_ALLOW);
	T_EQ_INT("run-any-any-never-host", dec(1002, &T_HOST, "ss"), V_DENY);
	T_EQ_INT("any-never-hostnetwork-pod", dec(1002, &T_HOSTNET_POD, "ss"), V_DENY);
	T_EQ_INT("pod-pattern-never-hostnetwork-pod", dec(1234, &T_HOSTNET_POD, "ip"), V_DENY);
	T_EQ_INT("pod-pattern-matches-same-pod-off-host", dec(1234, &T_OPEN, "ip"), V_ALLOW);
	T_EQ_INT("host-in-list-matches-host", dec(0, &T_HOST, "ip"), V_ALLOW);
	T_EQ_INT("host-in-list-rule", rule_line(), 34);
	T_EQ_INT("container-in-list-with-host", dec(0, &T_HOSTNET_POD, "ip"), V_ALLOW);
	T_EQ_INT("run-any-any-container", dec(1002, &T_WEB, "tcpdump"), V_ALLOW);
	T_EQ_INT("any-needs-a-container", dec(1002, &T_PIDONLY, "ss"), V_DENY);

	/* runtime: */
	T_EQ_INT("runtime-docker-matches", dec(1003, &T_WEB, "ss"), V_ALLOW);
	T_EQ_INT("runtime-docker-not-containerd", dec(1003, &T_API, "ss"), V_DENY);

	/* container: by name, reason */
	T_EQ_INT("reason-required-missing", dec(1004, &T_WEB, "ss"), V_DENY);
	T_EQ_INT("reason-required-missing-rule", rule_line(), 23);
	T_EQ_STR("reason-required-why", dd.why, "p:23 requires a reason: pass -r REASON");
	T_EQ_INT("reason-required-empty", dec_full(1004, 100, NULL, 0, "", &T_WEB, "ss", 0, NULL),
		 V_DENY);
	T_EQ_INT("reason-required-given",
		 dec_full(1004, 100, NULL, 0, "INC-42", &T_WEB, "ss", 0, NULL), V_ALLOW);
	T_EQ_INT("container-glob-question-one-char", dec(1004, &T_WEB12, "ss"), V_DENY);
	T_EQ_INT("container-matches-id", dec(1010, &T_SECRET, "ip"), V_ALLOW);
	T_EQ_INT("container-id-glob-not-name", dec(1010, &T_WEB, "ip"), V_DENY);

	/* pod: */
	T_EQ_INT("pod-ns-pod-matches-app", dec(1005, &T_API, "ss"), V_ALLOW);
	T_EQ_INT("pod-ns-pod-matches-any-container", dec(1005, &T_SIDE, "ss"), V_ALLOW);
	T_EQ_INT("pod-ns-exact-not-prefix", dec(1005, &T_PRODUCTION, "ss"), V_DENY);
	T_EQ_INT("pod-pattern-not-plain-container", dec(1005, &T_WEB, "ss"), V_DENY);
	T_EQ_INT("pod-3-part-container-matches",
		 dec_full(5000, 2000, NULL, 0, NULL, &T_API, "tcpdump", 0, NULL), V_ALLOW);
	T_EQ_INT("pod-3-part-other-container",
		 dec_full(5000, 2000, NULL, 0, NULL, &T_SIDE, "tcpdump", 0, NULL), V_DENY);
	T_EQ_INT("pod-3-part-target-without-container",
		 dec_full(5000, 2000, NULL, 0, NULL, &T_API_NOCTR, "tcpdump", 0, NULL), V_DENY);
	T_EQ_INT("pod-glob-question-and-star", dec(1006, &T_SIDE, "ss"), V_ALLOW);
	T_EQ_INT("pod-glob-container-part", dec(1006, &T_API, "ss"), V_DENY);
	T_EQ_INT("pod-star-does-not-cross-slash", dec(1009, &T_SLASHPOD, "ip"), V_DENY);
	T_EQ_INT("pod-star-ns-exact-pod", dec(1009, &T_PLAINAPI, "ip"), V_ALLOW);
	T_EQ_INT("pod-exact-pod-not-prefix", dec(1009, &T_API, "ip"), V_DENY);

	/* groups */
	T_EQ_INT("gid-supplementary-group",
		 dec_full(5001, 100, g2000, 2, NULL, &T_API, "tcpdump", 0, NULL), V_ALLOW);
	T_EQ_INT("gid-no-group", dec_full(5001, 100, g10, 1, NULL, &T_API, "tcpdump", 0, NULL),
		 V_DENY);
	T_EQ_INT("gid-primary", dec_full(5002, 3000, NULL, 0, NULL, &T_WEB, "ip", 0, NULL),
		 V_ALLOW);
	T_EQ_INT("gid-later-deny-wins", dec_full(5002, 3000, g3001, 1, NULL, &T_WEB, "ip", 0, NULL),
		 V_DENY);
	T_EQ_INT("gid-later-deny-wins-rule", rule_line(), 33);

	/* last match wins */
	T_EQ_INT("last-match-permit-wins", dec(1007, &T_WEB, "tcpdump"), V_ALLOW);
	T_EQ_INT("last-match-permit-wins-rule", rule_line(), 27);
	T_EQ_INT("last-match-deny-wins", dec(1008, &T_WEB, "tcpdump"), V_DENY);
	T_EQ_INT("last-match-deny-wins-rule", rule_line(), 29);
	T_EQ_INT("deny-run-list-only-its-tools", dec(1007, &T_WEB, "ss"), V_ALLOW);
	/* Every rule that matched, in order, the last one deciding. */
	T_EQ_INT("matched-two", (dec(1007, &T_WEB, "tcpdump"), dd.nmatched), 2);
	T_CHECK("matched-in-order",
		dd.matched[0]->line == 26 && dd.matched[1]->line == 27 && dd.matched[1] == dd.rule);
	T_EQ_INT("matched-only-its-tools", (dec(1007, &T_WEB, "ss"), dd.nmatched), 1);
	T_EQ_INT("matched-none", (dec(4242, &T_WEB, "ss"), dd.nmatched), 0);
	T_EQ_INT("matched-notool", (dec(1007, &T_WEB, "nmap"), dd.nmatched), 0);

	/* arguments */
	T_EQ_INT("args-denied", dec_full(1002, 100, NULL, 0, NULL, &T_WEB, "tcpdump", 1, args_bad),
		 V_DENY);
	T_EQ_INT("args-denied-rule-still-set", rule_line(), 21);
	T_CHECK("args-denied-why-names-arg", strstr(dd.why, "-nZ") != NULL);
	T_EQ_INT("args-ok", dec_full(1002, 100, NULL, 0, NULL, &T_WEB, "tcpdump", 4, args_ok),
		 V_ALLOW);
	T_EQ_INT("args-operand-to-no-operand-tool",
		 dec_full(1002, 100, NULL, 0, NULL, &T_WEB, "ss", 1, args_operand), V_DENY);
	T_EQ_STR("args-operand-why", dd.why,
		 "ss takes no operands ('x') (rule p:21); the ss profile (p:9) allows -tuanp");
	T_EQ_INT("args-denied-shows-profile",
		 dec_full(1002, 100, NULL, 0, NULL, &T_WEB, "tcpdump", 1, args_bad), V_DENY);
	T_EQ_STR("args-denied-shows-profile-why", dd.why,
		 "option '-Z' is not allowed for tcpdump (in '-nZ') (rule p:21); the tcpdump "
		 "profile (p:2) "
		 "allows -ADeflLnNpqStuUvxX# -c|-i|-s|-B|-w|-C|-W|-y|-E|-F|-j|-T VALUE "
		 "--immediate-mode --count=VALUE --interface=VALUE");
	/* The argument check is after the rule: a deny rule never reaches it. */
	T_EQ_STR("deny-before-args", (dec(1000, &T_SECRET, "ss"), dd.why), "denied by p:19");

	/* glob_match itself */
	T_CHECK("glob-star-empty", glob_match("*", ""));
	T_CHECK("glob-star-any", glob_match("a*c", "abbbc"));
	T_CHECK("glob-question-needs-char", !glob_match("a?", "a"));
	T_CHECK("glob-exact", glob_match("abc", "abc") && !glob_match("abc", "abcd"));
	T_CHECK("glob-backtrack", glob_match("*ab*ab", "xxabyyabab"));
	T_CHECK("glob-no-match-suffix", !glob_match("*.scope", "a.scop"));
	T_CHECK("glob-empty-pattern", glob_match("", "") && !glob_match("", "a"));
	policy_free(&dpol);
}

int main(void)
{
	test_decide();
	return t_done();
}
