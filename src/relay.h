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
	int needed;
	pid_t pid;
	const char *output; /* the tool's output file (its profile's output option), or NULL */
	time_t since;	    /* files written from then on are the session's */
};

/* Is fd one whose bytes are stored or carried (pipe, socket, file), so relayed and counted? */
int relay_wanted(int fd);
/* Before the fork: pipes for the streams that will be relayed. have_output: there is an output
 * file to list at the end. */
void relay_plan(struct relay *r, int have_output);
/* In the tool's child: its stdout and stderr become the relay pipes. */
void relay_child_fds(const struct relay *r);
/* In the supervisor, once it holds no capability: start the accountant (if needed), which
 * writes one byte to status when the budget's soft mark is passed. Returns its pid, or -1. */
pid_t relay_start(struct relay *r, struct ledger *l, int status);

#endif
