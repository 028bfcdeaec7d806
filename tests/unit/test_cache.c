/* SPDX-License-Identifier: ISC */
/* Unit tests for the lookup indexes' pure parts (cache.h): stamps and when they are racy, the
 * docker name index, the listing index and the record index, each written and read back, and
 * each refusing what it did not write. */
#include <time.h>

#include "cache.h"
#include "dircache.h"
#include "index.h"
#include "namecache.h"
#include "reccache.h"
#include "t.h"

#define ID1 "4f1b2c3d4e5f60718293a4b5c6d7e8f94f1b2c3d4e5f60718293a4b5c6d7e8f9"
#define ID2 "5a1b2c3d4e5f60718293a4b5c6d7e8f94f1b2c3d4e5f60718293a4b5c6d7e8f9"
#define NOW 1800000000
#define X32 "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
#define LONG_NAME X32 X32 X32 X32 X32 X32 X32 X32 /* 256 bytes: more than CNAME_MAX */

static const struct stamp OLD = {64769, 1234, 1700000000, 1700000001, 5, 999999999};

/* An index file written readably: each '|' stands for the NUL that ends a field. */
static char *form(const char *s, size_t *len)
{
	char *t = strdup(s);

	for (char *p = t; *p; p++)
		if (*p == '|')
			*p = '\0';
	*len = strlen(s);
	return t;
}

/* Does the parser of its kind (by its header) refuse it, and leave nothing? */
static int refused(const char *s)
{
	struct namecache nc;
	struct dircache dc;
	size_t len;
	char *text = form(s, &len);
	int no;

	if (strncmp(s, "nscap-listings", 14) == 0) {
		no = dircache_parse(text, len, &dc) != NULL && !dc.n;
		dircache_free(&dc);
	} else {
		no = namecache_parse(text, len, &nc) != NULL && !nc.n;
		namecache_free(&nc);
	}
	free(text);
	return no;
}

static void test_stamps(void)
{
	struct stamp s = OLD, back;
	char text[STAMP_TEXT_MAX + 1];
	const char *p = text;

	T_CHECK("stamp-old-not-racy", !stamp_racy(&OLD, NOW));
	s.mtime_s = NOW - 1;
	T_CHECK("stamp-recent-mtime-racy", stamp_racy(&s, NOW));
	s = OLD;
	s.ctime_s = NOW - CACHE_RACY_SECONDS;
	T_CHECK("stamp-ctime-at-margin-racy", stamp_racy(&s, NOW));
	s.ctime_s = NOW + 100;
	T_CHECK("stamp-future-racy", stamp_racy(&s, NOW));
	s = OLD;
	s.mtime_s = -1;
	T_CHECK("stamp-before-1970-racy", stamp_racy(&s, NOW));
	stamp_format(&OLD, text);
	strcat(text, "\n");
	T_CHECK("stamp-round-trip",
		stamp_parse(&p, text + strlen(text), '\n', &back) == 0 && stamp_same(&back, &OLD));
	s = OLD;
	s.ctime_ns++;
	T_CHECK("stamp-ns-differs", !stamp_same(&s, &OLD));
	p = strcpy(text, "1 2 3.1000000000 4.5\n");
	T_CHECK("stamp-ns-too-large", stamp_parse(&p, text + strlen(text), '\n', &back) != 0);
	p = strcpy(text, "1 2 3.4 -4.5\n");
	T_CHECK("stamp-sign-refused", stamp_parse(&p, text + strlen(text), '\n', &back) != 0);
	p = strcpy(text, "1 2 3.4 4.5");
	T_CHECK("stamp-unterminated", stamp_parse(&p, text + strlen(text), '\n', &back) != 0);
}

static void test_names(void)
{
	struct namecache nc = {0}, back;
	struct stamp racy = OLD;
	const struct nc_entry *e;
	size_t len, hint = 0;
	char *text;

	namecache_add(&nc, ID2, &OLD, "web-1", NOW);
	namecache_add(&nc, ID1, &OLD, NULL, NOW);
	namecache_add(&nc, "not-an-id", &OLD, "x", NOW);
	racy.mtime_s = NOW;
	namecache_add(&nc, ID1 "0", &racy, "y", NOW);
	T_EQ_INT("names-kept", (int)nc.n, 2);
	text = namecache_format(&nc, &len);
	T_CHECK("names-parse-back", text && namecache_parse(text, len, &back) == NULL);
	T_EQ_INT("names-back-count", (int)back.n, 2);
	T_CHECK("names-sorted", back.n == 2 && strcmp(back.e[0].id, ID1) == 0);
	e = namecache_fresh(&back, ID2, &OLD, &hint);
	T_EQ_STR("names-fresh-name", e ? e->name : NULL, "web-1");
	T_EQ_INT("names-hint-after", (int)hint, 2);
	e = namecache_fresh(&back, ID1, &OLD, &hint);
	T_CHECK("names-unknown-name", e && !e->name && hint == 1);
	/* In order, each is found at the hint; out of order, by the search. */
	T_CHECK("names-in-order", namecache_fresh(&back, ID2, &OLD, &hint) == &back.e[1]);
	hint = 1;
	T_CHECK("names-hint-wrong", namecache_fresh(&back, ID1, &OLD, &hint) == &back.e[0]);
	hint = 7;
	T_CHECK("names-hint-past-end", namecache_fresh(&back, ID2, &OLD, &hint) == &back.e[1]);
	racy = OLD;
	racy.ino++;
	T_CHECK("names-changed-dir-stale", !namecache_fresh(&back, ID2, &racy, &hint));
	T_CHECK("names-absent-id", !namecache_fresh(&back, "ab", &OLD, &hint));
	/* Parsed where it lies: nothing in the text is cut or copied. */
	T_CHECK("names-in-place", back.n == 2 && back.e[0].id > text && back.e[0].id < text + len);
	namecache_free(&back);
	free(text);
	namecache_free(&nc);

	T_CHECK("names-one-ok", !refused("nscap-docker-names 3\n" ID1 "|1 2 3.0 4.0|a|"));
	T_CHECK("names-unsorted-refused",
		refused("nscap-docker-names 3\n" ID2 "|1 2 3.0 4.0|b|" ID1 "|1 2 3.0 4.0|a|"));
	/* Only the form is checked: a name is compared with the one asked for, and a match is
	 * loaded through the trusted path (namecache.h), so one docker would not give is kept. */
	T_CHECK("names-form-only", !refused("nscap-docker-names 3\n" ID1 "|1 2 3.0 4.0|a b|"));
	T_CHECK("names-long-name-refused",
		refused("nscap-docker-names 3\n" ID1 "|1 2 3.0 4.0|" LONG_NAME "|"));
	/* A name cut by a NUL leaves a field over, which is no ID. */
	T_CHECK("names-extra-field-refused",
		refused("nscap-docker-names 3\n" ID1 "|1 2 3.0 4.0|a|b|"));
	T_CHECK("names-short-id-refused", refused("nscap-docker-names 3\nabc|1 2 3.0 4.0|a|"));
	T_CHECK("names-other-form-refused",
		refused("nscap-docker-names 2\n" ID1 " 1 2 3.0 4.0 a\n"));
	T_CHECK("names-cut-refused", refused("nscap-docker-names 3\n" ID1 "|1 2 3.0 4.0|a"));
	T_CHECK("docker-name-ok", docker_name_ok("a.b_c-9") && !docker_name_ok("_a") &&
					  !docker_name_ok("a/b") && !docker_name_ok(""));
	T_CHECK("docker-name-classes", docker_name_ok("Zz09") && !docker_name_ok("a@") &&
					       !docker_name_ok("a[") && !docker_name_ok("a`") &&
					       !docker_name_ok("a{") &&
					       !docker_name_ok("caf\xc3\xa9"));
	T_CHECK("docker-name-max", docker_name_ok(LONG_NAME + (256 - CNAME_MAX)) &&
					   !docker_name_ok(LONG_NAME + (256 - CNAME_MAX - 1)));
}

static void test_listings(void)
{
	char *names[] = {"b", "a", ID1};
	char *newline[] = {"a\nb"};
	char *longer[] = {LONG_NAME};
	char one[512];
	struct dircache dc = {0}, back;
	struct stamp racy = OLD;
	const struct dc_dir *d;
	size_t len;
	char *text;

	dircache_put(&dc, "/s/run/runc", &OLD, names, 3, NOW);
	dircache_put(&dc, "/s/empty", &OLD, names, 0, NOW);
	dircache_put(&dc, "/s/newline", &OLD, newline, 1, NOW);
	racy.ctime_s = NOW - 1;
	dircache_put(&dc, "/s/racy", &racy, names, 3, NOW);
	T_EQ_INT("listings-kept", (int)dc.n, 3);
	text = dircache_format(&dc, &len);
	T_CHECK("listings-parse-back", text && dircache_parse(text, len, &back) == NULL);
	d = dircache_fresh(&back, "/s/run/runc", &OLD);
	T_CHECK("listings-fresh", d && d->n == 3 && strcmp(d->names[2], ID1) == 0);
	d = dircache_fresh(&back, "/s/empty", &OLD);
	T_CHECK("listings-empty-dir", d && d->n == 0);
	d = dircache_fresh(&back, "/s/newline", &OLD);
	T_CHECK("listings-newline-name", d && d->n == 1 && strcmp(d->names[0], "a\nb") == 0);
	T_CHECK("listings-in-place", d && d->path > text && d->path < text + len);
	racy = OLD;
	racy.mtime_ns++;
	T_CHECK("listings-changed-stale", !dircache_fresh(&back, "/s/run/runc", &racy));
	/* A listing put again replaces the one there; a racy one only removes it. */
	racy.mtime_s = NOW;
	dircache_put(&back, "/s/run/runc", &racy, names, 3, NOW);
	T_CHECK("listings-racy-replaces", !dircache_fresh(&back, "/s/run/runc", &OLD) &&
						  !dircache_fresh(&back, "/s/run/runc", &racy));
	dircache_free(&back);
	free(text);
	dircache_free(&dc);
	T_CHECK("listings-one-ok", !refused("nscap-listings 3\nD 1 1 2 3.0 4.0 /s/x|a|"));
	T_CHECK("listings-short-refused", refused("nscap-listings 3\nD 2 1 2 3.0 4.0 /s/x|a|"));
	T_CHECK("listings-slash-refused", refused("nscap-listings 3\nD 1 1 2 3.0 4.0 /s/x|a/b|"));
	T_CHECK("listings-no-count-refused", refused("nscap-listings 3\nD  1 2 3.0 4.0 /s/x|"));
	/* A name cut by a NUL leaves a name over, which is no directory line. */
	T_CHECK("listings-extra-name-refused",
		refused("nscap-listings 3\nD 1 1 2 3.0 4.0 /s/x|a|b|"));
	T_CHECK("listings-relative-refused",
		refused("nscap-listings 3\nD 0 1 2 3.0 4.0 relative|"));
	/* A name as a directory gives it, NAME_MAX (255) bytes at most. */
	snprintf(one, sizeof(one), "nscap-listings 3\nD 1 1 2 3.0 4.0 /s/x|%s|", LONG_NAME + 1);
	T_CHECK("listings-name-max-ok", !refused(one));
	snprintf(one, sizeof(one), "nscap-listings 3\nD 1 1 2 3.0 4.0 /s/x|%s|", LONG_NAME);
	T_CHECK("listings-long-name-refused", refused(one));
	dircache_put(&dc, "/s/long", &OLD, longer, 1, NOW);
	T_CHECK("listings-put-long-not-kept", !dircache_fresh(&dc, "/s/long", &OLD));
	dircache_free(&dc);
	T_CHECK("listings-cut-refused", refused("nscap-listings 3\nD 1 1 2 3.0 4.0 /s/x|a"));
	T_CHECK("listings-other-form-refused",
		refused("nscap-listings 2\nD 1 1 2 3.0 4.0 /s/x\na\n"));
}

static void fill(struct record *r, const char *id)
{
	memset(r, 0, sizeof(*r));
	strcpy(r->c.id, id);
	strcpy(r->c.runtime, "docker");
	strcpy(r->c.name, "web-1");
	strcpy(r->c.pod_ns, "shop");
	strcpy(r->c.cgroup, "/docker/" ID1);
	strcpy(r->c.finished, "2026-11-27T10:00:00Z");
	r->c.managed = 1;
	r->c.pid = 4242;
	r->c.start = 123456789012ULL;
	r->c.exit_code = -1;
	r->c.host_network = 1;
	strcpy(r->file, "/s/var/lib/docker/containers/" ID1 "/config.v2.json");
	r->fate = FATE_USED;
}

static void test_records(void)
{
	struct reccache rc = {0}, back;
	struct rc_deps deps = {.n = 2, .whole = 1}, got;
	const struct rc_entry *e;
	struct record r, out;
	size_t len;
	char *text;

	strcpy(deps.d[0].path, "/s/var/lib/docker/containers/" ID1 "/config.v2.json");
	deps.d[0].st = OLD;
	strcpy(deps.d[1].path, "/s/var/lib/docker/image/overlay2");
	deps.d[1].absent = 1;
	fill(&r, ID1);
	reccache_put(&rc, "/s/var/lib/docker/containers", ID1, &r, &deps, NOW);
	fill(&r, ID2);
	r.fate = FATE_UNTRUSTED;
	reccache_put(&rc, "/s/var/lib/docker/containers", ID2, &r, &deps, NOW);
	r.fate = FATE_USED;
	reccache_put(&rc, "/s/var/lib/docker/containers", ID1, &r, &deps, NOW); /* not its ID */
	deps.whole = 0;
	reccache_put(&rc, "/s/run/runc", ID2, &r, &deps, NOW);
	reccache_put(&rc, "/s/run/runc", ID1, NULL, &deps, NOW);
	deps.whole = 1;
	deps.d[0].st.ctime_s = NOW;
	reccache_put(&rc, "/s/run/runc", ID2, &r, &deps, NOW);
	T_EQ_INT("records-only-believed-whole-settled", (int)rc.n, 1);
	/* A place that held no record of an ID: kept with the files it looked for. */
	deps.d[0].absent = 1;
	reccache_put(&rc, "/s/run/crun", ID1, NULL, &deps, NOW);
	T_EQ_INT("records-none-kept-though-absent-files-are-new", (int)rc.n, 2);
	deps.d[0].absent = 0;
	deps.d[0].st = OLD;
	text = reccache_format(&rc, &len);
	T_CHECK("records-parse-back", text && reccache_parse(text, len, &back) == NULL);
	e = reccache_find(&back, "/s/var/lib/docker/containers", ID1);
	T_CHECK("records-found", e != NULL);
	T_CHECK("records-other-place", !reccache_find(&back, "/s/var/lib/docker", ID1));
	T_CHECK("records-other-id", !reccache_find(&back, "/s/var/lib/docker/containers", ID2));
	/* A place that is a prefix of another's, asked for in turn: each finds only its own. */
	T_CHECK("records-place-prefix-none", !reccache_find(&back, "/s/run/cru", ID1));
	T_CHECK("records-place-after-prefix", reccache_find(&back, "/s/run/crun", ID1) != NULL);
	T_CHECK("records-place-again", reccache_find(&back, "/s/var/lib/docker/containers", ID1));
	fill(&r, ID1);
	T_CHECK("records-decode", e && reccache_decode(e, &out, &got) == 0);
	T_CHECK("records-container-same", memcmp(&out.c, &r.c, sizeof(r.c)) == 0);
	T_EQ_STR("records-file", out.file, r.file);
	T_CHECK("records-deps",
		got.n == 2 && got.whole && !got.d[0].absent && got.d[1].absent &&
			stamp_same(&got.d[0].st, &OLD) &&
			strcmp(got.d[1].path, "/s/var/lib/docker/image/overlay2") == 0);
	e = reccache_find(&back, "/s/run/crun", ID1);
	T_CHECK("records-none-decode", e && reccache_decode(e, &out, &got) == 1 && got.n == 2 &&
					       got.whole && got.d[0].absent && got.d[1].absent);
	if (e) {
		struct rc_entry cut = *e;

		cut.len--;
		T_CHECK("records-none-cut", reccache_decode(&cut, &out, &got) == -1);
		cut.len += 2;
		T_CHECK("records-none-longer", reccache_decode(&cut, &out, &got) == -1);
	}
	e = reccache_find(&back, "/s/var/lib/docker/containers", ID1);
	/* Cut anywhere, the entry is not decoded or the index not read. */
	if (e) {
		struct rc_entry cut = *e;

		cut.len--;
		T_CHECK("records-cut-entry", reccache_decode(&cut, &out, &got) != 0);
	}
	reccache_free(&back);
	free(text);
	text = reccache_format(&rc, &len);
	T_CHECK("records-cut-index", text && reccache_parse(text, len - 1, &back) != NULL);
	free(text);
	text = reccache_format(&rc, &len);
	if (text)
		text[20] ^= 1; /* in the form's signature */
	T_CHECK("records-other-form", text && reccache_parse(text, len, &back) != NULL);
	free(text);
	reccache_free(&rc);
}

int main(void)
{
	test_stamps();
	test_names();
	test_listings();
	test_records();
	return t_done();
}
