/* SPDX-License-Identifier: ISC */
/* Step 8: the unprivileged parent that waits for the tool, forwards signals and keeps time. */
#ifndef NSCAP_SUPERVISE_H
#define NSCAP_SUPERVISE_H

#include <stdint.h>
#include <sys/types.h>

#define SUPERVISE_GRACE_MS 2000

struct supervisor {
	pid_t pid;
	pid_t parent;
	int pidfd;
	int report[2]; /* the child writes why it failed before exec; EOF means exec happened */
	int sigfd;
	int64_t started_ms;
};

struct outcome {
	int exited; /* exit_code is valid */
	int exit_code;
	int signal; /* signal that ended the tool, 0 if none */
	int timed_out;
	int stop_signal; /* the last signal nscap sent at the time limit, 0 if none */
	int64_t duration_ms;
	char error[512];	/* the child's failure before exec, empty if exec happened */
	const char *output;	/* the file the tool wrote (its profile's output option), or NULL */
	long long output_bytes; /* its size after the tool ended, -1 if it could not be read */
};

/* Fork. Returns 0 in the child, the child's pid in the parent; dies if fork fails. */
pid_t supervise_fork(struct supervisor *s);
/* In the child: route die() messages to the supervisor; close its ends. */
void supervise_child_setup(struct supervisor *s);
/* In the child, after its ids changed: die with the supervisor (PR_SET_PDEATHSIG). */
void supervise_child_bind(const struct supervisor *s);
/* In the parent: wait for the tool, forwarding SIGINT/SIGTERM/SIGHUP/SIGQUIT, stopping it at
 * max_time seconds (0: none) with SIGTERM then SIGKILL. */
void supervise_wait(struct supervisor *s, long long max_time, struct outcome *o);
/* Record the size of the tool's output file, looked up as the caller (path relative to the
 * caller's cwd; "-" is standard output and is skipped). */
void outcome_output(struct outcome *o, const char *path);
/* The exit status nscap returns for an outcome. */
int outcome_status(const struct outcome *o);

#endif
