/*
 * readbench FILE CHUNK [KIB]: reads FILE (or its first KIB KiB) from the
 * start in CHUNK-byte read() calls and prints
 *
 *   readbench file=FILE chunk=CHUNK kib=K ms=T mib_per_s=R requests=Q cpu_us=C
 *
 * timed with CLOCK_MONOTONIC; Q is the disk requests it took (blkstats),
 * C the CPU time the reading took (CLOCK_PROCESS_CPUTIME_ID: the kernel's
 * work for it, not the waits for the disk; under QEMU -icount it counts
 * instructions, so it repeats from run to run).
 * /dev/vda is the raw disk, read around the block cache: the limit a
 * file read through the FAT code is measured against (make bench).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "syscall.h"

static long long
now_ns(clockid_t clock)
{
	struct timespec ts;

	clock_gettime(clock, &ts);
	return (long long)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

int
main(int argc, char **argv)
{
	static char buf[1 << 20];
	struct blkstats b0, b1;

	if (argc < 3 || argc > 4) {
		fprintf(stderr, "usage: readbench FILE CHUNK [KIB]\n");
		return 2;
	}
	long chunk = atol(argv[2]);
	long long limit = argc == 4 ? atoll(argv[3]) * 1024 : -1;
	if (chunk < 512 || chunk > (long)sizeof buf) {
		fprintf(stderr, "readbench: CHUNK must be 512..%ld\n", (long)sizeof buf);
		return 2;
	}
	int fd = open(argv[1], O_RDONLY);
	if (fd < 0) {
		fprintf(stderr, "readbench: %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	long long total = 0, start = now_ns(CLOCK_MONOTONIC);
	long long cpu0 = now_ns(CLOCK_PROCESS_CPUTIME_ID);
	blkstats(&b0);
	for (;;) {
		long want = limit >= 0 && limit - total < chunk ? (long)(limit - total) : chunk;
		if (want <= 0)
			break;
		long n = read(fd, buf, want);
		if (n < 0) {
			fprintf(stderr, "readbench: read: %s\n", strerror(errno));
			return 1;
		}
		if (n == 0)
			break;
		total += n;
	}
	long long ns = now_ns(CLOCK_MONOTONIC) - start;
	long long cpu = now_ns(CLOCK_PROCESS_CPUTIME_ID) - cpu0;
	blkstats(&b1);
	close(fd);
	long long kib_per_s = ns ? total * 1000000000LL / ns / 1024 : 0;
	printf("readbench file=%s chunk=%ld kib=%lld ms=%lld mib_per_s=%lld.%02lld requests=%lld cpu_us=%lld\n",
	       argv[1], chunk, total / 1024, ns / 1000000, kib_per_s / 1024,
	       kib_per_s % 1024 * 100 / 1024, (long long)(b1.requests - b0.requests), cpu / 1000);
	return 0;
}
