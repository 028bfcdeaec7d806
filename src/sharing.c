/* SPDX-License-Identifier: ISC */
#include "sharing.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "escape.h"
#include "identity.h"
#include "target_parts.h"
#include "util.h"

#define SHOWN_MAX 8

void sharing_line(char *out, size_t len, unsigned long long ino, const char *const *named,
		  int nnamed, int others)
{
	int shown_n = nnamed < SHOWN_MAX ? nnamed : SHOWN_MAX;
	size_t u;

	snprintf(out, len, "netns %llu is shared with%s", ino, nnamed ? ":" : "");
	for (int i = 0; i < shown_n; i++) {
		u = strlen(out);
		snprintf(out + u, len - u, "%s %s", i ? "," : "", named[i]);
	}
	u = strlen(out);
	if (nnamed > shown_n)
		snprintf(out + u, len - u, ", and %d more", nnamed - shown_n);
	u = strlen(out);
	if (others)
		snprintf(out + u, len - u, "%s %d container%s you may not enter",
			 nnamed ? " and" : "", others, others == 1 ? "" : "s");
}

int sharing_bypass(const struct rule *first, const struct rule *second)
{
	if (!first || !second || first->permit == second->permit)
		return 0;
	return first->permit ? 2 : 1;
}

static const struct target *cur;
static const struct asker *who;

/* A record the scan cannot read: the warning cannot be given, which it says; never a guess. */
static void cannot_tell(const char *msg)
{
	printf("warning: cannot tell which containers share netns %llu: %s\n",
	       (unsigned long long)cur->pin.ns_ino, tesc(msg));
	(void)fflush(stdout);
}

/* A rule that denies tool on one of the two while the other is permitted. */
static void bypass(const struct container *c, const char *label, const char *tool)
{
	const struct policy *pol = who->pol;
	struct target_id tv, cv;
	const struct rule *rt, *rc;
	char target[400];
	int which;

	target_view(cur, &tv);
	identity_of(c, 0, 0, &cv);
	rt = policy_rule_for(pol, who->sub, &tv, tool);
	rc = policy_rule_for(pol, who->sub, &cv, tool);
	which = sharing_bypass(rt, rc);
	if (!which)
		return;
	snprintf(target, sizeof(target), "%s", cur->has_container ? shown(&cur->c) : "this target");
	printf("warning: a rule denies %s on %s (%s:%d) but its network namespace is reachable "
	       "through %s\n",
	       tesc(tool), which == 1 ? target : label, tesc(pol->file),
	       which == 1 ? rt->line : rc->line, which == 1 ? label : "this target");
}

static void scan(const char *tool)
{
	static char labels[SHOWN_MAX][400], spare[400], line[4096];
	const char *named[SHOWN_MAX];
	struct index ix;
	const char **ids;
	int nnamed = 0, others = 0;
	char *label;
	size_t n;

	index_init(&ix, who->pol->state_root);
	index_use_records(&ix); /* a warning: the target itself was read through the trusted path */
	index_scan(&ix, "");
	n = index_ids(&ix, &ids);
	for (size_t i = 0; i < n; i++) {
		struct container c;
		struct pinned pin;
		const char *why;
		int same;

		if (cur->has_container && strcmp(ids[i], cur->c.id) == 0)
			continue;
		if (index_container(&ix, ids[i], &c, &why) < 0)
			die(EXIT_FAIL, "container %.12s: its runtimes' records disagree (%s)",
			    ids[i], why);
		if (container_peek(&c, &pin) != NULL)
			continue; /* not running: in no namespace */
		same = pin.ns_dev == cur->pin.ns_dev && pin.ns_ino == cur->pin.ns_ino;
		netns_unpin(&pin);
		if (!same)
			continue;
		if (!may_enter(who, &c)) {
			others++;
			bypass(&c, "another container", tool);
			continue;
		}
		label = nnamed < SHOWN_MAX ? labels[nnamed] : spare;
		snprintf(label, sizeof(spare), "%s", shown(&c));
		bypass(&c, label, tool);
		if (nnamed < SHOWN_MAX)
			named[nnamed] = label;
		nnamed++;
	}
	if (nnamed || others) {
		sharing_line(line, sizeof(line), (unsigned long long)cur->pin.ns_ino, named, nnamed,
			     others);
		printf("warning: %s\n", line);
	}
}

void sharing_warn(const struct asker *a, const struct target *t, const char *tool)
{
	pid_t pid;
	int st;

	if (t->pin.nsfd < 0 || strcmp(t->kind, "host") == 0)
		return; /* only `host` rules reach the host's: no container rule to get around */
	if (fflush(stdout) != 0)
		pdie(EXIT_FAIL, "writing to stdout");
	pid = fork();
	if (pid < 0)
		pdie(EXIT_FAIL, "fork");
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY | O_CLOEXEC);

		if (null < 0 || dup2(null, 2) != 2) /* its one line is cannot_tell's */
			_exit(EXIT_FAIL);
		cur = t;
		who = a;
		set_die_hook(cannot_tell);
		output_deadline(30);
		scan(tool);
		_exit(fflush(stdout) == 0 ? 0 : EXIT_FAIL);
	}
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			pdie(EXIT_FAIL, "waitpid");
}
