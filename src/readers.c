/* SPDX-License-Identifier: ISC */
/* Reading one record of each runtime (the catalogue of what each writes is in
 * tests/fixtures/runtimes/README.md). */
#include "readers.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "json.h"
#include "reccache.h"
#include "names.h"
#include "trust.h"
#include "util.h"

#define PODMAN_RUNROOT "run/containers/storage/overlay-containers"

static __attribute__((noreturn)) void bad(const char *file, const char *why)
{
	die(EXIT_FAIL, "runtime state %s: %s", file, why);
}

/* The files the record being read comes from, while the record index is being built. */
static struct rc_deps *collecting;

void readers_collect(struct rc_deps *d)
{
	collecting = d;
	if (d)
		*d = (struct rc_deps){.whole = 1};
}

void readers_depend(const char *path, const struct stat *st)
{
	struct rc_deps *d = collecting;

	if (!d)
		return;
	if (d->n == RC_DEPS || scopy(d->d[d->n].path, sizeof(d->d[0].path), path) != 0) {
		d->whole = 0;
		return;
	}
	d->d[d->n].absent = !st;
	d->d[d->n].st = st ? stamp_of(st) : (struct stamp){0};
	d->n++;
}

int load_at(int dirfd, const char *dir, const char *rel, char **text, size_t *len, struct record *r)
{
	char err[512], shown[400];
	struct stat st;
	int fd = trust_openat(dirfd, dir, rel, O_RDONLY, 0, &st, err, sizeof(err)), rc;

	*text = NULL; /* nothing to free unless 0 is returned */
	snprintf(shown, sizeof(shown), "%s/%s", dir, rel);
	if (fd < 0 && errno == ENOENT) {
		readers_depend(shown, NULL);
		return 1;
	}
	(void)scopy(r->file, sizeof(r->file), shown);
	if (fd < 0 && errno == EPERM) {
		r->fate = FATE_UNTRUSTED;
		(void)scopy(r->why, sizeof(r->why), err);
		return 2;
	}
	if (fd >= 0)
		readers_depend(shown, &st);
	if (fd < 0)
		die(EXIT_FAIL, "runtime state %s", err);
	rc = read_all_sized(fd, JSON_MAX_BYTES, (size_t)st.st_size, text, len);
	close(fd);
	if (rc != 0 && errno == EFBIG)
		bad(shown, "larger than nscap reads (4 MiB)");
	if (rc != 0)
		pdie(EXIT_FAIL, "runtime state %s", shown);
	return 0;
}

static int load(const struct place *pl, const char *id, const char *name, char **text, size_t *len,
		struct record *r)
{
	char rel[ID_MAX + 64];

	snprintf(rel, sizeof(rel), "%s/%s", id, name);
	return load_at(pl->fd, pl->path, rel, text, len, r);
}

/* A file found by its path below the state-root rather than in the reader's directory: base,
 * a directory opened once a run, then rel below it. A directory on rel's way that is absent or
 * not trusted (noted) is as if the file were absent, as when each was opened from the root; base
 * alone is kept open, for a per-container directory would cost an fd a container. */
int load_rel(struct index *ix, const char *base, const char *rel, char **text, size_t *len,
	     struct record *r)
{
	const struct place *root = index_dir(ix, base);
	const char *slash = strrchr(rel, '/');
	char dir[400], err[512];
	int fd, rc;

	*text = NULL;
	if (!root && index_path(ix, base, dir, sizeof(dir)) == 0)
		readers_depend(dir, NULL); /* absent, or not trusted: a new stamp either way */
	if (!root)
		return 1;
	if (!slash)
		return load_at(root->fd, root->path, rel, text, len, r);
	if ((size_t)snprintf(dir, sizeof(dir), "%s/%.*s", root->path, (int)(slash - rel), rel) >=
	    sizeof(dir))
		bad(root->path, "a path nscap cannot hold");
	fd = trust_openat(root->fd, root->path, dir + strlen(root->path) + 1, 0, TRUST_DIR, NULL,
			  err, sizeof(err));
	if (fd < 0 && errno == EPERM)
		note_untrusted(ix, dir, err);
	if (fd < 0 && (errno == ENOENT || errno == EPERM)) {
		readers_depend(dir, NULL);
		return 1;
	}
	if (fd < 0)
		die(EXIT_FAIL, "runtime state %s", err);
	rc = load_at(fd, dir, slash + 1, text, len, r);
	close(fd);
	return rc;
}

static int moby(const struct place *pl)
{
	return strcmp(pl->ns, "moby") == 0; /* dockerd's containers, inside containerd */
}

/* What every record of this place is, before its files say more. */
static void begin(const struct place *pl, const char *id, struct record *r)
{
	(void)scopy(r->c.id, sizeof(r->c.id), id);
	(void)scopy(r->c.runtime, sizeof(r->c.runtime), moby(pl) ? "docker" : pl->r->runtime);
	r->c.managed = pl->r->manager && !moby(pl);
	r->c.exit_code = -1;
}

static enum key_family fam(const struct place *pl)
{
	return moby(pl) ? FAM_NONE : (enum key_family)pl->r->fam;
}

static int read_runc(struct index *ix, const struct place *pl, const char *id, struct record *r)
{
	const char *why;
	size_t len;
	char *text;
	int rc = load(pl, id, "state.json", &text, &len, r);

	(void)ix;
	if (rc)
		return rc == 1;
	if (runc_parse_state(text, len, id, fam(pl), &r->c, &why) != 0)
		bad(r->file, why);
	free(text);
	return 0;
}

static int read_crun(struct index *ix, const struct place *pl, const char *id, struct record *r)
{
	const char *why;
	size_t len;
	char *text;
	int rc = load(pl, id, "status", &text, &len, r);

	(void)ix;
	if (rc)
		return rc == 1;
	if (crun_parse_status(text, len, &r->c, &why) != 0)
		bad(r->file, why);
	free(text);
	return 0;
}

/* A pid file, as load_at() left it: absent, the container is not running; untrusted, kept out
 * (the record's fate says so); present, one PID or the run ends. */
static void take_pid(int rc, char *text, struct record *r)
{
	if (rc == 1)
		r->c.stopped = 1;
	if (rc)
		return;
	if (parse_pidfile(text, &r->c.pid) != 0)
		bad(r->file, "not one PID");
	free(text);
}

/* An OCI config.json and a pid file beside it (containerd's task directory, CRI-O's userdata).
 * Without a pid file the container was created but is not running. */
static int read_oci_dir(const struct place *pl, const char *dir, const char *pidname,
			struct record *r)
{
	char rel[ID_MAX + 64];
	const char *why;
	size_t len;
	char *text;
	int rc;

	snprintf(rel, sizeof(rel), "%s/config.json", dir);
	rc = load_at(pl->fd, pl->path, rel, &text, &len, r);
	if (rc)
		return rc == 1;
	if (oci_parse_config(text, len, fam(pl), &r->c, &why) != 0)
		bad(r->file, why);
	free(text);
	snprintf(rel, sizeof(rel), "%s/%s", dir, pidname);
	rc = load_at(pl->fd, pl->path, rel, &text, &len, r);
	take_pid(rc, text, r);
	return 0;
}

static int read_task(struct index *ix, const struct place *pl, const char *id, struct record *r)
{
	(void)ix;
	return read_oci_dir(pl, id, "init.pid", r);
}

static int read_crio(struct index *ix, const struct place *pl, const char *id, struct record *r)
{
	char dir[ID_MAX + 16];

	(void)ix;
	snprintf(dir, sizeof(dir), "%s/userdata", id);
	return read_oci_dir(pl, dir, "pidfile", r);
}

/* podman keeps the bundle in the graph root, the pidfile in the run root, names in
 * containers.json, and a pod's ID in the cgroup path it gives the pod's containers. */
static int read_podman(struct index *ix, const struct place *pl, const char *id, struct record *r)
{
	char rel[ID_MAX + 96];
	const char *why;
	size_t len;
	char *text;
	int rc = load(pl, id, "userdata/config.json", &text, &len, r);

	if (rc)
		return rc == 1;
	if (oci_parse_config(text, len, FAM_NONE, &r->c, &why) != 0)
		bad(r->file, why);
	free(text);
	podman_pod_from_cgroup(&r->c);
	names_storage(ix, id, r->c.name, sizeof(r->c.name));
	snprintf(rel, sizeof(rel), "%s/userdata/pidfile", id);
	rc = load_rel(ix, PODMAN_RUNROOT, rel, &text, &len, r);
	take_pid(rc, text, r);
	return 0;
}

static int read_docker(struct index *ix, const struct place *pl, const char *id, struct record *r)
{
	static char labels[8192];
	char rel[256], driver[32];
	const char *why;
	size_t len, ilen = 0;
	char *text, *img = NULL;
	int rc = load(pl, id, "config.v2.json", &text, &len, r), n;

	if (rc)
		return rc == 1;
	n = docker_parse_config(text, len, id, &r->c, driver, sizeof(driver), labels,
				sizeof(labels), &why);
	if (n < 0)
		bad(r->file, why);
	free(text);
	rc = load(pl, id, "hostconfig.json", &text, &len, r);
	if (rc == 0 && docker_parse_hostconfig(text, len, &r->c, &why) != 0)
		bad(r->file, why);
	if (rc == 0)
		free(text);
	if (rc == 2)
		return 0;
	/* Only labels the image did not bring are believed: the image's own are next door. */
	if (n > 0 && strncmp(r->c.image, "sha256:", 7) == 0 &&
	    (size_t)snprintf(rel, sizeof(rel), "var/lib/docker/image/%s/imagedb/content/sha256",
			     driver) < sizeof(rel))
		rc = load_rel(ix, rel, r->c.image + 7, &img, &ilen, r);
	if (rc == 2)
		return 0;
	if (docker_trust_labels(&r->c, labels, (size_t)n, rc == 0 ? img : NULL, ilen, &why) != 0)
		bad(r->file, why);
	if (rc == 0)
		free(img);
	return 0;
}

/* Managers first: their records say what a container is; the OCI runtimes' add PID and start
 * time. */
const struct reader readers[] = {
	{"docker", "var/lib/docker/containers", "docker", 0, 1, 1, FAM_DOCKERSHIM, read_docker},
	{"containerd", "run/containerd/io.containerd.runtime.v2.task", "containerd", 1, 1, 0,
	 FAM_CRI, read_task},
	{"containerd", "run/containerd/runc", "containerd", 1, 1, 0, FAM_CRI, read_runc},
	{"cri-o", PODMAN_RUNROOT, "cri-o", 0, 1, 1, FAM_CRIO, read_crio},
	{"podman", "var/lib/containers/storage/overlay-containers", "podman", 0, 1, 1, FAM_NONE,
	 read_podman},
	{"runc", "run/docker/runtime-runc", "docker", 1, 0, 0, FAM_NONE, read_runc},
	{"runc", "run/runc", "runc", 0, 0, 0, FAM_NONE, read_runc},
	{"crun", "run/crun", "crun", 0, 0, 0, FAM_NONE, read_crun},
};
const size_t nreaders = sizeof(readers) / sizeof(readers[0]);

int reader_takes(const struct reader *r, const char *id)
{
	return r->hex_ids ? hex64_id(id) : valid_id(id);
}

int reader_read(struct index *ix, const struct place *pl, const char *id, struct record *r)
{
	begin(pl, id, r);
	return pl->r->read(ix, pl, id, r);
}
