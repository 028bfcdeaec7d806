/* SPDX-License-Identifier: ISC */
/* The container index: what each runtime's own root-owned state says, merged by container ID
 * (DESIGN.md step 4). Readers live in rt_*.c; this is the shared model and the merge. */
#ifndef NSCAP_RUNTIME_H
#define NSCAP_RUNTIME_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define ID_MAX 128

struct container {
	char id[ID_MAX + 1];
	char runtime[16]; /* docker, containerd, cri-o, podman, runc or crun */
	int rank;	  /* 2: named by the managing runtime's own record; 1: by the OCI runtime */
	char name[128];	  /* empty when the runtime records none */
	char pod_ns[64], pod_name[254], pod_container[64], pod_uid[64];
	char sandbox_id[ID_MAX + 1];
	int sandbox;	  /* a pod's sandbox (pause) container */
	int kind_said;	  /* 1 sandbox, 2 container: what the annotations said, if anything */
	int host_network; /* recorded as using the host's network namespace */
	char bundle[256];
	pid_t pid;
	uint64_t start; /* recorded start time of pid; 0: none, the cgroup must name the ID */
	int conflict;	/* records disagreed: never used */
	int source;	/* which reader found it: records merge in reader order */
};

/* Container IDs as runtimes allow them: [A-Za-z0-9_.+-], 1..128 bytes, not "." or "..". */
int valid_id(const char *s);

/* Exact ID lookup in every runtime's state, without scanning directories: 1 found, 0 not. */
int runtime_by_id(const char *state_root, const char *id, struct container *c);

/* Call fn for every merged, consistent container record; stops early when fn returns
 * nonzero. */
typedef int (*container_fn)(const struct container *c, void *arg);
void runtime_each(const char *state_root, container_fn fn, void *arg);

/* IDs that start with prefix, from directory names only (no record is read), or that some
 * runtime records under the name prefix (docker); fn may see an ID more than once. */
typedef int (*id_fn)(const char *id, int by_name, void *arg);
void runtime_ids(const char *state_root, const char *prefix, id_fn fn, void *arg);

/* Container IDs the kubelet's log links (/var/log/containers/<pod>_<ns>_<ctr>-<id>.log) name
 * for pod ns/pod: a hint for finding a pod without reading every record (the records still
 * decide). Returns how many IDs fn was given. */
int runtime_pod_hint(const char *state_root, const char *ns, const char *pod,
		     int (*fn)(const char *id, void *arg), void *arg);

/* ---- pure parsers and helpers (unit-tested and fuzzed) ---- */

/* runc state.json for container dirname. 0 on success. */
int runc_parse_state(const char *text, size_t len, const char *dirname, struct container *c,
		     const char **err);
/* crun's status file. */
int crun_parse_status(const char *text, size_t len, struct container *c, const char **err);
/* An OCI config.json: its annotations. */
int oci_parse_config(const char *text, size_t len, struct container *c, const char **err);
/* docker's config.v2.json for container dirname. */
int docker_parse_config(const char *text, size_t len, const char *dirname, struct container *c,
			const char **err);
/* A pidfile or init.pid: one decimal PID. */
int parse_pidfile(const char *text, pid_t *pid);
/* Kubernetes and manager identity from one annotation or label. */
void container_annotation(struct container *c, const char *key, const char *value);
/* /var/log/containers/<pod>_<ns>_<container>-<id>.log: identity for id, 0 if the name fits. */
int kube_log_name(const char *name, const char *id, struct container *c);
/* Fold from into into (same ID); a contradiction marks into->conflict. */
void container_merge(struct container *into, const struct container *from);

#endif
