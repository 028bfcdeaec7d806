/* SPDX-License-Identifier: ISC */
#include "facts.h"

#include <stdio.h>
#include <string.h>

#include "escape.h"
#include "util.h"

int facts_written(const char *s)
{
	return strncmp(s, "pid:", 4) != 0 && (strchr(s, ':') || strchr(s, '&'));
}

/* One target, so no pattern: a '*' or '?' would make it many. */
static const char *plain(const char *v, size_t max)
{
	size_t n = strlen(v);

	if (n == 0 || n > max)
		return "an empty or overlong value";
	for (; *v; v++)
		if ((unsigned char)*v < 0x21 || *v == 0x7f || *v == '*' || *v == '?')
			return "a blank, control character, '*' or '?' (a case names one target)";
	return NULL;
}

static const char *fact(const char *s, struct facts *f, unsigned *seen)
{
	static const char kinds[][12] = {"host", "pod:", "container:", "id:", "runtime:"};
	size_t k, l = 0;
	const char *v = NULL, *why;

	for (k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
		l = strlen(kinds[k]);
		if (k ? strncmp(s, kinds[k], l) == 0 : strcmp(s, kinds[k]) == 0)
			break;
	}
	if (k == sizeof(kinds) / sizeof(kinds[0]))
		return "expected host, pod:NS/POD[/CONTAINER], container:NAME, id:ID or runtime:R";
	if (*seen & (1U << k))
		return "a fact given twice";
	*seen |= 1U << k;
	v = s + l;
	if (k == 0) {
		f->v.host = 1;
		return NULL;
	}
	if ((why = plain(v, k == 1 ? 400 : CNAME_MAX)) != NULL)
		return why;
	if (k == 1)
		return pod_ref_parse(v, &f->pod);
	if (k == 2)
		return scopy(f->name, sizeof(f->name), v) ? "too long" : NULL;
	if (k == 3)
		return valid_id(v) && !scopy(f->id, sizeof(f->id), v) ? NULL : "not a container ID";
	if (!policy_runtime_known(v))
		return "unknown runtime";
	return scopy(f->runtime, sizeof(f->runtime), v) ? "too long" : NULL;
}

/* The target_id of what is known. A container always has an ID: an unwritten one is "", which
 * only patterns matching every ID match (`any`, container:*). */
static void view(struct facts *f)
{
	f->v.id = f->id;
	f->v.name = f->name[0] ? f->name : NULL;
	f->v.runtime = f->runtime[0] ? f->runtime : NULL;
	if (f->pod.ns[0]) {
		f->v.pod_ns = f->pod.ns;
		f->v.pod_name = f->pod.pod;
		f->v.pod_container = f->pod.ctr[0] ? f->pod.ctr : NULL;
	}
}

const char *facts_parse(const char *s, struct facts *f)
{
	static char why[160];
	char buf[1024];
	unsigned seen = 0;

	memset(f, 0, sizeof(*f));
	if (scopy(buf, sizeof(buf), s) != 0)
		return "too long";
	for (char *save = NULL, *one = strtok_r(buf, "&", &save); one;
	     one = strtok_r(NULL, "&", &save)) {
		const char *e = fact(one, f, &seen);

		if (e) {
			snprintf(why, sizeof(why), "'%.60s': %s", tesc(one), e);
			return why;
		}
	}
	if (!seen || strstr(s, "&&") || s[0] == '&' || s[strlen(s) - 1] == '&')
		return "an empty fact (write facts joined by '&')";
	view(f);
	return NULL;
}

const char *facts_from_spelling(const char *spec, struct facts *f)
{
	memset(f, 0, sizeof(*f));
	if (strcmp(spec, "host") == 0) {
		f->v.host = 1;
		return NULL;
	}
	if (strncmp(spec, "pid:", 4) == 0)
		return "a process's container is known only from the runtime state: run -C as "
		       "root, "
		       "use -n, or write its identity (pod:NS/POD/CONTAINER, container:NAME...)";
	if (strchr(spec, '/')) {
		const char *why = pod_ref_parse(spec, &f->pod);

		if (why)
			return why;
	} else if (scopy(f->id, sizeof(f->id), spec) != 0 ||
		   scopy(f->name, sizeof(f->name), spec) != 0) {
		return "too long for a container ID or name";
	}
	view(f);
	return NULL;
}

/* ", LABEL VALUE" appended when there is a value. */
static void add(char *buf, size_t len, const char *label, const char *val)
{
	size_t u = strlen(buf);

	if (val && *val)
		snprintf(buf + u, len - u, ", %s %s", label, tesc(val));
}

void target_id_describe(const struct target_id *v, char *buf, size_t len)
{
	char pod[POD_NS_MAX + POD_NAME_MAX + POD_CTR_MAX + 3] = "", facts[1024] = "";
	const char *kind = v->host ? "host" : "container", *named = "";
	int spelled = v->id && v->name && strcmp(v->id, v->name) == 0;

	if (v->pod_ns)
		snprintf(pod, sizeof(pod), "%s/%s%s%s", v->pod_ns, v->pod_name,
			 v->pod_container ? "/" : "", v->pod_container ? v->pod_container : "");
	if (spelled) {
		named = v->id; /* a spelling: its ID or its name, nothing says which */
		(void)scopy(facts, sizeof(facts), ", its ID or name");
	} else {
		add(facts, sizeof(facts), "id", v->id);
		add(facts, sizeof(facts), "name", v->name);
	}
	if (!v->host && pod[0] && !v->pod_container && !facts[0]) {
		kind = "pod"; /* the whole pod */
		named = pod;
	} else {
		add(facts, sizeof(facts), "pod", pod);
	}
	add(facts, sizeof(facts), "runtime", v->runtime);
	snprintf(buf, len, "%s%s%s%s%s%s", kind, *named ? " " : "", tesc(named),
		 facts[0] ? " (" : "", facts[0] ? facts + 2 : "", facts[0] ? ")" : "");
}
