/* SPDX-License-Identifier: ISC */
/* nscap's index of the runtimes' directory listings (a lookup index, cache.h): the names in a
 * directory while its stamp is unchanged, so that a prefix lookup reads one stamp, not a
 * thousand entries, in each directory of containers. */
#ifndef NSCAP_DIRCACHE_H
#define NSCAP_DIRCACHE_H

#include <stddef.h>

#include "cache.h"

#define DIRCACHE_MAX_NAMES 1000000
/* A directory entry's name (NAME_MAX) and a path, as the kernel bounds them (PATH_MAX). */
#define DIRCACHE_NAME_MAX 255
#define DIRCACHE_PATH_MAX 4095

struct dc_dir {
	const char *path;
	struct stamp st;
	const char **names;
	size_t n;
	int owned; /* path is the listing's own (else in the parsed text); names never are */
};

struct dircache {
	struct dc_dir *d;
	size_t n, cap;
	int dirty; /* changed since it was read */
};

/* text -> dc: NULL, or why not (dc is then empty). dc points into text, which it never
 * writes: text must outlive it. */
const char *dircache_parse(const char *text, size_t len, struct dircache *dc);
/* The listing of path while its directory still has the stamp st, or NULL. */
const struct dc_dir *dircache_fresh(const struct dircache *dc, const char *path,
				    const struct stamp *st);
/* names as path's listing at stamp st, replacing any other; not kept when the stamp is racy.
 * The names are lent, as a parsed text is: they must outlive dc. */
void dircache_put(struct dircache *dc, const char *path, const struct stamp *st, char *const *names,
		  size_t n, time_t now);
/* As text for dircache_parse(); NULL when too large. */
char *dircache_format(const struct dircache *dc, size_t *len);
void dircache_free(struct dircache *dc);

#endif
