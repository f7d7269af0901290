/* brk: the break grows, the memory is usable, it shrinks, regrown memory is zero. */
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

#include "check.h"
#include "syscall.h"

#define GROW (1024 * 1024 + 100)

int
main(void)
{
	char *start = raw_sbrk(0);
	char *p;

	check_long("sbrk(0) succeeds", start != (char *)-1, 1);
	p = raw_sbrk(GROW);
	check_long("sbrk(GROW) returns the old break", (long)(p - start), 0);
	check_long("new break", (long)((char *)raw_sbrk(0) - start), GROW);
	for (long i = 0; i < GROW; i++)
		p[i] = (char)(i * 3);
	for (long i = 0; i < GROW; i++) {
		if (p[i] != (char)(i * 3)) {
			printf("FAIL byte %ld: expected %d, got %d\n", i, (char)(i * 3), p[i]);
			return 1;
		}
	}
	printf("ok %d grown bytes are usable\n", GROW);

	check_long("sbrk(-GROW) returns the old break", (long)((char *)raw_sbrk(-GROW) - start),
		   GROW);
	check_long("break after shrinking", (long)((char *)raw_sbrk(0) - start), 0);

	p = raw_sbrk(GROW);
	check_long("regrow returns the same start", (long)(p - start), 0);
	/* The page holding the old break keeps its bytes; whole pages come back zero. */
	long nonzero = 0;
	for (long i = (long)(-(uintptr_t)start & 4095); i < GROW; i++)
		nonzero += p[i] != 0;
	check_long("regrown pages are zero (nonzero bytes)", nonzero, 0);
	raw_sbrk(-GROW);

	check_errno("sbrk(2^47) is refused", (long)raw_sbrk((intptr_t)1 << 47), ENOMEM);
	check_long("break unchanged after the refusal", (long)((char *)raw_sbrk(0) - start), 0);
	printf("brk: ok\n");
	return 0;
}
