/* SPDX-License-Identifier: ISC */
/* The terminal's job control, for a session of two processes the shell sees as one. */
#ifndef NSCAP_JOB_H
#define NSCAP_JOB_H

#include <stdint.h>

#include "supervise.h"

/* ^Z (or a background read or write): once the tool has stopped, stop the supervisor too, so
 * the shell gets its prompt back; fg or bg continues both. A stopped session's time still
 * counts: a watchdog outside the terminal's process group wakes the supervisor at the rule's
 * limit (ms on the monotonic clock; -1 none). */
void job_stop(struct supervisor *s, int64_t limit);
/* The session is over: the watchdog goes. */
void job_end(struct supervisor *s);

#endif
