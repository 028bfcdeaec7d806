/* SPDX-License-Identifier: ISC */
/* probe.h — what the probe's files share (tests/probe/probe.c says what the probe does). */
#ifndef NSCAP_PROBE_H
#define NSCAP_PROBE_H

const char *errname(int e);
void report(void);

/* Attack modes (probe_attack.c). */
int mode_x32_execve(int argc, char **argv);
int mode_int80_execve(int argc, char **argv);
int mode_execveat(int argc, char **argv);
int mode_execveat_abs(int argc, char **argv);
int mode_escapes(int argc, char **argv);
int mode_refusals(int argc, char **argv);
int mode_sockets(int argc, char **argv);

#endif /* NSCAP_PROBE_H */
