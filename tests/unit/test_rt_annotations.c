/* SPDX-License-Identifier: ISC */
/* Unit tests for the container index's identity sources (rt_parse.c): oci_parse_config
 * (annotations), the annotations runc copies into state.json's config.labels,
 * container_annotation and valid_id. */
#include "t_rt.h"

/* ------------------------------------------------------------------------------------------ */
/* OCI config.json annotations */

static int oci(const char *annotations)
{
	char doc[8192];

	snprintf(doc, sizeof(doc),
		 "{\"ociVersion\":\"1.0.2\",\"process\":{\"args\":[\"/pause\"]},"
		 "\"root\":{\"path\":\"rootfs\"},\"annotations\":{%s},\"linux\":{"
		 "\"namespaces\":[{\"type\":\"network\",\"path\":\"/proc/1/ns/net\"}]}}",
		 annotations);
	reset();
	return oci_parse_config(doc, strlen(doc), &c, &err);
}

static void test_oci(void)
{
	/* containerd's CRI plugin: a sandbox and a container of it */
	T_EQ_INT("oci-containerd-sandbox",
		 oci("\"io.kubernetes.cri.container-type\":\"sandbox\","
		     "\"io.kubernetes.cri.sandbox-id\":\"" ID1 "\","
		     "\"io.kubernetes.cri.sandbox-name\":\"web-7f9c\","
		     "\"io.kubernetes.cri.sandbox-namespace\":\"prod\","
		     "\"io.kubernetes.cri.sandbox-uid\":\"1b2c-3d4e\","
		     "\"io.kubernetes.cri.sandbox-log-directory\":\"/var/log/pods/x\""),
		 0);
	T_EQ_INT("oci-containerd-sandbox-flag", c.sandbox, 1);
	T_EQ_STR("oci-containerd-sandbox-ns", c.pod_ns, "prod");
	T_EQ_STR("oci-containerd-sandbox-name", c.pod_name, "web-7f9c");
	T_EQ_STR("oci-containerd-sandbox-uid", c.pod_uid, "1b2c-3d4e");
	T_EQ_STR("oci-containerd-sandbox-id", c.sandbox_id, ID1);
	T_EQ_STR("oci-containerd-sandbox-no-container-name", c.pod_container, "");
	T_EQ_STR("oci-containerd-no-runtime", c.runtime, "");
	T_EQ_INT("oci-containerd-rank-0", c.rank, 0);

	T_EQ_INT("oci-containerd-container",
		 oci("\"io.kubernetes.cri.container-type\":\"container\","
		     "\"io.kubernetes.cri.container-name\":\"nginx\","
		     "\"io.kubernetes.cri.image-name\":\"docker.io/library/nginx:1\","
		     "\"io.kubernetes.cri.sandbox-id\":\"" ID1 "\","
		     "\"io.kubernetes.cri.sandbox-name\":\"web-7f9c\","
		     "\"io.kubernetes.cri.sandbox-namespace\":\"prod\""),
		 0);
	T_EQ_INT("oci-containerd-container-not-sandbox", c.sandbox, 0);
	T_EQ_STR("oci-containerd-container-name", c.pod_container, "nginx");
	T_EQ_STR("oci-containerd-container-pod", c.pod_name, "web-7f9c");
	T_EQ_STR("oci-containerd-container-ns", c.pod_ns, "prod");
	T_EQ_STR("oci-containerd-container-sandbox-id", c.sandbox_id, ID1);

	/* CRI-O */
	T_EQ_INT("oci-crio-sandbox",
		 oci("\"io.kubernetes.pod.name\":\"db-0\",\"io.kubernetes.pod.namespace\":\"prod\","
		     "\"io.kubernetes.pod.uid\":\"u-1\",\"io.kubernetes.container.name\":\"POD\","
		     "\"io.kubernetes.cri-o.ContainerType\":\"sandbox\","
		     "\"io.kubernetes.cri-o.SandboxID\":\"" ID2 "\","
		     "\"io.container.manager\":\"cri-o\""),
		 0);
	T_EQ_INT("oci-crio-sandbox-flag", c.sandbox, 1);
	T_EQ_STR("oci-crio-runtime", c.runtime, "cri-o");
	T_EQ_INT("oci-crio-rank-2", c.rank, 2);
	T_EQ_STR("oci-crio-pod-name", c.pod_name, "db-0");
	T_EQ_STR("oci-crio-pod-ns", c.pod_ns, "prod");
	T_EQ_STR("oci-crio-pod-uid", c.pod_uid, "u-1");
	T_EQ_STR("oci-crio-sandbox-id", c.sandbox_id, ID2);
	T_EQ_INT("oci-crio-no-host-network", c.host_network, 0);

	T_EQ_INT("oci-crio-container",
		 oci("\"io.kubernetes.pod.name\":\"db-0\",\"io.kubernetes.pod.namespace\":\"prod\","
		     "\"io.kubernetes.container.name\":\"redis\","
		     "\"io.kubernetes.cri-o.ContainerType\":\"container\","
		     "\"io.container.manager\":\"cri-o\""),
		 0);
	T_EQ_INT("oci-crio-container-not-sandbox", c.sandbox, 0);
	T_EQ_STR("oci-crio-container-name", c.pod_container, "redis");

	T_EQ_INT("oci-crio-host-network",
		 oci("\"io.kubernetes.cri-o.HostNetwork\":\"true\","
		     "\"io.container.manager\":\"cri-o\""),
		 0);
	T_EQ_INT("oci-crio-host-network-flag", c.host_network, 1);
	T_EQ_INT("oci-crio-host-network-false",
		 oci("\"io.kubernetes.cri-o.HostNetwork\":\"false\""), 0);
	T_EQ_INT("oci-crio-host-network-false-flag", c.host_network, 0);
	T_EQ_INT("oci-crio-host-network-TRUE", oci("\"io.kubernetes.cri-o.HostNetwork\":\"TRUE\""),
		 0);
	T_EQ_INT("oci-crio-host-network-TRUE-exact-only", c.host_network, 0);

	/* podman */
	T_EQ_INT("oci-podman", oci("\"io.container.manager\":\"libpod\""), 0);
	T_EQ_STR("oci-podman-runtime", c.runtime, "podman");
	T_EQ_INT("oci-podman-rank-2", c.rank, 2);
	T_EQ_INT("oci-unknown-manager", oci("\"io.container.manager\":\"lxc\""), 0);
	T_EQ_STR("oci-unknown-manager-no-runtime", c.runtime, "");
	T_EQ_INT("oci-unknown-manager-rank-0", c.rank, 0);
	T_EQ_INT("oci-manager-case", oci("\"io.container.manager\":\"CRI-O\""), 0);
	T_EQ_STR("oci-manager-case-exact-only", c.runtime, "");

	/* cri-dockerd's sandbox marker */
	T_EQ_INT("oci-docker-podsandbox", oci("\"io.kubernetes.docker.type\":\"podsandbox\""), 0);
	T_EQ_INT("oci-docker-podsandbox-flag", c.sandbox, 1);
	T_EQ_INT("oci-docker-type-container", oci("\"io.kubernetes.docker.type\":\"container\""),
		 0);
	T_EQ_INT("oci-docker-type-container-flag", c.sandbox, 0);
	T_EQ_INT("oci-container-type-other",
		 oci("\"io.kubernetes.cri.container-type\":\"Sandbox\""), 0);
	T_EQ_INT("oci-container-type-exact-only", c.sandbox, 0);

	/* Tolerated shapes */
	T_EQ_INT("oci-no-annotations", (reset(), oci_parse_config("{}", 2, &c, &err)), 0);
	T_EQ_STR("oci-no-annotations-empty", c.pod_name, "");
	T_EQ_INT("oci-empty-annotations", oci(""), 0);
	T_EQ_INT("oci-non-string-values-skipped",
		 oci("\"io.kubernetes.pod.name\":5,\"io.kubernetes.pod.namespace\":{\"a\":\"b\"},"
		     "\"io.kubernetes.container.name\":[\"x\"],\"io.kubernetes.pod.uid\":\"ok\""),
		 0);
	T_EQ_STR("oci-non-string-name-empty", c.pod_name, "");
	T_EQ_STR("oci-object-ns-empty", c.pod_ns, "");
	T_EQ_STR("oci-array-container-empty", c.pod_container, "");
	T_EQ_STR("oci-after-skipped-values-read", c.pod_uid, "ok");
	T_EQ_INT("oci-unrelated-keys", oci("\"org.opencontainers.image.title\":\"x\""), 0);
	T_EQ_STR("oci-unrelated-keys-nothing", c.pod_name, "");
	{
		static const char doc[] = "{\"annotations\":[\"io.kubernetes.pod.name\",\"x\"]}";

		reset();
		T_EQ_INT("oci-annotations-array", oci_parse_config(doc, strlen(doc), &c, &err), 0);
		T_EQ_STR("oci-annotations-array-ignored", c.pod_name, "");
	}
	{
		/* Only the top-level annotations object counts. */
		static const char doc[] =
			"{\"process\":{\"annotations\":{\"io.kubernetes.pod.name\":\"fake\"}}}";

		reset();
		T_EQ_INT("oci-nested-annotations", oci_parse_config(doc, strlen(doc), &c, &err), 0);
		T_EQ_STR("oci-nested-annotations-ignored", c.pod_name, "");
	}
	{
		/* Values longer than the field: left empty, never cut. */
		char ann[2048], big[400];

		memset(big, 'p', sizeof(big) - 1);
		big[sizeof(big) - 1] = '\0';
		snprintf(ann, sizeof(ann),
			 "\"io.kubernetes.pod.name\":\"%s\",\"io.kubernetes.pod.namespace\":\"%s\"",
			 big, big);
		T_EQ_INT("oci-overlong-values", oci(ann), 0);
		T_EQ_STR("oci-overlong-pod-name-empty", c.pod_name, "");
		T_EQ_STR("oci-overlong-pod-ns-empty", c.pod_ns, "");
	}
	/* Escapes decode: \u002d is '-' */
	T_EQ_INT("oci-escaped-value", oci("\"io.kubernetes.pod.name\":\"web\\u002d1\""), 0);
	T_EQ_STR("oci-escaped-value-decoded", c.pod_name, "web-1");
	T_EQ_INT("oci-escaped-nul-value", oci("\"io.kubernetes.pod.name\":\"web\\u0000x\""), 0);
	T_CHECK("oci-escaped-nul-not-truncated", strcmp(c.pod_name, "web") != 0);

	/* Malformed documents fail */
	reset();
	T_EQ_INT("oci-truncated", oci_parse_config("{\"annotations\":{\"a\":", 19, &c, &err), -1);
	T_CHECK("oci-truncated-reason", err != NULL && err[0] != '\0');
	reset();
	T_EQ_INT("oci-top-level-array", oci_parse_config("[]", 2, &c, &err), -1);
	{
		/* 100 levels of nesting: over JSON_MAX_DEPTH. */
		char doc[512];
		size_t n = 0;

		n += (size_t)snprintf(doc + n, sizeof(doc) - n, "{\"a\":");
		for (int i = 0; i < 100; i++)
			doc[n++] = '[';
		for (int i = 0; i < 100; i++)
			doc[n++] = ']';
		doc[n++] = '}';
		doc[n] = '\0';
		reset();
		T_EQ_INT("oci-too-deep", oci_parse_config(doc, n, &c, &err), -1);
	}
	{
		size_t len = (size_t)JSON_MAX_BYTES + 16;
		char *doc = malloc(len);

		if (doc) {
			memset(doc, ' ', len);
			memcpy(doc, "{\"annotations\":{}}", 18);
			reset();
			T_EQ_INT("oci-over-max-bytes", oci_parse_config(doc, len, &c, &err), -1);
			free(doc);
		}
	}
	{
		/* More tokens than JSON_MAX_TOKENS, well under the byte limit. */
		size_t len = 16 + 2 * (size_t)(JSON_MAX_TOKENS + 10);
		char *doc = malloc(len + 1);
		size_t n = 0;

		if (doc) {
			n += (size_t)snprintf(doc, len, "{\"a\":[");
			for (int i = 0; i < JSON_MAX_TOKENS + 1; i++) {
				doc[n++] = '1';
				doc[n++] = ',';
			}
			doc[n - 1] = ']';
			doc[n++] = '}';
			reset();
			T_EQ_INT("oci-too-many-tokens", oci_parse_config(doc, n, &c, &err), -1);
			free(doc);
		}
	}
}

/* ------------------------------------------------------------------------------------------ */
/* runc state.json: OCI annotations runc copies into config.labels */

static int runc_labels(const char *labels, const char *dir)
{
	char doc[4096];

	snprintf(doc, sizeof(doc),
		 "{\"id\":\"%s\",\"init_process_pid\":4321,\"init_process_start\":98765,"
		 "\"created\":\"2024-05-01T10:00:00Z\",\"config\":{\"rootfs\":\"/b/rootfs\","
		 "\"labels\":[%s]},\"rootless\":false}",
		 dir, labels);
	reset();
	return runc_parse_state(doc, strlen(doc), dir, &c, &err);
}

static void test_runc_labels(void)
{
	T_EQ_INT("runc-labels-containerd",
		 runc_labels("\"bundle=/run/containerd/io.containerd.runtime.v2.task/k8s.io/" ID1
			     "\",\"io.kubernetes.cri.container-type=container\","
			     "\"io.kubernetes.cri.container-name=nginx\","
			     "\"io.kubernetes.cri.sandbox-id=" ID2 "\","
			     "\"io.kubernetes.cri.sandbox-name=web\","
			     "\"io.kubernetes.cri.sandbox-namespace=prod\"",
			     ID1),
		 0);
	T_EQ_STR("runc-labels-sandbox-name", c.pod_name, "web");
	T_EQ_STR("runc-labels-sandbox-namespace", c.pod_ns, "prod");
	T_EQ_STR("runc-labels-container-name", c.pod_container, "nginx");
	T_EQ_STR("runc-labels-sandbox-id", c.sandbox_id, ID2);
	T_EQ_INT("runc-labels-not-sandbox", c.sandbox, 0);
	T_EQ_STR("runc-labels-bundle", c.bundle,
		 "/run/containerd/io.containerd.runtime.v2.task/k8s.io/" ID1);
	T_EQ_INT("runc-labels-pid", c.pid, 4321);
	T_EQ_INT("runc-labels-start", c.start, 98765);

	T_EQ_INT("runc-labels-crio-sandbox",
		 runc_labels("\"io.kubernetes.cri-o.ContainerType=sandbox\","
			     "\"io.container.manager=cri-o\",\"io.kubernetes.pod.name=db-0\","
			     "\"io.kubernetes.pod.namespace=prod\","
			     "\"io.kubernetes.cri-o.HostNetwork=true\",\"bundle=/b\"",
			     ID1),
		 0);
	T_EQ_INT("runc-labels-crio-sandbox-flag", c.sandbox, 1);
	T_EQ_STR("runc-labels-crio-runtime", c.runtime, "cri-o");
	T_EQ_INT("runc-labels-crio-rank", c.rank, 2);
	T_EQ_INT("runc-labels-crio-host-network", c.host_network, 1);

	/* A value holding '=' keeps everything after the first one */
	T_EQ_INT("runc-labels-value-with-equals",
		 runc_labels("\"io.kubernetes.pod.name=a=b\"", ID1), 0);
	T_EQ_STR("runc-labels-value-with-equals-kept", c.pod_name, "a=b");
	/* Labels without '=', non-strings and empty values are skipped */
	T_EQ_INT("runc-labels-odd-entries",
		 runc_labels("\"io.kubernetes.pod.name\",5,null,{\"a\":\"b\"},[\"x=y\"],"
			     "\"io.kubernetes.pod.namespace=\",\"io.kubernetes.container.name=c1\"",
			     ID1),
		 0);
	T_EQ_STR("runc-labels-no-equals-skipped", c.pod_name, "");
	T_EQ_STR("runc-labels-empty-value", c.pod_ns, "");
	T_EQ_STR("runc-labels-after-odd-entries", c.pod_container, "c1");
	T_EQ_STR("runc-labels-nested-array-not-a-label", c.bundle, "");
	/* Labels must not be taken from anywhere but config.labels */
	{
		static const char doc[] =
			"{\"id\":\"" ID1 "\",\"init_process_pid\":1,\"init_process_start\":2,"
			"\"labels\":[\"io.kubernetes.pod.name=fake\"],\"config\":{}}";

		reset();
		T_EQ_INT("runc-labels-top-level-ignored-ok",
			 runc_parse_state(doc, strlen(doc), ID1, &c, &err), 0);
		T_EQ_STR("runc-labels-top-level-ignored", c.pod_name, "");
	}
	/* A labels object (not array) is ignored, the state still reads */
	{
		static const char doc[] =
			"{\"id\":\"" ID1 "\",\"init_process_pid\":1,\"init_process_start\":2,"
			"\"config\":{\"labels\":{\"io.kubernetes.pod.name\":\"x\"}}}";

		reset();
		T_EQ_INT("runc-labels-object-ok", runc_parse_state(doc, strlen(doc), ID1, &c, &err),
			 0);
		T_EQ_STR("runc-labels-object-ignored", c.pod_name, "");
	}
	/* Failing state: no identity leaks from its labels */
	{
		static const char doc[] = "{\"id\":\"" ID1 "\",\"init_process_pid\":0,"
					  "\"init_process_start\":2,\"config\":{\"labels\":["
					  "\"io.kubernetes.pod.name=ghost\"]}}";

		reset();
		T_EQ_INT("runc-labels-bad-state", runc_parse_state(doc, strlen(doc), ID1, &c, &err),
			 -1);
		T_EQ_STR("runc-labels-bad-state-no-pod", c.pod_name, "");
	}
}

/* ------------------------------------------------------------------------------------------ */
/* container_annotation and valid_id */

static void test_annotation_and_ids(void)
{
	reset();
	/* Two key families naming one field must agree (a tenant's look-alike key cannot
	 * override the runtime's own), else the record is refused. */
	container_annotation(&c, "io.kubernetes.pod.name", "a");
	container_annotation(&c, "io.kubernetes.cri.sandbox-name", "a");
	T_EQ_INT("annotation-agreeing-keys-no-conflict", c.conflict, 0);
	container_annotation(&c, "io.kubernetes.cri.sandbox-name", "b");
	T_EQ_INT("annotation-disagreeing-keys-conflict", c.conflict, 1);
	reset();
	container_annotation(&c, "io.kubernetes.cri.container-type", "sandbox");
	T_EQ_INT("annotation-sandbox", c.sandbox, 1);
	container_annotation(&c, "io.kubernetes.cri-o.ContainerType", "container");
	T_EQ_INT("annotation-kind-disagreement-conflicts", c.conflict, 1);
	reset();
	container_annotation(&c, "io.kubernetes.cri-o.ContainerType", "container");
	container_annotation(&c, "io.kubernetes.docker.type", "container");
	T_EQ_INT("annotation-kind-agreement", c.conflict + c.sandbox, 0);
	reset();
	container_annotation(&c, "IO.KUBERNETES.POD.NAME", "x");
	T_EQ_STR("annotation-key-case-sensitive", c.pod_name, "");
	container_annotation(&c, "io.kubernetes.pod.name ", "x");
	T_EQ_STR("annotation-key-exact", c.pod_name, "");

	T_EQ_INT("valid-id-hex64", valid_id(ID1), 1);
	T_EQ_INT("valid-id-name", valid_id("k8s_app_dpod_dkns_u-9_0"), 1);
	T_EQ_INT("valid-id-dot", valid_id("."), 0);
	T_EQ_INT("valid-id-dotdot", valid_id(".."), 0);
	T_EQ_INT("valid-id-slash", valid_id("a/b"), 0);
	T_EQ_INT("valid-id-empty", valid_id(""), 0);
	T_EQ_INT("valid-id-space", valid_id("a b"), 0);
	T_EQ_INT("valid-id-colon", valid_id("pid:1"), 0);
	{
		char id[ID_MAX + 2];

		memset(id, 'a', sizeof(id) - 1);
		id[ID_MAX] = '\0';
		T_EQ_INT("valid-id-max", valid_id(id), 1);
		id[ID_MAX] = 'a';
		id[ID_MAX + 1] = '\0';
		T_EQ_INT("valid-id-over-max", valid_id(id), 0);
	}
}

int main(void)
{
	test_oci();
	test_runc_labels();
	test_annotation_and_ids();
	return t_done();
}
