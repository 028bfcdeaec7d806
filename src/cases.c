/* SPDX-License-Identifier: ISC */
#include "cases.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "facts.h"
#include "policy_parse.h"
#include "util.h"

#define CASES_MAX_GROUPS 65536

const char *subject_of(const char *user, struct subject *sub, gid_t *groups, int max)
{
	struct passwd *pw = getpwnam(user);
	long long uid;
	int n = max;

	memset(sub, 0, sizeof(*sub));
	if (!pw && parse_ll(user, 0, 4294967294LL, &uid) == NULL) {
		pw = getpwuid((uid_t)uid);
		if (!pw) { /* a uid no database knows: no group */
			sub->uid = (uid_t)uid;
			sub->gid = (gid_t)-1;
			sub->groups = groups;
			return NULL;
		}
	}
	if (!pw)
		return "unknown user (a name from the passwd database, or a uid)";
	if (getgrouplist(pw->pw_name, pw->pw_gid, groups, &n) < 0)
		return "more groups than nscap checks";
	*sub = (struct subject){pw->pw_uid, pw->pw_gid, groups, n, NULL};
	return NULL;
}

struct one {
	struct parser p;
	const struct policy *pol;
	FILE *out;
	int bad;
};

static const char *verdict_text(const struct decision *d)
{
	return d->verdict == V_ALLOW ? "permit" : "deny";
}

/* "9 deny, 20 permit": the lines of the rules that matched. */
static void matched_text(const struct decision *d, char *buf, size_t len)
{
	int n = d->nmatched < DECISION_MAX_MATCHED ? d->nmatched : DECISION_MAX_MATCHED;

	buf[0] = '\0';
	for (int i = 0; i < n; i++) {
		size_t used = strlen(buf);

		snprintf(buf + used, len - used, "%s%d %s", i ? ", " : "", d->matched[i]->line,
			 d->matched[i]->permit ? "permit" : "deny");
	}
	if (!n)
		snprintf(buf, len, "none");
}

/* The expectation after "=>": permit|deny and the optional rule line (0: none, -1: any). */
static const char *expectation(struct word *w, int n, int *permit, long long *line)
{
	*line = -1;
	if (n < 1 || n > 2 || (strcmp(w[0].s, "permit") != 0 && strcmp(w[0].s, "deny") != 0))
		return "expected '=> permit' or '=> deny', then optionally the deciding rule's "
		       "line "
		       "or 'none'";
	*permit = w[0].s[0] == 'p';
	if (n == 2 && strcmp(w[1].s, "none") == 0)
		*line = 0;
	else if (n == 2 && parse_ll(w[1].s, 1, POLICY_MAX_LINE * 1024LL, line) != NULL)
		return "the rule line must be a line number or 'none'";
	return NULL;
}

static void check(struct one *c, struct word *w, int n, int arrow)
{
	static gid_t groups[CASES_MAX_GROUPS];
	char *args[MAX_WORDS], matched[512], want[48], got[32];
	struct subject sub;
	struct facts f;
	struct decision d;
	const char *why, *reason = NULL;
	long long want_line;
	int want_permit, i = 1, got_line;

	if (arrow > 2 && strcmp(w[1].s, "-r") == 0) {
		reason = w[2].s;
		i = 3;
	}
	if (arrow - i < 2) {
		policy_error(&c->p, w[0].col,
			     "expected USER [-r REASON] TARGET TOOL [ARG...] => "
			     "permit|deny [RULE-LINE]");
		return;
	}
	if ((why = expectation(w + arrow + 1, n - arrow - 1, &want_permit, &want_line))) {
		policy_error(&c->p, w[arrow].col, "%s", why);
		return;
	}
	if ((why = subject_of(w[0].s, &sub, groups, CASES_MAX_GROUPS))) {
		policy_error(&c->p, w[0].col, "user '%s': %s", w[0].s, why);
		return;
	}
	if ((why = facts_parse(w[i].s, &f))) {
		policy_error(&c->p, w[i].col,
			     "target %s (write pod:NS/POD[/CONTAINER], "
			     "container:NAME, id:ID, runtime:R or host, joined by '&')",
			     why);
		return;
	}
	sub.reason = reason;
	for (int k = i + 2; k < arrow; k++)
		args[k - i - 2] = w[k].s;
	policy_decide(c->pol, &sub, &f.v, w[i + 1].s, arrow - i - 2, args, &d);
	got_line = d.rule ? d.rule->line : 0;
	if (d.verdict == V_NOTOOL) {
		policy_error(&c->p, w[i + 1].col, "%s", d.why);
		return;
	}
	if ((d.verdict == V_ALLOW) == want_permit && (want_line < 0 || want_line == got_line))
		return;
	c->bad++;
	matched_text(&d, matched, sizeof(matched));
	if (want_line > 0)
		snprintf(want, sizeof(want), " by line %lld", want_line);
	else
		snprintf(want, sizeof(want), "%s", want_line ? "" : " by no rule");
	if (got_line)
		snprintf(got, sizeof(got), "line %d", got_line);
	fprintf(c->out, "%s:%d: want %s%s, got %s by %s (%s); rules matched: %s\n", c->p.file,
		c->p.line, want_permit ? "permit" : "deny", want, verdict_text(&d),
		got_line ? got : "no rule", d.why, matched);
}

/* One line of the file: returns 1 when it is a case. */
static int line_case(struct one *c, const char *text, size_t len)
{
	char buf[POLICY_MAX_LINE];
	struct word w[MAX_WORDS];
	int n, arrow = -1;

	for (size_t i = 0; i < len; i++)
		if ((unsigned char)text[i] < 0x20 && text[i] != '\t') {
			policy_error(&c->p, (int)i + 1, "control character 0x%02x", text[i]);
			return 1;
		}
	if (len >= sizeof(buf)) {
		policy_error(&c->p, 1, "line longer than %d bytes", POLICY_MAX_LINE - 1);
		return 1;
	}
	memcpy(buf, text, len);
	buf[len] = '\0';
	n = policy_split(&c->p, buf, w, MAX_WORDS);
	if (n == 0)
		return 0; /* blank, or a comment */
	for (int i = 0; i < n; i++)
		if (strcmp(w[i].s, "=>") == 0)
			arrow = i;
	if (n > 0 && arrow < 0)
		policy_error(&c->p, w[0].col, "no '=>' (USER TARGET TOOL [ARG...] => permit|deny)");
	else if (n > 0)
		check(c, w, n, arrow);
	return 1;
}

int cases_run(const struct policy *pol, const char *file, FILE *out, int *total)
{
	struct one c = {.p = {.file = file, .errs = out}, .pol = pol, .out = out};
	int fd = open(file, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	size_t len, off = 0;
	char *text;

	*total = 0;
	if (fd < 0)
		pdie(EXIT_FAIL, "%s", file);
	if (read_all(fd, POLICY_MAX_BYTES, &text, &len) != 0)
		pdie(EXIT_FAIL, "reading %s", file);
	close(fd);
	while (off < len) {
		const char *nl = memchr(text + off, '\n', len - off);
		size_t l = nl ? (size_t)(nl - (text + off)) : len - off;

		c.p.line++;
		*total += line_case(&c, text + off, l);
		off += l + 1;
	}
	free(text);
	c.bad += c.p.nerr;
	if (!*total)
		fprintf(out, "%s: no cases\n", file);
	else if (c.bad)
		fprintf(out, "%s: %d of %d cases fail\n", file, c.bad, *total);
	else
		fprintf(out, "%s: %d cases hold\n", file, *total);
	return c.bad + !*total;
}
