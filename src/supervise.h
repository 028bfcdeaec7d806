/* SPDX-License-Identifier: ISC */
/* Step 8: the unprivileged parent that waits for the tool, forwards signals, keeps time and the
 * byte budget, and follows the terminal's job control. */
#ifndef NSCAP_SUPERVISE_H
#define NSCAP_SUPERVISE_H

#include <stdint.h>
#include <sys/types.h>

#include "budget.h"
#include "relay.h"

#define SUPERVISE_GRACE_MS 2000

struct supervisor {
	pid_t pid;
	pid_t parent;
	int pidfd;
	int report[2]; /* the child's errors before the exec and its budget listener; EOF: exec */
	int sigfd;
	int listener;  /* the budget's notifications, or -1 */
	int status[2]; /* the accountant wakes the supervisor through it */
	struct relay relay;
	struct ledger *ledger;
	pid_t watchdog;	  /* started when the session is first stopped, if there is a deadline */
	int stop_pending; /* a stop is due at the tool's next counted write */
	int64_t started_ms;
};

struct outcome {
	int exited; /* exit_code is valid */
	int exit_code;
	int signal; /* signal that ended the tool, 0 if none */
	int timed_out;
	int over_budget;  /* stopped at max-bytes */
	int stop_signal;  /* the last signal nscap sent to stop it, 0 if none */
	const char *stop; /* why the session ended: "tool", "signal", "max-time", "max-bytes" */
	int64_t duration_ms;
	char error[512];	     /* the child's failure before exec, empty if exec happened */
	const struct ledger *ledger; /* what it wrote: streams, writes, files */
	int accountant_late;	     /* the file list did not come in time */
};

/* Fork. Returns 0 in the child, the child's pid in the parent; dies if fork fails. max_bytes:
 * the rule's budget (0 none); output: the tool's output file, or NULL. */
pid_t supervise_fork(struct supervisor *s, long long max_bytes, const char *output);
/* In the child: die() messages go to the supervisor; the tool's stdout and stderr become the
 * accountant's pipes where they are relayed; signals unblocked. */
void supervise_child_setup(struct supervisor *s);
/* In the child, after its ids changed: die with the supervisor (PR_SET_PDEATHSIG). */
void supervise_child_bind(const struct supervisor *s);
/* In the child, after no_new_privs: with a budget, every write to a file it opens waits for the
 * supervisor's count. */
void supervise_child_budget(struct supervisor *s);
/* In the parent, once it holds no capability: the accountant. */
void supervise_start(struct supervisor *s);
/* In the parent: wait for the tool, forwarding SIGINT/SIGTERM/SIGHUP/SIGQUIT, stopping it at
 * max_time seconds (0: none) or at the budget with SIGTERM then SIGKILL, following ^Z. */
void supervise_wait(struct supervisor *s, long long max_time, struct outcome *o);
/* The exit status nscap returns for an outcome. */
int outcome_status(const struct outcome *o);

#endif
