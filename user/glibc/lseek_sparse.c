/* lseek past the end leaves a hole that reads as zeros; ftruncate both ways. */
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include "check.h"

int main(void)
{
	const char *name = "lseek_sparse.dat";
	unsigned char buf[4096];
	struct stat st;
	int fd = open(name, O_RDWR | O_CREAT | O_TRUNC, 0644);

	CHECK(fd >= 0);
	CHECK(write(fd, "head", 4) == 4);
	printf("lseek to 100000: %ld\n", (long)lseek(fd, 100000, SEEK_SET));
	CHECK(write(fd, "tail", 4) == 4);
	CHECK(fstat(fd, &st) == 0);
	printf("size %lld\n", (long long)st.st_size);
	printf("SEEK_END -4: %ld\n", (long)lseek(fd, -4, SEEK_END));
	printf("SEEK_CUR +2: %ld\n", (long)lseek(fd, 2, SEEK_CUR));
	CHECK(lseek(fd, 0, SEEK_SET) == 0);
	long zeros = 0, total = 0;
	ssize_t n;
	while ((n = read(fd, buf, sizeof buf)) > 0) {
		for (ssize_t i = 0; i < n; i++)
			zeros += buf[i] == 0;
		total += n;
	}
	printf("read %ld bytes, %ld of them zero\n", total, zeros);
	CHECK(pread(fd, buf, 4, 100000) == 4);
	printf("pread at 100000: %.4s\n", buf);
	CHECK(pwrite(fd, "MID!", 4, 50000) == 4);
	CHECK(pread(fd, buf, 6, 49999) == 6);
	printf("pread around 50000: %02x %.4s %02x\n", buf[0], buf + 1, buf[5]);
	CHECK(ftruncate(fd, 10) == 0);
	CHECK(fstat(fd, &st) == 0);
	printf("after ftruncate(10): size %lld\n", (long long)st.st_size);
	CHECK(ftruncate(fd, 9000) == 0);
	CHECK(pread(fd, buf, 20, 0) == 20);
	printf("after ftruncate(9000): %.4s then %d zero bytes\n", buf,
	       buf[10] == 0 && buf[19] == 0 ? 10 : -1);
	CHECK(lseek(fd, 0, SEEK_END) == 9000);
	CHECK(read(fd, buf, 10) == 0);
	printf("read at end: 0\n");
	CHECK_ERR("ftruncate negative", ftruncate(fd, -1), EINVAL);
	CHECK(close(fd) == 0);
	CHECK(truncate(name, 3) == 0);
	CHECK(stat(name, &st) == 0);
	printf("after truncate(3): size %lld\n", (long long)st.st_size);
	CHECK(unlink(name) == 0);
	return 0;
}
