/* SPDX-License-Identifier: ISC */
/*
 * faultexec — start a program as a user with a seccomp filter that makes one system call fail
 * (tests/limits/run.sh). Run as root:
 *
 *   faultexec FAULT USER DIR -- PATH [ARG...]
 *
 * Installs the filter while still root (CAP_SYS_ADMIN allows a filter without no_new_privs, and
 * a filter survives exec, setuid exec included), then becomes USER for good (initgroups,
 * setresgid, setresuid), changes to DIR and execs PATH with PATH=/usr/bin:/bin only. So the
 * setuid binary runs exactly as USER would start it, except that, from its first instruction:
 *
 *   none      acct() fails with EPERM (a syscall nscap never makes: the positive control)
 *   setns     setns() fails with ENOSYS
 *   fork      fork() and vfork() fail with EAGAIN, clone() without CLONE_THREAD with EAGAIN,
 *             clone3() with ENOSYS (so a libc falls back to the calls above)
 *   execveat  execveat() fails with ENOENT
 *   seccomp   seccomp() and prctl(PR_SET_SECCOMP) fail with EINVAL: no further filter loads
 *
 * RLIMIT_NPROC cannot make nscap's fork fail: nscap holds real uid 0 during setup, and root's
 * process count is not limited. A filter is the only way to inject that fault for real.
 * Errors: "faultexec: ..." on stderr, exit 126 (setup) or 127 (exec).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <grp.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <pwd.h>
#include <sched.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#define LD_NR BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr))
#define LD_ARCH BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch))
#define LD_ARG0_LO BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[0]))
#define RET(v) BPF_STMT(BPF_RET | BPF_K, (v))
#define ERRNO(e) (SECCOMP_RET_ERRNO | ((e) & SECCOMP_RET_DATA))
/* if nr == N: return R (two instructions) */
#define NR_RET(n, r) BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (n), 0, 1), RET(r)

static void die(const char *what)
{
    fprintf(stderr, "faultexec: %s: %s\n", what, strerror(errno));
    exit(126);
}

static void install(const char *fault)
{
    /* Every program: check the architecture (anything but x86_64 passes untouched: nscap
     * kills other ABIs itself), then the fault's rules, then allow. */
    struct sock_filter none[] = {
        LD_ARCH, BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0), RET(SECCOMP_RET_ALLOW),
        LD_NR, NR_RET(__NR_acct, ERRNO(EPERM)), RET(SECCOMP_RET_ALLOW),
    };
    struct sock_filter setns[] = {
        LD_ARCH, BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0), RET(SECCOMP_RET_ALLOW),
        LD_NR, NR_RET(__NR_setns, ERRNO(ENOSYS)), RET(SECCOMP_RET_ALLOW),
    };
    struct sock_filter fork[] = {
        LD_ARCH, BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0), RET(SECCOMP_RET_ALLOW),
        LD_NR,
        NR_RET(__NR_fork, ERRNO(EAGAIN)),
        NR_RET(__NR_vfork, ERRNO(EAGAIN)),
        NR_RET(__NR_clone3, ERRNO(ENOSYS)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_clone, 0, 4),
        LD_ARG0_LO,
        BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, CLONE_THREAD, 0, 1), /* a thread: allowed */
        RET(SECCOMP_RET_ALLOW),
        RET(ERRNO(EAGAIN)),
        RET(SECCOMP_RET_ALLOW),
    };
    struct sock_filter execveat[] = {
        LD_ARCH, BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0), RET(SECCOMP_RET_ALLOW),
        LD_NR, NR_RET(__NR_execveat, ERRNO(ENOENT)), RET(SECCOMP_RET_ALLOW),
    };
    struct sock_filter seccomp[] = {
        LD_ARCH, BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0), RET(SECCOMP_RET_ALLOW),
        LD_NR,
        NR_RET(__NR_seccomp, ERRNO(EINVAL)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_prctl, 0, 3),
        LD_ARG0_LO,
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, PR_SET_SECCOMP, 0, 1),
        RET(ERRNO(EINVAL)),
        RET(SECCOMP_RET_ALLOW),
    };
    struct sock_fprog prog;

#define USE(f) (prog = (struct sock_fprog){sizeof(f) / sizeof((f)[0]), (f)})
    if (!strcmp(fault, "none"))
        USE(none);
    else if (!strcmp(fault, "setns"))
        USE(setns);
    else if (!strcmp(fault, "fork"))
        USE(fork);
    else if (!strcmp(fault, "execveat"))
        USE(execveat);
    else if (!strcmp(fault, "seccomp"))
        USE(seccomp);
    else {
        fprintf(stderr, "faultexec: unknown fault %s\n", fault);
        exit(126);
    }
    /* Root, no no_new_privs: the filter does not stop a later setuid exec from gaining. */
    if (syscall(__NR_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) != 0)
        die("seccomp");
}

int main(int argc, char **argv)
{
    static char *env[] = {"PATH=/usr/bin:/bin", NULL};
    struct passwd *pw;
    uid_t uid;
    gid_t gid;

    if (argc < 6 || strcmp(argv[4], "--") != 0) {
        fprintf(stderr, "usage: faultexec FAULT USER DIR -- PATH [ARG...]\n");
        return 126;
    }
    pw = getpwnam(argv[2]);
    if (!pw) {
        fprintf(stderr, "faultexec: no user %s\n", argv[2]);
        return 126;
    }
    uid = pw->pw_uid;
    gid = pw->pw_gid;
    if (initgroups(argv[2], gid) != 0)
        die("initgroups");
    install(argv[1]);
    if (setresgid(gid, gid, gid) != 0)
        die("setresgid");
    if (setresuid(uid, uid, uid) != 0)
        die("setresuid");
    if (chdir(argv[3]) != 0)
        die("chdir");
    execve(argv[5], argv + 5, env);
    fprintf(stderr, "faultexec: exec %s: %s\n", argv[5], strerror(errno));
    return 127;
}
