/* SPDX-License-Identifier: ISC */
/* Unit tests for src/alloc.c, nscap's malloc. The glibc test build keeps its own malloc (and
 * ASan's): alloc.c is compiled in here under other names. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util.h"
#include "t.h"

#define malloc a_malloc
#define free a_free
#define calloc a_calloc
#define realloc a_realloc
#include "../../src/alloc.c"
#undef malloc
#undef free
#undef calloc
#undef realloc

/* Run fn in a child; its exit status, or -1 if it did not exit. */
static int in_child(void (*fn)(void))
{
	int st;
	pid_t p = fork();

	if (p == 0) {
		fn();
		_exit(0);
	}
	if (p < 0 || waitpid(p, &st, 0) != p)
		return -2;
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void double_free(void)
{
	void *p = a_malloc(10);

	a_malloc(10); /* so the first is not popped */
	a_free(p);
	a_free(p);
}

static void foreign_free(void)
{
	static char x[64];

	a_free(x + 32);
}

static void popped_free(void)
{
	void *p = a_malloc(10);

	a_free(p);
	a_free(p);
}

static void smashed_free(void)
{
	char *p = a_malloc(16), *q = a_malloc(16);

	memset(p, 'A', 48); /* over q's header */
	a_free(q);
}

int main(void)
{
	unsigned char *a, *b, *c, *big;
	size_t top0;

	a = a_malloc(1);
	T_CHECK("alloc-aligned", a && ((uintptr_t)a & 15) == 0);
	b = a_malloc(100);
	T_CHECK("alloc-distinct", b && b >= a + 16);
	memset(a, 1, 1);
	memset(b, 2, 100);
	top0 = chunks[0].top;
	c = a_malloc(1000);
	a_free(c);
	T_EQ_INT("alloc-free-top-pops", (long long)chunks[0].top, (long long)top0);
	/* A block freed under a live one waits, then goes with it. */
	a_free(a);
	T_EQ_INT("alloc-free-below-waits", (long long)chunks[0].top, (long long)top0);
	a_free(b);
	T_EQ_INT("alloc-all-popped", (long long)chunks[0].top, 0);

	/* calloc zeroes memory handed out before, and trusts the kernel's above it. */
	a = a_malloc(256);
	memset(a, 0xff, 256);
	a_free(a);
	b = a_calloc(64, 8);
	{
		int zero = 1;

		for (int i = 0; i < 512; i++)
			zero &= b[i] == 0;
		T_CHECK("calloc-zeroes-reused", zero);
	}
	errno = 0;
	T_CHECK("calloc-overflow", a_calloc(SIZE_MAX / 2, 3) == NULL && errno == ENOMEM);
	T_CHECK("malloc-too-big", a_malloc(SIZE_MAX - 8) == NULL && errno == ENOMEM);
	T_CHECK("malloc-cap", a_malloc(MAX_TOTAL + 1) == NULL);

	/* realloc: in place on top, copied below. */
	c = a_realloc(b, 4096);
	T_CHECK("realloc-top-in-place", c == b);
	a = a_malloc(8);
	memcpy(a, "abcdefg", 8);
	b = a_realloc(a, 8);
	T_CHECK("realloc-same-size", b == a);
	c = a_realloc(c, 8192);
	T_CHECK("realloc-below-moves", c != NULL && c != b);
	T_CHECK("realloc-null-is-malloc", (a = a_realloc(NULL, 5)) != NULL);
	a_free(a);
	a_free(c);
	a_free(b);

	/* Bigger than a chunk: a new, larger chunk. */
	big = a_malloc(3 * FIRST_CHUNK);
	T_CHECK("alloc-big", big != NULL && nchunks >= 2);
	memset(big, 7, 3 * FIRST_CHUNK);
	a_free(big);
	/* Many allocate-free rounds reuse memory instead of growing. */
	{
		size_t before = total;

		for (int i = 0; i < 100000; i++) {
			void *p = a_malloc(5000), *q = a_calloc(100, 16);

			a_free(p);
			a_free(q);
		}
		T_EQ_INT("alloc-reuse-no-growth", (long long)total, (long long)before);
	}

	T_EQ_INT("free-double-dies", in_child(double_free), EXIT_FAIL);
	T_EQ_INT("free-foreign-dies", in_child(foreign_free), EXIT_FAIL);
	T_EQ_INT("free-popped-dies", in_child(popped_free), EXIT_FAIL);
	T_EQ_INT("free-smashed-header-dies", in_child(smashed_free), EXIT_FAIL);
	{
		size_t t = chunks[nchunks - 1].top;

		a_free(NULL);
		T_EQ_INT("free-null-no-change", (long long)chunks[nchunks - 1].top, (long long)t);
	}
	return t_done();
}
