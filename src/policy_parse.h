/* SPDX-License-Identifier: ISC */
/* The policy parser's shared pieces: words of a line, the parser's state, error reporting.
 * Private to policy.c (lines, statements), policy_tool.c (tool blocks) and policy_rule.c
 * (rules). */
#ifndef NSCAP_POLICY_PARSE_H
#define NSCAP_POLICY_PARSE_H

#include <stddef.h>
#include <stdio.h>

#include "policy.h"

#define MAX_WORDS 256

struct word {
	char *s;
	int col;
};

struct parser {
	const char *file;
	FILE *errs;
	int nerr;
	int line;
	struct policy *pol;
	struct tool *cur; /* inside a tool block */
	int seen_version;
	unsigned seen_keys; /* keys set in the current tool block */
};

/* Count an error and print it as file:line:col: message. */
__attribute__((format(printf, 3, 4))) void policy_error(struct parser *p, int col, const char *fmt,
							...);

/* Split a line into words in place: blanks separate, '#' after a blank starts a comment, "..."
 * quotes. The word count, or -1 after reporting an error. (Case files use it too.) */
int policy_split(struct parser *p, char *line, struct word *w, int max);

/* Lower-case letters, digits, '-' and '_', 1..max bytes. */
int policy_is_name(const char *s, size_t max);
/* Absolute, with no empty, "." or ".." component. */
int policy_plain_path(const char *s);

/* Split a comma list; an empty item is an error. Returns the item count. */
int policy_comma_list(struct parser *p, const struct word *w, char ***items, int **cols);

/* Bounds (policy_bound.c): a tool's `bound` line, its check at '}', a rule's bound option (0:
 * key is not one), the rule's check against its tools, and freeing (either may be NULL). */
void tool_bound(struct parser *p, struct tool *t, struct word *w, int n);
void tool_bounds_end(struct parser *p, struct tool *t, const struct word *close);
int rule_bound(struct parser *p, struct rule *r, const struct word *key, const struct word *val);
void rule_bounds_check(struct parser *p, const struct rule *r);
void policy_bounds_free(struct tool *t, struct rule *r);

void tool_open(struct parser *p, struct word *w, int n);
void tool_line(struct parser *p, struct word *w, int n);
void rule_line(struct parser *p, struct word *w, int n);

#endif
