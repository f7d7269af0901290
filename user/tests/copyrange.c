/*
 * copyrange: copy_file_range(2) as Linux 6.1 gives it. A whole file
 * through the descriptors' offsets (which move), a range at offsets of
 * the caller's (which move instead), nothing at the end of the source,
 * a copy within one file when the ranges do not overlap; and the errors
 * in Linux's order: flags, a write-only source, a read-only or O_APPEND
 * destination, a pipe, a directory, overlapping ranges of one file, and
 * a copy between two file systems (EXDEV). (A negative offset is EINVAL
 * in 6.1 and EOVERFLOW in later kernels: not checked.)
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "rawerr.h"
#include "syscall.h"

#define SIZE 10000

static long
cfr(int in, long *off_in, int out, long *off_out, long len, long flags)
{
	return syscall6(SYS_copy_file_range, in, (long)off_in, out, (long)off_out, len, flags);
}

/* 1 if path holds the pattern's bytes from..from+n at its offset at. */
static int
same_bytes(const char *path, long at, long from, long n)
{
	static char buf[SIZE];
	int fd = open(path, O_RDONLY);
	long got = fd < 0 ? -1 : pread(fd, buf, n, at);

	close(fd);
	if (got != n)
		return 0;
	for (long i = 0; i < n; i++)
		if (buf[i] != (char)((from + i) * 7 % 251))
			return 0;
	return 1;
}

int
main(void)
{
	static char pattern[SIZE];
	int p[2];

	for (int i = 0; i < SIZE; i++)
		pattern[i] = (char)(i * 7 % 251);
	int src = open("/tmp/cfr.src", O_RDWR | O_CREAT | O_TRUNC, 0644);
	int dst = open("/tmp/cfr.dst", O_RDWR | O_CREAT | O_TRUNC, 0644);
	check_long("write the source", write(src, pattern, SIZE), SIZE);
	lseek(src, 0, SEEK_SET);

	check_long("the whole file, by the descriptors' offsets", cfr(src, 0, dst, 0, 2 * SIZE, 0), SIZE);
	check_long("the source's offset moved", lseek(src, 0, SEEK_CUR), SIZE);
	check_long("the destination's offset moved", lseek(dst, 0, SEEK_CUR), SIZE);
	check_long("the copy holds the bytes", same_bytes("/tmp/cfr.dst", 0, 0, SIZE), 1);
	check_long("at the source's end: 0", cfr(src, 0, dst, 0, 100, 0), 0);

	long oin = 100, oout = 50;
	lseek(src, 7, SEEK_SET);
	check_long("a range at the caller's offsets", cfr(src, &oin, dst, &oout, 200, 0), 200);
	check_long("off_in moved", oin, 300);
	check_long("off_out moved", oout, 250);
	check_long("the source's own offset did not", lseek(src, 0, SEEK_CUR), 7);
	check_long("the range landed", same_bytes("/tmp/cfr.dst", 50, 100, 200), 1);
	oin = SIZE - 10;
	oout = 0;
	check_long("a range past the end is cut short", cfr(src, &oin, dst, &oout, 100, 0), 10);
	oin = 0;
	oout = 2 * SIZE;
	check_long("within one file, ranges apart", cfr(src, &oin, src, &oout, 100, 0), 100);
	check_long("the file grew", lseek(src, 0, SEEK_END), 2 * SIZE + 100);
	check_long("length 0", cfr(src, 0, dst, 0, 0, 0), 0);

	oin = 0;
	oout = 10;
	check_err("flags 1", cfr(src, 0, dst, 0, 10, 1), 22);
	check_err("within one file, ranges that overlap", cfr(src, &oin, src, &oout, 100, 0), 22);
	check_err("a bad offset pointer", cfr(src, (long *)8, dst, 0, 10, 0), 14);
	check_err("a closed descriptor", cfr(99, 0, dst, 0, 10, 0), 9);
	int wronly = open("/tmp/cfr.src", O_WRONLY);
	int rdonly = open("/tmp/cfr.dst", O_RDONLY);
	int append = open("/tmp/cfr.dst", O_WRONLY | O_APPEND);
	check_err("a source open for writing only", cfr(wronly, 0, dst, 0, 10, 0), 9);
	check_err("a destination open for reading only", cfr(src, 0, rdonly, 0, 10, 0), 9);
	check_err("an O_APPEND destination", cfr(src, 0, append, 0, 10, 0), 9);
	pipe(p);
	write(p[1], "xyz", 3);
	check_err("a pipe as the destination", cfr(src, 0, p[1], 0, 10, 0), 22);
	check_err("a pipe as the source", cfr(p[0], 0, dst, 0, 10, 0), 22);
	int dir = open("/tmp", O_RDONLY | O_DIRECTORY);
	check_err("a directory as the source", cfr(dir, 0, dst, 0, 10, 0), 21);
	int proc = open("/proc/self/status", O_RDONLY);
	check_err("from /proc to /tmp: two file systems", cfr(proc, 0, dst, 0, 10, 0), 18);

	unlink("/tmp/cfr.src");
	unlink("/tmp/cfr.dst");
	printf("copyrange: done\n");
	return 0;
}
