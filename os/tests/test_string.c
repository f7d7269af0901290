/*
 * Host unit tests of the kernel's memset, memcpy and memmove
 * (os/kern/string.c, built here under other names): every alignment of
 * destination and source within two words, every length up to 300,
 * each side of every multiple of 128 bytes (memset and memcpy's block)
 * up to 1 KiB, and a few page-sized ones, both directions of overlap, each compared byte
 * for byte with a plain loop, with the bytes around the range checked
 * untouched. ASan and UBSan watch every access.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void *kmemset(void *, int, size_t);
void *kmemcpy(void *, const void *, size_t);
void *kmemmove(void *, const void *, size_t);

#define PAD 32
#define MAXN 4200
static uint8_t got[MAXN + 3 * PAD], want[MAXN + 3 * PAD];
static int checks, fail;	/* comparisons made, and those that differed */

static void fill(uint8_t *b, size_t n, unsigned seed)
{
	for (size_t i = 0; i < n; i++)
		b[i] = (uint8_t)(seed * 131 + i * 7 + (i >> 8));
}

static void same(const char *what, size_t da, size_t sa, size_t n)
{
	checks++;
	if (memcmp(got, want, sizeof(got)) == 0)
		return;
	if (fail++ < 10) {
		size_t i = 0;
		while (got[i] == want[i])
			i++;
		printf("FAIL %s dst+%zu src+%zu n=%zu: byte %zu is %#x, expected %#x\n",
		       what, da, sa, n, i, got[i], want[i]);
	}
}

static void test_memset(size_t da, size_t n, int c)
{
	fill(got, sizeof(got), 1);
	memcpy(want, got, sizeof(got));
	for (size_t i = 0; i < n; i++)
		want[PAD + da + i] = (uint8_t)c;
	if (kmemset(got + PAD + da, c, n) != got + PAD + da)
		printf("FAIL memset returns another pointer\n"), fail++;
	same("memset", da, 0, n);
}

/* A copy from a separate buffer (memcpy and memmove alike). */
static void test_copy(const char *what, void *(*fn)(void *, const void *, size_t),
		      size_t da, size_t sa, size_t n)
{
	static uint8_t src[MAXN + 3 * PAD];

	fill(src, sizeof(src), 2);
	fill(got, sizeof(got), 3);
	memcpy(want, got, sizeof(got));
	memcpy(want + PAD + da, src + PAD + sa, n);
	if (fn(got + PAD + da, src + PAD + sa, n) != got + PAD + da)
		printf("FAIL %s returns another pointer\n", what), fail++;
	same(what, da, sa, n);
}

/* memmove within one buffer: the source da - sa bytes away either way. */
static void test_overlap(size_t da, size_t sa, size_t n)
{
	uint8_t tmp[MAXN];

	fill(got, sizeof(got), 4);
	memcpy(want, got, sizeof(got));
	memcpy(tmp, want + PAD + sa, n);
	memcpy(want + PAD + da, tmp, n);
	kmemmove(got + PAD + da, got + PAD + sa, n);
	same("memmove (overlapping)", da, sa, n);
}

/* The four cases, each one function over every alignment of destination
 * and source within two words and every length in lens. */
static void case_memset(size_t da, size_t sa, size_t n)
{
	if (sa == 0) {	/* no source: each destination alignment once */
		test_memset(da, n, 0);
		test_memset(da, n, 0xA5);
	}
}
static void case_memcpy(size_t da, size_t sa, size_t n) { test_copy("memcpy", kmemcpy, da, sa, n); }
static void case_memmove(size_t da, size_t sa, size_t n) { test_copy("memmove", kmemmove, da, sa, n); }

static const struct {
	const char *name;
	void (*run)(size_t da, size_t sa, size_t n);
} cases[] = {
	{ "memset: every length and alignment, zero and a pattern", case_memset },
	{ "memcpy: every length and pair of alignments", case_memcpy },
	{ "memmove: apart, every length and pair of alignments", case_memmove },
	{ "memmove: overlapping either way, every length and offset", test_overlap },
};

int main(void)
{
	static const size_t big[] = { 511, 512, 513, 4095, 4096, 4097, 4100 };
	size_t lens[300 + 3 * 14 + sizeof(big) / sizeof(big[0])], nlens = 0;
	int pass = 0, failed = 0;

	for (size_t n = 0; n < 300; n++)
		lens[nlens++] = n;
	for (size_t b = 3 * 128; b <= 2048; b += 128)	/* past the 300 above */
		for (size_t n = b - 1; n <= b + 1; n++)
			lens[nlens++] = n;
	for (size_t i = 0; i < sizeof(big) / sizeof(big[0]); i++)
		lens[nlens++] = big[i];
	for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		int checks0 = checks, fail0 = fail;
		for (size_t k = 0; k < nlens; k++)
			for (size_t da = 0; da < 16; da++)
				for (size_t sa = 0; sa < 16; sa++)
					cases[c].run(da, sa, lens[k]);
		if (fail == fail0) {
			printf("PASS %s: %d comparisons\n", cases[c].name, checks - checks0);
			pass++;
		} else {
			printf("FAIL %s: %d of %d comparisons differ\n", cases[c].name,
			       fail - fail0, checks - checks0);
			failed++;
		}
	}
	printf("string: %d passed, %d failed\n", pass, failed);
	return failed != 0;
}
