/*
 * blkpattern: file data across sector boundaries, through whatever disk
 * the root is on (virtio-blk on virt, the SPI SD card on sifive_u).
 * Writes /blkpat.bin, 3 MiB (whole sectors go to the disk, not the
 * block cache, so it is read back from the disk), in chunks of sizes
 * that start and end at every kind of offset within a sector; reads it
 * back in other chunk sizes; then reads the raw disk around the cache in
 * one sector and in many, which must agree. blkpattern.host checks the
 * file on the image with mtools after the run.
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "check.h"

#define PATH "/blkpat.bin"
#define SIZE (3L << 20)
#define RAW_SECTORS 128

static unsigned char buf[65536 + 8192];
static unsigned char one[512];

/* Byte i of the file: differs from sector to sector and within each. */
static unsigned char
expected(long i)
{
	return (unsigned char)((i * 13 + i / 512 * 5 + 1) & 0xff);
}

static void
write_all(const long *sizes, int nsizes)
{
	int fd = open(PATH, O_CREAT | O_TRUNC | O_WRONLY, 0644);
	long off = 0;

	check_long("create " PATH, fd >= 0, 1);
	for (int k = 0; off < SIZE; k++) {
		long n = sizes[k % nsizes];
		if (n > SIZE - off)
			n = SIZE - off;
		for (long i = 0; i < n; i++)
			buf[i] = expected(off + i);
		if (write(fd, buf, n) != n) {
			printf("FAIL write of %ld bytes at %ld\n", n, off);
			fail();
		}
		off += n;
	}
	check_long("bytes written", off, SIZE);
	check_long("fsync", fsync(fd), 0);
	check_long("close", close(fd), 0);
}

static void
read_all(long chunk)
{
	int fd = open(PATH, O_RDONLY);
	long off = 0;
	ssize_t n;
	char what[64];

	check_long("open " PATH, fd >= 0, 1);
	while ((n = read(fd, buf, chunk)) > 0) {
		for (long i = 0; i < n; i++) {
			if (buf[i] != expected(off + i)) {
				printf("FAIL byte %ld: expected %d, got %d\n", off + i,
				       expected(off + i), buf[i]);
				fail();
			}
		}
		off += n;
	}
	snprintf(what, sizeof what, "bytes read back in %ld-byte reads", chunk);
	check_long(what, off, SIZE);
	close(fd);
}

/* The root's disk read raw: sector 0 is a FAT32 boot sector, and 128
 * sectors read in one call equal the same read one sector at a time. */
static void
raw_disk(void)
{
	int fd = open("/dev/mmcblk0", O_RDONLY);

	if (fd < 0)
		fd = open("/dev/vda", O_RDONLY);
	check_long("open the root's raw disk", fd >= 0, 1);
	check_long("read sectors 0-127 in one call", read(fd, buf, RAW_SECTORS * 512),
		   RAW_SECTORS * 512);
	check_long("boot signature is 0x55aa", (buf[510] << 8 | buf[511]) == 0x55aa, 1);
	check_long("FAT32 type string", memcmp(buf + 82, "FAT32   ", 8), 0);
	for (int s = 0; s < RAW_SECTORS; s++) {
		if (lseek(fd, s * 512L, SEEK_SET) != s * 512L || read(fd, one, 512) != 512 ||
		    memcmp(one, buf + s * 512, 512)) {
			printf("FAIL sector %d read alone differs\n", s);
			fail();
		}
	}
	check_long("sectors read alone equal the long read", RAW_SECTORS, RAW_SECTORS);
	close(fd);
}

int
main(void)
{
	/* 1, 511, 513 ...: every write starts somewhere new within a sector */
	static const long sizes[] = { 1, 511, 513, 1024, 4095, 8193, 65536, 700, 3 };

	write_all(sizes, sizeof(sizes) / sizeof(sizes[0]));
	read_all(65536);
	read_all(4097);
	raw_disk();
	return 0;
}
