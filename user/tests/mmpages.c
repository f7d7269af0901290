/*
 * mmpages: what mremap and madvise do to this kernel's free pages, and
 * the mremap cases qemu-user does not answer as Linux does (so this
 * test is not run under it: run-host.sh): a shared anonymous region
 * mapped a second time (old_size 0) sees one set of pages, also after
 * a move; DONTUNMAP leaves the old range mapped and empty; new_size 0
 * is EINVAL. A move of 64 pages takes no page for their contents (the
 * page-table entries move), MADV_DONTNEED of 64 private pages gives 64
 * back, and unmapping everything gives back what mmap took. Linux's
 * answers to the calls are the same (mm/mremap.c, mm/madvise.c).
 */
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include "pages.h"

static void
shared_anon(void)
{
	char *s = anon(2, MAP_SHARED);

	fill(s, 2, 's');
	char *priv = anon(1, MAP_PRIVATE);
	check_errno("old_size 0 of a private region", (long)remap(priv, 0, PG, MREMAP_MAYMOVE, 0), EINVAL);
	munmap(priv, PG);
	char *t = remap(s, 0, 2 * PG, MREMAP_MAYMOVE, 0);
	check_long("old_size 0 of a shared region: a second mapping", t != MAP_FAILED && t != s, 1);
	check_long("second mapping: the same bytes", wrong(t, 2, 's'), 0);
	t[5] = 'X';
	check_long("a store through one is seen through the other", s[5], 'X');
	char *u = anon(2, MAP_PRIVATE);
	check_long("shared region moved (FIXED)", remap(s, 2 * PG, 2 * PG, MREMAP_MAYMOVE | MREMAP_FIXED, u) == u, 1);
	u[PG + 7] = 'Y';
	check_long("moved: still the second mapping's pages", t[PG + 7], 'Y');
	munmap(t, 2 * PG);
	munmap(u, 2 * PG);
}

static void
dontunmap(void)
{
	char *a = anon(1, MAP_PRIVATE);

	fill(a, 1, 'u');
	char *b = remap(a, PG, PG, MREMAP_MAYMOVE | MREMAP_DONTUNMAP, 0);
	check_long("DONTUNMAP: moved", b != MAP_FAILED && b != a, 1);
	check_long("DONTUNMAP: the page went", wrong(b, 1, 'u'), 0);
	check_long("DONTUNMAP: the old range stays, zero", mapped(a) && a[0] == 0, 1);
	check_errno("DONTUNMAP with another size", (long)remap(a, PG, 2 * PG, MREMAP_MAYMOVE | MREMAP_DONTUNMAP, 0), EINVAL);
	munmap(a, PG);
	munmap(b, PG);
}

static void
pages(void)
{
	long before = free_pages();
	char *a = anon(64, MAP_PRIVATE);

	fill(a, 64, 1);
	long filled = free_pages();
	check_long("mmap of 64 pages took them (and at most 2 tables)", before - filled >= 64 && before - filled <= 66, 1);
	char *b = remap(a, 64 * PG, 64 * PG, MREMAP_MAYMOVE | MREMAP_FIXED, a - 256 * PG);
	check_long("moved 64 pages down 1 MiB", b == a - 256 * PG, 1);
	check_long("moved: every page's bytes", wrong(b, 64, 1), 0);
	check_long("the move took no page for contents (at most 2 tables)", filled - free_pages() <= 2, 1);
	long moved = free_pages();
	check_long("MADV_DONTNEED of the 64 pages", sysret(syscall3(SYS_madvise, b, 64 * PG, MADV_DONTNEED)), 0);
	check_long("MADV_DONTNEED gave 64 pages back", free_pages() - moved, 64);
	check_long("the pages read as zeros", b[0] | b[63 * PG + 5], 0);
	munmap(b, 64 * PG);
	check_long("munmap: back to what there was (tables aside)", before - free_pages() <= 4, 1);
}

int
main(int argc, char **argv)
{
	(void)argc;
	steady_pages(argv);
	check_errno("new_size 0", (long)remap(anon(1, MAP_PRIVATE), PG, 0, MREMAP_MAYMOVE, 0), EINVAL);
	shared_anon();
	dontunmap();
	pages();
	return 0;
}
