/* SPDX-License-Identifier: ISC */
/* Restricted captures: a rule's bounds applied to the caller's argv through the tool's profile,
 * giving the argv the tool runs with or the reason it may not (docs/DESIGN.md). Pure. */
#ifndef NSCAP_BOUNDS_H
#define NSCAP_BOUNDS_H

#include <stddef.h>

#include "jsonw.h"
#include "policy.h"

/* The argv the tool runs with: argv[0..argc-1] point into the caller's words or into added. */
struct effective {
	char **argv;
	int argc;
	char *expr;	   /* the combined filter, or NULL */
	char added[4][96]; /* nscap's own option words */
	char dashes[3];	   /* "--" before the filter */
};

/* Is a bound set? */
int bounds_any(const struct bounds *b);

/* 0: argv keeps within b (e, if not NULL, holds the argv to run; bounds_free releases it);
 * -1: refused, the bound it hit named first in why. argv must already pass toolargs_check. */
int bounds_apply(const struct bounds *b, const struct tool *t, int argc, char *const argv[],
		 struct effective *e, char *why, size_t len);
void bounds_free(struct effective *e);

/* Why a filter expression cannot be combined safely, or NULL: a parenthesis closed before it
 * opened or left open, a control byte, nothing but blanks. */
const char *bounds_expr_problem(const char *expr);

/* Can an interface name be matched by the list at all: 1..15 bytes, no blank, '/', ':' or
 * control byte, not a number (which tcpdump reads as an index)? NULL or why not. */
const char *bounds_ifname_problem(const char *name);

/* "headers only (96 bytes), tcp port 8080, interfaces lo,eth*" ("" when none), for a person;
 * the filter escaped for a terminal. */
const char *bounds_words(const struct bounds *b, char *buf, size_t len);

/* "bounds": {"snaplen": 96|null, "filter": "..."|null, "interfaces": [...]|null}, or
 * "bounds": null when none is set. */
void bounds_json(struct jbuf *jb, const struct bounds *b);

#endif
