/* SPDX-License-Identifier: ISC */
/* Unit tests for policy tests (cases.c): the case syntax, each mismatch and bad line reported
 * as file:line, the count that fails, and the subject a user name stands for. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cases.h"
#include "t.h"
#include "t_policy.h"

static const char policy[] =
	"version 1\n"
	"tool tcpdump {\npath /usr/bin/tcpdump\noptions \"ni:\"\noperands any\n}\n" /* 2-6 */
	"permit uid:0 on pod:shop/* run tcpdump max-time 1m\n"			    /* 7 */
	"deny uid:0 on pod:shop/web/envoy\n"					    /* 8 */
	"permit gid:0 on host run tcpdump max-time 1m reason required\n";	    /* 9 */

struct result {
	int failing, total;
	char *out;
};

/* Run the cases text against the policy above. */
static struct result run(const char *cases)
{
	char path[] = "/tmp/nscap-unit-cases.XXXXXX";
	struct result r = {0, 0, NULL};
	struct parsed p;
	size_t len = 0;
	FILE *f;
	int fd = mkstemp(path);

	if (fd < 0 || write(fd, cases, strlen(cases)) != (ssize_t)strlen(cases) || close(fd) != 0) {
		perror("cases file");
		exit(2);
	}
	parse(&p, policy);
	f = open_memstream(&r.out, &len);
	if (!f || p.nerr)
		exit(2);
	r.failing = cases_run(&p.pol, path, f, &r.total);
	fclose(f);
	done(&p);
	unlink(path);
	/* The file's random name out of the text, for comparing: "C:line: ...". */
	for (char *s; (s = strstr(r.out, path)) != NULL;) {
		*s = 'C';
		memmove(s + 1, s + strlen(path), strlen(s + strlen(path)) + 1);
	}
	return r;
}

static void expect(const char *name, const char *cases, int failing, int total, const char *want)
{
	struct result r = run(cases);
	char n[128];

	snprintf(n, sizeof(n), "%s-failing", name);
	T_EQ_INT(n, r.failing, failing);
	snprintf(n, sizeof(n), "%s-total", name);
	T_EQ_INT(n, r.total, total);
	T_EQ_STR(name, r.out, want);
	free(r.out);
}

static void holding(void)
{
	expect("cases-hold",
	       "# comments and blank lines are no cases\n\n"
	       "root pod:shop/web/app tcpdump -i eth0 => permit 7\n"
	       "root pod:shop/web/envoy&runtime:containerd tcpdump => deny 8\n"
	       "root pod:shop/web tcpdump \"port 80\" => permit\n"
	       "root -r INC-1 host tcpdump -n => permit 9\n"
	       "root host tcpdump => deny 9   # no reason: the permit decides, and denies\n"
	       "root pod:other/x/y tcpdump => deny none\n"
	       "0 pod:shop/web/app tcpdump -z sh => deny 7\n",
	       0, 7, "C: 7 cases hold\n");
}

static void failing(void)
{
	expect("cases-mismatch",
	       "root pod:shop/web/envoy tcpdump => permit\n"
	       "root pod:shop/web/app tcpdump => permit 8\n"
	       "root host tcpdump => deny none\n",
	       3, 3,
	       "C:1: want permit, got deny by line 8 (denied by p:8); rules matched: 7 permit, 8 "
	       "deny\n"
	       "C:2: want permit by line 8, got permit by line 7 (permitted by p:7); rules "
	       "matched: "
	       "7 permit\n"
	       "C:3: want deny by no rule, got deny by line 9 (p:9 requires a reason: pass -r "
	       "REASON); rules matched: 9 permit\n"
	       "C: 3 of 3 cases fail\n");
	expect("cases-bad-lines",
	       "root host tcpdump\n"
	       "nosuchuser-nscapt host tcpdump => deny\n"
	       "root pod:shop/* tcpdump => deny\n"
	       "root host nmap => deny\n"
	       "root host tcpdump => maybe\n"
	       "root host tcpdump => deny 9 9\n"
	       "root => deny\n"
	       "root host tcpdump \"unterminated => deny\n",
	       8, 8,
	       "C:1:1: no '=>' (USER TARGET TOOL [ARG...] => permit|deny)\n"
	       "C:2:1: user 'nosuchuser-nscapt': unknown user (a name from the passwd database, or "
	       "a uid)\n"
	       "C:3:6: target 'pod:shop/*': a blank, control character, '*' or '?' (a case names "
	       "one target) (write pod:NS/POD[/CONTAINER], container:NAME, id:ID, runtime:R or "
	       "host, joined by '&')\n"
	       "C:4:11: tool 'nmap' is not defined in p; you may run tcpdump (with -r REASON) "
	       "here\n"
	       "C:5:19: expected '=> permit' or '=> deny', then optionally the deciding rule's "
	       "line "
	       "or 'none'\n"
	       "C:6:19: expected '=> permit' or '=> deny', then optionally the deciding rule's "
	       "line "
	       "or 'none'\n"
	       "C:7:1: expected USER [-r REASON] TARGET TOOL [ARG...] => permit|deny [RULE-LINE]\n"
	       "C:8:19: unterminated quoted word\n"
	       "C: 8 of 8 cases fail\n");
	/* A file of no cases asserts nothing: it fails. */
	expect("cases-none", "# nothing\n", 1, 0, "C: no cases\n");
}

static void subjects(void)
{
	static gid_t g[64];
	struct subject s;

	T_EQ_STR("subject-root", subject_of("root", &s, g, 64), NULL);
	T_CHECK("subject-root-ids", s.uid == 0 && s.gid == 0 && s.ngroups >= 1 && s.groups == g);
	T_EQ_STR("subject-uid", subject_of("0", &s, g, 64), NULL);
	T_CHECK("subject-uid-is-root", s.uid == 0 && s.gid == 0);
	T_EQ_STR("subject-unknown-uid", subject_of("4000000001", &s, g, 64), NULL);
	T_CHECK("subject-unknown-uid-no-groups",
		s.uid == 4000000001U && s.gid == (gid_t)-1 && s.ngroups == 0);
	T_CHECK("subject-unknown-name", subject_of("nosuchuser-nscapt", &s, g, 64) != NULL);
	T_CHECK("subject-no-change-uid", subject_of("4294967295", &s, g, 64) != NULL);
}

int main(void)
{
	holding();
	failing();
	subjects();
	return t_done();
}
