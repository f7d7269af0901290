/*
 * diskfull: a full disk. A few known files are written, then /fill/N
 * files take every free cluster, 64 KiB per write, until write fails:
 * it must fail with ENOSPC (after at most one short write), mkdir and a
 * file's first byte must fail the same way, and the known files must
 * still read back exactly. Removing the filler must give every cluster
 * back: there is no statfs, so the disk is filled a second time and must
 * take the same number of bytes. The filler is removed at the end.
 */
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "fsutil.h"
#include "syscall.h"

#define CHUNK 65536
#define FILE_MAX (4L << 20)	/* bytes per filler file */
#define PATTERN_SIZE (200L * 1024 + 7)

static unsigned char buf[CHUNK];
static unsigned char back[CHUNK];

static void
write_known(void)
{
	int fd;

	must("mkdir /diskfull", mkdir("/diskfull", 0755));
	write_file("/diskfull/small.txt", "a small file\n", 13);
	fd = must("open", open("/diskfull/pattern.bin", O_WRONLY | O_CREAT | O_TRUNC, 0644));
	for (long off = 0; off < PATTERN_SIZE; off += CHUNK) {
		long n = PATTERN_SIZE - off < CHUNK ? PATTERN_SIZE - off : CHUNK;

		fill_pattern(buf, n, off, 5);
		must("write pattern", write_all(fd, buf, n) == n ? 0 : -1);
	}
	must("close", close(fd));
	printf("ok wrote the known files\n");
}

static void
check_known(const char *when)
{
	char what[96];
	long len = read_file("/diskfull/small.txt", back, sizeof back);
	int fd;

	snprintf(what, sizeof what, "small.txt %s", when);
	check_long(what, len == 13 && memcmp(back, "a small file\n", 13) == 0, 1);
	fd = must("open pattern", open("/diskfull/pattern.bin", O_RDONLY));
	long off = 0, bad = -1, n;
	while (bad < 0 && (n = read(fd, back, CHUNK)) > 0) {
		bad = pattern_mismatch(back, n, off, 5);
		off += n;
	}
	close(fd);
	snprintf(what, sizeof what, "pattern.bin %s: first wrong byte (-1: none)", when);
	check_long(what, bad, -1);
	snprintf(what, sizeof what, "pattern.bin %s: size", when);
	check_long(what, off, PATTERN_SIZE);
}

/*
 * Fills the disk; returns the bytes written. Checks that the write that
 * stops it fails with ENOSPC, and that the last file holds what its
 * last write said it wrote. Every chunk is one pattern stamped with its
 * offset in the fill: making a fresh pattern for tens of MiB would cost
 * seconds of user time.
 */
static long
fill(const char *round)
{
	char path[64], what[96];
	long total = 0, in_file = 0, short_writes = 0, last_at = 0, last_n = 0;
	int files = 0, fd = -1, err = 0;

	must("mkdir /fill", mkdir("/fill", 0755));
	fill_pattern(buf, CHUNK, 0, 7);
	for (;;) {
		long n;

		if (fd < 0 || in_file >= FILE_MAX) {
			if (fd >= 0)
				must("close", close(fd));
			snprintf(path, sizeof path, "/fill/%d", files++);
			fd = open(path, O_RDWR | O_CREAT | O_EXCL, 0644);
			if (fd < 0) {
				err = errno;
				break;
			}
			in_file = 0;
		}
		memcpy(buf, &total, sizeof total);
		n = write(fd, buf, CHUNK);
		if (n < 0) {
			err = errno;
			break;
		}
		last_at = in_file;
		last_n = n;
		short_writes += n < CHUNK;
		total += n;
		in_file += n;
	}
	snprintf(what, sizeof what, "%s: the write that stops the fill fails with", round);
	errno = err;
	check_errno(what, -1, ENOSPC);
	snprintf(what, sizeof what, "%s: short writes before it (at most 1)", round);
	check_long(what, short_writes <= 1, 1);
	snprintf(what, sizeof what, "%s: filled more than 4 MiB", round);
	check_long(what, total > (4L << 20), 1);
	if (fd >= 0) {
		/* The last file's last chunk, written just before the disk ran out. */
		long stamp = total - last_n;

		snprintf(what, sizeof what, "%s: the last file's size is what was written", round);
		check_long(what, lseek(fd, 0, SEEK_END) == in_file, 1);
		memcpy(buf, &stamp, sizeof stamp);
		snprintf(what, sizeof what, "%s: its last write reads back", round);
		check_long(what, pread(fd, back, last_n, last_at) == last_n &&
			   memcmp(back, buf, last_n) == 0, 1);
		must("close", close(fd));
	}
	return total;
}

static void
full_disk_refuses(void)
{
	int fd = open("/diskfull/empty", O_WRONLY | O_CREAT | O_TRUNC, 0644);

	/* The directory has room for the name: only data needs a cluster. */
	check_long("create an empty file on a full disk", fd >= 0, 1);
	check_errno("its first byte", write(fd, "x", 1), ENOSPC);
	check_errno("ftruncate it to 1 MiB", ftruncate(fd, 1 << 20), ENOSPC);
	check_long("its size stays 0", lseek(fd, 0, SEEK_END), 0);
	close(fd);
	check_long("unlink it", unlink("/diskfull/empty"), 0);
	check_errno("mkdir on a full disk", mkdir("/diskfull/dir", 0755), ENOSPC);
}

int
main(void)
{
	long first, second;

	check_long("clear /fill", rm_tree("/fill"), 0);
	check_long("clear /diskfull", rm_tree("/diskfull"), 0);
	write_known();
	first = fill("first fill");
	full_disk_refuses();
	check_known("on the full disk");
	check_long("remove the filler", rm_tree("/fill"), 0);
	check_known("after the filler went");
	second = fill("second fill");
	if (second != first)
		printf("FAIL second fill took %ld bytes, the first %ld\n", second, first);
	check_long("the second fill takes as much as the first", second == first, 1);
	check_long("remove the filler", rm_tree("/fill"), 0);
	check_known("at the end");
	check_long("remove /diskfull", rm_tree("/diskfull"), 0);
	sync();
	printf("diskfull: ok\n");
	return 0;
}
