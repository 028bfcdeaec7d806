/* SPDX-License-Identifier: ISC */
/* The identity keys each runtime writes itself (the only ones nscap believes), per family,
 * and applying one to a container: fill if empty, refuse if it contradicts. */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "identity.h"
#include "runtime.h"

/* The identity keys each writer sets itself. */
static const struct {
	unsigned char fam;
	char key[40];
	unsigned short off, len;
} fields[] = {
#define F(fam, k, f)                                                                               \
	{                                                                                          \
		fam, k, (unsigned short)offsetof(struct container, f),                             \
			(unsigned short)sizeof(((struct container *)0)->f)                         \
	}
	F(FAM_CRI, "io.kubernetes.cri.sandbox-namespace", pod_ns),
	F(FAM_CRI, "io.kubernetes.cri.sandbox-name", pod_name),
	F(FAM_CRI, "io.kubernetes.cri.sandbox-uid", pod_uid),
	F(FAM_CRI, "io.kubernetes.cri.container-name", pod_container),
	F(FAM_CRI, "io.kubernetes.cri.sandbox-id", sandbox_id),
	F(FAM_CRIO, "io.kubernetes.pod.namespace", pod_ns),
	F(FAM_CRIO, "io.kubernetes.pod.name", pod_name),
	F(FAM_CRIO, "io.kubernetes.pod.uid", pod_uid),
	F(FAM_CRIO, "io.kubernetes.container.name", pod_container),
	F(FAM_CRIO, "io.kubernetes.cri-o.SandboxID", sandbox_id),
	F(FAM_DOCKERSHIM, "io.kubernetes.pod.namespace", pod_ns),
	F(FAM_DOCKERSHIM, "io.kubernetes.pod.name", pod_name),
	F(FAM_DOCKERSHIM, "io.kubernetes.pod.uid", pod_uid),
	F(FAM_DOCKERSHIM, "io.kubernetes.container.name", pod_container),
	F(FAM_DOCKERSHIM, "io.kubernetes.sandbox.id", sandbox_id),
#undef F
};

/* The key that says whether a record is a pod's sandbox, per family. */
static const struct {
	unsigned char fam;
	char key[36], sandbox[12];
} kinds[] = {
	{FAM_CRI, "io.kubernetes.cri.container-type", "sandbox"},
	{FAM_CRIO, "io.kubernetes.cri-o.ContainerType", "sandbox"},
	{FAM_DOCKERSHIM, "io.kubernetes.docker.type", "podsandbox"},
};

static int kind(struct container *c, int said, const char **err)
{
	if (c->kind_said && c->kind_said != said) {
		*err = "says it is a sandbox and a container";
		return -1;
	}
	c->kind_said = said;
	c->sandbox = said == 1;
	return 0;
}

int container_annotation(struct container *c, enum key_family fam, const char *key, const char *v,
			 const char **err)
{
	static char msg[128];

	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		const char *why;

		if (fields[i].fam != fam || strcmp(key, fields[i].key) != 0)
			continue;
		why = field_set((char *)c + fields[i].off, fields[i].len, v);
		if (why) {
			snprintf(msg, sizeof(msg), "%.60s %s", key, why);
			*err = msg;
			return -1;
		}
	}
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (kinds[i].fam == fam && strcmp(key, kinds[i].key) == 0 &&
		    kind(c, strcmp(v, kinds[i].sandbox) == 0 ? 1 : 2, err) != 0)
			return -1;
	if (fam == FAM_CRIO && strcmp(key, "io.kubernetes.cri-o.HostNetwork") == 0 &&
	    strcmp(v, "true") == 0)
		c->host_network = 1;
	return 0;
}

int identity_key(enum key_family fam, const char *key, size_t n)
{
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		if (fields[i].fam == fam && strlen(fields[i].key) == n &&
		    memcmp(key, fields[i].key, n) == 0)
			return 1;
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (kinds[i].fam == fam && strlen(kinds[i].key) == n &&
		    memcmp(key, kinds[i].key, n) == 0)
			return 1;
	return fam == FAM_CRIO && n == 31 && memcmp(key, "io.kubernetes.cri-o.HostNetwork", n) == 0;
}
