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

/* One option or operand as the tool's getopt reads it. */
struct toolarg {
	char opt[72];	   /* "-s", "--snapshot-length"; "" for an operand */
	const char *value; /* the option's value (NULL: a flag), or the operand */
	int word;	   /* the argv index of the option or operand (its value may follow) */
};

/* Call fn for each option and operand of argv in order (operands after "--" too; "--" itself is
 * not passed). A non-zero return from fn stops the walk and is returned. argv must already pass
 * toolargs_check; getopt tools only (ip-words: nothing is walked, 0). */
int toolargs_walk(const struct tool *t, int argc, char *const argv[],
		  int (*fn)(const struct toolarg *a, void *ctx), void *ctx);

/* How the profile takes an option spelled "-s" or "--snapshot-length": 1 with a value, 0 as a
 * flag, -1 not at all. */
int toolargs_kind(const struct tool *t, const char *spelling);

/* The value the last occurrence of short option letter takes in argv (as the tool's getopt
 * reads it, permutation until "--"), or NULL. argv must already pass toolargs_check. */
const char *toolargs_value(const struct tool *t, int argc, char *const argv[], char letter);

#endif
