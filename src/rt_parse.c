/* SPDX-License-Identifier: ISC */
/* Pure parsers for the runtimes' state files, and the merge of their records. */
#include <string.h>

#include "json.h"
#include "runtime.h"
#include "util.h"

#define MAX_PID 4194304
#define MAX_VALUE 1024

int valid_id(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > ID_MAX || strcmp(s, ".") == 0 || strcmp(s, "..") == 0)
		return 0;
	return strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.+-") == n;
}

static void set(char *dst, size_t len, const char *v)
{
	if (scopy(dst, len, v) != 0)
		dst[0] = '\0';
}

/* Two keys of one record naming the same thing (a runtime's own key and a look-alike a tenant
 * passed through, say) must agree, or the record is not believed. */
static void set_once(struct container *c, char *dst, size_t len, const char *v)
{
	if (dst[0] && strcmp(dst, v) != 0)
		c->conflict = 1;
	else
		set(dst, len, v);
}

static void kind(struct container *c, int said)
{
	if (c->kind_said && c->kind_said != said)
		c->conflict = 1;
	c->kind_said = said;
	c->sandbox = said == 1;
}

void container_annotation(struct container *c, const char *key, const char *v)
{
	static const struct {
		char key[40];
		unsigned short off, len;
	} fields[] = {
#define F(k, f)                                                                                    \
	{k, (unsigned short)offsetof(struct container, f),                                         \
	 (unsigned short)sizeof(((struct container *)0)->f)}
		F("io.kubernetes.cri.sandbox-namespace", pod_ns),
		F("io.kubernetes.cri.sandbox-name", pod_name),
		F("io.kubernetes.cri.sandbox-uid", pod_uid),
		F("io.kubernetes.cri.container-name", pod_container),
		F("io.kubernetes.cri.sandbox-id", sandbox_id),
		F("io.kubernetes.pod.namespace", pod_ns),
		F("io.kubernetes.pod.name", pod_name),
		F("io.kubernetes.pod.uid", pod_uid),
		F("io.kubernetes.container.name", pod_container),
		F("io.kubernetes.cri-o.SandboxID", sandbox_id),
		F("io.kubernetes.sandbox.id", sandbox_id),
#undef F
	};

	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		if (strcmp(key, fields[i].key) == 0)
			set_once(c, (char *)c + fields[i].off, fields[i].len, v);
	if (strcmp(key, "io.kubernetes.cri.container-type") == 0 ||
	    strcmp(key, "io.kubernetes.cri-o.ContainerType") == 0)
		kind(c, strcmp(v, "sandbox") == 0 ? 1 : 2);
	if (strcmp(key, "io.kubernetes.docker.type") == 0)
		kind(c, strcmp(v, "podsandbox") == 0 ? 1 : 2);
	if (strcmp(key, "io.kubernetes.cri-o.HostNetwork") == 0 && strcmp(v, "true") == 0)
		c->host_network = 1;
	if (strcmp(key, "io.container.manager") == 0) {
		const char *rt = strcmp(v, "cri-o") == 0    ? "cri-o"
				 : strcmp(v, "libpod") == 0 ? "podman"
							    : NULL;

		if (rt) {
			set(c->runtime, sizeof(c->runtime), rt);
			c->rank = 2;
		}
	}
}

/* Each "key": "value" string member of object obj, as an annotation. */
static void annotations(const struct json *j, int obj, struct container *c)
{
	if (obj < 0 || j->t[obj].type != JSON_OBJ)
		return;
	for (int k = obj + 1, m = 0; m < j->t[obj].size && k + 1 < j->n; m++) {
		char key[256], val[MAX_VALUE];

		if (json_str(j, k, key, sizeof(key)) == 0 &&
		    json_str(j, k + 1, val, sizeof(val)) == 0)
			container_annotation(c, key, val);
		k = json_next(j, k + 1);
	}
}

static int get_pid(const struct json *j, int tok, pid_t *pid)
{
	uint64_t v;

	if (json_u64(j, tok, &v) != 0 || v < 1 || v > MAX_PID)
		return -1;
	*pid = (pid_t)v;
	return 0;
}

int runc_parse_state(const char *text, size_t len, const char *dirname, struct container *c,
		     const char **err)
{
	static const char *const k_id[] = {"id", NULL};
	static const char *const k_pid[] = {"init_process_pid", NULL};
	static const char *const k_start[] = {"init_process_start", NULL};
	static const char *const k_labels[] = {"config", "labels", NULL};
	struct json j;
	int labels, rc = -1;

	if (json_parse(&j, text, len, err) != 0)
		return -1;
	if (json_str(&j, json_path(&j, k_id), c->id, sizeof(c->id)) != 0 ||
	    strcmp(c->id, dirname) != 0)
		*err = "id missing or not the directory's name";
	else if (get_pid(&j, json_path(&j, k_pid), &c->pid) != 0 ||
		 json_u64(&j, json_path(&j, k_start), &c->start) != 0 || c->start == 0)
		*err = "init_process_pid or init_process_start missing or invalid";
	else
		rc = 0;
	labels = json_path(&j, k_labels);
	/* Labels are "key=value": the bundle, and the OCI annotations runc copies there. */
	for (int i = labels + 1, m = 0;
	     rc == 0 && labels >= 0 && j.t[labels].type == JSON_ARR && m < j.t[labels].size;
	     m++, i = json_next(&j, i)) {
		char l[MAX_VALUE + 256], *eq;

		if (json_str(&j, i, l, sizeof(l)) != 0 || !(eq = strchr(l, '=')))
			continue;
		*eq = '\0';
		if (strcmp(l, "bundle") == 0)
			set(c->bundle, sizeof(c->bundle), eq + 1);
		else
			container_annotation(c, l, eq + 1);
	}
	json_free(&j);
	return rc;
}

int crun_parse_status(const char *text, size_t len, struct container *c, const char **err)
{
	static const char *const k_pid[] = {"pid", NULL};
	static const char *const k_start[] = {"process-start-time", NULL};
	static const char *const k_bundle[] = {"bundle", NULL};
	struct json j;
	int rc = -1;

	if (json_parse(&j, text, len, err) != 0)
		return -1;
	if (get_pid(&j, json_path(&j, k_pid), &c->pid) != 0 ||
	    json_u64(&j, json_path(&j, k_start), &c->start) != 0 || c->start == 0)
		*err = "pid or process-start-time missing or invalid";
	else
		rc = 0;
	if (json_str(&j, json_path(&j, k_bundle), c->bundle, sizeof(c->bundle)) != 0)
		c->bundle[0] = '\0';
	json_free(&j);
	return rc;
}

int oci_parse_config(const char *text, size_t len, struct container *c, const char **err)
{
	static const char *const k_ann[] = {"annotations", NULL};
	struct json j;

	if (json_parse(&j, text, len, err) != 0)
		return -1;
	annotations(&j, json_path(&j, k_ann), c);
	json_free(&j);
	return 0;
}

int docker_parse_config(const char *text, size_t len, const char *dirname, struct container *c,
			const char **err)
{
	static const char *const k_id[] = {"ID", NULL};
	static const char *const k_name[] = {"Name", NULL};
	static const char *const k_pid[] = {"State", "Pid", NULL};
	static const char *const k_labels[] = {"Config", "Labels", NULL};
	char name[sizeof(c->name) + 1];
	struct json j;
	int rc = -1;

	if (json_parse(&j, text, len, err) != 0)
		return -1;
	if (json_str(&j, json_path(&j, k_id), c->id, sizeof(c->id)) != 0 ||
	    strcmp(c->id, dirname) != 0)
		*err = "ID missing or not the directory's name";
	else if (get_pid(&j, json_path(&j, k_pid), &c->pid) != 0)
		*err = "not running (State.Pid)";
	else
		rc = 0;
	/* Docker keeps names as "/name". */
	if (rc == 0 && json_str(&j, json_path(&j, k_name), name, sizeof(name)) == 0)
		set(c->name, sizeof(c->name), name[0] == '/' ? name + 1 : name);
	if (rc == 0)
		annotations(&j, json_path(&j, k_labels), c);
	json_free(&j);
	return rc;
}

int parse_pidfile(const char *text, pid_t *pid)
{
	char buf[16];
	size_t n = strcspn(text, "\n");
	long long v;

	if (n == 0 || n >= sizeof(buf) || (text[n] && text[n + 1]))
		return -1;
	memcpy(buf, text, n);
	buf[n] = '\0';
	if (parse_ll(buf, 1, MAX_PID, &v) != 0)
		return -1;
	*pid = (pid_t)v;
	return 0;
}

int kube_log_name(const char *name, const char *id, struct container *c)
{
	char buf[512], *pod = buf, *ns, *ctr, *dash;
	size_t n = strlen(name), idl = strlen(id);

	/* <pod>_<ns>_<container>-<id>.log; none of the three names may hold '_'. */
	if (n >= sizeof(buf) || n < idl + 6 || strcmp(name + n - 4, ".log") != 0 ||
	    strncmp(name + n - 4 - idl, id, idl) != 0 || name[n - 5 - idl] != '-')
		return -1;
	memcpy(buf, name, n - 5 - idl);
	buf[n - 5 - idl] = '\0';
	ns = strchr(pod, '_');
	if (!ns)
		return -1;
	*ns++ = '\0';
	ctr = strchr(ns, '_');
	if (!ctr)
		return -1;
	*ctr++ = '\0';
	dash = strchr(ctr, '_');
	if (dash || !*pod || !*ns || !*ctr)
		return -1;
	set(c->pod_name, sizeof(c->pod_name), pod);
	set(c->pod_ns, sizeof(c->pod_ns), ns);
	set(c->pod_container, sizeof(c->pod_container), ctr);
	return 0;
}

/* Fill an empty field from the other record; two different non-empty values conflict. */
static void field(char *into, const char *from, int *conflict)
{
	if (!from[0])
		return;
	if (!into[0])
		memcpy(into, from, strlen(from) + 1);
	else if (strcmp(into, from) != 0)
		*conflict = 1;
}

void container_merge(struct container *into, const struct container *from)
{
	if (from->rank > into->rank) {
		memcpy(into->runtime, from->runtime, sizeof(into->runtime));
		into->rank = from->rank;
	}
	field(into->name, from->name, &into->conflict);
	field(into->pod_ns, from->pod_ns, &into->conflict);
	field(into->pod_name, from->pod_name, &into->conflict);
	field(into->pod_container, from->pod_container, &into->conflict);
	field(into->pod_uid, from->pod_uid, &into->conflict);
	field(into->sandbox_id, from->sandbox_id, &into->conflict);
	if (!into->bundle[0])
		memcpy(into->bundle, from->bundle, sizeof(into->bundle));
	if (from->kind_said && into->kind_said && from->kind_said != into->kind_said)
		into->conflict = 1;
	if (!into->kind_said)
		into->kind_said = from->kind_said;
	into->sandbox |= from->sandbox;
	into->host_network |= from->host_network;
	if (from->pid && into->pid && from->pid != into->pid)
		into->conflict = 1;
	if (from->start && into->start && from->start != into->start)
		into->conflict = 1;
	if (!into->pid)
		into->pid = from->pid;
	if (!into->start)
		into->start = from->start;
	into->conflict |= from->conflict;
}
