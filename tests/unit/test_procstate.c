/* SPDX-License-Identifier: ISC */
/* Unit tests for what nscap reads about a process: netns.c (parse_proc_stat) and util.c
 * (parse_ll). runc's state.json: test_rt_runc.c; cgroup.c: test_cgroup.c. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "netns.h"
#include "util.h"
#include "t.h"

/* ------------------------------------------------------------------------------------------ */
/* netns.c: parse_proc_stat */

static void test_proc_stat(void)
{
	uint64_t start = 0, flags = 0;
	char buf[4096];
	int fd;
	ssize_t n;

	T_EQ_INT(
		"stat-comm-with-parens",
		parse_proc_stat("123 (a) b) c) S 1 123 123 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 "
				"987654 12345678 300 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 "
				"17 3 0 0 0 0 0\n",
				&start, &flags),
		0);
	T_EQ_INT("stat-comm-with-parens-start", start, 987654);
	T_EQ_INT("stat-comm-with-parens-flags", flags, 4194560);

	start = flags = 0;
	T_EQ_INT("stat-comm-with-spaces",
		 parse_proc_stat(
			 "7 (my prog x) R 1 7 7 0 -1 2097152 0 0 0 0 0 0 0 0 20 0 1 0 55 0 0\n",
			 &start, &flags),
		 0);
	T_EQ_INT("stat-comm-with-spaces-start", start, 55);
	T_EQ_INT("stat-kthread-flag", flags & 0x00200000, 0x00200000);

	/* A comm crafted to look like the rest of the line: the last ')' is the real end. */
	start = 0;
	T_EQ_INT("stat-comm-fake-fields",
		 parse_proc_stat(
			 "42 () S 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 666) S 1 42 42 0 -1 64 0 "
			 "0 0 0 0 0 0 0 20 0 1 0 777 0 0\n",
			 &start, &flags),
		 0);
	T_EQ_INT("stat-comm-fake-fields-start", start, 777);
	T_EQ_INT("stat-comm-fake-fields-flags", flags, 64);

	start = 0;
	T_EQ_INT(
		"stat-start-last-field-no-newline",
		parse_proc_stat("1 (x) S 0 0 0 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 99", &start, &flags),
		0);
	T_EQ_INT("stat-start-last-field-no-newline-value", start, 99);
	T_EQ_INT("stat-too-short",
		 parse_proc_stat("1 (x) S 0 0 0 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0\n", &start, &flags),
		 -1);
	T_EQ_INT(
		"stat-no-paren",
		parse_proc_stat("1 x S 0 0 0 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 99\n", &start, &flags),
		-1);
	T_EQ_INT("stat-empty", parse_proc_stat("", &start, &flags), -1);
	T_EQ_INT("stat-start-not-number",
		 parse_proc_stat("1 (x) S 0 0 0 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 9x9 0\n", &start,
				 &flags),
		 -1);
	T_EQ_INT("stat-flags-not-number",
		 parse_proc_stat("1 (x) S 0 0 0 0 -1 zz 0 0 0 0 0 0 0 0 20 0 1 0 99 0\n", &start,
				 &flags),
		 -1);
	T_EQ_INT("stat-start-overflow",
		 parse_proc_stat("1 (x) S 0 0 0 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 "
				 "99999999999999999999999 0\n",
				 &start, &flags),
		 -1);

	fd = open("/proc/self/stat", O_RDONLY);
	n = fd >= 0 ? read(fd, buf, sizeof(buf) - 1) : -1;
	if (fd >= 0)
		close(fd);
	buf[n > 0 ? n : 0] = '\0';
	start = 0;
	flags = 0xffffffff;
	T_EQ_INT("stat-proc-self", parse_proc_stat(buf, &start, &flags), 0);
	T_CHECK("stat-proc-self-start-nonzero", start > 0);
	T_EQ_INT("stat-proc-self-not-kthread", flags & 0x00200000, 0);
}

/* ------------------------------------------------------------------------------------------ */
/* util.c: parse_ll */

static void test_parse_ll(void)
{
	long long v = -7;

	T_CHECK("parse-ll-zero", parse_ll("0", 0, 10, &v) == NULL && v == 0);
	T_CHECK("parse-ll-plain", parse_ll("4194304", 1, 4194304, &v) == NULL && v == 4194304);
	T_CHECK("parse-ll-llong-max",
		parse_ll("9223372036854775807", 0, 9223372036854775807LL, &v) == NULL &&
			v == 9223372036854775807LL);
	T_EQ_STR("parse-ll-llong-max-plus-one",
		 parse_ll("9223372036854775808", 0, 9223372036854775807LL, &v), "too large");
	T_EQ_STR("parse-ll-huge", parse_ll("99999999999999999999999", 0, 9223372036854775807LL, &v),
		 "too large");
	T_EQ_STR("parse-ll-leading-zero", parse_ll("007", 0, 100, &v), "leading zero");
	T_EQ_STR("parse-ll-leading-zero-00", parse_ll("00", 0, 100, &v), "leading zero");
	T_EQ_STR("parse-ll-minus", parse_ll("-1", -10, 10, &v), "not a number");
	T_EQ_STR("parse-ll-plus", parse_ll("+1", 0, 10, &v), "not a number");
	T_EQ_STR("parse-ll-space-before", parse_ll(" 1", 0, 10, &v), "not a number");
	T_EQ_STR("parse-ll-space-after", parse_ll("1 ", 0, 10, &v), "not a number");
	T_EQ_STR("parse-ll-hex", parse_ll("0x1", 0, 10, &v), "not a number");
	T_EQ_STR("parse-ll-empty", parse_ll("", 0, 10, &v), "empty number");
	T_EQ_STR("parse-ll-below-min", parse_ll("0", 1, 10, &v), "too small");
	T_EQ_STR("parse-ll-above-max", parse_ll("11", 1, 10, &v), "too large");
	T_CHECK("parse-ll-at-max", parse_ll("10", 1, 10, &v) == NULL && v == 10);
	T_EQ_STR("parse-ll-pid-max-plus-one", parse_ll("4194305", 1, 4194304, &v), "too large");
	v = 123;
	(void)parse_ll("x", 0, 10, &v);
	T_EQ_INT("parse-ll-error-leaves-out", v, 123);
	/* A single digit above a max below 9 (see the report: (max - d) / 10 truncates to 0). */
	T_EQ_STR("parse-ll-single-digit-above-small-max", parse_ll("9", 0, 5, &v), "too large");
	T_EQ_STR("parse-ll-single-digit-above-max-0", parse_ll("1", 0, 0, &v), "too large");
}

int main(void)
{
	test_proc_stat();
	test_parse_ll();
	return t_done();
}
