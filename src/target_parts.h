/* SPDX-License-Identifier: ISC */
/* The parts of target resolution (target.c, target_pod.c, suggest.c). Not for other callers. */
#ifndef NSCAP_TARGET_PARTS_H
#define NSCAP_TARGET_PARTS_H

#include <stddef.h>

#include "target.h"

/* May the asker learn about (and enter) c? */
int may_enter(const struct asker *a, const struct container *c);
/* "web-1 (docker 3f2a9c1b7d4e)", escaped for the terminal. */
const char *shown(const struct container *c);
/* c is the target: pinned if it runs; if not, says so to an asker who may enter it. */
void use(struct target *t, const struct container *c, const struct asker *a);
__attribute__((noreturn)) void not_running(const struct container *c, const char *why);
/* Nothing matched: what might have been meant, and where else to look. */
__attribute__((noreturn)) void not_found(struct target *t, const char *what, const char *more,
					 const struct asker *a);
/* "; did you mean a, b?" for names close to t->spec that the asker may enter. */
void suggest(struct target *t, const struct asker *a, char *out, size_t len);
/* "; runtime state ignored: PATH (WHY)..." for the index's notes. */
void notes_of(const struct index *ix, char *out, size_t len);

void find_host(struct target *t);
void find_pid(struct target *t);
void find_pod(struct target *t, const struct asker *a);

#endif
