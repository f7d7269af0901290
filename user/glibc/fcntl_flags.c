/* fcntl: status flags (O_APPEND, O_NONBLOCK), FD_CLOEXEC, F_DUPFD. */
#include <fcntl.h>
#include <unistd.h>
#include "check.h"

int main(void)
{
	const char *name = "fcntl_flags.dat";
	int fd = open(name, O_RDWR | O_CREAT | O_TRUNC, 0644);
	int p[2];

	CHECK(fd >= 0);
	int fl = fcntl(fd, F_GETFL);
	CHECK(fl >= 0);
	printf("access mode O_RDWR: %d, O_APPEND: %d\n", (fl & O_ACCMODE) == O_RDWR,
	       !!(fl & O_APPEND));
	CHECK(write(fd, "0123456789", 10) == 10);
	CHECK(fcntl(fd, F_SETFL, fl | O_APPEND) == 0);
	printf("O_APPEND now: %d\n", !!(fcntl(fd, F_GETFL) & O_APPEND));
	CHECK(lseek(fd, 0, SEEK_SET) == 0);
	CHECK(write(fd, "AB", 2) == 2);
	printf("write after seek to 0 lands at the end: offset %ld\n",
	       (long)lseek(fd, 0, SEEK_CUR));
	printf("FD_CLOEXEC: %d\n", fcntl(fd, F_GETFD));
	CHECK(fcntl(fd, F_SETFD, FD_CLOEXEC) == 0);
	printf("FD_CLOEXEC after F_SETFD: %d\n", fcntl(fd, F_GETFD));
	int d = fcntl(fd, F_DUPFD, 10);
	printf("F_DUPFD(10): %d, cloexec %d\n", d, fcntl(d, F_GETFD));
	int e = fcntl(fd, F_DUPFD_CLOEXEC, 10);
	printf("F_DUPFD_CLOEXEC(10): %d, cloexec %d\n", e, fcntl(e, F_GETFD));
	CHECK(close(d) == 0 && close(e) == 0);

	CHECK(pipe2(p, O_CLOEXEC) == 0);
	printf("pipe2(O_CLOEXEC): %d %d\n", fcntl(p[0], F_GETFD), fcntl(p[1], F_GETFD));
	CHECK(fcntl(p[0], F_SETFL, O_NONBLOCK) == 0);
	char c;
	CHECK_ERR("read from an empty O_NONBLOCK pipe", read(p[0], &c, 1), EAGAIN);
	CHECK(close(p[0]) == 0 && close(p[1]) == 0);
	CHECK_ERR("fcntl on a closed fd", fcntl(p[0], F_GETFL), EBADF);
	CHECK_ERR("fcntl with a bad command", fcntl(fd, 12345), EINVAL);
	int o = open(name, O_RDONLY | O_CLOEXEC);
	printf("open(O_CLOEXEC): %d\n", fcntl(o, F_GETFD));
	CHECK(close(o) == 0 && close(fd) == 0);
	CHECK(unlink(name) == 0);
	return 0;
}
