/* SPDX-License-Identifier: ISC */
/* SHA-256 (FIPS 180-4), for the optional pin of a tool's binary. */
#ifndef NSCAP_SHA256_H
#define NSCAP_SHA256_H

#include <stddef.h>
#include <stdint.h>

struct sha256 {
	uint32_t h[8];
	uint64_t len;
	unsigned char buf[64];
	size_t used;
};

void sha256_init(struct sha256 *s);
void sha256_update(struct sha256 *s, const void *data, size_t len);
void sha256_final(struct sha256 *s, unsigned char out[32]);

/* Hash everything readable from fd (from its current offset). 0 on success. */
int sha256_fd(int fd, unsigned char out[32]);

#endif
