/* SPDX-License-Identifier: ISC */
/* Each runtime's files: where they are below the state-root and how one record is read. */
#ifndef NSCAP_READERS_H
#define NSCAP_READERS_H

#include <stddef.h>
#include <sys/stat.h>

#include "index.h"

struct reader;

/* One directory of records, opened through a trusted path. */
struct place {
	int fd;
	char path[320];
	const struct reader *r;
	char ns[64];		     /* the containerd namespace, "" for other readers */
	struct place *next, *next_r; /* the index's lists: every directory, the readers' */
};

struct reader {
	char name[12];	      /* for messages and -n */
	char rel[48];	      /* below the state-root: entries are IDs (or namespaces of IDs) */
	char runtime[12];     /* what its records are (containerd's "moby" namespace is docker's) */
	unsigned char per_ns; /* entries are containerd namespaces holding IDs */
	unsigned char manager; /* the managing runtime's own record (else an OCI runtime's) */
	unsigned char hex_ids; /* IDs are 64 hex digits (docker, containers/storage) */
	unsigned char fam;     /* the identity keys its writer sets itself (enum key_family) */
	int (*read)(struct index *ix, const struct place *pl, const char *id, struct record *r);
};

extern const struct reader readers[];
extern const size_t nreaders;

/* Would this reader hold a record named id? */
int reader_takes(const struct reader *r, const char *id);
/* Read id's record into r: 0 when there is one (r->fate says whether it is believed), 1 when
 * there is none. Dies when one exists but cannot be read, parsed or held whole. */
int reader_read(struct index *ix, const struct place *pl, const char *id, struct record *r);
/* The same through the record index, when the index uses it (index_use_records()). */
int index_record(struct index *ix, const struct place *pl, const char *id, struct record *r);
/* Kubernetes identity from the kubelet's log links, for a CRI-managed container whose runtime
 * recorded none. */
void readers_kube_identity(struct index *ix, struct container *c);
void readers_free_cache(void);

/* A file of a record, opened through trusted directories below dirfd: 0 read (text, len), 1
 * absent, 2 there but not trusted (r->fate and r->why say so). Anything else ends the run: a
 * record that exists is read whole or not at all. r->file names the file. */
int load_at(int dirfd, const char *dir, const char *rel, char **text, size_t *len,
	    struct record *r);
/* The same for rel below base, a directory below the state-root (kept open for the run): 1
 * also when a directory on the way is absent or (noted) not trusted. */
int load_rel(struct index *ix, const char *base, const char *rel, char **text, size_t *len,
	     struct record *r);
/* While d is set, every file a record is read from (or found absent: st NULL) goes into it
 * (reccache.h). */
struct rc_deps;
void readers_collect(struct rc_deps *d);
void readers_depend(const char *path, const struct stat *st);
/* A file or directory that exists but is not trusted, for the index's notes. */
void note_untrusted(struct index *ix, const char *path, const char *why);

/* The state-root joined with rel, for messages and opens. -1 when too long. */
int index_path(const struct index *ix, const char *rel, char *out, size_t len);
/* A directory below the state-root, opened once a run and closed by index_free(): NULL when it
 * is absent or (noted) not trusted. */
const struct place *index_dir(struct index *ix, const char *rel);

#endif
