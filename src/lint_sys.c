/* SPDX-License-Identifier: ISC */
/* The checks that look at this system: each tool's path, the state-root and the runtime
 * directories below it, judged as nscap judges them when it runs (trust.c); and the user
 * database the rule checks read group membership from. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "index.h"
#include "lint.h"
#include "names.h"
#include "readers.h"
#include "sha256.h"
#include "trust.h"
#include "util.h"

/* A path nscap could not look at as this user: said once, counted as no warning. */
static void unchecked(struct lint *l, int line, int col, const char *what, const char *err)
{
	lint_note(l, line, col,
		  "%s could not be checked as uid %u: %s\n"
		  "directories on the way are closed to this user; nscap itself runs as root\n"
		  "run nscap -C as root to check it",
		  what, (unsigned)getuid(), err);
}

static void tool_sha(struct lint *l, const struct tool *t, int fd)
{
	unsigned char sum[32];

	if (sha256_fd(fd, sum) != 0) {
		unchecked(l, t->path_line, t->path_col, "its sha256", strerror(errno));
		return;
	}
	if (memcmp(sum, t->sha256, sizeof(sum)) != 0)
		lint_warn(l, t->path_line, t->path_col, "tool-path",
			  "tool %s: %s does not match its sha256\n"
			  "nscap refuses to run a tool whose contents differ from the pin (exit "
			  "125)\n"
			  "update the sha256 line to the installed file's (sha256sum %s), or "
			  "reinstall the tool",
			  t->name, t->path, t->path);
}

static void tool_path(struct lint *l, const struct tool *t)
{
	char err[600];
	struct stat st;
	int fd = trust_open(t->path, O_RDONLY, 0, &st, err, sizeof(err));

	if (fd < 0 && errno == EACCES)
		fd = trust_open(t->path, O_PATH, 0, &st, err, sizeof(err));
	if (fd < 0 && errno == ENOENT)
		lint_warn(
			l, t->path_line, t->path_col, "tool-path",
			"tool %s: %s does not exist\n"
			"callers get exit 125 when they ask for it, while -l still offers it\n"
			"install the tool, or write the path it has on this node (no PATH search)",
			t->name, t->path);
	else if (fd < 0 && errno == EPERM)
		lint_warn(l, t->path_line, t->path_col, "tool-path",
			  "tool %s: %s is not trusted: %s\n"
			  "nscap runs only files that nobody but root can replace, along the whole "
			  "path, with no symbolic link, and refuses this one (exit 125)\n"
			  "point path at the real, root-owned file, in directories only root can "
			  "write",
			  t->name, t->path, err);
	else if (fd < 0)
		unchecked(l, t->path_line, t->path_col, t->path, err);
	if (fd < 0)
		return;
	if (!(st.st_mode & S_IXUSR) || !(st.st_mode & S_IXOTH))
		lint_warn(l, t->path_line, t->path_col, "tool-path",
			  "tool %s: %s is not executable by every user (mode %04o)\n"
			  "nscap executes the tool as the caller\n"
			  "chmod 0755 %s, or point path at the tool's executable",
			  t->name, t->path, (unsigned)(st.st_mode & 07777), t->path);
	else if (t->has_sha256)
		tool_sha(l, t, fd);
	close(fd);
}

/* An existing runtime directory below the state-root that nscap would not read. */
static void runtime_dir(struct lint *l, struct index *ix, const char *rel, int line, int col)
{
	char path[400], err[600];
	int fd;

	if (index_path(ix, rel, path, sizeof(path)) != 0)
		return;
	fd = trust_open(path, 0, TRUST_DIR, NULL, err, sizeof(err));
	if (fd >= 0) {
		close(fd);
		return;
	}
	if (errno == EPERM)
		lint_warn(l, line, col, "state-root",
			  "runtime directory %s is not trusted: %s\n"
			  "nscap reads no record below a directory someone other than root could "
			  "change: no container there would ever be found\n"
			  "make every directory on the way root-owned and writable only by root",
			  path, err);
	else if (errno != ENOENT)
		unchecked(l, line, col, path, err);
}

/* containerd's namespaces: each directory below its state directories. */
static void namespaces(struct lint *l, struct index *ix, const char *rel, int line, int col)
{
	char path[400], sub[400];
	DIR *d;
	struct dirent *e;

	if (index_path(ix, rel, path, sizeof(path)) != 0 || !(d = opendir(path)))
		return;
	while ((e = readdir(d)) != NULL)
		if (e->d_name[0] != '.' && valid_id(e->d_name) &&
		    (size_t)snprintf(sub, sizeof(sub), "%s/%s", rel, e->d_name) < sizeof(sub))
			runtime_dir(l, ix, sub, line, col);
	closedir(d);
}

static void state_root(struct lint *l)
{
	const struct policy *pol = l->pol;
	int line = pol->state_root_line ? pol->state_root_line : 1, col = pol->state_root_col;
	static const char *const more[] = {KUBE_LOGS, "var/lib/docker/image"};
	struct index ix;
	char err[600];
	int fd = trust_open(pol->state_root, 0, TRUST_DIR, NULL, err, sizeof(err));

	if (fd < 0 && (errno == ENOENT || errno == EPERM)) {
		lint_warn(l, line, col, "state-root",
			  "state-root %s %s%s\n"
			  "nscap looks for every runtime's records below it: no container would "
			  "ever be found\n"
			  "write the directory the runtimes' state is under (/ on a normal node), "
			  "root-owned and writable only by root",
			  pol->state_root, errno == ENOENT ? "does not exist" : "is not trusted: ",
			  errno == ENOENT ? "" : err);
		return;
	}
	if (fd < 0) {
		unchecked(l, line, col, pol->state_root, err);
		return;
	}
	close(fd);
	index_init(&ix, pol->state_root);
	for (size_t i = 0; i < nreaders; i++) {
		runtime_dir(l, &ix, readers[i].rel, line, col);
		if (readers[i].per_ns)
			namespaces(l, &ix, readers[i].rel, line, col);
	}
	for (size_t i = 0; i < sizeof(more) / sizeof(more[0]); i++)
		runtime_dir(l, &ix, more[i], line, col);
}

void lint_system(struct lint *l)
{
	for (int i = 0; i < l->pol->ntools; i++)
		if (l->pol->tools[i].path)
			tool_path(l, &l->pol->tools[i]);
	state_root(l);
}

/* ---- the user database ---- */

#define DB_MAX 100000

static void add_user(struct lint_db *db, const struct passwd *pw, size_t *cap)
{
	struct lint_user *u;
	int n = 64;

	if (*cap == db->nusers)
		db->users = xreserve(db->users, cap, *cap ? *cap * 2 : 64, sizeof(*db->users));
	u = &db->users[db->nusers];
	memset(u, 0, sizeof(*u));
	u->uid = pw->pw_uid;
	u->gid = pw->pw_gid;
	(void)scopy(u->name, sizeof(u->name), pw->pw_name);
	for (;;) {
		u->groups = xcalloc((size_t)n, sizeof(gid_t));
		u->ngroups = n;
		if (getgrouplist(pw->pw_name, pw->pw_gid, u->groups, &u->ngroups) >= 0)
			break;
		free(u->groups);
		if (u->ngroups <= n || u->ngroups > 65536)
			die(EXIT_FAIL, "cannot read the groups of user %s", pw->pw_name);
		n = u->ngroups;
	}
	db->nusers++;
}

void lint_db_load(struct lint_db *db)
{
	size_t cap = 0, gcap = 0;
	struct passwd *pw;
	struct group *gr;

	memset(db, 0, sizeof(*db));
	setpwent();
	while ((pw = getpwent()) != NULL && db->nusers < DB_MAX)
		add_user(db, pw, &cap);
	endpwent();
	setgrent();
	while ((gr = getgrent()) != NULL && db->ngroups < DB_MAX) {
		if (db->ngroups == gcap)
			db->groups = xreserve(db->groups, &gcap, gcap ? gcap * 2 : 64,
					      sizeof(*db->groups));
		db->groups[db->ngroups].gid = gr->gr_gid;
		(void)scopy(db->groups[db->ngroups++].name, sizeof(db->groups[0].name),
			    gr->gr_name);
	}
	endgrent();
}

void lint_db_free(struct lint_db *db)
{
	for (size_t i = 0; i < db->nusers; i++)
		free(db->users[i].groups);
	free(db->users);
	free(db->groups);
	memset(db, 0, sizeof(*db));
}
