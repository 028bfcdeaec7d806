/* SPDX-License-Identifier: ISC */
/* -n's warnings about the other containers in the target's network namespace: a rule names a
 * container, but the namespace is what the tool enters, and a pod's containers (or docker's
 * --network container:) share one. */
#ifndef NSCAP_SHARING_H
#define NSCAP_SHARING_H

#include <stddef.h>

#include "policy.h"
#include "target.h"

/* Print "warning: ..." lines on stdout: which containers share t's netns (those the asker may
 * enter by name, the others as a count), and each rule that denies tool on one of them while
 * another is permitted. Reads every runtime record: in a child process, so that a record it
 * cannot read ends only the warning ("cannot tell"), never the dry run. */
void sharing_warn(const struct asker *a, const struct target *t, const char *tool);

/* The first line's text: netns ino is shared with the named containers (already escaped) and
 * others more the asker may not enter. Pure. */
void sharing_line(char *out, size_t len, unsigned long long ino, const char *const *named,
		  int nnamed, int others);

/* Of two containers in one netns, with the rules that decide tool on each (NULL: none), which
 * one a rule denies while the other is permitted: 1 the first, 2 the second, 0 neither. Pure. */
int sharing_bypass(const struct rule *first, const struct rule *second);

#endif
