/* SPDX-License-Identifier: ISC */
#include "trust.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

#define MAX_PATH 4096
#define CACHE_N 16
#define CACHE_PATH 256

/* Directories trust_open() has found trusted in this run. Once a directory is root-owned and
 * writable by no one else, only root can change it or the entries above it, so a later open
 * may start there instead of walking from / again. */
static char cached[CACHE_N][CACHE_PATH];
static int ncached;

static void remember(const char *dir)
{
	size_t n = strlen(dir);

	if (ncached == CACHE_N || n == 0 || n >= CACHE_PATH || dir[0] != '/')
		return;
	for (int i = 0; i < ncached; i++)
		if (strcmp(cached[i], dir) == 0)
			return;
	memcpy(cached[ncached++], dir, n + 1);
}

/* The longest cached directory that path is inside of (or is), or NULL. */
static const char *cached_prefix(const char *path)
{
	const char *best = NULL;
	size_t bl = 0;

	for (int i = 0; i < ncached; i++) {
		size_t n = strlen(cached[i]);

		if (n > bl && strncmp(path, cached[i], n) == 0 && (path[n] == '/' || !path[n])) {
			best = cached[i];
			bl = n;
		}
	}
	return best;
}

int trust_mode_ok(const struct stat *st)
{
	return st->st_uid == 0 && !(st->st_mode & (S_IWGRP | S_IWOTH));
}

/* -1 with errno e: ENOENT when a component is missing, EPERM when one is there but not
 * trusted, or what the system call said. */
static int fail_e(char *err, size_t errlen, const char *what, const char *why, int e)
{
	snprintf(err, errlen, "%s: %s", what, why);
	errno = e;
	return -1;
}

static int fail(char *err, size_t errlen, const char *what, const char *why)
{
	return fail_e(err, errlen, what, why, EPERM);
}

static int fail_sys(char *err, size_t errlen, const char *what, int e)
{
	return fail_e(err, errlen, what, strerror(e), e);
}

/* A directory or regular file owned by root and writable by no one else; shown names it. */
static int check_st(const struct stat *st, const char *shown, int want_dir, char *err,
		    size_t errlen)
{
	if (want_dir ? !S_ISDIR(st->st_mode) : !S_ISREG(st->st_mode))
		return fail(err, errlen, shown,
			    want_dir ? "not a directory" : "not a regular file");
	if (st->st_uid != 0)
		return fail(err, errlen, shown, "not owned by root");
	if (st->st_mode & (S_IWGRP | S_IWOTH))
		return fail(err, errlen, shown, "writable by group or other");
	return 0;
}

/* Walk rel below dirfd. Each directory on the way is checked with fstatat (no symlink
 * followed) before the next is looked up through it: once a directory is root-owned and
 * writable by no one else, only root can change what its entries are, so the final openat
 * of the whole path resolves exactly the entries that were checked. */
static int walk(int dirfd, const char *dirname, const char *rel, int oflags, int how,
		struct stat *st, int record, char *err, size_t errlen)
{
	char buf[MAX_PATH], shown[MAX_PATH];
	size_t len = strlen(rel), dl = strlen(dirname);
	struct stat tmp;
	int fd;

	if (!st)
		st = &tmp;
	if (len == 0 || len >= sizeof(buf) || dl + len + 2 >= sizeof(shown))
		return fail_e(err, errlen, rel[0] ? rel : dirname,
			      len ? "path too long" : "empty path", ENAMETOOLONG);
	memcpy(buf, rel, len + 1);
	for (char *c = buf;;) {
		size_t n = strcspn(c, "/");
		int last = c[n] == '\0';
		char saved = c[n];

		snprintf(shown, sizeof(shown), "%s%s%.*s", dirname,
			 dl && dirname[dl - 1] == '/' ? "" : "/", (int)(c + n - buf), buf);
		if (n == 0 || (n == 1 && c[0] == '.') || (n == 2 && c[0] == '.' && c[1] == '.'))
			return fail(err, errlen, rel, "empty, '.' or '..' component in path");
		if (last)
			break;
		c[n] = '\0';
		if (fstatat(dirfd, buf, st, AT_SYMLINK_NOFOLLOW) != 0)
			return fail_sys(err, errlen, shown, errno);
		if (check_st(st, shown, 1, err, errlen) != 0)
			return -1;
		if (record)
			remember(shown);
		c[n] = saved;
		c += n + 1;
	}
	if (how & TRUST_DIR)
		fd = openat(dirfd, buf, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	else
		fd = openat(dirfd, buf, oflags | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0) {
		int e = errno;

		if (e == ELOOP || e == ENOTDIR)
			return fail(err, errlen, shown, "symbolic link or not a directory");
		return fail_sys(err, errlen, shown, e);
	}
	if (fstat(fd, st) != 0) {
		int e = errno;

		close(fd);
		return fail_sys(err, errlen, shown, e);
	}
	if (check_st(st, shown, how & TRUST_DIR, err, errlen) != 0) {
		close(fd);
		return -1;
	}
	if ((how & TRUST_ONELINK) && st->st_nlink != 1) {
		close(fd);
		return fail(err, errlen, shown, "has more than one hard link");
	}
	if (record && (how & TRUST_DIR))
		remember(shown);
	return fd;
}

int trust_openat(int dirfd, const char *dirname, const char *rel, int oflags, int how,
		 struct stat *st, char *err, size_t errlen)
{
	return walk(dirfd, dirname, rel, oflags, how, st, 0, err, errlen);
}

static int check(int fd, struct stat *st, const char *shown, int want_dir, char *err, size_t errlen)
{
	if (fstat(fd, st) != 0)
		return fail_sys(err, errlen, shown, errno);
	return check_st(st, shown, want_dir, err, errlen);
}

int trust_open(const char *path, int oflags, int how, struct stat *st, char *err, size_t errlen)
{
	const char *pre = path[0] == '/' ? cached_prefix(path) : NULL;
	const char *rel;
	struct stat rst;
	int root, fd;

	if (path[0] != '/')
		return fail_e(err, errlen, path, "not an absolute path", EINVAL);
	root = openat(AT_FDCWD, pre ? pre : "/", O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (root < 0)
		return fail_sys(err, errlen, pre ? pre : "/", errno);
	if (check(root, &rst, pre ? pre : "/", 1, err, errlen) != 0) {
		close(root);
		return -1;
	}
	/* The same components as a walk from / would see, so the same errors. */
	rel = pre ? path + strlen(pre) + (path[strlen(pre)] == '/') : path + strspn(path, "/");
	if (pre ? !path[strlen(pre)] : !rel[0]) {
		if (how & TRUST_DIR) {
			if (st)
				*st = rst;
			return root;
		}
		close(root);
		return fail(err, errlen, path, "not a regular file");
	}
	fd = walk(root, pre ? pre : "", rel, oflags, how, st, 1, err, errlen);
	close(root);
	return fd;
}
