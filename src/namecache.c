/* SPDX-License-Identifier: ISC */
/* The docker name index's entries and its text form (namecache.h says what it is for):
 *
 *   nscap-docker-names 2
 *   ID DEV INO MTIME_S.NS CTIME_S.NS NAME      the stamp of its directory; NAME or -
 *
 * one line a container, sorted by ID. */
#include "namecache.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#define HEADER "nscap-docker-names 2\n"

static int alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

int docker_name_ok(const char *s)
{
	size_t n = 0;

	if (!alnum(s[0]))
		return 0;
	for (; s[n]; n++)
		if (!alnum(s[n]) && s[n] != '_' && s[n] != '.' && s[n] != '-')
			return 0;
	return n <= CNAME_MAX;
}

/* The bytes up to stop, cut there in place: 0, or -1 when empty or longer than max. */
static int word(char **p, const char *end, char stop, size_t max, char **out)
{
	char *s = memchr(*p, stop, (size_t)(end - *p));

	if (!s || s == *p || (size_t)(s - *p) > max)
		return -1;
	*s = '\0';
	*out = *p;
	*p = s + 1;
	return 0;
}

static int line(char **p, const char *end, struct nc_entry *e)
{
	if (word(p, end, ' ', 64, &e->id) != 0 || !hex64_id(e->id) ||
	    stamp_parse(p, end, ' ', &e->dir) != 0 || word(p, end, '\n', CNAME_MAX, &e->name) != 0)
		return -1;
	if (strcmp(e->name, "-") == 0)
		e->name = NULL;
	else if (!docker_name_ok(e->name))
		return -1;
	return 0;
}

void namecache_reserve(struct namecache *nc, size_t n)
{
	nc->e = xreserve(nc->e, &nc->cap, n, sizeof(*nc->e));
}

static void push(struct namecache *nc, const struct nc_entry *e)
{
	if (nc->n == nc->cap)
		namecache_reserve(nc, nc->cap ? nc->cap * 2 : 64);
	nc->e[nc->n++] = *e;
}

const char *namecache_parse(char *text, size_t len, struct namecache *nc)
{
	char *p = text;
	const char *end = text + len, *why = NULL;

	memset(nc, 0, sizeof(*nc));
	nc->text = text;
	if (len < strlen(HEADER) || memcmp(text, HEADER, strlen(HEADER)) != 0)
		why = "not an index of docker's names";
	else if (memchr(text, '\0', len))
		why = "a NUL byte";
	else
		namecache_reserve(nc, len / 100 + 1); /* a line is longer than 100 bytes */
	p += why ? 0 : strlen(HEADER);
	while (!why && p < end) {
		struct nc_entry e = {0};

		if (line(&p, end, &e) != 0)
			why = "a malformed line";
		else if (nc->n && strcmp(nc->e[nc->n - 1].id, e.id) >= 0)
			why = "not sorted by ID";
		else
			push(nc, &e);
	}
	if (why)
		namecache_free(nc);
	return why;
}

const struct nc_entry *namecache_fresh(const struct namecache *nc, const char *id,
				       const struct stamp *dir, size_t *hint)
{
	size_t lo = 0, hi = nc->n, at = nc->n;

	if (*hint < nc->n && strcmp(nc->e[*hint].id, id) == 0)
		at = *hint;
	while (at == nc->n && lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(nc->e[mid].id, id);

		if (c == 0)
			at = mid;
		else if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (at == nc->n)
		return NULL;
	*hint = at + 1;
	return stamp_same(&nc->e[at].dir, dir) ? &nc->e[at] : NULL;
}

void namecache_add(struct namecache *nc, const char *id, const struct stamp *dir, const char *name,
		   time_t now)
{
	struct nc_entry e = {.dir = *dir, .owned = 1};

	if (!hex64_id(id) || stamp_racy(dir, now))
		return;
	e.id = xstrdup(id);
	e.name = name && docker_name_ok(name) ? xstrdup(name) : NULL;
	push(nc, &e);
}

void namecache_keep(struct namecache *nc, const struct nc_entry *e)
{
	struct nc_entry c = *e;

	c.owned = 0; /* the strings stay the index's it came from */
	push(nc, &c);
}

static int by_id(const void *a, const void *b)
{
	return strcmp(((const struct nc_entry *)a)->id, ((const struct nc_entry *)b)->id);
}

char *namecache_format(struct namecache *nc, size_t *len)
{
	size_t cap = strlen(HEADER) + nc->n * (64 + STAMP_TEXT_MAX + CNAME_MAX + 4) + 1, o;
	char *out;

	if (cap > CACHE_MAX_BYTES)
		return NULL;
	if (nc->n)
		qsort(nc->e, nc->n, sizeof(*nc->e), by_id);
	out = xcalloc(1, cap);
	o = (size_t)snprintf(out, cap, "%s", HEADER);
	for (size_t i = 0; i < nc->n; i++) {
		const struct nc_entry *e = &nc->e[i];
		char st[STAMP_TEXT_MAX];

		stamp_format(&e->dir, st);
		o += (size_t)snprintf(out + o, cap - o, "%s %s %s\n", e->id, st,
				      e->name ? e->name : "-");
	}
	*len = o;
	return out;
}

void namecache_free(struct namecache *nc)
{
	for (size_t i = 0; i < nc->n; i++)
		if (nc->e[i].owned) {
			free(nc->e[i].id);
			free(nc->e[i].name);
		}
	free(nc->e);
	free(nc->text);
	memset(nc, 0, sizeof(*nc));
}
