/*
 * corefuse: a core's PT_LOADs are the process's mappings fused into one
 * segment per run of pages with the same permissions. Eight fresh pages
 * get, by mprotect, the runs RW RW | R | RW RW | RX | none | RW; the
 * process dumps itself live (coredump(2), ours) and writes the runs it
 * made to /core/corefuse.layout. corefuse.host checks the core has
 * exactly those segments over the eight pages (the PROT_NONE page, not
 * user-accessible, left out), and that over the whole core no two
 * touching segments share permissions.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "fsutil.h"
#include <sys/mman.h>
#include "syscall.h"

#define PAGE 4096L

static char *
map_pages(long len)
{
	void *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

static long
protect(void *addr, long len, int prot)
{
	return mprotect(addr, len, prot) < 0 ? -errno : 0;
}

static const struct {
	int first, last;	/* pages [first, last) */
	int prot;
	const char *flags;	/* as readelf shows them */
} runs[] = {
	{ 0, 2, PROT_READ | PROT_WRITE, "RW" },
	{ 2, 3, PROT_READ, "R" },
	{ 3, 5, PROT_READ | PROT_WRITE, "RW" },
	{ 5, 6, PROT_READ | PROT_EXEC, "RE" },
	{ 6, 7, PROT_NONE, NULL },
	{ 7, 8, PROT_READ | PROT_WRITE, "RW" },
};

int
main(void)
{
	char path[128], want[64], what[96], layout[512];
	size_t n = 0;
	char *base = map_pages(8 * PAGE);

	check_long("mmap of 8 pages", base != NULL, 1);
	for (int i = 0; i < 8; i++)
		base[i * PAGE] = 'a' + i;
	for (size_t i = 0; i < sizeof runs / sizeof runs[0]; i++) {
		snprintf(what, sizeof what, "mprotect pages %d-%d", runs[i].first, runs[i].last);
		check_long(what, protect(base + runs[i].first * PAGE,
					 (runs[i].last - runs[i].first) * PAGE, runs[i].prot), 0);
		if (runs[i].flags)
			n += snprintf(layout + n, sizeof layout - n, "%#lx %#lx %s\n",
				      (unsigned long)(base + runs[i].first * PAGE),
				      (unsigned long)(base + runs[i].last * PAGE), runs[i].flags);
	}
	long size = coredump(0, path, sizeof path);
	check_long("live dump of itself has a size", size > 0, 1);
	snprintf(want, sizeof want, "/core/corefuse.%d", getpid());
	check_long("the core's path is /core/corefuse.<pid>", strcmp(path, want) == 0, 1);
	check_long("and it is still running", getpid() > 0, 1);
	unlink("/core/corefuse.core");
	check_long("renamed for the host check", rename(path, "/core/corefuse.core"), 0);
	write_file("/core/corefuse.layout", layout, n);
	sync();
	printf("corefuse: ok\n");
	return 0;
}
