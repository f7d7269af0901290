/*
 * madvisehole: madvise over a range of 64 GiB that is a hole but for
 * one page answers at once: ENOMEM, as Linux, with the advice given to
 * the page that is mapped (MADV_DONTNEED zeroes it). The holes are
 * skipped a page table's span at a time, not walked page by page.
 */
#include <stdio.h>
#include <sys/mman.h>

#include "check.h"
#include "fsutil.h"

#define AT 0x100000000L		/* 4 GiB: far below the mmap base and the stack */
#define SPAN (1L << 36)

/* madvise of SPAN bytes from AT with advice: -1 and errno, checked to
 * have come within a second. */
static long timed(const char *what, int advice)
{
	char line[120];
	long start = now_ms();
	long r = madvise((void *)AT, SPAN, advice);
	int e = errno;

	snprintf(line, sizeof line, "%s returns within a second", what);
	check_long(line, now_ms() - start < 1000, 1);
	errno = e;
	return r;
}

int
main(void)
{
	char *p = mmap((void *)AT, 4096, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);

	must("mmap at 4 GiB", p == (char *)AT ? 0 : -1);
	p[0] = 'm';
	check_errno("madvise MADV_NORMAL over the hole", timed("MADV_NORMAL", MADV_NORMAL), ENOMEM);
	check_long("the page kept", p[0], 'm');
	check_errno("madvise MADV_DONTNEED over the hole", timed("MADV_DONTNEED", MADV_DONTNEED),
		    ENOMEM);
	check_long("the page zeroed", p[0], 0);
	return 0;
}
