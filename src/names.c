/* SPDX-License-Identifier: ISC */
/* Names the runtimes keep apart from the records: containers/storage's containers.json (podman,
 * CRI-O), docker's names (only inside each config.v2.json), the kubelet's log links. */
#include "names.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "json.h"
#include "namecache.h"
#include "readers.h"
#include "trust.h"
#include "util.h"

#define STORAGE "var/lib/containers/storage/overlay-containers"
#define STORAGE_NAMES STORAGE "/containers.json"

/* Read once a run, when first needed. */
static struct storage_name *storage;
static size_t nstorage;
static int storage_read;
static char storage_path[400];
static struct stat storage_st;
static int storage_seen;
/* A kubelet log link and the ID it names (id NULL: none). */
static struct klink {
	char *name;
	const char *id;
	size_t idl;
} * kube;
static size_t nkube;
static int kube_read, kube_asked;

static void load_storage(struct index *ix)
{
	const struct place *pl;
	struct record r = {0};
	const char *why;
	size_t len;
	char *text;
	int rc;

	if (storage_read++)
		return;
	/* Its stamp before it is read, for the records whose names it gives (reccache.h) and the
	 * name index; unchanged since the index read it, the index answers. */
	pl = index_dir(ix, STORAGE);
	storage_seen = index_path(ix, STORAGE_NAMES, storage_path, sizeof(storage_path)) == 0 &&
		       pl &&
		       fstatat(pl->fd, "containers.json", &storage_st, AT_SYMLINK_NOFOLLOW) == 0;
	if (storage_seen && index_storage_names(ix, &storage_st, &storage, &nstorage) == 0)
		return;
	rc = load_rel(ix, STORAGE, "containers.json", &text, &len, &r);
	if (rc == 2)
		note_untrusted(ix, r.file, r.why);
	if (rc)
		return;
	if (storage_parse_names(text, len, &storage, &nstorage, &why) != 0)
		die(EXIT_FAIL, "runtime state %s: %s", r.file, why);
	free(text);
	if (storage_seen)
		index_storage_names_keep(ix, &storage_st, storage, nstorage);
}

void names_storage(struct index *ix, const char *id, char *name, size_t len)
{
	load_storage(ix);
	readers_depend(storage_path, storage_seen ? &storage_st : NULL);
	for (size_t i = 0; i < nstorage; i++)
		if (strcmp(storage[i].id, id) == 0) {
			if (scopy(name, len, storage[i].name) != 0)
				die(EXIT_FAIL, "runtime state %s: a name nscap cannot hold",
				    STORAGE_NAMES);
			return;
		}
}

static int add(char ids[][ID_MAX + 1], int n, int max, const char *id)
{
	for (int i = 0; i < n; i++)
		if (strcmp(ids[i], id) == 0)
			return n;
	if (n < max && valid_id(id))
		memcpy(ids[n++], id, strlen(id) + 1);
	return n;
}

/* The entry names of a trusted directory below the state-root (index_list()), or NULL. */
static const char **list_dir(struct index *ix, const char *rel, size_t *n)
{
	const struct place *pl = index_dir(ix, rel);

	*n = 0;
	return pl ? index_list(ix, pl->fd, pl->path, "", n) : NULL;
}

/* A file's bytes through no symlink and nothing above dirfd, not checked for trust, and what it
 * is (st): 0, or -1 when it could not be read so. Only to rule a record out cheaply
 * (docker_has). */
static int raw_read(int dirfd, const char *rel, char **text, size_t *len, struct stat *st)
{
	struct open_how how = {.flags = O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK,
			       .resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS};
	int fd = (int)syscall(SYS_openat2, dirfd, rel, &how, sizeof(how)), rc = -1;

	*text = NULL;
	if (fd < 0)
		return -1;
	/* docker's records are 2-3 KiB: one read and the one that says the end. */
	if (fstat(fd, st) == 0 && S_ISREG(st->st_mode))
		rc = read_all_sized(fd, JSON_MAX_BYTES, 8192, text, len);
	close(fd);
	return rc;
}

/* Does docker's record id hold needle (`"Name":"/NAME"`), as if every record were loaded whole?
 * Bytes read without the trust check that lack it rule the record out unread: the trusted load
 * would have read the same bytes or refused the file, and either way not counted it. Any other
 * record (and one that could not be read so) gets the trusted load, which fails closed. With
 * dir (the stamp of its directory before the read), the name the bytes hold is indexed. */
static int docker_has(const struct place *pl, const char *id, const char *needle, size_t nn,
		      const struct stamp *dir, struct namecache *next)
{
	struct record r = {0};
	char rel[ID_MAX + 32], name[CNAME_MAX + 2], *text;
	struct stat st;
	size_t len;
	int hit;

	snprintf(rel, sizeof(rel), "%s/config.v2.json", id);
	if (raw_read(pl->fd, rel, &text, &len, &st) == 0) {
		hit = memmem(text, len, needle, nn) != NULL;
		if (dir)
			namecache_add(next, id, dir,
				      docker_config_name(text, len, name, sizeof(name)) == 0 ? name
											     : NULL,
				      time(NULL));
		free(text);
		if (!hit)
			return 0;
	}
	if (load_at(pl->fd, pl->path, rel, &text, &len, &r) != 0)
		return 0;
	hit = memmem(text, len, needle, nn) != NULL;
	free(text);
	return hit;
}

/* One name looked for among docker's containers, against the name index as read (old). */
struct name_walk {
	const struct place *pl;
	const char *name;
	char needle[CNAME_MAX + 16];
	size_t nn;
	struct namecache old, added; /* added: containers read this run */
	struct cache_text text;	     /* the index file old points into */
	unsigned char *fresh;	     /* old's entries this run found unchanged */
	size_t hint;		     /* where in old the next ID is looked for first */
};

/* Does container id (a directory of docker's) have the name? The index answers while the
 * directory's stamp is unchanged; else docker_has() reads, and indexes what it read. */
static int docker_named(struct name_walk *w, const char *id)
{
	const struct nc_entry *e;
	struct stamp dir;
	struct stat st;

	if (fstatat(w->pl->fd, id, &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISDIR(st.st_mode))
		return docker_has(w->pl, id, w->needle, w->nn, NULL, &w->added);
	dir = stamp_of(&st);
	if (!(e = namecache_fresh(&w->old, id, &dir, &w->hint)))
		return docker_has(w->pl, id, w->needle, w->nn, &dir, &w->added);
	w->fresh[e - w->old.e] = 1;
	return e->name ? strcmp(e->name, w->name) == 0
		       : docker_has(w->pl, id, w->needle, w->nn, NULL, &w->added);
}

static void load_names(struct index *ix, struct name_walk *w)
{
	memset(&w->old, 0, sizeof(w->old));
	if (cache_load("docker-names", ix->root, &w->text) == 0)
		(void)namecache_parse(w->text.p, w->text.len, &w->old); /* not believed: empty */
}

/* The index written back when this run read a container or missed one it held: the entries
 * found unchanged and those read. Unchanged, it costs nothing. */
static void save_names(struct index *ix, struct name_walk *w)
{
	size_t kept = 0, len;
	char *text;

	for (size_t i = 0; i < w->old.n; i++)
		kept += w->fresh[i];
	if (!w->added.n && kept == w->old.n)
		return;
	for (size_t i = 0; i < w->old.n; i++)
		if (w->fresh[i])
			namecache_keep(&w->added, &w->old.e[i]);
	if ((text = namecache_format(&w->added, &len)) != NULL) {
		(void)cache_save("docker-names", ix->root, text, len); /* else: read next time */
		free(text);
	}
}

/* docker's names live only in each config.v2.json: nscap's index of them (namecache.h) answers
 * for every container unchanged since it was indexed, docker_has() for the others. The full
 * load of the candidates decides. */
static int docker_names(struct index *ix, const char *name, char ids[][ID_MAX + 1], int n, int max)
{
	struct name_walk w = {.pl = index_dir(ix, readers[0].rel), .name = name};
	size_t nd;
	const char **dirs;

	if (strlen(name) > CNAME_MAX || strpbrk(name, "\"\\") || !w.pl)
		return n;
	w.nn = (size_t)snprintf(w.needle, sizeof(w.needle), "\"Name\":\"/%s\"", name);
	load_names(ix, &w);
	w.fresh = xcalloc(w.old.n + 1, 1);
	/* In ID order (index_list), as the index is: each entry found in one step. */
	dirs = index_list(ix, w.pl->fd, w.pl->path, "", &nd);
	for (size_t i = 0; i < nd; i++)
		if (hex64_id(dirs[i]) && docker_named(&w, dirs[i]))
			n = add(ids, n, max, dirs[i]);
	save_names(ix, &w);
	free(dirs);
	namecache_free(&w.added);
	free(w.fresh);
	namecache_free(&w.old);
	cache_unload(&w.text);
	return n;
}

int index_names(struct index *ix, const char *name, char ids[][ID_MAX + 1], int max)
{
	int n = 0;

	load_storage(ix);
	for (size_t i = 0; i < nstorage; i++)
		if (strcmp(storage[i].name, name) == 0)
			n = add(ids, n, max, storage[i].id);
	return docker_names(ix, name, ids, n, max);
}

/* <pod>_<ns>_<container>-<id>.log: the ID follows the last '-'; its length in *n, or NULL. */
static const char *log_id_at(const char *name, size_t *n)
{
	const char *dash = strrchr(name, '-');
	size_t l = strlen(name);

	if (!dash || l < 5 || strcmp(name + l - 4, ".log") != 0)
		return NULL;
	*n = (size_t)(name + l - 4 - dash - 1);
	return *n == 0 || *n > ID_MAX ? NULL : dash + 1;
}

static int log_id(const char *name, char *id)
{
	size_t n;
	const char *p = log_id_at(name, &n);

	if (!p)
		return -1;
	memcpy(id, p, n);
	id[n] = '\0';
	return valid_id(id) ? 0 : -1;
}

/* The ID of log link k against id: <0, 0, >0; links without one sort first. */
static int cmp_log(const struct klink *k, const char *id, size_t idl)
{
	int c;

	if (!k->id)
		return -1;
	c = memcmp(k->id, id, k->idl < idl ? k->idl : idl);
	return c ? c : (k->idl > idl) - (k->idl < idl);
}

static int cmp_links(const void *a, const void *b)
{
	const struct klink *x = a, *y = b;

	return y->id ? cmp_log(x, y->id, y->idl) : !!x->id;
}

/* The kubelet's log links, read once a run, and the ID each names. */
static void load_kube(struct index *ix)
{
	const char **names;

	if (kube_read++)
		return;
	names = list_dir(ix, KUBE_LOGS, &nkube);
	if (!nkube)
		return;
	kube = xcalloc(nkube, sizeof(*kube));
	/* Copied: kept for the run, past index_close(), which takes the listing's back. */
	for (size_t i = 0; i < nkube; i++) {
		kube[i].name = xstrdup(names[i]);
		kube[i].id = log_id_at(kube[i].name, &kube[i].idl);
	}
	free(names);
}

int index_pod_hint(struct index *ix, const char *ns, const char *pod, char ids[][ID_MAX + 1],
		   int max)
{
	char want[POD_HINT_MAX], id[ID_MAX + 1];
	int n = 0;

	if ((size_t)snprintf(want, sizeof(want), "%s_%s_", pod, ns) >= sizeof(want))
		return 0;
	load_kube(ix);
	for (size_t i = 0; i < nkube; i++)
		if (strncmp(kube[i].name, want, strlen(want)) == 0 && log_id(kube[i].name, id) == 0)
			n = add(ids, n, max, id);
	return n;
}

void readers_kube_identity(struct index *ix, struct container *c)
{
	size_t lo = 0, hi, idl = strlen(c->id);

	/* Only for a container a Kubernetes runtime manages and that says nothing itself. */
	if (!c->managed || c->pod_name[0] || !strcmp(c->runtime, "podman"))
		return;
	load_kube(ix);
	/* One container is looked for by a walk; from the second on (-l: every one), sorted. */
	if (kube_asked++ == 1 && nkube)
		qsort(kube, nkube, sizeof(*kube), cmp_links);
	if (kube_asked == 1) {
		for (size_t i = 0; i < nkube; i++)
			if (cmp_log(&kube[i], c->id, idl) == 0 &&
			    kube_log_name(kube[i].name, c->id, c) == 0)
				return;
		return;
	}
	for (hi = nkube; lo < hi;) {
		size_t mid = lo + (hi - lo) / 2;

		if (cmp_log(&kube[mid], c->id, idl) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < nkube && cmp_log(&kube[lo], c->id, idl) == 0; lo++)
		if (kube_log_name(kube[lo].name, c->id, c) == 0)
			return;
}

void readers_free_cache(void)
{
	for (size_t i = 0; i < nkube; i++)
		free(kube[i].name);
	free(kube);
	free(storage);
	kube = NULL;
	storage = NULL;
	nkube = nstorage = 0;
	kube_read = kube_asked = storage_read = 0;
}
