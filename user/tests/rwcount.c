/*
 * rwcount: what read, write and the vector calls ask of a count and a
 * buffer before moving a byte, as Linux's vfs_read, vfs_write and
 * import_iovec: a count past MAX_RW_COUNT (0x7ffff000) is cut to it,
 * in all for an iovec array; a buffer outside the user's half is
 * EFAULT, even for a count of 0; an iovec of negative length is
 * EINVAL, and a bad iovec anywhere in the array fails the call before
 * the good ones before it are written. sysfuzz found write(/dev/null,
 * 2, 0x3fff7eaffe) answering the whole count.
 */
#include <fcntl.h>
#include <sys/uio.h>
#include <unistd.h>

#include "check.h"
#include "fsutil.h"

#define BIG (1L << 36)		/* within Sv39's user half from buf */
#define MAX_RW 0x7ffff000L
#define KERNEL ((void *)0xffffffc000000000UL)

static char buf[64];

int
main(void)
{
	int nul = must("open /dev/null", open("/dev/null", O_RDWR));
	int p[2];
	char c;

	check_long("write of 64 GiB to /dev/null", write(nul, buf, BIG), MAX_RW);
	check_long("pwrite of 64 GiB", pwrite(nul, buf, BIG, 0), MAX_RW);
	check_long("read of 64 GiB", read(nul, buf, BIG), 0);
	check_errno("write from a kernel address, count 0", write(nul, KERNEL, 0), EFAULT);
	check_errno("write of SIZE_MAX bytes", write(nul, buf, (size_t)-1), EFAULT);
	check_errno("read into a kernel address", read(nul, KERNEL, 8), EFAULT);

	struct iovec one[] = { { buf, BIG } };
	struct iovec two[] = { { buf, MAX_RW }, { buf, 10 } };
	struct iovec neg[] = { { buf, 10 }, { buf, (size_t)-1 } };
	struct iovec bad[] = { { buf, 5 }, { KERNEL, 5 } };
	check_long("writev of one 64 GiB iovec", writev(nul, one, 1), MAX_RW);
	check_long("writev of MAX_RW_COUNT and 10 more", writev(nul, two, 2), MAX_RW);
	check_errno("writev with a negative length", writev(nul, neg, 2), EINVAL);
	check_errno("writev with a kernel buffer second", writev(nul, bad, 2), EFAULT);
	must("pipe", pipe2(p, O_NONBLOCK));
	check_errno("the same to a pipe", writev(p[1], bad, 2), EFAULT);
	check_errno("which holds nothing", read(p[0], &c, 1), EAGAIN);
	check_errno("readv into a kernel buffer second", readv(p[0], bad, 2), EFAULT);
	return 0;
}
