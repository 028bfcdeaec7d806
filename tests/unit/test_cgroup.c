/* SPDX-License-Identifier: ISC */
/* Unit tests for cgroup.c: cgroup_candidates (IDs a process's cgroup paths name, decorations
 * removed) and cgroup_within (is a process in a runtime's recorded cgroup, or below it), on
 * v1 and v2 lines as /proc/PID/cgroup gives them, and on this process's own. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cgroup.h"
#include "t.h"

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

	/* podman's pod member (cgroupfs): its own ID and its pod's, in that order. */
	cg("12:pids:/libpod_parent/" HEX2 "/libpod-" HEX1 "\n");
	T_CHECK("cgroup-podman-pod-member", ncand == 3 && strcmp(cand[0], "libpod_parent") == 0 &&
						    strcmp(cand[1], HEX2) == 0 &&
						    strcmp(cand[2], HEX1) == 0);

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

		for (int i = 0; i < CGROUP_MAX_CANDIDATES + 10; i++)
			n += (size_t)snprintf(text + n, sizeof(text) - n, "/c%d", i);
		cg(text);
		T_EQ_INT("cgroup-max-candidates", ncand, CGROUP_MAX_CANDIDATES);
		T_EQ_INT("cgroup-small-max", cgroup_candidates(text, out, 4), 4);
		T_EQ_STR("cgroup-small-max-first", out[0], "c0");
		T_EQ_STR("cgroup-small-max-last", out[3], "c3");
	}
}

static void test_within(void)
{
	static const struct {
		const char *name, *text, *path;
		int want;
	} w[] = {
		{"within-v2-equal", "0::/docker/" HEX1 "\n", "/docker/" HEX1, 1},
		{"within-v2-below", "0::/docker/" HEX1 "/sub/x\n", "/docker/" HEX1, 1},
		{"within-sibling-prefix", "0::/docker/" HEX1 "0\n", "/docker/" HEX1, 0},
		{"within-sibling-suffix", "0::/docker/" HEX1 ".scope\n", "/docker/" HEX1, 0},
		{"within-above", "0::/docker\n", "/docker/" HEX1, 0},
		{"within-other", "0::/docker/" HEX2 "\n", "/docker/" HEX1, 0},
		{"within-recorded-trailing-slash", "0::/docker/" HEX1 "\n", "/docker/" HEX1 "/", 1},
		{"within-no-newline", "0::/docker/" HEX1, "/docker/" HEX1, 1},
		{"within-v1-any-line",
		 "12:pids:/\n11:memory:/docker/" HEX1 "\n1:name=systemd:/user.slice\n0::/\n",
		 "/docker/" HEX1, 1},
		{"within-v1-named", "1:name=systemd:/default/nscapt-c1\n", "/default/nscapt-c1", 1},
		{"within-v1-controllers", "4:cpu,cpuacct:/nscapt-ns2/nscapt-c2\n",
		 "/nscapt-ns2/nscapt-c2", 1},
		{"within-relative-recorded", "0::/docker/" HEX1 "\n", "docker/" HEX1, 0},
		{"within-empty-recorded", "0::/docker/" HEX1 "\n", "", 0},
		{"within-root-recorded-root", "0::/\n", "/", 1},
		{"within-root-recorded-other", "0::/docker/" HEX1 "\n", "/", 0},
		{"within-no-colons", "/docker/" HEX1 "\n", "/docker/" HEX1, 0},
		{"within-one-colon", "0:/docker/" HEX1 "\n", "/docker/" HEX1, 0},
		{"within-empty-text", "", "/docker/" HEX1, 0},
		{"within-colon-in-path", "0::/a:b/c\n", "/a:b", 1},
		{"within-path-in-controllers", "3:/docker/" HEX1 ":/other\n", "/docker/" HEX1, 0},
		{"within-systemd-kubepods",
		 "0::/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod1.slice/"
		 "cri-containerd-" HEX1 ".scope\n",
		 "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod1.slice/"
		 "cri-containerd-" HEX1 ".scope",
		 1},
		{"within-podman-pod-member", "12:pids:/libpod_parent/" HEX2 "/libpod-" HEX1 "\n",
		 "/libpod_parent/" HEX2 "/libpod-" HEX1, 1},
		{"within-podman-pod-not-the-pod", "12:pids:/libpod_parent/" HEX2 "\n",
		 "/libpod_parent/" HEX2 "/libpod-" HEX1, 0},
	};
	char text[8192], path[4200];
	FILE *f;
	size_t n;

	for (size_t i = 0; i < sizeof(w) / sizeof(w[0]); i++)
		T_EQ_INT(w[i].name, cgroup_within(w[i].text, w[i].path), w[i].want);

	/* This process's own cgroups: each path holds it, a longer sibling name does not. */
	f = fopen("/proc/self/cgroup", "r");
	n = f ? fread(text, 1, sizeof(text) - 1, f) : 0;
	if (f)
		fclose(f);
	text[n] = '\0';
	T_CHECK("within-self-read", n > 0);
	if (n > 0) {
		const char *p = strchr(text, ':');

		p = p ? strchr(p + 1, ':') : NULL;
		snprintf(path, sizeof(path), "%.*s", p ? (int)strcspn(p + 1, "\n") : 0,
			 p ? p + 1 : "");
		printf("# own cgroup: %s\n", path);
		T_EQ_INT("within-self", cgroup_within(text, path), 1);
		if (strcmp(path, "/") != 0) {
			strcat(path, "-x");
			T_EQ_INT("within-self-sibling", cgroup_within(text, path), 0);
		}
	}
}

int main(void)
{
	test_cgroup();
	test_within();
	return t_done();
}
