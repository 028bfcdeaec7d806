/* SPDX-License-Identifier: ISC */
/* The tool's seccomp filter, loaded last before exec (docs/DESIGN.md, "Privilege flow", step 9). */
#ifndef NSCAP_SANDBOX_H
#define NSCAP_SANDBOX_H

/* The one fd the tool is executed from. It sits at the top of the fd table and RLIMIT_NOFILE is
 * lowered below it, so after the exec no process can ever hold an fd with that number again. */
#define SANDBOX_EXEC_FD 1023
/* The child's error pipe to the supervisor until the exec; writes to it are never held for the
 * supervisor's answer (sandbox_load_notify()). */
#define SANDBOX_REPORT_FD 1022
/* The tool's RLIMIT_NOFILE at most: its fds are 0 to 1021, so it can never hold either. */
#define SANDBOX_TOOL_FDS 1022

/* The empty path execveat() is given lives in a page below vm.mmap_min_addr, mapped while
 * nscap still holds CAP_SYS_RAWIO: the filter allows execveat only with that pointer, and
 * after the exec no process without CAP_SYS_RAWIO can map anything there again. (The kernel
 * ignores the fd of execveat for an absolute path, so the fd check alone is not enough.)
 * Maps it and returns the path's address, which is never 0; dies on failure. */
unsigned long sandbox_map_exec_path(void);
/* Remove it again (the supervisor has no use for it). */
void sandbox_unmap_exec_path(unsigned long path);

/* Load the default filter: dangerous calls and new processes (threads are fine) fail with
 * EPERM, clone3 with ENOSYS, other
 * architectures and x32 are killed, and the only exec allowed is
 * execveat(SANDBOX_EXEC_FD, "", ..., AT_EMPTY_PATH). A profile other than SECCOMP_DEFAULT
 * (policy.h) also limits which sockets the tool may open and refuses connect(). Dies on any
 * failure. */
void sandbox_load(int profile, unsigned long exec_path);

#endif
