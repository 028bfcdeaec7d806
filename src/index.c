/* SPDX-License-Identifier: ISC */
/* Finding and loading the runtimes' records (readers.c reads each runtime's files). */
#include "index.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "identity.h"
#include "readers.h"
#include "trust.h"
#include "util.h"

void index_init(struct index *ix, const char *state_root)
{
	memset(ix, 0, sizeof(*ix));
	ix->root = state_root;
}

void index_free(struct index *ix)
{
	free(ix->rec);
	free(ix->loaded);
	free(ix->ids);
	readers_free_cache();
	memset(ix, 0, sizeof(*ix));
}

void note_untrusted(struct index *ix, const char *path, const char *why)
{
	for (int i = 0; i < ix->nnotes; i++)
		if (strcmp(ix->notes[i].path, path) == 0)
			return;
	if (ix->nnotes == INDEX_MAX_NOTES)
		return;
	(void)scopy(ix->notes[ix->nnotes].path, sizeof(ix->notes[0].path), path);
	(void)scopy(ix->notes[ix->nnotes].why, sizeof(ix->notes[0].why), why);
	ix->nnotes++;
}

int index_path(const struct index *ix, const char *rel, char *out, size_t len)
{
	size_t rl = strlen(ix->root);
	int n = snprintf(out, len, "%s%s%s", ix->root, rl && ix->root[rl - 1] == '/' ? "" : "/",
			 rel);

	return n < 0 || (size_t)n >= len ? -1 : 0;
}

/* Open a directory of records below the state root: 1 opened, 0 absent or noted as untrusted. */
int index_open_dir(struct index *ix, const char *rel, struct place *pl)
{
	char err[512];

	if (index_path(ix, rel, pl->path, sizeof(pl->path)) != 0)
		die(EXIT_FAIL, "runtime state path too long below %s", ix->root);
	pl->fd = trust_open(pl->path, 0, TRUST_DIR, NULL, err, sizeof(err));
	if (pl->fd >= 0)
		return 1;
	if (errno == ENOENT)
		return 0;
	if (errno == EPERM) {
		note_untrusted(ix, pl->path, err);
		return 0;
	}
	die(EXIT_FAIL, "runtime state %s", err);
}

static struct record *new_record(struct index *ix)
{
	if (ix->n == ix->cap) {
		size_t cap = ix->cap ? ix->cap * 2 : 16;
		struct record *r = realloc(ix->rec, cap * sizeof(*r));

		if (!r)
			die(EXIT_FAIL, "out of memory reading runtime state");
		ix->rec = r;
		ix->cap = cap;
	}
	memset(&ix->rec[ix->n], 0, sizeof(ix->rec[0]));
	return &ix->rec[ix->n];
}

static int is_loaded(const struct index *ix, const char *id)
{
	for (size_t i = 0; i < ix->nloaded; i++)
		if (strcmp(ix->loaded[i], id) == 0)
			return 1;
	return 0;
}

static void mark_loaded(struct index *ix, const char *id)
{
	if (ix->nloaded == ix->caploaded) {
		size_t cap = ix->caploaded ? ix->caploaded * 2 : 16;
		char(*l)[ID_MAX + 1] = realloc(ix->loaded, cap * sizeof(*l));

		if (!l)
			die(EXIT_FAIL, "out of memory reading runtime state");
		ix->loaded = l;
		ix->caploaded = cap;
	}
	memcpy(ix->loaded[ix->nloaded++], id, strlen(id) + 1);
}

/* One reader's record of id in directory pl, when there is one. */
static void load(struct index *ix, const struct place *pl, const char *id)
{
	struct record *rec;

	if (!reader_takes(pl->r, id))
		return;
	rec = new_record(ix);
	rec->reader = pl->r->name;
	if (reader_read(ix, pl, id, rec) == 0)
		ix->n++;
}

/* Calls fn for every entry of directory fd (name, arg); stops when it returns nonzero. */
static void each_entry(int fd, const char *path, void (*fn)(const char *, void *), void *arg)
{
	int lfd = openat(fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *d = lfd >= 0 ? fdopendir(lfd) : NULL;
	struct dirent *e;

	if (!d)
		pdie(EXIT_FAIL, "runtime state %s: cannot list", path);
	errno = 0;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			fn(e->d_name, arg);
		errno = 0;
	}
	if (errno)
		pdie(EXIT_FAIL, "runtime state %s: listing", path);
	closedir(d);
}

struct walk {
	struct index *ix;
	struct place pl;
	const char *id; /* one ID, or NULL: every entry matching prefix */
	const char *prefix;
};

static void entry(const char *name, void *arg)
{
	struct walk *w = arg;

	if (strncmp(name, w->prefix, strlen(w->prefix)) == 0 && valid_id(name) &&
	    !is_loaded(w->ix, name))
		load(w->ix, &w->pl, name);
}

static void records_in(struct walk *w)
{
	if (w->id)
		load(w->ix, &w->pl, w->id);
	else
		each_entry(w->pl.fd, w->pl.path, entry, w);
}

static void ns_entry(const char *name, void *arg)
{
	struct walk *w = arg, sub = *w;
	char rel[400];

	if (!valid_id(name) ||
	    (size_t)snprintf(rel, sizeof(rel), "%s/%s", w->pl.r->rel, name) >= sizeof(rel))
		return;
	if (!index_open_dir(w->ix, rel, &sub.pl))
		return;
	(void)scopy(sub.pl.ns, sizeof(sub.pl.ns), name);
	records_in(&sub);
	close(sub.pl.fd);
}

/* Every reader's directory (and containerd namespace), the records of id or of prefix. */
static void walk(struct index *ix, const char *id, const char *prefix)
{
	for (size_t i = 0; i < nreaders; i++) {
		struct walk w = {ix, {.r = &readers[i]}, id, prefix};

		if (!index_open_dir(ix, readers[i].rel, &w.pl))
			continue;
		if (readers[i].per_ns)
			each_entry(w.pl.fd, w.pl.path, ns_entry, &w);
		else
			records_in(&w);
		close(w.pl.fd);
	}
}

void index_id(struct index *ix, const char *id)
{
	if (!valid_id(id) || is_loaded(ix, id) || ix->scanned)
		return;
	walk(ix, id, NULL);
	mark_loaded(ix, id);
}

void index_scan(struct index *ix, const char *prefix)
{
	size_t from = ix->n;

	if (ix->scanned)
		return;
	walk(ix, NULL, prefix);
	for (size_t i = from; i < ix->n; i++)
		if (!is_loaded(ix, ix->rec[i].c.id))
			mark_loaded(ix, ix->rec[i].c.id);
	ix->scanned = !*prefix;
}

int index_container(struct index *ix, const char *id, struct container *out, const char **why)
{
	int found = 0;

	for (size_t i = 0; i < ix->n; i++) {
		const struct record *r = &ix->rec[i];

		if (r->fate != FATE_USED || strcmp(r->c.id, id) != 0)
			continue;
		if (!found++)
			*out = r->c;
		else if ((*why = container_merge(out, &r->c)) != NULL)
			return -1;
	}
	if (found)
		readers_kube_identity(ix, out);
	return found ? 0 : 1;
}

static int cmp_ids(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

size_t index_ids(struct index *ix, const char ***out)
{
	size_t n = 0;

	if (ix->nids_at != ix->n) {
		free(ix->ids);
		ix->ids = xcalloc(ix->n + 1, sizeof(*ix->ids));
		for (size_t i = 0; i < ix->n; i++)
			ix->ids[i] = ix->rec[i].c.id;
		if (ix->n)
			qsort(ix->ids, ix->n, sizeof(*ix->ids), cmp_ids);
		for (size_t i = 0; i < ix->n; i++)
			if (!n || strcmp(ix->ids[n - 1], ix->ids[i]) != 0)
				ix->ids[n++] = ix->ids[i];
		ix->nids = n;
		ix->nids_at = ix->n;
	}
	*out = ix->ids;
	return ix->nids;
}
