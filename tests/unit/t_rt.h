/* SPDX-License-Identifier: ISC */
/* t_rt.h — the record under test, its reset, and the real runtimes' files
 * (tests/fixtures/runtimes), shared by the runtime parser unit tests. */
#ifndef NSCAP_T_RT_H
#define NSCAP_T_RT_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "runtime.h"
#include "t.h"

#define ID1 "4f1b2c3d4e5f60718293a4b5c6d7e8f94f1b2c3d4e5f60718293a4b5c6d7e8f9"
#define ID2 "0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9"

/* Containers of tests/fixtures/runtimes (see its README.md). */
#define FX_DWEB "1f45bdbe9add2ae86b9a8de8a3a3634b54f51b38ad3e6749a0c5232bac2b3cf8"
#define FX_DLABEL "2d1c2b7755162dfe3801a258bc5e5b67d233880dbf717c966699d5eb069bf3fc"
#define FX_DHOST "5f6a5d462b9ef37007a5313fd9d9da383978812005731329a3a62673b2bb2f27"
#define FX_DSTOP "a915bf27c240fd3dbe986d5e57875a92a9b0c936b1d644bfc800f15a4cbcaacb"
#define FX_DSIDE "cabd2a941ce59c6ce4e4044e676c06a2c356b368a132a992788b85c722d2e0c2"
#define FX_PWEB "2bfac4823f96e5c419ff45241b8ad056b76e6218520300808f1084cc9ace7c6c"
#define FX_PHOST "ff4c08febef6b7ffb8735233c709f9ce0032e35a7a4b66dfe72a37d1b25abd26"
#define FX_PANNOT "28235be7652c1387835134e43b6cd92aca6ca009319849970eeaea825d09d390"
#define FX_POD "b344af9714fe53ae0b722120796ceb01455a41a8a0f11d979b157e674ce82ce7"
#define FX_PINFRA "ebd4fea9a3b1043048c374b9b1f0cddec342295ae17e4ab3e8afb5a432d40f3e"
#define FX_PM1 "815f7f6f6e1c5b59241029522096c708b97250181ab2ae3941a02470145f2b3e"
#define FX_PM2 "a968c5cecec4e0005d8c962900a9044a95134c311ff0a457b22cec8f3e9902bb"
#define FX_STATE "/opt/nscap-test/state/"
#define FX_DOCKER_DIR "var/lib/docker/containers/"
#define FX_PODMAN_DIR "var/lib/containers/storage/overlay-containers/"
#define FX_TASK_DIR "run/containerd/io.containerd.runtime.v2.task/"

static struct container c;
static const char *err;

/* As the index begins every record: empty, exit code unknown. */
static inline void reset(void)
{
	memset(&c, 0, sizeof(c));
	c.exit_code = -1;
	err = NULL;
}

/* BASE-SUFFIX, a case name for a table row (valid until the next call). */
static inline const char *tn(const char *base, const char *suffix)
{
	static char name[256];

	snprintf(name, sizeof(name), "%s-%s", base, suffix);
	return name;
}

/* tests/fixtures/runtimes/REL, NUL-terminated (free it), found from the test's source path (the
 * Makefile compiles it by absolute path) or from out/unit, where build.sh runs it. The case
 * "NAME-read" says whether it was there: the fixtures are part of the repository. */
#define FIXTURE(name, rel, lenp) t_fixture_(__FILE__, (name), (rel), (lenp))

static inline char *t_fixture_(const char *src, const char *name, const char *rel, size_t *len)
{
	const char *slash = strrchr(src, '/');
	char path[4096];
	char *text = NULL;

	if (slash) {
		snprintf(path, sizeof(path), "%.*s/../fixtures/runtimes/%s", (int)(slash - src),
			 src, rel);
		text = t_slurp(path, len);
	}
	if (!text) {
		snprintf(path, sizeof(path), "../../tests/fixtures/runtimes/%s", rel);
		text = t_slurp(path, len);
	}
	t_report_(text != NULL, tn(name, "read"), T_WHERE_,
		  "cannot read tests/fixtures/runtimes/%s", rel);
	return text;
}

#endif /* NSCAP_T_RT_H */
