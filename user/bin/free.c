/* free: total, used and free memory, in pages and in KiB (from sysinfo). */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "syscall.h"

#define PAGE_SIZE 4096

int
main(void)
{
	struct sysinfo si;
	unsigned long long total, avail;

	if (sysinfo(&si) < 0) {
		fprintf(stderr, "free: sysinfo: %s\n", strerror(errno));
		return 1;
	}
	/* mem_unit is 4096 here; Linux reports bytes (mem_unit 1). */
	total = (unsigned long long)si.totalram * si.mem_unit;
	avail = (unsigned long long)si.freeram * si.mem_unit;
	printf("%-6s %12s %12s %12s\n", "", "total", "used", "free");
	printf("%-6s %12llu %12llu %12llu\n", "pages:", total / PAGE_SIZE,
	       (total - avail) / PAGE_SIZE, avail / PAGE_SIZE);
	printf("%-6s %12llu %12llu %12llu\n", "KiB:", total / 1024,
	       (total - avail) / 1024, avail / 1024);
	return 0;
}
