/* SPDX-License-Identifier: ISC */
/* probe_attack.c — the probe's attack modes (tests/adversarial): each attempt prints
 * "NAME RESULT"; an exec that works replaces the probe with "/bin/sh -c 'echo execve-succeeded'".
 * probe.c lists them. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <linux/capability.h>
#include <unistd.h>

#include "probe.h"

static char sh_path[] = "/bin/sh";
static char sh_c[] = "-c";
static char sh_cmd[] = "echo execve-succeeded";
static char *sh_argv[] = {sh_path, sh_c, sh_cmd, NULL};
static char sh_env0[] = "PATH=/usr/bin:/bin";
static char *sh_envp[] = {sh_env0, NULL};

static void result(const char *name, long rc)
{
    printf("%s %s\n", name, errname(rc < 0 ? errno : 0));
    fflush(stdout);
}

int mode_x32_execve(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    printf("x32-execve attempt\n");
    fflush(stdout);
    errno = 0;
    long rc = syscall(520 | 0x40000000, sh_path, sh_argv, sh_envp);
    result("x32-execve", rc);
    return 0;
}

/* i386 execve through int $0x80: pointers are truncated to 32 bits, so everything lives in
 * the static (non-PIE) data segment, argv as 32-bit words. */
static uint32_t argv32[4], envp32[2];

int mode_int80_execve(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    if ((uintptr_t)sh_path > 0xffffffffu || (uintptr_t)argv32 > 0xffffffffu) {
        printf("int80-execve noaddr\n");
        return 0;
    }
    argv32[0] = (uint32_t)(uintptr_t)sh_path;
    argv32[1] = (uint32_t)(uintptr_t)sh_c;
    argv32[2] = (uint32_t)(uintptr_t)sh_cmd;
    argv32[3] = 0;
    envp32[0] = (uint32_t)(uintptr_t)sh_env0;
    envp32[1] = 0;
    printf("int80-execve attempt\n");
    fflush(stdout);
    long rc = 11; /* __NR_execve on i386 */
    __asm__ volatile("int $0x80"
                     : "+a"(rc)
                     : "b"((uint32_t)(uintptr_t)sh_path), "c"((uint32_t)(uintptr_t)argv32),
                       "d"((uint32_t)(uintptr_t)envp32)
                     : "memory", "cc", "r8", "r9", "r10", "r11");
    int r = (int)rc;
    printf("int80-execve %s\n", r < 0 ? errname(-r) : "ok");
    return 0;
}

static long xexecveat(int fd, const char *path, int flags)
{
    return syscall(SYS_execveat, fd, path, sh_argv, sh_envp, flags);
}

int mode_execveat(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    int fd = open(sh_path, O_PATH | O_CLOEXEC);
    result("open-sh", fd);
    if (fd < 0)
        return 1;
    result("execveat-newfd", xexecveat(fd, "", AT_EMPTY_PATH));
    result("dup2-1021", dup2(fd, 1021));
    result("execveat-1021", xexecveat(1021, "", AT_EMPTY_PATH));
    /* 1022 is nscap's error socket until the exec: out of the tool's reach like 1023 */
    result("dup2-1022", dup2(fd, 1022));
    long d = dup2(fd, 1023);
    result("dup2-1023", d);
    result("dupfd-1023", fcntl(fd, F_DUPFD, 1023));
    struct rlimit rl = {1024, 1024};
    result("raise-nofile", setrlimit(RLIMIT_NOFILE, &rl));
    if (d == 1023) {
        result("execveat-1023-dup", xexecveat(1023, "", AT_EMPTY_PATH));
        close(1023);
    }
    result("execveat-1023-closed", xexecveat(1023, "", AT_EMPTY_PATH));
    result("execveat-path", xexecveat(AT_FDCWD, sh_path, 0));
    result("execveat-1023-path", xexecveat(1023, sh_path, 0));
    /* dirfd is ignored for an absolute path: fd 1023 and AT_EMPTY_PATH must not be enough */
    result("execveat-1023-abspath", xexecveat(1023, sh_path, AT_EMPTY_PATH));
    /* The one path pointer nscap's filter allows: the second byte of the highest page below
     * vm.mmap_min_addr (never NULL, even where that page is page 0). The tool cannot map it,
     * so a string can never be put there again. NULL itself is refused. */
    {
        FILE *f = fopen("/proc/sys/vm/mmap_min_addr", "r");
        unsigned long min = 0, low;
        if (f) {
            if (fscanf(f, "%lu", &min) != 1)
                min = 0;
            fclose(f);
        }
        low = (min - 1) & ~4095UL;
        void *p = mmap((void *)low, 4096, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
        result("map-lowpage", p == MAP_FAILED ? -1 : 0);
        if (p != MAP_FAILED)
            memcpy(p, "/bin/sh", 8);
        result("execveat-1023-lowpage", syscall(SYS_execveat, 1023, low + 1, sh_argv, sh_envp,
                                                AT_EMPTY_PATH));
        result("execveat-1023-null", syscall(SYS_execveat, 1023, NULL, sh_argv, sh_envp,
                                             AT_EMPTY_PATH));
    }
    return 0;
}

/* After a fork-like call: the child leaves at once, the parent reports. */
static void reap(const char *name, long rc)
{
    int e = errno;
    if (rc == 0)
        _exit(0);
    if (rc > 0)
        waitpid((pid_t)rc, NULL, 0);
    errno = e;
    result(name, rc);
}

/* execveat(1023, PATH, ...AT_EMPTY_PATH): the kernel ignores the fd for an absolute PATH. */
int mode_execveat_abs(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "probe: execveat-abs PATH [ARG...]\n");
        return 2;
    }
    fflush(stdout);
    result("execveat-abs", syscall(SYS_execveat, 1023, argv[2], argv + 2, environ, AT_EMPTY_PATH));
    return 0;
}

static long cap_set(uint64_t eff, uint64_t prm, uint64_t inh)
{
    struct __user_cap_header_struct h = {_LINUX_CAPABILITY_VERSION_3, 0};
    struct __user_cap_data_struct c[2] = {
        {(uint32_t)eff, (uint32_t)prm, (uint32_t)inh},
        {(uint32_t)(eff >> 32), (uint32_t)(prm >> 32), (uint32_t)(inh >> 32)},
    };
    return syscall(SYS_capset, &h, c);
}

int mode_escapes(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    pid_t pp = getppid();
    char path[64], buf[64];
    long rc;
    int fd;

    printf("ppid %d\n", (int)pp);
    fflush(stdout);
    rc = syscall(SYS_clone, CLONE_NEWUSER | SIGCHLD, 0, 0, 0, 0);
    reap("clone-newuser", rc);
    rc = syscall(SYS_clone, CLONE_NEWNET | SIGCHLD, 0, 0, 0, 0);
    reap("clone-newnet", rc);
    rc = syscall(SYS_fork);
    reap("fork", rc);
    {
        uint64_t args[11] = {0};
        args[0] = CLONE_NEWUSER;
        args[4] = SIGCHLD;
        rc = syscall(SYS_clone3, args, sizeof(args));
        reap("clone3", rc);
    }
    fd = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
    result("setns", syscall(SYS_setns, fd, CLONE_NEWNET));
    close(fd);
    result("mount", mount("none", "/tmp", "tmpfs", 0, NULL));
    result("umount", umount2("/proc", MNT_DETACH));
    result("chroot", chroot("/"));
    {
        char attr[128] = {0};
        result("bpf", syscall(SYS_bpf, 5 /* BPF_PROG_LOAD */, attr, sizeof(attr)));
    }
    {
        char params[120] = {0};
        result("io_uring_setup", rc = syscall(SYS_io_uring_setup, 1, params));
        if (rc >= 0)
            close((int)rc);
    }
    result("userfaultfd", rc = syscall(SYS_userfaultfd, 0));
    if (rc >= 0)
        close((int)rc);
    result("keyctl", syscall(SYS_keyctl, 0 /* GET_KEYRING_ID */, -3 /* session */, 0));
    result("add_key", syscall(SYS_add_key, "user", "nscapt", "x", 1, -3));
    {
        char attr[128] = {0};
        result("perf_event_open", rc = syscall(SYS_perf_event_open, attr, 0, -1, -1, 0));
        if (rc >= 0)
            close((int)rc);
    }
    result("personality", syscall(SYS_personality, 0x0040000 /* ADDR_NO_RANDOMIZE */));
    {
        char c = 'x';
        result("tiocsti", ioctl(0, TIOCSTI, &c));
    }
    result("capset-sys-admin", cap_set(1ULL << CAP_SYS_ADMIN | 1ULL << CAP_NET_RAW,
                                       1ULL << CAP_SYS_ADMIN | 1ULL << CAP_NET_RAW, 0));
    result("ambient-raise-sys-admin",
           prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, CAP_SYS_ADMIN, 0, 0));
    result("inheritable-sys-admin", cap_set(1ULL << CAP_NET_RAW, 1ULL << CAP_NET_RAW,
                                            1ULL << CAP_SYS_ADMIN | 1ULL << CAP_NET_RAW));
    result("securebits-unlock", prctl(PR_SET_SECUREBITS, 0, 0, 0, 0));
    result("setuid0", setuid(0));
    result("setgid0", setgid(0));
    result("setresuid0", setresuid(0, 0, 0));
    result("setgroups0", setgroups(1, (gid_t[]){0}));
    result("ptrace-traceme", ptrace(PTRACE_TRACEME, 0, NULL, NULL));
    result("ptrace-parent", ptrace(PTRACE_ATTACH, pp, NULL, NULL));
    {
        struct iovec l = {buf, sizeof(buf)}, r = {(void *)0x400000, sizeof(buf)};
        result("vmread-parent", process_vm_readv(pp, &l, 1, &r, 1, 0));
    }
    fd = (int)syscall(SYS_pidfd_open, pp, 0);
    result("pidfd-open-parent", fd);
    if (fd >= 0) {
        result("pidfd-getfd-parent", rc = syscall(SYS_pidfd_getfd, fd, 0, 0));
        if (rc >= 0)
            close((int)rc);
        close(fd);
    }
    snprintf(path, sizeof path, "/proc/%d/mem", (int)pp);
    result("mem-parent", rc = open(path, O_RDONLY | O_CLOEXEC));
    if (rc >= 0)
        close((int)rc);
    snprintf(path, sizeof path, "/proc/%d/environ", (int)pp);
    result("environ-parent", rc = open(path, O_RDONLY | O_CLOEXEC));
    if (rc >= 0)
        close((int)rc);
    result("kill-stop-parent", kill(pp, SIGSTOP));
    result("kill-kill-parent", kill(pp, SIGKILL));
    return 0;
}
