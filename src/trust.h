/* SPDX-License-Identifier: ISC */
/* Opening files only through root-owned paths nobody else can write (docs/DESIGN.md,
 * "Trust of files"). */
#ifndef NSCAP_TRUST_H
#define NSCAP_TRUST_H

#include <stddef.h>
#include <sys/stat.h>

enum {
	TRUST_DIR = 1,	   /* the final component is a directory (O_PATH fd) */
	TRUST_ONELINK = 2, /* refuse a file with more than one hard link */
};

/* Open the absolute path, following no symlink anywhere; every directory on the way and the
 * file itself must be owned by root and not writable by group or other. Returns an O_CLOEXEC
 * fd, or -1 with a reason in err and errno: ENOENT when a component is missing, EPERM when it
 * is there but not trusted (owner, mode, symlink, type, links), else the system call's.
 * flags: open(2) access flags for a file. */
int trust_open(const char *path, int oflags, int how, struct stat *st, char *err, size_t errlen);

/* The same below an already trusted directory fd, for a relative path. */
int trust_openat(int dirfd, const char *dirname, const char *rel, int oflags, int how,
		 struct stat *st, char *err, size_t errlen);

/* Owner root and not writable by group or other. */
int trust_mode_ok(const struct stat *st);

#endif
