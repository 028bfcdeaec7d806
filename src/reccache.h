/* SPDX-License-Identifier: ISC */
/* nscap's index of parsed records (a lookup index, cache.h), for the scans that read every
 * record only to show it: -l and -n's warning about a shared network namespace. At a thousand
 * containers those scans parsed some fifty megabytes of JSON a run. A record is kept with the
 * stamp of every file it was read from, and of every file it found absent, taken when the file
 * was opened through the trusted path; it is believed only while every one of those is
 * unchanged (and the absent still absent). The target a run enters is never taken from here:
 * it is always read through the trusted path. */
#ifndef NSCAP_RECCACHE_H
#define NSCAP_RECCACHE_H

#include <stddef.h>

#include "cache.h"
#include "index.h"

#define RC_DEPS 8

/* The files one record was read from. */
struct rc_deps {
	struct {
		char path[320];
		struct stamp st;
		int absent;
	} d[RC_DEPS];
	int n;
	int whole; /* 0: more than RC_DEPS, or one nscap could not stamp: not kept */
};

struct rc_entry {
	const char *key; /* "PLACE ID" */
	const unsigned char *data;
	size_t len;
	int owned;
};

struct reccache {
	struct rc_entry *e;
	size_t n, cap;
	struct {
		char place[320];
		size_t lo, hi;
	} span; /* reccache_find(): the entries of the place last asked for */
};

/* text -> rc: NULL, or why not (rc is then empty). rc points into text, which it never writes:
 * text must outlive it. */
const char *reccache_parse(const char *text, size_t len, struct reccache *rc);
/* The entry for place and id, or NULL. */
const struct rc_entry *reccache_find(struct reccache *rc, const char *place, const char *id);
/* e's record and the files it depends on: 0; 1 when e says there is no record (deps only); -1
 * when e cannot be decoded. */
int reccache_decode(const struct rc_entry *e, struct record *r, struct rc_deps *deps);
/* Keep r (believed, read from deps) as id's record in place, or with r NULL that deps held none;
 * not kept when a stamp is racy. */
void reccache_put(struct reccache *rc, const char *place, const char *id, const struct record *r,
		  const struct rc_deps *deps, time_t now);
void reccache_keep(struct reccache *rc, const struct rc_entry *e);
void reccache_reserve(struct reccache *rc, size_t cap);
char *reccache_format(struct reccache *rc, size_t *len);
void reccache_free(struct reccache *rc);

#endif
