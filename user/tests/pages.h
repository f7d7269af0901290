/*
 * Pages for the memory tests (mremap, mmpages, madvise): anonymous
 * regions, mremap and mincore by their raw calls, and a fill pattern
 * whose every page says which it is.
 */
#ifndef TESTS_PAGES_H
#define TESTS_PAGES_H
#include <stdio.h>
#include <string.h>

#include "check.h"
#include <sys/mman.h>
#include "syscall.h"

#define PG 4096L

static inline char *
remap(void *old, long old_len, long new_len, int flags, void *new_addr)
{
	return (char *)sysret(syscall5(SYS_mremap, old, old_len, new_len, flags, new_addr));
}

/* pages fresh pages of type MAP_PRIVATE or MAP_SHARED; fails the test
 * if there is no room. */
static inline char *
anon(long pages, int type)
{
	char *p = mmap(NULL, pages * PG, PROT_READ | PROT_WRITE, type | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED) {
		printf("FAIL mmap %ld pages\n", pages);
		fail();
	}
	return p;
}

/* Whether the page at p is mapped (mincore's ENOMEM says it is not). */
static inline int
mapped(void *p)
{
	unsigned char v;

	return sysret(syscall3(SYS_mincore, p, PG, &v)) == 0;
}

/* Page i of the pages at p all bytes base + i. */
static inline void
fill(char *p, long pages, char base)
{
	for (long i = 0; i < pages; i++)
		memset(p + i * PG, base + i, PG);
}

/* How many of the pages at p do not hold fill's bytes. */
static inline long
wrong(const char *p, long pages, char base)
{
	long bad = 0;

	for (long i = 0; i < pages; i++)
		bad += p[i * PG] != (char)(base + i) || p[i * PG + PG - 1] != (char)(base + i);
	return bad;
}
#endif
