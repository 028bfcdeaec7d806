/* Runtime state readers. Only root-owned records nobody else can write are believed. */
#include "runtime.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "json.h"
#include "trust.h"
#include "util.h"

struct root {
	const char *rel;     /* below the policy's state-root */
	const char *runtime; /* what the records there are */
	int per_namespace;   /* one more directory level: <namespace>/<id> */
};

static const struct root roots[] = {
	{"run/runc", "runc", 0},
	{"run/docker/runtime-runc", "docker", 1},
	{"run/containerd/runc", "containerd", 1},
};

int valid_id(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > ID_MAX || strcmp(s, ".") == 0 || strcmp(s, "..") == 0)
		return 0;
	return strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.+-") == n;
}

int runc_parse_state(const char *text, size_t len, const char *dirname, struct container *c,
		     const char **err)
{
	static const char *const k_id[] = {"id", NULL};
	static const char *const k_pid[] = {"init_process_pid", NULL};
	static const char *const k_start[] = {"init_process_start", NULL};
	static const char *const k_labels[] = {"config", "labels", NULL};
	struct json j;
	uint64_t pid = 0;
	int labels;

	if (json_parse(&j, text, len, err) != 0)
		return -1;
	if (json_str(&j, json_path(&j, k_id), c->id, sizeof(c->id)) != 0 ||
	    strcmp(c->id, dirname) != 0) {
		*err = "id missing or not the directory's name";
		goto bad;
	}
	if (json_u64(&j, json_path(&j, k_pid), &pid) != 0 || pid < 1 || pid > 4194304 ||
	    json_u64(&j, json_path(&j, k_start), &c->start) != 0 || c->start == 0) {
		*err = "init_process_pid or init_process_start missing or invalid";
		goto bad;
	}
	c->pid = (pid_t)pid;
	labels = json_path(&j, k_labels);
	if (labels >= 0 && j.t[labels].type == JSON_ARR) {
		for (int i = labels + 1, m = 0; m < j.t[labels].size; m++, i = json_next(&j, i)) {
			char l[sizeof(c->bundle) + 8];

			if (json_str(&j, i, l, sizeof(l)) == 0 && strncmp(l, "bundle=", 7) == 0)
				(void)scopy(c->bundle, sizeof(c->bundle), l + 7);
		}
	}
	json_free(&j);
	return 0;
bad:
	json_free(&j);
	return -1;
}

static int read_runc(int rootfd, const char *rootpath, const char *runtime, const char *id,
		     struct container *c)
{
	char rel[ID_MAX + 16], err[512];
	const char *why;
	char *text;
	size_t len;
	int fd, rc;

	if (!valid_id(id))
		return -1;
	snprintf(rel, sizeof(rel), "%s/state.json", id);
	fd = trust_openat(rootfd, rootpath, rel, O_RDONLY, 0, NULL, err, sizeof(err));
	if (fd < 0)
		return -1;
	rc = read_all(fd, JSON_MAX_BYTES, &text, &len);
	close(fd);
	if (rc != 0)
		return -1;
	memset(c, 0, sizeof(*c));
	rc = runc_parse_state(text, len, id, c, &why);
	free(text);
	if (rc == 0)
		(void)scopy(c->runtime, sizeof(c->runtime), runtime);
	return rc;
}

typedef int (*root_fn)(int fd, const char *path, const char *runtime, void *arg);

static int path_join(char *out, size_t len, const char *a, const char *b)
{
	size_t la = strlen(a);
	int n = snprintf(out, len, "%s%s%s", a, la && a[la - 1] == '/' ? "" : "/", b);

	return n < 0 || (size_t)n >= len ? -1 : 0;
}

/* Call fn with each entry name of directory fd that is a valid ID. */
static int each_name(int fd, int (*fn)(const char *name, void *ctx), void *ctx)
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
		if (valid_id(e->d_name))
			stop = fn(e->d_name, ctx);
	closedir(d);
	return stop;
}

struct ns_walk {
	int fd;
	const char *path, *runtime;
	root_fn fn;
	void *arg;
};

static int ns_entry(const char *name, void *ctx)
{
	struct ns_walk *w = ctx;
	char sub[4096], err[512];
	int sfd = trust_openat(w->fd, w->path, name, 0, TRUST_DIR, NULL, err, sizeof(err));
	int stop;

	if (sfd < 0)
		return 0;
	if (path_join(sub, sizeof(sub), w->path, name) != 0) {
		close(sfd);
		return 0;
	}
	stop = w->fn(sfd, sub, w->runtime, w->arg);
	close(sfd);
	return stop;
}

/* Every trusted runtime root directory, namespaces expanded. */
static void each_root(const char *state_root, root_fn fn, void *arg)
{
	for (size_t i = 0; i < sizeof(roots) / sizeof(roots[0]); i++) {
		char path[4096], err[512];
		int fd, stop;

		if (path_join(path, sizeof(path), state_root, roots[i].rel) != 0)
			continue;
		fd = trust_open(path, 0, TRUST_DIR, NULL, err, sizeof(err));
		if (fd < 0)
			continue;
		if (roots[i].per_namespace) {
			struct ns_walk w = {fd, path, roots[i].runtime, fn, arg};

			stop = each_name(fd, ns_entry, &w);
		} else
			stop = fn(fd, path, roots[i].runtime, arg);
		close(fd);
		if (stop)
			return;
	}
}

struct by_id {
	const char *id;
	struct container *c;
	int found;
};

static int root_by_id(int fd, const char *path, const char *runtime, void *arg)
{
	struct by_id *b = arg;

	b->found = read_runc(fd, path, runtime, b->id, b->c) == 0;
	return b->found;
}

int runtime_by_id(const char *state_root, const char *id, struct container *c)
{
	struct by_id b = {id, c, 0};

	if (!valid_id(id))
		return 0;
	each_root(state_root, root_by_id, &b);
	return b.found;
}

struct scan {
	container_fn fn;
	void *arg;
	int fd;
	const char *path, *runtime;
};

static int scan_entry(const char *id, void *ctx)
{
	struct scan *s = ctx;
	struct container c = {0};

	if (read_runc(s->fd, s->path, s->runtime, id, &c) != 0)
		return 0;
	return s->fn(&c, s->arg);
}

static int scan_root(int fd, const char *path, const char *runtime, void *arg)
{
	struct scan s = *(struct scan *)arg;

	s.fd = fd;
	s.path = path;
	s.runtime = runtime;
	return each_name(fd, scan_entry, &s);
}

void runtime_each(const char *state_root, container_fn fn, void *arg)
{
	struct scan s = {fn, arg, -1, NULL, NULL};

	each_root(state_root, scan_root, &s);
}
