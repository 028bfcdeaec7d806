/* SPDX-License-Identifier: ISC */
/* Pinning a process and its network namespace against PID reuse (docs/DESIGN.md,
 * "Privilege flow", step 4). */
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
/* The same, or with peek only a look for what is shown (-l): the start time and namespace
 * identity through /proc/PID, no fd kept. */
int netns_probe(pid_t pid, uint64_t want_start, char *cg, size_t cglen, struct pinned *p, int peek,
		char *err, size_t errlen);

/* Identify the host's network namespace (the kernel's initial one) by an anchor the kernel
 * guarantees: kthreadd's, else the fixed inode number newer kernels give it. -1 with err when
 * neither can be seen: nscap then refuses to run rather than guess. */
int netns_host_init(char *err, size_t errlen);
int netns_is_host(uint64_t dev, uint64_t ino);
/* Which anchor identified it, for -n and the audit record. */
const char *netns_host_anchor(void);
/* The host's netns as a pinned target (no process: pidfd -1, pid 0). */
int netns_pin_host(struct pinned *p, char *err, size_t errlen);

/* Parse /proc/PID/stat text: start time and flags. 0 on success. Pure. */
int parse_proc_stat(const char *text, uint64_t *start, uint64_t *flags);
/* The controlling terminal's device number from /proc/PID/stat text (0:0 for none). Pure. */
int parse_proc_tty(const char *text, unsigned *major, unsigned *minor);

#endif
