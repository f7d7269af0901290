/*
 * mremaptop: mremap whose old or new range runs past the top of the
 * user's half is EINVAL, as Linux's (its do_munmap checks the range
 * against TASK_SIZE, 256 GiB under Sv39 as here; tools/linuxref.py's
 * Linux runs Sv57, where these ranges fit and the shrink succeeds).
 * A shrink unmaps the old range's tail, and that tail was unmapped
 * unchecked: sysfuzz's mremap(0x100000000, 0x3fff7ea064, 0x1cfb8, 0)
 * reached the kernel's entries of the page table and the kernel
 * panicked freeing one of its own pages.
 */
#include <sys/mman.h>

#include "check.h"
#include "fsutil.h"
#include "syscall.h"

#define TOP 0x4000000000L	/* Sv39: the end of the user's half */
#define AT 0x100000000L

static long remap(long addr, long old_len, long new_len, long flags, long new_addr)
{
	return sysret(syscall5(SYS_mremap, addr, old_len, new_len, flags, new_addr));
}

int
main(void)
{
	char *p = mmap((void *)AT, 2 * 4096, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);

	must("mmap at 4 GiB", p == (char *)AT ? 0 : -1);
	p[0] = 'r';
	check_errno("shrink whose tail runs past the top",
		    remap(AT, 0x3fff7ea064L, 0x1cfb8, 0, 0), EINVAL);
	check_errno("shrink from past the top", remap(TOP, 8192, 4096, 0, 0), EINVAL);
	check_errno("MREMAP_FIXED to a range past the top",
		    remap(AT, 4096, 8192, MREMAP_MAYMOVE | MREMAP_FIXED, TOP - 4096), EINVAL);
	check_long("the region still there", p[0] + p[4096], 'r');
	check_long("a shrink within the space", remap(AT, 8192, 4096, 0, 0), AT);
	check_long("and a fork afterwards", wait_status(fork() ?: (_exit(3), 0)), 3);
	return 0;
}
