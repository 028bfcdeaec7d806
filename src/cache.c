/* SPDX-License-Identifier: ISC */
/* The lookup indexes' stamps and files (cache.h says what they are for). */
#include "cache.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <unistd.h>

#include "sha256.h"
#include "trust.h"
#include "util.h"

#ifndef NSCAP_CACHE_DIR
#define NSCAP_CACHE_DIR "/run/nscap"
#endif

const char *cache_dir(void)
{
	return NSCAP_CACHE_DIR;
}

struct stamp stamp_of(const struct stat *st)
{
	return (struct stamp){(unsigned long long)st->st_dev,
			      (unsigned long long)st->st_ino,
			      (long long)st->st_mtim.tv_sec,
			      (long long)st->st_ctim.tv_sec,
			      st->st_mtim.tv_nsec,
			      st->st_ctim.tv_nsec};
}

int stamp_same(const struct stamp *a, const struct stamp *b)
{
	return a->dev == b->dev && a->ino == b->ino && a->mtime_s == b->mtime_s &&
	       a->mtime_ns == b->mtime_ns && a->ctime_s == b->ctime_s && a->ctime_ns == b->ctime_ns;
}

int stamp_racy(const struct stamp *s, time_t now)
{
	long long recent = (long long)now - CACHE_RACY_SECONDS;

	return s->mtime_s < 0 || s->ctime_s < 0 || s->mtime_s >= recent || s->ctime_s >= recent;
}

/* Up to 19 decimal digits (no sign, no blank) ending at stop: 0, or -1. */
static int num(const char **p, const char *end, char stop, unsigned long long *v)
{
	const char *s = *p;

	*v = 0;
	while (s < end && *s >= '0' && *s <= '9' && s - *p < 19)
		*v = *v * 10 + (unsigned)(*s++ - '0');
	if (s == *p || s >= end || *s != stop)
		return -1;
	*p = s + 1;
	return 0;
}

int stamp_parse(const char **p, const char *end, char stop, struct stamp *s)
{
	unsigned long long v[6];

	if (num(p, end, ' ', &v[0]) || num(p, end, ' ', &v[1]) || num(p, end, '.', &v[2]) ||
	    num(p, end, ' ', &v[3]) || num(p, end, '.', &v[4]) || num(p, end, stop, &v[5]) ||
	    v[3] > 999999999 || v[5] > 999999999 || v[2] > (unsigned long long)INT64_MAX ||
	    v[4] > (unsigned long long)INT64_MAX)
		return -1;
	*s = (struct stamp){v[0], v[1], (long long)v[2], (long long)v[4], (long)v[3], (long)v[5]};
	return 0;
}

int cache_field(const char **p, const char *end, size_t max, const char **out)
{
	const char *nul = memchr(*p, '\0', (size_t)(end - *p));

	if (!nul || nul == *p || (size_t)(nul - *p) > max)
		return -1;
	*out = *p;
	*p = nul + 1;
	return 0;
}

void stamp_format(const struct stamp *s, char *out)
{
	snprintf(out, STAMP_TEXT_MAX, "%llu %llu %lld.%09ld %lld.%09ld", s->dev, s->ino, s->mtime_s,
		 s->mtime_ns, s->ctime_s, s->ctime_ns);
}

/* KIND-<first 16 hex digits of sha256(state-root)>. */
static void file_name(const char *kind, const char *state_root, char out[96])
{
	unsigned char h[32];
	struct sha256 s;

	sha256_init(&s);
	sha256_update(&s, state_root, strlen(state_root));
	sha256_final(&s, h);
	snprintf(out, 96, "%.40s-%02x%02x%02x%02x%02x%02x%02x%02x", kind, h[0], h[1], h[2], h[3],
		 h[4], h[5], h[6], h[7]);
}

/* The directory, made by root 0700 when it is not there: an O_PATH fd, or -1. */
static int open_dir(int create)
{
	char err[512];
	int fd = trust_open(NSCAP_CACHE_DIR, 0, TRUST_DIR, NULL, err, sizeof(err));

	if (fd >= 0 || errno != ENOENT || !create || geteuid() != 0)
		return fd;
	if (mkdir(NSCAP_CACHE_DIR, 0700) != 0 && errno != EEXIST)
		return -1;
	return trust_open(NSCAP_CACHE_DIR, 0, TRUST_DIR, NULL, err, sizeof(err));
}

int cache_load(const char *kind, const char *state_root, struct cache_text *t)
{
	char name[96], err[512];
	struct stat st;
	int dfd = open_dir(0), fd;
	void *p = MAP_FAILED;

	*t = (struct cache_text){NULL, 0};
	if (dfd < 0)
		return -1;
	file_name(kind, state_root, name);
	fd = trust_openat(dfd, NSCAP_CACHE_DIR, name, O_RDONLY, TRUST_ONELINK, &st, err,
			  sizeof(err));
	close(dfd);
	if (fd < 0)
		return -1;
	/* Mapped, not read: a lookup among a thousand containers loads 380 KB of indexes, and a
	 * copy cost its time and as much fresh memory again (each page of it a fault). The file
	 * is only ever replaced by a rename (cache_save), never cut short under a reader. */
	if (S_ISREG(st.st_mode) && st.st_size > 0 && (size_t)st.st_size <= CACHE_MAX_BYTES)
		p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
	close(fd);
	if (p == MAP_FAILED)
		return -1;
	*t = (struct cache_text){p, (size_t)st.st_size};
	return 0;
}

void cache_unload(struct cache_text *t)
{
	if (t->p)
		(void)munmap((void *)(uintptr_t)t->p,
			     t->len); /* a valid mapping: nothing to fail */
	*t = (struct cache_text){NULL, 0};
}

int cache_save(const char *kind, const char *state_root, const char *text, size_t len)
{
	char name[96], tmp[160];
	unsigned char r[8];
	int dfd, fd, ok;

	if (len > CACHE_MAX_BYTES || getrandom(r, sizeof(r), 0) != (ssize_t)sizeof(r) ||
	    (dfd = open_dir(1)) < 0)
		return -1;
	file_name(kind, state_root, name);
	/* Written whole under a name of this run's own, then renamed over the old one. The PID
	 * alone is not one (nscap in another PID namespace, sharing /run, may have it); with
	 * random bytes, O_EXCL fails rather than take another run's file. One left by a run killed
	 * mid-write is never renamed into place; the PID in its name says whose it was. */
	snprintf(tmp, sizeof(tmp), ".%s.%ld.%02x%02x%02x%02x%02x%02x%02x%02x", name, (long)getpid(),
		 r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7]);
	fd = openat(dfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	ok = fd >= 0 && write_all(fd, text, len) == 0;
	if (fd >= 0 && close(fd) != 0)
		ok = 0;
	if (ok && renameat(dfd, tmp, dfd, name) != 0)
		ok = 0;
	if (!ok && fd >= 0 && unlinkat(dfd, tmp, 0) != 0)
		ok = 0; /* nothing more to do: it is never renamed into place */
	close(dfd);
	return ok ? 0 : -1;
}
