/* SPDX-License-Identifier: ISC */
#include "sandbox.h"

#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "policy.h"
#include "util.h"

/* Generated at build time by gen/seccomp_gen.c with libseccomp (build/gen/). */
#include "seccomp_filters.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define SANDBOX_MAX_INSNS 1024

unsigned long sandbox_map_exec_path(void)
{
	char buf[32];
	long long min;
	ssize_t n;
	int fd = open("/proc/sys/vm/mmap_min_addr", O_RDONLY | O_CLOEXEC);
	unsigned long addr;
	int flags;
	void *p;

	if (fd < 0)
		pdie(EXIT_FAIL, "/proc/sys/vm/mmap_min_addr");
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		die(EXIT_FAIL, "cannot read /proc/sys/vm/mmap_min_addr");
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	if (parse_ll(buf, 0, 1LL << 40, &min) != NULL || min < 4096)
		die(EXIT_FAIL,
		    "vm.mmap_min_addr is %s: it must be at least 4096 for the tool's "
		    "exec to be one-shot; refusing to run",
		    buf);
	/* The highest page that ordinary processes may not map. */
	addr = ((unsigned long)min - 1) & ~4095UL;
	/* fd -1 is what MAP_ANONYMOUS wants; the page is kept on purpose until the exec. */
	flags = MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE;
	// cppcheck-suppress invalidFunctionArg
	p = mmap((void *)addr, 4096, PROT_READ, flags, -1, 0);
	if (p == MAP_FAILED || (unsigned long)p != addr)
		pdie(EXIT_FAIL, "mapping the exec path page at %#lx", addr);
	/* Every byte of the page is 0, so each is an empty string: use the second, so the one
	 * pointer the filter allows is never NULL, even where that page is page 0. */
	// cppcheck-suppress memleak
	return addr + 1;
}

void sandbox_unmap_exec_path(unsigned long path)
{
	if (munmap((void *)(path & ~4095UL), 4096) != 0)
		pdie(EXIT_FAIL, "munmap");
}

/* A compiled filter and the instructions that compare with the exec path's address. */
struct filter {
	const struct sock_filter *insn;
	size_t len;
	const unsigned short *lo, *hi;
	size_t nlo, nhi;
};

#define FILTER(name)                                                                               \
	{                                                                                          \
		seccomp_##name##_prog, ARRAY_LEN(seccomp_##name##_prog), seccomp_##name##_lo,      \
			seccomp_##name##_hi, ARRAY_LEN(seccomp_##name##_lo),                       \
			ARRAY_LEN(seccomp_##name##_hi)                                             \
	}

void sandbox_load(int profile, unsigned long exec_path)
{
	static const struct filter filters[] = {
#define SECCOMP_FILTER(up, low) [SECCOMP_##up] = FILTER(low),
		SECCOMP_PROFILES(SECCOMP_FILTER)
#undef SECCOMP_FILTER
	};
	static struct sock_filter insn[SANDBOX_MAX_INSNS];
	const struct filter *f;
	struct sock_fprog prog;

	if (profile < 0 || (size_t)profile >= ARRAY_LEN(filters) || !filters[profile].insn ||
	    filters[profile].len > ARRAY_LEN(insn))
		die(EXIT_FAIL, "no seccomp filter for profile %d", profile);
	f = &filters[profile];
	memcpy(insn, f->insn, f->len * sizeof(insn[0]));
	for (size_t i = 0; i < f->nlo + f->nhi; i++) {
		size_t at = i < f->nlo ? f->lo[i] : f->hi[i - f->nlo];

		if (at >= f->len)
			die(EXIT_FAIL, "seccomp filter %d: bad patch site %zu", profile, at);
		insn[at].k =
			i < f->nlo ? (uint32_t)exec_path : (uint32_t)((uint64_t)exec_path >> 32);
	}
	prog = (struct sock_fprog){(unsigned short)f->len, insn};
	/* No flags: not TSYNC (one thread), not SPEC_ALLOW (keep the kernel's mitigations). */
	if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) != 0)
		pdie(EXIT_FAIL, "loading the seccomp filter");
}
