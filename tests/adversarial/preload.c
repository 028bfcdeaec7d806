/* SPDX-License-Identifier: ISC */
/* preload.so — an LD_PRELOAD payload: its constructor creates MARKER (compiled in with
 * -DMARKER=...) naming the program it ran in. If it ever runs inside a tool that nscap
 * started, the environment was not built from scratch. */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

__attribute__((constructor)) static void payload(void)
{
    char exe[256] = "?";
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    int fd = open(MARKER, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0666);

    if (n > 0)
        exe[n] = '\0';
    if (fd >= 0) {
        (void)!write(fd, exe, strlen(exe));
        (void)!write(fd, "\n", 1);
        close(fd);
    }
}
