/* SPDX-License-Identifier: ISC */
/* libFuzzer target: the lookup indexes' parsers (namecache.c, dircache.c, reccache.c). The
 * first byte picks one; the rest is the file. Oracle: whatever a parser accepts, written back
 * by its own writer and parsed again, is the same index (every entry, stamp and string), and
 * every record entry decodes to the same record twice. No parser reads outside the file. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dircache.h"
#include "fuzz_common.h"
#include "namecache.h"
#include "reccache.h"

#define LATER ((time_t)1 << 40) /* no stamp in the file is racy then */

/* A heap copy of exact size, so ASan sees a parser read past the file's end. */
static char *copy(const uint8_t *data, size_t size)
{
	char *s = malloc(size ? size : 1);

	if (!s)
		abort();
	if (size)
		memcpy(s, data, size);
	return s;
}

static void names(const uint8_t *data, size_t size)
{
	struct namecache a, b;
	char *in = copy(data, size), *text;
	size_t len;

	if (namecache_parse(in, size, &a) != NULL) {
		free(in);
		return;
	}
	text = namecache_format(&a, &len);
	FUZZ_ASSERT(text, "an accepted name index cannot be written back");
	FUZZ_ASSERT(namecache_parse(text, len, &b) == NULL, "a name index written back is refused");
	FUZZ_ASSERT(a.n == b.n, "%zu entries became %zu", a.n, b.n);
	for (size_t i = 0; i < a.n; i++)
		FUZZ_ASSERT(strcmp(a.e[i].id, b.e[i].id) == 0 &&
				    stamp_same(&a.e[i].dir, &b.e[i].dir) &&
				    !a.e[i].name == !b.e[i].name &&
				    (!a.e[i].name || strcmp(a.e[i].name, b.e[i].name) == 0),
			    "name entry %zu changed when written back", i);
	namecache_free(&a);
	namecache_free(&b);
	free(text);
	free(in);
}

static void listings(const uint8_t *data, size_t size)
{
	struct dircache a, b;
	char *in = copy(data, size), *text;
	size_t len;

	if (dircache_parse(in, size, &a) != NULL) {
		free(in);
		return;
	}
	text = dircache_format(&a, &len);
	FUZZ_ASSERT(text, "an accepted listing index cannot be written back");
	FUZZ_ASSERT(dircache_parse(text, len, &b) == NULL,
		    "a listing index written back is refused");
	FUZZ_ASSERT(a.n == b.n, "%zu directories became %zu", a.n, b.n);
	for (size_t i = 0; i < a.n; i++) {
		FUZZ_ASSERT(strcmp(a.d[i].path, b.d[i].path) == 0 && a.d[i].n == b.d[i].n &&
				    stamp_same(&a.d[i].st, &b.d[i].st),
			    "directory %zu changed when written back", i);
		for (size_t k = 0; k < a.d[i].n; k++)
			FUZZ_ASSERT(strcmp(a.d[i].names[k], b.d[i].names[k]) == 0,
				    "name %zu of directory %zu changed", k, i);
	}
	dircache_free(&a);
	dircache_free(&b);
	free(text);
	free(in);
}

static void records(const uint8_t *data, size_t size)
{
	struct reccache a, b = {0}, c;
	struct rc_deps d, d2;
	struct record r, r2;
	char *in = copy(data, size), *text;
	size_t len;

	if (reccache_parse(in, size, &a) != NULL) {
		free(in);
		return;
	}
	for (size_t i = 0; i < a.n; i++) {
		const char *sp = strrchr(a.e[i].key, ' ');
		char place[1024];
		size_t pl;
		int rc = reccache_decode(&a.e[i], &r, &d);

		if (rc < 0)
			continue;
		/* Every string field ends inside its array (decode checked the lengths). */
		FUZZ_ASSERT(memchr(r.c.id, 0, sizeof(r.c.id)) &&
				    memchr(r.c.cgroup, 0, sizeof(r.c.cgroup)) &&
				    memchr(r.file, 0, sizeof(r.file)),
			    "a decoded string is not terminated");
		if (!sp || (rc == 0 && strcmp(sp + 1, r.c.id) != 0) || d.n > RC_DEPS ||
		    (pl = (size_t)(sp - a.e[i].key)) >= sizeof(place))
			continue;
		memcpy(place, a.e[i].key, pl);
		place[pl] = '\0';
		reccache_put(&b, place, sp + 1, rc == 0 ? &r : NULL, &d, LATER);
	}
	text = reccache_format(&b, &len);
	FUZZ_ASSERT(text, "decoded records cannot be written back");
	FUZZ_ASSERT(reccache_parse(text, len, &c) == NULL,
		    "a record index written back is refused");
	for (size_t i = 0; i < c.n; i++) {
		int rc2 = reccache_decode(&c.e[i], &r2, &d2);

		FUZZ_ASSERT(rc2 >= 0, "a record written back fails to decode");
		for (size_t k = 0; k < a.n; k++)
			if (strcmp(a.e[k].key, c.e[i].key) == 0 &&
			    reccache_decode(&a.e[k], &r, &d) == rc2)
				FUZZ_ASSERT(memcmp(&r.c, &r2.c, sizeof(r.c)) == 0 &&
						    strcmp(r.file, r2.file) == 0 && d.n == d2.n,
					    "record %s changed when written back", c.e[i].key);
	}
	reccache_free(&a);
	reccache_free(&b);
	reccache_free(&c);
	free(text);
	free(in);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	switch (data[0] % 3) {
	case 0:
		names(data + 1, size - 1);
		break;
	case 1:
		listings(data + 1, size - 1);
		break;
	default:
		records(data + 1, size - 1);
	}
	return 0;
}
