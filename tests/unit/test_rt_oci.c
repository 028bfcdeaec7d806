/* SPDX-License-Identifier: ISC */
/* Unit tests for OCI config.json records (rt_parse.c: oci_parse_config with its cgroupsPath,
 * network namespace and annotations of one key family), and podman_pod_from_cgroup; the real
 * config.json files containerd, docker and podman wrote among them. */
#include "t_rt.h"

#define NETNS                                                                                      \
	"\"namespaces\":[{\"type\":\"pid\"},{\"type\":\"network\",\"path\":\"/proc/1/ns/net\"}]"

static int oci_doc(const char *doc, enum key_family fam)
{
	reset();
	return oci_parse_config(doc, strlen(doc), fam, &c, &err);
}

static int oci(enum key_family fam, const char *annotations)
{
	char doc[8192];

	snprintf(doc, sizeof(doc),
		 "{\"ociVersion\":\"1.0.2\",\"process\":{\"args\":[\"/pause\"]},"
		 "\"root\":{\"path\":\"rootfs\"},\"annotations\":{%s},\"linux\":{" NETNS "}}",
		 annotations);
	return oci_doc(doc, fam);
}

/* A config with this linux object. */
static int oci_linux(const char *linux_obj)
{
	char doc[8192];

	snprintf(doc, sizeof(doc), "{\"ociVersion\":\"1.0.2\",\"linux\":{%s}}", linux_obj);
	return oci_doc(doc, FAM_CRI);
}

static void test_oci_cri(void)
{
	static const char sandbox[] =
		"\"io.kubernetes.cri.container-type\":\"sandbox\","
		"\"io.kubernetes.cri.sandbox-id\":\"" ID1 "\","
		"\"io.kubernetes.cri.sandbox-name\":\"web-7f9c\","
		"\"io.kubernetes.cri.sandbox-namespace\":\"prod\","
		"\"io.kubernetes.cri.sandbox-uid\":\"1b2c-3d4e\","
		"\"io.kubernetes.cri.sandbox-log-directory\":\"/var/log/pods/x\"";

	T_EQ_INT("oci-cri-sandbox", oci(FAM_CRI, sandbox), 0);
	T_EQ_INT("oci-cri-sandbox-flag", c.sandbox, 1);
	T_EQ_INT("oci-cri-sandbox-kind", c.kind_said, 1);
	T_EQ_STR("oci-cri-sandbox-ns", c.pod_ns, "prod");
	T_EQ_STR("oci-cri-sandbox-name", c.pod_name, "web-7f9c");
	T_EQ_STR("oci-cri-sandbox-uid", c.pod_uid, "1b2c-3d4e");
	T_EQ_STR("oci-cri-sandbox-id", c.sandbox_id, ID1);
	T_EQ_STR("oci-cri-sandbox-no-container-name", c.pod_container, "");
	T_EQ_STR("oci-cri-no-runtime", c.runtime, "");
	T_EQ_INT("oci-cri-own-netns", c.host_network, 0);
	/* The same keys where containerd's CRI plugin is not the writer: nothing. */
	T_EQ_INT("oci-cri-keys-as-crio", oci(FAM_CRIO, sandbox), 0);
	T_CHECK("oci-cri-keys-as-crio-ignored",
		!c.pod_name[0] && !c.pod_ns[0] && !c.sandbox_id[0] && !c.kind_said);
	T_EQ_INT("oci-cri-keys-as-none", oci(FAM_NONE, sandbox), 0);
	T_CHECK("oci-cri-keys-as-none-ignored", !c.pod_name[0] && !c.sandbox && !c.kind_said);
	T_EQ_INT("oci-cri-keys-as-dockershim", oci(FAM_DOCKERSHIM, sandbox), 0);
	T_CHECK("oci-cri-keys-as-dockershim-ignored", !c.pod_name[0] && !c.kind_said);

	T_EQ_INT("oci-cri-container",
		 oci(FAM_CRI, "\"io.kubernetes.cri.container-type\":\"container\","
			      "\"io.kubernetes.cri.container-name\":\"nginx\","
			      "\"io.kubernetes.cri.image-name\":\"docker.io/library/nginx:1\","
			      "\"io.kubernetes.cri.sandbox-id\":\"" ID1 "\","
			      "\"io.kubernetes.cri.sandbox-name\":\"web-7f9c\","
			      "\"io.kubernetes.cri.sandbox-namespace\":\"prod\""),
		 0);
	T_EQ_INT("oci-cri-container-not-sandbox", c.sandbox, 0);
	T_EQ_INT("oci-cri-container-kind", c.kind_said, 2);
	T_EQ_STR("oci-cri-container-name", c.pod_container, "nginx");
	T_EQ_STR("oci-cri-container-pod", c.pod_name, "web-7f9c");
	T_EQ_INT("oci-cri-type-not-exact",
		 oci(FAM_CRI, "\"io.kubernetes.cri.container-type\":\"Sandbox\""), 0);
	T_EQ_INT("oci-cri-type-not-exact-is-container", c.sandbox, 0);
	/* Look-alikes of the other families, beside containerd's own keys. */
	T_EQ_INT("oci-cri-lookalikes",
		 oci(FAM_CRI, "\"io.kubernetes.pod.name\":\"evil\","
			      "\"io.kubernetes.pod.namespace\":\"kube-system\","
			      "\"io.kubernetes.cri-o.ContainerType\":\"sandbox\","
			      "\"io.kubernetes.docker.type\":\"podsandbox\","
			      "\"io.kubernetes.cri-o.HostNetwork\":\"true\","
			      "\"io.kubernetes.cri.sandbox-name\":\"web\","
			      "\"io.kubernetes.cri.sandbox-namespace\":\"prod\""),
		 0);
	T_EQ_STR("oci-cri-lookalikes-pod", c.pod_name, "web");
	T_EQ_STR("oci-cri-lookalikes-ns", c.pod_ns, "prod");
	T_EQ_INT("oci-cri-lookalikes-kind", c.kind_said, 0);
	T_EQ_INT("oci-cri-lookalikes-no-host-network", c.host_network, 0);
}

static void test_oci_crio(void)
{
	T_EQ_INT("oci-crio-sandbox",
		 oci(FAM_CRIO,
		     "\"io.kubernetes.pod.name\":\"db-0\",\"io.kubernetes.pod.namespace\":\"prod\","
		     "\"io.kubernetes.pod.uid\":\"u-1\",\"io.kubernetes.container.name\":\"POD\","
		     "\"io.kubernetes.cri-o.ContainerType\":\"sandbox\","
		     "\"io.kubernetes.cri-o.SandboxID\":\"" ID2 "\","
		     "\"io.container.manager\":\"cri-o\""),
		 0);
	T_EQ_INT("oci-crio-sandbox-flag", c.sandbox, 1);
	T_EQ_STR("oci-crio-manager-not-runtime", c.runtime, "");
	T_EQ_STR("oci-crio-pod-name", c.pod_name, "db-0");
	T_EQ_STR("oci-crio-pod-ns", c.pod_ns, "prod");
	T_EQ_STR("oci-crio-pod-uid", c.pod_uid, "u-1");
	T_EQ_STR("oci-crio-sandbox-container-name", c.pod_container, "POD");
	T_EQ_STR("oci-crio-sandbox-id", c.sandbox_id, ID2);
	T_EQ_INT("oci-crio-no-host-network", c.host_network, 0);
	T_EQ_INT("oci-crio-host-network",
		 oci(FAM_CRIO, "\"io.kubernetes.cri-o.HostNetwork\":\"true\""), 0);
	T_EQ_INT("oci-crio-host-network-flag", c.host_network, 1);
	T_EQ_INT("oci-crio-host-network-false",
		 oci(FAM_CRIO, "\"io.kubernetes.cri-o.HostNetwork\":\"false\""), 0);
	T_EQ_INT("oci-crio-host-network-false-flag", c.host_network, 0);
	T_EQ_INT("oci-crio-host-network-TRUE",
		 oci(FAM_CRIO, "\"io.kubernetes.cri-o.HostNetwork\":\"TRUE\""), 0);
	T_EQ_INT("oci-crio-host-network-exact-only", c.host_network, 0);
	T_EQ_INT("oci-crio-host-network-not-string",
		 oci(FAM_CRIO, "\"io.kubernetes.cri-o.HostNetwork\":true"), -1);
	T_EQ_INT("oci-crio-lookalikes",
		 oci(FAM_CRIO, "\"io.kubernetes.cri.sandbox-name\":\"evil\","
			       "\"io.kubernetes.sandbox.id\":\"" ID1 "\","
			       "\"io.kubernetes.docker.type\":\"podsandbox\","
			       "\"io.kubernetes.cri.container-type\":\"sandbox\""),
		 0);
	T_CHECK("oci-crio-lookalikes-ignored", !c.pod_name[0] && !c.sandbox_id[0] && !c.kind_said);
}

static void test_oci_annotations(void)
{
	T_EQ_INT("oci-no-annotations", oci_doc("{}", FAM_CRI), 0);
	T_EQ_STR("oci-no-annotations-empty", c.pod_name, "");
	T_EQ_INT("oci-no-linux-is-host-network", c.host_network, 1);
	T_EQ_INT("oci-empty-annotations", oci(FAM_CRIO, ""), 0);
	T_EQ_INT("oci-identity-value-number", oci(FAM_CRIO, "\"io.kubernetes.pod.name\":5"), -1);
	T_EQ_STR("oci-identity-value-number-reason", err,
		 "an identity annotation is not a string nscap can hold");
	T_EQ_INT("oci-identity-value-object",
		 oci(FAM_CRIO, "\"io.kubernetes.pod.namespace\":{\"a\":\"b\"}"), -1);
	T_EQ_INT("oci-identity-value-array", oci(FAM_CRI, "\"io.kubernetes.cri.sandbox-name\":[]"),
		 -1);
	T_EQ_INT("oci-other-keys-any-shape",
		 oci(FAM_CRIO,
		     "\"org.example\":5,\"a\":{\"b\":[1]},\"io.kubernetes.pod.uid\":\"ok\""),
		 0);
	T_EQ_STR("oci-other-keys-any-shape-read-on", c.pod_uid, "ok");
	T_EQ_INT("oci-annotations-array-cri",
		 oci_doc("{\"annotations\":[\"io.kubernetes.cri.sandbox-name\",\"x\"]}", FAM_CRI),
		 -1);
	T_EQ_STR("oci-annotations-array-reason", err, "annotations are not an object");
	T_EQ_INT("oci-annotations-array-none",
		 oci_doc("{\"annotations\":[\"io.kubernetes.pod.name\",\"x\"]}", FAM_NONE), 0);
	T_EQ_INT("oci-nested-annotations",
		 oci_doc("{\"process\":{\"annotations\":{\"io.kubernetes.pod.name\":\"fake\"}}}",
			 FAM_CRIO),
		 0);
	T_EQ_STR("oci-nested-annotations-ignored", c.pod_name, "");
	/* A key twice is refused by the parser, whatever the values; a contradiction between a
	 * key and its look-alike of the same family is the annotation code's. */
	T_EQ_INT("oci-duplicate-same-value-refused",
		 oci(FAM_CRIO, "\"io.kubernetes.pod.name\":\"a\",\"io.kubernetes.pod.name\":\"a\""),
		 -1);
	T_EQ_STR("oci-duplicate-reason", err, "a key given twice in one object");
	T_EQ_INT("oci-duplicate-escaped-key-refused",
		 oci(FAM_CRIO,
		     "\"io.kubernetes.pod.name\":\"a\",\"io.kubernetes.pod.nam\\u0065\":\"b\""),
		 -1);
	T_EQ_INT("oci-kind-contradicts",
		 oci(FAM_CRI, "\"io.kubernetes.cri.container-type\":\"sandbox\","
			      "\"io.kubernetes.cri.container-type\":\"container\""),
		 -1);
	{
		char ann[2048], big[300];

		memset(big, 'p', 254);
		big[254] = '\0';
		snprintf(ann, sizeof(ann), "\"io.kubernetes.pod.name\":\"%s\"", big);
		T_EQ_INT("oci-value-too-long", oci(FAM_CRIO, ann), -1);
		T_EQ_STR("oci-value-too-long-reason", err, "io.kubernetes.pod.name too long");
		T_EQ_STR("oci-value-too-long-not-cut", c.pod_name, "");
		big[253] = '\0';
		snprintf(ann, sizeof(ann), "\"io.kubernetes.pod.name\":\"%s\"", big);
		T_EQ_INT("oci-value-253", oci(FAM_CRIO, ann), 0);
		T_EQ_INT("oci-value-253-whole", strlen(c.pod_name), 253);
	}
	{
		/* Longer than any value nscap decodes: refused, not skipped. */
		static char ann[6000];
		int n = snprintf(ann, sizeof(ann), "\"io.kubernetes.pod.name\":\"");

		memset(ann + n, 'q', 5000);
		memcpy(ann + n + 5000, "\"", 2);
		T_EQ_INT("oci-value-huge", oci(FAM_CRIO, ann), -1);
	}
	T_EQ_INT("oci-escaped-value", oci(FAM_CRIO, "\"io.kubernetes.pod.name\":\"web\\u002d1\""),
		 0);
	T_EQ_STR("oci-escaped-value-decoded", c.pod_name, "web-1");
	T_EQ_INT("oci-escaped-nul-value",
		 oci(FAM_CRIO, "\"io.kubernetes.pod.name\":\"web\\u0000x\""), -1);
	T_EQ_STR("oci-escaped-nul-not-cut", c.pod_name, "");
	T_EQ_INT("oci-bad-escape-value", oci(FAM_CRIO, "\"io.kubernetes.pod.name\":\"a\\ud800\""),
		 -1);
	T_EQ_INT("oci-error-no-host-network",
		 oci_doc("{\"annotations\":{\"io.kubernetes.pod.name\":1}}", FAM_CRIO), -1);
	T_EQ_INT("oci-error-no-host-network-flag", c.host_network, 0);
}

static void test_oci_cgroup_netns(void)
{
	/* systemd's "slice:prefix:name", as runc expands it: each '-' of a slice is a level. */
	static const struct {
		const char *name, *path, *want;
	} systemd[] = {
		{"oci-cgroup-systemd-kubepods", "kubepods-burstable-pod1.slice:cri-containerd:" ID1,
		 "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod1.slice/"
		 "cri-containerd-" ID1 ".scope"},
		{"oci-cgroup-systemd-docker", "system.slice:docker:" ID1,
		 "/system.slice/docker-" ID1 ".scope"},
		{"oci-cgroup-systemd-crio", "kubepods-besteffort-podab_cd.slice:crio:" ID2,
		 "/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-podab_cd.slice/"
		 "crio-" ID2 ".scope"},
		{"oci-cgroup-systemd-machine", "machine.slice:libpod:" ID1,
		 "/machine.slice/libpod-" ID1 ".scope"},
		{"oci-cgroup-systemd-root-slice", "-.slice:p:n", "/p-n.scope"},
	};

	T_EQ_INT("oci-cgroup-plain", oci_linux("\"cgroupsPath\":\"/default/nscapt-c1\"," NETNS), 0);
	T_EQ_STR("oci-cgroup-plain-path", c.cgroup, "/default/nscapt-c1");
	T_EQ_INT("oci-cgroup-plain-own-netns", c.host_network, 0);
	for (size_t i = 0; i < sizeof(systemd) / sizeof(systemd[0]); i++) {
		char l[512];

		snprintf(l, sizeof(l), "\"cgroupsPath\":\"%s\"", systemd[i].path);
		T_EQ_INT(tn(systemd[i].name, "parses"), oci_linux(l), 0);
		T_EQ_STR(systemd[i].name, c.cgroup, systemd[i].want);
	}
	T_EQ_INT("oci-cgroup-one-colon", oci_linux("\"cgroupsPath\":\"system.slice:" ID1 "\""), -1);
	T_EQ_STR("oci-cgroup-one-colon-reason", err, "cgroupsPath malformed or too long");
	T_EQ_INT("oci-cgroup-not-string", oci_linux("\"cgroupsPath\":7"), -1);
	T_EQ_INT("oci-cgroup-empty", oci_linux("\"cgroupsPath\":\"\""), 0);
	T_EQ_STR("oci-cgroup-empty-none", c.cgroup, "");
	{
		char l[700];
		int n = snprintf(l, sizeof(l), "\"cgroupsPath\":\"/");

		memset(l + n, 'g', 511);
		memcpy(l + n + 511, "\"", 2);
		T_EQ_INT("oci-cgroup-too-long", oci_linux(l), -1);
		T_EQ_STR("oci-cgroup-too-long-not-cut", c.cgroup, "");
	}
	{
		/* A record that already knows its cgroup keeps it. */
		static const char doc[] = "{\"linux\":{\"cgroupsPath\":\"/other\"}}";

		reset();
		memcpy(c.cgroup, "/mine", 6);
		T_EQ_INT("oci-cgroup-kept", oci_parse_config(doc, strlen(doc), FAM_NONE, &c, &err),
			 0);
		T_EQ_STR("oci-cgroup-kept-path", c.cgroup, "/mine");
	}
	/* No network namespace of its own: the host's. */
	T_EQ_INT("oci-netns-none",
		 oci_linux("\"namespaces\":[{\"type\":\"pid\"},{\"type\":\"mount\"}]"), 0);
	T_EQ_INT("oci-netns-none-host", c.host_network, 1);
	T_EQ_INT("oci-netns-new", oci_linux("\"namespaces\":[{\"type\":\"network\"}]"), 0);
	T_EQ_INT("oci-netns-new-not-host", c.host_network, 0);
	T_EQ_INT("oci-netns-empty-list", oci_linux("\"namespaces\":[]"), 0);
	T_EQ_INT("oci-netns-empty-list-host", c.host_network, 1);
	T_EQ_INT("oci-netns-not-array", oci_linux("\"namespaces\":{\"type\":\"network\"}"), 0);
	T_EQ_INT("oci-netns-not-array-host", c.host_network, 1);
	T_EQ_INT("oci-netns-type-case", oci_linux("\"namespaces\":[{\"type\":\"Network\"}]"), 0);
	T_EQ_INT("oci-netns-type-case-host", c.host_network, 1);

	T_EQ_INT("oci-truncated", oci_doc("{\"annotations\":{\"a\":", FAM_CRI), -1);
	T_EQ_STR("oci-truncated-reason", err, "truncated");
	T_EQ_INT("oci-top-level-array", oci_doc("[]", FAM_CRI), -1);
	{
		char doc[512];
		size_t n = (size_t)snprintf(doc, sizeof(doc), "{\"a\":");

		for (int i = 0; i < 100; i++)
			doc[n++] = '[';
		for (int i = 0; i < 100; i++)
			doc[n++] = ']';
		memcpy(doc + n, "}", 2);
		T_EQ_INT("oci-too-deep", oci_doc(doc, FAM_CRI), -1);
	}
	{
		size_t len = (size_t)JSON_MAX_BYTES + 16;
		char *doc = malloc(len);

		T_CHECK("oci-over-max-bytes-alloc", doc != NULL);
		if (doc) {
			memset(doc, ' ', len);
			memcpy(doc, "{\"annotations\":{}}", 18);
			reset();
			T_EQ_INT("oci-over-max-bytes",
				 oci_parse_config(doc, len, FAM_CRI, &c, &err), -1);
			T_EQ_STR("oci-over-max-bytes-reason", err, "file too large");
			free(doc);
		}
	}
	{
		size_t len = 16 + 2 * (size_t)(JSON_MAX_TOKENS + 10), n;
		char *doc = malloc(len + 1);

		T_CHECK("oci-too-many-tokens-alloc", doc != NULL);
		if (doc) {
			n = (size_t)snprintf(doc, len, "{\"a\":[");
			for (int i = 0; i < JSON_MAX_TOKENS + 1; i++) {
				doc[n++] = '1';
				doc[n++] = ',';
			}
			doc[n - 1] = ']';
			doc[n++] = '}';
			reset();
			T_EQ_INT("oci-too-many-tokens", oci_parse_config(doc, n, FAM_CRI, &c, &err),
				 -1);
			T_EQ_STR("oci-too-many-tokens-reason", err, "too many tokens");
			free(doc);
		}
	}
}

/* config.json as containerd (ctr), dockerd and podman wrote it. */
static void test_oci_fixtures(void)
{
	static const struct {
		const char *name, *rel;
		enum key_family fam;
		const char *cgroup, *podman_pod;
		int host;
	} fx[] = {
		{"fx-oci-containerd", "containerd/running/" FX_TASK_DIR "default/nscapt-c1",
		 FAM_CRI, "/default/nscapt-c1", "", 0},
		{"fx-oci-containerd-ns2", "containerd/running/" FX_TASK_DIR "nscapt-ns2/nscapt-c2",
		 FAM_CRI, "/nscapt-ns2/nscapt-c2", "", 0},
		{"fx-oci-containerd-host", "containerd/running/" FX_TASK_DIR "default/nscapt-chost",
		 FAM_CRI, "/default/nscapt-chost", "", 1},
		/* docker's --network host joins a bind mount of the host's netns: hostconfig.json
		 * says it is the host's, not this file. */
		{"fx-oci-docker-host", "docker/running/" FX_TASK_DIR "moby/" FX_DHOST, FAM_NONE,
		 "/docker/" FX_DHOST, "", 0},
		{"fx-oci-docker-side", "docker/running/" FX_TASK_DIR "moby/" FX_DSIDE, FAM_NONE,
		 "/docker/" FX_DSIDE, "", 0},
		{"fx-oci-podman", "podman/running/" FX_PODMAN_DIR FX_PWEB "/userdata", FAM_NONE,
		 "/libpod_parent/libpod-" FX_PWEB, "", 0},
		{"fx-oci-podman-host", "podman/running/" FX_PODMAN_DIR FX_PHOST "/userdata",
		 FAM_NONE, "/libpod_parent/libpod-" FX_PHOST, "", 1},
		{"fx-oci-podman-annotated", "podman/running/" FX_PODMAN_DIR FX_PANNOT "/userdata",
		 FAM_NONE, "/libpod_parent/libpod-" FX_PANNOT, "", 0},
		{"fx-oci-podman-infra", "podman/pod/" FX_PODMAN_DIR FX_PINFRA "/userdata", FAM_NONE,
		 "/libpod_parent/" FX_POD "/libpod-" FX_PINFRA, FX_POD, 0},
		{"fx-oci-podman-pod-member", "podman/pod/" FX_PODMAN_DIR FX_PM1 "/userdata",
		 FAM_NONE, "/libpod_parent/" FX_POD "/libpod-" FX_PM1, FX_POD, 0},
	};
	char rel[512];

	for (size_t i = 0; i < sizeof(fx) / sizeof(fx[0]); i++) {
		size_t len;
		char *text;

		snprintf(rel, sizeof(rel), "%s/config.json", fx[i].rel);
		text = FIXTURE(fx[i].name, rel, &len);
		if (!text)
			continue;
		reset();
		T_EQ_INT(tn(fx[i].name, "parses"), oci_parse_config(text, len, fx[i].fam, &c, &err),
			 0);
		T_EQ_STR(tn(fx[i].name, "cgroup"), c.cgroup, fx[i].cgroup);
		T_EQ_INT(tn(fx[i].name, "host-network"), c.host_network, fx[i].host);
		T_CHECK(tn(fx[i].name, "no-identity"),
			!c.pod_name[0] && !c.pod_ns[0] && !c.sandbox_id[0] && !c.kind_said);
		podman_pod_from_cgroup(&c);
		T_EQ_STR(tn(fx[i].name, "podman-pod"), c.podman_pod, fx[i].podman_pod);
		free(text);
	}
}

static void test_podman_pod(void)
{
	static const struct {
		const char *name, *cgroup, *pod;
	} cases[] = {
		{"podman-pod-cgroupfs", "/libpod_parent/" FX_POD "/libpod-" ID1, FX_POD},
		{"podman-pod-systemd",
		 "/machine.slice/machine-libpod_pod_" FX_POD ".slice/libpod-" ID1 ".scope", FX_POD},
		{"podman-pod-conmon", "/libpod_parent/" FX_POD "/conmon", FX_POD},
		{"podman-pod-none-cgroupfs", "/libpod_parent/libpod-" ID1, ""},
		{"podman-pod-none-systemd", "/machine.slice/libpod-" ID1 ".scope", ""},
		{"podman-pod-short", "/libpod_parent/4f1b2c3d4e5f/libpod-" ID1, ""},
		{"podman-pod-65", "/libpod_parent/" ID1 "0/libpod-" ID2, ""},
		{"podman-pod-docker", "/docker/" ID1, ""},
		{"podman-pod-empty", "", ""},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		reset();
		snprintf(c.cgroup, sizeof(c.cgroup), "%s", cases[i].cgroup);
		podman_pod_from_cgroup(&c);
		T_EQ_STR(cases[i].name, c.podman_pod, cases[i].pod);
	}
}

int main(void)
{
	test_oci_cri();
	test_oci_crio();
	test_oci_annotations();
	test_oci_cgroup_netns();
	test_oci_fixtures();
	test_podman_pod();
	return t_done();
}
