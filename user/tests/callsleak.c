/*
 * callsleak: the calls that copy through kernel pages or take
 * descriptors give every page back: a hundred rounds of splice, tee and
 * vmsplice between pipes, a file and a socket, sendmmsg and recvmmsg,
 * preadv2 and pwritev2, close_range over descriptors of two table
 * pages, and their error paths, and the free page count is where it
 * was. (Not run under qemu-riscv64: Linux's page counts move by
 * themselves.)
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include "check.h"
#include "syscall.h"

#define N 1000	/* bytes a transfer: less than a socket's ring holds */

static char buf[8192];

static void
round_once(int fd)
{
	int p[2], q[2], s[2];
	struct iovec v = { buf, N };
	struct mmsghdr m[2];
	long off = 0;

	memset(m, 0, sizeof m);
	for (int i = 0; i < 2; i++) {
		m[i].msg_hdr.msg_iov = &v;
		m[i].msg_hdr.msg_iovlen = 1;
	}

	pipe(p);
	pipe(q);
	socketpair(AF_UNIX, SOCK_STREAM, 0, s);
	syscall6(SYS_splice, fd, (long)&off, p[1], 0, N, 0);
	syscall4(SYS_tee, p[0], q[1], N, 0);
	syscall6(SYS_splice, p[0], 0, s[0], 0, N, 0);
	syscall6(SYS_splice, s[1], 0, p[1], 0, N, 0);
	syscall6(SYS_splice, p[0], 0, fd, (long)&off, N, 0);
	syscall6(SYS_splice, q[0], 0, p[1], 0, N, 0);
	syscall4(SYS_vmsplice, p[1], (long)&v, 1, 0);
	syscall4(SYS_vmsplice, p[0], (long)&v, 1, 0);
	syscall4(SYS_vmsplice, p[1], 8, 1, 0);
	syscall6(SYS_splice, fd, 8, p[1], 0, 10, 0);
	syscall4(SYS_sendmmsg, s[0], (long)m, 2, 0);
	syscall5(SYS_recvmmsg, s[1], (long)m, 2, MSG_DONTWAIT, 0);
	syscall4(SYS_sendmmsg, s[0], 8, 2, 0);
	syscall6(SYS_preadv2, fd, (long)&v, 1, 0, 0, 0);
	syscall6(SYS_pwritev2, fd, (long)&v, 1, -1, 0, 0x10);
	syscall6(SYS_preadv2, fd, (long)&v, 1, 0, 0, 8);
	for (int i = 0; i < 8; i++)
		dup2(p[0], 250 + i * 3);
	syscall3(SYS_close_range, 3 + 0, ~0U, 4);
	syscall3(SYS_close_range, p[0] < fd ? fd + 1 : p[0], ~0U, 0);
	close(p[0]);
	close(p[1]);
	close(q[0]);
	close(q[1]);
	close(s[0]);
	close(s[1]);
	ftruncate(fd, 8192);
}

int
main(int argc, char **argv)
{
	(void)argc;
	steady_pages(argv);
	memset(buf, 'x', sizeof buf);
	int fd = open("/tmp/callsleak", O_RDWR | O_CREAT | O_TRUNC, 0644);
	write(fd, buf, sizeof buf);
	round_once(fd);
	long before = free_pages();
	for (int i = 0; i < 100; i++)
		round_once(fd);
	long after = free_pages();
	check_long("free pages after 100 rounds", after - before, 0);
	close(fd);
	unlink("/tmp/callsleak");
	return 0;
}
