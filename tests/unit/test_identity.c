/* SPDX-License-Identifier: ISC */
/* Unit tests for the one model of target identity (identity.c): glob_match, pod_ref_parse,
 * pod_ref_matches, identity_of, field_set and container_merge (how two records of one
 * container combine, and what contradicts). */
#include <stddef.h>

#include "identity.h"
#include "t_rt.h"

static void test_glob(void)
{
	static const struct {
		const char *name, *pat, *s;
		int want;
	} g[] = {
		{"glob-star-empty", "*", "", 1},
		{"glob-empty-empty", "", "", 1},
		{"glob-empty-pattern", "", "a", 0},
		{"glob-empty-string", "a", "", 0},
		{"glob-literal", "web", "web", 1},
		{"glob-literal-longer", "web", "web1", 0},
		{"glob-prefix", "web-*", "web-7f9c", 1},
		{"glob-prefix-other", "web-*", "db-0", 0},
		{"glob-suffix", "*-0", "db-0", 1},
		{"glob-question", "db-?", "db-0", 1},
		{"glob-question-needs-one", "db-?", "db-", 0},
		{"glob-question-only-one", "db-?", "db-10", 0},
		{"glob-inner-stars", "a*b*c", "aXXbYc", 1},
		{"glob-inner-stars-no", "a*b*c", "aXXbY", 0},
		{"glob-backtrack", "*aab", "aaab", 1},
		{"glob-double-star", "**", "x", 1},
		{"glob-case", "Web", "web", 0},
		{"glob-no-brackets", "[ab]", "a", 0},
		{"glob-brackets-literal", "[ab]", "[ab]", 1},
		/* glob_match itself is one string: pod_ref_matches globs each part apart. */
		{"glob-star-slash", "*", "a/b", 1},
	};

	for (size_t i = 0; i < sizeof(g) / sizeof(g[0]); i++)
		T_EQ_INT(g[i].name, glob_match(g[i].pat, g[i].s), g[i].want);
}

static void test_pod_ref_parse(void)
{
	static const struct {
		const char *name, *s, *why;
	} bad[] = {
		{"podref-one-part", "prod", "not NAMESPACE/POD"},
		{"podref-empty", "", "not NAMESPACE/POD"},
		{"podref-four-parts", "a/b/c/d", "more than NAMESPACE/POD/CONTAINER"},
		{"podref-extra-slash", "a/b/c/", "more than NAMESPACE/POD/CONTAINER"},
		{"podref-trailing-slash", "a/b/", "an empty part"},
		{"podref-empty-ns", "/b", "an empty part"},
		{"podref-empty-pod", "a//c", "an empty part"},
		{"podref-slash-only", "/", "an empty part"},
		{"podref-no-pod", "a/", "an empty part"},
		{"podref-space", "my ns/web", "a space or control character"},
		{"podref-tab", "prod/we\tb", "a space or control character"},
		{"podref-newline", "prod/web/x\n", "a space or control character"},
		{"podref-del", "prod/web/x\x7f", "a space or control character"},
		{"podref-escape", "prod/\x1b[31m", "a space or control character"},
	};
	struct pod_ref r;
	char s[600], part[300];

	T_EQ_STR("podref-two", pod_ref_parse("prod/web-7f9c", &r), NULL);
	T_CHECK("podref-two-parts",
		!strcmp(r.ns, "prod") && !strcmp(r.pod, "web-7f9c") && !r.ctr[0]);
	T_EQ_STR("podref-three", pod_ref_parse("prod/web/nginx", &r), NULL);
	T_CHECK("podref-three-parts",
		!strcmp(r.ns, "prod") && !strcmp(r.pod, "web") && !strcmp(r.ctr, "nginx"));
	T_EQ_STR("podref-globs", pod_ref_parse("*/web-?/*", &r), NULL);
	T_CHECK("podref-globs-parts", !strcmp(r.ns, "*") && !strcmp(r.pod, "web-?"));
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		T_EQ_STR(bad[i].name, pod_ref_parse(bad[i].s, &r), bad[i].why);

	/* Kubernetes' bounds: namespace 63, pod 253, container 63. */
	memset(part, 'x', 254);
	part[63] = '\0';
	snprintf(s, sizeof(s), "%s/p/c", part);
	T_EQ_STR("podref-ns-63", pod_ref_parse(s, &r), NULL);
	T_EQ_INT("podref-ns-63-whole", strlen(r.ns), 63);
	snprintf(s, sizeof(s), "n/p/%s", part);
	T_EQ_STR("podref-ctr-63", pod_ref_parse(s, &r), NULL);
	T_EQ_INT("podref-ctr-63-whole", strlen(r.ctr), 63);
	part[63] = 'x';
	part[64] = '\0';
	snprintf(s, sizeof(s), "%s/p", part);
	T_EQ_STR("podref-ns-64", pod_ref_parse(s, &r), "a part longer than Kubernetes allows");
	snprintf(s, sizeof(s), "n/p/%s", part);
	T_EQ_STR("podref-ctr-64", pod_ref_parse(s, &r), "a part longer than Kubernetes allows");
	part[64] = 'x';
	part[253] = '\0';
	snprintf(s, sizeof(s), "n/%s/c", part);
	T_EQ_STR("podref-pod-253", pod_ref_parse(s, &r), NULL);
	T_EQ_INT("podref-pod-253-whole", strlen(r.pod), 253);
	part[253] = 'x';
	part[254] = '\0';
	snprintf(s, sizeof(s), "n/%s", part);
	T_EQ_STR("podref-pod-254", pod_ref_parse(s, &r), "a part longer than Kubernetes allows");
}

static int matches(const char *pattern, const char *ns, const char *pod, const char *ctr)
{
	struct target_id v = {.pod_ns = ns, .pod_name = pod, .pod_container = ctr};
	struct pod_ref p;

	if (pod_ref_parse(pattern, &p) != NULL)
		return -1;
	return pod_ref_matches(&p, &v);
}

static void test_pod_ref_matches(void)
{
	T_EQ_INT("podmatch-exact", matches("prod/web", "prod", "web", "nginx"), 1);
	T_EQ_INT("podmatch-whole-pod-no-container", matches("prod/web", "prod", "web", NULL), 1);
	T_EQ_INT("podmatch-glob", matches("prod/web-*", "prod", "web-7f9c", "nginx"), 1);
	T_EQ_INT("podmatch-other-ns", matches("prod/web", "dev", "web", "nginx"), 0);
	T_EQ_INT("podmatch-other-pod", matches("prod/web", "prod", "db", "nginx"), 0);
	T_EQ_INT("podmatch-ns-glob", matches("*/web", "dev", "web", NULL), 1);
	T_EQ_INT("podmatch-container", matches("prod/web/nginx", "prod", "web", "nginx"), 1);
	T_EQ_INT("podmatch-container-other", matches("prod/web/nginx", "prod", "web", "side"), 0);
	T_EQ_INT("podmatch-container-needed", matches("prod/web/nginx", "prod", "web", NULL), 0);
	T_EQ_INT("podmatch-container-glob-needs-one", matches("prod/web/*", "prod", "web", NULL),
		 0);
	T_EQ_INT("podmatch-container-glob", matches("prod/web/*", "prod", "web", "x"), 1);
	T_EQ_INT("podmatch-no-pod", matches("*/*", NULL, NULL, NULL), 0);
	T_EQ_INT("podmatch-no-ns", matches("*/*", NULL, "web", NULL), 0);
	T_EQ_INT("podmatch-no-name", matches("*/*", "prod", NULL, NULL), 0);
	T_EQ_INT("podmatch-prefix-not-enough", matches("prod/web", "prod", "web-1", NULL), 0);
	T_EQ_INT("podmatch-ns-part-glob", matches("p*d/web", "prod", "web", NULL), 1);
	T_EQ_INT("podmatch-pod-part-glob-no", matches("p*/web", "prod", "webx", NULL), 0);
}

static struct container rec(const char *runtime, int managed, pid_t pid, uint64_t start)
{
	struct container r;

	memset(&r, 0, sizeof(r));
	memcpy(r.id, ID1, sizeof(ID1));
	snprintf(r.runtime, sizeof(r.runtime), "%s", runtime);
	r.managed = managed;
	r.pid = pid;
	r.start = start;
	r.exit_code = -1;
	return r;
}

static void test_identity_of(void)
{
	struct container k = rec("containerd", 1, 7, 9);
	struct target_id v;

	memcpy(k.pod_ns, "prod", 5);
	memcpy(k.pod_name, "web", 4);
	memcpy(k.pod_container, "nginx", 6);
	identity_of(&k, 0, 0, &v);
	T_CHECK("identity-container",
		v.id == k.id && !strcmp(v.runtime, "containerd") && !strcmp(v.pod_ns, "prod") &&
			!strcmp(v.pod_name, "web") && !strcmp(v.pod_container, "nginx") && !v.host);
	T_CHECK("identity-no-name-null", v.name == NULL);
	identity_of(&k, 1, 0, &v);
	T_CHECK("identity-whole-pod-drops-container",
		v.pod_container == NULL && !strcmp(v.pod_name, "web"));
	identity_of(&k, 0, 1, &v);
	T_EQ_INT("identity-host", v.host, 1);
	k.sandbox = 1;
	identity_of(&k, 0, 0, &v);
	T_CHECK("identity-sandbox-drops-container",
		v.pod_container == NULL && !strcmp(v.pod_ns, "prod"));
	k = rec("docker", 1, 7, 0);
	memcpy(k.name, "web", 4);
	identity_of(&k, 1, 0, &v);
	T_CHECK("identity-plain", !strcmp(v.name, "web") && !v.pod_ns && !v.pod_name &&
					  !v.pod_container && !strcmp(v.id, ID1));
	memset(&k, 0, sizeof(k));
	identity_of(&k, 0, 0, &v);
	T_CHECK("identity-empty-all-null", !v.runtime && !v.id && !v.name && !v.pod_ns);
}

static void test_field_set(void)
{
	char f[4] = "";

	T_EQ_STR("field-set-empty", field_set(f, sizeof(f), "ab"), NULL);
	T_EQ_STR("field-set-empty-value", f, "ab");
	T_EQ_STR("field-set-same", field_set(f, sizeof(f), "ab"), NULL);
	T_EQ_STR("field-set-other", field_set(f, sizeof(f), "ac"), "contradicts");
	T_EQ_STR("field-set-other-kept", f, "ab");
	T_EQ_STR("field-set-prefix", field_set(f, sizeof(f), "a"), "contradicts");
	T_EQ_STR("field-set-nothing", field_set(f, sizeof(f), ""), NULL);
	T_EQ_STR("field-set-nothing-kept", f, "ab");
	T_EQ_STR("field-set-too-long", field_set(f, sizeof(f), "abcd"), "too long");
	f[0] = '\0';
	T_EQ_STR("field-set-fits", field_set(f, sizeof(f), "abc"), NULL);
	T_EQ_STR("field-set-fits-value", f, "abc");
}

static void test_merge_fields(void)
{
	static const struct {
		const char *what;
		size_t off;
	} fields[] = {
#define F(x) {#x, offsetof(struct container, x)}
		F(name),       F(pod_ns),     F(pod_name), F(pod_container), F(pod_uid),
		F(sandbox_id), F(podman_pod), F(cgroup),   F(image),
#undef F
	};
	struct container a, b;
	char name[64];

	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		a = rec("runc", 0, 100, 5000);
		b = rec("docker", 1, 100, 0);
		memcpy((char *)&a + fields[i].off, "one", 4);
		memcpy((char *)&b + fields[i].off, "two", 4);
		snprintf(name, sizeof(name), "merge-contradicts-%s", fields[i].what);
		T_EQ_STR(name, container_merge(&a, &b), fields[i].what);
		a = rec("runc", 0, 100, 5000);
		memcpy((char *)&b + fields[i].off, "two", 4);
		snprintf(name, sizeof(name), "merge-fills-%s", fields[i].what);
		T_CHECK(name, container_merge(&a, &b) == NULL &&
				      !strcmp((char *)&a + fields[i].off, "two"));
		memcpy((char *)&a + fields[i].off, "two", 4);
		snprintf(name, sizeof(name), "merge-same-%s", fields[i].what);
		T_EQ_STR(name, container_merge(&a, &b), NULL);
	}
}

static void test_merge(void)
{
	/* Runtime, managed, PID, start of two records of one container, and of their merge. */
	static const struct {
		const char *name;
		struct {
			const char *rt;
			int managed;
			pid_t pid;
			uint64_t start;
		} a, b, out;
		const char *why;
	} pairs[] = {
		{"merge-managed-later",
		 {"runc", 0, 100, 5000},
		 {"docker", 1, 100, 0},
		 {"docker", 1, 100, 5000},
		 NULL},
		{"merge-managed-first",
		 {"docker", 1, 0, 0},
		 {"runc", 0, 100, 5000},
		 {"docker", 1, 100, 5000},
		 NULL},
		{"merge-one-manager-two-records",
		 {"containerd", 1, 100, 0},
		 {"containerd", 1, 100, 5000},
		 {"containerd", 1, 100, 5000},
		 NULL},
		{"merge-two-oci-runtimes",
		 {"runc", 0, 100, 5000},
		 {"crun", 0, 100, 5000},
		 {"runc", 0, 100, 5000},
		 NULL},
		{"merge-fills-pid-start",
		 {"runc", 0, 0, 0},
		 {"runc", 0, 100, 5000},
		 {"runc", 0, 100, 5000},
		 NULL},
		{"merge-two-managers",
		 {"docker", 1, 100, 0},
		 {"podman", 1, 100, 0},
		 {0},
		 "two runtimes manage it"},
		{"merge-crio-podman",
		 {"cri-o", 1, 100, 0},
		 {"podman", 1, 100, 0},
		 {0},
		 "two runtimes manage it"},
		{"merge-pid-contradicts",
		 {"runc", 0, 100, 5000},
		 {"docker", 1, 101, 0},
		 {0},
		 "PID"},
		{"merge-start-contradicts",
		 {"runc", 0, 100, 5000},
		 {"containerd", 1, 100, 5001},
		 {0},
		 "start time"},
	};
	struct container a, b;

	for (size_t i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
		a = rec(pairs[i].a.rt, pairs[i].a.managed, pairs[i].a.pid, pairs[i].a.start);
		b = rec(pairs[i].b.rt, pairs[i].b.managed, pairs[i].b.pid, pairs[i].b.start);
		T_EQ_STR(pairs[i].name, container_merge(&a, &b), pairs[i].why);
		if (!pairs[i].why)
			T_CHECK(tn(pairs[i].name, "result"),
				!strcmp(a.runtime, pairs[i].out.rt) &&
					a.managed == pairs[i].out.managed &&
					a.pid == pairs[i].out.pid && a.start == pairs[i].out.start);
	}
	/* Strings come in where empty; the bundle is the first record's. */
	a = rec("runc", 0, 100, 5000);
	memcpy(a.bundle, "/b/runc", 8);
	b = rec("docker", 1, 100, 0);
	memcpy(b.name, "web", 4);
	memcpy(b.bundle, "/b/docker", 10);
	memcpy(b.cgroup, "/docker/" ID1, sizeof("/docker/" ID1));
	T_EQ_STR("merge-strings", container_merge(&a, &b), NULL);
	T_CHECK("merge-strings-filled", !strcmp(a.name, "web") && !strcmp(a.bundle, "/b/runc") &&
						!strcmp(a.cgroup, "/docker/" ID1));
	a = rec("docker", 1, 0, 0);
	b = rec("runc", 0, 100, 5000);
	memcpy(b.bundle, "/b/runc", 8);
	T_EQ_STR("merge-bundle-fills", container_merge(&a, &b), NULL);
	T_EQ_STR("merge-bundle-fills-value", a.bundle, "/b/runc");

	a = rec("containerd", 1, 100, 0);
	a.kind_said = 1;
	a.sandbox = 1;
	b = rec("containerd", 1, 100, 0);
	b.kind_said = 2;
	T_EQ_STR("merge-kind-contradicts", container_merge(&a, &b), "sandbox or container");
	a = rec("runc", 0, 100, 0);
	b = rec("containerd", 1, 100, 0);
	b.kind_said = 1;
	b.sandbox = 1;
	T_EQ_STR("merge-kind-fills", container_merge(&a, &b), NULL);
	T_CHECK("merge-kind-fills-sandbox", a.kind_said == 1 && a.sandbox == 1);

	/* The managing runtime's "stopped" outweighs an OCI runtime's leftover state. */
	a = rec("runc", 0, 100, 5000);
	b = rec("docker", 1, 0, 0);
	b.stopped = 1;
	b.exit_code = 137;
	memcpy(b.finished, "2026-11-27T13:41:18.015226826Z", 31);
	T_EQ_STR("merge-stopped", container_merge(&a, &b), NULL);
	T_CHECK("merge-stopped-carried",
		a.stopped == 1 && a.exit_code == 137 &&
			!strcmp(a.finished, "2026-11-27T13:41:18.015226826Z"));
	a = b;
	b = rec("runc", 0, 100, 5000);
	T_EQ_STR("merge-stopped-first", container_merge(&a, &b), NULL);
	T_CHECK("merge-stopped-first-stays", a.stopped == 1 && a.exit_code == 137 && a.pid == 100);
	a = rec("runc", 0, 100, 5000);
	a.exit_code = 3;
	b = rec("podman", 1, 100, 0);
	b.stopped = 1;
	T_EQ_STR("merge-stopped-exit-unknown", container_merge(&a, &b), NULL);
	T_CHECK("merge-stopped-exit-unknown-kept", a.stopped == 1 && a.exit_code == 3);

	a = rec("runc", 0, 100, 5000);
	b = rec("docker", 1, 100, 0);
	b.host_network = 1;
	memcpy(b.ignored, "io.kubernetes.pod.name (set by the image)", 42);
	T_EQ_STR("merge-host-and-notes", container_merge(&a, &b), NULL);
	T_CHECK("merge-host-and-notes-carried",
		a.host_network == 1 &&
			!strcmp(a.ignored, "io.kubernetes.pod.name (set by the image)"));
	b = rec("runc", 0, 100, 5000);
	T_EQ_STR("merge-host-kept", container_merge(&a, &b), NULL);
	T_EQ_INT("merge-host-kept-flag", a.host_network, 1);
}

int main(void)
{
	reset();
	test_glob();
	test_pod_ref_parse();
	test_pod_ref_matches();
	test_identity_of();
	test_field_set();
	test_merge_fields();
	test_merge();
	return t_done();
}
