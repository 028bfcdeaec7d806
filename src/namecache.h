/* SPDX-License-Identifier: ISC */
/* nscap's index of docker's names (a lookup index, cache.h). docker keeps a container's name
 * only inside its config.v2.json, so finding one name meant opening every container's file, and
 * a thousand opens cost more than the 5 ms a lookup may take. The index keeps the name each
 * file held with the stamp its container's directory had just before the read (docker writes
 * config.v2.json by renaming a new file into that directory): one stat a container instead of
 * an open, a read and a parse.
 *
 * It only ever rules a container out: one it names is loaded through the trusted path and must
 * carry the name there. So its names are only compared, and a file is checked for its form
 * alone (each field whole, sorted by ID), not for names docker would give. */
#ifndef NSCAP_NAMECACHE_H
#define NSCAP_NAMECACHE_H

#include <stddef.h>

#include "cache.h"
#include "runtime.h"

struct nc_entry {
	const char *id, *name; /* name NULL: its file gives none nscap indexes (read every time) */
	struct stamp dir;
	int owned; /* id and name are the entry's own (else in the parsed text) */
};

struct namecache {
	struct nc_entry *e;
	size_t n, cap;
};

/* text -> nc, entries sorted by ID: NULL, or why not (nc is then empty). nc points into text,
 * which it never writes: text must outlive it. */
const char *namecache_parse(const char *text, size_t len, struct namecache *nc);
/* The entry for id whose directory still has the stamp dir, or NULL. The entry at *hint is
 * tried first and *hint is left just after the one found: IDs asked for in order (a listing,
 * index_list) each cost one comparison, not a binary search. */
const struct nc_entry *namecache_fresh(const struct namecache *nc, const char *id,
				       const struct stamp *dir, size_t *hint);
/* An entry for id (name NULL or as docker gives names); a racy stamp is not kept. */
void namecache_add(struct namecache *nc, const char *id, const struct stamp *dir, const char *name,
		   time_t now);
void namecache_keep(struct namecache *nc, const struct nc_entry *e);
void namecache_reserve(struct namecache *nc, size_t n);
/* Sorted by ID, as text for namecache_parse(); NULL when too large. */
char *namecache_format(struct namecache *nc, size_t *len);
void namecache_free(struct namecache *nc);

#endif
