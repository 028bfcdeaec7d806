/* Checking a tool's argv against its policy profile with the tool's own getopt rules. */
#ifndef NSCAP_TOOLARGS_H
#define NSCAP_TOOLARGS_H

#include <stddef.h>

#include "policy.h"

/* 0 when every argument is allowed; else -1 with the offending argument named in why. */
int toolargs_check(const struct tool *t, int argc, char *const argv[], char *why, size_t len);

#endif
