/* SPDX-License-Identifier: ISC */
/* ip's own option rules (iproute2 6.1, ip/ip.c main() and matches() in lib/utils.c): before the
 * first word not starting with '-' (or "--"), each word is one option; "--x" is read as "-x";
 * the word stands for the FIRST of ip's option words, in ip.c's order, that it is a prefix of
 * (so -b is -batch, -br -brief, -n -netns, -f -family, -h -human), except for the few ip
 * compares whole. Everything after the first operand belongs to ip's object and command. */
#include "toolargs_ip.h"

#include <stdio.h>
#include <string.h>

#include "toolargs.h"

enum { IP_PREFIX, IP_EXACT, IP_COLOR }; /* how ip.c compares the word */

struct ip_word {
	const char *word;
	unsigned char how;
	unsigned char value; /* takes the next argument as its value */
	const char *same;    /* another spelling of this option (its first, canonical word) */
};

/* ip.c's order; a test in tests/unit/test_toolargs_ip.c pins every prefix to its word. */
static const struct ip_word ip_words[] = {
	{"loops", IP_PREFIX, 1, NULL},
	{"family", IP_PREFIX, 1, NULL},
	{"4", IP_EXACT, 0, NULL},
	{"6", IP_EXACT, 0, NULL},
	{"0", IP_EXACT, 0, NULL},
	{"M", IP_EXACT, 0, NULL},
	{"B", IP_EXACT, 0, NULL},
	{"human", IP_PREFIX, 0, NULL},
	{"human-readable", IP_PREFIX, 0, "human"},
	{"iec", IP_PREFIX, 0, NULL},
	{"stats", IP_PREFIX, 0, NULL},
	{"statistics", IP_PREFIX, 0, "stats"},
	{"details", IP_PREFIX, 0, NULL},
	{"resolve", IP_PREFIX, 0, NULL},
	{"oneline", IP_PREFIX, 0, NULL},
	{"timestamp", IP_PREFIX, 0, NULL},
	{"tshort", IP_PREFIX, 0, NULL},
	{"Version", IP_PREFIX, 0, NULL},
	{"force", IP_PREFIX, 0, NULL},
	{"batch", IP_PREFIX, 1, NULL},
	{"brief", IP_PREFIX, 0, NULL},
	{"json", IP_PREFIX, 0, NULL},
	{"pretty", IP_PREFIX, 0, NULL},
	{"rcvbuf", IP_PREFIX, 1, NULL},
	{"color", IP_COLOR, 0, NULL},
	{"help", IP_PREFIX, 0, NULL},
	{"netns", IP_PREFIX, 1, NULL},
	{"Numeric", IP_PREFIX, 0, NULL},
	{"all", IP_PREFIX, 0, NULL},
	{"echo", IP_EXACT, 0, NULL},
};
#define NWORDS (sizeof(ip_words) / sizeof(ip_words[0]))

/* matches(opt, "-" word) == 0: opt ("-...") is a non-empty prefix of "-word". */
static int is_prefix(const char *opt, size_t n, const char *word)
{
	return n - 1 <= strlen(word) && strncmp(opt + 1, word, n - 1) == 0;
}

/* matches_color(): "-color" abbreviated, optionally "=always", "=auto" or "=never". */
static int is_color(const char *opt)
{
	const char *eq = strchr(opt, '=');

	if (!is_prefix(opt, eq ? (size_t)(eq - opt) : strlen(opt), "color"))
		return 0;
	return !eq || !eq[1] || strcmp(eq + 1, "always") == 0 || strcmp(eq + 1, "auto") == 0 ||
	       strcmp(eq + 1, "never") == 0;
}

static const struct ip_word *word_of(const char *arg)
{
	const char *opt = arg[1] == '-' ? arg + 1 : arg;

	for (size_t i = 0; i < NWORDS; i++) {
		const struct ip_word *w = &ip_words[i];
		int hit = w->how == IP_EXACT   ? strcmp(opt + 1, w->word) == 0
			  : w->how == IP_COLOR ? is_color(opt)
					       : is_prefix(opt, strlen(opt), w->word);

		if (hit)
			return w;
	}
	return NULL;
}

const char *ip_word(const char *arg, int *takes_value)
{
	const struct ip_word *w = arg[0] == '-' && strcmp(arg, "--") != 0 ? word_of(arg) : NULL;

	if (takes_value)
		*takes_value = w ? w->value : 0;
	return w ? (w->same ? w->same : w->word) : NULL;
}

static const struct ip_word *entry(const char *word)
{
	for (size_t i = 0; i < NWORDS; i++)
		if (strcmp(ip_words[i].word, word) == 0)
			return &ip_words[i];
	return NULL;
}

int ip_word_known(const char *word, int *takes_value)
{
	const struct ip_word *w = entry(word);

	if (w && takes_value)
		*takes_value = w->value;
	return w != NULL;
}

/* Is ip's option (canonical word) listed in the profile, under either of its spellings? */
static int allowed(const struct tool *t, const char *canon)
{
	for (int i = 0; i < t->nlong; i++) {
		size_t l = strcspn(t->longs[i], ":");
		char name[32];
		const struct ip_word *w;

		if (l >= sizeof(name))
			continue;
		memcpy(name, t->longs[i], l);
		name[l] = '\0';
		w = entry(name);
		if (w && strcmp(w->same ? w->same : w->word, canon) == 0)
			return 1;
	}
	return 0;
}

int toolargs_ip_check(const struct tool *t, int argc, char *const argv[], char *why, size_t len)
{
	char b[TOOLARGS_SHOWN];
	int i = 0, value;

	for (; i < argc && argv[i][0] == '-'; i++) {
		const char *a = argv[i], *canon;

		if (strcmp(a, "--") == 0) {
			i++;
			break;
		}
		canon = ip_word(a, &value);
		if (!canon) {
			snprintf(why, len, "ip has no option '%s'",
				 toolargs_shown(a, b, sizeof(b)));
			return -1;
		}
		if (!allowed(t, canon)) {
			snprintf(why, len, "option '%s' is ip's -%s, which is not allowed for %s",
				 toolargs_shown(a, b, sizeof(b)), canon, t->name);
			return -1;
		}
		if (value && ++i >= argc) {
			snprintf(why, len, "option '%s' (-%s) needs a value",
				 toolargs_shown(a, b, sizeof(b)), canon);
			return -1;
		}
	}
	if (i < argc && !t->operands_any) {
		snprintf(why, len, "%s takes no operands ('%s')", t->name,
			 toolargs_shown(argv[i], b, sizeof(b)));
		return -1;
	}
	return 0;
}
