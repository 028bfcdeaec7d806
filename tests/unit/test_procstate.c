/* SPDX-License-Identifier: ISC */
/* Unit tests for what nscap reads about a process and its container: runtime.c (runc
 * state.json), cgroup.c, netns.c (parse_proc_stat) and util.c (parse_ll). */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cgroup.h"
#include "netns.h"
#include "runtime.h"
#include "util.h"
#include "t.h"

/* ------------------------------------------------------------------------------------------ */
/* runtime.c: runc state.json */

#define RUNC_HEAD "{\"id\":\"abcd1234\","
#define RUNC_TAIL                                                                                  \
	"\"created\":\"2024-05-01T10:00:00.123456789Z\",\"config\":{\"no_pivot_root\":false,"      \
	"\"parent_death_signal\":0,\"rootfs\":\"/tmp/rt/b/rootfs\",\"readonlyfs\":false,"          \
	"\"mounts\":[{\"source\":\"proc\",\"destination\":\"/proc\",\"device\":\"proc\","          \
	"\"flags\":14,\"data\":\"\"}],\"hostname\":\"x\",\"namespaces\":[{\"type\":\"pid\","       \
	"\"path\":\"\"},{\"type\":\"network\",\"path\":\"\"}],\"capabilities\":{\"Bounding\":"     \
	"[\"CAP_CHOWN\",\"CAP_NET_RAW\"]},\"cgroups\":{\"id\":\"not-this-one\",\"path\":"          \
	"\"/sys/fs/cgroup/x\",\"Resources\":{\"memory\":0}},\"labels\":["                          \
	"\"io.kubernetes.pod.name=x\",\"bundle=/tmp/rt/b\"],\"no_new_keyring\":false},"            \
	"\"rootless\":false,\"cgroup_paths\":{\"\":\"/sys/fs/cgroup/abcd1234\"},"                  \
	"\"namespace_paths\":{\"NEWNET\":\"/proc/10682/ns/net\"},\"external_descriptors\":"        \
	"[\"/dev/null\",\"/dev/null\",\"/dev/null\"],\"intel_rdt_path\":\"\"}"

static int runc(const char *text, const char *dir, struct container *c, const char **err)
{
	memset(c, 0, sizeof(*c));
	*err = NULL;
	return runc_parse_state(text, strlen(text), dir, c, err);
}

static void test_runc_state(void)
{
	struct container c;
	const char *err;

	T_EQ_INT("runc-state-ok",
		 runc(RUNC_HEAD
		      "\"init_process_pid\":10682,\"init_process_start\":42021," RUNC_TAIL,
		      "abcd1234", &c, &err),
		 0);
	T_EQ_STR("runc-state-id", c.id, "abcd1234");
	T_EQ_INT("runc-state-pid", c.pid, 10682);
	T_EQ_INT("runc-state-start", c.start, 42021);
	T_EQ_STR("runc-state-bundle-label", c.bundle, "/tmp/rt/b");

	T_EQ_INT("runc-state-no-labels-ok",
		 runc("{\"id\":\"abcd1234\",\"init_process_pid\":1,\"init_process_start\":5}",
		      "abcd1234", &c, &err),
		 0);
	T_EQ_STR("runc-state-no-labels-empty-bundle", c.bundle, "");
	T_EQ_INT("runc-state-pid-max",
		 runc("{\"id\":\"a\",\"init_process_pid\":4194304,\"init_process_start\":5}", "a",
		      &c, &err),
		 0);

	T_EQ_INT("runc-state-id-mismatch",
		 runc(RUNC_HEAD
		      "\"init_process_pid\":10682,\"init_process_start\":42021," RUNC_TAIL,
		      "abcd12345", &c, &err),
		 -1);
	T_EQ_STR("runc-state-id-mismatch-reason", err, "id missing or not the directory's name");
	T_EQ_INT("runc-state-id-prefix-mismatch",
		 runc(RUNC_HEAD
		      "\"init_process_pid\":10682,\"init_process_start\":42021," RUNC_TAIL,
		      "abcd", &c, &err),
		 -1);
	T_EQ_INT("runc-state-id-missing",
		 runc("{\"init_process_pid\":1,\"init_process_start\":5}", "a", &c, &err), -1);
	T_EQ_INT("runc-state-id-not-string",
		 runc("{\"id\":5,\"init_process_pid\":1,\"init_process_start\":5}", "5", &c, &err),
		 -1);
	T_EQ_INT("runc-state-id-twice",
		 runc("{\"id\":\"a\",\"id\":\"a\",\"init_process_pid\":1,\"init_process_start\":5}",
		      "a", &c, &err),
		 -1);
	T_EQ_INT("runc-state-missing-pid",
		 runc(RUNC_HEAD "\"init_process_start\":42021," RUNC_TAIL, "abcd1234", &c, &err),
		 -1);
	T_EQ_STR("runc-state-missing-pid-reason", err,
		 "init_process_pid or init_process_start missing or invalid");
	T_EQ_INT("runc-state-pid-0",
		 runc(RUNC_HEAD "\"init_process_pid\":0,\"init_process_start\":42021," RUNC_TAIL,
		      "abcd1234", &c, &err),
		 -1);
	T_EQ_INT("runc-state-pid-string",
		 runc(RUNC_HEAD
		      "\"init_process_pid\":\"10682\",\"init_process_start\":42021," RUNC_TAIL,
		      "abcd1234", &c, &err),
		 -1);
	T_EQ_INT("runc-state-pid-negative",
		 runc(RUNC_HEAD "\"init_process_pid\":-1,\"init_process_start\":42021," RUNC_TAIL,
		      "abcd1234", &c, &err),
		 -1);
	T_EQ_INT("runc-state-pid-over-pid-max",
		 runc(RUNC_HEAD
		      "\"init_process_pid\":4194305,\"init_process_start\":42021," RUNC_TAIL,
		      "abcd1234", &c, &err),
		 -1);
	T_EQ_INT("runc-state-pid-2-pow-32-plus-1",
		 runc(RUNC_HEAD
		      "\"init_process_pid\":4294967297,\"init_process_start\":42021," RUNC_TAIL,
		      "abcd1234", &c, &err),
		 -1);
	T_EQ_INT("runc-state-pid-float",
		 runc(RUNC_HEAD
		      "\"init_process_pid\":10682.0,\"init_process_start\":42021," RUNC_TAIL,
		      "abcd1234", &c, &err),
		 -1);
	T_EQ_INT("runc-state-start-missing",
		 runc(RUNC_HEAD "\"init_process_pid\":10682," RUNC_TAIL, "abcd1234", &c, &err), -1);
	T_EQ_INT("runc-state-start-0",
		 runc(RUNC_HEAD "\"init_process_pid\":10682,\"init_process_start\":0," RUNC_TAIL,
		      "abcd1234", &c, &err),
		 -1);
	T_EQ_INT("runc-state-pid-twice",
		 runc(RUNC_HEAD "\"init_process_pid\":1,\"init_process_pid\":2,"
				"\"init_process_start\":42021," RUNC_TAIL,
		      "abcd1234", &c, &err),
		 -1);
	T_EQ_INT("runc-state-truncated",
		 runc("{\"id\":\"abcd1234\",\"init_process_pid\":10682,\"init_process_start\":4",
		      "abcd1234", &c, &err),
		 -1);
	T_EQ_INT("runc-state-not-json", runc("not json", "abcd1234", &c, &err), -1);
	T_CHECK("runc-state-error-has-reason", err != NULL && err[0] != '\0');
}

/* ------------------------------------------------------------------------------------------ */
/* cgroup.c */

#define HEX1 "4f1b2c3d4e5f60718293a4b5c6d7e8f94f1b2c3d4e5f60718293a4b5c6d7e8f9"
#define HEX2 "0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9"
#define HEX3 "ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100"
#define POD_UID "1b2c3d4e_5f60_7182_93a4_b5c6d7e8f901"

static char cand[CGROUP_MAX_CANDIDATES][ID_MAX + 1];
static int ncand;

static void cg(const char *text)
{
	memset(cand, 0, sizeof(cand));
	ncand = cgroup_candidates(text, cand, CGROUP_MAX_CANDIDATES);
}

static int has(const char *id)
{
	int k = 0;

	for (int i = 0; i < ncand; i++)
		k += strcmp(cand[i], id) == 0;
	return k;
}

/* No candidate carries a runtime decoration or the .scope suffix. */
static int undecorated(void)
{
	for (int i = 0; i < ncand; i++)
		if (strstr(cand[i], ".scope") || strncmp(cand[i], "docker-", 7) == 0 ||
		    strncmp(cand[i], "cri-containerd-", 15) == 0 ||
		    strncmp(cand[i], "crio-", 5) == 0 || strncmp(cand[i], "libpod-", 7) == 0 ||
		    strstr(cand[i], "conmon"))
			return 0;
	return 1;
}

static void test_cgroup(void)
{
	cg("0::/system.slice/docker-" HEX1 ".scope\n");
	T_EQ_INT("cgroup-v2-docker-scope", has(HEX1), 1);
	T_CHECK("cgroup-v2-docker-undecorated", undecorated());

	cg("12:pids:/docker/" HEX1 "\n");
	T_EQ_INT("cgroup-v1-docker", has(HEX1), 1);

	cg("0::/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" POD_UID
	   ".slice/cri-containerd-" HEX2 ".scope\n");
	T_EQ_INT("cgroup-v2-kubepods-containerd", has(HEX2), 1);
	T_CHECK("cgroup-v2-kubepods-undecorated", undecorated());

	cg("0::/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod" POD_UID
	   ".slice/crio-conmon-" HEX3 ".scope\n");
	T_EQ_INT("cgroup-crio-conmon-skipped", has(HEX3), 0);
	T_CHECK("cgroup-crio-conmon-undecorated", undecorated());
	cg("0::/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod" POD_UID
	   ".slice/crio-" HEX3 ".scope\n");
	T_EQ_INT("cgroup-crio-scope", has(HEX3), 1);
	T_CHECK("cgroup-crio-undecorated", undecorated());

	cg("0::/machine.slice/libpod-conmon-" HEX1 ".scope\n");
	T_EQ_INT("cgroup-libpod-conmon-skipped", has(HEX1), 0);
	T_CHECK("cgroup-libpod-conmon-undecorated", undecorated());
	cg("0::/machine.slice/libpod-" HEX1 ".scope/container\n");
	T_EQ_INT("cgroup-libpod-scope-nested", has(HEX1), 1);
	T_CHECK("cgroup-libpod-undecorated", undecorated());

	cg("12:pids:/docker/" HEX1 "\n11:memory:/docker/" HEX1 "\n10:cpu,cpuacct:/docker/" HEX1
	   "\n1:name=systemd:/docker/" HEX1 "\n0::/system.slice/docker-" HEX1 ".scope\n");
	T_EQ_INT("cgroup-duplicates-collapsed", has(HEX1), 1);
	T_EQ_INT("cgroup-duplicates-collapsed-count", ncand, 3); /* docker, HEX1, system.slice */

	cg("0::/abc\n1:cpu:/abc/def");
	T_EQ_INT("cgroup-plain-components-count", ncand, 2);
	T_EQ_STR("cgroup-plain-components-first", cand[0], "abc");
	T_EQ_STR("cgroup-plain-components-second-no-newline", cand[1], "def");

	cg("0::/docker-" HEX1 ".scope\n0::/crio-" HEX2 ".scope\n");
	T_CHECK("cgroup-order-of-appearance",
		ncand == 2 && strcmp(cand[0], HEX1) == 0 && strcmp(cand[1], HEX2) == 0);

	cg("");
	T_EQ_INT("cgroup-empty", ncand, 0);
	cg("garbage without colons\n\n:\n");
	T_EQ_INT("cgroup-no-path", ncand, 0);
	cg("0::/\n");
	T_EQ_INT("cgroup-root-only", ncand, 0);
	cg("0::/../.\n");
	T_EQ_INT("cgroup-dot-components-skipped", ncand, 0);
	cg("0::/a b/x$y/" HEX1 "\n");
	T_CHECK("cgroup-invalid-chars-skipped", ncand == 1 && has(HEX1) == 1);
	{
		char text[1024];
		char longc[200];

		memset(longc, 'a', 199);
		longc[199] = '\0';
		snprintf(text, sizeof(text), "0::/%s/" HEX2 "\n", longc);
		cg(text);
		T_CHECK("cgroup-overlong-component-skipped", ncand == 1 && has(HEX2) == 1);
		memset(longc, 'b', 129);
		longc[129] = '\0';
		snprintf(text, sizeof(text), "0::/docker-%s.scope\n", longc);
		cg(text);
		T_EQ_INT("cgroup-129-byte-id-skipped", ncand, 0);
	}
	{
		/* More distinct components than the output holds. */
		char text[4096];
		size_t n = (size_t)snprintf(text, sizeof(text), "0::");
		char out[5][ID_MAX + 1];
		char guard[ID_MAX + 1];

		for (int i = 0; i < CGROUP_MAX_CANDIDATES + 10; i++)
			n += (size_t)snprintf(text + n, sizeof(text) - n, "/c%d", i);
		cg(text);
		T_EQ_INT("cgroup-max-candidates", ncand, CGROUP_MAX_CANDIDATES);
		memset(guard, 'G', sizeof(guard));
		T_EQ_INT("cgroup-small-max", cgroup_candidates(text, out, 4), 4);
		T_EQ_STR("cgroup-small-max-first", out[0], "c0");
		T_EQ_STR("cgroup-small-max-last", out[3], "c3");
		(void)guard;
	}
}

/* ------------------------------------------------------------------------------------------ */
/* netns.c: parse_proc_stat */

static void test_proc_stat(void)
{
	uint64_t start = 0, flags = 0;
	char buf[4096];
	int fd;
	ssize_t n;

	T_EQ_INT(
		"stat-comm-with-parens",
		parse_proc_stat("123 (a) b) c) S 1 123 123 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 "
				"987654 12345678 300 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 "
				"17 3 0 0 0 0 0\n",
				&start, &flags),
		0);
	T_EQ_INT("stat-comm-with-parens-start", start, 987654);
	T_EQ_INT("stat-comm-with-parens-flags", flags, 4194560);

	start = flags = 0;
	T_EQ_INT("stat-comm-with-spaces",
		 parse_proc_stat(
			 "7 (my prog x) R 1 7 7 0 -1 2097152 0 0 0 0 0 0 0 0 20 0 1 0 55 0 0\n",
			 &start, &flags),
		 0);
	T_EQ_INT("stat-comm-with-spaces-start", start, 55);
	T_EQ_INT("stat-kthread-flag", flags & 0x00200000, 0x00200000);

	/* A comm crafted to look like the rest of the line: the last ')' is the real end. */
	start = 0;
	T_EQ_INT("stat-comm-fake-fields",
		 parse_proc_stat(
			 "42 () S 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 666) S 1 42 42 0 -1 64 0 "
			 "0 0 0 0 0 0 0 20 0 1 0 777 0 0\n",
			 &start, &flags),
		 0);
	T_EQ_INT("stat-comm-fake-fields-start", start, 777);
	T_EQ_INT("stat-comm-fake-fields-flags", flags, 64);

	start = 0;
	T_EQ_INT(
		"stat-start-last-field-no-newline",
		parse_proc_stat("1 (x) S 0 0 0 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 99", &start, &flags),
		0);
	T_EQ_INT("stat-start-last-field-no-newline-value", start, 99);
	T_EQ_INT("stat-too-short",
		 parse_proc_stat("1 (x) S 0 0 0 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0\n", &start, &flags),
		 -1);
	T_EQ_INT(
		"stat-no-paren",
		parse_proc_stat("1 x S 0 0 0 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 99\n", &start, &flags),
		-1);
	T_EQ_INT("stat-empty", parse_proc_stat("", &start, &flags), -1);
	T_EQ_INT("stat-start-not-number",
		 parse_proc_stat("1 (x) S 0 0 0 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 9x9 0\n", &start,
				 &flags),
		 -1);
	T_EQ_INT("stat-flags-not-number",
		 parse_proc_stat("1 (x) S 0 0 0 0 -1 zz 0 0 0 0 0 0 0 0 20 0 1 0 99 0\n", &start,
				 &flags),
		 -1);
	T_EQ_INT("stat-start-overflow",
		 parse_proc_stat("1 (x) S 0 0 0 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 "
				 "99999999999999999999999 0\n",
				 &start, &flags),
		 -1);

	fd = open("/proc/self/stat", O_RDONLY);
	n = fd >= 0 ? read(fd, buf, sizeof(buf) - 1) : -1;
	if (fd >= 0)
		close(fd);
	buf[n > 0 ? n : 0] = '\0';
	start = 0;
	flags = 0xffffffff;
	T_EQ_INT("stat-proc-self", parse_proc_stat(buf, &start, &flags), 0);
	T_CHECK("stat-proc-self-start-nonzero", start > 0);
	T_EQ_INT("stat-proc-self-not-kthread", flags & 0x00200000, 0);
}

/* ------------------------------------------------------------------------------------------ */
/* util.c: parse_ll */

static void test_parse_ll(void)
{
	long long v = -7;

	T_CHECK("parse-ll-zero", parse_ll("0", 0, 10, &v) == NULL && v == 0);
	T_CHECK("parse-ll-plain", parse_ll("4194304", 1, 4194304, &v) == NULL && v == 4194304);
	T_CHECK("parse-ll-llong-max",
		parse_ll("9223372036854775807", 0, 9223372036854775807LL, &v) == NULL &&
			v == 9223372036854775807LL);
	T_EQ_STR("parse-ll-llong-max-plus-one",
		 parse_ll("9223372036854775808", 0, 9223372036854775807LL, &v), "too large");
	T_EQ_STR("parse-ll-huge", parse_ll("99999999999999999999999", 0, 9223372036854775807LL, &v),
		 "too large");
	T_EQ_STR("parse-ll-leading-zero", parse_ll("007", 0, 100, &v), "leading zero");
	T_EQ_STR("parse-ll-leading-zero-00", parse_ll("00", 0, 100, &v), "leading zero");
	T_EQ_STR("parse-ll-minus", parse_ll("-1", -10, 10, &v), "not a number");
	T_EQ_STR("parse-ll-plus", parse_ll("+1", 0, 10, &v), "not a number");
	T_EQ_STR("parse-ll-space-before", parse_ll(" 1", 0, 10, &v), "not a number");
	T_EQ_STR("parse-ll-space-after", parse_ll("1 ", 0, 10, &v), "not a number");
	T_EQ_STR("parse-ll-hex", parse_ll("0x1", 0, 10, &v), "not a number");
	T_EQ_STR("parse-ll-empty", parse_ll("", 0, 10, &v), "empty number");
	T_EQ_STR("parse-ll-below-min", parse_ll("0", 1, 10, &v), "too small");
	T_EQ_STR("parse-ll-above-max", parse_ll("11", 1, 10, &v), "too large");
	T_CHECK("parse-ll-at-max", parse_ll("10", 1, 10, &v) == NULL && v == 10);
	T_EQ_STR("parse-ll-pid-max-plus-one", parse_ll("4194305", 1, 4194304, &v), "too large");
	v = 123;
	(void)parse_ll("x", 0, 10, &v);
	T_EQ_INT("parse-ll-error-leaves-out", v, 123);
	/* A single digit above a max below 9 (see the report: (max - d) / 10 truncates to 0). */
	T_EQ_STR("parse-ll-single-digit-above-small-max", parse_ll("9", 0, 5, &v), "too large");
	T_EQ_STR("parse-ll-single-digit-above-max-0", parse_ll("1", 0, 0, &v), "too large");
}

int main(void)
{
	test_runc_state();
	test_cgroup();
	test_proc_stat();
	test_parse_ll();
	return t_done();
}
