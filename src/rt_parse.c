/* SPDX-License-Identifier: ISC */
/* Pure parsers for the OCI runtimes' state files (runc, crun), OCI configs and pidfiles, and
 * the identity keys each writer is believed for. docker and containers/storage: rt_docker.c. */
#include <stdio.h>
#include <string.h>

#include "identity.h"
#include "json.h"
#include "runtime.h"
#include "util.h"

#define MAX_PID 4194304
#define MAX_VALUE 4096

/* Names are checked for each of a thousand containers, so by hand and without branches: musl's
 * strspn() builds its byte set anew each call, and a branch a character mispredicted on
 * random hex. */
static unsigned digit(unsigned char c)
{
	return (unsigned)(c - '0') < 10;
}

static unsigned alnum(unsigned char c)
{
	return digit(c) | ((unsigned)((c | 0x20) - 'a') < 26);
}

int valid_id(const char *s)
{
	size_t n = strlen(s);
	unsigned ok = n > 0 && n <= ID_MAX && strcmp(s, ".") != 0 && strcmp(s, "..") != 0;

	for (size_t i = 0; ok && i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		ok &= alnum(c) | (c == '_') | (c == '.') | (c == '+') | (c == '-');
	}
	return (int)ok;
}

int hex64_id(const char *s)
{
	unsigned ok = strlen(s) == 64;

	for (size_t i = 0; ok && i < 64; i++) {
		unsigned char c = (unsigned char)s[i];

		ok &= digit(c) | ((unsigned)(c - 'a') < 6);
	}
	return (int)ok;
}

int docker_name_ok(const char *s)
{
	size_t n = strlen(s);
	unsigned ok = n > 0 && n <= CNAME_MAX && alnum((unsigned char)s[0]);

	for (size_t i = 1; ok && i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		ok &= alnum(c) | (c == '_') | (c == '.') | (c == '-');
	}
	return (int)ok;
}

/* Each "key": "value" member of object obj, as an annotation of family fam. */
static int annotations(const struct json *j, int obj, enum key_family fam, struct container *c,
		       const char **err)
{
	if (obj < 0 || fam == FAM_NONE)
		return 0;
	if (j->t[obj].type != JSON_OBJ) {
		*err = "annotations are not an object";
		return -1;
	}
	for (int k = obj + 1, m = 0; m < j->t[obj].size; m++, k = json_next(j, k + 1)) {
		char key[256], val[MAX_VALUE];

		if (json_str(j, k, key, sizeof(key)) != 0 || !identity_key(fam, key, strlen(key)))
			continue;
		if (json_str(j, k + 1, val, sizeof(val)) != 0) {
			*err = "an identity annotation is not a string nscap can hold";
			return -1;
		}
		if (container_annotation(c, fam, key, val, err) != 0)
			return -1;
	}
	return 0;
}

static int get_pid(const struct json *j, int tok, pid_t *pid)
{
	uint64_t v;

	if (json_u64(j, tok, &v) != 0 || v < 1 || v > MAX_PID)
		return -1;
	*pid = (pid_t)v;
	return 0;
}

/* A string member at path into dst; absent is fine, anything else that does not fit is not. */
static int opt_str(const struct json *j, const char *const *path, char *dst, size_t len,
		   const char *what, const char **err)
{
	int t = json_path(j, path);

	if (t < 0)
		return 0;
	if (json_str(j, t, dst, len) != 0) {
		*err = what;
		return -1;
	}
	return 0;
}

/* runc's systemd cgroup name, "parent:prefix:name" or its parts, as the path it becomes:
 * each '-' of a slice name is one level ("a-b.slice" is /a.slice/a-b.slice). */
static int systemd_path(const char *parent, const char *prefix, const char *name, char *out,
			size_t len)
{
	size_t o = 0, pl;

	if (!*parent) /* what runc's systemd driver puts a container in when told no slice */
		parent = "system.slice";
	pl = strlen(parent);
	if (pl > 6 && strcmp(parent + pl - 6, ".slice") == 0 && strcmp(parent, "-.slice") != 0)
		for (size_t i = 0; i <= pl - 6; i++)
			if (i == pl - 6 || parent[i] == '-') {
				int n = snprintf(out + o, len - o, "/%.*s.slice", (int)i, parent);

				if (n < 0 || (size_t)n >= len - o)
					return -1;
				o += (size_t)n;
			}
	return (size_t)snprintf(out + o, len - o, "/%s%s%s.scope", prefix, *prefix ? "-" : "",
				name) < len - o
		       ? 0
		       : -1;
}

/* An OCI cgroupsPath: a path, or systemd's "slice:prefix:name". */
static int cgroups_path(const char *p, char *out, size_t len)
{
	char buf[512], *a, *b;

	if (!strchr(p, ':'))
		return scopy(out, len, p);
	if (scopy(buf, sizeof(buf), p) != 0)
		return -1;
	a = strchr(buf, ':');
	*a++ = '\0';
	b = strchr(a, ':');
	if (!b)
		return -1;
	*b++ = '\0';
	return systemd_path(buf, a, b, out, len);
}

static int runc_cgroup(const struct json *j, struct container *c, const char **err)
{
	static const char *const k_path[] = {"config", "cgroups", "path", NULL};
	static const char *const k_parent[] = {"config", "cgroups", "parent", NULL};
	static const char *const k_prefix[] = {"config", "cgroups", "scope_prefix", NULL};
	static const char *const k_name[] = {"config", "cgroups", "name", NULL};
	char path[512] = "", parent[256] = "", prefix[64] = "", name[256] = "";

	*err = "cgroup path missing or too long";
	if (opt_str(j, k_path, path, sizeof(path), *err, err) != 0 ||
	    opt_str(j, k_parent, parent, sizeof(parent), *err, err) != 0 ||
	    opt_str(j, k_prefix, prefix, sizeof(prefix), *err, err) != 0 ||
	    opt_str(j, k_name, name, sizeof(name), *err, err) != 0)
		return -1;
	if (path[0])
		return scopy(c->cgroup, sizeof(c->cgroup), path);
	return name[0] ? systemd_path(parent, prefix, name, c->cgroup, sizeof(c->cgroup)) : 0;
}

/* A label nscap could not decode: refused if it is one of the family's identity keys (its raw
 * text starts "KEY="; runc writes these keys unescaped), else of no concern. */
static int label_unheld(const struct json *j, int i, enum key_family fam, const char **err)
{
	const char *raw = j->s + j->t[i].start;
	const char *eq = memchr(raw, '=', (size_t)(j->t[i].end - j->t[i].start));

	if (j->t[i].type == JSON_STR && eq && identity_key(fam, raw, (size_t)(eq - raw))) {
		*err = "an identity label is not a string nscap can hold";
		return -1;
	}
	return 0;
}

int runc_parse_state(const char *text, size_t len, const char *dirname, enum key_family fam,
		     struct container *c, const char **err)
{
	static const char *const k_id[] = {"id", NULL};
	static const char *const k_pid[] = {"init_process_pid", NULL};
	static const char *const k_start[] = {"init_process_start", NULL};
	static const char *const k_labels[] = {"config", "labels", NULL};
	struct json j;
	int labels, rc = -1;

	if (json_parse(&j, text, len, err) != 0)
		return -1;
	labels = json_path(&j, k_labels);
	if (json_str(&j, json_path(&j, k_id), c->id, sizeof(c->id)) != 0 ||
	    strcmp(c->id, dirname) != 0)
		*err = "id missing or not the directory's name";
	else if (get_pid(&j, json_path(&j, k_pid), &c->pid) != 0 ||
		 json_u64(&j, json_path(&j, k_start), &c->start) != 0 || c->start == 0)
		*err = "init_process_pid or init_process_start missing or invalid";
	else if (labels >= 0 && j.t[labels].type != JSON_ARR)
		*err = "config.labels is not an array";
	else if (runc_cgroup(&j, c, err) != 0)
		*err = "cgroup path missing or too long";
	else
		rc = 0;
	/* Labels are "key=value": the bundle first, then the OCI annotations runc copies there
	 * (an annotation named "bundle" comes later and is not the bundle). */
	for (int i = labels + 1, m = 0; rc == 0 && labels >= 0 && m < j.t[labels].size;
	     m++, i = json_next(&j, i)) {
		char l[MAX_VALUE + 256], *eq;

		if (json_str(&j, i, l, sizeof(l)) != 0 || !(eq = strchr(l, '='))) {
			rc = label_unheld(&j, i, fam, err);
			continue; /* not a key=value nscap reads, or too long to be one of them */
		}
		*eq = '\0';
		if (strcmp(l, "bundle") == 0 && !c->bundle[0] &&
		    scopy(c->bundle, sizeof(c->bundle), eq + 1) != 0)
			rc = -1, *err = "bundle path too long";
		else if (identity_key(fam, l, strlen(l)) &&
			 container_annotation(c, fam, l, eq + 1, err) != 0)
			rc = -1;
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
	else if (opt_str(&j, k_bundle, c->bundle, sizeof(c->bundle), "bundle path too long", err) ==
		 0)
		rc = 0;
	json_free(&j);
	return rc;
}

/* Does the OCI config give the container a network namespace of its own (or another
 * container's)? Without one it runs in the host's. */
static int own_netns(const struct json *j)
{
	static const char *const k_ns[] = {"linux", "namespaces", NULL};
	int ns = json_path(j, k_ns);

	if (ns < 0 || j->t[ns].type != JSON_ARR)
		return 0;
	for (int i = ns + 1, m = 0; m < j->t[ns].size; m++, i = json_next(j, i)) {
		char type[16];

		if (json_str(j, json_get(j, i, "type"), type, sizeof(type)) == 0 &&
		    strcmp(type, "network") == 0)
			return 1;
	}
	return 0;
}

int oci_parse_config(const char *text, size_t len, enum key_family fam, struct container *c,
		     const char **err)
{
	static const char *const k_ann[] = {"annotations", NULL};
	static const char *const k_cg[] = {"linux", "cgroupsPath", NULL};
	char cg[512] = "";
	struct json j;
	int rc = -1;

	if (json_parse(&j, text, len, err) != 0)
		return -1;
	if (opt_str(&j, k_cg, cg, sizeof(cg), "cgroupsPath too long", err) != 0)
		;
	else if (cg[0] && !c->cgroup[0] && cgroups_path(cg, c->cgroup, sizeof(c->cgroup)) != 0)
		*err = "cgroupsPath malformed or too long";
	else if (annotations(&j, json_path(&j, k_ann), fam, c, err) == 0)
		rc = 0;
	if (rc == 0 && !own_netns(&j))
		c->host_network = 1;
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
	if (dash || !*pod || !*ns || !*ctr || strlen(pod) >= sizeof(c->pod_name) ||
	    strlen(ns) >= sizeof(c->pod_ns) || strlen(ctr) >= sizeof(c->pod_container))
		return -1;
	/* All or nothing: a name that does not fit changes nothing. */
	memcpy(c->pod_name, pod, strlen(pod) + 1);
	memcpy(c->pod_ns, ns, strlen(ns) + 1);
	memcpy(c->pod_container, ctr, strlen(ctr) + 1);
	return 0;
}

void podman_pod_from_cgroup(struct container *c)
{
	static const char *const marks[] = {"/libpod_parent/", "machine-libpod_pod_"};

	for (size_t i = 0; i < 2; i++) {
		const char *p = strstr(c->cgroup, marks[i]);
		size_t n;

		if (!p)
			continue;
		p += strlen(marks[i]);
		n = strcspn(p, "/.");
		if (n == 64) { /* a pod ID, and podman_pod holds ID_MAX */
			memcpy(c->podman_pod, p, n);
			c->podman_pod[n] = '\0';
		}
		return;
	}
}
