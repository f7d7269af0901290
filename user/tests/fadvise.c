/*
 * fadvise: fadvise64(2) and readahead(2) as Linux 6.1 answers them on
 * tmpfs, whose pages are the file (noop_backing_dev_info): each advice
 * taken on a file, a directory, an eventfd and a socket, any offset, a
 * length of 0 (to the end); and the errors in Linux's order: a bad
 * descriptor (EBADF), a pipe or a FIFO (ESPIPE, whatever the advice), a
 * negative length or an unknown advice (EINVAL). readahead wants a
 * readable regular file (EBADF for a write-only one, EINVAL for a
 * pipe, a directory, a socket), then its count as a length.
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
fadv(int fd, long off, long len, int advice)
{
	return syscall4(SYS_fadvise64, fd, off, len, advice);
}

static long
rahead(int fd, long off, unsigned long count)
{
	return syscall3(SYS_readahead, fd, off, count);
}

int
main(void)
{
	char name[48];
	int p[2], s[2];
	int fd = open("/tmp/fadv", O_RDWR | O_CREAT | O_TRUNC, 0644);
	int wo = open("/tmp/fadv", O_WRONLY);
	int dir = open("/tmp", O_RDONLY | O_DIRECTORY);
	int ev = eventfd(0, 0);

	write(fd, "some bytes", 10);
	pipe(p);
	socketpair(AF_UNIX, SOCK_STREAM, 0, s);
	mkfifo("/tmp/fadv.fifo", 0644);
	int fifo = open("/tmp/fadv.fifo", O_RDWR);

	for (int a = 0; a <= 5; a++) {
		snprintf(name, sizeof name, "advice %d", a);
		check_long(name, fadv(fd, 0, 10, a), 0);
	}
	check_long("a length of 0: to the end", fadv(fd, 5, 0, 3), 0);
	check_long("a negative offset", fadv(fd, -4096, 10, 4), 0);
	check_long("past the end", fadv(fd, 1L << 40, 1L << 40, 3), 0);
	check_long("a write-only file", fadv(wo, 0, 0, 4), 0);
	check_long("a directory", fadv(dir, 0, 0, 2), 0);
	check_long("an eventfd", fadv(ev, 0, 0, 2), 0);
	check_long("a socket", fadv(s[0], 0, 0, 2), 0);
	check_err("a bad descriptor", fadv(99, 0, 0, 0), 9);
	check_err("a pipe", fadv(p[0], 0, 0, 0), 29);
	check_err("a pipe, a bad advice", fadv(p[1], 0, -1, 99), 29);
	check_err("a FIFO", fadv(fifo, 0, 0, 3), 29);
	check_err("advice 6", fadv(fd, 0, 0, 6), 22);
	check_err("advice -1", fadv(fd, 0, 0, -1), 22);
	check_err("a negative length", fadv(fd, 0, -1, 0), 22);
	check_err("an eventfd, a bad advice", fadv(ev, 0, 0, 7), 22);

	check_long("readahead", rahead(fd, 0, 4096), 0);
	check_long("readahead past the end", rahead(fd, 1L << 40, 4096), 0);
	check_long("readahead of 0", rahead(fd, 0, 0), 0);
	check_err("readahead, a bad descriptor", rahead(99, 0, 10), 9);
	check_err("readahead, a write-only file", rahead(wo, 0, 10), 9);
	check_err("readahead, a pipe's write end", rahead(p[1], 0, 10), 9);
	check_err("readahead, a pipe", rahead(p[0], 0, 10), 22);
	check_err("readahead, a directory", rahead(dir, 0, 10), 22);
	check_err("readahead, a socket", rahead(s[0], 0, 10), 22);
	check_err("readahead, an eventfd", rahead(ev, 0, 10), 22);
	check_err("readahead, a count of 2^64 - 1", rahead(fd, 0, ~0UL), 22);
	unlink("/tmp/fadv");
	unlink("/tmp/fadv.fifo");
	return 0;
}
