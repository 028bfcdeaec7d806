/* SPDX-License-Identifier: ISC */
/*
 * probe — reports the process state nscap handed to a tool.
 *
 * Built by the suites (tests/lib/setup.sh) as a static binary:
 *   gcc -static -O2 -o /opt/nscap-test/bin/probe tests/probe/probe.c tests/probe/probe_attack.c
 *
 * Output: one "key value" per line on stdout.
 *   uid euid suid fsuid gid egid sgid fsgid   from /proc/self/status Uid:/Gid:
 *   groups G1 G2 ...                          from Groups: (may be empty)
 *   CapInh CapPrm CapEff CapBnd CapAmb        hex, as in /proc/self/status
 *   NoNewPrivs Seccomp                        as in /proc/self/status
 *   fds 0 1 2                                 open fds (the readdir fd excluded)
 *   fd.N TARGET                               readlink of each open fd
 *   env NAME=VALUE                            each environment variable
 *   ns.net ns.mnt ns.pid ns.user ns.uts ns.ipc ns.cgroup   inode numbers
 *   cwd PATH
 *
 * argv[1] selects an extra mode, run after the report; each prints
 * "NAME RESULT" lines where RESULT is "ok" or an errno name:
 *   (none)          report only
 *   report          report only
 *   exec            execve("/bin/sh") -> "execve <errno>"
 *   marker FILE     create FILE (O_CREAT|O_EXCL) -> "marker ok|<errno>"; no report
 *   sleep N         report, then sleep N seconds
 *   setuid          try setuid(0), setgid(0) -> "setuid <errno>", "setgid <errno>"
 *   exit N          report, then exit with status N
 *   report-to FILE  the report written to FILE (O_CREAT|O_EXCL) instead of stdout; FILE's
 *                   own fd is left out of "fds" (for runs where stdout was closed)
 * Limit modes (tests/limits):
 *   msleep MS       no report; sleep MS milliseconds, exit 0 -> "msleep ok"
 *   sleep-noterm N  SIGTERM ignored, report, then sleep N seconds (a tool that will not stop)
 *   fill FILE N     write N bytes to FILE (O_CREAT|O_EXCL) in 4 KiB writes, SIGXFSZ as
 *                   inherited (default: the write past RLIMIT_FSIZE kills) -> "fill ok|<errno>",
 *                   "fill_bytes N" (bytes written); no report
 *   fill-noxfsz FILE N   the same with SIGXFSZ ignored: the write past the limit fails (EFBIG)
 *   fill-stdout FILE N   try to put FILE where stdout is (close(1) then open, dup2, dup3,
 *                   close_range) and fill fd 1 with N bytes; reports on stderr: "close1",
 *                   "dup2", "dup3", "close_range" (ok|errno), "file_fd N", then as fill
 * Attack modes (tests/adversarial): each attempt prints "NAME RESULT"; an exec that works
 * replaces the probe with "/bin/sh -c 'echo execve-succeeded'".
 *   x32-execve      execve through the x32 ABI (nr 520 | 0x40000000) -> expect SIGSYS
 *   int80-execve    execve through the i386 ABI (int $0x80, eax 11) -> expect SIGSYS
 *   execveat        execveat from a new fd, from fd 1021, dup onto 1022/1023, raising
 *                   RLIMIT_NOFILE, fd 1023 closed, by path, and fd 1023 with an absolute path
 *   execveat-abs PATH [ARG...]  execveat(1023, PATH, ARGs, env, AT_EMPTY_PATH)
 *   refusals, sockets   the seccomp profiles' finer refusals (probe_sandbox.c)
 *   escapes         namespaces, mount, bpf, io_uring, userfaultfd, keyrings, clone3, TIOCSTI,
 *                   capabilities, setuid, and ptrace/process_vm_readv/pidfd_getfd/proc mem/
 *                   environ/signals against the parent (nscap's supervisor)
 */
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

extern char **environ;

/* An fd of the probe's own (report-to's file) left out of the fd report. */
static int hide_fd = -1;

const char *errname(int e)
{
    if (e == 0)
        return "ok";
    const char *n = strerrorname_np(e);
    static char buf[32];
    if (n)
        return n;
    snprintf(buf, sizeof buf, "errno%d", e);
    return buf;
}

/* Print selected /proc/self/status lines. */
static void report_status(void)
{
    FILE *f = fopen("/proc/self/status", "re");
    char line[4096];
    if (!f) {
        printf("status_error %s\n", errname(errno));
        return;
    }
    while (fgets(line, sizeof line, f)) {
        char *nl = strchr(line, '\n');
        if (nl)
            *nl = 0;
        char *colon = strchr(line, ':');
        if (!colon)
            continue;
        *colon = 0;
        char *val = colon + 1;
        while (*val == ' ' || *val == '\t')
            val++;
        /* collapse tabs to single spaces */
        for (char *p = val; *p; p++)
            if (*p == '\t')
                *p = ' ';
        size_t len = strlen(val);
        while (len && val[len - 1] == ' ')
            val[--len] = 0;
        if (!strcmp(line, "Uid") || !strcmp(line, "Gid")) {
            static const char *uk[] = {"uid", "euid", "suid", "fsuid"};
            static const char *gk[] = {"gid", "egid", "sgid", "fsgid"};
            const char **k = line[0] == 'U' ? uk : gk;
            char *save = NULL, *tok = strtok_r(val, " ", &save);
            for (int i = 0; i < 4 && tok; i++, tok = strtok_r(NULL, " ", &save))
                printf("%s %s\n", k[i], tok);
        } else if (!strcmp(line, "Groups")) {
            printf("groups %s\n", val);
        } else if (!strcmp(line, "CapInh") || !strcmp(line, "CapPrm") ||
                   !strcmp(line, "CapEff") || !strcmp(line, "CapBnd") ||
                   !strcmp(line, "CapAmb") || !strcmp(line, "NoNewPrivs") ||
                   !strcmp(line, "Seccomp") || !strcmp(line, "Umask")) {
            printf("%s %s\n", line, val);
        }
    }
    fclose(f);
}

static void report_fds(void)
{
    DIR *d = opendir("/proc/self/fd");
    if (!d) {
        printf("fds_error %s\n", errname(errno));
        return;
    }
    int self = dirfd(d);
    int fds[1024];
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        int fd = atoi(e->d_name);
        if (fd == self || fd == hide_fd)
            continue;
        if (n < 1024)
            fds[n++] = fd;
    }
    /* sort for stable output */
    for (int i = 1; i < n; i++)
        for (int j = i; j > 0 && fds[j - 1] > fds[j]; j--) {
            int t = fds[j];
            fds[j] = fds[j - 1];
            fds[j - 1] = t;
        }
    printf("fds");
    for (int i = 0; i < n; i++)
        printf(" %d", fds[i]);
    printf("\n");
    for (int i = 0; i < n; i++) {
        char p[64], t[PATH_MAX];
        snprintf(p, sizeof p, "/proc/self/fd/%d", fds[i]);
        ssize_t l = readlink(p, t, sizeof t - 1);
        if (l < 0)
            snprintf(t, sizeof t, "?%s", errname(errno));
        else
            t[l] = 0;
        printf("fd.%d %s\n", fds[i], t);
    }
    closedir(d);
}

static void report_env(void)
{
    for (char **e = environ; e && *e; e++) {
        /* keep one line per variable even if a value holds a newline */
        printf("env ");
        for (const char *c = *e; *c; c++)
            putchar(*c == '\n' ? ' ' : *c);
        putchar('\n');
    }
}

static void report_ns(void)
{
    static const char *ns[] = {"net", "mnt", "pid", "user", "uts", "ipc", "cgroup"};
    for (size_t i = 0; i < sizeof ns / sizeof ns[0]; i++) {
        char p[64];
        struct stat st;
        snprintf(p, sizeof p, "/proc/self/ns/%s", ns[i]);
        if (stat(p, &st) == 0)
            printf("ns.%s %lu\n", ns[i], (unsigned long)st.st_ino);
        else
            printf("ns.%s error:%s\n", ns[i], errname(errno));
    }
}

void report(void)
{
    char cwd[PATH_MAX];
    report_status();
    report_fds();
    report_env();
    report_ns();
    if (getcwd(cwd, sizeof cwd))
        printf("cwd %s\n", cwd);
    else
        printf("cwd error:%s\n", errname(errno));
    fflush(stdout);
}

static int mode_exec(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    report();
    char *av[] = {"/bin/sh", "-c", "echo execve-succeeded", NULL};
    char *ev[] = {"PATH=/usr/bin:/bin", NULL};
    fflush(stdout);
    execve("/bin/sh", av, ev);
    printf("execve %s\n", errname(errno));
    return 0;
}

static int mode_marker(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "probe: marker FILE\n");
        return 2;
    }
    int fd = open(argv[2], O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    printf("marker %s\n", errname(fd < 0 ? errno : 0));
    if (fd >= 0) {
        if (write(fd, "probe\n", 6) != 6)
            printf("marker_write %s\n", errname(errno));
        close(fd);
    }
    return fd < 0 ? 1 : 0;
}

static int mode_sleep(int argc, char **argv)
{
    report();
    unsigned n = argc > 2 ? (unsigned)atoi(argv[2]) : 1000;
    while (n)
        n = sleep(n);
    return 0;
}

static int mode_setuid(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    report();
    printf("setgid %s\n", errname(setgid(0) ? errno : 0));
    printf("setuid %s\n", errname(setuid(0) ? errno : 0));
    return 0;
}

static int mode_exit(int argc, char **argv)
{
    report();
    return argc > 2 ? atoi(argv[2]) : 0;
}

static int mode_report(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    report();
    return 0;
}

static int mode_report_to(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "probe: report-to FILE\n");
        return 2;
    }
    int fd = open(argv[2], O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        printf("report-to %s\n", errname(errno));
        return 1;
    }
    FILE *f = fdopen(fd, "w");
    if (!f)
        return 1;
    hide_fd = fd;
    stdout = f;
    report();
    fclose(f);
    return 0;
}

/* ------------------------------------------------------------------ limit modes */

static int mode_msleep(int argc, char **argv)
{
    long ms = argc > 2 ? atol(argv[2]) : 100;
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
    printf("msleep ok\n");
    return 0;
}

static int mode_sleep_noterm(int argc, char **argv)
{
    signal(SIGTERM, SIG_IGN);
    return mode_sleep(argc, argv);
}

static int fill(int argc, char **argv)
{
    static char buf[4096];
    long long want, done = 0;
    int fd, err = 0;

    if (argc < 4) {
        fprintf(stderr, "probe: fill FILE BYTES\n");
        return 2;
    }
    want = atoll(argv[3]);
    fd = open(argv[2], O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        printf("fill %s\nfill_bytes 0\n", errname(errno));
        return 1;
    }
    memset(buf, 'x', sizeof buf);
    while (done < want) {
        size_t n = want - done < (long long)sizeof buf ? (size_t)(want - done) : sizeof buf;
        ssize_t w = write(fd, buf, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            err = w < 0 ? errno : EIO;
            break;
        }
        done += w;
    }
    close(fd);
    printf("fill %s\nfill_bytes %lld\n", errname(err), done);
    return 0;
}

static int mode_fill(int argc, char **argv)
{
    fflush(stdout);
    return fill(argc, argv);
}

static int mode_fill_noxfsz(int argc, char **argv)
{
    signal(SIGXFSZ, SIG_IGN);
    return fill(argc, argv);
}

/* A file on fd 1 would be a write the budget does not see as the tool's own file. */
static int mode_fill_stdout(int argc, char **argv)
{
    static char buf[4096];
    long long want = argc > 3 ? atoll(argv[3]) : 0, done = 0;
    int fd, r;

    if (argc < 4)
        return 2;
    signal(SIGXFSZ, SIG_IGN);
    fflush(stdout);
    fprintf(stderr, "close1 %s\n", errname(close(1) == 0 ? 0 : errno));
    fd = open(argv[2], O_WRONLY | O_CREAT | O_EXCL, 0600);
    fprintf(stderr, "file_fd %d\n", fd);
    if (fd < 0)
        return 1;
    r = dup2(fd, 1);
    fprintf(stderr, "dup2 %s\n", errname(r == 1 ? 0 : errno));
    r = dup3(fd, 2, 0);
    fprintf(stderr, "dup3 %s\n", errname(r == 2 ? 0 : errno));
    r = (int)syscall(SYS_close_range, 0U, 2U, 0U);
    fprintf(stderr, "close_range %s\n", errname(r == 0 ? 0 : errno));
    memset(buf, 'x', sizeof buf);
    while (done < want) {
        ssize_t w = write(1, buf, sizeof buf);
        if (w <= 0)
            break;
        done += w;
    }
    fprintf(stderr, "fill_bytes %lld\n", done);
    return 0;
}

int main(int argc, char **argv)
{
    static const struct {
        const char *name;
        int (*fn)(int, char **);
    } modes[] = {
        {"report", mode_report}, {"exec", mode_exec},     {"marker", mode_marker},
        {"sleep", mode_sleep},   {"setuid", mode_setuid}, {"exit", mode_exit},
        {"report-to", mode_report_to}, {"x32-execve", mode_x32_execve},
        {"int80-execve", mode_int80_execve}, {"execveat", mode_execveat},
        {"escapes", mode_escapes},     {"execveat-abs", mode_execveat_abs},
        {"msleep", mode_msleep},       {"sleep-noterm", mode_sleep_noterm},
        {"fill", mode_fill},           {"fill-noxfsz", mode_fill_noxfsz},
        {"fill-stdout", mode_fill_stdout}, {"refusals", mode_refusals},
        {"sockets", mode_sockets},
    };
    if (argc < 2)
        return mode_report(argc, argv);
    for (size_t i = 0; i < sizeof modes / sizeof modes[0]; i++)
        if (!strcmp(argv[1], modes[i].name)) {
            int rc = modes[i].fn(argc, argv);
            fflush(stdout);
            return rc;
        }
    fprintf(stderr, "probe: unknown mode %s\n", argv[1]);
    return 2;
}
