/* SPDX-License-Identifier: ISC */
/* The docker name index's entries and its form (namecache.h says what it is for):
 *
 *   nscap-docker-names 3\n
 *   ID\0DEV INO MTIME_S.NS CTIME_S.NS\0NAME\0      the stamp of its directory; NAME or -
 *
 * one entry a container, sorted by ID. Each field ends in a NUL so that the index is used where
 * it is mapped (cache_load()), its strings pointed at, never cut or copied. */
#include "namecache.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#define HEADER "nscap-docker-names 3\n"

/* The entry's form only: its strings are compared, never trusted (namecache.h). */
static int entry(const char **p, const char *end, struct nc_entry *e)
{
	const char *id = *p;

	if (cache_field(p, end, 64, &e->id) != 0 || *p - id != 65 ||
	    stamp_parse(p, end, '\0', &e->dir) != 0 ||
	    cache_field(p, end, CNAME_MAX, &e->name) != 0)
		return -1;
	if (strcmp(e->name, "-") == 0)
		e->name = NULL;
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

const char *namecache_parse(const char *text, size_t len, struct namecache *nc)
{
	const char *p = text, *end = text + len, *why = NULL;

	memset(nc, 0, sizeof(*nc));
	if (len < strlen(HEADER) || memcmp(text, HEADER, strlen(HEADER)) != 0)
		why = "not an index of docker's names";
	else
		namecache_reserve(nc, len / 100 + 1); /* most entries are longer; else it grows */
	p += why ? 0 : strlen(HEADER);
	while (!why && p < end) {
		struct nc_entry e = {0};

		if (entry(&p, end, &e) != 0)
			why = "a malformed entry";
		else if (nc->n && strcmp(nc->e[nc->n - 1].id, e.id) >= 0)
			why = "not sorted by ID";
		else
			push(nc, &e);
	}
	if (why)
		namecache_free(nc);
	return why;
}

/* Two IDs of 64 bytes, a word at a time (musl compares bytes): the walk asks a thousand. */
static int same_id(const char *a, const char *b)
{
	uint64_t x, y;

	for (int i = 0; i < 64; i += 8) {
		memcpy(&x, a + i, 8);
		memcpy(&y, b + i, 8);
		if (x != y)
			return 0;
	}
	return 1;
}

const struct nc_entry *namecache_fresh(const struct namecache *nc, const char *id,
				       const struct stamp *dir, size_t *hint)
{
	size_t lo = 0, hi = nc->n, at = nc->n;

	if (strlen(id) != 64) /* as every entry's */
		return NULL;
	if (*hint < nc->n && same_id(nc->e[*hint].id, id))
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
		/* Each string with its NUL. */
		o += (size_t)snprintf(out + o, cap - o, "%s%c%s%c%s", e->id, 0, st, 0,
				      e->name ? e->name : "-") +
		     1;
	}
	*len = o;
	return out;
}

void namecache_free(struct namecache *nc)
{
	for (size_t i = 0; i < nc->n; i++)
		if (nc->e[i].owned) {
			free((char *)(uintptr_t)nc->e[i].id);
			free((char *)(uintptr_t)nc->e[i].name);
		}
	free(nc->e);
	memset(nc, 0, sizeof(*nc));
}
