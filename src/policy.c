/* SPDX-License-Identifier: ISC */
/* Strict, line-oriented parser for the version 1 policy; every error has file:line:col. */
#include "policy.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "policy_parse.h"
#include "util.h"

void policy_error(struct parser *p, int col, const char *fmt, ...)
{
	va_list ap;

	p->nerr++;
	if (p->nerr > POLICY_MAX_ERRORS)
		return;
	fprintf(p->errs, "%s:%d:%d: ", p->file, p->line, col);
	va_start(ap, fmt);
	vfprintf(p->errs, fmt, ap);
	va_end(ap);
	fputc('\n', p->errs);
}

/* Split one line into words: blanks separate, '#' after a blank starts a comment, "..."
 * quotes. A '#' inside a word is an error, not a comment: "container:pay#ments" must not
 * quietly become "container:pay". */
int policy_split(struct parser *p, char *line, struct word *w, int max)
{
	int n = 0;
	char *s = line;

	for (;;) {
		char *out;

		while (*s == ' ' || *s == '\t')
			s++;
		if (!*s || *s == '#')
			return n;
		if (n == max) {
			policy_error(p, (int)(s - line) + 1, "too many words on one line");
			return -1;
		}
		w[n].col = (int)(s - line) + 1;
		w[n].s = out = s;
		if (*s == '"') {
			s++;
			while (*s && *s != '"')
				*out++ = *s++;
			if (*s != '"') {
				policy_error(p, w[n].col, "unterminated quoted word");
				return -1;
			}
			s++;
			if (*s && *s != ' ' && *s != '\t') {
				policy_error(p, (int)(s - line) + 1,
					     "text right after a closing quote");
				return -1;
			}
		} else {
			while (*s && *s != ' ' && *s != '\t' && *s != '#' && *s != '"')
				out++, s++;
			if (*s == '"' || *s == '#') {
				policy_error(p, (int)(s - line) + 1,
					     *s == '"'
						     ? "quote inside a word"
						     : "'#' inside a word (quote the word, or put "
						       "a blank before a comment)");
				return -1;
			}
		}
		if (out - w[n].s >= POLICY_MAX_WORD) {
			policy_error(p, w[n].col, "word longer than %d bytes", POLICY_MAX_WORD - 1);
			return -1;
		}
		if (*s)
			s++;
		*out = '\0';
		n++;
	}
}

int policy_is_name(const char *s, size_t max)
{
	size_t n = strlen(s);

	if (n == 0 || n > max)
		return 0;
	for (; *s; s++)
		if (!islower((unsigned char)*s) && !isdigit((unsigned char)*s) && *s != '-' &&
		    *s != '_')
			return 0;
	return 1;
}

/* ---- statements ---- */

static void statement(struct parser *p, struct word *w, int n)
{
	const char *k = w[0].s;

	if (p->cur) {
		tool_line(p, w, n);
		return;
	}
	if (!p->seen_version && strcmp(k, "version") != 0) {
		policy_error(p, w[0].col, "the policy must start with 'version 1'");
		p->seen_version = 1; /* report it once */
		return;
	}
	if (strcmp(k, "version") == 0) {
		if (p->pol->ntools || p->pol->nrules || p->seen_version == 2)
			policy_error(p, w[0].col, "'version' must come first, once");
		else if (n != 2 || strcmp(w[1].s, "1") != 0)
			policy_error(p, n > 1 ? w[1].col : w[0].col,
				     "unsupported version (expected 1)");
		p->seen_version = 2;
	} else if (strcmp(k, "state-root") == 0) {
		if (p->pol->state_root)
			policy_error(p, w[0].col, "state-root given twice");
		else if (n != 2 || (strcmp(w[1].s, "/") != 0 && !policy_plain_path(w[1].s)))
			policy_error(p, w[0].col, "state-root needs one absolute path");
		else {
			p->pol->state_root = xstrdup(w[1].s);
			p->pol->state_root_line = p->line;
			p->pol->state_root_col = w[1].col;
		}
	} else if (strcmp(k, "tool") == 0) {
		tool_open(p, w, n);
	} else if (strcmp(k, "permit") == 0 || strcmp(k, "deny") == 0) {
		rule_line(p, w, n);
	} else {
		policy_error(p, w[0].col, "unknown keyword '%s'", k);
	}
}

static int check_line(struct parser *p, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '\0' || (c < 0x20 && c != '\t') || c == 0x7f) {
			policy_error(p, (int)i + 1, "control character 0x%02x", c);
			return -1;
		}
	}
	if (len >= POLICY_MAX_LINE) {
		policy_error(p, 1, "line longer than %d bytes", POLICY_MAX_LINE - 1);
		return -1;
	}
	return 0;
}

int policy_parse(const char *file, const char *text, size_t len, struct policy *pol, FILE *errs)
{
	struct parser p = {.file = file, .errs = errs, .pol = pol};
	size_t off = 0;

	memset(pol, 0, sizeof(*pol));
	pol->file = xstrdup(file);
	if (len > POLICY_MAX_BYTES) {
		p.line = 1;
		policy_error(&p, 1, "file larger than %d bytes", POLICY_MAX_BYTES);
		return p.nerr;
	}
	while (off < len && p.nerr <= POLICY_MAX_ERRORS) {
		const char *nl = memchr(text + off, '\n', len - off);
		size_t l = nl ? (size_t)(nl - (text + off)) : len - off;
		char buf[POLICY_MAX_LINE];
		struct word w[MAX_WORDS];
		int n;

		p.line++;
		if (check_line(&p, text + off, l) == 0) {
			memcpy(buf, text + off, l);
			buf[l] = '\0';
			n = policy_split(&p, buf, w, MAX_WORDS);
			if (n > 0)
				statement(&p, w, n);
		}
		off += l + 1;
	}
	if (p.cur)
		policy_error(&p, 1, "tool '%s' (line %d) is not closed with '}'", p.cur->name,
			     p.cur->line);
	if (p.seen_version != 2 && p.nerr == 0) {
		p.line = p.line ? p.line : 1;
		policy_error(&p, 1, "empty policy: expected 'version 1'");
	}
	if (p.nerr > POLICY_MAX_ERRORS)
		fprintf(errs, "%s: too many errors, stopped\n", file);
	if (!pol->state_root)
		pol->state_root = xstrdup("/");
	return p.nerr;
}

const struct tool *policy_tool(const struct policy *pol, const char *name)
{
	for (int i = 0; i < pol->ntools; i++)
		if (pol->tools[i].name && strcmp(pol->tools[i].name, name) == 0)
			return &pol->tools[i];
	return NULL;
}

void policy_free(struct policy *pol)
{
	for (int i = 0; i < pol->ntools; i++) {
		struct tool *t = &pol->tools[i];

		free(t->name);
		free(t->path);
		free(t->options);
		for (int j = 0; j < t->nlong; j++)
			free(t->longs[j]);
		free(t->longs);
		free(t->long_cols);
		policy_bounds_free(t, NULL);
	}
	for (int i = 0; i < pol->nrules; i++) {
		struct rule *r = &pol->rules[i];

		for (int j = 0; j < r->ntargets; j++) {
			free(r->targets[j].pat);
			free(r->targets[j].pod);
		}
		free(r->targets);
		for (int j = 0; j < r->ntools; j++)
			free(r->tools[j]);
		free(r->tools);
		policy_bounds_free(NULL, r);
	}
	free(pol->tools);
	free(pol->rules);
	free(pol->file);
	free(pol->state_root);
	memset(pol, 0, sizeof(*pol));
}
