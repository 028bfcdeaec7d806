/* SPDX-License-Identifier: ISC */
/* max-bytes as one budget for everything the tool writes in a session: its stdout and stderr
 * (relayed and counted by relay.c) and every file it writes (each write() waits for the
 * supervisor to count it, through a seccomp user notification). */
#ifndef NSCAP_BUDGET_H
#define NSCAP_BUDGET_H

#include <linux/seccomp.h>
#include <sys/types.h>

#define LEDGER_FILES 32
#define LEDGER_STDOUT 0
#define LEDGER_STDERR 1
#define LEDGER_WRITES 2

/* Shared by the supervisor and its accountant (relay.c): a MAP_SHARED page. */
struct ledger {
	long long limit; /* max-bytes; 0: none */
	long long soft;	 /* past this the tool is asked to stop: what it still has in its buffers
			    then fits in what is left */
	long long used;	 /* bytes let through so far, all channels */
	long long bytes[3];
	int cut;	/* the limit was reached: something the tool wrote went nowhere */
	int soft_seen;	/* the accountant saw used pass soft */
	int files_done; /* 1: files[] is the list; -1: the directory could not be read */
	int nfiles, files_more;
	struct {
		char name[256];
		long long bytes;
	} files[LEDGER_FILES];
};

/* A zeroed ledger in shared memory, before any fork. Dies on failure. */
struct ledger *ledger_new(long long max_bytes);
/* Let through n bytes on a channel: all of them (n), or only what the limit leaves (none when
 * whole: a write cannot be let through in part), and the ledger notes the cut. */
long long ledger_take(struct ledger *l, int channel, long long n, int whole);
/* Give back what was taken but not used (a relay's reservation larger than what moved). */
void ledger_return(struct ledger *l, int channel, long long n);
/* Is it time to ask the tool to stop? */
int ledger_past_soft(const struct ledger *l);

/* In the child, after no_new_privs and before the profile's filter: load the budget filter and
 * hand its listener to the supervisor over sock. Dies on failure. */
void budget_child(int sock);
/* In the supervisor: a listener fd passed over sock, or -1 if the message carried none. */
int budget_receive(int sock, char *text, size_t len, ssize_t *n);
/* One write the tool waits on, as the kernel passed it. */
struct budget_req {
	union {
		struct seccomp_notif n;
		char room[256]; /* the kernel's structure may have grown */
	};
};
/* Take the next pending write: 0; 1 when there was none after all; -1 when the listener is
 * gone (the tool is dead). While it is held, only a fatal signal can end the tool's wait. */
int budget_recv(int listener, struct budget_req *r);
/* Is it a write to stdin, stdout or stderr? */
int budget_std_fd(const struct budget_req *r);
/* Answer it: counted and let through, or refused (EFBIG) past the limit. 0, or -1. */
int budget_reply(int listener, const struct budget_req *r, struct ledger *l);

#endif
