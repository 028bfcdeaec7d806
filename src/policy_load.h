/* SPDX-License-Identifier: ISC */
#ifndef NSCAP_POLICY_LOAD_H
#define NSCAP_POLICY_LOAD_H

#include "policy.h"

/* The installed policy: root-owned along its whole path, one link, parsed strictly. Any
 * problem dies with EXIT_FAIL after printing every parse error as file:line:col. */
void policy_load(const char *path, struct policy *pol);
/* A file named by an unprivileged caller for -C (privileges are already dropped). */
void policy_load_untrusted(const char *path, struct policy *pol);

#endif
