/*
 * syncrange: syncfs(2) and sync_file_range(2) as Linux 6.1 answers
 * them. syncfs of a tmpfs file, of the root's directory, of a pipe and
 * a socket (nothing to write), EBADF for a bad descriptor.
 * sync_file_range with each flag and all, a length of 0 (to the end),
 * of a read-only file and a directory; and its errors in Linux's order:
 * a bad descriptor (EBADF), unknown flags, a negative offset, a range
 * that ends below 0 or wraps (EINVAL), then a file with no pages: a
 * pipe, a FIFO, a socket, an eventfd (ESPIPE).
 */
#include <fcntl.h>
#include <stdio.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "rawerr.h"
#include "syscall.h"

static long
sfr(int fd, long off, long n, unsigned flags)
{
	return syscall4(SYS_sync_file_range, fd, off, n, flags);
}

int
main(void)
{
	int p[2], s[2];
	int fd = open("/tmp/sfr", O_RDWR | O_CREAT | O_TRUNC, 0644);
	int ro = open("/tmp/sfr", O_RDONLY);
	int root = open("/", O_RDONLY | O_DIRECTORY);
	int ev = eventfd(0, 0);

	write(fd, "some bytes", 10);
	pipe(p);
	socketpair(AF_UNIX, SOCK_STREAM, 0, s);
	mkfifo("/tmp/sfr.fifo", 0644);
	int fifo = open("/tmp/sfr.fifo", O_RDWR);

	check_long("syncfs of a tmpfs file", syscall1(SYS_syncfs, fd), 0);
	check_long("syncfs of the root", syscall1(SYS_syncfs, root), 0);
	check_long("syncfs of a pipe", syscall1(SYS_syncfs, p[0]), 0);
	check_long("syncfs of a socket", syscall1(SYS_syncfs, s[0]), 0);
	check_err("syncfs of a bad descriptor", syscall1(SYS_syncfs, 99), 9);
	check_err("syncfs of -1", syscall1(SYS_syncfs, -1), 9);

	check_long("no flags", sfr(fd, 0, 10, 0), 0);
	check_long("WAIT_BEFORE", sfr(fd, 0, 10, 1), 0);
	check_long("WRITE", sfr(fd, 0, 10, 2), 0);
	check_long("WAIT_AFTER", sfr(fd, 0, 10, 4), 0);
	check_long("all three", sfr(fd, 0, 10, 7), 0);
	check_long("a length of 0: to the end", sfr(fd, 4, 0, 7), 0);
	check_long("past the end", sfr(fd, 1L << 40, 4096, 7), 0);
	check_long("a read-only file", sfr(ro, 0, 0, 2), 0);
	check_long("a directory", sfr(root, 0, 0, 2), 0);
	check_err("a bad descriptor", sfr(99, 0, 0, 2), 9);
	check_err("flag 8", sfr(fd, 0, 0, 8), 22);
	check_err("a pipe, flag 8", sfr(p[0], 0, 0, 8), 22);
	check_err("a negative offset", sfr(fd, -1, 10, 2), 22);
	check_err("a range ending below 0", sfr(fd, 0, -1, 2), 22);
	check_err("a range ending below its start", sfr(fd, 100, -1, 2), 22);
	check_err("a range that wraps", sfr(fd, 0x7fffffffffffffffL, 1, 2), 22);
	check_err("a pipe, a bad range", sfr(p[0], -1, 0, 0), 22);
	check_err("a pipe", sfr(p[0], 0, 0, 2), 29);
	check_err("a FIFO", sfr(fifo, 0, 0, 2), 29);
	check_err("a socket", sfr(s[0], 0, 0, 2), 29);
	check_err("an eventfd", sfr(ev, 0, 0, 2), 29);
	unlink("/tmp/sfr");
	unlink("/tmp/sfr.fifo");
	return 0;
}
