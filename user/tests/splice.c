/*
 * splice: splice(2), tee(2) and vmsplice(2) as Linux 6.1 answers them.
 * A file into a pipe at its offset (which moves) and at one of the
 * caller's (which moves instead); a pipe into a file, taking what it
 * holds without waiting for more; pipe to pipe, moved by splice and
 * copied by tee; a pipe to a socket and back; vmsplice into a pipe and
 * out of one; end of file (0). The waits: SPLICE_F_NONBLOCK and an
 * O_NONBLOCK pipe give EAGAIN for an empty or full pipe. The errors in
 * Linux's order: a length of 0 first (0, whatever else), then flags
 * (EINVAL), descriptors (EBADF), an offset for a pipe (ESPIPE), a bad
 * offset pointer (EFAULT), the ends' modes (EBADF), no pipe or one pipe
 * at both ends (EINVAL), an O_APPEND or negative-offset destination, a
 * directory or an eventfd (EINVAL), a pipe with no reader (EPIPE);
 * vmsplice of a file (EBADF), of too many or bad iovecs.
 */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include "check.h"
#include "rawerr.h"
#include "syscall.h"

#define NONBLOCK 0x02

static long
spl(int in, long *oin, int out, long *oout, unsigned long len, unsigned flags)
{
	return syscall6(SYS_splice, in, (long)oin, out, (long)oout, len, flags);
}

static long
tee_(int in, int out, unsigned long len, unsigned flags)
{
	return syscall4(SYS_tee, in, out, len, flags);
}

static long
vms(int fd, const struct iovec *v, unsigned long n, unsigned flags)
{
	return syscall4(SYS_vmsplice, fd, (long)v, n, flags);
}

/* What a pipe (or socket) holds now, as a string (O_NONBLOCK read). */
static const char *
drain(int fd)
{
	static char buf[128];
	int fl = fcntl(fd, F_GETFL);
	long n;

	fcntl(fd, F_SETFL, fl | O_NONBLOCK);
	n = read(fd, buf, sizeof buf - 1);
	fcntl(fd, F_SETFL, fl);
	buf[n < 0 ? 0 : n] = 0;
	return buf;
}

static const char *
contents(int fd)
{
	static char buf[64];
	long n = pread(fd, buf, sizeof buf - 1, 0);

	buf[n < 0 ? 0 : n] = 0;
	return buf;
}

int
main(void)
{
	int p[2], q[2], e[2], full[2], s[2];
	long off;
	char buf[16] = { 0 };
	int fd = open("/tmp/spl", O_RDWR | O_CREAT | O_TRUNC, 0644);
	int app = open("/tmp/spl", O_WRONLY | O_APPEND);
	int dir = open("/tmp", O_RDONLY | O_DIRECTORY);
	int ev = eventfd(0, 0);

	signal(SIGPIPE, SIG_IGN);
	write(fd, "0123456789", 10);
	lseek(fd, 0, SEEK_SET);
	pipe(p);
	pipe(q);
	pipe(e);
	pipe(full);
	socketpair(AF_UNIX, SOCK_STREAM, 0, s);

	check_long("a file into a pipe", spl(fd, 0, p[1], 0, 4, 0), 4);
	check_long("the file's offset moved", lseek(fd, 0, SEEK_CUR), 4);
	check_str("the pipe holds", drain(p[0]), "0123");
	off = 6;
	check_long("from an offset of the caller's, to the end", spl(fd, &off, p[1], 0, 100, 0), 4);
	check_long("that offset moved", off, 10);
	check_long("the file's did not", lseek(fd, 0, SEEK_CUR), 4);
	check_str("the pipe holds", drain(p[0]), "6789");
	off = 10;
	check_long("at the file's end: 0", spl(fd, &off, p[1], 0, 100, 0), 0);

	write(p[1], "abc", 3);
	off = 2;
	check_long("a pipe into a file, at an offset", spl(p[0], 0, fd, &off, 10, 0), 3);
	check_long("the offset moved", off, 5);
	check_str("the file", contents(fd), "01abc56789");
	write(p[1], "XY", 2);
	check_long("a pipe into a file, at its offset", spl(p[0], 0, fd, 0, 10, 0), 2);
	check_long("the file's offset moved", lseek(fd, 0, SEEK_CUR), 6);
	check_str("the file", contents(fd), "01abXY6789");

	write(p[1], "hello", 5);
	check_long("pipe to pipe", spl(p[0], 0, q[1], 0, 3, 0), 3);
	check_str("moved", drain(q[0]), "hel");
	check_long("tee", tee_(p[0], q[1], 10, 0), 2);
	check_str("copied", drain(q[0]), "lo");
	check_str("and left", drain(p[0]), "lo");

	write(p[1], "sock", 4);
	check_long("a pipe into a socket", spl(p[0], 0, s[0], 0, 10, 0), 4);
	check_str("the peer reads", drain(s[1]), "sock");
	write(s[1], "back", 4);
	check_long("a socket into a pipe", spl(s[0], 0, p[1], 0, 10, 0), 4);
	check_str("the pipe holds", drain(p[0]), "back");

	struct iovec v[2] = { { "vm", 2 }, { "splice", 6 } };
	check_long("vmsplice into a pipe", vms(p[1], v, 2, 0), 8);
	check_str("the pipe holds", drain(p[0]), "vmsplice");
	write(p[1], "xyz", 3);
	struct iovec r = { buf, sizeof buf };
	check_long("vmsplice out of a pipe", vms(p[0], &r, 1, 0), 3);
	check_str("what came", buf, "xyz");

	close(e[1]);
	check_long("splice at a pipe's end of file", spl(e[0], 0, fd, 0, 10, 0), 0);
	check_long("tee at a pipe's end of file", tee_(e[0], q[1], 10, 0), 0);
	check_long("pipe to pipe at end of file", spl(e[0], 0, q[1], 0, 10, 0), 0);
	check_long("vmsplice at end of file", vms(e[0], &r, 1, 0), 0);
	check_err("an empty pipe, NONBLOCK", spl(p[0], 0, fd, 0, 10, NONBLOCK), 11);
	check_err("an empty pipe to a pipe, NONBLOCK", spl(p[0], 0, q[1], 0, 10, NONBLOCK), 11);
	check_err("tee of an empty pipe, NONBLOCK", tee_(p[0], q[1], 10, NONBLOCK), 11);
	check_err("vmsplice of an empty pipe, NONBLOCK", vms(p[0], &r, 1, NONBLOCK), 11);
	fcntl(p[0], F_SETFL, O_NONBLOCK);
	check_err("an empty O_NONBLOCK pipe", spl(p[0], 0, fd, 0, 10, 0), 11);
	check_err("tee of it", tee_(p[0], q[1], 10, 0), 11);
	fcntl(full[1], F_SETFL, O_NONBLOCK);
	while (write(full[1], "0123456789abcdef", 16) > 0)
		;
	check_err("into a full pipe, NONBLOCK", spl(fd, 0, full[1], 0, 10, NONBLOCK), 11);
	check_err("into a full O_NONBLOCK pipe", spl(fd, 0, full[1], 0, 10, 0), 11);
	check_err("vmsplice into a full pipe, NONBLOCK", vms(full[1], v, 2, NONBLOCK), 11);

	check_long("a length of 0", spl(99, 0, 98, 0, 0, 0xff), 0);
	check_err("flag 0x10", spl(fd, 0, p[1], 0, 4, 0x10), 22);
	check_err("a bad source", spl(99, 0, p[1], 0, 4, 0), 9);
	check_err("a bad destination", spl(fd, 0, 99, 0, 4, 0), 9);
	off = 0;
	check_err("an offset for the source pipe", spl(q[0], &off, fd, 0, 4, 0), 29);
	check_err("an offset for the destination pipe", spl(fd, 0, q[1], &off, 4, 0), 29);
	check_err("a bad offset pointer", spl(fd, (long *)8, q[1], 0, 4, 0), 14);
	check_err("a write end as the source", spl(q[1], 0, fd, 0, 4, 0), 9);
	check_err("a read end as the destination", spl(fd, 0, q[0], 0, 4, 0), 9);
	check_err("a file into a file", spl(fd, 0, fd, 0, 4, 0), 22);
	check_err("one pipe at both ends", spl(q[0], 0, q[1], 0, 4, 0), 22);
	write(q[1], "z", 1);
	check_err("into an O_APPEND file", spl(q[0], 0, app, 0, 4, 0), 22);
	off = -1;
	check_err("at a negative offset", spl(q[0], 0, fd, &off, 4, 0), 22);
	check_err("from a negative offset", spl(fd, &off, q[1], 0, 4, 0), 22);
	check_err("an offset for a socket", spl(s[0], &off, q[1], 0, 4, 0), 22);
	check_err("from a directory", spl(dir, 0, q[1], 0, 4, 0), 22);
	check_err("from an eventfd", spl(ev, 0, q[1], 0, 4, 0), 22);
	check_err("into an eventfd", spl(q[0], 0, ev, 0, 4, 0), 22);
	check_str("the byte stayed", drain(q[0]), "z");
	close(e[0]);
	pipe(e);
	close(e[0]);
	check_err("into a pipe with no reader", spl(fd, 0, e[1], 0, 4, 0), 32);
	write(q[1], "z", 1);
	check_err("pipe to a pipe with no reader", spl(q[0], 0, e[1], 0, 4, 0), 32);
	check_str("the byte stayed", drain(q[0]), "z");
	check_err("vmsplice into it", vms(e[1], v, 2, 0), 32);

	check_err("tee, flag 0x10, length 0", tee_(p[0], q[1], 0, 0x10), 22);
	check_long("tee, length 0", tee_(99, 98, 0, 0), 0);
	check_err("tee, a bad descriptor", tee_(99, q[1], 4, 0), 9);
	check_err("tee of a file", tee_(fd, q[1], 4, 0), 22);
	check_err("tee of one pipe", tee_(q[0], q[1], 4, 0), 22);
	check_err("tee into a read end", tee_(q[0], p[0], 4, 0), 9);

	check_err("vmsplice, flag 0x10", vms(p[1], v, 2, 0x10), 22);
	check_err("vmsplice, a bad descriptor", vms(99, v, 2, 0), 9);
	check_err("vmsplice of a file", vms(fd, v, 2, 0), 9);
	check_long("vmsplice of a file, nothing to move", vms(fd, v, 0, 0), 0);
	check_err("vmsplice, 1025 iovecs", vms(p[1], v, 1025, 0), 22);
	check_err("vmsplice, a bad iovec pointer", vms(p[1], (struct iovec *)8, 1, 0), 14);
	check_err("vmsplice, a negative length", vms(p[1], &(struct iovec){ buf, -1UL }, 1, 0), 22);
	check_err("vmsplice, a bad buffer", vms(q[1], &(struct iovec){ (void *)8, 4 }, 1, 0), 14);
	unlink("/tmp/spl");
	return 0;
}
