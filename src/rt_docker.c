/* SPDX-License-Identifier: ISC */
/* Pure parsers for docker's container records and containers/storage's name index, and which of
 * a docker container's labels are believed: not the ones its image brought. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "identity.h"
#include "json.h"
#include "runtime.h"
#include "util.h"

#define MAX_PID 4194304

/* Labels as "key\0value\0...": the pairs an identity key may come from. */
static int collect_labels(const struct json *j, int obj, char *out, size_t len, const char **err)
{
	size_t o = 0;

	if (obj < 0 || j->t[obj].type == JSON_PRIM) /* absent or null */
		return 0;
	if (j->t[obj].type != JSON_OBJ) {
		*err = "Config.Labels is not an object";
		return -1;
	}
	for (int k = obj + 1, m = 0; m < j->t[obj].size; m++, k = json_next(j, k + 1)) {
		char key[256], val[4096];
		size_t kl, vl;

		/* Only the keys identity may come from: everything else is the owner's business. */
		if (json_str(j, k, key, sizeof(key)) != 0 ||
		    !identity_key(FAM_DOCKERSHIM, key, strlen(key)))
			continue;
		if (json_str(j, k + 1, val, sizeof(val)) != 0) {
			*err = "a Kubernetes label nscap cannot hold";
			return -1;
		}
		kl = strlen(key) + 1;
		vl = strlen(val) + 1;
		if (o + kl + vl > len) {
			*err = "too many Kubernetes labels";
			return -1;
		}
		memcpy(out + o, key, kl);
		memcpy(out + o + kl, val, vl);
		o += kl + vl;
	}
	return (int)o;
}

static int state(const struct json *j, struct container *c, const char **err)
{
	static const char *const k_run[] = {"State", "Running", NULL};
	static const char *const k_pid[] = {"State", "Pid", NULL};
	static const char *const k_exit[] = {"State", "ExitCode", NULL};
	static const char *const k_fin[] = {"State", "FinishedAt", NULL};
	int run = json_path(j, k_run);
	char fin[sizeof(c->finished)];
	uint64_t v;

	if (run < 0 || j->t[run].type != JSON_PRIM ||
	    (j->s[j->t[run].start] != 't' && j->s[j->t[run].start] != 'f')) {
		*err = "State.Running missing";
		return -1;
	}
	if (j->s[j->t[run].start] == 'f') {
		c->stopped = 1;
		c->exit_code = json_u64(j, json_path(j, k_exit), &v) == 0 && v < 256 ? (int)v : -1;
		/* Shown only: absent or odd, it is left out (never half-copied). */
		if (json_str(j, json_path(j, k_fin), fin, sizeof(fin)) == 0)
			(void)scopy(c->finished, sizeof(c->finished), fin);
		return 0;
	}
	if (json_u64(j, json_path(j, k_pid), &v) != 0 || v < 1 || v > MAX_PID) {
		*err = "running without a valid State.Pid";
		return -1;
	}
	c->pid = (pid_t)v;
	return 0;
}

int docker_parse_config(const char *text, size_t len, const char *dirname, struct container *c,
			char *driver, size_t driver_len, char *labels, size_t labels_len,
			const char **err)
{
	static const char *const k_driver[] = {"Driver", NULL};
	static const char *const k_id[] = {"ID", NULL};
	static const char *const k_name[] = {"Name", NULL};
	static const char *const k_image[] = {"Image", NULL};
	static const char *const k_labels[] = {"Config", "Labels", NULL};
	char name[CNAME_MAX + 2];
	struct json j;
	int rc = -1, n = 0;

	if (json_parse(&j, text, len, err) != 0)
		return -1;
	if (json_str(&j, json_path(&j, k_id), c->id, sizeof(c->id)) != 0 ||
	    strcmp(c->id, dirname) != 0)
		*err = "ID missing or not the directory's name";
	else if (json_str(&j, json_path(&j, k_name), name, sizeof(name)) != 0 || name[0] != '/' ||
		 !name[1])
		*err = "Name missing, malformed or longer than nscap holds";
	else if (json_str(&j, json_path(&j, k_image), c->image, sizeof(c->image)) != 0)
		*err = "Image missing or too long";
	else if (json_str(&j, json_path(&j, k_driver), driver, driver_len) != 0 ||
		 strspn(driver, "abcdefghijklmnopqrstuvwxyz0123456789") != strlen(driver))
		*err = "Driver missing or not a plain name";
	else if (state(&j, c, err) == 0 &&
		 (n = collect_labels(&j, json_path(&j, k_labels), labels, labels_len, err)) >= 0)
		rc = n;
	/* Docker keeps names as "/name". */
	if (rc >= 0)
		memcpy(c->name, name + 1, strlen(name));
	json_free(&j);
	return rc;
}

int docker_config_name(const char *text, size_t len, char *name, size_t name_len)
{
	static const char *const k_name[] = {"Name", NULL};
	char buf[CNAME_MAX + 2];
	const char *err;
	struct json j;
	int rc;

	if (json_parse(&j, text, len, &err) != 0)
		return -1;
	rc = json_str(&j, json_path(&j, k_name), buf, sizeof(buf)) == 0 && buf[0] == '/' && buf[1]
		     ? scopy(name, name_len, buf + 1)
		     : -1;
	json_free(&j);
	return rc;
}

/* The image's own value for key, or NULL. */
static int image_has(const struct json *img, int labels, const char *key, const char *value)
{
	char v[4096];
	int t = json_get(img, labels, key);

	return t >= 0 && json_str(img, t, v, sizeof(v)) == 0 && strcmp(v, value) == 0;
}

static void note_ignored(struct container *c, const char *key, const char *why)
{
	size_t used = strlen(c->ignored);

	if (used + strlen(key) + strlen(why) + 8 < sizeof(c->ignored))
		snprintf(c->ignored + used, sizeof(c->ignored) - used, "%s%s (%s)",
			 used ? ", " : "", key, why);
}

int docker_trust_labels(struct container *c, const char *labels, size_t labels_len,
			const char *image_json, size_t image_len, const char **err)
{
	static const char *const k_il[] = {"config", "Labels", NULL};
	struct json img = {0};
	int il = -1, rc = 0;

	if (!labels_len)
		return 0;
	if (image_json && json_parse(&img, image_json, image_len, err) != 0)
		return -1;
	if (image_json)
		il = json_path(&img, k_il);
	for (size_t o = 0; o < labels_len && rc == 0;) {
		const char *key = labels + o, *value = key + strlen(key) + 1;

		o = (size_t)(value - labels) + strlen(value) + 1;
		/* The same key and value in the image: the image may have set it, so nobody can
		 * tell. Without the image's record nobody can tell either. */
		if (!image_json)
			note_ignored(c, key, "image unknown");
		else if (image_has(&img, il, key, value))
			note_ignored(c, key, "set by the image");
		else
			rc = container_annotation(c, FAM_DOCKERSHIM, key, value, err);
	}
	if (image_json)
		json_free(&img);
	return rc;
}

int docker_parse_hostconfig(const char *text, size_t len, struct container *c, const char **err)
{
	static const char *const k_mode[] = {"NetworkMode", NULL};
	char mode[256];
	struct json j;
	int t;

	if (json_parse(&j, text, len, err) != 0)
		return -1;
	t = json_path(&j, k_mode);
	if (t >= 0 && json_str(&j, t, mode, sizeof(mode)) != 0) {
		json_free(&j);
		*err = "NetworkMode is not a string nscap can hold";
		return -1;
	}
	if (t >= 0 && strcmp(mode, "host") == 0)
		c->host_network = 1;
	json_free(&j);
	return 0;
}

int storage_parse_names(const char *text, size_t len, struct storage_name **out, size_t *n,
			const char **err)
{
	struct json j;
	int rc = 0;

	/* [{"id": "...", "names": ["..."], ...}, ...]: a JSON array at the top. */
	*out = NULL;
	*n = 0;
	if (json_parse_any(&j, text, len, err) != 0)
		return -1;
	if (j.t[0].type != JSON_ARR) {
		json_free(&j);
		*err = "not an array";
		return -1;
	}
	*out = calloc((size_t)j.t[0].size + 1, sizeof(**out));
	if (!*out) {
		json_free(&j);
		*err = "out of memory";
		return -1;
	}
	for (int i = 1, m = 0; m < j.t[0].size && rc == 0; m++, i = json_next(&j, i)) {
		struct storage_name *e = &(*out)[*n];
		int names = json_get(&j, i, "names");

		if (json_str(&j, json_get(&j, i, "id"), e->id, sizeof(e->id)) != 0 ||
		    !valid_id(e->id))
			rc = -1, *err = "a container without a valid id";
		else if (names >= 0 && j.t[names].type == JSON_ARR && j.t[names].size > 0 &&
			 json_str(&j, names + 1, e->name, sizeof(e->name)) != 0)
			rc = -1, *err = "a name nscap cannot hold";
		else
			(*n)++;
	}
	json_free(&j);
	if (rc != 0) {
		free(*out);
		*out = NULL;
		*n = 0;
	}
	return rc;
}
