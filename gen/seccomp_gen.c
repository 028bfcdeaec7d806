/* SPDX-License-Identifier: ISC */
/* Build-time compiler of nscap's seccomp filters: libseccomp (built from Debian's source
 * package with musl) turns the rules below into classic BPF once, when nscap is built, and
 * this program writes the programs out as a C header that sandbox.c loads as they are.
 *
 *   seccomp_gen HEADER PFCDIR
 *
 * The filters are the same on every run, so compiling them per invocation only cost startup
 * time (a quarter of it) and put libseccomp's allocator-heavy code in the setuid binary. One
 * value is known only at run time: the address of the empty path execveat() must use
 * (sandbox.h). Each profile is compiled twice, with two addresses that differ in both 32-bit
 * halves; the instructions that differ are the places sandbox.c patches. The result is then
 * proved: patched for two more addresses, each program must equal what libseccomp compiles for
 * that address directly, or the build fails. PFCDIR gets libseccomp's readable pseudo-code of
 * each filter, for review. */
#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <sched.h>
#include <seccomp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "../src/policy.h"
#include "../src/sandbox.h"
#include "seccomp_rules.h"

#define MAX_INSNS 4096

static const struct {
	int profile;
	const char *name;
} profiles[] = {
#define SECCOMP_ROW(up, low) {SECCOMP_##up, #low},
	SECCOMP_PROFILES(SECCOMP_ROW)
#undef SECCOMP_ROW
};

struct prog {
	struct sock_filter insn[MAX_INSNS];
	size_t len;
};

/* The program libseccomp compiles, through a pipe (its only export is to an fd). */
static void compile(int profile, uint64_t exec_path, struct prog *p)
{
	scmp_filter_ctx ctx = profile < 0 ? build_budget() : build(profile, exec_path);
	int fds[2], rc;
	ssize_t n;

	if (pipe(fds) != 0)
		fail("pipe", errno);
	rc = seccomp_export_bpf(ctx, fds[1]);
	if (rc != 0)
		fail("seccomp_export_bpf", rc);
	close(fds[1]);
	n = read(fds[0], p->insn, sizeof(p->insn));
	if (n <= 0 || n % (ssize_t)sizeof(struct sock_filter) != 0 || (size_t)n == sizeof(p->insn))
		fail("reading the exported filter", n < 0 ? errno : EINVAL);
	close(fds[0]);
	p->len = (size_t)n / sizeof(struct sock_filter);
	seccomp_release(ctx);
}

static void pfc(int profile, const char *path)
{
	scmp_filter_ctx ctx = profile < 0 ? build_budget() : build(profile, 0);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	int rc;

	if (fd < 0)
		fail(path, errno);
	if (dprintf(fd, "# nscap seccomp profile, as libseccomp compiled it at build time. The\n"
			"# address execveat's path must have is set at run time (0 below).\n") < 0)
		fail(path, errno);
	rc = seccomp_export_pfc(ctx, fd);
	if (rc != 0)
		fail("seccomp_export_pfc", rc);
	if (close(fd) != 0)
		fail(path, errno);
	seccomp_release(ctx);
}

/* Where programs compiled for addresses a and b differ: lo[] holds the instructions whose k is
 * the low half of the address, hi[] the high half. Anything else differing is an error. */
static void sites(const struct prog *a, const struct prog *b, uint64_t va, uint64_t vb, size_t *lo,
		  size_t *nlo, size_t *hi, size_t *nhi)
{
	*nlo = *nhi = 0;
	if (a->len != b->len)
		fail("the filter's shape depends on the exec path address", EINVAL);
	for (size_t i = 0; i < a->len; i++) {
		const struct sock_filter *x = &a->insn[i], *y = &b->insn[i];

		if (memcmp(x, y, sizeof(*x)) == 0)
			continue;
		if (x->code != y->code || x->jt != y->jt || x->jf != y->jf)
			fail("the filter's jumps depend on the exec path address", EINVAL);
		if (x->k == (uint32_t)va && y->k == (uint32_t)vb)
			lo[(*nlo)++] = i;
		else if (x->k == (uint32_t)(va >> 32) && y->k == (uint32_t)(vb >> 32))
			hi[(*nhi)++] = i;
		else
			fail("an unexpected difference between two compilations", EINVAL);
	}
	if (*nlo == 0 || *nhi == 0)
		fail("no place for the exec path address found", EINVAL);
}

static void patch(struct prog *p, const size_t *lo, size_t nlo, const size_t *hi, size_t nhi,
		  uint64_t v)
{
	for (size_t i = 0; i < nlo; i++)
		p->insn[lo[i]].k = (uint32_t)v;
	for (size_t i = 0; i < nhi; i++)
		p->insn[hi[i]].k = (uint32_t)(v >> 32);
}

static void emit_list(FILE *f, const char *name, const char *kind, const size_t *v, size_t n)
{
	fprintf(f, "static const unsigned short seccomp_%s_%s[] = {", name, kind);
	for (size_t i = 0; i < n; i++)
		fprintf(f, "%s%zu", i ? ", " : "", v[i]);
	fprintf(f, "};\n");
}

static void emit(FILE *f, const char *name, const struct prog *p, const size_t *lo, size_t nlo,
		 const size_t *hi, size_t nhi)
{
	fprintf(f, "\n/* profile %s: %zu instructions */\n", name, p->len);
	fprintf(f, "static const struct sock_filter seccomp_%s_prog[] = {\n", name);
	for (size_t i = 0; i < p->len; i++)
		fprintf(f, "\t{0x%04x, %u, %u, 0x%08x},\n", p->insn[i].code, p->insn[i].jt,
			p->insn[i].jf, p->insn[i].k);
	fprintf(f, "};\n");
	if (!nlo) /* no exec path to patch in it */
		return;
	emit_list(f, name, "lo", lo, nlo);
	emit_list(f, name, "hi", hi, nhi);
}

int main(int argc, char **argv)
{
	/* Two addresses differing in both halves (and in each from the other), and two checks. */
	static const uint64_t va = 0x0000100000002000ULL, vb = 0x0000300000004000ULL;
	static const uint64_t check[] = {0x000000000000f000ULL, 0};
	static struct prog a, b, c, d;
	size_t lo[16], hi[16], nlo, nhi;
	char tmp[4096], path[4096];
	FILE *f;

	if (argc != 3) {
		fprintf(stderr, "usage: seccomp_gen HEADER PFCDIR\n");
		return 2;
	}
	snprintf(tmp, sizeof(tmp), "%s.tmp", argv[1]);
	f = fopen(tmp, "w");
	if (!f)
		fail(tmp, errno);
	fprintf(f, "/* Generated by gen/seccomp_gen.c with libseccomp %u.%u.%u: do not edit. */\n",
		seccomp_version()->major, seccomp_version()->minor, seccomp_version()->micro);
	for (size_t i = 0; i < sizeof(profiles) / sizeof(profiles[0]); i++) {
		compile(profiles[i].profile, va, &a);
		compile(profiles[i].profile, vb, &b);
		sites(&a, &b, va, vb, lo, &nlo, hi, &nhi);
		for (size_t k = 0; k < sizeof(check) / sizeof(check[0]); k++) {
			compile(profiles[i].profile, check[k], &c);
			d = a;
			patch(&d, lo, nlo, hi, nhi, check[k]);
			if (c.len != d.len ||
			    memcmp(c.insn, d.insn, c.len * sizeof(c.insn[0])) != 0)
				fail("a patched filter differs from libseccomp's own", EINVAL);
		}
		patch(&a, lo, nlo, hi, nhi, 0);
		emit(f, profiles[i].name, &a, lo, nlo, hi, nhi);
		snprintf(path, sizeof(path), "%s/%s.pfc", argv[2], profiles[i].name);
		pfc(profiles[i].profile, path);
	}
	/* The budget filter has no exec path in it: nothing to patch. */
	compile(-1, 0, &a);
	emit(f, "budget", &a, lo, 0, hi, 0);
	snprintf(path, sizeof(path), "%s/budget.pfc", argv[2]);
	pfc(-1, path);
	if (fclose(f) != 0 || rename(tmp, argv[1]) != 0)
		fail(argv[1], errno);
	return 0;
}
