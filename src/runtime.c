/* SPDX-License-Identifier: ISC */
/* Runtime state readers and the merged index. Only root-owned records nobody else can write
 * are believed; each runtime's record for an ID is found at a fixed path, so a full ID needs
 * no directory scan. */
#include "runtime.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "json.h"
#include "trust.h"
#include "util.h"

#define MAX_RECORDS 65536

typedef int (*read_fn)(int rootfd, const char *rootpath, const char *id, struct container *c);

struct reader {
	char rel[48];	  /* below the policy's state-root */
	char runtime[12]; /* what records there are, unless they say more */
	int rank;
	int per_namespace; /* one more directory level: <namespace>/<id> */
	read_fn read;
};

/* Read rel below a trusted dirfd into a NUL-terminated buffer. */
static char *load(int dirfd, const char *dirpath, const char *rel, size_t *len)
{
	char err[512], *text;
	struct stat st;
	int fd = trust_openat(dirfd, dirpath, rel, O_RDONLY, 0, &st, err, sizeof(err));
	int rc;

	if (fd < 0)
		return NULL;
	rc = read_all_sized(fd, JSON_MAX_BYTES, (size_t)st.st_size, &text, len);
	close(fd);
	return rc == 0 ? text : NULL;
}

/* Apply an OCI bundle's config.json (annotations), when the bundle path is trusted. */
static void bundle_annotations(struct container *c)
{
	char err[512], *text;
	const char *why;
	size_t len;
	int dfd;

	if (c->bundle[0] != '/')
		return;
	dfd = trust_open(c->bundle, 0, TRUST_DIR, NULL, err, sizeof(err));
	if (dfd < 0)
		return;
	text = load(dfd, c->bundle, "config.json", &len);
	close(dfd);
	if (text)
		(void)oci_parse_config(text, len, c, &why);
	free(text);
}

/* The file name of container id's record below a reader's root. */
static char *load_record(int rootfd, const char *rootpath, const char *id, const char *name,
			 size_t *len)
{
	char rel[ID_MAX + 32];

	snprintf(rel, sizeof(rel), "%s/%s", id, name);
	return load(rootfd, rootpath, rel, len);
}

static int read_runc(int rootfd, const char *rootpath, const char *id, struct container *c)
{
	const char *why;
	size_t len;
	char *text = load_record(rootfd, rootpath, id, "state.json", &len);
	int rc = text ? runc_parse_state(text, len, id, c, &why) : -1;

	free(text);
	return rc;
}

static int read_crun(int rootfd, const char *rootpath, const char *id, struct container *c)
{
	const char *why;
	size_t len;
	char *text = load_record(rootfd, rootpath, id, "status", &len);
	int rc = text ? crun_parse_status(text, len, c, &why) : -1;

	free(text);
	if (rc == 0)
		bundle_annotations(c);
	return rc;
}

/* config.json (annotations) and a pid file side by side: containerd's shim v2 task directory,
 * CRI-O's and podman's userdata directory. */
static int read_oci_dir(int rootfd, const char *rootpath, const char *dir, const char *pidname,
			struct container *c)
{
	char rel[ID_MAX + 64];
	const char *why;
	size_t len;
	char *text;
	int rc;

	snprintf(rel, sizeof(rel), "%s/%s", dir, pidname);
	text = load(rootfd, rootpath, rel, &len);
	if (!text)
		return -1;
	rc = parse_pidfile(text, &c->pid);
	free(text);
	snprintf(rel, sizeof(rel), "%s/config.json", dir);
	text = rc == 0 ? load(rootfd, rootpath, rel, &len) : NULL;
	if (!text)
		return -1;
	rc = oci_parse_config(text, len, c, &why);
	free(text);
	return rc;
}

static int read_shim(int rootfd, const char *rootpath, const char *id, struct container *c)
{
	return read_oci_dir(rootfd, rootpath, id, "init.pid", c);
}

static int read_storage(int rootfd, const char *rootpath, const char *id, struct container *c)
{
	char dir[ID_MAX + 16];

	snprintf(dir, sizeof(dir), "%s/userdata", id);
	/* Only a record that says who manages it: CRI-O or podman. */
	if (read_oci_dir(rootfd, rootpath, dir, "pidfile", c) != 0 || c->rank < 2)
		return -1;
	return 0;
}

static int read_docker(int rootfd, const char *rootpath, const char *id, struct container *c)
{
	static const char *const k_mode[] = {"NetworkMode", NULL};
	char mode[64];
	const char *why;
	struct json j;
	size_t len;
	char *text = load_record(rootfd, rootpath, id, "config.v2.json", &len);
	int rc = text ? docker_parse_config(text, len, id, c, &why) : -1;

	free(text);
	text = rc == 0 ? load_record(rootfd, rootpath, id, "hostconfig.json", &len) : NULL;
	if (text && json_parse(&j, text, len, &why) == 0) {
		if (json_str(&j, json_path(&j, k_mode), mode, sizeof(mode)) == 0 &&
		    strcmp(mode, "host") == 0)
			c->host_network = 1;
		json_free(&j);
	}
	free(text);
	return rc;
}

static const struct reader readers[] = {
	{"run/runc", "runc", 1, 0, read_runc},
	{"run/crun", "crun", 1, 0, read_crun},
	{"run/docker/runtime-runc", "docker", 2, 1, read_runc},
	{"run/containerd/runc", "containerd", 2, 1, read_runc},
	{"run/containerd/io.containerd.runtime.v2.task", "containerd", 2, 1, read_shim},
	{"run/containers/storage/overlay-containers", "", 0, 0, read_storage},
	{"var/lib/docker/containers", "docker", 2, 0, read_docker},
};

static int path_join(char *out, size_t len, const char *a, const char *b)
{
	size_t la = strlen(a);
	int n = snprintf(out, len, "%s%s%s", a, la && a[la - 1] == '/' ? "" : "/", b);

	return n < 0 || (size_t)n >= len ? -1 : 0;
}

/* Call fn with each entry name of directory fd that is a valid ID. */
static int each_entry(int fd, int ids_only, int (*fn)(const char *name, void *ctx), void *ctx)
{
	int lfd = openat(fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *d = lfd >= 0 ? fdopendir(lfd) : NULL;
	struct dirent *e;
	int stop = 0;

	if (!d) {
		if (lfd >= 0)
			close(lfd);
		return 0;
	}
	while (!stop && (e = readdir(d)) != NULL)
		if (!ids_only || valid_id(e->d_name))
			stop = fn(e->d_name, ctx);
	closedir(d);
	return stop;
}

static int each_name(int fd, int (*fn)(const char *name, void *ctx), void *ctx)
{
	return each_entry(fd, 1, fn, ctx);
}

/* One trusted directory holding records, with the reader that understands them. */
struct place {
	int fd;
	char path[4096];
	const struct reader *r;
	char ns[64]; /* the containerd namespace, for per-namespace readers */
};

typedef int (*place_fn)(const struct place *pl, void *arg);

struct ns_walk {
	struct place pl;
	place_fn fn;
	void *arg;
};

static int ns_entry(const char *name, void *ctx)
{
	struct ns_walk *w = ctx;
	struct place sub = {.r = w->pl.r};
	char err[512];
	int stop;

	if (scopy(sub.ns, sizeof(sub.ns), name) != 0)
		return 0;
	if (path_join(sub.path, sizeof(sub.path), w->pl.path, name) != 0)
		return 0;
	sub.fd = trust_openat(w->pl.fd, w->pl.path, name, 0, TRUST_DIR, NULL, err, sizeof(err));
	if (sub.fd < 0)
		return 0;
	stop = w->fn(&sub, w->arg);
	close(sub.fd);
	return stop;
}

/* Every trusted record directory of every reader, namespaces expanded. */
static void each_place(const char *state_root, place_fn fn, void *arg)
{
	for (size_t i = 0; i < sizeof(readers) / sizeof(readers[0]); i++) {
		struct ns_walk w = {.pl = {.r = &readers[i]}, .fn = fn, .arg = arg};
		char err[512];
		int stop;

		if (path_join(w.pl.path, sizeof(w.pl.path), state_root, readers[i].rel) != 0)
			continue;
		w.pl.fd = trust_open(w.pl.path, 0, TRUST_DIR, NULL, err, sizeof(err));
		if (w.pl.fd < 0)
			continue;
		stop = readers[i].per_namespace ? each_name(w.pl.fd, ns_entry, &w) : fn(&w.pl, arg);
		close(w.pl.fd);
		if (stop)
			return;
	}
}

static int read_at(const struct place *pl, const char *id, struct container *c)
{
	memset(c, 0, sizeof(*c));
	if (!valid_id(id) || pl->r->read(pl->fd, pl->path, id, c) != 0)
		return -1;
	(void)scopy(c->id, sizeof(c->id), id);
	c->source = (int)(pl->r - readers);
	if (c->rank < pl->r->rank || !c->runtime[0]) {
		/* dockerd runs its containers through containerd's "moby" namespace. */
		const char *rt = strcmp(pl->ns, "moby") == 0 ? "docker" : pl->r->runtime;

		(void)scopy(c->runtime, sizeof(c->runtime), rt);
		c->rank = pl->r->rank;
	}
	return 0;
}

/* ---- Kubernetes identity from the kubelet's log links, when the runtime recorded none ---- */

struct kube_find {
	const char *id;
	struct container *c;
};

static int kube_entry(const char *name, void *ctx)
{
	struct container *c = ctx, k = {0};

	if (kube_log_name(name, c->id, &k) != 0)
		return 0;
	container_merge(c, &k);
	return 1;
}

struct hint {
	const char *want;
	int (*fn)(const char *id, void *arg);
	void *arg;
	int n;
};

/* <pod>_<ns>_<container>-<id>.log: the ID follows the last '-'. */
static int hint_entry(const char *name, void *ctx)
{
	struct hint *h = ctx;
	const char *dash = strrchr(name, '-');
	size_t l = strlen(name), idl;
	char id[ID_MAX + 1];

	if (strncmp(name, h->want, strlen(h->want)) != 0 || !dash || l < 5 ||
	    strcmp(name + l - 4, ".log") != 0)
		return 0;
	idl = (size_t)(name + l - 4 - dash - 1);
	if (idl > ID_MAX)
		return 0;
	memcpy(id, dash + 1, idl);
	id[idl] = '\0';
	if (!valid_id(id))
		return 0;
	h->n++;
	return h->fn(id, h->arg);
}

int runtime_pod_hint(const char *state_root, const char *ns, const char *pod,
		     int (*fn)(const char *id, void *arg), void *arg)
{
	char path[4096], err[512], want[400];
	struct hint h = {want, fn, arg, 0};
	int fd;

	if (path_join(path, sizeof(path), state_root, "var/log/containers") != 0 ||
	    (size_t)snprintf(want, sizeof(want), "%s_%s_", pod, ns) >= sizeof(want))
		return 0;
	fd = trust_open(path, 0, TRUST_DIR, NULL, err, sizeof(err));
	if (fd < 0)
		return 0;
	(void)each_entry(fd, 0, hint_entry, &h);
	close(fd);
	return h.n;
}

static void kube_fallback(const char *state_root, struct container *c)
{
	char path[4096], err[512];
	int fd;

	if (c->pod_name[0] || c->rank < 2)
		return;
	if (path_join(path, sizeof(path), state_root, "var/log/containers") != 0)
		return;
	fd = trust_open(path, 0, TRUST_DIR, NULL, err, sizeof(err));
	if (fd < 0)
		return;
	(void)each_entry(fd, 0, kube_entry, c);
	close(fd);
}

/* ---- lookups ---- */

struct by_id {
	const char *id;
	struct container *c;
	int found;
};

static int place_by_id(const struct place *pl, void *arg)
{
	struct by_id *b = arg;
	struct container one;

	if (read_at(pl, b->id, &one) != 0)
		return 0;
	if (b->found++)
		container_merge(b->c, &one);
	else
		*b->c = one;
	return 0;
}

int runtime_by_id(const char *state_root, const char *id, struct container *c)
{
	struct by_id b = {id, c, 0};

	if (!valid_id(id))
		return 0;
	each_place(state_root, place_by_id, &b);
	if (!b.found || c->conflict)
		return 0;
	kube_fallback(state_root, c);
	return !c->conflict;
}

struct ids {
	const struct place *pl;
	const char *prefix;
	id_fn fn;
	void *arg;
};

static int id_entry(const char *id, void *ctx)
{
	struct ids *w = ctx;
	struct container c;

	if (strncmp(id, w->prefix, strlen(w->prefix)) == 0 && w->fn(id, 0, w->arg))
		return 1;
	/* Only docker records carry names, and only reading them tells. */
	if (w->pl->r->read != read_docker || read_at(w->pl, id, &c) != 0)
		return 0;
	return strcmp(c.name, w->prefix) == 0 && w->fn(id, 1, w->arg);
}

static int ids_place(const struct place *pl, void *arg)
{
	struct ids w = *(struct ids *)arg;

	w.pl = pl;
	return each_name(pl->fd, id_entry, &w);
}

void runtime_ids(const char *state_root, const char *prefix, id_fn fn, void *arg)
{
	struct ids w = {NULL, prefix, fn, arg};

	each_place(state_root, ids_place, &w);
}

struct collect {
	struct container *all;
	size_t n, cap;
};

struct scan {
	const struct place *pl;
	struct collect *col;
};

static int scan_entry(const char *id, void *ctx)
{
	struct scan *s = ctx;
	struct collect *col = s->col;

	if (col->n == col->cap) {
		size_t cap = col->cap ? col->cap * 2 : 64;
		struct container *all;

		if (cap > MAX_RECORDS)
			return 1;
		all = realloc(col->all, cap * sizeof(*all));
		if (!all)
			die(EXIT_FAIL, "out of memory");
		col->all = all;
		col->cap = cap;
	}
	if (read_at(s->pl, id, &col->all[col->n]) == 0)
		col->n++;
	return 0;
}

static int scan_place(const struct place *pl, void *arg)
{
	struct scan s = {pl, arg};

	return each_name(pl->fd, scan_entry, &s);
}

/* By ID, then by reader, so merging never depends on qsort's order. */
static int by_id_cmp(const void *a, const void *b)
{
	const struct container *x = *(struct container *const *)a;
	const struct container *y = *(struct container *const *)b;
	int c = strcmp(x->id, y->id);

	return c ? c : x->source - y->source;
}

void runtime_each(const char *state_root, container_fn fn, void *arg)
{
	struct collect col = {0};
	struct container **ix;
	size_t i = 0;

	each_place(state_root, scan_place, &col);
	/* Sort pointers: the records are large. */
	ix = xcalloc(col.n,
		     sizeof(struct container *)); // NOLINT(bugprone-sizeof-expression): pointers
	for (size_t k = 0; k < col.n; k++)
		ix[k] = &col.all[k];
	if (col.n)
		qsort(ix, col.n, sizeof(struct container *),
		      by_id_cmp); // NOLINT(bugprone-sizeof-expression)
	while (i < col.n) {
		struct container c = *ix[i++];
		int stop;

		while (i < col.n && strcmp(ix[i]->id, c.id) == 0)
			container_merge(&c, ix[i++]);
		if (c.conflict)
			continue;
		kube_fallback(state_root, &c);
		if (c.conflict)
			continue;
		stop = fn(&c, arg);
		if (stop)
			break;
	}
	free(ix);
	free(col.all);
}
