/* SPDX-License-Identifier: ISC */
/* The rules of nscap's seccomp filters (seccomp_rules.c), for the build-time compiler. */
#ifndef NSCAP_SECCOMP_RULES_H
#define NSCAP_SECCOMP_RULES_H

#include <seccomp.h>
#include <stdint.h>

/* A profile's filter, its execveat() path pointer at exec_path; the byte budget's filter. */
scmp_filter_ctx build(int profile, uint64_t exec_path);
scmp_filter_ctx build_budget(void);
/* Ends the generator with what failed and why (rc an errno value, negative or not). */
__attribute__((noreturn)) void fail(const char *what, int rc);

#endif
