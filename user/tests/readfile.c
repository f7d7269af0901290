/*
 * readfile: /data/big.bin (1 MiB, byte i = (i*7 + i/251) & 0xff) read
 * with several buffer sizes and at several lseek offsets.
 */
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"

#define PATH "/data/big.bin"
#define SIZE (1024 * 1024)

static unsigned char buf[65536 + 1];

static unsigned char
expected(long i)
{
	return (unsigned char)((i * 7 + i / 251) & 0xff);
}

/* Checks n bytes of buf against the file starting at offset. */
static void
check_bytes(const char *what, long offset, long n)
{
	for (long i = 0; i < n; i++) {
		if (buf[i] != expected(offset + i)) {
			printf("FAIL %s: byte at offset %ld: expected %d, got %d\n", what,
			       offset + i, expected(offset + i), buf[i]);
			fail();
		}
	}
}

/* Reads the whole file in chunks of the given size. */
static void
read_all(int fd, long chunk)
{
	char what[64];
	long total = 0;
	ssize_t n;

	snprintf(what, sizeof what, "read whole file in %ld-byte reads", chunk);
	check_long("lseek(0, SEEK_SET)", lseek(fd, 0, SEEK_SET), 0);
	while ((n = read(fd, buf, chunk)) > 0) {
		if (n > chunk) {
			printf("FAIL %s: read returned %ld > %ld\n", what, (long)n, chunk);
			fail();
		}
		check_bytes(what, total, n);
		total += n;
	}
	if (n < 0) {
		printf("FAIL %s: read: %s\n", what, strerror(errno));
		fail();
	}
	check_long(what, total, SIZE);
}

int
main(void)
{
	static const long chunks[] = { 1000, 512, 4096, 5000, 65536, 65537 };
	static const long offsets[] = { 0, 1, 511, 512, 4095, 4096, 123457, 1048000 };
	struct stat st;
	char what[64];
	int fd = open(PATH, O_RDONLY);

	if (fd < 0) {
		printf("FAIL open %s: %s\n", PATH, strerror(errno));
		return 1;
	}
	check_long("fstat size", fstat(fd, &st) == 0 ? st.st_size : -1, SIZE);
	check_long("fstat is regular file", S_ISREG(st.st_mode), 1);

	for (size_t i = 0; i < sizeof chunks / sizeof chunks[0]; i++)
		read_all(fd, chunks[i]);

	/* The first 3000 bytes one at a time. */
	lseek(fd, 0, SEEK_SET);
	for (long i = 0; i < 3000; i++) {
		if (read(fd, buf, 1) != 1 || buf[0] != expected(i)) {
			printf("FAIL 1-byte read at %ld\n", i);
			return 1;
		}
	}
	printf("ok 3000 one-byte reads\n");

	for (size_t i = 0; i < sizeof offsets / sizeof offsets[0]; i++) {
		long off = offsets[i];
		long want = SIZE - off < 1000 ? SIZE - off : 1000;

		snprintf(what, sizeof what, "lseek(%ld) then read(1000)", off);
		check_long("lseek SEEK_SET", lseek(fd, off, SEEK_SET), off);
		check_long(what, read(fd, buf, 1000), want);
		check_bytes(what, off, want);
	}

	check_long("lseek(-100, SEEK_END)", lseek(fd, -100, SEEK_END), SIZE - 100);
	check_long("lseek(-50, SEEK_CUR)", lseek(fd, -50, SEEK_CUR), SIZE - 150);
	check_long("read 1000 near the end", read(fd, buf, 1000), 150);
	check_bytes("read near the end", SIZE - 150, 150);
	check_long("read at end of file", read(fd, buf, 1000), 0);
	check_long("lseek past the end", lseek(fd, SIZE + 4096, SEEK_SET), SIZE + 4096);
	check_long("read past the end", read(fd, buf, 10), 0);
	check_errno("lseek to a negative offset", lseek(fd, -1, SEEK_SET), EINVAL);
	check_long("close", close(fd), 0);
	check_errno("read from the closed fd", read(fd, buf, 1), EBADF);
	printf("readfile: ok\n");
	return 0;
}
