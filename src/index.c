/* SPDX-License-Identifier: ISC */
/* Finding and loading the runtimes' records (readers.c reads each runtime's files). */
#include "index.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
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

void index_close(struct index *ix)
{
	index_list_done(ix); /* as root, before the run goes on */
	while (ix->dirs) {
		struct place *pl = ix->dirs;

		ix->dirs = pl->next;
		if (pl->fd >= 0)
			close(pl->fd);
		free(pl);
	}
	ix->places = NULL;
	ix->places_ready = 0;
}

void index_free(struct index *ix)
{
	index_close(ix);
	free(ix->rec);
	free(ix->loaded);
	free(ix->order);
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

/* Open a directory below the state root: 1 opened, 0 absent or noted as untrusted. */
static int open_dir(struct index *ix, const char *rel, struct place *pl)
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

/* Once a run: only root can change a trusted directory, so its fd stays good for the run. */
static struct place *dir_of(struct index *ix, const char *rel)
{
	char path[sizeof(((struct place *)0)->path)];
	struct place *pl;

	if (index_path(ix, rel, path, sizeof(path)) != 0)
		die(EXIT_FAIL, "runtime state path too long below %s", ix->root);
	for (pl = ix->dirs; pl; pl = pl->next)
		if (strcmp(pl->path, path) == 0)
			return pl->fd >= 0 ? pl : NULL;
	pl = xcalloc(1, sizeof(*pl));
	pl->next = ix->dirs;
	ix->dirs = pl;
	if (!open_dir(ix, rel, pl))
		pl->fd = -1;
	return pl->fd >= 0 ? pl : NULL;
}

const struct place *index_dir(struct index *ix, const char *rel)
{
	return dir_of(ix, rel);
}

void index_reserve(struct index *ix, size_t cap)
{
	ix->rec = xreserve(ix->rec, &ix->cap, cap, sizeof(*ix->rec));
}

static struct record *new_record(struct index *ix)
{
	if (ix->n == ix->cap)
		index_reserve(ix, ix->cap ? ix->cap * 2 : 16);
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
	if (ix->nloaded == ix->caploaded)
		ix->loaded = xreserve(ix->loaded, &ix->caploaded,
				      ix->caploaded ? ix->caploaded * 2 : 16, sizeof(*ix->loaded));
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
	if (index_record(ix, pl, id, rec) == 0)
		ix->n++;
}

/* linux_dirent64, as getdents64 writes it. */
struct lde {
	uint64_t ino;
	int64_t off;
	unsigned short reclen;
	unsigned char type;
	char name[1];
};

/* One more name for the list, growing it by doubling. */
static void push_name(char ***v, size_t *n, size_t *cap, const char *name)
{
	if (*n == *cap)
		*v = xreserve(*v, cap, *cap ? *cap * 2 : 64, sizeof(**v));
	(*v)[(*n)++] = xstrdup(name);
}

char **index_entries(int fd, const char *path, const char *prefix, size_t *n)
{
	size_t pl = strlen(prefix);
	/* 32 KiB: a directory of a thousand containers in three calls (readdir's 2 KiB: forty) */
	_Alignas(8) char buf[32768];
	int lfd = openat(fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	char **v = NULL;
	size_t cap = 0;
	long got;

	*n = 0;
	if (lfd < 0)
		pdie(EXIT_FAIL, "runtime state %s: cannot list", path);
	while ((got = syscall(SYS_getdents64, lfd, buf, sizeof(buf))) > 0)
		for (long o = 0; o < got;) {
			const char *name = buf + o + offsetof(struct lde, name);
			unsigned short len;

			memcpy(&len, buf + o + offsetof(struct lde, reclen), sizeof(len));
			if (len == 0 || len > got - o)
				die(EXIT_FAIL, "runtime state %s: listing: bad directory entry",
				    path);
			if (strcmp(name, ".") != 0 && strcmp(name, "..") != 0 &&
			    strncmp(name, prefix, pl) == 0)
				push_name(&v, n, &cap, name);
			o += len;
		}
	if (got < 0)
		pdie(EXIT_FAIL, "runtime state %s: listing", path);
	close(lfd);
	return v;
}

void index_entries_free(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static void add_place(struct index *ix, const struct reader *r, const char *rel, const char *ns)
{
	struct place *pl = dir_of(ix, rel);

	if (!pl)
		return;
	pl->r = r;
	(void)scopy(pl->ns, sizeof(pl->ns), ns);
	*ix->places_end = pl;
	ix->places_end = &pl->next_r;
}

/* containerd keeps one directory per namespace: each is a place of its own. */
static void ns_places(struct index *ix, const struct reader *r, const struct place *top)
{
	size_t n;
	const char **ns = index_list(ix, top->fd, top->path, "", &n);
	char rel[400];

	for (size_t i = 0; i < n; i++)
		if (valid_id(ns[i]) &&
		    (size_t)snprintf(rel, sizeof(rel), "%s/%s", r->rel, ns[i]) < sizeof(rel))
			add_place(ix, r, rel, ns[i]);
	free(ns);
}

/* Every reader's directory of records (each of containerd's namespaces one), in the readers'
 * order, opened once a run. */
static void places(struct index *ix)
{
	if (ix->places_ready++)
		return;
	ix->places_end = &ix->places;
	for (size_t i = 0; i < nreaders; i++) {
		const struct place *top;

		if (!readers[i].per_ns)
			add_place(ix, &readers[i], readers[i].rel, "");
		else if ((top = dir_of(ix, readers[i].rel)) != NULL)
			ns_places(ix, &readers[i], top);
	}
}

/* The records of id, or of every ID starting with prefix, in every reader's directory. */
static void walk(struct index *ix, const char *id, const char *prefix)
{
	places(ix);
	for (const struct place *pl = ix->places; pl; pl = pl->next_r) {
		size_t n;
		const char **ids;

		if (id) {
			load(ix, pl, id);
			continue;
		}
		ids = index_list(ix, pl->fd, pl->path, prefix, &n);
		for (size_t i = 0; i < n; i++)
			if (valid_id(ids[i]) && !is_loaded(ix, ids[i]))
				load(ix, pl, ids[i]);
		free(ids);
	}
}

void index_id(struct index *ix, const char *id)
{
	if (!valid_id(id) || is_loaded(ix, id) || ix->scanned)
		return;
	walk(ix, id, "");
	mark_loaded(ix, id);
}

void index_scan(struct index *ix, const char *prefix)
{
	size_t from = ix->n;

	if (ix->scanned)
		return;
	walk(ix, NULL, prefix);
	ix->scanned = !*prefix;
	/* After a whole scan nothing is loaded again, so only a prefix's IDs are remembered. */
	for (size_t i = from; i < ix->n && !ix->scanned; i++)
		if (!is_loaded(ix, ix->rec[i].c.id))
			mark_loaded(ix, ix->rec[i].c.id);
}

/* The records sorted by ID, those of one ID in the order they were read; the distinct IDs. */
static const struct index *sorting;

static int cmp_rec(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	int c = strcmp(sorting->rec[x].c.id, sorting->rec[y].c.id);

	return c ? c : (x > y) - (x < y);
}

static void sort_records(struct index *ix)
{
	size_t n = 0;

	if (ix->order && ix->order_at == ix->n)
		return;
	free(ix->order);
	free(ix->ids);
	ix->order = xcalloc(ix->n + 1, sizeof(*ix->order));
	ix->ids = xcalloc(ix->n + 1, sizeof(*ix->ids));
	for (size_t i = 0; i < ix->n; i++)
		ix->order[i] = i;
	sorting = ix;
	qsort(ix->order, ix->n, sizeof(*ix->order), cmp_rec);
	for (size_t i = 0; i < ix->n; i++)
		if (!n || strcmp(ix->ids[n - 1], ix->rec[ix->order[i]].c.id) != 0)
			ix->ids[n++] = ix->rec[ix->order[i]].c.id;
	ix->nids = n;
	ix->order_at = ix->n;
}

int index_container(struct index *ix, const char *id, struct container *out, const char **why)
{
	size_t lo = 0, hi = ix->n;
	int found = 0;

	sort_records(ix);
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(ix->rec[ix->order[mid]].c.id, id) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < ix->n && strcmp(ix->rec[ix->order[lo]].c.id, id) == 0; lo++) {
		const struct record *r = &ix->rec[ix->order[lo]];

		if (r->fate != FATE_USED)
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

size_t index_ids(struct index *ix, const char ***out)
{
	sort_records(ix);
	*out = ix->ids;
	return ix->nids;
}
