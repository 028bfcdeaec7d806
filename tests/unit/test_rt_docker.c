/* SPDX-License-Identifier: ISC */
/* Unit tests for docker's records (rt_docker.c): docker_parse_config (name, state, exit, image,
 * driver and the Kubernetes labels it hands on), docker_parse_hostconfig, and the real
 * config.v2.json and hostconfig.json files dockerd wrote. Labels and the image: test_rt_trust.c. */
#include "t_rt.h"

#define IMG "sha256:3a0e08d860c40f72d91361b2ce2582b3feb3fed2fa29e7253aa0c41ba2b1b700"
#define RUNNING "\"Running\":true,\"Paused\":false,\"Pid\":3131,\"ExitCode\":0"
#define NAME "\"Name\":\"/web\""
#define IMAGE "\"Image\":\"" IMG "\""
#define DRIVER "\"Driver\":\"overlay2\""
#define IDS "\"ID\":\"" ID1 "\""
#define ALL IDS "," NAME "," IMAGE "," DRIVER

static char driver[32], labels[512];
static int nlabels;

/* A config.v2.json of docker 20.10's shape with this State, Config.Labels member and top-level
 * members (ID, Name, Image, Driver). */
static int docker_doc(const char *state, const char *labels_member, const char *top,
		      const char *dir)
{
	char doc[8192];

	snprintf(doc, sizeof(doc),
		 "{\"StreamConfig\":{},\"State\":{%s},\"Created\":\"2026-11-27T13:40:46Z\","
		 "\"Managed\":false,\"Path\":\"/loop\",\"Args\":[\"8080\"],\"Config\":{"
		 "\"Hostname\":\"4f1b2c3d4e5f\",\"Env\":[\"PATH=/bin\"],\"Cmd\":[\"/loop\"],"
		 "\"Image\":\"busybox\"%s%s},\"NetworkSettings\":{\"SandboxKey\":\"/run/n\"},%s,"
		 "\"OS\":\"linux\",\"RestartCount\":0,\"MountPoints\":{}}",
		 state, *labels_member ? "," : "", labels_member, top);
	reset();
	memset(driver, 0, sizeof(driver));
	memset(labels, 0, sizeof(labels));
	nlabels = docker_parse_config(doc, strlen(doc), dir, &c, driver, sizeof(driver), labels,
				      sizeof(labels), &err);
	return nlabels;
}

static int docker(const char *state, const char *labels_member)
{
	return docker_doc(state, labels_member, ALL, ID1);
}

static int top(const char *members)
{
	return docker_doc(RUNNING, "", members, ID1);
}

static void test_docker_running(void)
{
	T_EQ_INT("docker-ok", docker(RUNNING, "\"Labels\":{\"app\":\"web\"}"), 0);
	T_EQ_STR("docker-id", c.id, ID1);
	T_EQ_STR("docker-name-slash-stripped", c.name, "web");
	T_EQ_INT("docker-pid", c.pid, 3131);
	T_EQ_INT("docker-no-start-time", c.start, 0);
	T_EQ_STR("docker-image", c.image, IMG);
	T_EQ_STR("docker-driver", driver, "overlay2");
	T_EQ_INT("docker-not-stopped", c.stopped, 0);
	T_EQ_INT("docker-exit-unknown", c.exit_code, -1);
	T_EQ_STR("docker-no-finished", c.finished, "");
	T_EQ_INT("docker-no-host-network", c.host_network, 0);
	T_EQ_STR("docker-no-runtime-from-parser", c.runtime, "");
	T_EQ_STR("docker-plain-no-pod", c.pod_name, "");

	T_EQ_INT("docker-pid-0", docker("\"Running\":true,\"Pid\":0", ""), -1);
	T_EQ_STR("docker-pid-0-reason", err, "running without a valid State.Pid");
	T_EQ_STR("docker-error-no-name", c.name, "");
	T_EQ_INT("docker-pid-missing", docker("\"Running\":true", ""), -1);
	T_EQ_INT("docker-pid-string", docker("\"Running\":true,\"Pid\":\"3131\"", ""), -1);
	T_EQ_INT("docker-pid-negative", docker("\"Running\":true,\"Pid\":-5", ""), -1);
	T_EQ_INT("docker-pid-over-max", docker("\"Running\":true,\"Pid\":4194305", ""), -1);
	T_EQ_INT("docker-pid-max", docker("\"Running\":true,\"Pid\":4194304", ""), 0);
	T_EQ_INT("docker-running-missing", docker("\"Pid\":5", ""), -1);
	T_EQ_STR("docker-running-missing-reason", err, "State.Running missing");
	T_EQ_INT("docker-running-null", docker("\"Running\":null,\"Pid\":5", ""), -1);
	T_EQ_INT("docker-running-string", docker("\"Running\":\"true\",\"Pid\":5", ""), -1);
	T_EQ_INT("docker-running-number", docker("\"Running\":1,\"Pid\":5", ""), -1);
	T_EQ_INT("docker-running-twice", docker("\"Running\":false,\"Running\":true,\"Pid\":5", ""),
		 -1);
	T_EQ_INT("docker-state-empty", docker("", ""), -1);
	T_EQ_INT("docker-state-twice",
		 docker_doc(RUNNING, "", ALL ",\"State\":{\"Running\":true,\"Pid\":5}", ID1), -1);
}

static void test_docker_stopped(void)
{
	T_EQ_INT("docker-stopped",
		 docker("\"Running\":false,\"Pid\":0,\"ExitCode\":137,"
			"\"StartedAt\":\"2026-11-27T13:40:46.541973079Z\","
			"\"FinishedAt\":\"2026-11-27T13:41:18.015226826Z\"",
			""),
		 0);
	T_EQ_INT("docker-stopped-flag", c.stopped, 1);
	T_EQ_INT("docker-stopped-exit", c.exit_code, 137);
	T_EQ_STR("docker-stopped-finished", c.finished, "2026-11-27T13:41:18.015226826Z");
	{
		char st[512];

		snprintf(st, sizeof(st), "\"Running\":false,\"ExitCode\":1,\"FinishedAt\":\"%0*d\"",
			 (int)sizeof(c.finished) + 4, 7);
		T_EQ_INT("docker-stopped-finished-too-long", docker(st, ""), 0);
		T_EQ_STR("docker-stopped-finished-too-long-left-out", c.finished, "");
	}
	T_EQ_INT("docker-stopped-no-pid", c.pid, 0);
	T_EQ_STR("docker-stopped-name", c.name, "web");
	T_EQ_INT("docker-stopped-exit-0", docker("\"Running\":false,\"ExitCode\":0", ""), 0);
	T_EQ_INT("docker-stopped-exit-0-value", c.exit_code, 0);
	T_EQ_INT("docker-stopped-exit-255", docker("\"Running\":false,\"ExitCode\":255", ""), 0);
	T_EQ_INT("docker-stopped-exit-255-value", c.exit_code, 255);
	T_EQ_INT("docker-stopped-exit-missing", docker("\"Running\":false", ""), 0);
	T_EQ_INT("docker-stopped-exit-missing-unknown", c.exit_code, -1);
	T_EQ_STR("docker-stopped-finished-missing", c.finished, "");
	T_EQ_INT("docker-stopped-exit-256", docker("\"Running\":false,\"ExitCode\":256", ""), 0);
	T_EQ_INT("docker-stopped-exit-256-unknown", c.exit_code, -1);
	T_EQ_INT("docker-stopped-exit-negative", docker("\"Running\":false,\"ExitCode\":-1", ""),
		 0);
	T_EQ_INT("docker-stopped-exit-negative-unknown", c.exit_code, -1);
	T_EQ_INT("docker-stopped-exit-string", docker("\"Running\":false,\"ExitCode\":\"1\"", ""),
		 0);
	T_EQ_INT("docker-stopped-exit-string-unknown", c.exit_code, -1);
	/* A stale Pid of a stopped container is not taken. */
	T_EQ_INT("docker-stopped-stale-pid", docker("\"Running\":false,\"Pid\":4242", ""), 0);
	T_EQ_INT("docker-stopped-stale-pid-ignored", c.pid, 0);
}

static void test_docker_fields(void)
{
	T_EQ_INT("docker-id-not-dir", docker_doc(RUNNING, "", ALL, ID2), -1);
	T_EQ_STR("docker-id-not-dir-reason", err, "ID missing or not the directory's name");
	T_EQ_INT("docker-id-prefix-dir", docker_doc(RUNNING, "", ALL, "4f1b2c3d4e5f"), -1);
	T_EQ_INT("docker-id-missing", top(NAME "," IMAGE "," DRIVER), -1);
	T_EQ_INT("docker-id-twice", top(ALL "," IDS), -1);
	T_EQ_INT("docker-name-missing", top(IDS "," IMAGE "," DRIVER), -1);
	T_EQ_STR("docker-name-missing-reason", err,
		 "Name missing, malformed or longer than nscap holds");
	T_EQ_INT("docker-name-no-slash", top(IDS ",\"Name\":\"web\"," IMAGE "," DRIVER), -1);
	T_EQ_INT("docker-name-only-slash", top(IDS ",\"Name\":\"/\"," IMAGE "," DRIVER), -1);
	T_EQ_INT("docker-name-not-string", top(IDS ",\"Name\":5," IMAGE "," DRIVER), -1);
	{
		char members[1024], name[300];

		memset(name, 'n', 253);
		name[253] = '\0';
		snprintf(members, sizeof(members), IDS ",\"Name\":\"/%s\"," IMAGE "," DRIVER, name);
		T_EQ_INT("docker-name-253", top(members), 0);
		T_EQ_INT("docker-name-253-whole", strlen(c.name), 253);
		memcpy(name + 253, "n", 2);
		snprintf(members, sizeof(members), IDS ",\"Name\":\"/%s\"," IMAGE "," DRIVER, name);
		T_EQ_INT("docker-name-254", top(members), -1);
		T_EQ_STR("docker-name-254-not-cut", c.name, "");
	}
	T_EQ_INT("docker-image-missing", top(IDS "," NAME "," DRIVER), -1);
	T_EQ_STR("docker-image-missing-reason", err, "Image missing or too long");
	T_EQ_INT("docker-image-too-long", top(IDS "," NAME ",\"Image\":\"" IMG "0\"," DRIVER), -1);
	T_EQ_INT("docker-driver-missing", top(IDS "," NAME "," IMAGE), -1);
	T_EQ_STR("docker-driver-missing-reason", err, "Driver missing or not a plain name");
	T_EQ_INT("docker-driver-path", top(IDS "," NAME "," IMAGE ",\"Driver\":\"../../x\""), -1);
	T_EQ_INT("docker-driver-upper", top(IDS "," NAME "," IMAGE ",\"Driver\":\"Overlay2\""), -1);
	T_EQ_INT("docker-driver-too-long",
		 top(IDS "," NAME "," IMAGE ",\"Driver\":\"abcdefghijklmnopqrstuvwxyz0123456789\""),
		 -1);
	T_EQ_INT("docker-driver-vfs", top(IDS "," NAME "," IMAGE ",\"Driver\":\"vfs\""), 0);
	T_EQ_STR("docker-driver-vfs-value", driver, "vfs");
	T_EQ_INT("docker-truncated", docker_doc(RUNNING, "", ALL "}", ID1), -1);
	reset();
	T_EQ_INT("docker-empty-file",
		 docker_parse_config("", 0, ID1, &c, driver, sizeof(driver), labels, sizeof(labels),
				     &err),
		 -1);
}

static void test_docker_labels(void)
{
	static const char flat[] = "io.kubernetes.pod.name\0web\0io.kubernetes.pod.namespace\0dev";

	T_EQ_INT("docker-labels-k8s",
		 docker(RUNNING, "\"Labels\":{\"io.container.manager\":\"cri-o\","
				 "\"io.kubernetes.pod.name\":\"web\",\"app\":\"x\","
				 "\"io.kubernetes.pod.namespace\":\"dev\"}"),
		 (int)sizeof(flat));
	T_CHECK("docker-labels-k8s-flat", memcmp(labels, flat, sizeof(flat)) == 0);
	T_EQ_STR("docker-labels-not-applied-by-parser", c.pod_name, "");
	T_EQ_INT("docker-labels-none", docker(RUNNING, "\"Labels\":{\"app\":\"x\"}"), 0);
	T_EQ_INT("docker-labels-null", docker(RUNNING, "\"Labels\":null"), 0);
	T_EQ_INT("docker-labels-absent", docker(RUNNING, ""), 0);
	T_EQ_INT("docker-labels-prefix-exact",
		 docker(RUNNING, "\"Labels\":{\"io.kubernetesx.pod.name\":\"a\","
				 "\"IO.KUBERNETES.POD.NAME\":\"b\",\"io.kubernetes\":\"c\"}"),
		 0);
	T_EQ_INT("docker-labels-array", docker(RUNNING, "\"Labels\":[\"io.kubernetes.pod.name\"]"),
		 -1);
	T_EQ_STR("docker-labels-array-reason", err, "Config.Labels is not an object");
	T_EQ_INT("docker-labels-string", docker(RUNNING, "\"Labels\":\"x\""), -1);
	T_EQ_INT("docker-labels-k8s-not-string",
		 docker(RUNNING, "\"Labels\":{\"io.kubernetes.pod.name\":5}"), -1);
	T_EQ_STR("docker-labels-k8s-not-string-reason", err,
		 "a Kubernetes label nscap cannot hold");
	T_EQ_INT("docker-labels-other-not-string", docker(RUNNING, "\"Labels\":{\"app\":5}"), 0);
	T_EQ_INT("docker-labels-other-k8s-key-not-string",
		 docker(RUNNING, "\"Labels\":{\"io.kubernetes.cri.sandbox-name\":5,"
				 "\"io.kubernetes.pod.terminationGracePeriod\":[]}"),
		 0);
	T_EQ_INT("docker-labels-escaped-nul",
		 docker(RUNNING, "\"Labels\":{\"io.kubernetes.pod.name\":\"a\\u0000b\"}"), -1);
	T_EQ_INT("docker-labels-only-config",
		 docker_doc(RUNNING, "",
			    ALL
			    ",\"Labels\":{\"io.kubernetes.pod.name\":\"fake\"},"
			    "\"ContainerConfig\":{\"Labels\":{\"io.kubernetes.pod.name\":\"f\"}}",
			    ID1),
		 0);
	{
		/* 512 bytes hold the list exactly, or not at all. */
		char member[1024], v[512];

		memset(v, 'v', 488);
		v[488] = '\0';
		snprintf(member, sizeof(member), "\"Labels\":{\"io.kubernetes.pod.name\":\"%s\"}",
			 v);
		T_EQ_INT("docker-labels-fill-buffer", docker(RUNNING, member), 512);
		memcpy(v + 488, "v", 2);
		snprintf(member, sizeof(member), "\"Labels\":{\"io.kubernetes.pod.name\":\"%s\"}",
			 v);
		T_EQ_INT("docker-labels-over-buffer", docker(RUNNING, member), -1);
		T_EQ_STR("docker-labels-over-buffer-reason", err, "too many Kubernetes labels");
	}
}

static int hostconfig(const char *text)
{
	reset();
	return docker_parse_hostconfig(text, strlen(text), &c, &err);
}

static void test_hostconfig(void)
{
	T_EQ_INT("hostconfig-host", hostconfig("{\"Binds\":null,\"NetworkMode\":\"host\"}"), 0);
	T_EQ_INT("hostconfig-host-flag", c.host_network, 1);
	T_EQ_INT("hostconfig-default", hostconfig("{\"NetworkMode\":\"default\"}"), 0);
	T_EQ_INT("hostconfig-default-flag", c.host_network, 0);
	T_EQ_INT("hostconfig-container", hostconfig("{\"NetworkMode\":\"container:" ID2 "\"}"), 0);
	T_EQ_INT("hostconfig-container-flag", c.host_network, 0);
	T_EQ_INT("hostconfig-HOST", hostconfig("{\"NetworkMode\":\"HOST\"}"), 0);
	T_EQ_INT("hostconfig-HOST-flag", c.host_network, 0);
	T_EQ_INT("hostconfig-missing", hostconfig("{\"Binds\":null}"), 0);
	T_EQ_INT("hostconfig-missing-flag", c.host_network, 0);
	T_EQ_INT("hostconfig-nested-ignored", hostconfig("{\"x\":{\"NetworkMode\":\"host\"}}"), 0);
	T_EQ_INT("hostconfig-nested-ignored-flag", c.host_network, 0);
	T_EQ_INT("hostconfig-not-string", hostconfig("{\"NetworkMode\":1}"), -1);
	T_EQ_STR("hostconfig-not-string-reason", err, "NetworkMode is not a string nscap can hold");
	T_EQ_INT("hostconfig-twice-refused",
		 hostconfig("{\"NetworkMode\":\"host\",\"NetworkMode\":\"default\"}"), -1);
	T_EQ_INT("hostconfig-malformed", hostconfig("{\"NetworkMode\":\"host\""), -1);
	T_EQ_INT("hostconfig-array", hostconfig("[]"), -1);
}

/* Every file dockerd wrote: what each says, and its hostconfig.json. */
static void test_docker_fixtures(void)
{
	static const struct {
		const char *name, *phase, *id, *cname;
		pid_t pid;
		int stopped, exit_code, host, nlabels;
	} fx[] = {
		{"fx-docker-web", "running", FX_DWEB, "nscapt-web", 4694, 0, -1, 0, 0},
		{"fx-docker-side", "running", FX_DSIDE, "nscapt-side", 4765, 0, -1, 0, 0},
		{"fx-docker-hostnet", "running", FX_DHOST, "nscapt-hostnet", 4843, 0, -1, 1, 0},
		{"fx-docker-dlabel", "running", FX_DLABEL, "nscapt-dlabel", 5188, 0, -1, 0, 59},
		{"fx-docker-restarted", "restarted",
		 "713d42c8a1b3ce6f290de328fc40dc56c2295fae34cbcbdd5775243beabde80a",
		 "nscapt-restart", 22817, 0, -1, 0, 0},
		{"fx-docker-stopped", "stopped", FX_DSTOP, "nscapt-stop", 0, 1, 137, 0, 0},
	};
	char rel[512], name[128];

	for (size_t i = 0; i < sizeof(fx) / sizeof(fx[0]); i++) {
		size_t len;
		char *text;

		snprintf(rel, sizeof(rel), "docker/%s/" FX_DOCKER_DIR "%s/config.v2.json",
			 fx[i].phase, fx[i].id);
		text = FIXTURE(fx[i].name, rel, &len);
		if (!text)
			continue;
		reset();
		T_EQ_INT(tn(fx[i].name, "parses"),
			 docker_parse_config(text, len, fx[i].id, &c, driver, sizeof(driver),
					     labels, sizeof(labels), &err),
			 fx[i].nlabels);
		T_EQ_STR(tn(fx[i].name, "name"), c.name, fx[i].cname);
		T_EQ_INT(tn(fx[i].name, "pid"), c.pid, fx[i].pid);
		T_EQ_INT(tn(fx[i].name, "stopped"), c.stopped, fx[i].stopped);
		T_EQ_INT(tn(fx[i].name, "exit"), c.exit_code, fx[i].exit_code);
		T_CHECK(tn(fx[i].name, "image"),
			strncmp(c.image, "sha256:", 7) == 0 && hex64_id(c.image + 7));
		T_EQ_STR(tn(fx[i].name, "driver"), driver, "overlay2");
		T_EQ_STR(tn(fx[i].name, "finished"), c.finished,
			 fx[i].stopped ? "2026-11-27T13:41:18.015226826Z" : "");
		free(text);

		snprintf(rel, sizeof(rel), "docker/%s/" FX_DOCKER_DIR "%s/hostconfig.json",
			 fx[i].phase, fx[i].id);
		snprintf(name, sizeof(name), "%s-hostconfig", fx[i].name);
		text = FIXTURE(name, rel, &len);
		if (!text)
			continue;
		T_EQ_INT(tn(fx[i].name, "hostconfig-parses"),
			 docker_parse_hostconfig(text, len, &c, &err), 0);
		T_EQ_INT(tn(fx[i].name, "host-network"), c.host_network, fx[i].host);
		free(text);
	}
}

int main(void)
{
	test_docker_running();
	test_docker_stopped();
	test_docker_fields();
	test_docker_labels();
	test_hostconfig();
	test_docker_fixtures();
	return t_done();
}
