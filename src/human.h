/* SPDX-License-Identifier: ISC */
/* What nscap tells a person: limits in human units, a target in a few words, and the one line
 * on stderr as the tool starts (-q: none). */
#ifndef NSCAP_HUMAN_H
#define NSCAP_HUMAN_H

#include <stddef.h>

#include "policy.h"
#include "target.h"

/* 900 -> "15m", 90 -> "90s", 0 -> "no limit": the largest of s, m, h that is exact. */
const char *human_time(long long seconds, char *buf, size_t len);
/* 2147483648 -> "2 GiB", 3072 -> "3 KiB", 1536 -> "1536 bytes": the largest exact unit. */
const char *human_bytes(long long bytes, char *buf, size_t len);

/* "pod shop/web container nginx (containerd 3f2a9c1b7d4e)", "container web (docker ID12)",
 * "container ID12 (runc)", "the host network namespace"; host: the target's netns is the
 * host's. Names escaped for a terminal. */
const char *target_words(const struct target *t, int host, char *buf, size_t len);

/* "nscap: running TOOL in TARGET; [BOUNDS; ]max-time 15m, max-bytes 2 GiB; session ID12" on
 * stderr (BOUNDS as bounds_words says them), bounded: a stderr nobody reads cannot hold the
 * run. */
void banner(const struct target *t, int host, const struct tool *tool, const struct rule *r,
	    const char *session);

#endif
