/* SPDX-License-Identifier: ISC */
/* Unit tests for the container index's record parsers and merge (rt_parse.c): crun_parse_status,
 * docker_parse_config, parse_pidfile, kube_log_name and container_merge. The readers themselves
 * run against real runc containers in tests/runtimes/. */
#include "t_rt.h"

/* ------------------------------------------------------------------------------------------ */
/* crun status */

static int crun(const char *text)
{
	reset();
	return crun_parse_status(text, strlen(text), &c, &err);
}

static void test_crun(void)
{
	/* As crun writes it: spaces around ':', more fields than we read. */
	T_EQ_INT("crun-ok",
		 crun("{\n    \"pid\" : 4242,\n    \"process-start-time\" : 1234567,\n"
		      "    \"cgroup-path\" : \"/nscapt/x\",\n    \"scope\" : null,\n"
		      "    \"rootfs\" : \"/b/rootfs\",\n    \"systemd-cgroup\" : false,\n"
		      "    \"bundle\" : \"/run/b\",\n    \"created\" : \"2024-05-01T10:00:00Z\",\n"
		      "    \"detached\" : true,\n    \"external_descriptors\" : \"[]\"\n}\n"),
		 0);
	T_EQ_INT("crun-ok-pid", c.pid, 4242);
	T_EQ_INT("crun-ok-start", c.start, 1234567);
	T_EQ_STR("crun-ok-bundle", c.bundle, "/run/b");
	T_EQ_INT("crun-no-bundle-ok", crun("{\"pid\":7,\"process-start-time\":9}"), 0);
	T_EQ_STR("crun-no-bundle-empty", c.bundle, "");
	T_EQ_INT("crun-bundle-not-string-ok",
		 crun("{\"pid\":7,\"process-start-time\":9,\"bundle\":5}"), 0);
	T_EQ_STR("crun-bundle-not-string-empty", c.bundle, "");

	T_EQ_INT("crun-pid-0", crun("{\"pid\":0,\"process-start-time\":9}"), -1);
	T_CHECK("crun-pid-0-reason", err != NULL && err[0] != '\0');
	T_EQ_INT("crun-pid-negative", crun("{\"pid\":-3,\"process-start-time\":9}"), -1);
	T_EQ_INT("crun-pid-string", crun("{\"pid\":\"7\",\"process-start-time\":9}"), -1);
	T_EQ_INT("crun-pid-over-max", crun("{\"pid\":4194305,\"process-start-time\":9}"), -1);
	T_EQ_INT("crun-pid-missing", crun("{\"process-start-time\":9}"), -1);
	T_EQ_INT("crun-start-missing", crun("{\"pid\":7}"), -1);
	T_EQ_INT("crun-start-0", crun("{\"pid\":7,\"process-start-time\":0}"), -1);
	T_EQ_INT("crun-start-string", crun("{\"pid\":7,\"process-start-time\":\"9\"}"), -1);
	T_EQ_INT("crun-start-negative", crun("{\"pid\":7,\"process-start-time\":-9}"), -1);
	T_EQ_INT("crun-pid-twice", crun("{\"pid\":7,\"pid\":8,\"process-start-time\":9}"), -1);
	T_EQ_INT("crun-truncated", crun("{\"pid\":7,\"process-start-time\":9"), -1);
	T_EQ_INT("crun-array", crun("[{\"pid\":7,\"process-start-time\":9}]"), -1);
	T_EQ_INT("crun-empty", crun(""), -1);
	T_EQ_INT("crun-trailing-garbage", crun("{\"pid\":7,\"process-start-time\":9} x"), -1);
	{
		const char doc[] = "{\"pid\":7,\"process-start-time\":9,\"bundle\":\"a\0b\"}";

		reset();
		T_EQ_INT("crun-nul-byte", crun_parse_status(doc, sizeof(doc) - 1, &c, &err), -1);
	}
}

/* ------------------------------------------------------------------------------------------ */
/* docker config.v2.json */

static int docker(const char *text, const char *dir)
{
	reset();
	return docker_parse_config(text, strlen(text), dir, &c, &err);
}

#define DOCKER(state, extra)                                                                       \
	"{\"StreamConfig\":{},\"State\":{" state "},\"ID\":\"" ID1 "\","                           \
	"\"Created\":\"2024-05-01T10:00:00Z\",\"Path\":\"sleep\",\"Args\":[\"1000\"],"             \
	"\"Config\":{\"Hostname\":\"4f1b2c3d4e5f\",\"Image\":\"busybox\"," extra "},"              \
	"\"Image\":\"sha256:abc\",\"Name\":\"/web\",\"Driver\":\"overlay2\",\"RestartCount\":0}"

static void test_docker(void)
{
	T_EQ_INT("docker-ok",
		 docker(DOCKER("\"Running\":true,\"Paused\":false,\"Pid\":3131,\"ExitCode\":0",
			       "\"Labels\":{\"app\":\"web\"}"),
			ID1),
		 0);
	T_EQ_STR("docker-id", c.id, ID1);
	T_EQ_STR("docker-name-slash-stripped", c.name, "web");
	T_EQ_INT("docker-pid", c.pid, 3131);
	T_EQ_INT("docker-no-start-time", c.start, 0);
	T_EQ_STR("docker-plain-no-pod", c.pod_name, "");
	T_EQ_INT("docker-plain-not-sandbox", c.sandbox, 0);

	T_EQ_INT("docker-pid-0",
		 docker(DOCKER("\"Running\":false,\"Pid\":0,\"ExitCode\":137", "\"Labels\":{}"),
			ID1),
		 -1);
	T_CHECK("docker-pid-0-reason", err != NULL && strstr(err, "Pid") != NULL);
	T_EQ_INT("docker-pid-missing", docker(DOCKER("\"Running\":true", "\"Labels\":{}"), ID1),
		 -1);
	T_EQ_INT("docker-pid-string",
		 docker(DOCKER("\"Running\":true,\"Pid\":\"3131\"", "\"Labels\":{}"), ID1), -1);
	T_EQ_INT("docker-id-not-dir",
		 docker(DOCKER("\"Running\":true,\"Pid\":3131", "\"Labels\":{}"), ID2), -1);
	T_EQ_INT("docker-id-prefix-dir",
		 docker(DOCKER("\"Running\":true,\"Pid\":3131", "\"Labels\":{}"), "4f1b2c3d4e5f"),
		 -1);
	T_EQ_INT("docker-no-id", docker("{\"State\":{\"Pid\":5},\"Name\":\"/x\"}", ID1), -1);

	/* cri-dockerd: the pod's identity in labels; its sandbox marked podsandbox */
	T_EQ_INT("docker-cri-dockerd-container",
		 docker(DOCKER("\"Running\":true,\"Pid\":3132",
			       "\"Labels\":{\"io.kubernetes.container.name\":\"app\","
			       "\"io.kubernetes.docker.type\":\"container\","
			       "\"io.kubernetes.pod.name\":\"dpod\","
			       "\"io.kubernetes.pod.namespace\":\"dkns\","
			       "\"io.kubernetes.pod.uid\":\"u-9\","
			       "\"io.kubernetes.sandbox.id\":\"" ID2 "\","
			       "\"annotation.io.kubernetes.container.hash\":\"1\"}"),
			ID1),
		 0);
	T_EQ_STR("docker-cri-dockerd-pod-name", c.pod_name, "dpod");
	T_EQ_STR("docker-cri-dockerd-pod-ns", c.pod_ns, "dkns");
	T_EQ_STR("docker-cri-dockerd-container-name", c.pod_container, "app");
	T_EQ_STR("docker-cri-dockerd-pod-uid", c.pod_uid, "u-9");
	T_EQ_STR("docker-cri-dockerd-sandbox-id", c.sandbox_id, ID2);
	T_EQ_INT("docker-cri-dockerd-container-not-sandbox", c.sandbox, 0);
	T_EQ_INT("docker-cri-dockerd-sandbox",
		 docker(DOCKER("\"Running\":true,\"Pid\":3133",
			       "\"Labels\":{\"io.kubernetes.container.name\":\"POD\","
			       "\"io.kubernetes.docker.type\":\"podsandbox\","
			       "\"io.kubernetes.pod.name\":\"dpod\","
			       "\"io.kubernetes.pod.namespace\":\"dkns\"}"),
			ID1),
		 0);
	T_EQ_INT("docker-cri-dockerd-sandbox-flag", c.sandbox, 1);

	/* Labels elsewhere are not the container's */
	T_EQ_INT("docker-labels-only-from-config",
		 docker("{\"ID\":\"" ID1 "\",\"Name\":\"/n\",\"State\":{\"Pid\":5},"
			"\"Labels\":{\"io.kubernetes.pod.name\":\"fake\"},"
			"\"Config\":{\"Labels\":null}}",
			ID1),
		 0);
	T_EQ_STR("docker-labels-only-from-config-empty", c.pod_name, "");
	T_EQ_INT("docker-name-without-slash",
		 docker("{\"ID\":\"" ID1 "\",\"Name\":\"plain\",\"State\":{\"Pid\":5}}", ID1), 0);
	T_EQ_STR("docker-name-without-slash-kept", c.name, "plain");
	T_EQ_INT("docker-name-missing-ok",
		 docker("{\"ID\":\"" ID1 "\",\"State\":{\"Pid\":5}}", ID1), 0);
	T_EQ_STR("docker-name-missing-empty", c.name, "");
	T_EQ_INT("docker-truncated", docker("{\"ID\":\"" ID1 "\",\"State\":{\"Pid\":5}", ID1), -1);
}

/* ------------------------------------------------------------------------------------------ */
/* pid files */

static void test_pidfile(void)
{
	pid_t pid = 0;

	T_EQ_INT("pidfile-newline", parse_pidfile("123\n", &pid), 0);
	T_EQ_INT("pidfile-newline-value", pid, 123);
	pid = 0;
	T_EQ_INT("pidfile-no-newline", parse_pidfile("123", &pid), 0);
	T_EQ_INT("pidfile-no-newline-value", pid, 123);
	T_EQ_INT("pidfile-max", parse_pidfile("4194304", &pid), 0);

	pid = 77;
	T_EQ_INT("pidfile-zero", parse_pidfile("0", &pid), -1);
	T_EQ_INT("pidfile-error-leaves-pid", pid, 77);
	T_EQ_INT("pidfile-negative", parse_pidfile("-1", &pid), -1);
	T_EQ_INT("pidfile-trailing-letter", parse_pidfile("12a", &pid), -1);
	T_EQ_INT("pidfile-two-lines", parse_pidfile("1\n2", &pid), -1);
	T_EQ_INT("pidfile-two-newlines", parse_pidfile("1\n\n", &pid), -1);
	T_EQ_INT("pidfile-empty", parse_pidfile("", &pid), -1);
	T_EQ_INT("pidfile-only-newline", parse_pidfile("\n", &pid), -1);
	T_EQ_INT("pidfile-space", parse_pidfile(" 12", &pid), -1);
	T_EQ_INT("pidfile-trailing-space", parse_pidfile("12 \n", &pid), -1);
	T_EQ_INT("pidfile-crlf", parse_pidfile("12\r\n", &pid), -1);
	T_EQ_INT("pidfile-plus", parse_pidfile("+12", &pid), -1);
	T_EQ_INT("pidfile-hex", parse_pidfile("0x10", &pid), -1);
	T_EQ_INT("pidfile-leading-zero", parse_pidfile("012", &pid), -1);
	T_EQ_INT("pidfile-over-pid-max", parse_pidfile("4194305", &pid), -1);
	T_EQ_INT("pidfile-2-pow-32-plus-1", parse_pidfile("4294967297", &pid), -1);
	T_EQ_INT("pidfile-long", parse_pidfile("00000000000000000000001", &pid), -1);
	T_EQ_INT("pidfile-error-leaves-pid-after-all", pid, 77);
}

/* ------------------------------------------------------------------------------------------ */
/* /var/log/containers names */

static int klog(const char *name, const char *id)
{
	reset();
	return kube_log_name(name, id, &c);
}

static void test_kube_log(void)
{
	T_EQ_INT("klog-ok", klog("web-7f9c_prod_nginx-" ID1 ".log", ID1), 0);
	T_EQ_STR("klog-ok-pod", c.pod_name, "web-7f9c");
	T_EQ_STR("klog-ok-ns", c.pod_ns, "prod");
	T_EQ_STR("klog-ok-container", c.pod_container, "nginx");
	T_EQ_STR("klog-ok-id-untouched", c.id, "");

	T_EQ_INT("klog-dashed-container", klog("web-7f9c_prod_log-shipper-" ID1 ".log", ID1), 0);
	T_EQ_STR("klog-dashed-container-name", c.pod_container, "log-shipper");
	T_EQ_STR("klog-dashed-container-pod", c.pod_name, "web-7f9c");

	T_EQ_INT("klog-wrong-id", klog("web-7f9c_prod_nginx-" ID2 ".log", ID1), -1);
	T_EQ_STR("klog-wrong-id-nothing-set", c.pod_name, "");
	T_EQ_INT("klog-id-suffix-only", klog("web-7f9c_prod_nginx-" ID1 ".log", ID1 + 8), -1);
	T_EQ_INT("klog-id-prefix-of-real", klog("web-7f9c_prod_nginx-" ID1 ".log", "4f1b2c3d4e5f"),
		 -1);
	T_EQ_INT("klog-no-dash-before-id", klog("web-7f9c_prod_nginx" ID1 ".log", ID1), -1);
	T_EQ_INT("klog-not-log", klog("web-7f9c_prod_nginx-" ID1 ".txt", ID1), -1);
	T_EQ_INT("klog-log-gz", klog("web-7f9c_prod_nginx-" ID1 ".log.gz", ID1), -1);
	T_EQ_INT("klog-extra-underscore-container", klog("web-7f9c_prod_ngi_nx-" ID1 ".log", ID1),
		 -1);
	T_EQ_INT("klog-extra-underscore-pod", klog("we_b_prod_nginx-" ID1 ".log", ID1), -1);
	T_EQ_INT("klog-extra-underscore-trailing", klog("web_prod_nginx_-" ID1 ".log", ID1), -1);
	T_EQ_INT("klog-one-underscore", klog("web_nginx-" ID1 ".log", ID1), -1);
	T_EQ_INT("klog-no-underscore", klog("nginx-" ID1 ".log", ID1), -1);
	T_EQ_INT("klog-empty-pod", klog("_prod_nginx-" ID1 ".log", ID1), -1);
	T_EQ_INT("klog-empty-ns", klog("web__nginx-" ID1 ".log", ID1), -1);
	T_EQ_INT("klog-empty-container", klog("web_prod_-" ID1 ".log", ID1), -1);
	T_EQ_INT("klog-only-id", klog("-" ID1 ".log", ID1), -1);
	T_EQ_INT("klog-exactly-id", klog(ID1 ".log", ID1), -1);
	T_EQ_INT("klog-dot-log-only", klog(".log", ID1), -1);
	T_EQ_INT("klog-empty", klog("", ID1), -1);
	{
		char name[1024], pod[600];

		memset(pod, 'p', sizeof(pod) - 1);
		pod[sizeof(pod) - 1] = '\0';
		snprintf(name, sizeof(name), "%s_prod_nginx-%s.log", pod, ID1);
		T_EQ_INT("klog-overlong-name", klog(name, ID1), -1);
		/* Fits the buffer, but the pod name is longer than the field. */
		pod[300] = '\0';
		snprintf(name, sizeof(name), "%s_prod_nginx-%s.log", pod, ID1);
		klog(name, ID1);
		T_CHECK("klog-overlong-pod-never-cut",
			c.pod_name[0] == '\0' || strlen(c.pod_name) == 300);
	}
}

/* ------------------------------------------------------------------------------------------ */
/* merge */

static struct container rec(const char *runtime, int rank, pid_t pid, uint64_t start)
{
	struct container r;

	memset(&r, 0, sizeof(r));
	snprintf(r.id, sizeof(r.id), "%s", ID1);
	snprintf(r.runtime, sizeof(r.runtime), "%s", runtime);
	r.rank = rank;
	r.pid = pid;
	r.start = start;
	return r;
}

static void test_merge(void)
{
	struct container a, b;

	/* Empties are filled from the other record */
	a = rec("runc", 1, 100, 5000);
	snprintf(a.bundle, sizeof(a.bundle), "/b/one");
	b = rec("cri-o", 2, 100, 0);
	snprintf(b.pod_ns, sizeof(b.pod_ns), "prod");
	snprintf(b.pod_name, sizeof(b.pod_name), "db-0");
	snprintf(b.pod_container, sizeof(b.pod_container), "redis");
	snprintf(b.pod_uid, sizeof(b.pod_uid), "u-1");
	snprintf(b.sandbox_id, sizeof(b.sandbox_id), "%s", ID2);
	snprintf(b.bundle, sizeof(b.bundle), "/b/two");
	b.host_network = 1;
	container_merge(&a, &b);
	T_EQ_INT("merge-fill-no-conflict", a.conflict, 0);
	T_EQ_STR("merge-fill-pod-ns", a.pod_ns, "prod");
	T_EQ_STR("merge-fill-pod-name", a.pod_name, "db-0");
	T_EQ_STR("merge-fill-pod-container", a.pod_container, "redis");
	T_EQ_STR("merge-fill-pod-uid", a.pod_uid, "u-1");
	T_EQ_STR("merge-fill-sandbox-id", a.sandbox_id, ID2);
	T_EQ_STR("merge-keeps-own-bundle", a.bundle, "/b/one");
	T_EQ_INT("merge-keeps-start", a.start, 5000);
	T_EQ_INT("merge-host-network-or", a.host_network, 1);
	T_EQ_STR("merge-higher-rank-runtime", a.runtime, "cri-o");
	T_EQ_INT("merge-higher-rank-rank", a.rank, 2);

	/* The other way round: the start time and pid come in, the runtime stays */
	a = rec("cri-o", 2, 0, 0);
	b = rec("runc", 1, 100, 5000);
	snprintf(b.bundle, sizeof(b.bundle), "/b/two");
	b.sandbox = 1;
	container_merge(&a, &b);
	T_EQ_INT("merge-fill-pid", a.pid, 100);
	T_EQ_INT("merge-fill-start", a.start, 5000);
	T_EQ_STR("merge-fill-bundle", a.bundle, "/b/two");
	T_EQ_INT("merge-sandbox-or", a.sandbox, 1);
	T_EQ_STR("merge-lower-rank-keeps-runtime", a.runtime, "cri-o");
	T_EQ_INT("merge-lower-rank-keeps-rank", a.rank, 2);
	T_EQ_INT("merge-fill-pid-no-conflict", a.conflict, 0);

	/* Equal rank: the first record's runtime stays */
	a = rec("docker", 2, 100, 0);
	b = rec("containerd", 2, 100, 0);
	container_merge(&a, &b);
	T_EQ_STR("merge-equal-rank-keeps-first", a.runtime, "docker");
	T_EQ_INT("merge-equal-rank-no-conflict", a.conflict, 0);

	/* Same values: no conflict */
	a = rec("runc", 1, 100, 5000);
	b = rec("docker", 2, 100, 5000);
	snprintf(a.name, sizeof(a.name), "web");
	snprintf(b.name, sizeof(b.name), "web");
	container_merge(&a, &b);
	T_EQ_INT("merge-same-values-no-conflict", a.conflict, 0);
	T_EQ_STR("merge-same-values-runtime", a.runtime, "docker");

	/* Contradictions */
	a = rec("runc", 1, 100, 5000);
	b = rec("docker", 2, 101, 0);
	container_merge(&a, &b);
	T_EQ_INT("merge-conflict-pid", a.conflict, 1);
	a = rec("runc", 1, 100, 5000);
	b = rec("crun", 1, 100, 5001);
	container_merge(&a, &b);
	T_EQ_INT("merge-conflict-start", a.conflict, 1);
	a = rec("runc", 1, 100, 5000);
	b = rec("cri-o", 2, 100, 0);
	snprintf(a.pod_name, sizeof(a.pod_name), "web");
	snprintf(b.pod_name, sizeof(b.pod_name), "db");
	container_merge(&a, &b);
	T_EQ_INT("merge-conflict-pod-name", a.conflict, 1);
	a = rec("runc", 1, 100, 5000);
	b = rec("cri-o", 2, 100, 0);
	snprintf(a.pod_ns, sizeof(a.pod_ns), "prod");
	snprintf(b.pod_ns, sizeof(b.pod_ns), "kube-system");
	container_merge(&a, &b);
	T_EQ_INT("merge-conflict-pod-ns", a.conflict, 1);
	a = rec("runc", 1, 100, 5000);
	b = rec("cri-o", 2, 100, 0);
	snprintf(a.pod_container, sizeof(a.pod_container), "nginx");
	snprintf(b.pod_container, sizeof(b.pod_container), "sidecar");
	container_merge(&a, &b);
	T_EQ_INT("merge-conflict-pod-container", a.conflict, 1);
	a = rec("runc", 1, 100, 5000);
	b = rec("docker", 2, 100, 0);
	snprintf(a.name, sizeof(a.name), "web");
	snprintf(b.name, sizeof(b.name), "db");
	container_merge(&a, &b);
	T_EQ_INT("merge-conflict-name", a.conflict, 1);
	a = rec("runc", 1, 100, 5000);
	b = rec("docker", 2, 100, 0);
	b.conflict = 1;
	container_merge(&a, &b);
	T_EQ_INT("merge-conflict-propagates", a.conflict, 1);
	/* A conflict is sticky: a later agreeing record does not clear it */
	b = rec("docker", 2, 100, 5000);
	container_merge(&a, &b);
	T_EQ_INT("merge-conflict-sticky", a.conflict, 1);
}

int main(void)
{
	test_crun();
	test_docker();
	test_pidfile();
	test_kube_log();
	test_merge();
	return t_done();
}
