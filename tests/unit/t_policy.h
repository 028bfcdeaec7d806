/* SPDX-License-Identifier: ISC */
/* t_policy.h — policy_parse helpers shared by the test_policy_*.c unit tests (with t.h). */
#ifndef NSCAP_T_POLICY_H
#define NSCAP_T_POLICY_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "policy.h"
#include "t.h"

#define SHA_HEX "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"

struct parsed {
	struct policy pol;
	int nerr;
	char *errs;
	size_t errlen;
};

static inline void parse_n(struct parsed *p, const char *file, const char *text, size_t len)
{
	FILE *f;

	p->errs = NULL;
	p->errlen = 0;
	f = open_memstream(&p->errs, &p->errlen);
	if (!f) {
		perror("open_memstream");
		exit(2);
	}
	p->nerr = policy_parse(file, text, len, &p->pol, f);
	fclose(f);
}

static inline void parse(struct parsed *p, const char *text)
{
	parse_n(p, "p", text, strlen(text));
}

static inline void done(struct parsed *p)
{
	policy_free(&p->pol);
	free(p->errs);
}

static inline int count_lines(const char *s)
{
	int n = 0;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

/* A bad input (len bytes): the exact error text, and one error per line of it. */
static inline void bad_n(const char *name, const char *text, size_t len, const char *want)
{
	struct parsed p;
	char n1[256];

	parse_n(&p, "p", text, len);
	snprintf(n1, sizeof(n1), "%s-count", name);
	T_CHECK(n1, p.nerr > 0 && p.nerr == count_lines(want));
	if (p.nerr != count_lines(want))
		printf("# %s: %d errors, want %d\n", name, p.nerr, count_lines(want));
	T_EQ_STR(name, p.errs, want);
	done(&p);
}

static inline void bad(const char *name, const char *text, const char *want)
{
	bad_n(name, text, strlen(text), want);
}

static inline void good(const char *name, const char *text)
{
	struct parsed p;

	parse(&p, text);
	T_EQ_STR(name, p.errs, "");
	done(&p);
}

#endif /* NSCAP_T_POLICY_H */
