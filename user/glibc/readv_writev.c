/* Scatter/gather I/O: writev of three pieces, readv into three buffers. */
#include <fcntl.h>
#include <sys/uio.h>
#include <unistd.h>
#include "check.h"

int main(void)
{
	volatile int neg = -1;
	const char *name = "readv_writev.dat";
	char a[6] = { 0 }, b[11] = { 0 }, c[32] = { 0 };
	struct iovec out[3] = {
		{ "alpha-", 6 }, { "bravo+charlie", 13 }, { "!delta", 6 }
	};
	struct iovec in[3] = { { a, 5 }, { b, 10 }, { c, sizeof c - 1 } };
	int fd = open(name, O_RDWR | O_CREAT | O_TRUNC, 0644);

	CHECK(fd >= 0);
	printf("writev wrote %zd\n", writev(fd, out, 3));
	CHECK(lseek(fd, 0, SEEK_SET) == 0);
	printf("readv read %zd: [%s] [%s] [%s]\n", readv(fd, in, 3), a, b, c);
	printf("pwritev: %zd\n", pwritev(fd, out, 1, 100));
	char d[8] = { 0 };
	struct iovec one = { d, 6 };
	printf("preadv: %zd [%s]\n", preadv(fd, &one, 1, 100), d);
	CHECK(close(fd) == 0);
	fflush(stdout);
	struct iovec msg[2] = { { "to stdout ", 10 }, { "via writev\n", 11 } };
	CHECK(writev(1, msg, 2) == 21);
	CHECK_ERR("writev with a negative count", writev(1, msg, neg), EINVAL);
	CHECK(unlink(name) == 0);
	return 0;
}
