/* SPDX-License-Identifier: ISC */
/* Pinning a process and its network namespace against PID reuse (DESIGN.md step 4). */
#ifndef NSCAP_NETNS_H
#define NSCAP_NETNS_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct pinned {
	pid_t pid;
	int pidfd;
	int nsfd;	/* /proc/PID/ns/net, opened while the pidfd proved PID unchanged */
	uint64_t start; /* start time in clock ticks since boot (/proc/PID/stat field 22) */
	uint64_t ns_dev, ns_ino;
};

/* Pin pid: pidfd, start time (must equal want_start unless 0), its cgroup file into cg (may be
 * NULL), its netns fd; then prove the pidfd still names a live process. -1 with err on failure. */
int netns_pin(pid_t pid, uint64_t want_start, char *cg, size_t cglen, struct pinned *p, char *err,
	      size_t errlen);
void netns_unpin(struct pinned *p);

/* The netns inode of a live process with the given start time, without keeping anything open.
 * 0 on success. */
int netns_of(pid_t pid, uint64_t want_start, uint64_t *dev, uint64_t *ino);

/* Record the host network namespace(s): PID 1's where readable, and the one nscap started in. */
int netns_host_init(char *err, size_t errlen);
int netns_is_host(uint64_t dev, uint64_t ino);

/* Parse /proc/PID/stat text: start time and flags. 0 on success. Pure. */
int parse_proc_stat(const char *text, uint64_t *start, uint64_t *flags);

#endif
