/* SPDX-License-Identifier: ISC */
/* Unit tests for sha256.c (the tool binaries' pinned digests). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sha256.h"
#include "t.h"

static void hex(const unsigned char d[32], char out[65])
{
	for (int i = 0; i < 32; i++)
		snprintf(out + 2 * i, 3, "%02x", d[i]);
}

static const char *sha_chunks(const char *data, size_t len, size_t chunk)
{
	static char out[65];
	struct sha256 s;
	unsigned char d[32];

	sha256_init(&s);
	for (size_t off = 0; off < len; off += chunk)
		sha256_update(&s, data + off, len - off < chunk ? len - off : chunk);
	sha256_final(&s, d);
	hex(d, out);
	return out;
}

static const char *sha(const char *data, size_t len)
{
	return sha_chunks(data, len, len ? len : 1);
}

static void test_sha256(void)
{
	static const char m448[] = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	static const struct {
		size_t n;
		const char *want;
	} as[] = {
		{55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"},
		{56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"},
		{63, "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34"},
		{64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"},
		{65, "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0"},
		{1000, "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3"},
	};
	static const char million_want[] =
		"cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0";
	char *million = malloc(1000000);
	char name[64];

	T_EQ_STR("sha256-empty", sha("", 0),
		 "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	T_EQ_STR("sha256-abc", sha("abc", 3),
		 "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	T_EQ_STR("sha256-448-bit", sha(m448, strlen(m448)),
		 "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	T_EQ_STR("sha256-448-bit-byte-by-byte", sha_chunks(m448, strlen(m448), 1),
		 "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	memset(million, 'a', 1000000);
	T_EQ_STR("sha256-million-a", sha(million, 1000000), million_want);
	T_EQ_STR("sha256-million-a-1000-byte-chunks", sha_chunks(million, 1000000, 1000),
		 million_want);
	T_EQ_STR("sha256-million-a-7-byte-chunks", sha_chunks(million, 1000000, 7), million_want);
	T_EQ_STR("sha256-million-a-64-byte-chunks", sha_chunks(million, 1000000, 64), million_want);
	for (size_t i = 0; i < sizeof(as) / sizeof(as[0]); i++) {
		snprintf(name, sizeof(name), "sha256-%zu-a-padding-boundary", as[i].n);
		T_EQ_STR(name, sha(million, as[i].n), as[i].want);
		snprintf(name, sizeof(name), "sha256-%zu-a-3-byte-chunks", as[i].n);
		T_EQ_STR(name, sha_chunks(million, as[i].n, 3), as[i].want);
	}
	free(million);

	/* sha256_fd hashes from the current offset to the end. */
	{
		char path[] = "/tmp/nscap-unit-sha-XXXXXX";
		int fd = mkstemp(path);
		unsigned char d[32];
		char out[65];

		if (fd < 0 || write(fd, "xxabc", 5) != 5) {
			T_CHECK("sha256-fd-setup", 0);
		} else {
			unlink(path);
			lseek(fd, 2, SEEK_SET);
			T_EQ_INT("sha256-fd-rc", sha256_fd(fd, d), 0);
			hex(d, out);
			T_EQ_STR(
				"sha256-fd-from-offset", out,
				"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
			close(fd);
		}
		T_CHECK("sha256-fd-bad-fd", sha256_fd(-1, d) != 0);
	}
}

int main(void)
{
	test_sha256();
	return t_done();
}
