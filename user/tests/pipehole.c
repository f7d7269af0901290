/*
 * pipehole: pipe reads and writes whose user buffer runs into unmapped
 * memory. The copy under the pipe's spinlock finds the page missing,
 * faults it in with the lock dropped, fails again and gives up: a read
 * returns what it copied before the hole, then EFAULT, and leaves the
 * rest in the pipe; a long write returns what went in before the hole;
 * a write of up to PIPE_BUF that cannot go whole does not go at all:
 * Linux 6.1's answers (pipe_read, pipe_write). Not in the linux suite:
 * qemu-riscv64 refuses a partly mapped buffer as a whole.
 */
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "check.h"

#define PAGE 4096

static unsigned char src[2 * PAGE] = { [0] = 1, [PAGE] = 2 };
static unsigned char dst[2 * PAGE];

static void
new_pipe(int p[2])
{
	if (pipe(p) < 0) {
		printf("FAIL pipe: %s\n", errno_name(errno));
		fail();
	}
}

/* Two pages of which the second is unmapped. */
static unsigned char *
half_mapped(void)
{
	unsigned char *m = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
				-1, 0);

	if (m == MAP_FAILED || munmap(m + PAGE, PAGE) < 0) {
		printf("FAIL mmap: %s\n", errno_name(errno));
		fail();
	}
	return m;
}

/* A read into a buffer that ends in a hole: a short count, then EFAULT,
 * and what was not read stays in the pipe. */
static void
read_into_hole(void)
{
	int p[2];
	unsigned char *m = half_mapped();

	new_pipe(p);
	check_long("write two pages", write(p[1], src, 2 * PAGE), 2 * PAGE);
	check_long("read across the hole gives the first page", read(p[0], m, 2 * PAGE), PAGE);
	check_errno("read into the hole", read(p[0], m + PAGE, PAGE), EFAULT);
	check_long("the second page is still there", read(p[0], dst, 2 * PAGE), PAGE);
	check_long("and is the second page written", memcmp(dst, src + PAGE, PAGE) == 0, 1);
	munmap(m, PAGE);
	close(p[0]);
	close(p[1]);
}

/* A write from a buffer that ends in a hole: a long one gives the bytes
 * before it, a PIPE_BUF one and one from the hole EFAULT. */
static void
write_from_hole(void)
{
	int p[2];
	unsigned char *m = half_mapped();

	memset(m, 7, PAGE);
	new_pipe(p);
	check_long("write of two pages across the hole", write(p[1], m, 2 * PAGE), PAGE);
	check_errno("write from the hole", write(p[1], m + PAGE, 100), EFAULT);
	check_long("what went in", read(p[0], dst, 2 * PAGE), PAGE);
	check_long("is the mapped page", dst[0] == 7 && dst[PAGE - 1] == 7, 1);
	close(p[0]);
	close(p[1]);
	new_pipe(p);
	check_errno("PIPE_BUF write across the hole", write(p[1], m + PAGE / 2, PAGE), EFAULT);
	munmap(m, PAGE);
	close(p[0]);
	close(p[1]);
}

int
main(void)
{
	read_into_hole();
	write_from_hole();
	printf("pipehole: done\n");
	return 0;
}
