/* SPDX-License-Identifier: ISC */
/* The shipped profiles (policy/nscap.policy) against argv fixtures (tests/fixtures/args/TOOL.args):
 * every line says allow or deny for one argv, and the profile must agree. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "policy.h"
#include "t.h"
#include "toolargs.h"

static char root[4096];

static void find_root(void)
{
	const char *slash = strrchr(__FILE__, '/');

	/* __FILE__ is .../tests/unit/test_profiles.c */
	snprintf(root, sizeof(root), "%.*s/../..", (int)(slash - __FILE__), __FILE__);
}

static void check_line(const struct tool *t, const char *file, int n, char *line)
{
	char *argv[64], *save = NULL, *w, name[256], why[512];
	int argc = 0, want;

	w = strtok_r(line, "\t", &save);
	if (!w || w[0] == '#')
		return;
	want = strcmp(w, "allow") == 0;
	while ((w = strtok_r(NULL, "\t", &save)) && argc < 64)
		argv[argc++] = strcmp(w, "<empty>") == 0 ? "" : w;
	snprintf(name, sizeof(name), "profile-%s:%d", file, n);
	why[0] = '\0';
	T_CHECK(name, (toolargs_check(t, argc, argv, why, sizeof(why)) == 0) == want);
	if (!want)
		T_CHECK(strcat(name, "-names-reason"), why[0] != '\0');
}

static void check_file(const struct policy *pol, const char *dir, const char *file)
{
	char path[8192], tool[64], *text, *save = NULL, *line;
	const struct tool *t;
	size_t len;
	int n = 0;

	snprintf(tool, sizeof(tool), "%.*s", (int)(strlen(file) - 5), file);
	t = policy_tool(pol, tool);
	snprintf(path, sizeof(path), "profile-%s-defined", tool);
	T_CHECK(path, t != NULL);
	snprintf(path, sizeof(path), "%s/%s", dir, file);
	text = t_slurp(path, &len);
	if (!t || !text) {
		free(text);
		return;
	}
	/* strtok_r would merge empty lines; count them by hand. */
	for (line = text; line && *line; line = save) {
		save = strchr(line, '\n');
		if (save)
			*save++ = '\0';
		check_line(t, file, ++n, line);
	}
	free(text);
}

int main(void)
{
	char path[8192], dir[8192];
	struct policy pol;
	struct dirent *e;
	size_t len;
	char *text;
	int nfiles = 0;
	DIR *d;

	find_root();
	snprintf(path, sizeof(path), "%s/policy/nscap.policy", root);
	text = t_slurp(path, &len);
	T_CHECK("profiles-shipped-policy-readable", text != NULL);
	if (!text)
		return t_done();
	T_EQ_INT("profiles-shipped-policy-parses",
		 policy_parse("nscap.policy", text, len, &pol, stdout), 0);
	free(text);
	snprintf(dir, sizeof(dir), "%s/tests/fixtures/args", root);
	d = opendir(dir);
	T_CHECK("profiles-fixture-dir", d != NULL);
	while (d && (e = readdir(d)) != NULL) {
		size_t l = strlen(e->d_name);

		if (l > 5 && strcmp(e->d_name + l - 5, ".args") == 0) {
			check_file(&pol, dir, e->d_name);
			nfiles++;
		}
	}
	if (d)
		closedir(d);
	T_CHECK("profiles-every-shipped-tool-has-fixtures", nfiles == pol.ntools);
	policy_free(&pol);
	return t_done();
}
