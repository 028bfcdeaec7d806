/* SPDX-License-Identifier: ISC */
/* nscap's lookup indexes: files of its own, one of each kind a state-root, in a root-owned
 * directory (cache_dir()), that spare a lookup reading what has not changed since the last run.
 * They are shortcuts only: one that is missing, unreadable or malformed is rebuilt and never
 * believed, and one that cannot be written is not written (docs/DESIGN.md, "Lookup indexes").
 *
 * What was read is tied to the stamp (device, inode, mtime, ctime) its directory had just before
 * the read: adding, removing or renaming an entry changes a directory's mtime and ctime, and the
 * runtimes write every record by renaming a new file into place. A stamp too recent to be told
 * apart from a change in the same clock tick (racy, as git calls its index entries) is not kept. */
#ifndef NSCAP_CACHE_H
#define NSCAP_CACHE_H

#include <stddef.h>
#include <sys/stat.h>
#include <time.h>

#define CACHE_MAX_BYTES (8u << 20)
/* A stamp this close to now (seconds) may not change with the next change. */
#define CACHE_RACY_SECONDS 2

struct stamp {
	unsigned long long dev, ino;
	long long mtime_s, ctime_s;
	long mtime_ns, ctime_ns;
};

struct stamp stamp_of(const struct stat *st);
int stamp_same(const struct stamp *a, const struct stamp *b);
/* Too close to now (or after it) to be kept. */
int stamp_racy(const struct stamp *s, time_t now);
/* "DEV INO MS.NS CS.NS" then stop, from *p (moved past stop): 0, or -1. Pure. */
int stamp_parse(const char **p, const char *end, char stop, struct stamp *s);
/* The string at *p, which must end in a NUL before end (the indexes' fields do): 0 and *p moved
 * past its NUL, or -1 when it does not, is empty or is longer than max. Pure. */
int cache_field(const char **p, const char *end, size_t max, const char **out);
/* The same as text (at most STAMP_TEXT_MAX bytes with its NUL). */
#define STAMP_TEXT_MAX 96
void stamp_format(const struct stamp *s, char *out);

/* An index file as loaded: mapped read-only, never copied (the parsers point into it). */
struct cache_text {
	const char *p;
	size_t len;
};

/* The index of this kind for state_root, whole: 0 and *t (cache_unload() it), or -1. */
int cache_load(const char *kind, const char *state_root, struct cache_text *t);
void cache_unload(struct cache_text *t);
/* Replace it, as root; -1 (nothing written) when that cannot be done. */
int cache_save(const char *kind, const char *state_root, const char *text, size_t len);
const char *cache_dir(void);

#endif
