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
#include <unistd.h>

#include "json.h"
#include "readers.h"
#include "trust.h"
#include "util.h"

#define STORAGE "var/lib/containers/storage/overlay-containers"
#define STORAGE_NAMES STORAGE "/containers.json"

/* Read once a run, when first needed. */
static struct storage_name *storage;
static size_t nstorage;
static int storage_read;
static char **kube;
static size_t nkube;
static int kube_read;

static void load_storage(struct index *ix)
{
	struct record r = {0};
	const char *why;
	size_t len;
	char *text;
	int rc;

	if (storage_read++)
		return;
	rc = load_rel(ix, STORAGE, "containers.json", &text, &len, &r);
	if (rc == 2)
		note_untrusted(ix, r.file, r.why);
	if (rc)
		return;
	if (storage_parse_names(text, len, &storage, &nstorage, &why) != 0)
		die(EXIT_FAIL, "runtime state %s: %s", r.file, why);
	free(text);
}

void names_storage(struct index *ix, const char *id, char *name, size_t len)
{
	load_storage(ix);
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

/* The entry names of a trusted directory below the state-root, or NULL. */
static char **list_dir(struct index *ix, const char *rel, size_t *n)
{
	const struct place *pl = index_dir(ix, rel);

	*n = 0;
	return pl ? index_entries(pl->fd, pl->path, n) : NULL;
}

/* A file's bytes through no symlink and nothing above dirfd, not checked for trust: 0, or -1 when
 * it could not be read so. Only to rule a record out cheaply (docker_entry). */
static int raw_read(int dirfd, const char *rel, char **text, size_t *len)
{
	struct open_how how = {.flags = O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK,
			       .resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS};
	int fd = (int)syscall(SYS_openat2, dirfd, rel, &how, sizeof(how)), rc;

	*text = NULL;
	if (fd < 0)
		return -1;
	/* docker's records are 2-3 KiB: one read and the one that says the end. */
	rc = read_all_sized(fd, JSON_MAX_BYTES, 8192, text, len);
	close(fd);
	return rc;
}

/* Does docker's record id hold needle (`"Name":"/NAME"`), as if every record were loaded whole?
 * Bytes read without the trust check that lack it rule the record out unread: the trusted load
 * would have read the same bytes or refused the file, and either way not counted it. Any other
 * record (and one that could not be read so) gets the trusted load, which fails closed. */
static int docker_has(const struct place *pl, const char *id, const char *needle, size_t nn)
{
	struct record r = {0};
	char rel[ID_MAX + 32], *text;
	size_t len;
	int hit;

	snprintf(rel, sizeof(rel), "%s/config.v2.json", id);
	if (raw_read(pl->fd, rel, &text, &len) == 0) {
		hit = memmem(text, len, needle, nn) != NULL;
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

/* docker's names live only in each config.v2.json, as `"Name":"/NAME"` (no JSON parse): the
 * full load of the candidates decides. */
static int docker_names(struct index *ix, const char *name, char ids[][ID_MAX + 1], int n, int max)
{
	const struct place *pl = index_dir(ix, readers[0].rel);
	char needle[CNAME_MAX + 16];
	size_t nn, nd;
	char **dirs;

	if (strlen(name) > CNAME_MAX || strpbrk(name, "\"\\") || !pl)
		return n;
	nn = (size_t)snprintf(needle, sizeof(needle), "\"Name\":\"/%s\"", name);
	dirs = index_entries(pl->fd, pl->path, &nd);
	for (size_t i = 0; i < nd; i++)
		if (hex64_id(dirs[i]) && docker_has(pl, dirs[i], needle, nn))
			n = add(ids, n, max, dirs[i]);
	index_entries_free(dirs, nd);
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

/* The ID of log link name against id: <0, 0, >0; links without one sort first. */
static int cmp_log(const char *name, const char *id, size_t idl)
{
	size_t n;
	const char *p = log_id_at(name, &n);
	int c;

	if (!p)
		return -1;
	c = memcmp(p, id, n < idl ? n : idl);
	return c ? c : (n > idl) - (n < idl);
}

static int cmp_links(const void *a, const void *b)
{
	const char *x = *(const char *const *)a, *y = *(const char *const *)b;
	size_t n;
	const char *p = log_id_at(y, &n);

	return p ? cmp_log(x, p, n) : !!log_id_at(x, &n);
}

/* The kubelet's log links, sorted by the ID they name, read once a run. */
static void load_kube(struct index *ix)
{
	if (kube_read++)
		return;
	kube = list_dir(ix, KUBE_LOGS, &nkube);
	if (nkube)
		qsort(kube, nkube, sizeof(*kube), cmp_links);
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
		if (strncmp(kube[i], want, strlen(want)) == 0 && log_id(kube[i], id) == 0)
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
	for (hi = nkube; lo < hi;) {
		size_t mid = lo + (hi - lo) / 2;

		if (cmp_log(kube[mid], c->id, idl) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < nkube && cmp_log(kube[lo], c->id, idl) == 0; lo++)
		if (kube_log_name(kube[lo], c->id, c) == 0)
			return;
}

void readers_free_cache(void)
{
	for (size_t i = 0; i < nkube; i++)
		free(kube[i]);
	free(kube);
	free(storage);
	kube = NULL;
	storage = NULL;
	nkube = nstorage = 0;
	kube_read = storage_read = 0;
}
