/* SPDX-License-Identifier: ISC */
/* attacker.h — what the attacker's files share (attacker.c says what the attacker does). */
#ifndef NSCAP_ATTACKER_H
#define NSCAP_ATTACKER_H

#include <stdint.h>

const char *errname(int e);
const char *res(long rc);
int64_t now_us(void);
int cmd_ancestor(int argc, char **argv); /* attacker_ancestor.c */

#endif /* NSCAP_ATTACKER_H */
