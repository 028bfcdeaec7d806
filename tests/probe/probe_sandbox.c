/* SPDX-License-Identifier: ISC */
/* probe_sandbox.c — the probe's checks of the seccomp profiles' finer refusals
 * (tests/adversarial): each attempt prints "NAME ok|<errno>".
 *   refusals   memfd_create, openat2, setsid, setpgid, PR_SET_PDEATHSIG 0, sendfile, splice,
 *              tee, vmsplice, copy_file_range, fallocate, io_setup (every profile)
 *   sockets    the socket families and types a profile allows, and whether anything can be
 *              sent or connected: unix, inet stream/raw/dccp/dgram, inet6 stream, packet,
 *              netlink; connect, sendto with an address, sendmsg on a datagram socket (to
 *              127.0.0.1 port 9 only: refused or not, nothing leaves the loopback) */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/if_ether.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "probe.h"

static void say(const char *name, long rc)
{
    printf("%s %s\n", name, rc >= 0 ? "ok" : errname(errno));
    fflush(stdout);
}

/* A call that made an fd: report it, then close it. */
static void say_fd(const char *name, long fd)
{
    say(name, fd);
    if (fd >= 0)
        close((int)fd);
}

int mode_refusals(int argc, char **argv)
{
    int p[2] = {-1, -1}, f = open("/dev/null", O_WRONLY | O_CLOEXEC);
    char how[24] = {0};
    unsigned long ctx = 0;

    (void)argc;
    (void)argv;
    say_fd("memfd_create", syscall(SYS_memfd_create, "x", 0));
    say_fd("openat2", syscall(SYS_openat2, AT_FDCWD, "/dev/null", how, sizeof(how)));
    say("setsid", setsid());
    say("setpgid", setpgid(0, 0));
    say("pdeathsig-clear", prctl(PR_SET_PDEATHSIG, 0, 0, 0, 0));
    if (pipe(p) != 0)
        return 1;
    say("sendfile", syscall(SYS_sendfile, f, p[0], NULL, 1));
    say("splice", syscall(SYS_splice, p[0], NULL, f, NULL, 1, SPLICE_F_NONBLOCK));
    say("tee", syscall(SYS_tee, p[0], p[1], 1, SPLICE_F_NONBLOCK));
    say("vmsplice", syscall(SYS_vmsplice, p[1], NULL, 0, 0));
    say("copy_file_range", syscall(SYS_copy_file_range, p[0], NULL, f, NULL, 1, 0));
    say("fallocate", syscall(SYS_fallocate, f, 0, 0, 1));
    say("io_setup", syscall(SYS_io_setup, 1, &ctx));
    return 0;
}

int mode_sockets(int argc, char **argv)
{
    struct sockaddr_in to = {.sin_family = AF_INET, .sin_port = htons(9)};
    struct iovec iov = {"x", 1};
    struct msghdr m = {.msg_name = &to, .msg_namelen = sizeof(to), .msg_iov = &iov,
                       .msg_iovlen = 1};
    int u;

    (void)argc;
    (void)argv;
    to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    say_fd("unix", socket(AF_UNIX, SOCK_STREAM, 0));
    say_fd("inet-stream", socket(AF_INET, SOCK_STREAM, 0));
    say_fd("inet-raw", socket(AF_INET, SOCK_RAW, IPPROTO_ICMP));
    say_fd("inet-dccp", socket(AF_INET, 6 /* SOCK_DCCP */, 0));
    say_fd("inet6-stream", socket(AF_INET6, SOCK_STREAM | SOCK_CLOEXEC, 0));
    say_fd("packet", socket(AF_PACKET, SOCK_RAW, htons(ETH_P_ALL)));
    say_fd("netlink", socket(AF_NETLINK, SOCK_RAW, 0));
    u = socket(AF_INET, SOCK_DGRAM, 0);
    say("inet-dgram", u);
    if (u < 0)
        return 0;
    say("sendto-addr", sendto(u, "x", 1, 0, (struct sockaddr *)&to, sizeof(to)));
    say("sendmsg", sendmsg(u, &m, 0));
    say("connect", connect(u, (struct sockaddr *)&to, sizeof(to)));
    close(u);
    return 0;
}
