/* SPDX-License-Identifier: ISC */
/* The tool: opened and verified while privileged, executed from that fd with a clean env. */
#ifndef NSCAP_EXEC_H
#define NSCAP_EXEC_H

#include "policy.h"

#define TOOL_PATH_ENV "PATH=/usr/sbin:/usr/bin:/sbin:/bin"
#define ENV_MAX 16

/* Keep TERM, LANG and LC_* from envp when their values are sane, then clear the environment.
 * saved must hold ENV_MAX + 1 pointers; it is NULL-terminated and starts with TOOL_PATH_ENV. */
void exec_env_take(char **envp, char **saved);

/* Open t->path through a trusted path; a root-owned executable file, matching the sha256 pin
 * when there is one. Returns an O_CLOEXEC fd; dies on failure. */
int exec_open_tool(const struct tool *t);

/* Put fd at SANDBOX_EXEC_FD (limits_for_tool() then keeps the tool below it). Dies on
 * failure. */
void exec_place_fd(int fd);

/* execveat(SANDBOX_EXEC_FD); returns only on failure (errno set). */
void exec_tool(const char *name, char *const args[], int nargs, char *const env[],
	       unsigned long exec_path);

#endif
