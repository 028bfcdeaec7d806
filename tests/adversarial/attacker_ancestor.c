/* SPDX-License-Identifier: ISC */
/* attacker_ancestor.c — `attacker ancestor` (attacker.c says what it does): the caller as
 * nscap's ancestor, attacking it during its setup, then the supervisor and the tool. */
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

int cmd_ancestor(int argc, char **argv)
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
