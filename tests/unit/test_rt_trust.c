/* SPDX-License-Identifier: ISC */
/* Unit tests for which keys give a container its identity: container_annotation (only the
 * family its writer owns; too long or contradicting values refused), docker_trust_labels (not
 * the labels its image brought), kube_log_name, and storage_parse_names (podman's names). */
#include "t_rt.h"

/* docker's imagedb config of an image built with LABELs (docker 20.10's shape). */
#define IMAGE_CFG(labels)                                                                          \
	"{\"architecture\":\"amd64\",\"config\":{\"Env\":[\"PATH=/usr/sbin:/usr/bin:/sbin:/"       \
	"bin\"],"                                                                                  \
	"\"Cmd\":[\"sh\"],\"Labels\":" labels "},\"container_config\":{\"Cmd\":[\"/bin/sh\","      \
	"\"-c\",\"#(nop) \",\"LABEL io.kubernetes.pod.uid=u-build\"],\"Labels\":{"                 \
	"\"io.kubernetes.pod.uid\":\"u-build\"}},\"created\":\"2026-11-27T13:40:40Z\","            \
	"\"docker_version\":\"20.10.24+dfsg1\",\"history\":[{\"created_by\":\"/bin/sh -c #(nop) "  \
	"LABEL\",\"empty_layer\":true}],\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\","         \
	"\"diff_ids\":[\"sha256:" ID2 "\"]}}"
#define IMAGE_LABELLED                                                                             \
	IMAGE_CFG("{\"io.container.manager\":\"cri-o\",\"io.kubernetes.pod.name\":\"web\","        \
		  "\"io.kubernetes.pod.namespace\":\"dev\"}")

static const char web_dev[] = "io.kubernetes.pod.name\0web\0io.kubernetes.pod.namespace\0dev";

static int trust(const char *labels, size_t n, const char *image)
{
	reset();
	return docker_trust_labels(&c, labels, n, image, image ? strlen(image) : 0, &err);
}

static void test_trust(void)
{
	static const char shim[] = "io.kubernetes.container.name\0app\0io.kubernetes.docker.type\0"
				   "container\0io.kubernetes.pod.name\0dpod\0io.kubernetes.pod."
				   "namespace\0dkns\0io.kubernetes.pod.uid\0u-9\0io.kubernetes."
				   "sandbox.id\0" ID2 "\0io.kubernetes.container.hash\0abc";

	T_EQ_INT("trust-image-labels", trust(web_dev, sizeof(web_dev), IMAGE_LABELLED), 0);
	T_EQ_STR("trust-image-labels-ignored", c.ignored,
		 "io.kubernetes.pod.name (set by the image), "
		 "io.kubernetes.pod.namespace (set by the image)");
	T_CHECK("trust-image-labels-no-identity", !c.pod_name[0] && !c.pod_ns[0]);
	T_EQ_INT("trust-no-image", trust(web_dev, sizeof(web_dev), NULL), 0);
	T_EQ_STR("trust-no-image-ignored", c.ignored,
		 "io.kubernetes.pod.name (image unknown), io.kubernetes.pod.namespace (image "
		 "unknown)");
	T_CHECK("trust-no-image-no-identity", !c.pod_name[0] && !c.pod_ns[0]);
	T_EQ_INT("trust-image-without-labels", trust(web_dev, sizeof(web_dev), IMAGE_CFG("null")),
		 0);
	T_EQ_STR("trust-image-without-labels-pod", c.pod_name, "web");
	T_EQ_STR("trust-image-without-labels-ns", c.pod_ns, "dev");
	T_EQ_STR("trust-image-without-labels-nothing-ignored", c.ignored, "");
	T_EQ_INT("trust-image-no-config", trust(web_dev, sizeof(web_dev), "{\"os\":\"linux\"}"), 0);
	T_EQ_STR("trust-image-no-config-pod", c.pod_name, "web");
	T_EQ_INT("trust-image-other-value",
		 trust(web_dev, sizeof(web_dev),
		       IMAGE_CFG("{\"io.kubernetes.pod.name\":\"db\","
				 "\"io.kubernetes.pod.namespace\":\"dev\"}")),
		 0);
	T_EQ_STR("trust-image-other-value-applied", c.pod_name, "web");
	T_EQ_STR("trust-image-other-value-same-ignored", c.pod_ns, "");
	T_EQ_STR("trust-image-other-value-note", c.ignored,
		 "io.kubernetes.pod.namespace (set by the image)");
	{
		/* Only config.Labels is the image's: container_config is a build step's. */
		static const char uid[] = "io.kubernetes.pod.uid\0u-build";

		T_EQ_INT("trust-container-config-not-image",
			 trust(uid, sizeof(uid), IMAGE_CFG("{}")), 0);
		T_EQ_STR("trust-container-config-not-image-uid", c.pod_uid, "u-build");
	}
	T_EQ_INT("trust-shim", trust(shim, sizeof(shim), IMAGE_CFG("{\"maintainer\":\"x\"}")), 0);
	T_EQ_STR("trust-shim-pod", c.pod_name, "dpod");
	T_EQ_STR("trust-shim-ns", c.pod_ns, "dkns");
	T_EQ_STR("trust-shim-uid", c.pod_uid, "u-9");
	T_EQ_STR("trust-shim-container", c.pod_container, "app");
	T_EQ_STR("trust-shim-sandbox-id", c.sandbox_id, ID2);
	T_EQ_INT("trust-shim-kind", c.kind_said, 2);
	T_EQ_INT("trust-shim-not-sandbox", c.sandbox, 0);
	{
		static const char sb[] = "io.kubernetes.docker.type\0podsandbox\0"
					 "io.kubernetes.container.name\0POD";

		T_EQ_INT("trust-shim-sandbox", trust(sb, sizeof(sb), IMAGE_CFG("{}")), 0);
		T_EQ_INT("trust-shim-sandbox-flag", c.sandbox, 1);
	}
	{
		static const char look[] = "io.kubernetes.cri.sandbox-name\0evil\0"
					   "io.kubernetes.cri-o.SandboxID\0" ID1 "\0"
					   "io.kubernetes.cri-o.HostNetwork\0true\0"
					   "io.kubernetes.cri-o.ContainerType\0sandbox";

		T_EQ_INT("trust-lookalikes", trust(look, sizeof(look), IMAGE_CFG("{}")), 0);
		T_CHECK("trust-lookalikes-ignored",
			!c.pod_name[0] && !c.sandbox_id[0] && !c.host_network && !c.kind_said);
	}
	{
		static const char two[] = "io.kubernetes.pod.name\0a\0io.kubernetes.pod.name\0b";

		T_EQ_INT("trust-contradicts", trust(two, sizeof(two), IMAGE_CFG("{}")), -1);
		T_EQ_STR("trust-contradicts-reason", err, "io.kubernetes.pod.name contradicts");
	}
	{
		char l[200];
		size_t n = 28;

		memcpy(l, "io.kubernetes.pod.namespace", n);
		memset(l + n, 'n', 64);
		l[n + 64] = '\0';
		T_EQ_INT("trust-too-long", trust(l, n + 65, IMAGE_CFG("{}")), -1);
		T_EQ_STR("trust-too-long-reason", err, "io.kubernetes.pod.namespace too long");
	}
	T_EQ_INT("trust-bad-image", trust(web_dev, sizeof(web_dev), "{\"config\":"), -1);
	T_EQ_STR("trust-bad-image-reason", err, "truncated");
	T_EQ_INT("trust-nothing", trust("", 0, "not json"), 0);
	T_EQ_STR("trust-nothing-no-note", c.ignored, "");
	{
		/* Notes that do not fit are left out, never cut. */
		static char many[2048];
		size_t n = 0;

		for (int i = 0; i < 20; i++) {
			n += (size_t)snprintf(many + n, sizeof(many) - n, "io.kubernetes.k%02d",
					      i) +
			     1;
			memcpy(many + n, "v", 2);
			n += 2;
		}
		T_EQ_INT("trust-many-notes", trust(many, n, NULL), 0);
		T_CHECK("trust-many-notes-whole",
			strlen(c.ignored) < sizeof(c.ignored) &&
				strcmp(c.ignored + strlen(c.ignored) - 15, "(image unknown)") == 0);
	}
}

/* The labelled image case with dockerd's own file: nscapt-dlabel runs an image whose LABELs
 * are io.kubernetes.pod.name=web, io.kubernetes.pod.namespace=dev. */
static void test_trust_fixture(void)
{
	char driver[32], labels[1024];
	size_t len;
	char *text = FIXTURE("fx-trust-dlabel",
			     "docker/running/" FX_DOCKER_DIR FX_DLABEL "/config.v2.json", &len);
	int n;

	if (!text)
		return;
	reset();
	n = docker_parse_config(text, len, FX_DLABEL, &c, driver, sizeof(driver), labels,
				sizeof(labels), &err);
	T_EQ_INT("fx-trust-dlabel-labels", n, (int)sizeof(web_dev));
	T_CHECK("fx-trust-dlabel-flat", n == (int)sizeof(web_dev) && !memcmp(labels, web_dev, 59));
	T_EQ_STR("fx-trust-dlabel-image", c.image,
		 "sha256:a1b297756ac6dd7ddda861b77f8003855773c0af1f536812a028710f793838ae");
	if (n > 0) {
		T_EQ_INT("fx-trust-dlabel-by-image",
			 docker_trust_labels(&c, labels, (size_t)n, IMAGE_LABELLED,
					     strlen(IMAGE_LABELLED), &err),
			 0);
		T_EQ_STR("fx-trust-dlabel-by-image-no-pod", c.pod_name, "");
		T_CHECK("fx-trust-dlabel-by-image-noted",
			strstr(c.ignored, "io.kubernetes.pod.name (set by the image)") != NULL);
		c.ignored[0] = '\0';
		T_EQ_INT("fx-trust-dlabel-image-unknown",
			 docker_trust_labels(&c, labels, (size_t)n, NULL, 0, &err), 0);
		T_EQ_STR("fx-trust-dlabel-image-unknown-no-pod", c.pod_name, "");
		T_CHECK("fx-trust-dlabel-image-unknown-noted",
			strstr(c.ignored, "io.kubernetes.pod.namespace (image unknown)") != NULL);
	}
	free(text);
}

static void test_annotation(void)
{
	static const char *const cri[] = {
		"io.kubernetes.cri.sandbox-namespace", "io.kubernetes.cri.sandbox-name",
		"io.kubernetes.cri.sandbox-uid",       "io.kubernetes.cri.container-name",
		"io.kubernetes.cri.sandbox-id",	       "io.kubernetes.cri.container-type",
	};
	static const char *const crio[] = {"io.kubernetes.cri-o.SandboxID",
					   "io.kubernetes.cri-o.ContainerType",
					   "io.kubernetes.cri-o.HostNetwork"};
	static const char *const shim[] = {"io.kubernetes.sandbox.id", "io.kubernetes.docker.type"};
	static const char *const shared[] = {"io.kubernetes.pod.namespace",
					     "io.kubernetes.pod.name", "io.kubernetes.pod.uid",
					     "io.kubernetes.container.name"};
	int ok = 1;

	reset();
	for (size_t i = 0; i < 6; i++)
		ok &= container_annotation(&c, FAM_CRI, cri[i], i == 5 ? "sandbox" : "v", &err) ==
		      0;
	T_CHECK("annotation-cri-all", ok && !strcmp(c.pod_ns, "v") && !strcmp(c.pod_name, "v") &&
					      !strcmp(c.pod_uid, "v") &&
					      !strcmp(c.pod_container, "v") &&
					      !strcmp(c.sandbox_id, "v") && c.sandbox == 1);
	/* Each family ignores the keys only another family owns, and FAM_NONE all of them. */
	reset();
	for (size_t i = 0; i < 4; i++)
		ok &= container_annotation(&c, FAM_CRI, shared[i], "x", &err) == 0;
	for (size_t i = 0; i < 3; i++)
		ok &= container_annotation(&c, FAM_CRI, crio[i], "true", &err) == 0;
	for (size_t i = 0; i < 2; i++)
		ok &= container_annotation(&c, FAM_CRI, shim[i], "podsandbox", &err) == 0 &&
		      container_annotation(&c, FAM_CRIO, shim[i], "podsandbox", &err) == 0;
	for (size_t i = 0; i < 6; i++)
		ok &= container_annotation(&c, FAM_CRIO, cri[i], "sandbox", &err) == 0 &&
		      container_annotation(&c, FAM_DOCKERSHIM, cri[i], "sandbox", &err) == 0;
	for (size_t i = 0; i < 3; i++)
		ok &= container_annotation(&c, FAM_DOCKERSHIM, crio[i], "true", &err) == 0;
	T_EQ_INT("annotation-lookalikes-accepted", ok, 1);
	T_CHECK("annotation-lookalikes-ignored",
		!c.pod_ns[0] && !c.pod_name[0] && !c.pod_uid[0] && !c.pod_container[0] &&
			!c.sandbox_id[0] && !c.kind_said && !c.sandbox && !c.host_network);
	for (size_t i = 0; i < 6; i++)
		ok &= container_annotation(&c, FAM_NONE, cri[i], "sandbox", &err) == 0;
	for (size_t i = 0; i < 4; i++)
		ok &= container_annotation(&c, FAM_NONE, shared[i], "x", &err) == 0;
	T_CHECK("annotation-none-ignores-all", ok && !c.pod_name[0] && !c.kind_said);
	/* CRI-O and the docker shim share the io.kubernetes.pod.* names. */
	T_EQ_INT("annotation-shim-pod",
		 container_annotation(&c, FAM_DOCKERSHIM, shared[1], "p", &err), 0);
	T_EQ_INT("annotation-crio-pod-same",
		 container_annotation(&c, FAM_CRIO, shared[1], "p", &err), 0);
	T_EQ_STR("annotation-shared-pod", c.pod_name, "p");
	T_EQ_INT("annotation-contradicts", container_annotation(&c, FAM_CRIO, shared[1], "q", &err),
		 -1);
	T_EQ_STR("annotation-contradicts-reason", err, "io.kubernetes.pod.name contradicts");
	T_EQ_STR("annotation-contradicts-kept", c.pod_name, "p");
	T_EQ_INT("annotation-empty-value", container_annotation(&c, FAM_CRIO, shared[1], "", &err),
		 0);
	T_EQ_STR("annotation-empty-value-kept", c.pod_name, "p");
	T_EQ_INT("annotation-key-case",
		 container_annotation(&c, FAM_CRIO, "IO.KUBERNETES.POD.NAME", "z", &err), 0);
	T_EQ_INT("annotation-key-space",
		 container_annotation(&c, FAM_CRIO, "io.kubernetes.pod.name ", "z", &err), 0);
	T_EQ_STR("annotation-key-exact", c.pod_name, "p");
	{
		char v[200];

		reset();
		memset(v, 'n', 63);
		v[63] = '\0';
		T_EQ_INT("annotation-ns-63", container_annotation(&c, FAM_CRI, cri[0], v, &err), 0);
		reset();
		memcpy(v + 63, "n", 2);
		T_EQ_INT("annotation-ns-64", container_annotation(&c, FAM_CRI, cri[0], v, &err),
			 -1);
		T_EQ_STR("annotation-ns-64-reason", err,
			 "io.kubernetes.cri.sandbox-namespace too long");
		T_EQ_STR("annotation-ns-64-not-cut", c.pod_ns, "");
		T_EQ_INT("annotation-uid-64",
			 container_annotation(&c, FAM_CRIO, shared[2], v, &err), -1);
		T_EQ_INT("annotation-ctr-64",
			 container_annotation(&c, FAM_CRIO, shared[3], v, &err), -1);
	}
	{
		char id[ID_MAX + 2];

		reset();
		memset(id, 'a', ID_MAX);
		id[ID_MAX] = '\0';
		T_EQ_INT("annotation-sandbox-id-max",
			 container_annotation(&c, FAM_CRIO, crio[0], id, &err), 0);
		reset();
		memcpy(id + ID_MAX, "a", 2);
		T_EQ_INT("annotation-sandbox-id-over-max",
			 container_annotation(&c, FAM_CRIO, crio[0], id, &err), -1);
	}
	reset();
	T_EQ_INT("annotation-kind-sandbox",
		 container_annotation(&c, FAM_CRI, cri[5], "sandbox", &err), 0);
	T_EQ_INT("annotation-kind-sandbox-again",
		 container_annotation(&c, FAM_CRI, cri[5], "sandbox", &err), 0);
	T_EQ_INT("annotation-kind-conflict",
		 container_annotation(&c, FAM_CRI, cri[5], "container", &err), -1);
	T_EQ_STR("annotation-kind-conflict-reason", err, "says it is a sandbox and a container");
	reset();
	T_EQ_INT("annotation-kind-shim-container",
		 container_annotation(&c, FAM_DOCKERSHIM, shim[1], "container", &err), 0);
	T_EQ_INT("annotation-kind-shim-sandbox-conflict",
		 container_annotation(&c, FAM_DOCKERSHIM, shim[1], "podsandbox", &err), -1);
	reset();
	T_EQ_INT("annotation-crio-host", container_annotation(&c, FAM_CRIO, crio[2], "true", &err),
		 0);
	T_EQ_INT("annotation-crio-host-flag", c.host_network, 1);
}

static int klog(const char *name, const char *id)
{
	reset();
	return kube_log_name(name, id, &c);
}

static void test_kube_log(void)
{
	char name[1024], part[300];

	T_EQ_INT("klog-ok", klog("web-7f9c_prod_nginx-" ID1 ".log", ID1), 0);
	T_EQ_STR("klog-ok-pod", c.pod_name, "web-7f9c");
	T_EQ_STR("klog-ok-ns", c.pod_ns, "prod");
	T_EQ_STR("klog-ok-container", c.pod_container, "nginx");
	T_EQ_STR("klog-ok-id-untouched", c.id, "");
	T_EQ_INT("klog-dashed-container", klog("web-7f9c_prod_log-shipper-" ID1 ".log", ID1), 0);
	T_EQ_STR("klog-dashed-container-name", c.pod_container, "log-shipper");
	T_EQ_INT("klog-wrong-id", klog("web-7f9c_prod_nginx-" ID2 ".log", ID1), -1);
	T_EQ_STR("klog-wrong-id-nothing-set", c.pod_name, "");
	T_EQ_INT("klog-id-suffix-only", klog("web-7f9c_prod_nginx-" ID1 ".log", ID1 + 8), -1);
	T_EQ_INT("klog-no-dash-before-id", klog("web-7f9c_prod_nginx" ID1 ".log", ID1), -1);
	T_EQ_INT("klog-not-log", klog("web-7f9c_prod_nginx-" ID1 ".txt", ID1), -1);
	T_EQ_INT("klog-log-gz", klog("web-7f9c_prod_nginx-" ID1 ".log.gz", ID1), -1);
	T_EQ_INT("klog-extra-underscore", klog("web-7f9c_prod_ngi_nx-" ID1 ".log", ID1), -1);
	T_EQ_INT("klog-one-underscore", klog("web_nginx-" ID1 ".log", ID1), -1);
	T_EQ_INT("klog-empty-pod", klog("_prod_nginx-" ID1 ".log", ID1), -1);
	T_EQ_INT("klog-empty-ns", klog("web__nginx-" ID1 ".log", ID1), -1);
	T_EQ_INT("klog-empty-container", klog("web_prod_-" ID1 ".log", ID1), -1);
	T_EQ_INT("klog-exactly-id", klog(ID1 ".log", ID1), -1);
	T_EQ_INT("klog-empty", klog("", ID1), -1);
	/* All or nothing: a part too long for its field changes nothing. */
	memset(part, 'p', 253);
	part[253] = '\0';
	snprintf(name, sizeof(name), "%s_prod_nginx-%s.log", part, ID1);
	T_EQ_INT("klog-pod-253", klog(name, ID1), 0);
	T_EQ_INT("klog-pod-253-whole", strlen(c.pod_name), 253);
	memcpy(part + 253, "p", 2);
	snprintf(name, sizeof(name), "%s_prod_nginx-%s.log", part, ID1);
	T_EQ_INT("klog-pod-254", klog(name, ID1), -1);
	T_EQ_STR("klog-pod-254-nothing-set", c.pod_ns, "");
	part[64] = '\0';
	snprintf(name, sizeof(name), "web_%s_nginx-%s.log", part, ID1);
	T_EQ_INT("klog-ns-64", klog(name, ID1), -1);
	part[63] = '\0';
	snprintf(name, sizeof(name), "web_%s_nginx-%s.log", part, ID1);
	T_EQ_INT("klog-ns-63", klog(name, ID1), 0);
	reset();
	memcpy(c.pod_name, "old", 4);
	memcpy(c.pod_ns, "oldns", 6);
	memcpy(part + 63, "c", 2);
	snprintf(name, sizeof(name), "web_prod_%s-%s.log", part, ID1);
	T_EQ_INT("klog-container-64", kube_log_name(name, ID1, &c), -1);
	T_CHECK("klog-container-64-record-unchanged",
		!strcmp(c.pod_name, "old") && !strcmp(c.pod_ns, "oldns") && !c.pod_container[0]);
	memset(part, 'p', 299);
	part[299] = '\0';
	snprintf(name, sizeof(name), "%s%s_prod_nginx-%s.log", part, part, ID1);
	T_EQ_INT("klog-over-buffer", klog(name, ID1), -1);
}

static int names(const char *text, struct storage_name **out, size_t *n)
{
	err = NULL;
	return storage_parse_names(text, strlen(text), out, n, &err);
}

static void test_storage_names(void)
{
	struct storage_name *s = NULL;
	size_t n = 99, len;
	char *text;

	T_EQ_INT("names-two",
		 names("[{\"id\":\"" ID1 "\",\"names\":[\"web\",\"alias\"]},"
		       "{\"id\":\"nscapt-c1\",\"names\":[],\"layer\":\"x\"}]",
		       &s, &n),
		 0);
	T_EQ_INT("names-two-count", n, 2);
	T_CHECK("names-two-first", s && !strcmp(s[0].id, ID1) && !strcmp(s[0].name, "web"));
	T_CHECK("names-two-second-no-name", s && !strcmp(s[1].id, "nscapt-c1") && !s[1].name[0]);
	free(s);
	T_EQ_INT("names-empty-array", names(" [ ] ", &s, &n), 0);
	T_EQ_INT("names-empty-array-count", n, 0);
	free(s);
	T_EQ_INT("names-no-names", names("[{\"id\":\"a\"},{\"id\":\"b\",\"names\":null}]", &s, &n),
		 0);
	T_CHECK("names-no-names-empty", n == 2 && !s[0].name[0] && !s[1].name[0]);
	free(s);
	T_EQ_INT("names-object", names("{\"id\":\"a\"}", &s, &n), -1);
	T_EQ_STR("names-object-reason", err, "not an array");
	T_CHECK("names-object-nothing", s == NULL && n == 0);
	T_EQ_INT("names-bad-id", names("[{\"id\":\"a\"},{\"id\":\"../x\"}]", &s, &n), -1);
	T_EQ_STR("names-bad-id-reason", err, "a container without a valid id");
	T_CHECK("names-bad-id-nothing", s == NULL && n == 0);
	T_EQ_INT("names-no-id", names("[{\"names\":[\"x\"]}]", &s, &n), -1);
	T_EQ_INT("names-id-number", names("[{\"id\":5}]", &s, &n), -1);
	T_EQ_INT("names-element-string", names("[\"" ID1 "\"]", &s, &n), -1);
	T_EQ_INT("names-id-twice", names("[{\"id\":\"a\",\"id\":\"b\"}]", &s, &n), -1);
	T_EQ_INT("names-name-number", names("[{\"id\":\"a\",\"names\":[5]}]", &s, &n), -1);
	T_EQ_STR("names-name-number-reason", err, "a name nscap cannot hold");
	{
		char doc[600], nm[300];

		memset(nm, 'n', 253);
		nm[253] = '\0';
		snprintf(doc, sizeof(doc), "[{\"id\":\"a\",\"names\":[\"%s\"]}]", nm);
		T_EQ_INT("names-name-253", names(doc, &s, &n), 0);
		T_CHECK("names-name-253-whole", n == 1 && strlen(s[0].name) == 253);
		free(s);
		memcpy(nm + 253, "n", 2);
		snprintf(doc, sizeof(doc), "[{\"id\":\"a\",\"names\":[\"%s\"]}]", nm);
		T_EQ_INT("names-name-254", names(doc, &s, &n), -1);
		T_CHECK("names-name-254-nothing", s == NULL && n == 0);
	}
	T_EQ_INT("names-truncated", names("[{\"id\":\"a\"}", &s, &n), -1);
	T_EQ_INT("names-nul-byte", storage_parse_names("[]\0", 3, &s, &n, &err), -1);
	T_EQ_STR("names-nul-byte-reason", err, "NUL byte");

	text = FIXTURE("fx-names-podman-pod", "podman/pod/" FX_PODMAN_DIR "containers.json", &len);
	if (text) {
		int infra = -1, pm1 = -1;

		T_EQ_INT("fx-names-podman-pod-parses", storage_parse_names(text, len, &s, &n, &err),
			 0);
		T_EQ_INT("fx-names-podman-pod-count", n, 9);
		for (size_t i = 0; s && i < n; i++) {
			if (!strcmp(s[i].id, FX_PINFRA))
				infra = (int)i;
			if (!strcmp(s[i].id, FX_PM1))
				pm1 = (int)i;
		}
		T_CHECK("fx-names-podman-infra",
			infra >= 0 && !strcmp(s[infra].name, "b344af9714fe-infra"));
		T_CHECK("fx-names-podman-member", pm1 >= 0 && !strcmp(s[pm1].name, "nscapt-pm1"));
		T_CHECK("fx-names-podman-first",
			s && !strcmp(s[0].id, FX_PWEB) && !strcmp(s[0].name, "nscapt-pweb"));
		free(s);
		free(text);
	}
}

int main(void)
{
	test_trust();
	test_trust_fixture();
	test_annotation();
	test_kube_log();
	test_storage_names();
	return t_done();
}
