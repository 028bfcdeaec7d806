/* SPDX-License-Identifier: ISC */
/* Capabilities and ids: each drop is verified, and a failed one ends the process. */
#ifndef NSCAP_PRIVS_H
#define NSCAP_PRIVS_H

#include <stdint.h>
#include <sys/types.h>

#define CAPBIT(c) (1ULL << (c))

/* Step 1: all uids and gids 0, so the caller can no longer signal or trace us and what we
 * create is root's. */
void privs_hold_root(void);
/* Step 7: keep CAP_SYS_ADMIN for setns, the tool's caps, and the id/bounding tools of step 9;
 * the bounding set becomes the tool's caps (for the supervisor and the child alike). */
void privs_reduce_for_setns(uint64_t toolcaps);
/* After setns: CAP_SYS_ADMIN is no longer needed by anyone. */
void privs_drop_sysadmin(uint64_t toolcaps);
/* The supervisor: no capability at all, empty bounding set, euid = the caller so it can signal
 * the tool, real and saved uid 0 so the caller cannot signal or ptrace it. */
void privs_supervisor(uid_t uid);
/* The tool's primary group: name must exist, have no members, and not be one of the caller's
 * (sub's) groups. Returns its gid; dies otherwise. */
gid_t privs_tool_group(const char *name, uid_t uid, gid_t gid, const gid_t *groups, int ngroups);
/* Step 9: the caller's uid for good, tool_gid as real, effective and saved group, the caller's
 * own groups (primary included) as supplementary ones, exactly toolcaps in every set, locked.
 * groups must have room for one more entry. */
void privs_become_caller(uid_t uid, gid_t gid, gid_t tool_gid, gid_t *groups, int ngroups,
			 uint64_t toolcaps);
/* Unprivileged modes (-C): the caller's ids for good and no capability. */
void privs_drop_all(uid_t uid, gid_t gid, const gid_t *groups, int ngroups);

/* Verify the current process holds exactly these capability sets (ambient == want too when
 * check_ambient). 0 when true. */
int privs_check_caps(uint64_t eff, uint64_t prm, uint64_t inh, int check_ambient);

#endif
