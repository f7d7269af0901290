/*
 * cpustat: what the scheduler did on each hart since boot (cpustat(2),
 * ours): processes started running, how many of those it took from
 * another hart, IPIs sent to wake other harts, and the milliseconds it
 * ran processes (the rest of the time it waited, or ran its scheduler).
 */
#include <stdio.h>

#include "syscall.h"

#define TIMEBASE_HZ 10000000ULL	/* rdtime ticks per second on QEMU virt and sifive_u */

int
main(void)
{
	struct cpustat c;

	printf("cpu hart   switches migrations       ipis   busy_ms\n");
	for (int i = 0; cpustat(i, &c) == 0; i++)
		printf("%3d %4llu %10llu %10llu %10llu %9llu\n", i, (unsigned long long)c.hartid,
		       (unsigned long long)c.switches, (unsigned long long)c.migrations,
		       (unsigned long long)c.ipis,
		       (unsigned long long)(c.busy_time * 1000 / TIMEBASE_HZ));
	return 0;
}
