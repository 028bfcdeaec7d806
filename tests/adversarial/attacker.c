/* SPDX-License-Identifier: ISC */
/*
 * attacker — what a hostile caller does around nscap (tests/adversarial/run.sh).
 * Built by the suite (setup.sh) from attacker.c and attacker_ancestor.c, static. Output: "key
 * value" lines.
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

#include "attacker.h"

extern char **environ;

const char *errname(int e)
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

const char *res(long rc)
{
    return errname(rc < 0 ? errno : 0);
}

int64_t now_us(void)
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
