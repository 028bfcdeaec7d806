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

static int check(int fd, struct stat *st, const char *shown, int want_dir, char *err,
		 size_t errlen)
{
	if (fstat(fd, st) != 0)
		return fail(err, errlen, shown, strerror(errno));
	if (want_dir ? !S_ISDIR(st->st_mode) : !S_ISREG(st->st_mode))
		return fail(err, errlen, shown, want_dir ? "not a directory" : "not a regular file");
	if (st->st_uid != 0)
		return fail(err, errlen, shown, "not owned by root");
	if (st->st_mode & (S_IWGRP | S_IWOTH))
		return fail(err, errlen, shown, "writable by group or other");
	return 0;
}

/* Walk rel below dirfd one component at a time. */
int trust_openat(int dirfd, const char *dirname, const char *rel, int oflags, int how,
		 struct stat *st, char *err, size_t errlen)
{
	char buf[MAX_PATH], shown[MAX_PATH];
	char *save = NULL, *comp, *next;
	int fd = dirfd;
	struct stat tmp;

	if (!st)
		st = &tmp;
	if (scopy(buf, sizeof(buf), rel) != 0)
		return fail(err, errlen, rel, "path too long");
	if (scopy(shown, sizeof(shown), dirname) != 0)
		return fail(err, errlen, rel, "path too long");
	comp = strtok_r(buf, "/", &save);
	if (!comp)
		return fail(err, errlen, dirname, "empty path");
	for (; comp; comp = next) {
		int last, nfd, e;
		size_t sl = strlen(shown);

		next = strtok_r(NULL, "/", &save);
		last = next == NULL;
		if (strcmp(comp, ".") == 0 || strcmp(comp, "..") == 0) {
			if (fd != dirfd)
				close(fd);
			return fail(err, errlen, rel, "'.' or '..' in path");
		}
		snprintf(shown + sl, sizeof(shown) - sl, "%s%s",
			 sl && shown[sl - 1] == '/' ? "" : "/", comp);
		if (last && !(how & TRUST_DIR))
			nfd = openat(fd, comp, oflags | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
		else
			nfd = openat(fd, comp, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		e = errno;
		if (fd != dirfd)
			close(fd);
		if (nfd < 0)
			return fail(err, errlen, shown,
				    e == ELOOP || e == ENOTDIR ? "symbolic link or not a directory"
							       : strerror(e));
		fd = nfd;
		if (check(fd, st, shown, !last || (how & TRUST_DIR), err, errlen) != 0) {
			close(fd);
			return -1;
		}
	}
	if ((how & TRUST_ONELINK) && st->st_nlink != 1) {
		close(fd);
		return fail(err, errlen, shown, "has more than one hard link");
	}
	return fd;
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
	fd = trust_openat(root, "", path, oflags, how, st, err, errlen);
	close(root);
	return fd;
}
