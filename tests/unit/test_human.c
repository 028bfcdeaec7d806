/* SPDX-License-Identifier: ISC */
/* human.c: limits in human units and a target in a few words (the start banner, -n). */
#include <string.h>

#include "human.h"
#include "t.h"
#include "toolargs.h"

static char buf[512];

#define TIME(name, s, want) T_EQ_STR(name, human_time(s, buf, sizeof(buf)), want)
#define BYTES(name, b, want) T_EQ_STR(name, human_bytes(b, buf, sizeof(buf)), want)

static void units(void)
{
	TIME("time-none", 0, "no limit");
	TIME("time-seconds", 90, "90s");
	TIME("time-minutes", 900, "15m");
	TIME("time-hour", 3600, "1h");
	TIME("time-minutes-not-rounded", 5400, "90m");
	TIME("time-seconds-not-rounded", 3601, "3601s");
	TIME("time-7-days", 604800, "168h");
	BYTES("bytes-none", 0, "no limit");
	BYTES("bytes-plain", 1536, "1536 bytes");
	BYTES("bytes-kib", 3072, "3 KiB");
	BYTES("bytes-mib", 100LL << 20, "100 MiB");
	BYTES("bytes-gib", 2LL << 30, "2 GiB");
	BYTES("bytes-tib", 1LL << 40, "1 TiB");
	BYTES("bytes-not-rounded", (2LL << 30) + 1, "2147483649 bytes");
}

static void words(void)
{
	static struct target t;

	memset(&t, 0, sizeof(t));
	t.kind = "container";
	t.has_container = 1;
	strcpy(t.c.id, "3f2a9c1b7d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8");
	strcpy(t.c.runtime, "containerd");
	strcpy(t.c.pod_ns, "shop");
	strcpy(t.c.pod_name, "web");
	strcpy(t.c.pod_container, "nginx");
	T_EQ_STR("words-pod-container", target_words(&t, 0, buf, sizeof(buf)),
		 "pod shop/web container nginx (containerd 3f2a9c1b7d4e)");
	t.whole_pod = 1;
	T_EQ_STR("words-whole-pod", target_words(&t, 0, buf, sizeof(buf)),
		 "pod shop/web (containerd 3f2a9c1b7d4e)");
	t.whole_pod = 0;
	t.c.sandbox = 1;
	T_EQ_STR("words-sandbox", target_words(&t, 0, buf, sizeof(buf)),
		 "pod shop/web (containerd 3f2a9c1b7d4e)");
	memset(&t.c, 0, sizeof(t.c));
	strcpy(t.c.id, "0123456789abcdef");
	strcpy(t.c.runtime, "docker");
	strcpy(t.c.name, "web-1\x1b[31m");
	T_EQ_STR("words-name-escaped", target_words(&t, 0, buf, sizeof(buf)),
		 "container web-1\\x1b[31m (docker 0123456789ab)");
	t.c.name[0] = '\0';
	strcpy(t.c.runtime, "runc");
	T_EQ_STR("words-id-only", target_words(&t, 0, buf, sizeof(buf)),
		 "container 0123456789ab (runc)");
	T_EQ_STR("words-host-network", target_words(&t, 1, buf, sizeof(buf)),
		 "container 0123456789ab (runc) in the host network namespace");
	t.has_container = 0;
	t.kind = "host";
	T_EQ_STR("words-host", target_words(&t, 1, buf, sizeof(buf)), "the host network namespace");
	t.kind = "pid";
	t.pin.pid = 4242;
	T_EQ_STR("words-pid", target_words(&t, 0, buf, sizeof(buf)),
		 "process 4242 (in no known container)");
}

static void allowed(void)
{
	static char name[] = "ip", w1[] = "brief", w2[] = "family:", none[] = "", opts[] = "ab:c";
	static char *longs[] = {w1, w2};
	struct tool ip = {
		.name = name, .style = STYLE_IP_WORDS, .options = none, .longs = longs, .nlong = 2};
	struct tool bare = {.name = name, .options = none};
	struct tool small = {.name = name, .options = opts};
	char cut[16];

	toolargs_allowed(&ip, buf, sizeof(buf));
	T_EQ_STR("allowed-ip-words", buf, "-brief -family VALUE");
	toolargs_allowed(&bare, buf, sizeof(buf));
	T_EQ_STR("allowed-nothing", buf, "no options");
	toolargs_allowed(&small, buf, sizeof(buf));
	T_EQ_STR("allowed-getopt", buf, "-ac -b VALUE");
	toolargs_allowed(&ip, cut, sizeof(cut));
	T_EQ_STR("allowed-cut", cut, "-brief -fami...");
}

int main(void)
{
	units();
	words();
	allowed();
	return t_done();
}
