/* Strict, line-oriented parser for the version 1 policy; every error has file:line:col. */
#include "policy.h"

#include <ctype.h>
#include <grp.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

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

__attribute__((format(printf, 3, 4))) static void perr(struct parser *p, int col,
						       const char *fmt, ...)
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

/* Split one line into words: blanks separate, '#' starts a comment, "..." quotes. */
static int split(struct parser *p, char *line, struct word *w, int max)
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
			perr(p, (int)(s - line) + 1, "too many words on one line");
			return -1;
		}
		w[n].col = (int)(s - line) + 1;
		w[n].s = out = s;
		if (*s == '"') {
			s++;
			while (*s && *s != '"')
				*out++ = *s++;
			if (*s != '"') {
				perr(p, w[n].col, "unterminated quoted word");
				return -1;
			}
			s++;
			if (*s && *s != ' ' && *s != '\t' && *s != '#') {
				perr(p, (int)(s - line) + 1, "text right after a closing quote");
				return -1;
			}
		} else {
			while (*s && *s != ' ' && *s != '\t' && *s != '#' && *s != '"')
				out++, s++;
			if (*s == '"') {
				perr(p, (int)(s - line) + 1, "quote inside a word");
				return -1;
			}
		}
		if (out - w[n].s >= POLICY_MAX_WORD) {
			perr(p, w[n].col, "word longer than %d bytes", POLICY_MAX_WORD - 1);
			return -1;
		}
		/* s may already be at the terminator; keep the comment char for the next round. */
		{
			char c = *s;

			*out = '\0';
			if (c == '#') {
				n++;
				return n;
			}
			if (c)
				s++;
		}
		n++;
	}
}

static int is_name(const char *s, size_t max)
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

struct unit {
	char c;
	long long mul;
};

/* A positive number with a one-letter unit, at most max in base units. */
static const char *parse_unit(const char *s, const struct unit *units, size_t nunits,
			      long long max, const char *expect, long long *out)
{
	char num[32];
	size_t n = strlen(s);
	const char *err;
	long long v;

	if (n < 2 || n >= sizeof(num))
		return expect;
	memcpy(num, s, n - 1);
	num[n - 1] = '\0';
	for (size_t i = 0; i < nunits; i++) {
		if (s[n - 1] != units[i].c)
			continue;
		err = parse_ll(num, 1, max / units[i].mul, &v);
		if (err)
			return err;
		*out = v * units[i].mul;
		return NULL;
	}
	return expect;
}

/* "15m" -> seconds; at most 7 days. */
static const char *parse_duration(const char *s, long long *out)
{
	static const struct unit units[] = {{'s', 1}, {'m', 60}, {'h', 3600}};

	return parse_unit(s, units, 3, 7LL * 86400, "expected a duration such as 30s, 15m or 2h", out);
}

/* "2G" -> bytes; K/M/G are binary; at most 1 TiB. */
static const char *parse_size(const char *s, long long *out)
{
	static const struct unit units[] = {{'K', 1LL << 10}, {'M', 1LL << 20}, {'G', 1LL << 30}};

	return parse_unit(s, units, 3, 1LL << 40, "expected a size such as 512K, 100M or 2G", out);
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* ---- tool blocks ---- */

enum { K_PATH = 1, K_SHA = 2, K_CAPS = 4, K_OPTIONS = 8, K_LONG = 16, K_OPERANDS = 32, K_SECCOMP = 64,
       K_OUTPUT = 128 };

static void tool_open(struct parser *p, struct word *w, int n)
{
	struct policy *pol = p->pol;

	if (n != 3 || strcmp(w[2].s, "{") != 0) {
		perr(p, w[0].col, "expected: tool NAME {");
		return;
	}
	if (!is_name(w[1].s, 32) || strcmp(w[1].s, "any") == 0) {
		perr(p, w[1].col, "bad tool name '%s' (lower case letters, digits, - and _)",
		     w[1].s);
		return;
	}
	if (policy_tool(pol, w[1].s)) {
		perr(p, w[1].col, "tool '%s' defined twice", w[1].s);
		return;
	}
	if (pol->ntools == POLICY_MAX_TOOLS) {
		perr(p, w[0].col, "more than %d tools", POLICY_MAX_TOOLS);
		return;
	}
	p->cur = &pol->tools[pol->ntools++];
	p->cur->name = xstrdup(w[1].s);
	p->cur->line = p->line;
	p->cur->options = xstrdup("");
	p->seen_keys = 0;
}

static void tool_caps(struct parser *p, struct tool *t, const struct word *w)
{
	char buf[POLICY_MAX_WORD], *save = NULL, *c;

	if (strcmp(w->s, "none") == 0)
		return;
	(void)scopy(buf, sizeof(buf), w->s);
	for (c = strtok_r(buf, ",", &save); c; c = strtok_r(NULL, ",", &save)) {
		if (strcmp(c, "net_raw") == 0)
			t->caps |= TOOLCAP_NET_RAW;
		else if (strcmp(c, "net_admin") == 0)
			t->caps |= TOOLCAP_NET_ADMIN;
		else
			perr(p, w->col, "unknown capability '%s' (net_raw, net_admin or none)", c);
	}
	if (!t->caps || w->s[0] == ',' || w->s[strlen(w->s) - 1] == ',' || strstr(w->s, ",,"))
		perr(p, w->col, "bad capability list '%s'", w->s);
}

static void tool_options(struct parser *p, struct tool *t, const struct word *w)
{
	const char *s = w->s;

	for (size_t i = 0; s[i]; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == ':') {
			if (i == 0 || s[i - 1] == ':') {
				perr(p, w->col, "misplaced ':' in options (optional values '::' are "
						"not allowed)");
				return;
			}
			continue;
		}
		/* ';' is special to getopt ("W;"): never a plain letter. */
		if (!isgraph(c) || c == '-' || c == '?' || c == '"' || c == '+' || c == '=' || c == ';') {
			perr(p, w->col, "bad option letter '%c'", isprint(c) ? c : '?');
			return;
		}
		if (memchr(s, c, i)) {
			perr(p, w->col, "option letter '%c' listed twice", c);
			return;
		}
	}
	free(t->options);
	t->options = xstrdup(s);
}

static void tool_long(struct parser *p, struct tool *t, struct word *w, int n)
{
	t->longs = xcalloc((size_t)n, sizeof(char *));
	for (int i = 0; i < n; i++) {
		char name[POLICY_MAX_WORD];
		size_t len = strlen(w[i].s);

		(void)scopy(name, sizeof(name), w[i].s);
		if (len && name[len - 1] == ':')
			name[len - 1] = '\0';
		if (!is_name(name, 64) || name[0] == '-') {
			perr(p, w[i].col, "bad long option '%s' (write it without dashes)", w[i].s);
			continue;
		}
		for (int j = 0; j < t->nlong; j++) {
			size_t l = strcspn(t->longs[j], ":");

			if (strlen(name) == l && strncmp(t->longs[j], name, l) == 0)
				perr(p, w[i].col, "long option '%s' listed twice", name);
		}
		t->longs[t->nlong++] = xstrdup(w[i].s);
	}
}

static void tool_sha(struct parser *p, struct tool *t, const struct word *w)
{
	if (strlen(w->s) != 64) {
		perr(p, w->col, "sha256 needs 64 lower-case hex digits");
		return;
	}
	for (size_t i = 0; i < 32; i++) {
		int hi = hexval(w->s[2 * i]), lo = hexval(w->s[2 * i + 1]);

		if (hi < 0 || lo < 0) {
			perr(p, w->col, "sha256 needs 64 lower-case hex digits");
			return;
		}
		t->sha256[i] = (unsigned char)(hi << 4 | lo);
	}
	t->has_sha256 = 1;
}

static int key_once(struct parser *p, const struct word *w, unsigned key)
{
	if (p->seen_keys & key) {
		perr(p, w->col, "'%s' given twice in tool '%s'", w->s, p->cur->name);
		return 0;
	}
	p->seen_keys |= key;
	return 1;
}

static const char tool_keys[][12] = {"}",	"long",	    "path",    "sha256", "caps",
				      "options", "operands", "seccomp", "output"};
static const char seccomp_names[][8] = {"default", "capture", "netlink"};

/* Absolute, and no empty, "." or ".." component: the path must say plainly what it names. */
static int plain_path(const char *s)
{
	if (s[0] != '/')
		return 0;
	for (const char *c = s + 1;; c++) {
		size_t n = strcspn(c, "/");

		if (n == 0 || (n == 1 && c[0] == '.') || (n == 2 && c[0] == '.' && c[1] == '.'))
			return 0;
		c += n;
		if (!*c)
			return 1;
	}
}

static void tool_line(struct parser *p, struct word *w, int n)
{
	struct tool *t = p->cur;
	const char *k = w[0].s;
	size_t i;

	for (i = 0; i < sizeof(tool_keys) / sizeof(tool_keys[0]); i++)
		if (strcmp(k, tool_keys[i]) == 0)
			break;
	if (i == sizeof(tool_keys) / sizeof(tool_keys[0])) {
		perr(p, w[0].col, "unknown keyword '%s' in tool block%s", k,
		     strcmp(k, "permit") == 0 || strcmp(k, "deny") == 0 || strcmp(k, "tool") == 0
			     ? " (is a '}' missing?)"
			     : "");
		return;
	}

	if (strcmp(k, "}") == 0) {
		if (n != 1)
			perr(p, w[1].col, "unexpected '%s' after '}'", w[1].s);
		if (!(p->seen_keys & K_PATH))
			perr(p, w[0].col, "tool '%s' has no path", t->name);
		if (t->output && !(strchr(t->options, t->output) && strchr(t->options, t->output)[1] == ':'))
			perr(p, w[0].col, "tool '%s': output option '%c' must be listed in options with ':'",
			     t->name, t->output);
		p->cur = NULL;
		return;
	}
	if (strcmp(k, "long") == 0) {
		if (key_once(p, &w[0], K_LONG))
			tool_long(p, t, w + 1, n - 1);
		return;
	}
	if (n != 2) {
		perr(p, w[0].col, n == 1 ? "'%s' needs a value" : "'%s' takes one value", k);
		return;
	}
	if (strcmp(k, "path") == 0) {
		if (!key_once(p, &w[0], K_PATH))
			return;
		if (!plain_path(w[1].s))
			perr(p, w[1].col, "path must be absolute and plain");
		t->path = xstrdup(w[1].s);
	} else if (strcmp(k, "sha256") == 0) {
		if (key_once(p, &w[0], K_SHA))
			tool_sha(p, t, &w[1]);
	} else if (strcmp(k, "caps") == 0) {
		if (key_once(p, &w[0], K_CAPS))
			tool_caps(p, t, &w[1]);
	} else if (strcmp(k, "options") == 0) {
		if (key_once(p, &w[0], K_OPTIONS))
			tool_options(p, t, &w[1]);
	} else if (strcmp(k, "output") == 0) {
		if (!key_once(p, &w[0], K_OUTPUT))
			return;
		if (strlen(w[1].s) != 1 || w[1].s[0] == ':')
			perr(p, w[1].col, "output: expected one option letter");
		else
			t->output = w[1].s[0];
	} else if (strcmp(k, "seccomp") == 0) {
		if (!key_once(p, &w[0], K_SECCOMP))
			return;
		for (i = 0; i < sizeof(seccomp_names) / sizeof(seccomp_names[0]); i++)
			if (strcmp(w[1].s, seccomp_names[i]) == 0)
				t->seccomp = (int)i;
		if (strcmp(w[1].s, seccomp_names[t->seccomp]) != 0)
			perr(p, w[1].col, "seccomp: expected default, capture or netlink");
	} else if (key_once(p, &w[0], K_OPERANDS)) {
		if (strcmp(w[1].s, "any") == 0)
			t->operands_any = 1;
		else if (strcmp(w[1].s, "none") != 0)
			perr(p, w[1].col, "operands: expected any or none");
	}
}

/* ---- rules ---- */

static void rule_who(struct parser *p, struct rule *r, const struct word *w)
{
	const char *s = w->s, *v = strchr(s, ':');
	long long id;
	const char *err;

	if (strcmp(s, "any") == 0) {
		r->who.kind = WHO_ANY;
		return;
	}
	if (!v || !v[1]) {
		perr(p, w->col, "expected user:NAME, uid:N, group:NAME, gid:N or any");
		return;
	}
	v++;
	if (strncmp(s, "uid:", 4) == 0 || strncmp(s, "gid:", 4) == 0) {
		r->who.kind = s[0] == 'u' ? WHO_UID : WHO_GID;
		/* (uid_t)-1 means "no change" to the kernel: never a real id. */
		err = parse_ll(v, 0, 4294967294LL, &id);
		if (err)
			perr(p, w->col + 4, "bad id '%s': %s", v, err);
		else
			r->who.id = (unsigned)id;
	} else if (strncmp(s, "user:", 5) == 0) {
		struct passwd *pw = getpwnam(v);

		r->who.kind = WHO_UID;
		if (!pw)
			perr(p, w->col + 5, "unknown user '%s'", v);
		else
			r->who.id = pw->pw_uid;
	} else if (strncmp(s, "group:", 6) == 0) {
		struct group *gr = getgrnam(v);

		r->who.kind = WHO_GID;
		if (!gr)
			perr(p, w->col + 6, "unknown group '%s'", v);
		else
			r->who.id = gr->gr_gid;
	} else {
		perr(p, w->col, "expected user:NAME, uid:N, group:NAME, gid:N or any");
	}
}

static const char runtimes[][12] = {"docker", "containerd", "cri-o", "podman", "runc", "crun"};

static void rule_target(struct parser *p, struct tpat *t, const char *s, int col)
{
	static const struct {
		char prefix[12];
		enum pat_kind kind;
	} kinds[] = {{"container:", PAT_CONTAINER}, {"pod:", PAT_POD}, {"runtime:", PAT_RUNTIME}};

	if (strcmp(s, "any") == 0 || strcmp(s, "host") == 0) {
		t->kind = s[0] == 'a' ? PAT_ANY : PAT_HOST;
		return;
	}
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		size_t l = strlen(kinds[i].prefix);
		const char *v = s + l;

		if (strncmp(s, kinds[i].prefix, l) != 0)
			continue;
		t->kind = kinds[i].kind;
		t->pat = xstrdup(v);
		if (!*v) {
			perr(p, col, "empty pattern in '%s'", s);
		} else if (t->kind == PAT_POD) {
			const char *slash = strchr(v, '/');

			if (!slash || slash == v || !slash[1] || strchr(slash + 1, '/') == slash + 1 ||
			    (strchr(slash + 1, '/') && strchr(strchr(slash + 1, '/') + 1, '/')) ||
			    v[strlen(v) - 1] == '/')
				perr(p, col, "expected pod:NAMESPACE/POD or pod:NAMESPACE/POD/CONTAINER");
		} else if (t->kind == PAT_RUNTIME) {
			size_t k;

			for (k = 0; k < sizeof(runtimes) / sizeof(runtimes[0]); k++)
				if (strcmp(v, runtimes[k]) == 0)
					break;
			if (k == sizeof(runtimes) / sizeof(runtimes[0]))
				perr(p, col, "unknown runtime '%s'", v);
		}
		return;
	}
	perr(p, col, "unknown target '%s' (pod:, container:, runtime:, any or host)", s);
}

/* Split a comma list; an empty item is an error. Returns the item count. */
static int comma_list(struct parser *p, const struct word *w, char ***items, int **cols)
{
	size_t len = strlen(w->s);
	int n = 1, k = 0;
	char *copy, *s;

	for (size_t i = 0; i < len; i++)
		n += w->s[i] == ',';
	*items = xcalloc((size_t)n, sizeof(char *));
	*cols = xcalloc((size_t)n, sizeof(int));
	copy = xstrdup(w->s);
	for (s = copy; k < n; k++) {
		char *c = strchr(s, ',');

		if (c)
			*c = '\0';
		if (!*s)
			perr(p, w->col + (int)(s - copy), "empty item in list '%s'", w->s);
		(*items)[k] = xstrdup(s);
		(*cols)[k] = w->col + (int)(s - copy);
		s = c ? c + 1 : s + strlen(s);
	}
	free(copy);
	return n;
}

static void rule_targets(struct parser *p, struct rule *r, const struct word *w)
{
	char **items;
	int *cols;
	int n = comma_list(p, w, &items, &cols);

	r->targets = xcalloc((size_t)n, sizeof(struct tpat));
	r->ntargets = n;
	for (int i = 0; i < n; i++) {
		rule_target(p, &r->targets[i], items[i], cols[i]);
		free(items[i]);
	}
	free(items);
	free(cols);
}

static void rule_tools(struct parser *p, struct rule *r, const struct word *w)
{
	int *cols;

	if (strcmp(w->s, "any") == 0) {
		r->any_tool = 1;
		return;
	}
	r->ntools = comma_list(p, w, &r->tools, &cols);
	for (int i = 0; i < r->ntools; i++)
		if (*r->tools[i] && !policy_tool(p->pol, r->tools[i]))
			perr(p, cols[i], "tool '%s' is not defined (define it above the rule)",
			     r->tools[i]);
	free(cols);
}

/* The words after WHO on TARGETS (w[-1] is TARGETS): run, max-time, max-bytes, reason. */
static void rule_options(struct parser *p, struct rule *r, struct word *w, int n)
{
	int seen_run = 0, seen_time = 0, seen_bytes = 0;

	for (int i = 0; i < n; i++) {
		const char *k = w[i].s, *err;
		int *seen = strcmp(k, "run") == 0 ? &seen_run
			    : strcmp(k, "max-time") == 0 ? &seen_time
			    : strcmp(k, "max-bytes") == 0 ? &seen_bytes
			    : strcmp(k, "reason") == 0 ? &r->reason_required : NULL;

		if (!seen) {
			perr(p, w[i].col, "unknown rule option '%s'", k);
			return;
		}
		if (*seen) {
			perr(p, w[i].col, "'%s' given twice", k);
			return;
		}
		*seen = 1;
		if (!r->permit && seen != &seen_run) {
			perr(p, w[i].col, "'%s' has no meaning on a deny rule", k);
			return;
		}
		if (i + 1 == n) {
			perr(p, w[i].col, "'%s' needs a value", k);
			return;
		}
		i++;
		if (seen == &seen_run)
			rule_tools(p, r, &w[i]);
		else if (seen == &seen_time && (err = parse_duration(w[i].s, &r->max_time)))
			perr(p, w[i].col, "max-time '%s': %s", w[i].s, err);
		else if (seen == &seen_bytes && (err = parse_size(w[i].s, &r->max_bytes)))
			perr(p, w[i].col, "max-bytes '%s': %s", w[i].s, err);
		else if (seen == &r->reason_required && strcmp(w[i].s, "required") != 0)
			perr(p, w[i].col, "expected 'reason required'");
	}
	if (r->permit && !seen_run)
		perr(p, w[-1].col, "permit needs 'run TOOLS'");
}

static void rule_line(struct parser *p, struct word *w, int n)
{
	struct policy *pol = p->pol;
	struct rule *r;

	if (pol->nrules == POLICY_MAX_RULES) {
		perr(p, w[0].col, "more than %d rules", POLICY_MAX_RULES);
		return;
	}
	if (n < 4 || strcmp(w[2].s, "on") != 0) {
		perr(p, w[0].col, "expected: %s WHO on TARGETS [run TOOLS] ...", w[0].s);
		return;
	}
	r = &pol->rules[pol->nrules++];
	r->permit = w[0].s[0] == 'p';
	r->line = p->line;
	rule_who(p, r, &w[1]);
	rule_targets(p, r, &w[3]);
	rule_options(p, r, w + 4, n - 4);
	if (!r->permit && !r->tools)
		r->any_tool = 1;
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
		perr(p, w[0].col, "the policy must start with 'version 1'");
		p->seen_version = 1; /* report it once */
		return;
	}
	if (strcmp(k, "version") == 0) {
		if (p->pol->tools[0].name || p->pol->nrules || p->seen_version == 2)
			perr(p, w[0].col, "'version' must come first, once");
		else if (n != 2 || strcmp(w[1].s, "1") != 0)
			perr(p, n > 1 ? w[1].col : w[0].col, "unsupported version (expected 1)");
		p->seen_version = 2;
	} else if (strcmp(k, "state-root") == 0) {
		if (p->pol->state_root)
			perr(p, w[0].col, "state-root given twice");
		else if (n != 2 || (strcmp(w[1].s, "/") != 0 && !plain_path(w[1].s)))
			perr(p, w[0].col, "state-root needs one absolute path");
		else
			p->pol->state_root = xstrdup(w[1].s);
	} else if (strcmp(k, "tool") == 0) {
		tool_open(p, w, n);
	} else if (strcmp(k, "permit") == 0 || strcmp(k, "deny") == 0) {
		rule_line(p, w, n);
	} else {
		perr(p, w[0].col, "unknown keyword '%s'", k);
	}
}

static int check_line(struct parser *p, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '\0' || (c < 0x20 && c != '\t') || c == 0x7f) {
			perr(p, (int)i + 1, "control character 0x%02x", c);
			return -1;
		}
	}
	if (len >= POLICY_MAX_LINE) {
		perr(p, 1, "line longer than %d bytes", POLICY_MAX_LINE - 1);
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
	pol->tools = xcalloc(POLICY_MAX_TOOLS, sizeof(struct tool));
	pol->rules = xcalloc(POLICY_MAX_RULES, sizeof(struct rule));
	if (len > POLICY_MAX_BYTES) {
		p.line = 1;
		perr(&p, 1, "file larger than %d bytes", POLICY_MAX_BYTES);
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
			n = split(&p, buf, w, MAX_WORDS);
			if (n > 0)
				statement(&p, w, n);
		}
		off += l + 1;
	}
	if (p.cur)
		perr(&p, 1, "tool '%s' (line %d) is not closed with '}'", p.cur->name, p.cur->line);
	if (p.seen_version != 2 && p.nerr == 0) {
		p.line = p.line ? p.line : 1;
		perr(&p, 1, "empty policy: expected 'version 1'");
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
	}
	for (int i = 0; i < pol->nrules; i++) {
		struct rule *r = &pol->rules[i];

		for (int j = 0; j < r->ntargets; j++)
			free(r->targets[j].pat);
		free(r->targets);
		for (int j = 0; j < r->ntools; j++)
			free(r->tools[j]);
		free(r->tools);
	}
	free(pol->tools);
	free(pol->rules);
	free(pol->file);
	free(pol->state_root);
	memset(pol, 0, sizeof(*pol));
}
