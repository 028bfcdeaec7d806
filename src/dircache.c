/* SPDX-License-Identifier: ISC */
/* The listing index's text form (dircache.h says what it is for):
 *
 *   nscap-listings 2        (2: each directory's names in strcmp order, as index_list gives them)
 *   D COUNT DEV INO MTIME_S.NS CTIME_S.NS PATH      a directory, its stamp before it was listed
 *   NAME                                            COUNT lines, one an entry
 */
#include "dircache.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#define HEADER "nscap-listings 2\n"

/* The line at *p, cut at its newline: 0, or -1 when there is none or it is empty. */
static int cut_line(char **p, const char *end, char **out)
{
	char *nl = memchr(*p, '\n', (size_t)(end - *p));

	if (!nl || nl == *p)
		return -1;
	*nl = '\0';
	*out = *p;
	*p = nl + 1;
	return 0;
}

static void push(struct dircache *dc, const struct dc_dir *d)
{
	if (dc->n == dc->cap)
		dc->d = xreserve(dc->d, &dc->cap, dc->cap ? dc->cap * 2 : 16, sizeof(*dc->d));
	dc->d[dc->n++] = *d;
}

/* "D COUNT STAMP PATH" and its COUNT names. */
static const char *one_dir(char **p, const char *end, struct dc_dir *d)
{
	unsigned long long count = 0;
	char *s = *p, *digits;

	if (end - s < 2 || s[0] != 'D' || s[1] != ' ')
		return "a malformed line";
	for (s += 2, digits = s; s < end && *s >= '0' && *s <= '9' && count <= DIRCACHE_MAX_NAMES;
	     s++)
		count = count * 10 + (unsigned)(*s - '0');
	if (s == digits || s >= end || *s != ' ' || count > DIRCACHE_MAX_NAMES)
		return "a malformed count";
	s++;
	if (stamp_parse(&s, end, ' ', &d->st) != 0 || cut_line(&s, end, &d->path) != 0 ||
	    d->path[0] != '/')
		return "a malformed directory line";
	d->names = xcalloc(count + 1, sizeof(*d->names));
	for (d->n = 0; d->n < count; d->n++)
		if (cut_line(&s, end, &d->names[d->n]) != 0 || strchr(d->names[d->n], '/')) {
			free(d->names);
			return "a malformed name";
		}
	*p = s;
	return NULL;
}

const char *dircache_parse(char *text, size_t len, struct dircache *dc)
{
	char *p = text;
	const char *end = text + len, *why = NULL;

	memset(dc, 0, sizeof(*dc));
	dc->text = text;
	if (len < strlen(HEADER) || memcmp(text, HEADER, strlen(HEADER)) != 0)
		why = "not an index of listings";
	else if (memchr(text, '\0', len))
		why = "a NUL byte";
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
	if (d->owned) {
		for (size_t i = 0; i < d->n; i++)
			free(d->names[i]);
		free(d->path);
	}
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
	if (stamp_racy(st, now) || strchr(path, '\n') || path[0] != '/' || n > DIRCACHE_MAX_NAMES)
		return;
	for (i = 0; i < n; i++)
		if (strchr(names[i], '\n'))
			return;
	d.path = xstrdup(path);
	d.names = xcalloc(n + 1, sizeof(*d.names));
	for (i = 0; i < n; i++)
		d.names[i] = xstrdup(names[i]);
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
		o += (size_t)snprintf(out + o, cap - o, "D %zu %s %s\n", d->n, st, d->path);
		for (size_t k = 0; k < d->n; k++)
			o += (size_t)snprintf(out + o, cap - o, "%s\n", d->names[k]);
	}
	*len = o;
	return out;
}

void dircache_free(struct dircache *dc)
{
	for (size_t i = 0; i < dc->n; i++)
		drop(&dc->d[i]);
	free(dc->d);
	free(dc->text);
	memset(dc, 0, sizeof(*dc));
}
