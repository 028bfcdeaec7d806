/* SPDX-License-Identifier: ISC */
/* The index's use of the lookup indexes (cache.h): directory listings (dircache.h) for every
 * lookup, parsed records (reccache.h) for the scans that only show them. Each is read once a
 * run and written back when it changed, by index_close(), before the run drops root. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "dircache.h"
#include "namecache.h"
#include "index.h"
#include "readers.h"
#include "reccache.h"
#include "trust.h"
#include "util.h"

#define KIND "listings"
#define KIND_RECORDS "records"
#define KIND_STORAGE "storage-names"

/* The record index as read (old, pointing into text) and as this run found it (next). */
struct records {
	struct reccache old, next;
	struct cache_text text;
	int changed;
};

/* The listing index, pointing into text; and the directories listed this run, whose names
 * index_list() lends until index_list_done(). */
struct listings {
	struct dircache dc;
	struct cache_text text;
	struct {
		char **v;
		size_t n;
	} * listed;
	size_t nlisted, caplisted;
};

static struct dircache *listings(struct index *ix)
{
	struct listings *l = ix->listings;

	if (l)
		return &l->dc;
	l = ix->listings = xcalloc(1, sizeof(*l));
	if (cache_load(KIND, ix->root, &l->text) == 0)
		(void)dircache_parse(l->text.p, l->text.len, &l->dc); /* not believed: empty */
	return &l->dc;
}

/* The names among v (n of them) that start with prefix (v's own strings). */
static const char **matching(const char *const *v, size_t n, const char *prefix, size_t *out)
{
	size_t pl = strlen(prefix);
	const char **m = xcalloc(n + 1, sizeof(*m));

	*out = 0;
	for (size_t i = 0; i < n; i++)
		if (strncmp(v[i], prefix, pl) == 0)
			m[(*out)++] = v[i];
	return m;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

const char **index_list(struct index *ix, int fd, const char *path, const char *prefix, size_t *n)
{
	struct dircache *dc = listings(ix);
	struct listings *l = ix->listings;
	const struct dc_dir *d;
	struct stamp st;
	struct stat s;
	char **all;
	size_t na;

	/* The stamp before the listing: an entry added after it changes the stamp again. */
	if (fstat(fd, &s) != 0)
		pdie(EXIT_FAIL, "runtime state %s", path);
	st = stamp_of(&s);
	if ((d = dircache_fresh(dc, path, &st)) != NULL)
		return matching(d->names, d->n, prefix, n);
	all = index_entries(fd, path, "", &na);
	if (na > 1)
		qsort(all, na, sizeof(*all), by_name); /* as the name index is (docker_names) */
	dircache_put(dc, path, &st, all, na, time(NULL));
	if (l->nlisted == l->caplisted)
		l->listed = xreserve(l->listed, &l->caplisted, l->caplisted * 2 + 8,
				     sizeof(*l->listed));
	l->listed[l->nlisted].v = all;
	l->listed[l->nlisted++].n = na;
	return matching((const char *const *)all, na, prefix, n);
}

void index_use_records(struct index *ix)
{
	struct records *rs = ix->records;

	if (rs)
		return;
	rs = ix->records = xcalloc(1, sizeof(*rs));
	if (cache_load(KIND_RECORDS, ix->root, &rs->text) == 0)
		(void)reccache_parse(rs->text.p, rs->text.len, &rs->old); /* not believed: empty */
	/* As many as last time, and a few more. */
	index_reserve(ix, ix->n + ix->records->old.n + 64);
	reccache_reserve(&ix->records->next, ix->records->old.n + 64);
}

/* The last file found unchanged whose path does not name the record's ID (a thousand containers
 * of one image share its file, podman's all share containers.json): looked at once a run. */
static struct {
	char path[320];
	struct stamp st;
} seen;

/* Does path p name the record's own ID as one of its components? */
static int names_id(const char *p, const char *id)
{
	size_t n = strlen(id);

	for (const char *q = p; (q = strchr(q, '/')) != NULL; q++)
		if (strncmp(q + 1, id, n) == 0 && (q[n + 1] == '/' || q[n + 1] == '\0'))
			return 1;
	return 0;
}

/* p's stat, through the directory opened this run that holds it (pl's first): fewer names to
 * look up than from the root, and each directory on the way was opened through the trusted path. */
static int stat_dep(struct index *ix, const struct place *pl, const char *p, struct stat *st)
{
	const struct place *best = NULL;
	size_t bl = 0, l = strlen(pl->path);

	if (strncmp(p, pl->path, l) == 0 && p[l] == '/')
		best = pl, bl = l;
	for (const struct place *d = best ? NULL : ix->dirs; d; d = d->next)
		if (d->fd >= 0 && (l = strlen(d->path)) > bl && strncmp(p, d->path, l) == 0 &&
		    p[l] == '/')
			best = d, bl = l;
	return best ? fstatat(best->fd, p + bl + 1, st, AT_SYMLINK_NOFOLLOW) : lstat(p, st);
}

/* Is every file the record came from as it was (and every absent one still absent)? */
static int deps_fresh(struct index *ix, const struct place *pl, const char *id,
		      const struct rc_deps *d)
{
	for (int i = 0; i < d->n; i++) {
		const char *p = d->d[i].path;
		struct stamp now;
		struct stat st;
		int rc;

		if (!d->d[i].absent && stamp_same(&seen.st, &d->d[i].st) &&
		    strcmp(seen.path, p) == 0)
			continue;
		rc = stat_dep(ix, pl, p, &st);
		if (d->d[i].absent) {
			if (rc == 0 || errno != ENOENT)
				return 0;
			continue;
		}
		if (rc != 0 || !S_ISREG(st.st_mode) || !trust_mode_ok(&st))
			return 0;
		now = stamp_of(&st);
		if (!stamp_same(&now, &d->d[i].st))
			return 0;
		if (!names_id(p, id) && scopy(seen.path, sizeof(seen.path), p) == 0)
			seen.st = now;
	}
	return 1;
}

/* id's record in pl: 0, or 1 when pl holds none (as reader_read()). A record, or the absence of
 * one, is taken from the index while every file it depends on is as it was. */
int index_record(struct index *ix, const struct place *pl, const char *id, struct record *r)
{
	struct records *rs = ix->records;
	const struct rc_entry *e;
	struct rc_deps deps;
	int rc;

	if (!rs)
		return reader_read(ix, pl, id, r);
	e = reccache_find(&rs->old, pl->path, id);
	if (e && (rc = reccache_decode(e, r, &deps)) >= 0 &&
	    (rc == 1 || strcmp(r->c.id, id) == 0) && deps_fresh(ix, pl, id, &deps)) {
		reccache_keep(&rs->next, e);
		return rc;
	}
	memset(r, 0, sizeof(*r));
	r->reader = pl->r->name;
	readers_collect(&deps);
	rc = reader_read(ix, pl, id, r);
	readers_collect(NULL);
	if (rc == 0 || rc == 1)
		reccache_put(&rs->next, pl->path, id, rc == 0 ? r : NULL, &deps, time(NULL));
	rs->changed = 1;
	return rc;
}

static void records_done(struct index *ix)
{
	struct records *rs = ix->records;
	size_t len;
	char *text;

	if (!rs)
		return;
	/* A whole scan saw every record there is: what it did not see is gone. */
	if ((rs->changed || rs->next.n != rs->old.n) &&
	    (text = reccache_format(&rs->next, &len)) != NULL) {
		(void)cache_save(KIND_RECORDS, ix->root, text, len);
		free(text);
	}
	reccache_free(&rs->next);
	reccache_free(&rs->old);
	cache_unload(&rs->text);
	free(rs);
	ix->records = NULL;
}

void index_list_done(struct index *ix)
{
	struct listings *l = ix->listings;
	size_t len;
	char *text;

	records_done(ix);
	if (!l)
		return;
	if (l->dc.dirty && (text = dircache_format(&l->dc, &len)) != NULL) {
		(void)cache_save(KIND, ix->root, text, len); /* not written: the next run lists */
		free(text);
	}
	dircache_free(&l->dc);
	cache_unload(&l->text);
	for (size_t i = 0; i < l->nlisted; i++)
		index_entries_free(l->listed[i].v, l->listed[i].n);
	free(l->listed);
	free(l);
	ix->listings = NULL;
}

/* containers.json's names, in the name index's form: every entry carries the file's stamp. */
int index_storage_names(struct index *ix, const struct stat *st, struct storage_name **out,
			size_t *n)
{
	struct stamp now = stamp_of(st);
	struct cache_text text;
	struct namecache nc;
	int ok;

	if (!S_ISREG(st->st_mode) || !trust_mode_ok(st) ||
	    cache_load(KIND_STORAGE, ix->root, &text) != 0)
		return -1;
	ok = namecache_parse(text.p, text.len, &nc) == NULL && nc.n > 0;
	/* IDs and names that stand for the file's: each as its writer would have kept it (the
	 * index's form does not check them). */
	for (size_t i = 0; i < nc.n && ok; i++)
		ok = nc.e[i].name && hex64_id(nc.e[i].id) && docker_name_ok(nc.e[i].name) &&
		     stamp_same(&nc.e[i].dir, &now);
	if (ok) {
		*out = xcalloc(nc.n + 1, sizeof(**out));
		for (size_t i = 0; i < nc.n && ok; i++)
			ok = scopy((*out)[i].id, sizeof((*out)[i].id), nc.e[i].id) == 0 &&
			     scopy((*out)[i].name, sizeof((*out)[i].name), nc.e[i].name) == 0;
		*n = nc.n;
		if (!ok) {
			free(*out);
			*out = NULL;
			*n = 0;
		}
	}
	namecache_free(&nc);
	cache_unload(&text);
	return ok ? 0 : -1;
}

void index_storage_names_keep(struct index *ix, const struct stat *st, const struct storage_name *v,
			      size_t n)
{
	struct stamp now = stamp_of(st);
	struct namecache nc = {0};
	time_t t = time(NULL);
	size_t len;
	char *text;

	/* Only when every entry can be written as it is: else the file is read each run. */
	for (size_t i = 0; i < n; i++)
		if (!hex64_id(v[i].id) || !docker_name_ok(v[i].name))
			return;
	if (!n || stamp_racy(&now, t))
		return;
	for (size_t i = 0; i < n; i++)
		namecache_add(&nc, v[i].id, &now, v[i].name, t);
	if ((text = namecache_format(&nc, &len)) != NULL) {
		(void)cache_save(KIND_STORAGE, ix->root, text, len); /* else: read next time */
		free(text);
	}
	namecache_free(&nc);
}
