/* SPDX-License-Identifier: ISC */
/* Unit tests for toolargs_check: GNU getopt_long rules against a tool's policy profile. */
#include <stdlib.h>
#include <string.h>

#include "toolargs.h"
#include "t.h"

static char tcpdump_name[] = "tcpdump",
	    tcpdump_opts[] = "ADeflLnNpqStuUvxX#c:i:s:B:w:C:W:y:E:F:j:T:";
static char l_imm[] = "immediate-mode", l_count[] = "count:", l_iface[] = "interface:";
static char *tcpdump_longs[] = {l_imm, l_count, l_iface};
static char ss_name[] = "ss", ss_opts[] = "tuanp";
static char bare_name[] = "bare", bare_opts[] = "";

static struct tool tcpdump = {
	.name = tcpdump_name,
	.options = tcpdump_opts,
	.longs = tcpdump_longs,
	.nlong = 3,
	.operands_any = 1,
};
/* The same getopt profile with operands none. */
static struct tool tcpdump_none = {
	.name = tcpdump_name,
	.options = tcpdump_opts,
	.longs = tcpdump_longs,
	.nlong = 3,
	.operands_any = 0,
};
static struct tool ss = {.name = ss_name, .options = ss_opts, .operands_any = 0};
static struct tool bare = {.name = bare_name, .options = bare_opts, .operands_any = 0};

static char why[512];

static int argc_of(char *const argv[])
{
	int n = 0;

	while (argv[n])
		n++;
	return n;
}

static int run(const struct tool *t, char *const argv[])
{
	strcpy(why, "(unset)");
	return toolargs_check(t, argc_of(argv), argv, why, sizeof(why));
}

#define ARGV(...) ((char *[]){__VA_ARGS__, NULL})

#define OK(name, t, ...) T_EQ_INT(name, run(t, ARGV(__VA_ARGS__)), 0)

/* Denied, and the reason names the offending argument (needle). */
#define DENY(name, t, needle, ...)                                                                 \
	do {                                                                                       \
		int rc_ = run(t, ARGV(__VA_ARGS__));                                               \
		T_EQ_INT(name, rc_, -1);                                                           \
		T_CHECK(name "-why", strstr(why, needle) != NULL);                                 \
		if (!strstr(why, needle))                                                          \
			printf("# why: %s\n", why);                                                \
	} while (0)

static void test_basic(void)
{
	T_EQ_INT("no-arguments-ok", toolargs_check(&tcpdump, 0, ARGV(NULL), why, sizeof(why)), 0);
	T_EQ_INT("no-arguments-ok-operands-none",
		 toolargs_check(&bare, 0, ARGV(NULL), why, sizeof(why)), 0);

	OK("cluster-nnv", &tcpdump, "-nnv");
	OK("cluster-hash-flag", &tcpdump, "-#n");
	DENY("cluster-nZ-denied", &tcpdump, "'-Z'", "-nZ");
	T_EQ_STR("cluster-nZ-why-exact", why, "option '-Z' is not allowed for tcpdump (in '-nZ')");
	DENY("cluster-nz-path-denied", &tcpdump, "'-z'", "-nz/tmp/x");
	T_CHECK("cluster-nz-path-why-has-arg", strstr(why, "-nz/tmp/x") != NULL);
	DENY("single-z-denied", &tcpdump, "'-z'", "-z", "gzip");
	DENY("colon-is-no-letter", &tcpdump, "'-:'", "-:");
	DENY("letter-after-flags-denied", &tcpdump, "'-r'", "-nvr", "file");

	OK("attached-value-ieth0", &tcpdump, "-ieth0");
	OK("attached-value-c5", &tcpdump, "-c5");
	OK("separate-value", &tcpdump, "-i", "eth0", "-c", "5");
	OK("cluster-then-value", &tcpdump, "-nni", "eth0");
	OK("cluster-then-attached-value", &tcpdump, "-nnieth0");
	OK("attached-value-holds-bad-letters", &tcpdump, "-iZz");
	OK("value-looks-like-option", &tcpdump, "-w", "-z");
	OK("value-looks-like-long-option", &tcpdump, "-w", "--evil");
	OK("attached-value-is-dash-z", &tcpdump, "-w-z");
	OK("value-is-double-dash", &tcpdump, "-w", "--", "-n");
	DENY("value-is-double-dash-then-option", &tcpdump, "'-z'", "-w", "--", "-z");

	DENY("missing-value-at-end", &tcpdump, "'-c'", "-c");
	T_EQ_STR("missing-value-at-end-why-exact", why, "option '-c' needs a value");
	DENY("missing-value-at-end-cluster", &tcpdump, "'-c'", "-nc");
	OK("value-at-end-ok", &tcpdump, "-n", "-c", "5");
}

static void test_operands(void)
{
	OK("operands-filter", &tcpdump, "port", "80");
	OK("options-after-operands", &tcpdump, "port", "80", "-n", "-c", "5");
	DENY("permutation-option-after-operands", &tcpdump, "'-z'", "port", "80", "-z", "x");
	DENY("permutation-long-after-operands", &tcpdump, "--postrotate", "host", "a",
	     "--postrotate", "x");

	OK("double-dash-then-dash-z-any", &tcpdump, "--", "-z");
	T_EQ_INT("double-dash-then-dash-z-none", run(&tcpdump_none, ARGV("--", "-z")), -1);
	T_EQ_STR("double-dash-then-dash-z-none-why", why, "tcpdump takes no operands ('-z')");
	OK("double-dash-alone-any", &tcpdump, "--");
	OK("double-dash-alone-none", &tcpdump_none, "--");
	OK("double-dash-twice-any", &tcpdump, "--", "--");
	DENY("double-dash-twice-none", &tcpdump_none, "('--')", "--", "--");
	OK("options-before-double-dash-none", &tcpdump_none, "-n", "--");

	OK("single-dash-is-operand-any", &tcpdump, "-");
	DENY("single-dash-is-operand-none", &tcpdump_none, "('-')", "-");
	OK("empty-argument-is-operand-any", &tcpdump, "");
	DENY("empty-argument-is-operand-none", &tcpdump_none, "('')", "");
	DENY("operand-with-none", &ss, "('state')", "state");
	T_EQ_STR("operand-with-none-why-exact", why, "ss takes no operands ('state')");
	DENY("operand-after-flags-none", &ss, "('x')", "-tuna", "x");
	OK("flags-only-none", &ss, "-tuna", "-p");
	DENY("operand-control-chars-escaped", &ss, "a\\x01b\\x1b", "a\001b\033");
	T_CHECK("operand-control-chars-not-raw", strchr(why, '\033') == NULL);
}

static void test_long(void)
{
	OK("long-flag-exact", &tcpdump, "--immediate-mode");
	DENY("long-abbreviation-denied", &tcpdump, "'--immediate'", "--immediate");
	T_EQ_STR("long-abbreviation-why", why, "option '--immediate' is not allowed for tcpdump");
	DENY("long-abbreviation-of-value-option", &tcpdump, "'--cou=5'", "--cou=5");
	OK("long-value-equals", &tcpdump, "--count=5");
	OK("long-value-equals-empty", &tcpdump, "--count=");
	OK("long-value-next-arg", &tcpdump, "--count", "5");
	OK("long-value-next-arg-looks-like-option", &tcpdump, "--interface", "-z");
	DENY("long-value-missing-at-end", &tcpdump, "'--count'", "--count");
	T_EQ_STR("long-value-missing-why", why, "option '--count' needs a value");
	DENY("long-flag-with-value", &tcpdump, "'--immediate-mode'", "--immediate-mode=1");
	T_EQ_STR("long-flag-with-value-why-exact", why, "option '--immediate-mode' takes no value");
	DENY("long-unknown", &tcpdump, "'--version'", "--version");
	DENY("long-empty-name-with-value", &tcpdump, "'--=x'", "--=x");
	DENY("long-triple-dash", &tcpdump, "'---count'", "---count", "5");
	DENY("long-case-differs", &tcpdump, "'--Count=5'", "--Count=5");
	DENY("long-on-tool-without-longs", &ss, "'--tcp'", "--tcp");
	OK("long-after-double-dash-is-operand", &tcpdump, "--", "--evil");
	OK("long-value-holds-equals", &tcpdump, "--interface=a=b");
	/* getopt reads "-immediate-mode" as -i with the value "mmediate-mode". */
	OK("single-dash-long-spelling-is-i-with-value", &tcpdump, "-immediate-mode");
	DENY("single-dash-long-spelling-bad-letter", &tcpdump, "'-m'", "-nmediate");
}

static void test_sizes(void)
{
	size_t big = 128 * 1024;
	char *arg = malloc(big + 1);
	char small[8];

	/* A 128 KiB operand. */
	memset(arg, 'a', big);
	arg[big] = '\0';
	T_EQ_INT("operand-128KiB-any", run(&tcpdump, ARGV(arg)), 0);
	T_EQ_INT("operand-128KiB-none", run(&ss, ARGV(arg)), -1);
	T_CHECK("operand-128KiB-why-bounded", strlen(why) < 200 && strstr(why, "...") != NULL);

	/* A 128 KiB cluster of allowed flags, then one with a bad letter at the very end. */
	arg[0] = '-';
	memset(arg + 1, 'n', big - 1);
	T_EQ_INT("cluster-128KiB-ok", run(&tcpdump, ARGV(arg)), 0);
	arg[big - 1] = 'Z';
	T_EQ_INT("cluster-128KiB-bad-last-letter", run(&tcpdump, ARGV(arg)), -1);
	T_CHECK("cluster-128KiB-why-bounded",
		strlen(why) < 200 && strstr(why, "'-Z'") != NULL && strstr(why, "...") != NULL);

	/* A 128 KiB attached value. */
	memset(arg + 2, 'x', big - 2);
	arg[1] = 'w';
	T_EQ_INT("attached-value-128KiB", run(&tcpdump, ARGV(arg)), 0);

	/* A 128 KiB unknown long option. */
	arg[1] = '-';
	T_EQ_INT("long-128KiB-denied", run(&tcpdump, ARGV(arg)), -1);
	T_CHECK("long-128KiB-why-bounded", strlen(why) < 200);
	free(arg);

	/* why is always NUL-terminated within len, however small. */
	memset(small, 'X', sizeof(small));
	T_EQ_INT("tiny-why-buffer",
		 toolargs_check(&tcpdump, 1, ARGV("--immediate"), small, sizeof(small)), -1);
	T_CHECK("tiny-why-buffer-terminated", memchr(small, '\0', sizeof(small)) != NULL);

	DENY("non-ascii-option-byte", &tcpdump, "0xc3", "-\xc3\xa9");
	DENY("option-letter-on-empty-profile", &bare, "'-n'", "-n");
}

/* toolargs_value: the value getopt would give an option, wherever it stands. */
static void test_value(void)
{
	char *a1[] = {"-i", "lo", "-w", "x.pcap", "port", "80"};
	char *a2[] = {"-nnwx.pcap"};
	char *a3[] = {"-w", "a", "-c", "3", "-w", "b"};
	char *a4[] = {"-c", "-w", "-i", "lo"};
	char *a5[] = {"--", "-w", "x"};
	char *a6[] = {"--count", "-w", "-i", "lo"};
	char *a7[] = {"-i", "-w"};

	T_EQ_STR("value-separate", toolargs_value(&tcpdump, 6, a1, 'w'), "x.pcap");
	T_EQ_STR("value-attached-in-cluster", toolargs_value(&tcpdump, 1, a2, 'w'), "x.pcap");
	T_EQ_STR("value-last-wins", toolargs_value(&tcpdump, 6, a3, 'w'), "b");
	T_CHECK("value-hidden-in-other-options-value",
		toolargs_value(&tcpdump, 4, a4, 'w') == NULL);
	T_CHECK("value-after-dashdash-is-operand", toolargs_value(&tcpdump, 3, a5, 'w') == NULL);
	T_CHECK("value-after-long-with-value", toolargs_value(&tcpdump, 4, a6, 'w') == NULL);
	T_CHECK("value-as-other-options-value", toolargs_value(&tcpdump, 2, a7, 'w') == NULL);
	T_CHECK("value-letter-zero", toolargs_value(&tcpdump, 6, a1, 0) == NULL);
}

int main(void)
{
	test_value();
	test_basic();
	test_operands();
	test_long();
	test_sizes();
	return t_done();
}
