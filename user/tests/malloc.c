/* malloc: many blocks of varying sizes keep their contents; free, realloc. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

#define NBLOCKS 500

static unsigned char *blocks[NBLOCKS];
static size_t sizes[NBLOCKS];

static void
fill(int i)
{
	for (size_t j = 0; j < sizes[i]; j++)
		blocks[i][j] = (unsigned char)(i * 31 + j);
}

/* Returns the index of the first wrong byte, or -1. */
static long
verify(int i)
{
	for (size_t j = 0; j < sizes[i]; j++)
		if (blocks[i][j] != (unsigned char)(i * 31 + j))
			return (long)j;
	return -1;
}

static void
verify_all(const char *when)
{
	char what[80];

	for (int i = 0; i < NBLOCKS; i++) {
		if (!blocks[i])
			continue;
		long bad = verify(i);

		if (bad >= 0) {
			snprintf(what, sizeof what, "%s: block %d byte %ld", when, i, bad);
			check_long(what, blocks[i][bad], (unsigned char)(i * 31 + bad));
		}
	}
	printf("ok %s: all blocks intact\n", when);
}

int
main(void)
{
	for (int i = 0; i < NBLOCKS; i++) {
		sizes[i] = (size_t)(i * 7919) % 3000 + 1;
		blocks[i] = malloc(sizes[i]);
		if (!blocks[i]) {
			printf("FAIL malloc(%zu) returned NULL\n", sizes[i]);
			return 1;
		}
		if ((uintptr_t)blocks[i] % 8 != 0) {
			printf("FAIL malloc(%zu) returned misaligned %p\n", sizes[i],
			       (void *)blocks[i]);
			return 1;
		}
		fill(i);
	}
	printf("allocated %d blocks of 1..3000 bytes\n", NBLOCKS);
	verify_all("after allocation");

	for (int i = 0; i < NBLOCKS; i += 2) {
		free(blocks[i]);
		blocks[i] = NULL;
	}
	verify_all("after freeing every other block");

	for (int i = 0; i < NBLOCKS; i += 2) {
		sizes[i] = (size_t)(i * 104729) % 5000 + 1;
		blocks[i] = malloc(sizes[i]);
		if (!blocks[i]) {
			printf("FAIL malloc(%zu) returned NULL\n", sizes[i]);
			return 1;
		}
		fill(i);
	}
	verify_all("after refilling the holes");

	for (int i = 1; i < NBLOCKS; i += 2) {
		unsigned char *p = realloc(blocks[i], sizes[i] * 3);

		if (!p) {
			printf("FAIL realloc to %zu returned NULL\n", sizes[i] * 3);
			return 1;
		}
		blocks[i] = p;
		for (size_t j = sizes[i]; j < sizes[i] * 3; j++)
			p[j] = (unsigned char)(i * 31 + j);
		sizes[i] *= 3;
	}
	verify_all("after growing odd blocks with realloc");

	size_t big = 4 << 20;
	unsigned char *p = malloc(big);
	if (!p) {
		printf("FAIL malloc(4 MiB) returned NULL\n");
		return 1;
	}
	memset(p, 0xa5, big);
	check_long("4 MiB block last byte", p[big - 1], 0xa5);
	free(p);

	for (int i = 0; i < NBLOCKS; i++)
		free(blocks[i]);
	p = calloc(1000, 8);
	check_long("calloc(1000, 8) is zeroed", p && p[0] == 0 && p[7999] == 0, 1);
	free(p);
	printf("malloc: ok\n");
	return 0;
}
