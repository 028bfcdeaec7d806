/* SPDX-License-Identifier: ISC */
/* Checking ip's argv with ip's own option rules (a tool profile with `style ip-words`). */
#ifndef NSCAP_TOOLARGS_IP_H
#define NSCAP_TOOLARGS_IP_H

#include <stddef.h>

#include "policy.h"

/* The option ip takes ARG for (its first spelling, without the dash: "-br" is "brief", "-b"
 * "batch", "--stat" "stats"), or NULL when ip knows none; *takes_value (may be NULL) says
 * whether it takes the next argument. Pure. */
const char *ip_word(const char *arg, int *takes_value);

/* Is word (without the dash) one of ip's option words? Sets *takes_value when it is. */
int ip_word_known(const char *word, int *takes_value);

/* toolargs_check for ip-words profiles: the words listed in `long` are the allowed options. */
int toolargs_ip_check(const struct tool *t, int argc, char *const argv[], char *why, size_t len);

#endif
