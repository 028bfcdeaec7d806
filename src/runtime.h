/* The container index: what each runtime's own root-owned state says (DESIGN.md step 4). */
#ifndef NSCAP_RUNTIME_H
#define NSCAP_RUNTIME_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define ID_MAX 128

struct container {
	char runtime[16];
	char id[ID_MAX + 1];
	char name[256]; /* empty when the runtime records none */
	char bundle[512];
	pid_t pid;
	uint64_t start; /* recorded start time of pid, 0 if none */
};

/* Container IDs as runtimes allow them: [A-Za-z0-9_.+-], 1..128 bytes, not "." or "..". */
int valid_id(const char *s);

/* Exact ID lookup in every runtime root, without scanning directories: 1 found, 0 not. */
int runtime_by_id(const char *state_root, const char *id, struct container *c);

/* Call fn for every readable, trusted container record; stops early when fn returns nonzero. */
typedef int (*container_fn)(const struct container *c, void *arg);
void runtime_each(const char *state_root, container_fn fn, void *arg);

/* Parse a runc state.json (text of len bytes) for container dirname. 0 on success. Pure. */
int runc_parse_state(const char *text, size_t len, const char *dirname, struct container *c,
		     const char **err);

#endif
