/*
 * aslrmaps: randomization never puts a region over another, outside the
 * user range, or in the stack's room or its guard page (os/exec/layout.c):
 * the maps of 400 runs of a dynamic PIE with a 64 MiB bss and an
 * interpreter (aslr.h), one after another (with the 220 of the test
 * aslr, 620 layouts checked in a test run).
 */
#include "aslr.h"

#define RUNS 400

int
main(void)
{
	unsigned long v[NREGION];

	loader_mode(LOADER_LAZY);	/* the 64 MiB bss is never touched */
	for (int i = 0; i < RUNS; i++)
		sample(0, v);
	printf("%d runs: every region apart, in the user range, clear of the stack's guard page\n",
	       RUNS);
	return 0;
}
