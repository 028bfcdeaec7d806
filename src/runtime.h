/* SPDX-License-Identifier: ISC */
/* What the container runtimes' own root-owned state files say about a container, and the pure
 * parsers that read them (unit-tested and fuzzed). index.c finds and loads the files. */
#ifndef NSCAP_RUNTIME_H
#define NSCAP_RUNTIME_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define ID_MAX 128
#define CNAME_MAX 253

/* Which annotation or label keys a record's writer is known to set itself, so they are the
 * only identity keys believed from it (everything else there may come from an image or a
 * tenant's pod annotations). */
enum key_family {
	FAM_NONE, /* an OCI runtime's record, or podman's: no identity keys */
	FAM_CRI,  /* containerd's CRI plugin: io.kubernetes.cri.* */
	FAM_CRIO, /* CRI-O: io.kubernetes.pod.*, io.kubernetes.container.name, io.kubernetes.cri-o.*
		   */
	FAM_DOCKERSHIM, /* the kubelet's docker shim, as docker labels not from the image */
};

struct container {
	char id[ID_MAX + 1];
	char runtime[16]; /* docker, containerd, cri-o, podman, runc or crun */
	int managed;	  /* a managing runtime's own record was read, not only an OCI runtime's */
	char name[CNAME_MAX + 1]; /* docker's or podman's name; empty when none is recorded */
	char pod_ns[64], pod_name[254], pod_container[64], pod_uid[64]; /* Kubernetes */
	char sandbox_id[ID_MAX + 1]; /* the pod's sandbox (Kubernetes) or infra (podman) */
	char podman_pod[ID_MAX + 1]; /* a podman pod's ID, from the cgroup podman made */
	int sandbox;		     /* a pod's sandbox (pause) or infra container */
	int kind_said;		     /* 1 sandbox, 2 container: what the keys said, if anything */
	int host_network;	     /* recorded as using the host's network namespace */
	char bundle[256];
	char cgroup[512];  /* the runtime's cgroup path for it: a process inside is below it */
	char image[72];	   /* docker: the image's ID (sha256:...) */
	char ignored[256]; /* identity keys not believed, and why, for -n */
	pid_t pid;
	uint64_t start; /* recorded start time of pid (clock ticks); 0: none recorded */
	int stopped;	/* the runtime records it as not running */
	int exit_code;	/* when stopped: -1 unknown */
	char finished[40];
};

/* Container IDs as runtimes allow them: [A-Za-z0-9_.+-], 1..128 bytes, not "." or "..". */
int valid_id(const char *s);
/* containers/storage and docker IDs: 64 lower-case hex digits. */
int hex64_id(const char *s);
/* Names docker gives: [a-zA-Z0-9][a-zA-Z0-9_.-]*, at most CNAME_MAX bytes. */
int docker_name_ok(const char *s);

/* Each parser returns 0, or -1 with a reason in *err for text its writer could not have
 * written (malformed, a field too long for nscap to hold whole, a record that contradicts
 * itself): the caller must then fail, never treat the record as absent. */

/* runc's state.json for container dirname: PID, start time, cgroup, bundle, and the keys of
 * family fam among its labels (the OCI annotations runc copies there). */
int runc_parse_state(const char *text, size_t len, const char *dirname, enum key_family fam,
		     struct container *c, const char **err);
/* crun's status file. */
int crun_parse_status(const char *text, size_t len, struct container *c, const char **err);
/* An OCI config.json: cgroupsPath, whether it has a network namespace of its own, and its
 * annotations of family fam. */
int oci_parse_config(const char *text, size_t len, enum key_family fam, struct container *c,
		     const char **err);
/* docker's config.v2.json for container dirname: name, state, exit, image, its storage driver,
 * and its Kubernetes labels as a flat "key\0value\0..." list in labels (for
 * docker_trust_labels()). Returns the length of that list, or -1. */
int docker_parse_config(const char *text, size_t len, const char *dirname, struct container *c,
			char *driver, size_t driver_len, char *labels, size_t labels_len,
			const char **err);
/* Apply docker labels (from docker_parse_config) of the kubelet's shim, except those the image
 * (its config JSON, NULL when unknown) sets to the same value: those are noted as ignored. */
int docker_trust_labels(struct container *c, const char *labels, size_t labels_len,
			const char *image_json, size_t image_len, const char **err);
/* docker's hostconfig.json: host network. */
/* The name a docker config.v2.json gives ("/NAME" -> NAME): 0, or -1. */
int docker_config_name(const char *text, size_t len, char *name, size_t name_len);
int docker_parse_hostconfig(const char *text, size_t len, struct container *c, const char **err);
/* One container of containers/storage's containers.json: its ID and first name. */
struct storage_name {
	char id[ID_MAX + 1];
	char name[CNAME_MAX + 1];
};
/* Every container containers.json lists, into a new array (*out, *n). 0, or -1 and why. */
int storage_parse_names(const char *text, size_t len, struct storage_name **out, size_t *n,
			const char **err);
/* A pidfile or init.pid: one decimal PID. */
int parse_pidfile(const char *text, pid_t *pid);
/* Is key (n bytes) one family fam believes? Only those are decoded: a record's other keys,
 * which anyone may set (another family's included), can neither fail nor change it. */
int identity_key(enum key_family fam, const char *key, size_t n);
/* One annotation or label of family fam; keys of other families are ignored. */
int container_annotation(struct container *c, enum key_family fam, const char *key,
			 const char *value, const char **err);
/* /var/log/containers/<pod>_<ns>_<container>-<id>.log: identity for id, 0 if the name fits. */
int kube_log_name(const char *name, const char *id, struct container *c);
/* Fold from into into (same ID). NULL, or what contradicts. */
const char *container_merge(struct container *into, const struct container *from);
/* A podman pod member's pod ID from the cgroup path podman gives it
 * (/libpod_parent/<pod>/libpod-<id>, or machine.slice/machine-libpod_pod_<pod>.slice/...). */
void podman_pod_from_cgroup(struct container *c);

#endif
