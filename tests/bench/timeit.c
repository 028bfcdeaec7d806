/* SPDX-License-Identifier: ISC */
/* timeit: run a command N times (fork, exec, wait), optionally as another user, and print the
 * median and 90th percentile wall time in microseconds. Used by tests/bench/run.sh.
 *   timeit [-u UID -g GID] [-o FILE] N CMD [ARG...]      prints: median_us p90_us failures
 * -o appends each run's "us status" to FILE, so that runs taken in several rounds can be
 * summed up together. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int cmp(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;
	return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
	uid_t uid = (uid_t)-1;
	gid_t gid = (gid_t)-1;
	int opt, n, fails = 0;
	const char *out = NULL;
	FILE *o = NULL;
	long *us;

	while ((opt = getopt(argc, argv, "+u:g:o:")) != -1) {
		if (opt == 'o')
			out = optarg;
		else if (opt == 'u')
			uid = (uid_t)atol(optarg);
		else if (opt == 'g')
			gid = (gid_t)atol(optarg);
		else
			return 2;
	}
	if (argc - optind < 2)
		return 2;
	n = atoi(argv[optind]);
	if (n < 1 || n > 100000)
		return 2;
	us = calloc((size_t)n, sizeof(*us));
	if (!us || (out && !(o = fopen(out, "ae"))))
		return 1;
	if (gid != (gid_t)-1 && (setgroups(1, &gid) != 0 || setresgid(gid, gid, gid) != 0))
		return 1;
	if (uid != (uid_t)-1 && setresuid(uid, uid, uid) != 0)
		return 1;
	for (int i = 0; i < n; i++) {
		struct timespec a, b;
		int st;
		pid_t p;

		clock_gettime(CLOCK_MONOTONIC, &a);
		p = fork();
		if (p == 0) {
			int fd = open("/dev/null", 1);
			dup2(fd, 1);
			dup2(fd, 2);
			execv(argv[optind + 1], argv + optind + 1);
			_exit(127);
		}
		if (p < 0 || waitpid(p, &st, 0) != p)
			return 1;
		clock_gettime(CLOCK_MONOTONIC, &b);
		if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
			fails++;
		us[i] = (b.tv_sec - a.tv_sec) * 1000000L + (b.tv_nsec - a.tv_nsec) / 1000;
		if (o)
			fprintf(o, "%ld %d\n", us[i], WIFEXITED(st) ? WEXITSTATUS(st) : 128);
	}
	if (o && fclose(o) != 0)
		return 1;
	qsort(us, (size_t)n, sizeof(*us), cmp);
	printf("%ld %ld %d\n", us[n / 2], us[(n * 9) / 10], fails);
	return 0;
}
