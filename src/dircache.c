/* SPDX-License-Identifier: ISC */
/* The listing index's form (dircache.h says what it is for):
 *
 *   nscap-listings 3\n      (3: each directory's names in strcmp order, as index_list gives them)
 *   D COUNT DEV INO MTIME_S.NS CTIME_S.NS PATH\0     a directory, its stamp before it was listed
 *   NAME\0                                           COUNT of them, one an entry
 *
 * Each ends in a NUL, as no name can hold one: the index is used where it is mapped
 * (cache_load()), its strings pointed at, never cut or copied. */
#include "dircache.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#define HEADER "nscap-listings 3\n"

static void push(struct dircache *dc, const struct dc_dir *d)
{
	if (dc->n == dc->cap)
		dc->d = xreserve(dc->d, &dc->cap, dc->cap ? dc->cap * 2 : 16, sizeof(*dc->d));
	dc->d[dc->n++] = *d;
}

/* "D COUNT STAMP PATH" and its COUNT names. */
static const char *one_dir(const char **p, const char *end, struct dc_dir *d)
{
	unsigned long long count = 0;
	const char *s = *p, *digits;

	if (end - s < 2 || s[0] != 'D' || s[1] != ' ')
		return "a malformed line";
	for (s += 2, digits = s; s < end && *s >= '0' && *s <= '9' && count <= DIRCACHE_MAX_NAMES;
	     s++)
		count = count * 10 + (unsigned)(*s - '0');
	if (s == digits || s >= end || *s != ' ' || count > DIRCACHE_MAX_NAMES)
		return "a malformed count";
	s++;
	if (stamp_parse(&s, end, ' ', &d->st) != 0 ||
	    cache_field(&s, end, DIRCACHE_PATH_MAX, &d->path) != 0 || d->path[0] != '/')
		return "a malformed directory line";
	d->names = xcalloc(count + 1, sizeof(*d->names));
	for (d->n = 0; d->n < count; d->n++)
		if (cache_field(&s, end, DIRCACHE_NAME_MAX, &d->names[d->n]) != 0 ||
		    strchr(d->names[d->n], '/')) {
			free(d->names);
			return "a malformed name";
		}
	*p = s;
	return NULL;
}

const char *dircache_parse(const char *text, size_t len, struct dircache *dc)
{
	const char *p = text, *end = text + len, *why = NULL;

	memset(dc, 0, sizeof(*dc));
	if (len < strlen(HEADER) || memcmp(text, HEADER, strlen(HEADER)) != 0)
		why = "not an index of listings";
	for (p += why ? 0 : strlen(HEADER); !why && p < end;) {
		struct dc_dir d = {0};

		if (!(why = one_dir(&p, end, &d)))
			push(dc, &d);
	}
	if (why)
		dircache_free(dc);
	return why;
}

const struct dc_dir *dircache_fresh(const struct dircache *dc, const char *path,
				    const struct stamp *st)
{
	for (size_t i = 0; i < dc->n; i++)
		if (strcmp(dc->d[i].path, path) == 0)
			return stamp_same(&dc->d[i].st, st) ? &dc->d[i] : NULL;
	return NULL;
}

static void drop(struct dc_dir *d)
{
	if (d->owned)
		free((char *)(uintptr_t)d->path);
	free(d->names);
}

void dircache_put(struct dircache *dc, const char *path, const struct stamp *st, char *const *names,
		  size_t n, time_t now)
{
	struct dc_dir d = {.st = *st, .n = n, .owned = 1};
	size_t i;

	for (i = 0; i < dc->n; i++)
		if (strcmp(dc->d[i].path, path) == 0) {
			drop(&dc->d[i]);
			dc->d[i] = dc->d[--dc->n];
			dc->dirty = 1;
			break;
		}
	if (stamp_racy(st, now) || path[0] != '/' || strlen(path) > DIRCACHE_PATH_MAX ||
	    n > DIRCACHE_MAX_NAMES)
		return;
	for (i = 0; i < n; i++)
		if (strlen(names[i]) > DIRCACHE_NAME_MAX)
			return; /* not as a directory gives it: listed each run */
	d.path = xstrdup(path);
	d.names = xcalloc(n + 1, sizeof(*d.names));
	if (n)
		memcpy(d.names, names, n * sizeof(*names));
	push(dc, &d);
	dc->dirty = 1;
}

char *dircache_format(const struct dircache *dc, size_t *len)
{
	size_t cap = strlen(HEADER) + 1, o;
	char *out;

	for (size_t i = 0; i < dc->n; i++) {
		cap += 32 + STAMP_TEXT_MAX + strlen(dc->d[i].path);
		for (size_t k = 0; k < dc->d[i].n; k++)
			cap += strlen(dc->d[i].names[k]) + 1;
	}
	if (cap > CACHE_MAX_BYTES)
		return NULL;
	out = xcalloc(1, cap);
	o = (size_t)snprintf(out, cap, "%s", HEADER);
	for (size_t i = 0; i < dc->n; i++) {
		const struct dc_dir *d = &dc->d[i];
		char st[STAMP_TEXT_MAX];

		stamp_format(&d->st, st);
		/* Each string with its NUL. */
		o += (size_t)snprintf(out + o, cap - o, "D %zu %s %s", d->n, st, d->path) + 1;
		for (size_t k = 0; k < d->n; k++)
			o += (size_t)snprintf(out + o, cap - o, "%s", d->names[k]) + 1;
	}
	*len = o;
	return out;
}

void dircache_free(struct dircache *dc)
{
	for (size_t i = 0; i < dc->n; i++)
		drop(&dc->d[i]);
	free(dc->d);
	memset(dc, 0, sizeof(*dc));
}
