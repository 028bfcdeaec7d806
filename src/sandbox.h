/* The tool's seccomp filter, loaded last before exec (DESIGN.md step 9). */
#ifndef NSCAP_SANDBOX_H
#define NSCAP_SANDBOX_H

/* The one fd the tool is executed from. It sits at the top of the fd table and RLIMIT_NOFILE is
 * lowered below it, so after the exec no process can ever hold an fd with that number again. */
#define SANDBOX_EXEC_FD 1023

/* Load the default filter: dangerous calls and new processes (threads are fine) fail with
 * EPERM, clone3 with ENOSYS, other
 * architectures and x32 are killed, and the only exec allowed is
 * execveat(SANDBOX_EXEC_FD, "", ..., AT_EMPTY_PATH). A profile other than SECCOMP_DEFAULT
 * (policy.h) also limits which sockets the tool may open and refuses connect(). Dies on any
 * failure. */
void sandbox_load(int profile);

#endif
