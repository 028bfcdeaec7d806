/* SPDX-License-Identifier: ISC */
/* The one model of target identity: pod references, a container's identity for the policy, and
 * how two records of one container combine. Pure. */
#include "identity.h"

#include <string.h>

int glob_match(const char *pat, const char *s)
{
	const char *star = NULL, *retry = NULL;

	while (*s) {
		if (*pat == '*') {
			star = pat++;
			retry = s;
		} else if (*pat == '?' || *pat == *s) {
			pat++;
			s++;
		} else if (star) {
			pat = star + 1;
			s = ++retry;
		} else {
			return 0;
		}
	}
	while (*pat == '*')
		pat++;
	return *pat == '\0';
}

static const char *part(const char *s, size_t n, size_t max, char *out)
{
	if (n == 0)
		return "an empty part";
	if (n > max)
		return "a part longer than Kubernetes allows";
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x21 || s[i] == 0x7f)
			return "a space or control character";
	memcpy(out, s, n);
	out[n] = '\0';
	return NULL;
}

const char *pod_ref_parse(const char *s, struct pod_ref *out)
{
	const char *a = strchr(s, '/'), *b = a ? strchr(a + 1, '/') : NULL, *why;

	memset(out, 0, sizeof(*out));
	if (!a)
		return "not NAMESPACE/POD";
	if (b && strchr(b + 1, '/'))
		return "more than NAMESPACE/POD/CONTAINER";
	if ((why = part(s, (size_t)(a - s), POD_NS_MAX, out->ns)) ||
	    (why = part(a + 1, (size_t)((b ? b : a + strlen(a)) - a - 1), POD_NAME_MAX, out->pod)))
		return why;
	return b ? part(b + 1, strlen(b + 1), POD_CTR_MAX, out->ctr) : NULL;
}

int pod_ref_matches(const struct pod_ref *p, const struct target_id *v)
{
	if (!v->pod_ns || !v->pod_name || !glob_match(p->ns, v->pod_ns) ||
	    !glob_match(p->pod, v->pod_name))
		return 0;
	return !p->ctr[0] || (v->pod_container && glob_match(p->ctr, v->pod_container));
}

static const char *opt(const char *s)
{
	return s[0] ? s : NULL;
}

void identity_of(const struct container *c, int whole_pod, int host, struct target_id *v)
{
	memset(v, 0, sizeof(*v));
	v->host = host;
	v->runtime = opt(c->runtime);
	v->id = opt(c->id);
	v->name = opt(c->name);
	v->pod_ns = opt(c->pod_ns);
	v->pod_name = opt(c->pod_name);
	/* A sandbox runs no container of the pod's; naming the pod names none of them. */
	v->pod_container = whole_pod || c->sandbox ? NULL : opt(c->pod_container);
}

const char *field_set(char *dst, size_t size, const char *value)
{
	size_t n = strlen(value);

	if (!n)
		return NULL;
	if (n >= size)
		return "too long";
	if (dst[0] && strcmp(dst, value) != 0)
		return "contradicts";
	memcpy(dst, value, n + 1);
	return NULL;
}

const char *container_merge(struct container *into, const struct container *from)
{
	static const struct {
		unsigned short off, len;
		char what[14];
	} strs[] = {
#define S(f) {(unsigned short)offsetof(struct container, f), (unsigned short)sizeof(into->f), #f}
		S(name),       S(pod_ns),     S(pod_name), S(pod_container), S(pod_uid),
		S(sandbox_id), S(podman_pod), S(cgroup),   S(image),
#undef S
	};

	/* The managing runtime's record says what the container is. */
	if (from->managed && into->managed && strcmp(from->runtime, into->runtime) != 0)
		return "two runtimes manage it";
	if (from->managed && !into->managed) {
		memcpy(into->runtime, from->runtime, sizeof(into->runtime));
		into->managed = 1;
	}
	for (size_t i = 0; i < sizeof(strs) / sizeof(strs[0]); i++)
		if (field_set((char *)into + strs[i].off, strs[i].len,
			      (const char *)from + strs[i].off))
			return strs[i].what;
	if (from->kind_said && into->kind_said && from->kind_said != into->kind_said)
		return "sandbox or container";
	if (!into->kind_said) {
		into->kind_said = from->kind_said;
		into->sandbox = from->sandbox;
	}
	if (from->pid && into->pid && from->pid != into->pid)
		return "PID";
	if (from->start && into->start && from->start != into->start)
		return "start time";
	if (!into->bundle[0])
		memcpy(into->bundle, from->bundle, sizeof(into->bundle));
	if (!into->ignored[0])
		memcpy(into->ignored, from->ignored, sizeof(into->ignored));
	into->host_network |= from->host_network;
	/* The managing runtime saying it stopped outweighs an OCI runtime's leftover state. */
	if (from->stopped) {
		into->stopped = 1;
		if (from->exit_code >= 0)
			into->exit_code = from->exit_code;
		if (from->finished[0])
			memcpy(into->finished, from->finished, sizeof(into->finished));
	}
	if (!into->pid)
		into->pid = from->pid;
	if (!into->start)
		into->start = from->start;
	return NULL;
}
