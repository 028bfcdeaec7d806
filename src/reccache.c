/* SPDX-License-Identifier: ISC */
/* The record index's form (reccache.h says what it is for): a text header naming the form,
 *
 *   nscap-records 2 SIGNATURE
 *
 * (SIGNATURE: a hash of the field table below, so that an index written by an nscap with other
 * fields is never decoded), then entries sorted by key, each "u32 length, key, u32 length, data".
 * Data: u8 1 for a record, 0 for none (the reader found no record of that ID in that place);
 * the files (u8 count; each u8 absent, six u64 of its stamp, u16 length and path); for a record,
 * its file (u16 length and bytes), then the container's fields in the table's order. Read with
 * every length checked: a short or malformed index is not believed. */
#include "reccache.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#define MAGIC "nscap-records 2 "

/* Every field of struct container, in the order written: 's' a string, 'n' a number. */
#define S(f)                                                                                       \
	{                                                                                          \
#f, offsetof(struct container, f), sizeof(((struct container *)0)->f), 's'         \
	}
#define N(f)                                                                                       \
	{                                                                                          \
#f, offsetof(struct container, f), sizeof(((struct container *)0)->f), 'n'         \
	}
static const struct field {
	const char *name;
	size_t off, size;
	char kind;
} fields[] = {
	S(id),	      S(runtime),	N(managed),	 S(name),	S(pod_ns),
	S(pod_name),  S(pod_container), S(pod_uid),	 S(sandbox_id), S(podman_pod),
	N(sandbox),   N(kind_said),	N(host_network), S(bundle),	S(cgroup),
	S(image),     S(ignored),	N(pid),		 N(start),	N(stopped),
	N(exit_code), S(finished),
};
/* A field added to struct container must be added above (then this size changes with it). */
_Static_assert(sizeof(struct container) == 2280, "struct container changed: update fields[]");

static unsigned long long signature(void)
{
	unsigned long long h = 14695981039346656037ULL;
	char buf[96];

	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		snprintf(buf, sizeof(buf), "%s:%zu:%c;", fields[i].name, fields[i].size,
			 fields[i].kind);
		for (const char *p = buf; *p; p++)
			h = (h ^ (unsigned char)*p) * 1099511628211ULL;
	}
	return h;
}

/* A growing byte buffer. */
struct out {
	unsigned char *b;
	size_t n, cap;
};

static void put(struct out *o, const void *p, size_t n)
{
	if (n == 0)
		return;
	if (!o->b || n > o->cap - o->n) {
		size_t cap = o->cap ? o->cap * 2 : 4096;

		while (cap < o->n + n)
			cap *= 2;
		o->b = xreserve(o->b, &o->cap, cap, 1);
	}
	memcpy(o->b + o->n, p, n);
	o->n += n;
}

static void put_str(struct out *o, const char *s)
{
	uint16_t l = (uint16_t)strlen(s);

	put(o, &l, sizeof(l));
	put(o, s, l);
}

/* Reading, every length checked: bad is set on the first that does not fit. */
struct in {
	const unsigned char *p, *end;
	int bad;
};

static const unsigned char *get(struct in *in, size_t n)
{
	const unsigned char *p = in->p;

	if (in->bad || (size_t)(in->end - in->p) < n) {
		in->bad = 1;
		return NULL;
	}
	in->p += n;
	return p;
}

static void get_str(struct in *in, char *out, size_t size)
{
	const unsigned char *lp = get(in, 2), *s;
	uint16_t l = 0;

	if (lp)
		memcpy(&l, lp, 2);
	if (!lp || l >= size || !(s = get(in, l)) || memchr(s, '\0', l)) {
		in->bad = 1;
		out[0] = '\0';
		return;
	}
	memcpy(out, s, l);
	out[l] = '\0';
}

static void put_stamp(struct out *o, const struct stamp *s)
{
	const uint64_t v[6] = {s->dev,
			       s->ino,
			       (uint64_t)s->mtime_s,
			       (uint64_t)s->mtime_ns,
			       (uint64_t)s->ctime_s,
			       (uint64_t)s->ctime_ns};

	put(o, v, sizeof(v));
}

static void get_stamp(struct in *in, struct stamp *s)
{
	const unsigned char *p = get(in, 6 * sizeof(uint64_t));
	uint64_t v[6];

	if (!p)
		return;
	memcpy(v, p, sizeof(v));
	*s = (struct stamp){v[0], v[1], (long long)v[2], (long long)v[4], (long)v[3], (long)v[5]};
}

int reccache_decode(const struct rc_entry *e, struct record *r, struct rc_deps *deps)
{
	struct in in = {e->data, e->data + e->len, 0};
	const unsigned char *kind = get(&in, 1), *np = get(&in, 1);
	char *c = (char *)&r->c;

	memset(&r->c, 0, sizeof(r->c));
	r->file[0] = '\0';
	memset(deps, 0, sizeof(*deps));
	deps->n = np ? *np : 0;
	if (!np || *kind > 1 || deps->n > RC_DEPS)
		return -1;
	for (int i = 0; i < deps->n && !in.bad; i++) {
		const unsigned char *a = get(&in, 1);

		deps->d[i].absent = a && *a;
		get_stamp(&in, &deps->d[i].st);
		get_str(&in, deps->d[i].path, sizeof(deps->d[i].path));
	}
	if (*kind == 0) {
		deps->whole = !in.bad && in.p == in.end;
		return deps->whole ? 1 : -1;
	}
	get_str(&in, r->file, sizeof(r->file));
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]) && !in.bad; i++) {
		const unsigned char *p;

		if (fields[i].kind == 's')
			get_str(&in, c + fields[i].off, fields[i].size);
		else if ((p = get(&in, fields[i].size)) != NULL)
			memcpy(c + fields[i].off, p, fields[i].size);
	}
	if (in.bad || in.p != in.end)
		return -1;
	r->fate = FATE_USED;
	deps->whole = 1;
	return 0;
}

void reccache_reserve(struct reccache *rc, size_t cap)
{
	rc->e = xreserve(rc->e, &rc->cap, cap, sizeof(*rc->e));
}

static void push(struct reccache *rc, const struct rc_entry *e)
{
	rc->span.place[0] = '\0'; /* the entries move */
	if (rc->n == rc->cap)
		reccache_reserve(rc, rc->cap ? rc->cap * 2 : 256);
	rc->e[rc->n++] = *e;
}

void reccache_put(struct reccache *rc, const char *place, const char *id, const struct record *r,
		  const struct rc_deps *deps, time_t now)
{
	const char *c = r ? (const char *)&r->c : NULL;
	struct out o = {0};
	uint8_t kind = r != NULL, n = (uint8_t)deps->n;
	char *key;

	if (!deps->whole || (r && (r->fate != FATE_USED || strcmp(r->c.id, id) != 0)) ||
	    strlen(place) + strlen(id) + 2 > 1024)
		return;
	for (int i = 0; i < deps->n; i++)
		if (!deps->d[i].absent && stamp_racy(&deps->d[i].st, now))
			return;
	put(&o, &kind, 1);
	put(&o, &n, 1);
	for (int i = 0; i < deps->n; i++) {
		uint8_t a = (uint8_t)deps->d[i].absent;

		put(&o, &a, 1);
		put_stamp(&o, &deps->d[i].st);
		put_str(&o, deps->d[i].path);
	}
	if (r)
		put_str(&o, r->file);
	for (size_t i = 0; r && i < sizeof(fields) / sizeof(fields[0]); i++)
		if (fields[i].kind == 's')
			put_str(&o, c + fields[i].off);
		else
			put(&o, c + fields[i].off, fields[i].size);
	key = xcalloc(1, strlen(place) + strlen(id) + 2);
	sprintf(key, "%s %s", place, id);
	push(rc, &(struct rc_entry){key, o.b, o.n, 1});
}

void reccache_keep(struct reccache *rc, const struct rc_entry *e)
{
	struct rc_entry c = *e;

	c.owned = 0;
	push(rc, &c);
}

static int by_key(const void *a, const void *b)
{
	return strcmp(((const struct rc_entry *)a)->key, ((const struct rc_entry *)b)->key);
}

/* Does key start with "PLACE " (place being pl bytes)? <0, 0 or >0 as strcmp orders them. */
static int place_cmp(const char *key, const char *place, size_t pl)
{
	int c = strncmp(key, place, pl);

	return c ? c : (unsigned char)key[pl] - ' ';
}

/* The keys of one place sort together ("PLACE ID"): their span is found once for each place in
 * turn (a scan asks for a thousand IDs of a place, then the next place's). */
static void span_of(struct reccache *rc, const char *place)
{
	size_t pl = strlen(place), lo = 0, hi = rc->n;

	if (pl < sizeof(rc->span.place) && strcmp(rc->span.place, place) == 0)
		return;
	while (lo < hi) { /* the first key at or after the place's */
		size_t mid = lo + (hi - lo) / 2;

		if (place_cmp(rc->e[mid].key, place, pl) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	rc->span.lo = lo;
	for (hi = rc->n; lo < hi;) { /* the first key after them */
		size_t mid = lo + (hi - lo) / 2;

		if (place_cmp(rc->e[mid].key, place, pl) <= 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	rc->span.hi = lo;
	if (scopy(rc->span.place, sizeof(rc->span.place), place) != 0)
		rc->span.place[0] = '\0'; /* not remembered */
}

const struct rc_entry *reccache_find(struct reccache *rc, const char *place, const char *id)
{
	size_t lo, hi, pl = strlen(place);

	span_of(rc, place);
	lo = rc->span.lo;
	hi = rc->span.hi;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(rc->e[mid].key + pl + 1, id);

		if (c == 0)
			return &rc->e[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

const char *reccache_parse(const char *text, size_t len, struct reccache *rc)
{
	char head[64];
	struct in in;
	size_t hl;

	memset(rc, 0, sizeof(*rc));
	hl = (size_t)snprintf(head, sizeof(head), MAGIC "%016llx\n", signature());
	if (len < hl || memcmp(text, head, hl) != 0) {
		reccache_free(rc);
		return "not an index of records of this form";
	}
	in = (struct in){(const unsigned char *)text + hl, (const unsigned char *)text + len, 0};
	while (!in.bad && in.p < in.end) {
		const unsigned char *kl = get(&in, 4), *k, *dl, *d;
		uint32_t klen = 0, dlen = 0;

		if (kl)
			memcpy(&klen, kl, 4);
		k = get(&in, klen);
		if ((dl = get(&in, 4)) != NULL)
			memcpy(&dlen, dl, 4);
		d = get(&in, dlen);
		/* The key ends in a NUL of its own, so it can be used as a string in place. */
		if (in.bad || klen < 2 || k[klen - 1] != '\0' || memchr(k, '\0', klen - 1) ||
		    (rc->n && strcmp(rc->e[rc->n - 1].key, (const char *)k) >= 0)) {
			reccache_free(rc);
			return "a malformed entry";
		}
		push(rc, &(struct rc_entry){(const char *)k, d, dlen, 0});
	}
	return NULL;
}

char *reccache_format(struct reccache *rc, size_t *len)
{
	struct out o = {0};
	char head[64];
	int hl = snprintf(head, sizeof(head), MAGIC "%016llx\n", signature());

	rc->span.place[0] = '\0';
	if (rc->n)
		qsort(rc->e, rc->n, sizeof(*rc->e), by_key);
	put(&o, head, (size_t)hl);
	for (size_t i = 0; i < rc->n; i++) {
		uint32_t kl = (uint32_t)strlen(rc->e[i].key) + 1, dl = (uint32_t)rc->e[i].len;

		if (i && strcmp(rc->e[i - 1].key, rc->e[i].key) == 0)
			continue; /* one record a place and ID */
		put(&o, &kl, 4);
		put(&o, rc->e[i].key, kl);
		put(&o, &dl, 4);
		put(&o, rc->e[i].data, dl);
	}
	if (o.n > CACHE_MAX_BYTES) {
		free(o.b);
		return NULL;
	}
	*len = o.n;
	return (char *)o.b;
}

void reccache_free(struct reccache *rc)
{
	for (size_t i = 0; i < rc->n; i++)
		if (rc->e[i].owned) {
			free((char *)(uintptr_t)rc->e[i].key);
			free((unsigned char *)(uintptr_t)rc->e[i].data);
		}
	free(rc->e);
	memset(rc, 0, sizeof(*rc));
}
