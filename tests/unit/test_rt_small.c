/* SPDX-License-Identifier: ISC */
/* Unit tests for the small records and names of rt_parse.c: valid_id, hex64_id,
 * crun_parse_status and parse_pidfile (with conmon's and containerd's real pid files). */
#include "t_rt.h"

static void test_ids(void)
{
	T_EQ_INT("valid-id-hex64", valid_id(ID1), 1);
	T_EQ_INT("valid-id-ctr-name", valid_id("nscapt-c1"), 1);
	T_EQ_INT("valid-id-all-classes", valid_id("k8s_app.dpod+x-9_0"), 1);
	T_EQ_INT("valid-id-three-dots", valid_id("..."), 1);
	T_EQ_INT("valid-id-dot", valid_id("."), 0);
	T_EQ_INT("valid-id-dotdot", valid_id(".."), 0);
	T_EQ_INT("valid-id-slash", valid_id("a/b"), 0);
	T_EQ_INT("valid-id-empty", valid_id(""), 0);
	T_EQ_INT("valid-id-space", valid_id("a b"), 0);
	T_EQ_INT("valid-id-colon", valid_id("pid:1"), 0);
	T_EQ_INT("valid-id-newline", valid_id("a\n"), 0);
	T_EQ_INT("valid-id-utf8", valid_id("caf\xc3\xa9"), 0);
	{
		char id[ID_MAX + 2];

		memset(id, 'a', sizeof(id) - 1);
		id[ID_MAX] = '\0';
		T_EQ_INT("valid-id-max", valid_id(id), 1);
		id[ID_MAX] = 'a';
		id[ID_MAX + 1] = '\0';
		T_EQ_INT("valid-id-over-max", valid_id(id), 0);
	}
	T_EQ_INT("hex64-id", hex64_id(ID1), 1);
	T_EQ_INT("hex64-id-upper",
		 hex64_id("4F1B2C3D4E5F60718293A4B5C6D7E8F94F1B2C3D4E5F60718293A4B5C6D7E8F9"), 0);
	T_EQ_INT("hex64-id-63", hex64_id(ID1 + 1), 0);
	T_EQ_INT("hex64-id-65", hex64_id(ID1 "0"), 0);
	T_EQ_INT("hex64-id-not-hex",
		 hex64_id("gf1b2c3d4e5f60718293a4b5c6d7e8f94f1b2c3d4e5f60718293a4b5c6d7e8f9"), 0);
	T_EQ_INT("hex64-id-name", hex64_id("nscapt-c1"), 0);
	/* Each byte just outside a class the plain loops accept. */
	{
		const char outside[] = "/:@[`{\x7f\x80 ,*=";
		int none = 1;

		for (const char *o = outside; *o; o++) {
			char id[4] = {'a', *o, 'b', '\0'}, hex[65];

			memcpy(hex, ID1, sizeof(hex));
			hex[10] = *o;
			none &= !valid_id(id) && !hex64_id(hex);
		}
		T_CHECK("ids-class-edges-refused", none);
		char hex[65];

		memcpy(hex, ID1, sizeof(hex));
		hex[63] = 'g';
		T_EQ_INT("hex64-id-g-last", hex64_id(hex), 0);
		T_EQ_INT("valid-id-edges-accepted", valid_id("09AZaz_.+-"), 1);
	}
}

static int crun(const char *text)
{
	reset();
	return crun_parse_status(text, strlen(text), &c, &err);
}

static void test_crun(void)
{
	/* As crun writes it: spaces around ':', more fields than are read. */
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
	T_EQ_STR("crun-ok-no-identity", c.pod_name, "");
	T_EQ_INT("crun-no-bundle-ok", crun("{\"pid\":7,\"process-start-time\":9}"), 0);
	T_EQ_STR("crun-no-bundle-empty", c.bundle, "");
	T_EQ_INT("crun-bundle-not-string",
		 crun("{\"pid\":7,\"process-start-time\":9,\"bundle\":5}"), -1);
	T_EQ_STR("crun-bundle-not-string-reason", err, "bundle path too long");
	{
		char doc[512];

		snprintf(doc, sizeof(doc),
			 "{\"pid\":7,\"process-start-time\":9,\"bundle\":\"/%0256d\"}", 0);
		T_EQ_INT("crun-bundle-too-long", crun(doc), -1);
	}
	T_EQ_INT("crun-pid-0", crun("{\"pid\":0,\"process-start-time\":9}"), -1);
	T_EQ_STR("crun-pid-0-reason", err, "pid or process-start-time missing or invalid");
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
		T_EQ_STR("crun-nul-byte-reason", err, "NUL byte");
	}
}

static void test_pidfile(void)
{
	pid_t pid = 0;
	size_t len;
	char *text;

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

	/* conmon's pidfile (podman) and containerd's init.pid: decimal, no newline. */
	text = FIXTURE("fx-pidfile-podman",
		       "podman/pod/run/containers/storage/overlay-containers/" FX_PM1
		       "/userdata/pidfile",
		       &len);
	if (text) {
		T_EQ_INT("fx-pidfile-podman-parses", parse_pidfile(text, &pid), 0);
		T_EQ_INT("fx-pidfile-podman-pid", pid, 5713);
		free(text);
	}
	text = FIXTURE("fx-pidfile-containerd",
		       "containerd/running/" FX_TASK_DIR "default/nscapt-c1/init.pid", &len);
	if (text) {
		T_EQ_INT("fx-pidfile-containerd-parses", parse_pidfile(text, &pid), 0);
		T_EQ_INT("fx-pidfile-containerd-pid", pid, 6229);
		free(text);
	}
}

int main(void)
{
	test_ids();
	test_crun();
	test_pidfile();
	return t_done();
}
