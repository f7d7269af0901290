/*
 * pipefill: pipe reads and writes whose user buffers are not mapped yet.
 * The buffers are the program's own initialized data, which a lazily
 * loaded program (the default) brings in from the disk at the first
 * touch: the kernel copies under the pipe's spinlock, so it must fault
 * those pages in with the lock dropped and try again (pipe.c). The
 * bytes cross intact and a write of up to PIPE_BUF stays whole, as on
 * Linux (the same binary gives the same lines under qemu-riscv64: the
 * linux suite). pipehole has the buffers that cannot be faulted in.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "check.h"

#define PAGE 4096
#define BIG (16 * PAGE)

/* Initialized, so in the file's data: untouched until the copies below. */
static unsigned char src[BIG] = { [0] = 1, [PAGE] = 2, [BIG - 1] = 3 };
static unsigned char dst[BIG] = { [0] = 9 };
static unsigned char small_src[2 * PAGE] = { [PAGE - 8] = 4, [PAGE + 8] = 5 };
static unsigned char small_dst[2 * PAGE] = { [0] = 9 };

static void
new_pipe(int p[2])
{
	if (pipe(p) < 0) {
		printf("FAIL pipe: %s\n", errno_name(errno));
		fail();
	}
}

/* 64 KiB from untouched data through a pipe into untouched data. */
static void
big_copy(void)
{
	int p[2];

	new_pipe(p);
	check_long("write 64 KiB from untouched data", write(p[1], src, BIG), BIG);
	long got = 0, r;
	while (got < BIG && (r = read(p[0], dst + got, BIG - got)) > 0)
		got += r;
	check_long("read it into untouched data", got, BIG);
	check_long("the bytes crossed intact", memcmp(src, dst, BIG) == 0, 1);
	check_long("marks", dst[0] + dst[PAGE] + dst[BIG - 1], 6);
	close(p[0]);
	close(p[1]);
}

/* A PIPE_BUF write across two untouched pages comes out in one read. */
static void
atomic_write(void)
{
	int p[2];

	new_pipe(p);
	check_long("write PIPE_BUF across two untouched pages",
		   write(p[1], small_src + PAGE / 2, PAGE), PAGE);
	check_long("one read takes it whole", read(p[0], small_dst + PAGE / 2, 2 * PAGE - PAGE / 2),
		   PAGE);
	check_long("its bytes", small_dst[PAGE - 8] * 10 + small_dst[PAGE + 8], 45);
	close(p[0]);
	close(p[1]);
}

int
main(void)
{
	big_copy();
	atomic_write();
	printf("pipefill: done\n");
	return 0;
}
