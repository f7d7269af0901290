/*
 * prefaulthole: a read or write whose count runs far past a hole after
 * the buffer returns at once with the bytes before the hole, as Linux's
 * do. The file paths fault the buffer's missing pages in before they
 * take the file system's lock (a lazily loaded program's pages need
 * it; a region whose pages come back at the first touch, as after
 * MADV_DONTNEED, has the walk made too); that walk stops at the first page no fault can give, where the
 * copy stops too, rather than going on a page at a time through a
 * count of 128 GiB.
 */
#include <fcntl.h>
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

#include "check.h"
#include "fsutil.h"

#define HUGE_COUNT (1UL << 37)

/* pread or pwrite of HUGE_COUNT bytes at buf: its result, checked to
 * have come within a second. */
static long timed(const char *what, int fd, char *buf, int write)
{
	char line[200];
	long start = now_ms();
	long n = write ? pwrite(fd, buf, HUGE_COUNT, 0) : pread(fd, buf, HUGE_COUNT, 0);

	snprintf(line, sizeof line, "%s returns within a second", what);
	check_long(line, now_ms() - start < 1000, 1);
	return n;
}

/* At path: a file of two pages, read and written past the hole. */
static void past_hole(const char *path, char *buf)
{
	char what[120];
	int fd = must("open", open(path, O_RDWR | O_CREAT | O_TRUNC, 0644));

	must("fill", write_all(fd, buf, 4096) == 4096 && write_all(fd, buf, 4096) == 4096 ? 0 : -1);
	snprintf(what, sizeof what, "pread of 128 GiB into a page before a hole, %s", path);
	check_long(what, timed("pread", fd, buf, 0), 4096);
	snprintf(what, sizeof what, "pwrite of 128 GiB from a page before a hole, %s", path);
	check_long(what, timed("pwrite", fd, buf, 1), 4096);
	close(fd);
	must("unlink", unlink(path));
}

int
main(void)
{
	/* low, so that the count's pages lie below the top of the space */
	char *buf = mmap((void *)0x100000000L, 2 * 4096, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);

	/* a region given its pages at the first touch: the walk is made */
	void *lazy = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	must("mmap", buf != (char *)0x100000000L || lazy == MAP_FAILED ? -1 : 0);
	must("madvise", madvise(lazy, 4096, MADV_DONTNEED));
	must("munmap", munmap(buf + 4096, 4096));
	memset(buf, 'p', 4096);
	past_hole("/tmp/prefaulthole", buf);
	past_hole("/prefaulthole.dat", buf);
	return 0;
}
