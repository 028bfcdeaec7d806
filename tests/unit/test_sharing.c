/* SPDX-License-Identifier: ISC */
/* Unit tests for sharing.c's pure parts: the text of -n's shared-netns warning, and which of two
 * containers in one netns a rule denies while the other is permitted. */
#include <stdio.h>
#include <string.h>

#include "sharing.h"
#include "t.h"

static void test_line(void)
{
	const char *two[] = {"web (docker 3f2a9c1b7d4e)", "db (podman 0123456789ab)"};
	const char *ten[] = {"a", "b", "c", "d", "e", "f", "g", "h", "i", "j"};
	char out[512];

	sharing_line(out, sizeof(out), 4026532001ULL, two, 2, 0);
	T_EQ_STR("line-named", out,
		 "netns 4026532001 is shared with: web (docker 3f2a9c1b7d4e), db (podman "
		 "0123456789ab)");
	sharing_line(out, sizeof(out), 7, two, 1, 1);
	T_EQ_STR("line-named-and-one-other", out,
		 "netns 7 is shared with: web (docker 3f2a9c1b7d4e) and 1 container you may not "
		 "enter");
	sharing_line(out, sizeof(out), 7, NULL, 0, 3);
	T_EQ_STR("line-others-only", out, "netns 7 is shared with 3 containers you may not enter");
	sharing_line(out, sizeof(out), 7, ten, 10, 0);
	T_EQ_STR("line-at-most-eight-named", out,
		 "netns 7 is shared with: a, b, c, d, e, f, g, h, and 2 more");
	sharing_line(out, 16, 7, two, 2, 5);
	T_EQ_INT("line-bounded", (int)strlen(out), 15);
}

static void test_bypass(void)
{
	struct rule permit = {.permit = 1}, deny = {.permit = 0};

	T_EQ_INT("bypass-first-denied", sharing_bypass(&deny, &permit), 1);
	T_EQ_INT("bypass-second-denied", sharing_bypass(&permit, &deny), 2);
	T_EQ_INT("bypass-both-permitted", sharing_bypass(&permit, &permit), 0);
	T_EQ_INT("bypass-both-denied", sharing_bypass(&deny, &deny), 0);
	/* No rule is not a rule that denies: nothing to get around. */
	T_EQ_INT("bypass-no-rule-first", sharing_bypass(NULL, &permit), 0);
	T_EQ_INT("bypass-no-rule-second", sharing_bypass(&permit, NULL), 0);
}

int main(void)
{
	test_line();
	test_bypass();
	return t_done();
}
