/*
 * Many allocations of mixed sizes, from tiny to several MiB (glibc serves
 * the large ones with mmap), filled, resized and freed in a pseudo-random
 * order; every block is checked for its pattern before it is freed.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "check.h"

#define SLOTS 512

static uint32_t seed = 12345;

static uint32_t next(void)
{
	seed = seed * 1103515245 + 12345;
	return seed >> 8;
}

static size_t pick_size(void)
{
	uint32_t r = next() % 100;

	if (r < 70)
		return 1 + next() % 256;
	if (r < 95)
		return 256 + next() % 16384;
	return 128 * 1024 + next() % (3 * 1024 * 1024);
}

static void fill(unsigned char *p, size_t n, unsigned char tag)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (unsigned char)(tag + i);
}

static int intact(const unsigned char *p, size_t n, unsigned char tag)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != (unsigned char)(tag + i))
			return 0;
	return 1;
}

int main(void)
{
	static unsigned char *block[SLOTS];
	static size_t size[SLOTS];
	unsigned long allocs = 0, frees = 0, reallocs = 0, big = 0;

	for (int round = 0; round < 20000; round++) {
		int i = next() % SLOTS;
		unsigned char tag = (unsigned char)i;

		if (block[i] && next() % 4 == 0) {
			size_t n = pick_size();
			size_t keep = n < size[i] ? n : size[i];
			unsigned char *p = realloc(block[i], n);
			CHECK(p != NULL);
			CHECK(intact(p, keep, tag));
			fill(p, n, tag);
			block[i] = p;
			size[i] = n;
			reallocs++;
		} else if (block[i]) {
			CHECK(intact(block[i], size[i], tag));
			free(block[i]);
			block[i] = NULL;
			frees++;
		} else {
			size[i] = pick_size();
			block[i] = malloc(size[i]);
			CHECK(block[i] != NULL);
			fill(block[i], size[i], tag);
			allocs++;
			big += size[i] >= 128 * 1024;
		}
	}
	for (int i = 0; i < SLOTS; i++) {
		if (block[i]) {
			CHECK(intact(block[i], size[i], (unsigned char)i));
			free(block[i]);
			frees++;
		}
	}
	unsigned long *z = calloc(100000, sizeof *z);
	CHECK(z != NULL);
	for (int i = 0; i < 100000; i++)
		CHECK(z[i] == 0);
	free(z);
	printf("allocs %lu frees %lu reallocs %lu big %lu\n", allocs, frees, reallocs, big);
	printf("calloc of 800000 bytes came back zeroed\n");
	return 0;
}
