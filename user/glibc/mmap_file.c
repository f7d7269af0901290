/* File mappings: MAP_PRIVATE copies, MAP_SHARED writes reach the file. */
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>
#include "check.h"

int main(void)
{
	const char *name = "mmap_file.dat";
	size_t len = 3 * 4096 + 100;
	char buf[32];
	int fd = open(name, O_RDWR | O_CREAT | O_TRUNC, 0644);

	CHECK(fd >= 0);
	for (size_t i = 0; i < len; i++) {
		char c = 'a' + i % 26;
		CHECK(write(fd, &c, 1) == 1);
	}
	char *p = mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0);
	CHECK(p != MAP_FAILED);
	unsigned sum = 0;
	for (size_t i = 0; i < len; i++)
		sum = sum * 33 + (unsigned char)p[i];
	printf("read-only map: %.10s... checksum %08x\n", p, sum);
	printf("bytes past the end of file in the last page: %d\n", p[len] == 0);
	CHECK(munmap(p, len) == 0);

	p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 4096);
	CHECK(p != MAP_FAILED);
	p[0] = '#';
	CHECK(pread(fd, buf, 1, 4096) == 1);
	printf("private store '#' leaves the file at '%c', mapping has '%c'\n", buf[0], p[0]);
	CHECK(munmap(p, 4096) == 0);

	p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	CHECK(p != MAP_FAILED);
	memcpy(p, "SHARED", 6);
	CHECK(msync(p, 4096, MS_SYNC) == 0);
	CHECK(pread(fd, buf, 8, 0) == 8);
	printf("shared store reaches the file: %.8s\n", buf);
	CHECK(munmap(p, 4096) == 0);

	CHECK(pwrite(fd, "pwrite", 6, 10) == 6);
	p = mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 0);
	CHECK(p != MAP_FAILED);
	printf("a new mapping sees write(): %.16s\n", p);
	CHECK(munmap(p, 4096) == 0);
	CHECK_ERR("mmap with an unaligned offset",
		  mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, 100) == MAP_FAILED ? -1 : 0, EINVAL);
	CHECK_ERR("mmap of a closed fd",
		  mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, 99, 0) == MAP_FAILED ? -1 : 0, EBADF);
	CHECK(close(fd) == 0);
	CHECK(unlink(name) == 0);
	return 0;
}
