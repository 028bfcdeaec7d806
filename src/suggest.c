/* SPDX-License-Identifier: ISC */
/* What the caller might have meant, among what they may enter; and why records were not read. */
#include <stdio.h>
#include <string.h>

#include "escape.h"
#include "target_parts.h"

#define MAX_SUGGEST 3
#define MAX_LEN 64

/* Edit distance between a and b (both at most MAX_LEN bytes), with one row of memory. */
static int distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	int row[MAX_LEN + 1];

	if (la > MAX_LEN || lb > MAX_LEN)
		return MAX_LEN;
	for (size_t j = 0; j <= lb; j++)
		row[j] = (int)j;
	for (size_t i = 1; i <= la; i++) {
		int diag = row[0];

		row[0] = (int)i;
		for (size_t j = 1; j <= lb; j++) {
			int up = row[j], best = diag + (a[i - 1] != b[j - 1]);

			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			diag = up;
			row[j] = best;
		}
	}
	return row[lb];
}

struct near {
	char text[320];
	int d;
};

static void consider(struct near *best, const char *spec, const char *cand)
{
	int d = distance(spec, cand), limit = (int)strlen(spec) / 4 + 1;

	if (!cand[0] || (d > limit && strncmp(cand, spec, strlen(spec)) != 0))
		return;
	for (int i = 0; i < MAX_SUGGEST; i++)
		if (strcmp(best[i].text, cand) == 0)
			return;
	for (int i = 0; i < MAX_SUGGEST; i++)
		if (!best[i].text[0] || d < best[i].d) {
			memmove(best + i + 1, best + i,
				(MAX_SUGGEST - 1 - (size_t)i) * sizeof(*best));
			snprintf(best[i].text, sizeof(best[i].text), "%s", cand);
			best[i].d = d;
			return;
		}
}

void suggest(struct target *t, const struct asker *a, char *out, size_t len)
{
	struct near best[MAX_SUGGEST];
	const char **ids;
	size_t n;

	out[0] = '\0';
	memset(best, 0, sizeof(best));
	index_scan(&t->ix, "");
	n = index_ids(&t->ix, &ids);
	for (size_t i = 0; i < n; i++) {
		struct container c;
		const char *why;
		char pod[320];

		if (index_container(&t->ix, ids[i], &c, &why) != 0 || !may_enter(a, &c))
			continue;
		consider(best, t->spec, c.name);
		if (c.pod_ns[0] && c.pod_name[0]) {
			snprintf(pod, sizeof(pod), "%s/%s", c.pod_ns, c.pod_name);
			consider(best, t->spec, pod);
		}
	}
	for (int i = 0; i < MAX_SUGGEST && best[i].text[0]; i++) {
		size_t u = strlen(out);

		snprintf(out + u, len - u, "%s%s", i ? ", " : "; did you mean ",
			 tesc(best[i].text));
	}
	if (out[0])
		snprintf(out + strlen(out), len - strlen(out), "?");
}

static void add_note(char *out, size_t len, int *n, const char *why)
{
	size_t u = strlen(out);

	if ((*n)++ < 2)
		snprintf(out + u, len - u, "%s%s",
			 *n > 1 ? "; " : "; runtime state ignored: ", tesc(why));
}

void notes_of(const struct index *ix, char *out, size_t len)
{
	int n = 0;

	/* Directories and records that are there but not trusted: an admin's mistake that would
	 * otherwise look like nothing at all. */
	out[0] = '\0';
	for (int i = 0; i < ix->nnotes; i++)
		add_note(out, len, &n, ix->notes[i].why);
	for (size_t i = 0; i < ix->n; i++)
		if (ix->rec[i].fate == FATE_UNTRUSTED)
			add_note(out, len, &n, ix->rec[i].why);
}
