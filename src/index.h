/* SPDX-License-Identifier: ISC */
/* The runtime index: every record nscap considered for a lookup, as data: which runtime's file
 * said what, and what became of it. A record that exists but cannot be read, parsed or held
 * whole ends the run (fail closed); one that is not trusted is kept out, with the reason. */
#ifndef NSCAP_INDEX_H
#define NSCAP_INDEX_H

#include <stddef.h>
#include <sys/stat.h>

#include "runtime.h"

enum fate {
	FATE_USED,	/* believed */
	FATE_UNTRUSTED, /* not root-owned, writable by others, a symlink...: kept out */
};

struct record {
	struct container c;
	const char *reader; /* which runtime's files: "docker", "runc", ... */
	char file[320];	    /* the file that was read, or refused */
	enum fate fate;
	char why[512]; /* why it was refused */
};

#define INDEX_MAX_NOTES 16

struct index {
	const char *root; /* the policy's state-root */
	struct record *rec;
	size_t n, cap;
	/* Runtime directories that exist but were not read, and why. */
	struct {
		char path[320], why[512];
	} notes[INDEX_MAX_NOTES];
	int nnotes;
	/* IDs whose records are all in rec already. */
	char (*loaded)[ID_MAX + 1];
	size_t nloaded, caploaded;
	int scanned; /* every record of every runtime is in rec */
	/* Directories opened once a run (index_dir), and which of them hold a reader's records,
	 * in the readers' order (lists through struct place). */
	struct place *dirs, *places, **places_end;
	int places_ready;
	size_t *order;	  /* record indices sorted by ID (then as read), as of order_at records */
	const char **ids; /* index_ids(): distinct IDs, sorted */
	size_t nids, order_at;
	struct listings *listings; /* the listing index, once read (indexcache.c) */
	struct records *records;   /* the record index, for a scan that only shows records */
};

void index_init(struct index *ix, const char *state_root);
void index_free(struct index *ix);
/* Close the directories kept open for lookups (the records stay): no runtime directory is open
 * once the target is found, before privileges change and the tool runs. */
void index_close(struct index *ix);

/* Every runtime's records of container id, found at fixed paths (no directory is scanned but
 * containerd's namespaces). */
void index_id(struct index *ix, const char *id);
/* Every record of every runtime whose ID starts with prefix ("" for all): directory names are
 * the index, so only matching records are read. */
void index_scan(struct index *ix, const char *prefix);
/* IDs of the containers a runtime names `name` (docker's names, containers/storage's), and IDs
 * the kubelet's log links give for pod ns/pod: candidates to load with index_id(). Returns how
 * many were put in ids (at most max). */
int index_names(struct index *ix, const char *name, char ids[][ID_MAX + 1], int max);
int index_pod_hint(struct index *ix, const char *ns, const char *pod, char ids[][ID_MAX + 1],
		   int max);

/* The distinct container IDs of the records loaded so far, sorted (pointers into the index). */
size_t index_ids(struct index *ix, const char ***out);

/* The entry names of directory fd (path for messages) that start with prefix, "." and ".." left
 * out; a listing that fails ends the run. index_entries_free() frees them. */
char **index_entries(int fd, const char *path, const char *prefix, size_t *n);
void index_entries_free(char **v, size_t n);
/* The same in name (strcmp) order, through the listing index (dircache.h). The names are the
 * index's, kept until index_list_done() (which writes it back): free() only the array. */
const char **index_list(struct index *ix, int fd, const char *path, const char *prefix, size_t *n);
void index_list_done(struct index *ix);
/* From here on, records unchanged since they were read come from the record index (reccache.h):
 * only for a scan that shows records, never for a run's target. */
void index_use_records(struct index *ix);
/* containers.json's names from the name index while the file (st, just looked at) is unchanged
 * and still root's alone: 0 and a new array, else -1; _keep() indexes them after a read. */
struct storage_name;
int index_storage_names(struct index *ix, const struct stat *st, struct storage_name **out,
			size_t *n);
void index_storage_names_keep(struct index *ix, const struct stat *st, const struct storage_name *v,
			      size_t n);
/* Room for cap records (a scan that knows how many to expect copies none). */
void index_reserve(struct index *ix, size_t cap);

/* What the believed records of id say together: 0 and *out; 1 when there is none; -1 when they
 * contradict each other (why). */
int index_container(struct index *ix, const char *id, struct container *out, const char **why);

#endif
