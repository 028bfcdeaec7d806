/* SPDX-License-Identifier: ISC */
/* The supervisor's accountant: relays the tool's stdout and stderr, counting against the
 * budget, and lists the files the tool wrote (relay.c says why it is a process of its own). */
#ifndef NSCAP_RELAY_H
#define NSCAP_RELAY_H

#include <sys/types.h>
#include <time.h>

#include "budget.h"

struct relay {
	int pipe[2][2]; /* the tool's stdout and stderr: [0] read end, [1] write end */
	int in[2];	/* read ends, -1 where the stream goes straight to the caller's fd */
	int out[2];	/* the caller's fds 1 and 2, -1 once they take nothing more */
	int copy[2];	/* splice refused: copy through a buffer */
	int peek[2];	/* the supervisor's copies of the read ends, to see a pipe drained */
	int needed;
	pid_t pid;
	const char *output; /* the tool's output file (its profile's output option), or NULL */
	time_t since;	    /* files written from then on are the session's */
};

/* Is fd one whose bytes are stored or carried (pipe, socket, file), so relayed and counted? */
int relay_wanted(int fd);
/* Before the fork: pipes for the streams that will be relayed. have_output: there is an output
 * file to list at the end; budget: a max-bytes applies. */
void relay_plan(struct relay *r, int have_output, int budget);
/* In the supervisor: what the accountant wrote to status; where it says it stopped reading a
 * stream, the supervisor closes its read end too. */
void relay_let_go(struct relay *r, const char *said, size_t n);
/* In the supervisor: is the pipe behind the tool's fd (1 or 2) empty, or not a relay pipe? */
int relay_drained(const struct relay *r, int fd);
/* In the tool's child: its stdout and stderr become the relay pipes. */
void relay_child_fds(const struct relay *r);
/* In the supervisor, once it holds no capability: start the accountant (if needed), which
 * writes "s" to status when the budget's soft mark is passed, and "1" or "2" when it stops
 * reading stdout or stderr. Returns its pid, or -1. */
pid_t relay_start(struct relay *r, struct ledger *l, int status);

#endif
