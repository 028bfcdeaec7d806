/* SPDX-License-Identifier: ISC */
#include "cgroup.h"

#include <string.h>

static const char skip_prefixes[][16] = {"crio-conmon-", "libpod-conmon-"};
static const char strip_prefixes[][16] = {"docker-", "cri-containerd-", "crio-", "libpod-"};

/* Reduce one path component to the ID it names, in place; 0 if it names none. */
static int component_id(char *c)
{
	size_t n = strlen(c);

	for (size_t i = 0; i < sizeof(skip_prefixes) / sizeof(skip_prefixes[0]); i++)
		if (strncmp(c, skip_prefixes[i], strlen(skip_prefixes[i])) == 0)
			return 0;
	if (n > 6 && strcmp(c + n - 6, ".scope") == 0)
		c[n - 6] = '\0';
	for (size_t i = 0; i < sizeof(strip_prefixes) / sizeof(strip_prefixes[0]); i++) {
		size_t l = strlen(strip_prefixes[i]);

		if (strncmp(c, strip_prefixes[i], l) == 0) {
			memmove(c, c + l, strlen(c + l) + 1);
			break;
		}
	}
	return valid_id(c);
}

static int add(char out[][ID_MAX + 1], int n, int max, const char *id)
{
	for (int i = 0; i < n; i++)
		if (strcmp(out[i], id) == 0)
			return n;
	if (n == max)
		return n;
	memcpy(out[n], id, strlen(id) + 1);
	return n + 1;
}

/* The path of the next "hierarchy:controllers:path" line of *text, or NULL if that line has
 * none; *n its length. *text moves past the line. */
static const char *next_path(const char **text, size_t *n)
{
	const char *t = *text, *p;
	size_t len = strcspn(t, "\n");

	*text = t + len + (t[len] == '\n');
	p = memchr(t, ':', len);
	if (p)
		p = memchr(p + 1, ':', len - (size_t)(p + 1 - t));
	if (!p)
		return NULL;
	*n = len - (size_t)(p + 1 - t);
	return p + 1;
}

int cgroup_candidates(const char *text, char out[][ID_MAX + 1], int max)
{
	int n = 0;

	while (*text) {
		size_t len = 0;
		const char *p = next_path(&text, &len), *end = p ? p + len : NULL;

		while (p && p < end) {
			size_t cl = strcspn(p, "/\n");
			char comp[ID_MAX + 32];

			if (cl > 0 && cl < sizeof(comp)) {
				memcpy(comp, p, cl);
				comp[cl] = '\0';
				if (component_id(comp))
					n = add(out, n, max, comp);
			}
			p += cl + 1;
		}
	}
	return n;
}

int cgroup_within(const char *text, const char *path)
{
	size_t pl = strlen(path);

	while (pl > 1 && path[pl - 1] == '/')
		pl--;
	if (pl == 0 || path[0] != '/')
		return 0;
	while (*text) {
		size_t n = 0;
		const char *p = next_path(&text, &n);

		if (p && n >= pl && memcmp(p, path, pl) == 0 && (n == pl || p[pl] == '/'))
			return 1;
	}
	return 0;
}
