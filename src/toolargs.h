/* SPDX-License-Identifier: ISC */
/* Checking a tool's argv against its policy profile with the tool's own getopt rules. */
#ifndef NSCAP_TOOLARGS_H
#define NSCAP_TOOLARGS_H

#include <stddef.h>

#include "policy.h"

/* Room for an argument quoted by toolargs_shown. */
#define TOOLARGS_SHOWN (64 * 4 + 8)

/* An argument for a message: control and non-ASCII bytes as \xNN, cut with "..." after 64
 * bytes. Returns buf. */
const char *toolargs_shown(const char *arg, char *buf, size_t len);

/* 0 when every argument is allowed; else -1 with the offending argument named in why. */
int toolargs_check(const struct tool *t, int argc, char *const argv[], char *why, size_t len);

/* What the profile allows, for a refusal to show: "-AbdD -B|-c VALUE --buffer-size=VALUE ..."
 * (ip-words: "-brief -color -family VALUE ..."), cut with "..." to fit len. */
void toolargs_allowed(const struct tool *t, char *buf, size_t len);

/* The value the last occurrence of short option letter takes in argv (as the tool's getopt
 * reads it, permutation until "--"), or NULL. argv must already pass toolargs_check. */
const char *toolargs_value(const struct tool *t, int argc, char *const argv[], char letter);

#endif
