/* SPDX-License-Identifier: ISC */
/* Unit tests for -C's tool profile checks (lint_tools.c): dangerous options and option shapes of
 * the tools nscap ships profiles for, and the shipped policy's own profiles and rules. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lint.h"
#include "t.h"
#include "t_lint.h"

static const struct lint_db nodb;

/* The warnings of lint_tools (or every pure check with all) for a policy text. */
static char *warnings(const char *text, int all)
{
	return lint_text(text, &nodb, all ? NULL : lint_tools);
}

/* A one-tool policy: NAME at PATH with OPTIONS and LONG ("" for none). */
static char *profile(const char *name, const char *path, const char *options, const char *lng)
{
	char text[4096];

	snprintf(text, sizeof(text), "version 1\ntool %s {\npath %s\noptions \"%s\"\n%s%s%s}\n",
		 name, path, options, lng[0] ? "long " : "", lng, lng[0] ? "\n" : "");
	return warnings(text, 0);
}

static int count(const char *s, const char *what)
{
	int n = 0;

	for (; (s = strstr(s, what)) != NULL; s++)
		n++;
	return n;
}

/* Each of wants is in the output, and the output has exactly n warnings. */
static void check(const char *name, char *got, int n, const char *const *wants)
{
	int ok = count(got, ": warning: ") == n;

	for (; *wants; wants++)
		ok = ok && strstr(got, *wants) != NULL;
	T_CHECK(name, ok);
	if (!ok)
		printf("# %s: want %d warnings, got:\n%s", name, n, got);
	free(got);
}

#define WANT(...) ((const char *const[]){__VA_ARGS__, NULL})

static void dangerous(void)
{
	check("tcpdump-dangers",
	      profile("tcpdump", "/usr/bin/tcpdump",
		      "nz:Z:r:V:m:IF:", "relinquish-privileges: monitor-mode"),
	      8,
	      WANT("p:4:9: warning: tool tcpdump allows -z [dangerous-option]\n"
		   "  why: -z CMD runs CMD after each rotated capture file: a command execution "
		   "primitive\n"
		   "  fix: remove 'z' from options\n",
		   "allows -Z ", "allows -r ", "allows -V ", "allows -m ", "allows -I ",
		   "p:5:6: warning: tool tcpdump allows --relinquish-privileges",
		   "p:5:29: warning: tool tcpdump allows --monitor-mode"));
	check("tcpdump-F-is-fine", profile("tcpdump", "/usr/bin/tcpdump", "nF:", ""), 0, WANT(""));
	check("ss-dangers", profile("ss", "/usr/bin/ss", "tKN:D:", "kill net: diag:"), 6,
	      WANT("allows -K ", "allows -N ", "allows -D ", "allows --kill ", "allows --net ",
		   "allows --diag "));
	check("ping-dangers", profile("ping", "/usr/bin/ping", "nfl:b", ""), 3,
	      WANT("allows -f ", "allows -l ", "allows -b "));
	check("nstat-dangers", profile("nstat", "/usr/bin/nstat", "nd:", "scan:"), 2,
	      WANT("allows -d ", "allows --scan "));
	check("ip-dangers", profile("ip", "/usr/bin/ip", "sb:n:", "force batch: netns:"), 5,
	      WANT("allows -b [", "allows -n [", "allows --force [", "allows --batch [",
		   "allows --netns ["));
	/* ip reads any prefix: "-fo" is -force, "-ba" -batch; nscap sees clusters of letters. */
	check("ip-cluster-force", profile("ip", "/usr/bin/ip", "fo", ""), 2,
	      WANT("tool ip allows '-fo', which ip reads as -force", "lists -f as a flag"));
	check("ip-cluster-value", profile("ip", "/usr/bin/ip", "b:", ""), 1, WANT("allows -b "));
	check("ip-cluster-netns", profile("ip", "/usr/bin/ip", "ne", ""), 2,
	      WANT("allows -n ", "ip has no option -e"));
	/* The tool is known by its path, whatever the profile is called. */
	check("known-by-path", profile("capture", "/usr/sbin/tcpdump", "z:", ""), 1,
	      WANT("tool capture allows -z "));
	check("known-by-name", profile("tcpdump", "/opt/td", "z:", ""), 1, WANT("allows -z "));
	check("unknown-tool-quiet", profile("mtr", "/usr/bin/mtr", "zZr:", ""), 0, WANT(""));
}

static void shapes(void)
{
	check("flag-where-value", profile("tcpdump", "/usr/bin/tcpdump", "ni", "interface"), 2,
	      WANT("p:4:9: warning: options lists -i as a flag, but tcpdump's -i takes a value "
		   "[option-shape]\n"
		   "  why: tcpdump reads the word after it as its value, while nscap checks that "
		   "word "
		   "as an option or operand\n"
		   "  fix: write 'i:' in options\n",
		   "long lists --interface as a flag, but tcpdump's --interface takes a value"));
	check("value-where-flag", profile("tcpdump", "/usr/bin/tcpdump", "x:", "immediate-mode:"),
	      2,
	      WANT("options gives -x a value, but tcpdump's -x is a flag [option-shape]\n"
		   "  why: a value can hide an option: nscap takes what follows -x as its value, "
		   "tcpdump reads it as more options\n"
		   "  fix: write 'x' without ':' in options\n",
		   "long gives --immediate-mode a value"));
	check("unknown-options", profile("ss", "/usr/bin/ss", "tk", "tcp udpp"), 2,
	      WANT("ss has no option -k [", "ss has no option --udpp ["));
	check("ip-shapes", profile("ip", "/usr/bin/ip", "s:fl", ""), 3,
	      WANT("options gives -s a value, but ip's -s is a flag",
		   "options lists -f as a flag, but ip's -f takes a value",
		   "options lists -l as a flag, but ip's -l takes a value"));
	check("ip-exact-words", profile("ip", "/usr/bin/ip", "46", "echo color"), 0, WANT(""));
	check("ping-tracepath-shapes", profile("tracepath", "/usr/bin/tracepath", "nl", ""), 1,
	      WANT("tracepath's -l takes a value"));
}

/* The shipped policy: every profile is right and nothing warns (its rules are commented out). */
static void shipped(void)
{
	char path[4096], *text, *got;
	const char *slash = strrchr(__FILE__, '/');
	size_t len;

	snprintf(path, sizeof(path), "%.*s/../../policy/nscap.policy", (int)(slash - __FILE__),
		 __FILE__);
	text = t_slurp(path, &len);
	T_CHECK("shipped-policy-read", text != NULL);
	if (!text)
		return;
	got = warnings(text, 1);
	T_EQ_STR("shipped-policy-no-warnings", got, "");
	free(got);
	free(text);
}

/* Where the parser recorded each value, for the warnings' file:line:col. */
static void positions(void)
{
	struct parsed p;

	parse(&p, "version 1\nstate-root /srv\ntool ss {\n  path /usr/bin/ss\n options  \"tn\"\n"
		  "long  tcp udp:\n}\n  permit any on any,host run ss max-time 1m\n");
	T_EQ_INT("pos-parses", p.nerr, 0);
	T_CHECK("pos-state-root", p.pol.state_root_line == 2 && p.pol.state_root_col == 12);
	T_CHECK("pos-path", p.pol.tools[0].path_line == 4 && p.pol.tools[0].path_col == 8);
	T_CHECK("pos-options",
		p.pol.tools[0].options_line == 5 && p.pol.tools[0].options_col == 11);
	T_CHECK("pos-long", p.pol.tools[0].long_line == 6 && p.pol.tools[0].long_cols[0] == 7 &&
				    p.pol.tools[0].long_cols[1] == 11);
	T_CHECK("pos-rule", p.pol.rules[0].col == 3 && p.pol.rules[0].who_col == 10 &&
				    p.pol.rules[0].run_col == 30);
	T_CHECK("pos-targets",
		p.pol.rules[0].targets[0].col == 17 && p.pol.rules[0].targets[1].col == 21);
	done(&p);
}

int main(void)
{
	dangerous();
	shapes();
	shipped();
	positions();
	return t_done();
}
