/* SPDX-License-Identifier: ISC */
/* Policy parser fixtures: every tests/fixtures/policy/NAME.policy is parsed with the file name
 * "NAME.policy" and its error text must equal NAME.expected byte for byte (empty: no errors).
 * A lint-NAME.policy parses without errors and NAME.expected is what -C's checks that need only
 * the policy and the user database say of it (the root suites compare the whole -C output).
 *
 * The directory is FIXTURES_DIR when defined, else $NSCAP_FIXTURES_DIR, else found from this
 * source file's path (build.sh compiles it by absolute path) or from the working directory
 * (build.sh runs the binary in out/unit). */
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lint.h"
#include "policy.h"
#include "t.h"

#define MIN_BAD 12
#define MIN_GOOD 4
#define MIN_LINT 8

static int is_dir(const char *p)
{
	DIR *d = opendir(p);

	if (!d)
		return 0;
	closedir(d);
	return 1;
}

static const char *fixtures_dir(void)
{
	static char buf[PATH_MAX];
	const char *env = getenv("NSCAP_FIXTURES_DIR");
	const char *slash = strrchr(__FILE__, '/');
	static const char *const rel[] = {"../../tests/fixtures/policy", "tests/fixtures/policy"};

#ifdef FIXTURES_DIR
	return FIXTURES_DIR;
#endif
	if (env && *env)
		return env;
	if (slash) {
		snprintf(buf, sizeof(buf), "%.*s/../fixtures/policy", (int)(slash - __FILE__),
			 __FILE__);
		if (is_dir(buf))
			return buf;
	}
	for (size_t i = 0; i < sizeof(rel) / sizeof(rel[0]); i++)
		if (is_dir(rel[i]))
			return rel[i];
	return NULL;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Show the first difference of two texts as "# ..." lines. */
static void show_diff(const char *got, const char *want)
{
	size_t i = 0;

	while (got[i] && got[i] == want[i])
		i++;
	printf("# first difference at byte %zu\n# got:  %.200s\n# want: %.200s\n", i,
	       got + (i > 40 ? i - 40 : 0), want + (i > 40 ? i - 40 : 0));
}

/* What -C's policy-only checks say, as -C prints it. */
static void lint_fixture(const struct policy *pol, FILE *out)
{
	static struct lint_db db;
	static int loaded;
	struct lint l = {.pol = pol, .db = &db};

	if (!loaded++)
		lint_db_load(&db);
	lint_policy(&l);
	lint_report(&l, out);
}

static void check_fixture(const char *dir, const char *file, int *nbad, int *ngood, int *nlint)
{
	char path[2 * PATH_MAX + 16], name[PATH_MAX], tname[PATH_MAX + 32];
	size_t base = strlen(file) - strlen(".policy"), len = 0, wlen = 0, glen = 0;
	char *text, *want, *got = NULL;
	struct policy pol;
	FILE *errs;
	int nerr;

	snprintf(name, sizeof(name), "%.*s", (int)base, file);
	snprintf(path, sizeof(path), "%s/%s", dir, file);
	text = t_slurp(path, &len);
	snprintf(path, sizeof(path), "%s/%s.expected", dir, name);
	want = t_slurp(path, &wlen);
	snprintf(tname, sizeof(tname), "fixture-%s", name);
	if (!text || !want) {
		t_report_(0, tname, T_WHERE_, "cannot read %s%s", text ? "" : file,
			  want ? "" : " or its .expected");
		free(text);
		free(want);
		return;
	}
	errs = open_memstream(&got, &glen);
	if (!errs) {
		perror("open_memstream");
		exit(2);
	}
	nerr = policy_parse(file, text, len, &pol, errs);
	if (strncmp(name, "lint-", 5) == 0 && nerr == 0)
		lint_fixture(&pol, errs);
	fclose(errs);
	policy_free(&pol);

	if (strncmp(name, "bad-", 4) == 0)
		(*nbad)++;
	else if (strncmp(name, "good-", 5) == 0)
		(*ngood)++;
	else if (strncmp(name, "lint-", 5) == 0)
		(*nlint)++;

	if (strlen(want) != wlen) {
		t_report_(0, tname, T_WHERE_, "%s.expected holds a NUL byte", name);
	} else if (strcmp(got, want) != 0) {
		t_report_(0, tname, T_WHERE_, "error text differs from %s.expected", name);
		show_diff(got, want);
	} else if (strncmp(name, "lint-", 5) == 0) {
		t_report_(nerr == 0, tname, T_WHERE_, "a lint- fixture has %d errors", nerr);
	} else if ((nerr == 0) != (wlen == 0)) {
		t_report_(0, tname, T_WHERE_, "%d errors but %s.expected is %s", nerr, name,
			  wlen ? "not empty" : "empty");
	} else if (strncmp(name, "bad-", 4) == 0 && nerr == 0) {
		t_report_(0, tname, T_WHERE_, "a bad- fixture parsed without errors");
	} else if (strncmp(name, "good-", 5) == 0 && nerr != 0) {
		t_report_(0, tname, T_WHERE_, "a good- fixture has %d errors", nerr);
	} else {
		t_report_(1, tname, T_WHERE_, "%s", "");
	}
	free(text);
	free(want);
	free(got);
}

int main(void)
{
	const char *dir = fixtures_dir();
	DIR *d;
	struct dirent *e;
	char **files = NULL;
	int n = 0, cap = 0, nbad = 0, ngood = 0, nlint = 0;

	T_CHECK("fixtures-dir-found", dir != NULL);
	if (!dir)
		return t_done();
	printf("# fixtures: %s\n", dir);
	d = opendir(dir);
	while (d && (e = readdir(d)) != NULL) {
		size_t l = strlen(e->d_name);

		if (l <= 7 || strcmp(e->d_name + l - 7, ".policy") != 0)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			files = realloc(files, (size_t)cap * sizeof(*files));
		}
		files[n++] = strdup(e->d_name);
	}
	if (d)
		closedir(d);
	if (n)
		qsort(files, (size_t)n, sizeof(*files), by_name);
	for (int i = 0; i < n; i++) {
		check_fixture(dir, files[i], &nbad, &ngood, &nlint);
		free(files[i]);
	}
	free(files);
	T_CHECK("fixtures-enough-bad", nbad >= MIN_BAD);
	T_CHECK("fixtures-enough-good", ngood >= MIN_GOOD);
	T_CHECK("fixtures-enough-lint", nlint >= MIN_LINT);
	return t_done();
}
