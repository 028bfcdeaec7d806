/* SPDX-License-Identifier: ISC */
/* Tool profiles against what nscap knows of the tools it ships profiles for: options that are
 * dangerous to hand a caller, and options whose value/flag shape the profile gets wrong (a value
 * where the tool has a flag can hide an option: "-xz" is -x with value "z" to nscap, -x -z to
 * the tool). Each table is the tool's own, as Debian 12 builds it: tcpdump 4.99.3's SHORTOPTS and
 * longopts, iproute2 6.1's ss, nstat and ip (ip.c's option chain), iputils 20221126's ping and
 * tracepath (their getopt strings). */
#include <string.h>

#include "lint.h"

struct danger {
	const char *opt; /* "z", or "--name" */
	const char *why;
};

struct known {
	const char *name;
	const char *shorts; /* the tool's getopt string */
	const char *longs;  /* its long options, "name:" takes a value, blank-separated */
	const struct danger *dangers;
};

/* -F FILE (tcpdump, ss) reads a filter expression from a file, opened as the caller: no more
 * than the caller could pass as operands, so it is not on these lists. */
static const struct danger tcpdump_d[] = {
	{"z", "-z CMD runs CMD after each rotated capture file: a command execution primitive"},
	{"Z", "-Z USER asks tcpdump to switch users: a privilege operation, meaningless as the "
	      "caller"},
	{"--relinquish-privileges", "--relinquish-privileges is -Z: tcpdump switches users"},
	{"r", "-r FILE reads a saved capture: caller-chosen bytes for the dissectors of a process "
	      "holding CAP_NET_RAW, and no live capture at all"},
	{"V", "-V FILE reads the saved captures FILE lists: caller-chosen bytes for the dissectors "
	      "of a process holding CAP_NET_RAW"},
	{"m", "-m FILE loads SMI MIB modules from caller-chosen paths"},
	{"I", "-I puts a wireless interface in monitor mode, for everyone using it"},
	{"--monitor-mode", "--monitor-mode is -I: it changes the interface for everyone"},
	{NULL, NULL}};
static const struct danger ss_d[] = {
	{"K", "-K closes the sockets the filter matches"},
	{"--kill", "--kill is -K: it closes the sockets the filter matches"},
	{"N", "-N NAME switches ss to another network namespace than the one nscap entered"},
	{"--net", "--net is -N: ss switches to another network namespace"},
	{"D", "-D FILE dumps raw socket information to a file nscap does not audit"},
	{"--diag", "--diag is -D: a raw dump to a file nscap does not audit"},
	{NULL, NULL}};
static const struct danger ping_d[] = {
	{"f", "-f floods the target with packets"},
	{"l", "-l N sends N packets at once without waiting for replies"},
	{"b", "-b pings a broadcast address: every host on the segment answers"},
	{NULL, NULL}};
static const struct danger nstat_d[] = {
	{"d", "-d N makes nstat a daemon that outlives the session"},
	{"--scan", "--scan is -d: nstat becomes a daemon that outlives the session"},
	{NULL, NULL}};
static const struct danger none_d[] = {{NULL, NULL}};

static const struct known tools[] = {
	{"tcpdump", "aAbB:c:C:dDeE:fF:G:hHi:Ij:JKlLm:M:nNOpqQ:r:s:StT:uUvV:w:W:xXy:Yz:Z:#",
	 "buffer-size: list-interfaces help interface: monitor-mode time-stamp-type: "
	 "list-time-stamp-types micro nano time-stamp-precision: dont-verify-checksums "
	 "list-data-link-types no-optimize no-promiscuous-mode direction: snapshot-length: "
	 "absolute-tcp-sequence-numbers packet-buffered linktype: immediate-mode "
	 "relinquish-privileges: count fp-type number print version",
	 tcpdump_d},
	{"ss", "dhaletuwxnro460spTbEf:mMiA:D:F:vVzZN:KHSO",
	 "numeric resolve options extended memory info processes threads bpf events dccp tcp "
	 "sctp udp raw unix tipc vsock all listening ipv4 ipv6 packet family: socket: query: "
	 "summary diag: filter: version help context contexts net: tipcinfo tos cgroup kill "
	 "no-header xdp mptcp oneline inet-sockopt",
	 ss_d},
	{"ping", "h4bRT:6F:N:aABc:CdDe:fi:I:l:Lm:M:nOp:qQ:rs:S:t:UvVw:W:", "", ping_d},
	{"tracepath", "46nbhl:m:p:V", "", none_d},
	{"nstat", "hvVzrnasd:t:jp",
	 "help ignore scan: nooutput json reset noupdate pretty interval: version zeros", nstat_d},
};

/* ip is not getopt: each "-word" (or "--word") is the first of these it is a prefix of, in this
 * order (ip.c, main), or exactly one of the "=" ones; -color may end in =always|auto|never. */
struct ipword {
	const char *w;
	char value, exact;
	const char *danger;
};

static const struct ipword ipwords[] = {
	{"-loops", 1, 0, NULL},
	{"-family", 1, 0, NULL},
	{"-4", 0, 1, NULL},
	{"-6", 0, 1, NULL},
	{"-0", 0, 1, NULL},
	{"-M", 0, 1, NULL},
	{"-B", 0, 1, NULL},
	{"-human", 0, 0, NULL},
	{"-human-readable", 0, 0, NULL},
	{"-iec", 0, 0, NULL},
	{"-stats", 0, 0, NULL},
	{"-statistics", 0, 0, NULL},
	{"-details", 0, 0, NULL},
	{"-resolve", 0, 0, NULL},
	{"-oneline", 0, 0, NULL},
	{"-timestamp", 0, 0, NULL},
	{"-tshort", 0, 0, NULL},
	{"-Version", 0, 0, NULL},
	{"-force", 0, 0, "-force keeps a -batch of ip commands going after errors"},
	{"-batch", 1, 0, "-batch FILE runs every ip command in FILE, whatever the rule meant"},
	{"-brief", 0, 0, NULL},
	{"-json", 0, 0, NULL},
	{"-pretty", 0, 0, NULL},
	{"-rcvbuf", 1, 0, NULL},
	{"-color", 0, 0, NULL},
	{"-help", 0, 0, NULL},
	{"-netns", 1, 0, "-netns NAME switches ip to another network namespace than nscap's"},
	{"-Numeric", 0, 0, NULL},
	{"-all", 0, 0, NULL},
	{"-echo", 0, 1, NULL},
};

/* What ip makes of word ("-s", "--netns"), or NULL when it refuses it. */
static const struct ipword *ip_word(const char *word)
{
	char w[80];
	size_t n;

	if (strncmp(word, "--", 2) == 0)
		word++;
	n = strcspn(word, "=");
	if (n >= sizeof(w) || n < 2)
		return NULL;
	memcpy(w, word, n);
	w[n] = '\0';
	for (size_t i = 0; i < sizeof(ipwords) / sizeof(ipwords[0]); i++) {
		const struct ipword *k = &ipwords[i];
		int color = strcmp(k->w, "-color") == 0;

		if (word[n] && !color)
			continue;
		if (k->exact ? strcmp(w, k->w) == 0 : strncmp(w, k->w, n) == 0 && n <= strlen(k->w))
			return color && word[n] && strcmp(word + n + 1, "always") != 0 &&
					       strcmp(word + n + 1, "auto") != 0 &&
					       strcmp(word + n + 1, "never") != 0
				       ? NULL
				       : k;
	}
	return NULL;
}

/* The table for t: by its path's last component, else by its profile's name. ip: *ip set. */
static const struct known *known_tool(const struct tool *t, int *ip)
{
	const char *slash = t->path ? strrchr(t->path, '/') : NULL;
	const char *names[2] = {slash ? slash + 1 : t->name, t->name};

	*ip = 0;
	for (int i = 0; i < 2; i++) {
		if (strcmp(names[i], "ip") == 0) {
			*ip = 1;
			return NULL;
		}
		for (size_t k = 0; k < sizeof(tools) / sizeof(tools[0]); k++)
			if (strcmp(names[i], tools[k].name) == 0)
				return &tools[k];
	}
	return NULL;
}

static const char *danger_of(const struct known *k, const char *opt)
{
	for (const struct danger *d = k->dangers; d->opt; d++)
		if (strcmp(d->opt, opt) == 0)
			return d->why;
	return NULL;
}

/* In the blank-separated list, name's shape: 1 value, 0 flag, -1 absent. */
static int long_shape(const char *list, const char *name, size_t n)
{
	for (const char *s = list; *s;) {
		size_t l = strcspn(s, " :");

		if (l == n && strncmp(s, name, n) == 0)
			return s[l] == ':';
		s += strcspn(s, " ");
		s += strspn(s, " ");
	}
	return -1;
}

/* One option the profile allows: opt is "x" or "--name", has is the profile's shape (1 takes a
 * value), tool_shape the tool's (1, 0, or -1: no such option), why its danger. */
static void judge(struct lint *l, const struct tool *t, int line, int col, const char *opt, int has,
		  int tool_shape, const char *why)
{
	int lg = opt[1] != '\0';
	const char *dash = lg ? "--" : "-", *name = lg ? opt + 2 : opt,
		   *key = lg ? "long" : "options";

	if (why)
		lint_warn(l, line, col, "dangerous-option",
			  "tool %s allows %s%s\n%s\nremove '%s' from %s", t->name, dash, name, why,
			  name, key);
	else if (tool_shape < 0)
		lint_warn(l, line, col, "option-shape",
			  "%s has no option %s%s\n"
			  "nscap would pass on an option the tool refuses or reads another way (a "
			  "typo?)\nremove '%s' from %s",
			  t->name, dash, name, name, key);
	else if (has && !tool_shape)
		lint_warn(l, line, col, "option-shape",
			  "%s gives %s%s a value, but %s's %s%s is a flag\n"
			  "a value can hide an option: nscap takes what follows %s%s as its value, "
			  "%s reads it as more options\nwrite '%s' without ':' in %s",
			  key, dash, name, t->name, dash, name, dash, name, t->name, name, key);
	else if (!has && tool_shape)
		lint_warn(
			l, line, col, "option-shape",
			"%s lists %s%s as a flag, but %s's %s%s takes a value\n"
			"%s reads the word after it as its value, while nscap checks that word as "
			"an option or operand\nwrite '%s:' in %s",
			key, dash, name, t->name, dash, name, t->name, name, key);
}

/* Would nscap pass word as one cluster of t's short options (ending at one taking a value)? */
static int passes(const struct tool *t, const char *word)
{
	for (size_t j = 1; word[j]; j++) {
		const char *o = word[j] == ':' ? NULL : strchr(t->options, word[j]);

		if (!o)
			return 0;
		if (o[1] == ':')
			return 1;
	}
	return 1;
}

/* Longer words nscap passes as a cluster that ip reads as a dangerous option ("-fo": -force). */
static void ip_clusters(struct lint *l, const struct tool *t)
{
	for (size_t i = 0; i < sizeof(ipwords) / sizeof(ipwords[0]); i++) {
		const struct ipword *k = &ipwords[i];
		char w[32] = {'-', k->w[1], '\0'};

		/* Its one-letter form is judged with the letters. */
		if (!k->danger || k->exact || (strchr(t->options, k->w[1]) && ip_word(w) == k))
			continue;
		for (size_t n = 3; n <= strlen(k->w) && n < sizeof(w); n++) {
			memcpy(w, k->w, n);
			w[n] = '\0';
			if (!passes(t, w) || ip_word(w) != k)
				continue;
			lint_warn(l, t->options_line, t->options_col, "dangerous-option",
				  "tool ip allows '%s', which ip reads as %s\n"
				  "ip takes any prefix of its options, nscap a cluster of letters: "
				  "%s\n"
				  "remove one of the letters of '%s' from options",
				  w, k->w, k->danger, w + 1);
			break;
		}
	}
}

static void ip_profile(struct lint *l, const struct tool *t)
{
	for (const char *c = t->options; *c; c++) {
		char word[3] = {'-', *c, '\0'};
		const struct ipword *k;

		if (*c == ':')
			continue;
		k = ip_word(word);
		judge(l, t, t->options_line, t->options_col, word + 1, c[1] == ':',
		      k ? k->value : -1, k ? k->danger : NULL);
	}
	for (int i = 0; i < t->nlong; i++) {
		char word[80];
		size_t n = strcspn(t->longs[i], ":");
		const struct ipword *k;

		snprintf(word, sizeof(word), "--%.*s", (int)n, t->longs[i]);
		k = ip_word(word);
		judge(l, t, t->long_line, t->long_cols[i], word, t->longs[i][n] == ':',
		      k ? k->value : -1, k ? k->danger : NULL);
	}
	ip_clusters(l, t);
}

static void getopt_profile(struct lint *l, const struct tool *t, const struct known *k)
{
	for (const char *c = t->options; *c; c++) {
		const char *in = *c == ':' ? NULL : strchr(k->shorts, *c);
		char opt[2] = {*c, '\0'};

		if (*c != ':')
			judge(l, t, t->options_line, t->options_col, opt, c[1] == ':',
			      in ? in[1] == ':' : -1, danger_of(k, opt));
	}
	for (int i = 0; i < t->nlong; i++) {
		char opt[80];
		size_t n = strcspn(t->longs[i], ":");

		snprintf(opt, sizeof(opt), "--%.*s", (int)n, t->longs[i]);
		judge(l, t, t->long_line, t->long_cols[i], opt, t->longs[i][n] == ':',
		      long_shape(k->longs, t->longs[i], n), danger_of(k, opt));
	}
}

void lint_tools(struct lint *l)
{
	for (int i = 0; i < l->pol->ntools; i++) {
		const struct tool *t = &l->pol->tools[i];
		int ip;
		const struct known *k = known_tool(t, &ip);

		if (ip)
			ip_profile(l, t);
		else if (k)
			getopt_profile(l, t, k);
	}
}
