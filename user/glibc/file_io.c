/* open/read/write/close on a new file: create, truncate, append, short reads. */
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include "check.h"

int main(void)
{
	const char *name = "file_io.dat";
	char buf[256];
	struct stat st;
	int fd;

	fd = open(name, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	CHECK(fd >= 0);
	for (int i = 0; i < 100; i++) {
		int n = snprintf(buf, sizeof buf, "line %03d\n", i);
		CHECK(write(fd, buf, n) == n);
	}
	CHECK(close(fd) == 0);
	CHECK(stat(name, &st) == 0);
	printf("size after 100 lines: %lld\n", (long long)st.st_size);

	fd = open(name, O_WRONLY | O_APPEND);
	CHECK(fd >= 0);
	CHECK(write(fd, "tail\n", 5) == 5);
	CHECK(fstat(fd, &st) == 0);
	printf("size after append: %lld\n", (long long)st.st_size);
	CHECK(close(fd) == 0);

	fd = open(name, O_RDONLY);
	CHECK(fd >= 0);
	ssize_t n = read(fd, buf, 18);
	printf("first read %zd: %.*s", n, (int)n, buf);
	long total = n;
	while ((n = read(fd, buf, sizeof buf)) > 0)
		total += n;
	CHECK(n == 0);
	printf("read %ld bytes in all\n", total);
	CHECK(close(fd) == 0);

	fd = open(name, O_RDWR | O_TRUNC);
	CHECK(fd >= 0);
	CHECK(fstat(fd, &st) == 0);
	printf("size after O_TRUNC: %lld\n", (long long)st.st_size);
	CHECK(read(fd, buf, sizeof buf) == 0);
	CHECK(close(fd) == 0);
	CHECK(unlink(name) == 0);
	CHECK_ERR("open after unlink", open(name, O_RDONLY), ENOENT);
	CHECK_ERR("open O_EXCL on existing", open(".", O_CREAT | O_EXCL | O_WRONLY, 0644), EEXIST);
	return 0;
}
