/* SPDX-License-Identifier: ISC */
/* Unit tests for -C's rule checks (lint.c, lint_rules.c, lint_sets.c) on a user database built
 * here: alice (1001) in oncall (3000), bob (1002) in ops (3001), carol (1003) in both. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lint.h"
#include "lint_sets.h"
#include "t.h"
#include "t_lint.h"

static gid_t g_alice[] = {1001, 3000}, g_bob[] = {1002, 3001}, g_carol[] = {1003, 3000, 3001};
static struct lint_user users[] = {
	{1001, 1001, "alice", g_alice, 2},
	{1002, 1002, "bob", g_bob, 2},
	{1003, 1003, "carol", g_carol, 3},
};
static struct lint_group groups[] = {{3000, "oncall"}, {3001, "ops"}, {3002, "nobody-in-it"}};
static const struct lint_db db = {users, 3, groups, 3};

#define TOOLS                                                                                      \
	"version 1\n"                                                                              \
	"tool tcpdump {\npath /usr/bin/tcpdump\ncaps net_raw\noptions \"ni:w:\"\noutput w\n}\n"    \
	"tool ss {\npath /usr/bin/ss\noptions \"tn\"\n}\n"                                         \
	"tool tracepath {\npath /usr/bin/tracepath\noptions \"n\"\noperands any\n}\n"              \
	"# the rules\n"
/* TOOLS is 17 lines: the first rule is on line 18. */

/* The warnings one check (or all with NULL) gives for TOOLS + rules. */
static char *run(const char *rules, void (*check)(struct lint *))
{
	char text[8192];

	snprintf(text, sizeof(text), "%s%s", TOOLS, rules);
	return lint_text(text, &db, check);
}

static void expect(const char *name, const char *rules, void (*check)(struct lint *),
		   const char *want)
{
	char *got = run(rules, check);

	T_EQ_STR(name, got, want);
	free(got);
}

/* want is found in the output (NULL: the output is empty). */
static void has(const char *name, const char *rules, void (*check)(struct lint *), const char *want)
{
	char *got = run(rules, check);
	int ok = want ? strstr(got, want) != NULL : got[0] == '\0';

	T_CHECK(name, ok);
	if (!ok)
		printf("# %s: want %s%s, got:\n%s", name, want ? "" : "nothing", want ? want : "",
		       got);
	free(got);
}

static void globs(void)
{
	T_CHECK("covers-star", glob_covers("*", "abc") && glob_covers("**", "a*?"));
	T_CHECK("covers-prefix", glob_covers("payments-*", "payments-db") &&
					 glob_covers("payments-*", "payments-*"));
	T_CHECK("covers-question", glob_covers("a*", "a?c") && !glob_covers("a?", "a*"));
	T_CHECK("covers-literal", glob_covers("web-?", "web-1") && !glob_covers("web-1", "web-?"));
	T_CHECK("covers-not-suffix", !glob_covers("*-db", "pay*"));
	T_CHECK("covers-two-stars", glob_covers("a*b", "a*c*b") && !glob_covers("a*c*b", "a*b"));
	T_CHECK("covers-empty", glob_covers("", "") && !glob_covers("", "a"));
	T_CHECK("meet-star-star", glob_meet("a*", "*b") && glob_meet("*", "x"));
	T_CHECK("meet-none", !glob_meet("a?", "b*") && !glob_meet("web-1", "web-2"));
	T_CHECK("meet-question", glob_meet("web-?", "web-1") && !glob_meet("x*y", "x?z"));
	T_CHECK("glob-all", glob_all("*") && glob_all("***") && !glob_all("*a") && !glob_all(""));
}

static void who(void)
{
	struct who any = {WHO_ANY, 0}, alice = {WHO_UID, 1001}, bob = {WHO_UID, 1002};
	struct who oncall = {WHO_GID, 3000}, ops = {WHO_GID, 3001}, empty = {WHO_GID, 3002};
	struct who stranger = {WHO_UID, 4242};
	char buf[128];

	T_CHECK("who-any-contains",
		who_contains(&db, &any, &alice) && !who_contains(&db, &alice, &any));
	T_CHECK("who-group-contains-member",
		who_contains(&db, &oncall, &alice) && !who_contains(&db, &oncall, &bob));
	T_CHECK("who-user-not-group", !who_contains(&db, &alice, &oncall));
	T_CHECK("who-unknown-uid-in-no-group",
		!who_contains(&db, &oncall, &stranger) && !who_overlaps(&db, &oncall, &stranger));
	T_CHECK("who-groups-share-carol", who_overlaps(&db, &oncall, &ops));
	T_CHECK("who-groups-share-no-one", !who_overlaps(&db, &oncall, &empty));
	T_CHECK("who-users", who_overlaps(&db, &alice, &alice) && !who_overlaps(&db, &alice, &bob));
	who_both(&db, &oncall, &ops, buf, sizeof(buf));
	T_EQ_STR("who-both-names", buf, "carol");
	T_EQ_STR("who-text-group", who_text(&db, &ops, buf, sizeof(buf)), "group:ops");
	T_EQ_STR("who-text-uid", who_text(&db, &stranger, buf, sizeof(buf)), "uid:4242");
}

static void limits(void)
{
	expect("no-max-time", "permit any on any run ss\n", lint_limits,
	       "p:18:1: warning: permit without max-time [no-max-time]\n"
	       "  why: the tool runs until it ends by itself: a capture left running records for "
	       "days\n"
	       "  fix: add max-time to the rule (e.g. max-time 15m)\n");
	expect("no-max-bytes", "permit any on any run ss,tcpdump max-time 1m\n", lint_limits,
	       "p:18:23: warning: tcpdump is permitted without max-bytes [no-max-bytes]\n"
	       "  why: tcpdump writes files (-w): with no budget one session can fill the disk\n"
	       "  fix: add max-bytes to the rule (e.g. max-bytes 2G)\n");
	has("no-max-bytes-run-any", "permit any on any run any max-time 1m\n", lint_limits,
	    "[no-max-bytes]");
	has("limits-set", "permit any on any run any max-time 1m max-bytes 1G\n", lint_limits,
	    NULL);
	has("limits-deny-needs-none", "deny any on any\n", lint_limits, NULL);
}

static void shadowed(void)
{
	expect("dead-deny",
	       "deny gid:3000 on pod:payments/*\n"
	       "permit any on any run any max-time 1m max-bytes 1G\n",
	       lint_rules,
	       "p:18:1: warning: this deny never decides: line 19 permits everything it denies "
	       "[shadowed]\n"
	       "  why: the last matching rule wins, and line 19 comes later\n"
	       "  fix: move this deny below line 19\n");
	/* The case: a later permit for another group re-opens the deny for who is in both.
	 */
	expect("reopened-deny",
	       "permit gid:3000 on any run ss max-time 1m\n"
	       "deny gid:3000 on pod:payments/*\n"
	       "permit gid:3001 on any run tracepath max-time 2m\n",
	       lint_rules,
	       "p:19:1: warning: line 20 re-opens part of this deny: tracepath for carol on "
	       "pod:payments/* [shadowed]\n"
	       "  why: the last matching rule wins, and line 20, later and broader, matches too\n"
	       "  fix: move this deny below line 20, or narrow line 20\n");
	has("reopened-needs-a-shared-user",
	    "deny gid:3000 on pod:payments/*\npermit gid:3002 on any run ss max-time 1m\n",
	    lint_rules, NULL);
	has("exception-is-fine",
	    "permit gid:3000 on any run ss max-time 1m\ndeny gid:3000 on pod:payments/*\n"
	    "permit uid:1001 on pod:payments/api run ss max-time 1m\n",
	    lint_rules, NULL);
	has("restored-by-later-deny",
	    "deny gid:3000 on pod:payments/*\npermit any on any run ss max-time 1m\n"
	    "deny gid:3000 on pod:payments/*\n",
	    lint_rules, NULL);
	has("unreachable-permit",
	    "permit uid:1001 on container:web-1 run ss max-time 1m\ndeny gid:3000 on "
	    "container:web-*\n",
	    lint_rules,
	    "p:18:1: warning: this permit never decides: line 19 denies everything it "
	    "permits [shadowed]");
	has("permit-limits-never-apply",
	    "permit uid:1001 on pod:shop/* run ss max-time 5m\npermit any on any run ss max-time "
	    "2h\n",
	    lint_rules,
	    "line 19 permits everything it does, with its own limits (max-time 7200s, "
	    "no max-bytes)");
	has("permit-same-limits-quiet",
	    "permit uid:1001 on pod:shop/* run ss max-time 5m\npermit any on any run ss max-time "
	    "5m\n",
	    lint_rules, NULL);
	has("other-tools-not-covered",
	    "deny gid:3000 on pod:payments/* run tcpdump\npermit gid:3000 on any run ss max-time "
	    "1m\n",
	    lint_rules, NULL);
}

static void walk(void)
{
	has("walk-pod-target",
	    "permit gid:3000 on pod:shop/web run ss max-time 1m\ndeny gid:3000 on "
	    "pod:shop/web/envoy\n",
	    lint_rules,
	    "p:19:18: warning: this deny of pod:shop/web/envoy can be walked around: line 18 "
	    "permits the pod shop/web or another of its containers [walk-around]");
	has("walk-sibling",
	    "permit gid:3000 on pod:shop/web/app run ss max-time 1m\n"
	    "deny gid:3000 on pod:shop/web/envoy\n",
	    lint_rules, "[walk-around]");
	has("walk-any", "permit any on any run ss max-time 1m\ndeny any on pod:shop/web/envoy\n",
	    lint_rules, "[walk-around]");
	has("walk-pattern",
	    "permit uid:1001 on pod:shop/* run ss max-time 1m\n"
	    "deny gid:3000 on pod:shop/web/envoy\n",
	    lint_rules, "[walk-around]");
	has("walk-same-container-only",
	    "permit gid:3000 on pod:shop/web/envoy run ss max-time 1m\n"
	    "deny gid:3000 on pod:shop/web/envoy run tcpdump\n",
	    lint_rules, NULL);
	has("walk-other-pod",
	    "permit gid:3000 on pod:shop/api run ss max-time 1m\n"
	    "deny gid:3000 on pod:shop/web/envoy\n",
	    lint_rules, NULL);
	has("walk-other-tool",
	    "permit gid:3000 on pod:shop/web run ss max-time 1m\n"
	    "deny gid:3000 on pod:shop/web/envoy run tcpdump\n",
	    lint_rules, NULL);
	has("walk-pod-denied-later",
	    "permit gid:3000 on pod:shop/* run ss max-time 1m\n"
	    "deny gid:3000 on pod:shop/web/envoy\ndeny gid:3000 on pod:shop/web\n",
	    lint_rules, NULL);
}

static void hosts(void)
{
	has("container-host", "deny any on container:host\n", lint_hosts,
	    "p:18:13: warning: container:host names a container called 'host' [any-host]");
	has("container-any", "permit any on container:any run ss max-time 1m\n", lint_hosts,
	    "  fix: write any\n");
	has("deny-any-not-host",
	    "permit gid:3000 on host run ss max-time 1m\ndeny uid:1001 on any\n", lint_hosts,
	    "p:19:18: warning: this deny does not cover the host: line 18 permits it to "
	    "group:oncall [any-host]");
	has("deny-any-and-host",
	    "permit gid:3000 on host run ss max-time 1m\ndeny uid:1001 on any,host\n", lint_hosts,
	    NULL);
	has("deny-any-no-host-permit", "permit any on any run ss max-time 1m\ndeny any on any\n",
	    lint_hosts, NULL);
	has("deny-host-no-effect", "permit any on any run ss max-time 1m\ndeny any on host\n",
	    lint_hosts,
	    "p:19:13: warning: deny on host changes nothing: no rule above it permits the host "
	    "[any-host]");
	has("deny-host-after-permit",
	    "permit any on host run ss max-time 1m\ndeny gid:3000 on host\n", lint_hosts, NULL);
}

/* Order: by line, then column, whatever check found them first. */
static void order(void)
{
	char *got = run("deny any on container:host\npermit any on any run ss\n", NULL);
	const char *a = strstr(got, "p:18:"), *b = strstr(got, "p:19:");

	T_CHECK("warnings-in-line-order", a && b && a < b);
	free(got);
}

int main(void)
{
	globs();
	who();
	limits();
	shadowed();
	walk();
	hosts();
	order();
	return t_done();
}
