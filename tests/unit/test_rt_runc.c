/* SPDX-License-Identifier: ISC */
/* Unit tests for runc's state.json (rt_parse.c: runc_parse_state): PID, start time, cgroup
 * (a path, or systemd's parent, prefix and name), bundle, and labels that give identity only
 * for the family its reader believes; the real runc state files of tests/fixtures/runtimes. */
#include "t_rt.h"

#define RUNC_HEAD "{\"id\":\"abcd1234\","
#define RUNC_TAIL                                                                                  \
	"\"created\":\"2024-05-01T10:00:00.123456789Z\",\"config\":{\"no_pivot_root\":false,"      \
	"\"rootfs\":\"/tmp/rt/b/rootfs\",\"namespaces\":[{\"type\":\"pid\",\"path\":\"\"},"        \
	"{\"type\":\"network\",\"path\":\"\"}],\"cgroups\":{\"path\":\"/nscapt/abcd1234\","        \
	"\"scope_prefix\":\"\",\"Resources\":{\"memory\":0}},\"labels\":["                         \
	"\"io.kubernetes.pod.name=x\",\"bundle=/tmp/rt/b\"],\"no_new_keyring\":false},"            \
	"\"rootless\":false,\"cgroup_paths\":{\"pids\":\"/sys/fs/cgroup/pids/nscapt/abcd1234\"},"  \
	"\"namespace_paths\":{\"NEWNET\":\"/proc/10682/ns/net\"},\"external_descriptors\":"        \
	"[\"/dev/null\",\"/dev/null\",\"/dev/null\"],\"intel_rdt_path\":\"\"}"
#define RUNC_OK RUNC_HEAD "\"init_process_pid\":10682,\"init_process_start\":42021," RUNC_TAIL

static int runc_fam(const char *text, const char *dir, enum key_family fam)
{
	reset();
	return runc_parse_state(text, strlen(text), dir, fam, &c, &err);
}

static int runc(const char *text, const char *dir)
{
	return runc_fam(text, dir, FAM_NONE);
}

/* A state of container ID1 with these labels and config.cgroups members. */
static int runc_with(const char *labels, const char *cgroups, enum key_family fam)
{
	char doc[16384];

	snprintf(doc, sizeof(doc),
		 "{\"id\":\"" ID1 "\",\"init_process_pid\":4321,\"init_process_start\":98765,"
		 "\"config\":{\"rootfs\":\"/b/rootfs\",\"cgroups\":{%s},\"labels\":[%s]}}",
		 cgroups, labels);
	return runc_fam(doc, ID1, fam);
}

static void test_runc_state(void)
{
	T_EQ_INT("runc-state-ok", runc(RUNC_OK, "abcd1234"), 0);
	T_EQ_STR("runc-state-id", c.id, "abcd1234");
	T_EQ_INT("runc-state-pid", c.pid, 10682);
	T_EQ_INT("runc-state-start", c.start, 42021);
	T_EQ_STR("runc-state-bundle-label", c.bundle, "/tmp/rt/b");
	T_EQ_STR("runc-state-cgroup-path", c.cgroup, "/nscapt/abcd1234");
	T_EQ_STR("runc-state-no-identity-from-labels", c.pod_name, "");
	T_EQ_STR("runc-state-no-runtime", c.runtime, "");
	T_EQ_INT("runc-state-not-managed", c.managed, 0);
	T_EQ_INT("runc-state-not-stopped", c.stopped, 0);

	T_EQ_INT("runc-state-no-config-ok",
		 runc("{\"id\":\"abcd1234\",\"init_process_pid\":1,\"init_process_start\":5}",
		      "abcd1234"),
		 0);
	T_EQ_STR("runc-state-no-config-empty-bundle", c.bundle, "");
	T_EQ_STR("runc-state-no-config-empty-cgroup", c.cgroup, "");
	T_EQ_INT("runc-state-pid-max",
		 runc("{\"id\":\"a\",\"init_process_pid\":4194304,\"init_process_start\":5}", "a"),
		 0);

	T_EQ_INT("runc-state-id-mismatch", runc(RUNC_OK, "abcd12345"), -1);
	T_EQ_STR("runc-state-id-mismatch-reason", err, "id missing or not the directory's name");
	T_EQ_INT("runc-state-id-prefix-mismatch", runc(RUNC_OK, "abcd"), -1);
	T_EQ_INT("runc-state-id-missing",
		 runc("{\"init_process_pid\":1,\"init_process_start\":5}", "a"), -1);
	T_EQ_INT("runc-state-id-not-string",
		 runc("{\"id\":5,\"init_process_pid\":1,\"init_process_start\":5}", "5"), -1);
	T_EQ_INT("runc-state-id-twice",
		 runc("{\"id\":\"a\",\"id\":\"a\",\"init_process_pid\":1,\"init_process_start\":5}",
		      "a"),
		 -1);
	{
		char doc[512], id[ID_MAX + 2];

		memset(id, 'i', sizeof(id) - 1);
		id[ID_MAX + 1] = '\0';
		snprintf(doc, sizeof(doc),
			 "{\"id\":\"%s\",\"init_process_pid\":1,\"init_process_start\":5}", id);
		T_EQ_INT("runc-state-id-over-max", runc(doc, id), -1);
	}
	T_EQ_INT("runc-state-missing-pid",
		 runc(RUNC_HEAD "\"init_process_start\":42021," RUNC_TAIL, "abcd1234"), -1);
	T_EQ_STR("runc-state-missing-pid-reason", err,
		 "init_process_pid or init_process_start missing or invalid");
	T_EQ_INT("runc-state-pid-0",
		 runc(RUNC_HEAD "\"init_process_pid\":0,\"init_process_start\":42021," RUNC_TAIL,
		      "abcd1234"),
		 -1);
	T_EQ_INT("runc-state-pid-string",
		 runc(RUNC_HEAD
		      "\"init_process_pid\":\"10682\",\"init_process_start\":42021," RUNC_TAIL,
		      "abcd1234"),
		 -1);
	T_EQ_INT("runc-state-pid-negative",
		 runc(RUNC_HEAD "\"init_process_pid\":-1,\"init_process_start\":42021," RUNC_TAIL,
		      "abcd1234"),
		 -1);
	T_EQ_INT("runc-state-pid-over-pid-max",
		 runc(RUNC_HEAD
		      "\"init_process_pid\":4194305,\"init_process_start\":42021," RUNC_TAIL,
		      "abcd1234"),
		 -1);
	T_EQ_INT("runc-state-pid-2-pow-32-plus-1",
		 runc(RUNC_HEAD
		      "\"init_process_pid\":4294967297,\"init_process_start\":42021," RUNC_TAIL,
		      "abcd1234"),
		 -1);
	T_EQ_INT("runc-state-pid-float",
		 runc(RUNC_HEAD
		      "\"init_process_pid\":10682.0,\"init_process_start\":42021," RUNC_TAIL,
		      "abcd1234"),
		 -1);
	T_EQ_INT("runc-state-start-missing",
		 runc(RUNC_HEAD "\"init_process_pid\":10682," RUNC_TAIL, "abcd1234"), -1);
	T_EQ_INT("runc-state-start-0",
		 runc(RUNC_HEAD "\"init_process_pid\":10682,\"init_process_start\":0," RUNC_TAIL,
		      "abcd1234"),
		 -1);
	T_EQ_INT("runc-state-pid-twice",
		 runc(RUNC_HEAD "\"init_process_pid\":1,\"init_process_pid\":2,"
				"\"init_process_start\":42021," RUNC_TAIL,
		      "abcd1234"),
		 -1);
	T_EQ_INT("runc-state-truncated",
		 runc("{\"id\":\"abcd1234\",\"init_process_pid\":10682,\"init_process_start\":4",
		      "abcd1234"),
		 -1);
	T_EQ_STR("runc-state-truncated-reason", err, "truncated");
	T_EQ_INT("runc-state-not-json", runc("not json", "abcd1234"), -1);
	T_CHECK("runc-state-error-has-reason", err != NULL && err[0] != '\0');
	T_EQ_INT("runc-state-top-level-array", runc("[]", "abcd1234"), -1);
}

static void test_runc_cgroup(void)
{
	T_EQ_INT("runc-cgroup-systemd",
		 runc_with("",
			   "\"path\":\"\",\"parent\":\"system.slice\",\"scope_prefix\":\"docker\","
			   "\"name\":\"" ID1 "\"",
			   FAM_NONE),
		 0);
	T_EQ_STR("runc-cgroup-systemd-path", c.cgroup, "/system.slice/docker-" ID1 ".scope");
	T_EQ_INT("runc-cgroup-systemd-kubepods",
		 runc_with("",
			   "\"parent\":\"kubepods-burstable-pod1.slice\","
			   "\"scope_prefix\":\"cri-containerd\",\"name\":\"" ID1 "\"",
			   FAM_CRI),
		 0);
	T_EQ_STR("runc-cgroup-systemd-kubepods-path", c.cgroup,
		 "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod1.slice/"
		 "cri-containerd-" ID1 ".scope");
	T_EQ_INT("runc-cgroup-systemd-root-slice",
		 runc_with("", "\"parent\":\"-.slice\",\"scope_prefix\":\"p\",\"name\":\"n\"",
			   FAM_NONE),
		 0);
	T_EQ_STR("runc-cgroup-systemd-root-slice-path", c.cgroup, "/p-n.scope");
	T_EQ_INT("runc-cgroup-systemd-no-parent",
		 runc_with("", "\"parent\":\"\",\"scope_prefix\":\"p\",\"name\":\"n\"", FAM_NONE),
		 0);
	T_EQ_STR("runc-cgroup-systemd-no-parent-path", c.cgroup, "/system.slice/p-n.scope");
	T_EQ_INT("runc-cgroup-path-wins",
		 runc_with("", "\"path\":\"/x/y\",\"parent\":\"a.slice\",\"name\":\"n\"", FAM_NONE),
		 0);
	T_EQ_STR("runc-cgroup-path-wins-path", c.cgroup, "/x/y");
	T_EQ_INT("runc-cgroup-none", runc_with("", "\"scope_prefix\":\"\"", FAM_NONE), 0);
	T_EQ_STR("runc-cgroup-none-empty", c.cgroup, "");
	T_EQ_INT("runc-cgroup-path-not-string", runc_with("", "\"path\":5", FAM_NONE), -1);
	T_EQ_STR("runc-cgroup-path-not-string-reason", err, "cgroup path missing or too long");
	T_EQ_INT("runc-cgroup-name-not-string", runc_with("", "\"name\":[]", FAM_NONE), -1);
	T_EQ_INT("runc-cgroup-parent-not-string",
		 runc_with("", "\"parent\":{},\"name\":\"n\"", FAM_NONE), -1);
	{
		char cg[700];

		memcpy(cg, "\"path\":\"/", 9);
		memset(cg + 9, 'p', 510);
		memcpy(cg + 519, "\"", 2);
		T_EQ_INT("runc-cgroup-path-511", runc_with("", cg, FAM_NONE), 0);
		T_EQ_INT("runc-cgroup-path-511-whole", strlen(c.cgroup), 511);
		memcpy(cg + 519, "p\"", 3);
		T_EQ_INT("runc-cgroup-path-512", runc_with("", cg, FAM_NONE), -1);
		T_EQ_STR("runc-cgroup-path-512-reason", err, "cgroup path missing or too long");
		T_EQ_STR("runc-cgroup-path-512-not-cut", c.cgroup, "");
	}
	{
		/* Each '-' of a slice is a level: 120 of them expand past the 512 bytes held. */
		char cg[1024], parent[300];

		for (int i = 0; i < 240; i += 2)
			memcpy(parent + i, "a-", 2);
		memcpy(parent + 240, "b.slice", 8);
		snprintf(cg, sizeof(cg), "\"parent\":\"%s\",\"scope_prefix\":\"p\",\"name\":\"n\"",
			 parent);
		T_EQ_INT("runc-cgroup-systemd-expands-too-long", runc_with("", cg, FAM_NONE), -1);
	}
}

static void test_runc_labels(void)
{
	static const char cri[] =
		"\"bundle=/run/containerd/io.containerd.runtime.v2.task/k8s.io/" ID1
		"\",\"io.kubernetes.cri.container-type=container\","
		"\"io.kubernetes.cri.container-name=nginx\","
		"\"io.kubernetes.cri.sandbox-id=" ID2 "\","
		"\"io.kubernetes.cri.sandbox-name=web\","
		"\"io.kubernetes.cri.sandbox-namespace=prod\"";

	T_EQ_INT("runc-labels-cri", runc_with(cri, "", FAM_CRI), 0);
	T_EQ_STR("runc-labels-cri-pod", c.pod_name, "web");
	T_EQ_STR("runc-labels-cri-ns", c.pod_ns, "prod");
	T_EQ_STR("runc-labels-cri-container", c.pod_container, "nginx");
	T_EQ_STR("runc-labels-cri-sandbox-id", c.sandbox_id, ID2);
	T_EQ_INT("runc-labels-cri-kind", c.kind_said, 2);
	T_EQ_INT("runc-labels-cri-not-sandbox", c.sandbox, 0);
	T_EQ_STR("runc-labels-cri-bundle", c.bundle,
		 "/run/containerd/io.containerd.runtime.v2.task/k8s.io/" ID1);
	T_EQ_INT("runc-labels-cri-pid", c.pid, 4321);
	T_EQ_INT("runc-labels-cri-start", c.start, 98765);
	/* The same labels in a plain runc root, or read as CRI-O's: no identity. */
	T_EQ_INT("runc-labels-cri-as-none", runc_with(cri, "", FAM_NONE), 0);
	T_CHECK("runc-labels-cri-as-none-no-identity",
		c.pod_name[0] == '\0' && c.pod_ns[0] == '\0' && c.pod_container[0] == '\0' &&
			c.sandbox_id[0] == '\0' && c.kind_said == 0);
	T_EQ_STR("runc-labels-cri-as-none-bundle-still", c.bundle,
		 "/run/containerd/io.containerd.runtime.v2.task/k8s.io/" ID1);
	T_EQ_INT("runc-labels-cri-as-crio", runc_with(cri, "", FAM_CRIO), 0);
	T_EQ_STR("runc-labels-cri-as-crio-no-pod", c.pod_name, "");

	T_EQ_INT("runc-labels-crio-sandbox",
		 runc_with("\"io.kubernetes.cri-o.ContainerType=sandbox\","
			   "\"io.container.manager=cri-o\",\"io.kubernetes.pod.name=db-0\","
			   "\"io.kubernetes.pod.namespace=prod\","
			   "\"io.kubernetes.cri-o.HostNetwork=true\",\"bundle=/b\"",
			   "", FAM_CRIO),
		 0);
	T_EQ_INT("runc-labels-crio-sandbox-flag", c.sandbox, 1);
	T_EQ_STR("runc-labels-crio-manager-not-runtime", c.runtime, "");
	T_EQ_INT("runc-labels-crio-host-network", c.host_network, 1);
	T_EQ_STR("runc-labels-crio-pod", c.pod_name, "db-0");

	T_EQ_INT("runc-labels-value-with-equals",
		 runc_with("\"io.kubernetes.pod.name=a=b\"", "", FAM_CRIO), 0);
	T_EQ_STR("runc-labels-value-with-equals-kept", c.pod_name, "a=b");
	T_EQ_INT("runc-labels-odd-entries",
		 runc_with("\"io.kubernetes.pod.name\",5,null,{\"a\":\"b\"},[\"bundle=/x\"],"
			   "\"io.kubernetes.pod.namespace=\",\"io.kubernetes.container.name=c1\"",
			   "", FAM_CRIO),
		 0);
	T_EQ_STR("runc-labels-no-equals-skipped", c.pod_name, "");
	T_EQ_STR("runc-labels-empty-value", c.pod_ns, "");
	T_EQ_STR("runc-labels-after-odd-entries", c.pod_container, "c1");
	T_EQ_STR("runc-labels-nested-array-not-a-label", c.bundle, "");
	T_EQ_INT("runc-labels-contradict",
		 runc_with("\"io.kubernetes.pod.name=a\",\"io.kubernetes.pod.name=b\"", "",
			   FAM_CRIO),
		 -1);
	T_EQ_STR("runc-labels-contradict-reason", err, "io.kubernetes.pod.name contradicts");
	T_EQ_INT(
		"runc-labels-contradict-ignored-family",
		runc_with("\"io.kubernetes.pod.name=a\",\"io.kubernetes.pod.name=b\"", "", FAM_CRI),
		0);
	{
		char l[400];

		memcpy(l, "\"io.kubernetes.cri.sandbox-name=", 32);
		memset(l + 32, 'n', 254);
		memcpy(l + 286, "\"", 2);
		T_EQ_INT("runc-labels-value-too-long", runc_with(l, "", FAM_CRI), -1);
		T_EQ_STR("runc-labels-value-too-long-reason", err,
			 "io.kubernetes.cri.sandbox-name too long");
		T_EQ_STR("runc-labels-value-too-long-not-cut", c.pod_name, "");
		l[285] = '"';
		l[286] = '\0';
		T_EQ_INT("runc-labels-value-253", runc_with(l, "", FAM_CRI), 0);
		T_EQ_INT("runc-labels-value-253-whole", strlen(c.pod_name), 253);
	}
	{
		char l[400];

		memcpy(l, "\"bundle=/", 9);
		memset(l + 9, 'b', 255);
		memcpy(l + 264, "\"", 2);
		T_EQ_INT("runc-labels-bundle-too-long", runc_with(l, "", FAM_NONE), -1);
		T_EQ_STR("runc-labels-bundle-too-long-reason", err, "bundle path too long");
	}
	{
		static char l[5000];

		memcpy(l, "\"io.kubernetes.pod.name=", 24);
		memset(l + 24, 'n', 4400);
		memcpy(l + 4424, "\"", 2);
		T_EQ_INT("runc-labels-own-undecodable-refused", runc_with(l, "", FAM_CRIO), -1);
		T_EQ_STR("runc-labels-own-undecodable-reason", err,
			 "an identity label is not a string nscap can hold");
		T_EQ_INT("runc-labels-other-family-undecodable-ignored", runc_with(l, "", FAM_CRI),
			 0);
	}
	T_EQ_INT("runc-labels-own-nul-refused",
		 runc_with("\"io.kubernetes.pod.name=a\\u0000b\"", "", FAM_CRIO), -1);
	T_EQ_INT("runc-labels-other-family-nul-ignored",
		 runc_with("\"io.kubernetes.pod.name=a\\u0000b\"", "", FAM_CRI), 0);
	T_EQ_INT("runc-labels-other-family-contradiction-ignored",
		 runc_with("\"io.kubernetes.cri.container-type=sandbox\","
			   "\"io.kubernetes.cri.container-type=container\"",
			   "", FAM_CRIO),
		 0);
	T_EQ_INT("runc-labels-bundle-twice",
		 runc_with("\"bundle=/real\",\"bundle=/from-an-annotation\"", "", FAM_NONE), 0);
	T_EQ_STR("runc-labels-bundle-first-wins", c.bundle, "/real");
	{
		static const char doc[] = "{\"id\":\"" ID1 "\",\"init_process_pid\":1,"
					  "\"init_process_start\":2,\"labels\":["
					  "\"io.kubernetes.pod.name=fake\"],\"config\":{}}";

		T_EQ_INT("runc-labels-top-level-ignored-ok", runc_fam(doc, ID1, FAM_CRIO), 0);
		T_EQ_STR("runc-labels-top-level-ignored", c.pod_name, "");
	}
	{
		static const char doc[] = "{\"id\":\"" ID1 "\",\"init_process_pid\":1,"
					  "\"init_process_start\":2,\"config\":{\"labels\":"
					  "{\"io.kubernetes.pod.name\":\"x\"}}}";

		T_EQ_INT("runc-labels-object-refused", runc_fam(doc, ID1, FAM_CRIO), -1);
		T_EQ_STR("runc-labels-object-reason", err, "config.labels is not an array");
	}
	{
		static const char doc[] = "{\"id\":\"" ID1 "\",\"init_process_pid\":1,"
					  "\"init_process_start\":2,\"config\":{\"labels\":"
					  "\"bundle=/b\"}}";

		T_EQ_INT("runc-labels-string-refused", runc_fam(doc, ID1, FAM_NONE), -1);
	}
	{
		static const char doc[] = "{\"id\":\"" ID1 "\",\"init_process_pid\":0,"
					  "\"init_process_start\":2,\"config\":{\"labels\":["
					  "\"io.kubernetes.pod.name=ghost\"]}}";

		T_EQ_INT("runc-labels-bad-state", runc_fam(doc, ID1, FAM_CRIO), -1);
		T_EQ_STR("runc-labels-bad-state-no-pod", c.pod_name, "");
	}
}

/* runc's state.json as runc 1.1 wrote it for containerd (ctr), docker and podman. */
static void test_runc_fixtures(void)
{
	static const struct {
		const char *name, *rel, *id;
		enum key_family fam;
		pid_t pid;
		uint64_t start;
		const char *cgroup, *bundle;
	} fx[] = {
		{"fx-runc-containerd", "containerd/running/run/containerd/runc/default/nscapt-c1",
		 "nscapt-c1", FAM_CRI, 6229, 313034, "/default/nscapt-c1",
		 FX_STATE FX_TASK_DIR "default/nscapt-c1"},
		{"fx-runc-docker", "docker/running/run/docker/runtime-runc/moby/" FX_DWEB, FX_DWEB,
		 FAM_NONE, 4694, 312655, "/docker/" FX_DWEB, FX_STATE FX_TASK_DIR "moby/" FX_DWEB},
		{"fx-runc-podman-pod-member", "podman/pod/run/runc/" FX_PM2, FX_PM2, FAM_NONE, 5837,
		 312957, "/libpod_parent/" FX_POD "/libpod-" FX_PM2,
		 FX_STATE FX_PODMAN_DIR FX_PM2 "/userdata"},
		{"fx-runc-podman-annotated", "podman/running/run/runc/" FX_PANNOT, FX_PANNOT,
		 FAM_NONE, 6104, 313010, "/libpod_parent/libpod-" FX_PANNOT,
		 FX_STATE FX_PODMAN_DIR FX_PANNOT "/userdata"},
	};
	char rel[512];

	for (size_t i = 0; i < sizeof(fx) / sizeof(fx[0]); i++) {
		size_t len;
		char *text;

		snprintf(rel, sizeof(rel), "%s/state.json", fx[i].rel);
		text = FIXTURE(fx[i].name, rel, &len);
		if (!text)
			continue;
		reset();
		T_EQ_INT(tn(fx[i].name, "parses"),
			 runc_parse_state(text, len, fx[i].id, fx[i].fam, &c, &err), 0);
		T_EQ_INT(tn(fx[i].name, "pid"), c.pid, fx[i].pid);
		T_EQ_INT(tn(fx[i].name, "start"), c.start, fx[i].start);
		T_EQ_STR(tn(fx[i].name, "cgroup"), c.cgroup, fx[i].cgroup);
		T_EQ_STR(tn(fx[i].name, "bundle"), c.bundle, fx[i].bundle);
		T_CHECK(tn(fx[i].name, "no-identity"),
			!c.pod_name[0] && !c.pod_ns[0] && !c.sandbox_id[0] && !c.kind_said);
		T_EQ_INT(tn(fx[i].name, "other-dir"),
			 runc_parse_state(text, len, "nscapt-other", fx[i].fam, &c, &err), -1);
		if (i >= 2) {
			/* podman's annotations, an image's among them, read as CRI-O's would be:
			 * the keys are there, only the family keeps them out. */
			reset();
			T_EQ_INT(tn(fx[i].name, "as-crio"),
				 runc_parse_state(text, len, fx[i].id, FAM_CRIO, &c, &err), 0);
			T_CHECK(tn(fx[i].name, "as-crio-has-keys"),
				i == 2 ? strcmp(c.sandbox_id, FX_PINFRA) == 0 && c.kind_said == 2
				       : strcmp(c.pod_name, "web") == 0 &&
						 strcmp(c.pod_ns, "dev") == 0);
		}
		free(text);
	}
}

int main(void)
{
	test_runc_state();
	test_runc_cgroup();
	test_runc_labels();
	test_runc_fixtures();
	return t_done();
}
