/* SPDX-License-Identifier: ISC */
/* malloc, calloc, realloc and free for nscap (musl lets a static program replace them).
 *
 * nscap runs once, for a few milliseconds, and its allocations are few and short-lived or live
 * to the end: the policy, JSON tokens per runtime record, a few strings. musl's allocator gives
 * memory back to the kernel on nearly every free, so each JSON file read cost an mmap and a
 * munmap, and its first use several more system calls: together about 4% of nscap's startup.
 *
 * Here blocks are stacked in a few mmap'd chunks that are never returned before exit or exec.
 * A free marks its block; freed blocks on top of a chunk are popped, so the usual
 * allocate-parse-free pattern reuses the same memory. A header canary and a freed bit catch a
 * bad or double free, which ends nscap at once (exit 125) rather than corrupt anything. Every
 * size is checked for overflow and the total is capped, so a runaway input ends in a clean
 * out-of-memory error from the caller. */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "util.h"

#define ALIGN 16
#define FIRST_CHUNK (512UL * 1024)
#define MAX_TOTAL (256UL * 1024 * 1024)
#define MAX_CHUNKS 16
#define HUGE_PAGE (2UL * 1024 * 1024)
#define CANARY 0x6e73636170a110c8ULL
#define FREED ((size_t)1)

/* Before each block (32 bytes, so blocks stay 16-aligned): its size, a multiple of ALIGN, with
 * FREED in bit 0; the offset of the block below it in the chunk; and a canary tied to the
 * header's address. */
struct hdr {
	size_t size;
	size_t below;
	uint64_t canary;
	uint64_t pad;
};

struct chunk {
	unsigned char *base;
	size_t len;
	size_t top;   /* first free byte */
	size_t last;  /* offset of the top block's header; meaningful when top > 0 */
	size_t dirty; /* highest top ever: above it the memory is still the kernel's zeroes */
};

static struct chunk chunks[MAX_CHUNKS];
static int nchunks;
static size_t total;
static size_t dirty_before; /* the chunk's dirty mark before the latest malloc */

void *malloc(size_t n);
void free(void *p);
void *calloc(size_t n, size_t m);
void *realloc(void *p, size_t n);

static _Noreturn void corrupt(void)
{
	static const char msg[] = "nscap: internal error: bad or repeated free\n";

	(void)!write(2, msg, sizeof(msg) - 1);
	_exit(EXIT_FAIL);
}

static uint64_t canary(const struct hdr *h)
{
	return CANARY ^ (uint64_t)(uintptr_t)h;
}

static int round_up(size_t n, size_t *out)
{
	if (n > MAX_TOTAL)
		return -1;
	*out = n == 0 ? ALIGN : (n + ALIGN - 1) & ~(size_t)(ALIGN - 1);
	return 0;
}

static struct chunk *new_chunk(size_t need)
{
	size_t len = FIRST_CHUNK, mapped;
	void *p;

	/* Small pages, each faulted in when first touched: an ordinary run touches about 12 KiB of
	 * it, a lookup among a thousand containers about 300 KiB (its indexes are mapped, not
	 * read: cache_load()). A run that outgrows it is reading a crowded node's state whole
	 * (-l), and gets its memory in huge pages (below). A first chunk of 128 KiB sent that
	 * lookup to a huge page, whose 2 MiB the kernel zeroes at once: 150-250 us more. */
	if (nchunks)
		len = chunks[nchunks - 1].len * 2 > HUGE_PAGE ? chunks[nchunks - 1].len * 2
							      : HUGE_PAGE;

	while (len < need)
		len *= 2;
	if (nchunks == MAX_CHUNKS || len > MAX_TOTAL - total)
		return NULL;
	mapped = len + (len >= HUGE_PAGE ? HUGE_PAGE : 0); /* room to start on a huge page */
	/* fd -1 is what MAP_ANONYMOUS wants. */
	// cppcheck-suppress invalidFunctionArg
	p = mmap(NULL, mapped, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	/* Huge pages: one fault and one page each 2 MiB, not one each 4 KiB (which cost this VM
	 * 1-14 us apiece: a prefix lookup among a thousand containers took a hundred of them,
	 * -l three thousand). Advice only: when it is refused (a kernel without transparent huge
	 * pages), the chunk is used as it is. */
	if (len >= HUGE_PAGE) {
		p = (void *)(((uintptr_t)p + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1));
		(void)madvise(p, len, MADV_HUGEPAGE);
	}
	total += len;
	chunks[nchunks] = (struct chunk){p, len, 0, 0, 0};
	return &chunks[nchunks++];
}

/* The chunk holding block p and its checked header, or die. */
static struct chunk *owner(void *p, struct hdr **hp)
{
	unsigned char *c = p;
	struct hdr *h = (struct hdr *)p - 1;

	for (int i = nchunks - 1; i >= 0; i--)
		if (c >= chunks[i].base + sizeof(*h) && c < chunks[i].base + chunks[i].top) {
			if (((uintptr_t)p & (ALIGN - 1)) || h->canary != canary(h) ||
			    (h->size & FREED))
				corrupt();
			*hp = h;
			return &chunks[i];
		}
	corrupt();
}

void *malloc(size_t n)
{
	struct chunk *c = nchunks ? &chunks[nchunks - 1] : NULL;
	struct hdr *h;
	size_t sz, need;

	if (round_up(n, &sz) != 0) {
		errno = ENOMEM;
		return NULL;
	}
	need = sz + sizeof(*h);
	if (!c || c->len - c->top < need) {
		c = new_chunk(need);
		if (!c) {
			errno = ENOMEM;
			return NULL;
		}
	}
	h = (struct hdr *)(void *)(c->base + c->top);
	*h = (struct hdr){sz, c->last, 0, 0};
	h->canary = canary(h);
	c->last = c->top;
	c->top += need;
	dirty_before = c->dirty;
	if (c->top > c->dirty)
		c->dirty = c->top;
	return h + 1;
}

void free(void *p)
{
	struct chunk *c;
	struct hdr *h;

	if (!p)
		return;
	c = owner(p, &h);
	h->size |= FREED;
	/* Pop the freed blocks off the top. */
	while (c->top > 0) {
		h = (struct hdr *)(void *)(c->base + c->last);
		if (!(h->size & FREED))
			break;
		c->top = c->last;
		c->last = h->below;
	}
}

void *calloc(size_t n, size_t m)
{
	unsigned char *p;
	size_t off, len;

	if (m && n > SIZE_MAX / m) {
		errno = ENOMEM;
		return NULL;
	}
	len = n * m;
	p = malloc(len ? len : 1);
	if (!p)
		return NULL;
	/* Only what was handed out before needs zeroing. */
	off = (size_t)(p - chunks[nchunks - 1].base);
	if (off < dirty_before)
		memset(p, 0, dirty_before - off < len ? dirty_before - off : len);
	return p;
}

void *realloc(void *p, size_t n)
{
	struct chunk *c;
	struct hdr *h;
	size_t sz, old;
	void *q;

	if (!p)
		return malloc(n);
	c = owner(p, &h);
	if (round_up(n, &sz) != 0) {
		errno = ENOMEM;
		return NULL;
	}
	old = h->size;
	/* The top block grows or shrinks where it is. */
	if ((unsigned char *)h == c->base + c->last && sz <= c->len - c->last - sizeof(*h)) {
		h->size = sz;
		c->top = c->last + sizeof(*h) + sz;
		if (c->top > c->dirty)
			c->dirty = c->top;
		return p;
	}
	if (sz <= old)
		return p;
	q = malloc(n);
	if (!q)
		return NULL;
	memcpy(q, p, old);
	free(p);
	return q;
}
