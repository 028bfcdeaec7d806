/* SPDX-License-Identifier: ISC */
/* Unit tests for bounds.c: a rule's bounds applied to argv through a parsed profile, and the
 * policy errors of bounds that cannot be enforced. */
#include <stdio.h>
#include <string.h>

#include "bounds.h"
#include "t_lint.h"
#include "t_policy.h"

#define TCPDUMP_BLOCK(name, snap)                                                                  \
	"tool " name " {\n path /usr/bin/tcpdump\n caps net_raw\n options \"nDc:i:s:w:F:\"\n"      \
	" long interface: snapshot-length: list-interfaces\n operands any\n"                       \
	" bound snaplen " snap "\n bound interfaces -i --interface\n"                              \
	" bound filter operands refuse -F\n}\n"

static const char policy_text[] = "version 1\n" TCPDUMP_BLOCK("tcpdump", "-s --snapshot-length")
	TCPDUMP_BLOCK("longfirst",
		      "--snapshot-length -s") "tool ss {\n path /usr/bin/ss\n options \"tn\"\n "
					      "operands any\n}\n"
					      "permit any on any run tcpdump snaplen 96 filter "
					      "\"tcp port 8080\" interfaces lo\n"
					      "permit any on any run tcpdump interfaces lo,eth*\n"
					      "permit any on any run tcpdump interfaces any,lo\n"
					      "permit any on any run tcpdump snaplen 128\n"
					      "permit any on any run longfirst snaplen 96\n"
					      "permit any on any run ss\n";

static struct parsed P;
static char why[512];

/* The effective argv joined by '|', or "DENY: why". */
static const char *eff(int rule, int tool, char *const argv[])
{
	static char out[4096];
	struct effective e;
	int argc = 0;

	while (argv[argc])
		argc++;
	strcpy(why, "(unset)");
	if (bounds_apply(&P.pol.rules[rule].bounds, &P.pol.tools[tool], argc, argv, &e, why,
			 sizeof(why)) != 0) {
		snprintf(out, sizeof(out), "DENY: %s", why);
		return out;
	}
	out[0] = '\0';
	for (int i = 0; i < e.argc; i++)
		snprintf(out + strlen(out), sizeof(out) - strlen(out), "%s%s", i ? "|" : "",
			 e.argv[i]);
	bounds_free(&e);
	return out;
}

#define ARGV(...) ((char *[]){__VA_ARGS__, NULL})
#define NOARGS ((char *[]){NULL})
#define EFF(name, rule, tool, want, ...) T_EQ_STR(name, eff(rule, tool, ARGV(__VA_ARGS__)), want)
#define DENY(name, rule, needle, ...)                                                              \
	T_CHECK(name, strstr(eff(rule, 0, ARGV(__VA_ARGS__)), needle) != NULL)

#define F "--|( tcp port 8080 )"

static void added(void)
{
	T_EQ_STR("all-added", eff(0, 0, NOARGS), "-i|lo|-s|96|" F);
	EFF("options-kept", 0, 0, "-i|lo|-s|96|-w|x.pcap|" F, "-w", "x.pcap");
	EFF("own-snaplen-kept", 0, 0, "-i|lo|-nns64|" F, "-nns64");
	EFF("own-iface", 0, 0, "-s|96|--interface=lo|" F, "--interface=lo");
	EFF("value-not-option", 0, 0, "-i|lo|-s|96|-w|-i|" F, "-w", "-i");
	EFF("list-interfaces", 0, 0, "-i|lo|-s|96|-D|" F, "-D");
	EFF("snaplen-only-operands-stay", 3, 0, "-s|128|port|80|-w|x", "port", "80", "-w", "x");
	EFF("long-first-carrier", 4, 1, "--snapshot-length=96|-n", "-n");
	EFF("unbounded-verbatim", 5, 2, "-tn|x", "-tn", "x");
}

static void filters(void)
{
	EFF("filter-and", 0, 0, "-i|lo|-s|96|--|( tcp port 8080 ) and ( port 9090 )", "port",
	    "9090");
	EFF("filter-one-word", 0, 0, "-i|lo|-s|96|--|( tcp port 8080 ) and ( udp or icmp )",
	    "udp or icmp");
	EFF("filter-permuted", 0, 0, "-i|lo|-s|96|-w|a|--|( tcp port 8080 ) and ( port 80 )",
	    "port", "80", "-w", "a");
	EFF("filter-dashdash", 0, 0, "-i|lo|-s|96|-w|a|--|( tcp port 8080 ) and ( -- port )", "-w",
	    "a", "--", "--", "port");
	EFF("filter-parens-ok", 0, 0, "-i|lo|-s|96|--|( tcp port 8080 ) and ( (a) or (b) )", "(a)",
	    "or", "(b)");
	DENY("filter-F", 0, "filter bound: -F would replace", "-F", "f");
	DENY("filter-F-cluster", 0, "filter bound: -F would replace", "-nFf");
	DENY("filter-close-early", 0, "closes a parenthesis", "port", "80", ")", "or", "(", "port",
	     "9090");
	DENY("filter-close-early-one-word", 0, "closes a parenthesis", "port 80 ) or ( port 9090");
	DENY("filter-close-first", 0, "closes a parenthesis", ")", "(");
	DENY("filter-unclosed", 0, "never closed", "(", "port", "80");
	DENY("filter-empty", 0, "it is empty", "");
	DENY("filter-blank", 0, "it is empty", " ", " ");
	DENY("filter-control", 0, "control byte", "port\n80");
}

static void snaplens(void)
{
	DENY("snaplen-larger", 0, "snaplen bound: -s 1500 is more than the rule's 96 bytes", "-s",
	     "1500");
	DENY("snaplen-zero", 0, "-s 0 means the tool's largest", "-s0");
	DENY("snaplen-hex", 0, "not a plain decimal", "--snapshot-length=0x60");
	DENY("snaplen-octal", 0, "not a plain decimal", "-s", "096");
	DENY("snaplen-sign", 0, "not a plain decimal", "-s", "+96");
	DENY("snaplen-one-too-many", 0, "97 is more", "-s", "64", "-s", "97");
	DENY("snaplen-long-separate", 0, "--snapshot-length 1500 is more", "--snapshot-length",
	     "1500");
	DENY("snaplen-no-value", 0, "-s has no value", "-s");
	DENY("iface-long-separate", 0, "--interface 'eth0'", "--interface", "eth0");
	EFF("snaplen-equal", 0, 0, "-i|lo|-s|96|" F, "-s", "96");
}

static void interfaces(void)
{
	DENY("iface-other", 0, "interfaces bound: -i 'eth0' is not one of lo", "-i", "eth0");
	DENY("iface-any", 0, "'any' is not one of lo", "-i", "any");
	DENY("iface-index", 0, "by its index", "-i", "1");
	DENY("iface-long", 0, "--interface 'eth0'", "--interface=eth0");
	DENY("iface-attached", 0, "'eth0'", "-nieth0");
	DENY("iface-last-of-two", 0, "'eth0'", "-i", "lo", "-i", "eth0");
	T_CHECK("iface-glob-not-given",
		strstr(eff(1, 0, NOARGS), "name an interface with -i: one of lo,eth*") != NULL);
	T_CHECK("iface-glob", strcmp(eff(1, 0, ARGV("-i", "eth1")), "-i|eth1") == 0);
	T_CHECK("iface-glob-prefix", strstr(eff(1, 0, ARGV("-i", "veth0")), "DENY") != NULL);
	T_CHECK("iface-alias", strstr(eff(1, 0, ARGV("-i", "eth0:1")), "DENY") != NULL);
	T_CHECK("iface-glob-not-any", strstr(eff(1, 0, ARGV("-i", "any")), "DENY") != NULL);
	T_CHECK("iface-any-listed", strcmp(eff(2, 0, ARGV("-i", "any")), "-i|any") == 0);
}

static void words(void)
{
	char buf[256];
	struct bounds none = {0};

	T_EQ_STR("words", bounds_words(&P.pol.rules[0].bounds, buf, sizeof(buf)),
		 "headers only (96 bytes), tcp port 8080, interfaces lo");
	T_EQ_STR("words-ifaces", bounds_words(&P.pol.rules[1].bounds, buf, sizeof(buf)),
		 "interfaces lo,eth*");
	T_EQ_STR("words-none", bounds_words(&none, buf, sizeof(buf)), "");
}

#define TOOL_SS "version 1\ntool ss {\n path /usr/bin/ss\n options \"tn\"\n operands any\n}\n"
#define TOOL_TD "version 1\n" TCPDUMP_BLOCK("tcpdump", "-s")

static void errors(void)
{
	bad("err-cannot-enforce", TOOL_SS "permit any on any run ss snaplen 96\n",
	    "p:7:26: snaplen: tool 'ss' cannot enforce it (its profile at line 2 has no 'bound "
	    "snaplen')\n");
	bad("err-run-any", TOOL_TD "permit any on any run any interfaces lo\n",
	    "p:12:27: interfaces: name the tools ('run any' may run one that cannot carry it)\n");
	bad("err-filter-unbalanced",
	    TOOL_TD "permit any on any run tcpdump filter \"a ) or ( b\"\n",
	    "p:12:38: filter: a ')' closes a parenthesis it did not open\n");
	bad("err-iface-number", TOOL_TD "permit any on any run tcpdump interfaces lo,2\n",
	    "p:12:45: interface '2': a number names an interface by its index\n");
	bad("err-snaplen-zero", TOOL_TD "permit any on any run tcpdump snaplen 0\n",
	    "p:12:39: snaplen '0': too small (1 to 262144 bytes)\n");
	bad("err-deny-bound", TOOL_TD "deny any on any run tcpdump snaplen 96\n",
	    "p:12:29: 'snaplen' has no meaning on a deny rule\n");
	bad("err-bound-not-in-profile",
	    "version 1\ntool t {\n path /bin/t\n options \"n\"\n bound snaplen -s\n}\n",
	    "p:6:1: tool 't': bound snaplen: -s is not an option with a value in the profile\n");
	bad("err-filter-no-operands",
	    "version 1\ntool t {\n path /bin/t\n bound filter operands\n}\n",
	    "p:5:1: tool 't': bound filter needs 'operands any'\n");
	bad("err-filter-carrier",
	    "version 1\ntool t {\n path /bin/t\n operands any\n bound filter -f\n}\n",
	    "p:5:8: bound filter: expected 'operands' (the expression)\n");
	bad("err-refuse-unknown",
	    "version 1\ntool t {\n path /bin/t\n operands any\n bound filter operands refuse "
	    "-F\n}\n",
	    "p:6:1: tool 't': bound filter: -F is not in the profile (it is refused anyway)\n");
}

static const struct lint_db no_db;

/* -C's warning when a later permit overrides part of a bounded one without its bounds. */
static void lint(void)
{
	char *got;

	got = lint_text(TOOL_TD "permit any on pod:pay/* run tcpdump max-time 1m snaplen 96 "
				"filter \"port 80\"\n"
				"permit uid:1 on any run tcpdump max-time 1m\n",
			&no_db, lint_rules);
	T_CHECK("lint-bounds-reopened",
		strstr(got, "p:12:1: warning: line 13 permits part of what this rule permits "
			    "without its bounds (snaplen, filter) [bounds-reopened]") != NULL);
	free(got);
	got = lint_text(TOOL_TD "permit any on any run tcpdump max-time 1m\n"
				"permit uid:1 on pod:pay/* run tcpdump max-time 1m snaplen 96\n",
			&no_db, lint_rules);
	T_EQ_STR("lint-bounded-exception-after", got, "");
	free(got);
	got = lint_text(TOOL_TD "permit uid:1 on pod:pay/* run tcpdump max-time 1m snaplen 96\n"
				"permit uid:1 on any run tcpdump max-time 1m snaplen 128\n",
			&no_db, lint_rules);
	T_CHECK("lint-bounds-in-limits",
		strstr(got, "its own limits (max-time 60s, no max-bytes, headers only (128 "
			    "bytes))") != NULL);
	free(got);
}

int main(void)
{
	parse(&P, policy_text);
	T_EQ_INT("policy-parses", P.nerr, 0);
	if (P.nerr) {
		printf("# %s", P.errs);
		return t_done();
	}
	added();
	filters();
	snaplens();
	interfaces();
	words();
	errors();
	lint();
	done(&P);
	return t_done();
}
