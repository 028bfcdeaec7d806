/* SPDX-License-Identifier: ISC */
/* Names the runtimes keep apart from the records: containers/storage's containers.json (podman,
 * CRI-O), docker's names (only inside each config.v2.json), the kubelet's log links. */
#include "names.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "json.h"
#include "readers.h"
#include "trust.h"
#include "util.h"

#define STORAGE_NAMES "var/lib/containers/storage/overlay-containers/containers.json"

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
	rc = load_rel(ix, STORAGE_NAMES, &text, &len, &r);
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

/* The entry names of a trusted directory below the state-root (NULL-free array). */
static char **list_dir(struct index *ix, const char *rel, size_t *n)
{
	struct place pl;
	char **names = NULL;
	size_t cap = 0;
	struct dirent *e;
	int lfd;
	DIR *d;

	*n = 0;
	if (!index_open_dir(ix, rel, &pl))
		return NULL;
	lfd = openat(pl.fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	close(pl.fd);
	d = lfd >= 0 ? fdopendir(lfd) : NULL;
	if (!d)
		pdie(EXIT_FAIL, "runtime state %s: cannot list", pl.path);
	while ((errno = 0, e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		if (!names || *n == cap) {
			char **nn;

			cap = cap ? cap * 2 : 64;
			nn = realloc(names, cap * sizeof(*nn));
			if (!nn)
				die(EXIT_FAIL, "out of memory listing %s", pl.path);
			names = nn;
		}
		names[(*n)++] = xstrdup(e->d_name);
	}
	if (errno)
		pdie(EXIT_FAIL, "runtime state %s: listing", pl.path);
	closedir(d);
	return names;
}

/* docker's names live only in each config.v2.json: read each for `"Name":"/NAME"` (no JSON
 * parse), and let the full load of the candidates decide. */
static int docker_names(struct index *ix, const char *name, char ids[][ID_MAX + 1], int n, int max)
{
	char needle[CNAME_MAX + 16];
	size_t nd, nn;
	char **dirs;

	if (strlen(name) > CNAME_MAX || strpbrk(name, "\"\\"))
		return n;
	nn = (size_t)snprintf(needle, sizeof(needle), "\"Name\":\"/%s\"", name);
	dirs = list_dir(ix, readers[0].rel, &nd);
	for (size_t i = 0; i < nd; i++) {
		struct place pl = {.r = &readers[0]};
		struct record r = {0};
		char rel[ID_MAX + 32], *text;
		size_t len;

		if (hex64_id(dirs[i]) && index_open_dir(ix, readers[0].rel, &pl)) {
			snprintf(rel, sizeof(rel), "%s/config.v2.json", dirs[i]);
			if (load_at(pl.fd, pl.path, rel, &text, &len, &r) == 0) {
				if (memmem(text, len, needle, nn))
					n = add(ids, n, max, dirs[i]);
				free(text);
			}
			close(pl.fd);
		}
		free(dirs[i]);
	}
	free(dirs);
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

static void load_kube(struct index *ix)
{
	if (!kube_read++)
		kube = list_dir(ix, KUBE_LOGS, &nkube);
}

/* <pod>_<ns>_<container>-<id>.log: the ID follows the last '-'. */
static int log_id(const char *name, char *id)
{
	const char *dash = strrchr(name, '-');
	size_t l = strlen(name), n;

	if (!dash || l < 5 || strcmp(name + l - 4, ".log") != 0)
		return -1;
	n = (size_t)(name + l - 4 - dash - 1);
	if (n == 0 || n > ID_MAX)
		return -1;
	memcpy(id, dash + 1, n);
	id[n] = '\0';
	return valid_id(id) ? 0 : -1;
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
	char id[ID_MAX + 1];

	/* Only for a container a Kubernetes runtime manages and that says nothing itself. */
	if (!c->managed || c->pod_name[0] || !strcmp(c->runtime, "podman"))
		return;
	load_kube(ix);
	for (size_t i = 0; i < nkube; i++)
		if (log_id(kube[i], id) == 0 && strcmp(id, c->id) == 0 &&
		    kube_log_name(kube[i], c->id, c) == 0)
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
