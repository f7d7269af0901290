/* dup/dup2/dup3: stdout redirected into a file and back, shared offsets. */
#include <fcntl.h>
#include <unistd.h>
#include "check.h"

int main(void)
{
	const char *name = "dup_redirect.txt";
	char buf[256];
	int fd, saved, copy;

	fd = open(name, O_RDWR | O_CREAT | O_TRUNC, 0644);
	CHECK(fd >= 0);
	printf("before redirect\n");
	fflush(stdout);
	saved = dup(1);
	CHECK(saved >= 0);
	CHECK(dup2(fd, 1) == 1);
	printf("this line goes to the file\n");
	printf("and this one\n");
	fflush(stdout);
	CHECK(dup2(saved, 1) == 1);
	CHECK(close(saved) == 0);
	printf("after redirect\n");

	CHECK(dup2(fd, fd) == fd);
	CHECK_ERR("dup3 to the same fd", dup3(fd, fd, 0), EINVAL);
	copy = dup(fd);
	CHECK(copy >= 0);
	printf("dup'ed fds share the offset: %d\n",
	       lseek(copy, 0, SEEK_CUR) == lseek(fd, 0, SEEK_CUR));
	CHECK(lseek(copy, 0, SEEK_SET) == 0);
	printf("offset after seeking the copy: %ld\n", (long)lseek(fd, 0, SEEK_CUR));
	ssize_t n = read(fd, buf, sizeof buf - 1);
	CHECK(n > 0);
	buf[n] = '\0';
	printf("file holds:\n%s", buf);
	int hi = dup3(fd, 20, O_CLOEXEC);
	printf("dup3 to 20: %d\n", hi);
	CHECK(close(hi) == 0 && close(copy) == 0 && close(fd) == 0);
	CHECK_ERR("dup of a closed fd", dup(fd), EBADF);
	CHECK(unlink(name) == 0);
	return 0;
}
