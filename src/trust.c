#include "trust.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

#define MAX_PATH 4096

int trust_mode_ok(const struct stat *st)
{
	return st->st_uid == 0 && !(st->st_mode & (S_IWGRP | S_IWOTH));
}

static int fail(char *err, size_t errlen, const char *what, const char *why)
{
	snprintf(err, errlen, "%s: %s", what, why);
	return -1;
}

/* A directory or regular file owned by root and writable by no one else; shown names it. */
static int check_st(const struct stat *st, const char *shown, int want_dir, char *err,
		    size_t errlen)
{
	if (want_dir ? !S_ISDIR(st->st_mode) : !S_ISREG(st->st_mode))
		return fail(err, errlen, shown, want_dir ? "not a directory" : "not a regular file");
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
int trust_openat(int dirfd, const char *dirname, const char *rel, int oflags, int how,
		 struct stat *st, char *err, size_t errlen)
{
	char buf[MAX_PATH], shown[MAX_PATH];
	size_t len = strlen(rel), dl = strlen(dirname);
	struct stat tmp;
	int fd;

	if (!st)
		st = &tmp;
	if (len == 0 || len >= sizeof(buf) || dl + len + 2 >= sizeof(shown))
		return fail(err, errlen, rel[0] ? rel : dirname, len ? "path too long" : "empty path");
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
		if (fstatat(dirfd, buf, st, AT_SYMLINK_NOFOLLOW) != 0) {
			int e = errno;

			return fail(err, errlen, shown, strerror(e));
		}
		if (check_st(st, shown, 1, err, errlen) != 0)
			return -1;
		c[n] = saved;
		c += n + 1;
	}
	if (how & TRUST_DIR)
		fd = openat(dirfd, buf, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	else
		fd = openat(dirfd, buf, oflags | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0) {
		int e = errno;

		return fail(err, errlen, shown,
			    e == ELOOP || e == ENOTDIR ? "symbolic link or not a directory"
						       : strerror(e));
	}
	if (fstat(fd, st) != 0) {
		int e = errno;

		close(fd);
		return fail(err, errlen, shown, strerror(e));
	}
	if (check_st(st, shown, how & TRUST_DIR, err, errlen) != 0) {
		close(fd);
		return -1;
	}
	if ((how & TRUST_ONELINK) && st->st_nlink != 1) {
		close(fd);
		return fail(err, errlen, shown, "has more than one hard link");
	}
	return fd;
}

static int check(int fd, struct stat *st, const char *shown, int want_dir, char *err,
		 size_t errlen)
{
	if (fstat(fd, st) != 0)
		return fail(err, errlen, shown, strerror(errno));
	return check_st(st, shown, want_dir, err, errlen);
}

int trust_open(const char *path, int oflags, int how, struct stat *st, char *err, size_t errlen)
{
	struct stat rst;
	int root, fd;

	if (path[0] != '/')
		return fail(err, errlen, path, "not an absolute path");
	root = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (root < 0)
		return fail(err, errlen, "/", strerror(errno));
	if (check(root, &rst, "/", 1, err, errlen) != 0) {
		close(root);
		return -1;
	}
	if (strspn(path, "/") == strlen(path)) {
		if (how & TRUST_DIR) {
			if (st)
				*st = rst;
			return root;
		}
		close(root);
		return fail(err, errlen, path, "not a regular file");
	}
	fd = trust_openat(root, "", path + strspn(path, "/"), oflags, how, st, err, errlen);
	close(root);
	return fd;
}
