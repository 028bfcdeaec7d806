/* SPDX-License-Identifier: ISC */
/*
 * attacker — what a hostile caller does around nscap (tests/adversarial/run.sh).
 * Built by the suite: gcc -static -O2 -o attacker attacker.c. Output: "key value" lines.
 *
 *   exec [-0] [-a ARGV0] [-c] [-f] [--] PATH [ARG...]
 *        exec PATH the hostile way: -0 argc == 0 (the ARGs become the environment, as PwnKit
 *        exploits), -a an odd argv[0], -f fds 3..1023 open (a directory, a file, a pipe, a
 *        socket), -c fds 0, 1 and 2 closed.
 *   ancestor PATH [ARG...]
 *        run PATH as a child (ptrace_scope-proof: we are its ancestor). As soon as the child
 *        has become setuid (euid 0 in /proc/PID/status) and until its setup ends, keep trying
 *        ptrace, /proc/PID/mem, process_vm_readv and SIGSTOP on it ("setup-*" counts, and
 *        "setup-stop-after-setresuid": stops accepted when its real uid was 0 already); then
 *        attack the supervisor ("*-sup") and the tool ("*-tool") once each; "status" last.
 *   killrace N MAXUS PATH [ARG...]
 *        N runs of PATH; each is sent SIGKILL (odd runs) or SIGSTOP then SIGCONT (even runs)
 *        after a random delay of up to MAXUS microseconds: "run I SIG kill=ERR status=..."
 *   swap A B MS
 *        (as root) atomically exchange files A and B (renameat2 RENAME_EXCHANGE) for MS ms.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static const char *errname(int e)
{
    static char buf[32];
    const char *n;

    if (e == 0)
        return "ok";
    n = strerrorname_np(e);
    if (n)
        return n;
    snprintf(buf, sizeof buf, "errno%d", e);
    return buf;
}

static const char *res(long rc)
{
    return errname(rc < 0 ? errno : 0);
}

static int64_t now_us(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* ------------------------------------------------------------------ exec */

static void fill_fds(void)
{
    struct rlimit rl;
    int base[6], nb = 0, p[2], sp[2];

    if (getrlimit(RLIMIT_NOFILE, &rl) == 0) {
        rl.rlim_cur = rl.rlim_max < 1024 ? rl.rlim_max : 1024;
        setrlimit(RLIMIT_NOFILE, &rl);
    }
    base[nb++] = open("/", O_RDONLY | O_DIRECTORY);
    base[nb++] = open("/etc/passwd", O_RDONLY);
    if (pipe(p) == 0) {
        base[nb++] = p[0];
        base[nb++] = p[1];
    }
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, sp) == 0) {
        base[nb++] = sp[0];
        base[nb++] = sp[1];
    }
    for (int fd = 3, i = 0; fd < 1024; fd++, i++) {
        int src = base[i % nb];

        if (src >= 0 && src != fd && fcntl(fd, F_GETFD) < 0)
            dup2(src, fd);
    }
}

static int cmd_exec(int argc, char **argv)
{
    int argc0 = 0, close012 = 0, fill = 0, i = 2;
    const char *argv0 = NULL;

    /* options up to "--" or the first word not starting with '-' (PATH) */
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (!strcmp(argv[i], "--")) {
            i++;
            break;
        }
        if (!strcmp(argv[i], "-0"))
            argc0 = 1;
        else if (!strcmp(argv[i], "-c"))
            close012 = 1;
        else if (!strcmp(argv[i], "-f"))
            fill = 1;
        else if (!strcmp(argv[i], "-a") && i + 1 < argc)
            argv0 = argv[++i];
        else {
            fprintf(stderr, "attacker exec: bad option %s\n", argv[i]);
            return 2;
        }
    }
    if (i >= argc) {
        fprintf(stderr, "attacker exec: no PATH\n");
        return 2;
    }
    char *path = argv[i];
    char **args = argv + i;
    if (fill)
        fill_fds();
    if (close012) {
        close(0);
        close(1);
        close(2);
    }
    if (argc0) {
        char *none[] = {NULL};
        execve(path, none, args + 1); /* argv empty; the rest is envp */
    } else {
        if (argv0)
            args[0] = (char *)argv0;
        execve(path, args, environ);
    }
    if (!close012)
        fprintf(stderr, "attacker exec: %s: %s\n", path, strerror(errno));
    return 127;
}

/* ------------------------------------------------------------------ ancestor */

/* Field N (1-based, after the "Name:") of a /proc/PID/status line, e.g. Uid euid = 2. */
static long status_field(pid_t pid, const char *key, int n)
{
    char path[64], line[512];
    size_t kl = strlen(key);
    long v = -1;
    FILE *f;

    snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
    f = fopen(path, "re");
    if (!f)
        return -1;
    while (fgets(line, sizeof line, f))
        if (!strncmp(line, key, kl) && line[kl] == ':') {
            char *p = line + kl + 1;
            for (int i = 1; i <= n; i++) {
                char *end;
                v = strtol(p, &end, 10);
                if (end == p) {
                    v = -1;
                    break;
                }
                p = end;
            }
            break;
        }
    fclose(f);
    return v;
}

/* Field N of a status line read through an fd kept open (pread: no open per poll). */
static long fd_status_field(int fd, const char *key, int n)
{
    char buf[4096], *p;
    size_t kl = strlen(key);
    ssize_t r = pread(fd, buf, sizeof buf - 1, 0);
    long v = -1;

    if (r <= 0)
        return -1;
    buf[r] = '\0';
    for (p = buf; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
        if (!strncmp(p, key, kl) && p[kl] == ':') {
            p += kl + 1;
            for (int i = 1; i <= n; i++) {
                char *end;
                v = strtol(p, &end, 10);
                if (end == p)
                    return -1;
                p = end;
            }
            return v;
        }
    return -1;
}

/* The first letter of the State: line (R, S, T, Z...), or 0. */
static char status_state(pid_t pid)
{
    char path[64], line[256], c = 0;
    FILE *f;

    snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
    f = fopen(path, "re");
    if (!f)
        return 0;
    while (fgets(line, sizeof line, f))
        if (!strncmp(line, "State:", 6)) {
            char *p = line + 6;
            while (*p == ' ' || *p == '\t')
                p++;
            c = *p;
            break;
        }
    fclose(f);
    return c;
}

static pid_t child_of(pid_t parent)
{
    DIR *d = opendir("/proc");
    struct dirent *e;
    pid_t found = 0;

    if (!d)
        return 0;
    while (!found && (e = readdir(d))) {
        pid_t p = (pid_t)atoi(e->d_name);
        if (p > 0 && status_field(p, "PPid", 1) == parent)
            found = p;
    }
    closedir(d);
    return found;
}

static int try_ptrace(pid_t pid, int seize)
{
    long rc = ptrace(seize ? PTRACE_SEIZE : PTRACE_ATTACH, pid, NULL, NULL);
    int e = errno;

    if (rc == 0) {
        if (!seize)
            waitpid(pid, NULL, __WALL);
        ptrace(PTRACE_DETACH, pid, NULL, NULL);
    }
    errno = e;
    return (int)rc;
}

static int try_open(pid_t pid, const char *what)
{
    char path[64];
    int fd;

    snprintf(path, sizeof path, "/proc/%d/%s", (int)pid, what);
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
        char b[64];
        /* opening is not enough for mem: reading is the attack */
        ssize_t n = strcmp(what, "mem") ? read(fd, b, sizeof b) : 0;
        close(fd);
        if (n < 0)
            return -1;
    }
    return fd < 0 ? -1 : 0;
}

static int try_vmread(pid_t pid)
{
    char b[64];
    struct iovec l = {b, sizeof b}, r = {(void *)0x400000, sizeof b};
    /* EFAULT would mean the permission check passed and only the address was wrong */
    return (int)process_vm_readv(pid, &l, 1, &r, 1, 0);
}

static int try_getfd(pid_t pid)
{
    int pfd = (int)syscall(SYS_pidfd_open, pid, 0), fd;

    if (pfd < 0)
        return -1;
    fd = (int)syscall(SYS_pidfd_getfd, pfd, 0, 0);
    if (fd >= 0)
        close(fd);
    {
        int e = errno;
        close(pfd);
        errno = e;
    }
    return fd < 0 ? -1 : 0;
}

static void attack(pid_t pid, const char *who, int signals)
{
    printf("ptrace-attach-%s %s\n", who, res(try_ptrace(pid, 0)));
    printf("ptrace-seize-%s %s\n", who, res(try_ptrace(pid, 1)));
    printf("vmread-%s %s\n", who, res(try_vmread(pid)));
    printf("pidfd-getfd-%s %s\n", who, res(try_getfd(pid)));
    printf("mem-%s %s\n", who, res(try_open(pid, "mem")));
    printf("environ-%s %s\n", who, res(try_open(pid, "environ")));
    if (signals) {
        long rc = kill(pid, SIGSTOP);
        printf("kill-stop-%s %s\n", who, res(rc));
        if (rc == 0)
            kill(pid, SIGCONT);
        printf("kill-term-%s %s\n", who, res(kill(pid, SIGTERM)));
        printf("kill-kill-%s %s\n", who, res(kill(pid, SIGKILL)));
    }
    fflush(stdout);
}

static int cmd_ancestor(int argc, char **argv)
{
    pid_t pid, tool = 0;
    int64_t deadline;
    long tries = 0, ok_ptrace = 0, ok_mem = 0, ok_vm = 0, ok_stop = 0, ok_stop_late = 0;
    long ok_stop_landed = 0;
    int st = 0, caught = 0, exited = 0, sfd;

    if (argc < 3)
        return 2;
    fflush(stdout);
    pid = fork();
    if (pid < 0)
        return 1;
    if (pid == 0) {
        execv(argv[2], argv + 2);
        _exit(127);
    }
    deadline = now_us() + 10 * 1000000;
    {
        char path[64];
        snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
        sfd = open(path, O_RDONLY | O_CLOEXEC);
    }
    /* Wait for the setuid exec (euid 0), then attack without pause until setup ends (the
     * tool exists) or the supervisor drops its euid back to the caller's. */
    while (now_us() < deadline && !exited) {
        long euid = fd_status_field(sfd, "Uid", 2);

        if (waitpid(pid, &st, WNOHANG) == pid) {
            exited = 1;
            break;
        }
        if (euid == 0) {
            caught = 1;
            break;
        }
        if (fd_status_field(sfd, "Uid", 1) == 0) /* too late: the supervisor already */
            break;
    }
    /* /proc/PID/status is cheap; scanning /proc for the tool is not: the setup window (euid
     * 0) ends when the supervisor takes the caller's euid again. */
    while (caught && now_us() < deadline) {
        tries++;
        if (try_ptrace(pid, 1) == 0)
            ok_ptrace++;
        if (try_open(pid, "mem") == 0)
            ok_mem++;
        if (try_vmread(pid) == 0 || errno == EFAULT)
            ok_vm++;
        long ruid_before = fd_status_field(sfd, "Uid", 1);
        if (kill(pid, SIGSTOP) == 0) {
            /* Accepted although the real uid was already 0: the early setresuid did not
             * protect it. (A stop accepted just before may still land just after it.) */
            int64_t until = now_us() + 100000;
            while (now_us() < until && status_state(pid) != 'T')
                ;
            ok_stop++;
            if (ruid_before == 0)
                ok_stop_late++;
            else if (status_state(pid) == 'T' && fd_status_field(sfd, "Uid", 1) == 0)
                ok_stop_landed++;
            kill(pid, SIGCONT);
        }
        if (fd_status_field(sfd, "Uid", 2) != 0)
            break;
    }
    printf("setup-window %s\nsetup-tries %ld\nsetup-ptrace %ld\nsetup-mem %ld\n"
           "setup-vmread %ld\nsetup-stop %ld\nsetup-stop-after-setresuid %ld\n"
           "setup-stop-landed-after-setresuid %ld\n",
           caught ? "caught" : "missed", tries, ok_ptrace, ok_mem, ok_vm, ok_stop, ok_stop_late,
           ok_stop_landed);
    /* The tool: the supervisor's child once its seccomp filter is in (exec comes next). */
    while (!exited && now_us() < deadline) {
        pid_t t = child_of(pid);

        if (t && status_field(t, "Seccomp", 1) == 2) {
            tool = t;
            break;
        }
        if (waitpid(pid, &st, WNOHANG) == pid)
            exited = 1;
    }
    if (!tool) {
        printf("tool none\n");
    } else {
        usleep(300000);
        printf("sup %d\ntool %d\n", (int)pid, (int)tool);
        attack(pid, "sup", 1);
        attack(tool, "tool", 0);
    }
    if (!exited)
        waitpid(pid, &st, 0);
    if (WIFEXITED(st))
        printf("status exit:%d\n", WEXITSTATUS(st));
    else
        printf("status signal:%d\n", WTERMSIG(st));
    return 0;
}

/* ------------------------------------------------------------------ killrace */

static int cmd_killrace(int argc, char **argv)
{
    int n, maxus;

    if (argc < 5)
        return 2;
    n = atoi(argv[2]);
    maxus = atoi(argv[3]);
    srand((unsigned)(getpid() ^ (unsigned)now_us()));
    for (int i = 0; i < n; i++) {
        /* delays spread over orders of magnitude: most of setup takes well under MAXUS */
        int sig = i % 2 ? SIGKILL : SIGSTOP, st = 0;
        int delay = rand() % (1 + (maxus >> (rand() % 10)));
        long rc;
        pid_t pid, w = 0;
        int64_t deadline;

        fflush(stdout);
        pid = fork();
        if (pid < 0)
            return 1;
        if (pid == 0) {
            int null = open("/dev/null", O_RDWR);
            dup2(null, 1);
            dup2(null, 2);
            execv(argv[4], argv + 4);
            _exit(127);
        }
        usleep((useconds_t)delay);
        rc = kill(pid, sig);
        int e = rc ? errno : 0;
        if (sig == SIGSTOP && rc == 0) {
            usleep(20000);
            kill(pid, SIGCONT); /* same session: always allowed */
        }
        deadline = now_us() + 20 * 1000000;
        while (now_us() < deadline && (w = waitpid(pid, &st, WNOHANG)) == 0)
            usleep(2000);
        printf("run %d %s delay=%d kill=%s status=", i, sig == SIGKILL ? "KILL" : "STOP", delay,
               errname(e));
        if (w != pid) {
            printf("hung\n");
            kill(pid, SIGCONT);
            waitpid(pid, &st, 0);
        } else if (WIFEXITED(st))
            printf("exit:%d\n", WEXITSTATUS(st));
        else
            printf("signal:%d\n", WTERMSIG(st));
    }
    return 0;
}

/* ------------------------------------------------------------------ swap */

static int cmd_swap(int argc, char **argv)
{
    int64_t end;
    long n = 0, bad = 0;

    if (argc < 5)
        return 2;
    end = now_us() + (int64_t)atoi(argv[4]) * 1000;
    while (now_us() < end) {
        if (syscall(SYS_renameat2, AT_FDCWD, argv[2], AT_FDCWD, argv[3], 2 /* RENAME_EXCHANGE */) == 0)
            n++;
        else
            bad++;
        usleep(100);
    }
    printf("swaps %ld\nswap-errors %ld\n", n, bad);
    /* An odd count leaves the files exchanged: put them back. */
    if (n % 2)
        syscall(SYS_renameat2, AT_FDCWD, argv[2], AT_FDCWD, argv[3], 2);
    return bad != 0;
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return 2;
    if (!strcmp(argv[1], "exec"))
        return cmd_exec(argc, argv);
    if (!strcmp(argv[1], "ancestor"))
        return cmd_ancestor(argc, argv);
    if (!strcmp(argv[1], "killrace"))
        return cmd_killrace(argc, argv);
    if (!strcmp(argv[1], "swap"))
        return cmd_swap(argc, argv);
    fprintf(stderr, "attacker: unknown command %s\n", argv[1]);
    return 2;
}
