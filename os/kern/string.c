/* The C string functions the kernel and fs/ use. */
#include "kern/types.h"

/*
 * memset, memcpy and memmove move a word (8 bytes) at a time wherever
 * the two addresses agree modulo 8, and bytes only at the ends: a page
 * zeroed a byte at a time is 4096 stores and loop steps, some 10 us of
 * instructions under QEMU, and every exec zeroes and copies dozens.
 * memset and memcpy do their bulk a block of 16 words a loop step (two
 * rounds of 8 loads, then 8 stores), so the loop's own count and
 * branch cost 3 instructions for every 128 bytes, not for every 8 or
 * 32; memcpy does 64 words a step first, 3 for every 512 bytes: a
 * read(2) from the block cache is mostly one such copy, and a 4 KiB
 * one then spends some 1,050 instructions copying, not 1,120.
 * os/tests/test_string.c checks them against byte loops on the host for
 * every alignment and length up to a few words past a page's worth of
 * tails, and around every multiple of a block up to 2 KiB.
 */
#define WORD sizeof(uint64_t)
#define BLOCK (16 * WORD)
#define BIG_BLOCK (4 * BLOCK)	/* memcpy's bulk first: 3 for 512 bytes */

static bool word_aligned(uintptr_t a)
{
	return a % WORD == 0;
}

void *memset(void *dst, int c, size_t n)
{
	uint8_t *d = dst;
	uint64_t w = (uint8_t)c * 0x0101010101010101ull;

	for (; n && !word_aligned((uintptr_t)d); n--)
		*d++ = (uint8_t)c;
	for (uint8_t *end = d + n / BLOCK * BLOCK; d < end; d += BLOCK)
#pragma GCC unroll 16
		for (int i = 0; i < 16; i++)
			((uint64_t *)d)[i] = w;
	n %= BLOCK;
	for (; n >= WORD; n -= WORD, d += WORD)
		*(uint64_t *)d = w;
	while (n--)
		*d++ = (uint8_t)c;
	return dst;
}

/* 8 words from s to d: all 8 loaded before any is stored. */
static void copy8(uint64_t *d, const uint64_t *s)
{
	uint64_t a = s[0], b = s[1], c = s[2], e = s[3];
	uint64_t f = s[4], g = s[5], h = s[6], k = s[7];

	d[0] = a, d[1] = b, d[2] = c, d[3] = e;
	d[4] = f, d[5] = g, d[6] = h, d[7] = k;
}

/* Forwards; words once d is aligned, if s is then aligned too. */
static void copy_up(uint8_t *d, const uint8_t *s, size_t n)
{
	for (; n && !word_aligned((uintptr_t)d); n--)
		*d++ = *s++;
	if (word_aligned((uintptr_t)s)) {
		for (uint8_t *end = d + n / BIG_BLOCK * BIG_BLOCK; d < end;
		     d += BIG_BLOCK, s += BIG_BLOCK)
#pragma GCC unroll 8
			for (int i = 0; i < 8; i++)
				copy8((uint64_t *)d + 8 * i, (const uint64_t *)s + 8 * i);
		n %= BIG_BLOCK;
		for (uint8_t *end = d + n / BLOCK * BLOCK; d < end; d += BLOCK, s += BLOCK) {
			copy8((uint64_t *)d, (const uint64_t *)s);
			copy8((uint64_t *)d + 8, (const uint64_t *)s + 8);
		}
		n %= BLOCK;
		for (; n >= WORD; n -= WORD, d += WORD, s += WORD)
			*(uint64_t *)d = *(const uint64_t *)s;
	}
	while (n--)
		*d++ = *s++;
}

/* Backwards from the ends, for a move onto a higher overlapping range. */
static void copy_down(uint8_t *d, const uint8_t *s, size_t n)
{
	d += n;
	s += n;
	for (; n && !word_aligned((uintptr_t)d); n--)
		*--d = *--s;
	if (word_aligned((uintptr_t)s))
		for (; n >= WORD; n -= WORD) {
			d -= WORD;
			s -= WORD;
			*(uint64_t *)d = *(const uint64_t *)s;
		}
	while (n--)
		*--d = *--s;
}

void *memcpy(void *dst, const void *src, size_t n)
{
	copy_up(dst, src, n);
	return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
	const uint8_t *s = src;
	uint8_t *d = dst;

	if (s < d && s + n > d)
		copy_down(d, s, n);
	else
		copy_up(d, s, n);
	return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const uint8_t *x = a, *y = b;

	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x - *y;
	return 0;
}

size_t strlen(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

int strcmp(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return (uint8_t)*a - (uint8_t)*b;
}

int strncmp(const char *a, const char *b, size_t n)
{
	for (; n && *a && *a == *b; n--)
		a++, b++;
	return n ? (uint8_t)*a - (uint8_t)*b : 0;
}

/* Copies at most n-1 characters and always terminates (n > 0). */
size_t strlcpy(char *dst, const char *src, size_t n)
{
	size_t len = strlen(src);

	if (n) {
		size_t k = len < n - 1 ? len : n - 1;
		memcpy(dst, src, k);
		dst[k] = 0;
	}
	return len;
}

char *strchr(const char *s, int c)
{
	for (; *s; s++)
		if (*s == (char)c)
			return (char *)s;
	return c ? NULL : (char *)s;
}
