/* SPDX-License-Identifier: ISC */
/* ip's option words (toolargs_ip.c) against iproute2 6.1's ip.c: a table of what each word
 * means to ip, and every prefix of every word against a transcription of ip.c's main() option
 * chain with its matches() and matches_color() (lib/utils.c, lib/color.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "t.h"
#include "toolargs.h"
#include "toolargs_ip.h"

/* lib/utils.c, verbatim: false when prefix is a non-empty prefix of string. */
static int matches(const char *prefix, const char *string)
{
	if (!*prefix)
		return 1;
	while (*string && *prefix == *string) {
		prefix++;
		string++;
	}
	return !!*prefix;
}

/* lib/color.c's matches_color(), less the value it stores. */
static int matches_color(const char *arg)
{
	char dup[256], *p;

	snprintf(dup, sizeof(dup), "%s", arg);
	p = strchrnul(dup, '=');
	if (*p)
		*(p++) = '\0';
	if (matches(dup, "-color"))
		return 0;
	return *p == '\0' || !strcmp(p, "always") || !strcmp(p, "auto") || !strcmp(p, "never");
}

/* ip.c main()'s chain, in its order: what ip does with one option word. */
static const char *ip_c(const char *opt)
{
	if (opt[1] == '-')
		opt++;
	if (matches(opt, "-loops") == 0)
		return "loops";
	if (matches(opt, "-family") == 0)
		return "family";
	if (strcmp(opt, "-4") == 0)
		return "4";
	if (strcmp(opt, "-6") == 0)
		return "6";
	if (strcmp(opt, "-0") == 0)
		return "0";
	if (strcmp(opt, "-M") == 0)
		return "M";
	if (strcmp(opt, "-B") == 0)
		return "B";
	if (matches(opt, "-human") == 0 || matches(opt, "-human-readable") == 0)
		return "human";
	if (matches(opt, "-iec") == 0)
		return "iec";
	if (matches(opt, "-stats") == 0 || matches(opt, "-statistics") == 0)
		return "stats";
	if (matches(opt, "-details") == 0)
		return "details";
	if (matches(opt, "-resolve") == 0)
		return "resolve";
	if (matches(opt, "-oneline") == 0)
		return "oneline";
	if (matches(opt, "-timestamp") == 0)
		return "timestamp";
	if (matches(opt, "-tshort") == 0)
		return "tshort";
	if (matches(opt, "-Version") == 0)
		return "Version";
	if (matches(opt, "-force") == 0)
		return "force";
	if (matches(opt, "-batch") == 0)
		return "batch";
	if (matches(opt, "-brief") == 0)
		return "brief";
	if (matches(opt, "-json") == 0)
		return "json";
	if (matches(opt, "-pretty") == 0)
		return "pretty";
	if (matches(opt, "-rcvbuf") == 0)
		return "rcvbuf";
	if (matches_color(opt))
		return "color";
	if (matches(opt, "-help") == 0)
		return "help";
	if (matches(opt, "-netns") == 0)
		return "netns";
	if (matches(opt, "-Numeric") == 0)
		return "Numeric";
	if (matches(opt, "-all") == 0)
		return "all";
	if (strcmp(opt, "-echo") == 0)
		return "echo";
	return NULL;
}

static const char *const words[] = {"loops",	 "family",  "4",
				    "6",	 "0",	    "M",
				    "B",	 "human",   "human-readable",
				    "iec",	 "stats",   "statistics",
				    "details",	 "resolve", "oneline",
				    "timestamp", "tshort",  "Version",
				    "force",	 "batch",   "brief",
				    "json",	 "pretty",  "rcvbuf",
				    "color",	 "help",    "netns",
				    "Numeric",	 "all",	    "echo"};
#define NWORDS (sizeof(words) / sizeof(words[0]))

/* Every prefix of every word, with one and two dashes and with a color value, means to nscap
 * what it means to ip.c. */
static void every_prefix(void)
{
	static const char *const tails[] = {"", "=never", "=auto", "=always", "=", "=red"};
	int bad = 0, n = 0;

	for (size_t w = 0; w < NWORDS; w++)
		for (size_t len = 0; len <= strlen(words[w]); len++)
			for (size_t d = 1; d <= 2; d++)
				for (size_t t = 0; t < sizeof(tails) / sizeof(tails[0]); t++) {
					char arg[80];
					const char *got, *want;

					snprintf(arg, sizeof(arg), "%.*s%.*s%s", (int)d, "--",
						 (int)len, words[w], tails[t]);
					if (strcmp(arg, "--") == 0)
						continue;
					got = ip_word(arg, NULL);
					want = ip_c(arg);
					n++;
					if ((got == NULL) != (want == NULL) ||
					    (got && strcmp(got, want) != 0)) {
						if (bad++ < 10)
							printf("# '%s': nscap %s, ip.c %s\n", arg,
							       got ? got : "(none)",
							       want ? want : "(none)");
					}
				}
	printf("# %d arguments compared with ip.c\n", n);
	T_EQ_INT("ip-every-prefix-as-ip-c", bad, 0);
}

struct row {
	const char *arg, *word;
	int value;
};

/* What the issue and ip(8) users meet; each row checked against ip.c too. */
static const struct row rows[] = {
	{"-b", "batch", 1},	{"-ba", "batch", 1},	  {"-br", "brief", 0},
	{"-brief", "brief", 0}, {"--brief", "brief", 0},  {"-c", "color", 0},
	{"-color", "color", 0}, {"-c=never", "color", 0}, {"-c=red", NULL, 0},
	{"-d", "details", 0},	{"-s", "stats", 0},	  {"-stati", "stats", 0},
	{"-j", "json", 0},	{"-p", "pretty", 0},	  {"-o", "oneline", 0},
	{"-4", "4", 0},		{"-6", "6", 0},		  {"-46", NULL, 0},
	{"-n", "netns", 1},	{"-netns", "netns", 1},	  {"-N", "Numeric", 0},
	{"-f", "family", 1},	{"-fo", "force", 0},	  {"-force", "force", 0},
	{"-h", "human", 0},	{"-he", "help", 0},	  {"-human-r", "human", 0},
	{"-r", "resolve", 0},	{"-rc", "rcvbuf", 1},	  {"-l", "loops", 1},
	{"-", "loops", 1},	{"-t", "timestamp", 0},	  {"-ts", "tshort", 0},
	{"-V", "Version", 0},	{"-v", NULL, 0},	  {"-a", "all", 0},
	{"-e", NULL, 0},	{"-ec", NULL, 0},	  {"-echo", "echo", 0},
	{"-i", "iec", 0},	{"---brief", NULL, 0},	  {"-briefs", NULL, 0},
	{"-M", "M", 0},		{"-m", NULL, 0},	  {"--", NULL, 0},
	{"brief", NULL, 0},	{"-\x01", NULL, 0},	  {"-0", "0", 0},
};

static void table(void)
{
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		const struct row *r = &rows[i];
		char name[96];
		int value = -1;
		const char *got = ip_word(r->arg, &value);
		const char *ipc = r->arg[0] == '-' && strcmp(r->arg, "--") ? ip_c(r->arg) : NULL;

		snprintf(name, sizeof(name), "ip-word-%s", r->arg[1] == 1 ? "ctl" : r->arg);
		T_EQ_STR(name, got, r->word);
		T_EQ_STR(strcat(name, "-ip-c"), ipc, r->word);
		snprintf(name, sizeof(name), "ip-word-%s-value", r->arg[1] == 1 ? "ctl" : r->arg);
		T_EQ_INT(name, value, r->value);
	}
}

static char ip_name[] = "ip";
static char w4[] = "4", wbrief[] = "brief", wcolor[] = "color",
	    wfam[] = "family:", wstats[] = "statistics", whuman[] = "human-readable";
static char *ip_longs[] = {w4, wbrief, wcolor, wfam, wstats, whuman};
static const struct tool ip = {.name = ip_name,
			       .style = STYLE_IP_WORDS,
			       .options = (char[]){""},
			       .longs = ip_longs,
			       .nlong = 6,
			       .operands_any = 1};
static const struct tool ip_none = {.name = ip_name,
				    .style = STYLE_IP_WORDS,
				    .options = (char[]){""},
				    .longs = ip_longs,
				    .nlong = 6};

#define ARGV(...) ((char *[]){__VA_ARGS__, NULL})

static int check(const struct tool *t, char *const argv[], char *why)
{
	int n = 0;

	while (argv[n])
		n++;
	why[0] = '\0';
	return toolargs_check(t, n, argv, why, 512);
}

static void profile(void)
{
	char why[512];

	T_EQ_INT("ip-check-br", check(&ip, ARGV("-br", "a"), why), 0);
	T_EQ_INT("ip-check-both-spellings", check(&ip, ARGV("-s", "-stat", "-h", "link"), why), 0);
	T_EQ_INT("ip-check-family-value", check(&ip, ARGV("-f", "inet", "-4", "a"), why), 0);
	T_EQ_INT("ip-check-after-operand-is-ip-object", check(&ip, ARGV("a", "-n", "x"), why), 0);
	T_EQ_INT("ip-check-dashdash", check(&ip, ARGV("--", "-batch"), why), 0);
	T_EQ_INT("ip-check-b", check(&ip, ARGV("-b", "/tmp/x"), why), -1);
	T_EQ_STR("ip-check-b-why", why, "option '-b' is ip's -batch, which is not allowed for ip");
	T_EQ_INT("ip-check-n", check(&ip, ARGV("-n", "x", "a"), why), -1);
	T_CHECK("ip-check-n-why", strstr(why, "-netns") != NULL);
	T_EQ_INT("ip-check-unknown", check(&ip, ARGV("-x", "a"), why), -1);
	T_EQ_STR("ip-check-unknown-why", why, "ip has no option '-x'");
	T_EQ_INT("ip-check-value-missing", check(&ip, ARGV("-f"), why), -1);
	T_EQ_STR("ip-check-value-missing-why", why, "option '-f' (-family) needs a value");
	T_EQ_INT("ip-check-control-byte", check(&ip, ARGV("-\x1b[31m"), why), -1);
	T_CHECK("ip-check-control-byte-escaped", strchr(why, 0x1b) == NULL);
	T_EQ_INT("ip-check-operands-none", check(&ip_none, ARGV("-br", "a"), why), -1);
	T_EQ_INT("ip-check-operands-none-options", check(&ip_none, ARGV("-br"), why), 0);
	T_CHECK("ip-value-never-getopt", toolargs_value(&ip, 2, ARGV("-f", "inet"), 'f') == NULL);
}

int main(void)
{
	int value = -1;

	every_prefix();
	table();
	profile();
	T_CHECK("ip-known-numeric", ip_word_known("Numeric", &value) && value == 0);
	T_CHECK("ip-known-netns-value", ip_word_known("netns", &value) && value == 1);
	T_CHECK("ip-known-not-x", !ip_word_known("x", &value));
	T_CHECK("ip-known-not-prefix", !ip_word_known("bri", &value));
	return t_done();
}
