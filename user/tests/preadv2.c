/*
 * preadv2: preadv2(2) and pwritev2(2) as Linux 6.1 gives them. At an
 * offset (the file's own not moved) and at -1 (the file's, which moves),
 * RWF_APPEND at the end whatever the offset, RWF_DSYNC, RWF_SYNC and
 * RWF_HIPRI taken; a pipe at -1. The errors in Linux's order: an offset
 * below -1 (EINVAL, before the descriptor), a bad descriptor (EBADF), an
 * offset on a pipe (ESPIPE), too many iovecs (EINVAL: the count is
 * 32-bit, so 2^40 is none), the wrong mode
 * (EBADF), unknown flags (EOPNOTSUPP, but not for an empty transfer), a
 * bad iovec pointer (EFAULT); RWF_NOWAIT, which Linux 6.1 allows on no
 * file of tmpfs, nor on a pipe (EOPNOTSUPP: later kernels allow both).
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

#include "check.h"
#include "rawerr.h"
#include "syscall.h"

#define HIPRI  0x01
#define DSYNC  0x02
#define SYNC   0x04
#define NOWAIT 0x08
#define APPEND 0x10

static long
prv2(int fd, struct iovec *v, long cnt, long off, int flags)
{
	return syscall6(SYS_preadv2, fd, (long)v, cnt, off, 0, flags);
}

static long
pwv2(int fd, struct iovec *v, long cnt, long off, int flags)
{
	return syscall6(SYS_pwritev2, fd, (long)v, cnt, off, 0, flags);
}

/* The file's bytes, as a string. */
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
	char a[4] = { 0 }, b[4] = { 0 };
	struct iovec rv[2] = { { a, 3 }, { b, 3 } };
	struct iovec wv[2] = { { "ab", 2 }, { "cd", 2 } };
	struct iovec none = { a, 0 };
	int p[2];
	int fd = open("/tmp/pv2", O_RDWR | O_CREAT | O_TRUNC, 0644);
	int wo = open("/tmp/pv2", O_WRONLY);

	write(fd, "0123456789", 10);
	lseek(fd, 1, SEEK_SET);
	check_long("preadv2 at 2", prv2(fd, rv, 2, 2, 0), 6);
	check_str("what it read", a, "234");
	check_str("into the second iovec", b, "567");
	check_long("the offset stayed", lseek(fd, 0, SEEK_CUR), 1);
	check_long("preadv2 at -1", prv2(fd, rv, 2, -1, 0), 6);
	check_str("from the offset", a, "123");
	check_long("the offset moved", lseek(fd, 0, SEEK_CUR), 7);
	check_long("RWF_HIPRI on a read", prv2(fd, rv, 1, 0, HIPRI), 3);
	check_long("RWF_DSYNC on a read: no meaning", prv2(fd, rv, 1, 0, DSYNC), 3);
	check_long("past the end", prv2(fd, rv, 2, 100, 0), 0);

	check_long("pwritev2 at 0", pwv2(fd, wv, 2, 0, 0), 4);
	check_str("it wrote", contents(fd), "abcd456789");
	check_long("the offset stayed", lseek(fd, 0, SEEK_CUR), 7);
	check_long("pwritev2 at -1", pwv2(fd, wv, 1, -1, 0), 2);
	check_str("at the offset", contents(fd), "abcd456ab9");
	check_long("the offset moved", lseek(fd, 0, SEEK_CUR), 9);
	check_long("RWF_APPEND at 0", pwv2(fd, wv, 2, 0, APPEND), 4);
	check_str("at the end", contents(fd), "abcd456ab9abcd");
	check_long("the offset stayed", lseek(fd, 0, SEEK_CUR), 9);
	check_long("RWF_APPEND at -1", pwv2(fd, wv, 1, -1, APPEND), 2);
	check_str("at the end", contents(fd), "abcd456ab9abcdab");
	check_long("the offset moved to the end", lseek(fd, 0, SEEK_CUR), 16);
	check_long("RWF_DSYNC", pwv2(fd, wv, 1, 0, DSYNC), 2);
	check_long("RWF_SYNC", pwv2(fd, wv, 1, 0, SYNC), 2);
	check_long("RWF_HIPRI", pwv2(fd, wv, 1, 0, HIPRI), 2);
	check_long("all but NOWAIT", pwv2(fd, wv, 1, 0, HIPRI | DSYNC | SYNC), 2);

	pipe(p);
	check_long("pwritev2 to a pipe at -1", pwv2(p[1], wv, 2, -1, 0), 4);
	check_long("preadv2 from a pipe at -1", prv2(p[0], rv, 1, -1, 0), 3);
	check_str("what came through", a, "abc");

	check_err("an offset of -2", prv2(fd, rv, 1, -2, 0), 22);
	check_err("-2, a bad descriptor", prv2(99, rv, 1, -2, 0), 22);
	check_err("a bad descriptor", prv2(99, rv, 1, 0, 0), 9);
	check_err("a bad descriptor at -1", pwv2(99, wv, 1, -1, 0), 9);
	check_err("a pipe at 0", prv2(p[0], rv, 1, 0, 0), 29);
	check_err("a pipe at 0, 0 iovecs", pwv2(p[1], wv, 0, 0, 0), 29);
	check_err("1025 iovecs", prv2(fd, rv, 1025, 0, 0), 22);
	check_err("a count of 2^32 - 1", pwv2(fd, wv, 0xffffffffL, 0, 0), 22);
	check_long("a count of 2^40: its low 32 bits, 0", pwv2(fd, wv, 1L << 40, 0, 0), 0);
	check_err("preadv2 of a write-only file", prv2(wo, rv, 1, 0, 0), 9);
	check_err("pwritev2 of a pipe's read end", pwv2(p[0], wv, 1, -1, 0), 9);
	check_err("flag 0x1000", prv2(fd, rv, 1, 0, 0x1000), 95);
	check_err("flag 0x80000000", pwv2(fd, wv, 1, 0, (int)0x80000000), 95);
	check_long("flag 0x1000, nothing to read", prv2(fd, &none, 1, 0, 0x1000), 0);
	check_long("flag 0x1000, no iovecs", pwv2(fd, wv, 0, 0, 0x1000), 0);
	check_err("a bad iovec pointer", prv2(fd, (struct iovec *)8, 1, 0, 0), 14);
	check_err("a bad buffer", prv2(fd, &(struct iovec){ (void *)8, 4 }, 1, 0, 0), 14);
	check_err("RWF_NOWAIT, a tmpfs file", prv2(fd, rv, 1, 0, NOWAIT), 95);
	check_err("RWF_NOWAIT, a pipe", pwv2(p[1], wv, 1, -1, NOWAIT), 95);
	check_str("the file at the end", contents(fd), "abcd456ab9abcdab");
	unlink("/tmp/pv2");
	return 0;
}
