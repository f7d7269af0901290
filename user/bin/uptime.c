/*
 * uptime: prints the seconds since the machine started (CLOCK_MONOTONIC
 * counts from QEMU's start, firmware included), as the first field of
 * Linux's /proc/uptime. make bench types it at the first prompt to
 * measure the boot.
 */
#include <stdio.h>
#include <time.h>

#include "syscall.h"

int
main(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0) {
		perror("uptime");
		return 1;
	}
	printf("%lld.%06ld\n", (long long)ts.tv_sec, ts.tv_nsec / 1000);
	return 0;
}
