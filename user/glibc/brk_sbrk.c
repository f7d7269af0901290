/* The program break: sbrk grows and shrinks it; the new memory is usable and zero. */
#include <stdint.h>
#include <unistd.h>
#include "check.h"

int main(void)
{
	char *start = sbrk(0);
	CHECK(start != (char *)-1);
	char *old = sbrk(256 * 1024);
	CHECK(old == start);
	char *end = sbrk(0);
	printf("sbrk(256K) moved the break by %ld\n", (long)(end - start));
	int zero = 1;
	for (long i = 0; i < 256 * 1024; i++)
		zero &= start[i] == 0;
	printf("new memory is zero: %d\n", zero);
	memset(start, 0x5a, 256 * 1024);
	CHECK(sbrk(-128 * 1024) == end);
	printf("after sbrk(-128K): %ld above the start\n", (long)((char *)sbrk(0) - start));
	CHECK(start[128 * 1024 - 1] == 0x5a);
	CHECK(brk(start) == 0);
	printf("brk(start) restores it: %d\n", sbrk(0) == start);
	CHECK(brk(start + 64 * 1024) == 0);
	printf("regrown memory is zero again: %d\n", start[100] == 0);
	CHECK(brk(start) == 0);
	void *m = malloc(1000);
	CHECK(m != NULL);
	free(m);
	printf("malloc still works\n");
	return 0;
}
