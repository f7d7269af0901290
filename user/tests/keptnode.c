/*
 * keptnode: a closed file's node is kept with the runs of its cluster
 * chain, for the next open to read without scanning the FAT again. The
 * test makes that memory wrong wherever it could go wrong: a file is
 * read (its runs learned), closed, and then removed and made again
 * under the same name with the same size but another chain, replaced by
 * a rename, renamed away, grown and cut through other opens; every read
 * after that must give the new bytes. Chains are broken into many runs
 * by writing two files in turn.
 */
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"

#define DIR "/keptnode"
#define A DIR "/a"
#define B DIR "/b"
#define C DIR "/c"
#define SIZE 40000L
#define MAXSIZE (3 * SIZE)

static unsigned char want[MAXSIZE], got[MAXSIZE + 1];

/* Byte i of version gen. */
static unsigned char
pattern(long i, int gen)
{
	return (unsigned char)((i * 7 + i / 512 * 13 + gen * 59 + 1) & 0xff);
}

static void
fill(unsigned char *buf, long n, int gen)
{
	for (long i = 0; i < n; i++)
		buf[i] = pattern(i, gen);
}

/* Writes path (gen's bytes, size n) and other in turn, piece bytes at a
 * time, so that their chains interleave on the disk. */
static void
write_two(const char *path, int gen, const char *other, long n, long piece)
{
	static unsigned char buf[MAXSIZE];
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	int fo = open(other, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	fill(buf, n, gen);
	for (long off = 0; off < n; off += piece) {
		long k = n - off < piece ? n - off : piece;
		if (write(fd, buf + off, k) != k || write(fo, buf, k) != k) {
			printf("FAIL write of %s at %ld: %s\n", path, off, strerror(errno));
			fail();
		}
	}
	close(fd);
	close(fo);
}

/* path must hold gen's bytes, n of them, read in one open in pieces of
 * 4096 and then through a second open from the end backwards. */
static int
same(const char *path, int gen, long n)
{
	int fd = open(path, O_RDONLY);
	long have = 0, k;

	if (fd < 0)
		return 0;
	while ((k = read(fd, got + have, 4096)) > 0)
		have += k;
	close(fd);
	fill(want, n, gen);
	if (have != n || memcmp(got, want, n) != 0)
		return 0;
	fd = open(path, O_RDONLY);
	for (long off = (n - 1) / 1000 * 1000; off >= 0; off -= 1000) {
		long len = n - off < 1000 ? n - off : 1000;
		if (pread(fd, got, len, off) != len || memcmp(got, want + off, len) != 0) {
			close(fd);
			return 0;
		}
	}
	close(fd);
	return 1;
}

int
main(void)
{
	mkdir(DIR, 0755);

	write_two(A, 1, C, SIZE, 1000);
	check_long("a written in pieces beside c reads back", same(A, 1, SIZE), 1);

	check_long("unlink a", unlink(A), 0);
	write_two(A, 2, C, SIZE, 3000);
	check_long("a made again, same size, another chain", same(A, 2, SIZE), 1);

	write_two(B, 3, C, SIZE, 1500);
	check_long("b reads back", same(B, 3, SIZE), 1);
	check_long("rename b over a", rename(B, A), 0);
	check_long("a is b's bytes after the rename", same(A, 3, SIZE), 1);

	check_long("rename a to b", rename(A, B), 0);
	write_two(A, 4, C, SIZE, 700);
	check_long("a made where it was moved from", same(A, 4, SIZE), 1);
	check_long("b is still the moved file", same(B, 3, SIZE), 1);

	int fd = open(A, O_WRONLY | O_APPEND);
	unsigned char more[2 * SIZE];
	fill(want, MAXSIZE, 4);
	memcpy(more, want + SIZE, sizeof more);
	int fo = open(C, O_WRONLY | O_APPEND);
	long appended = 0;
	for (long off = 0; off < (long)sizeof more; off += 2000)
		appended += write(fd, more + off, 2000) == 2000 && write(fo, more, 2000) == 2000;
	check_long("appends of 2000 to a and to c in turn", appended, (long)sizeof more / 2000);
	close(fd);
	close(fo);
	check_long("a grown through another open", same(A, 4, MAXSIZE), 1);

	check_long("truncate a to 12345", as_libc(syscall2(SYS_truncate, (long)A, 12345)), 0);
	check_long("a cut", same(A, 4, 12345), 1);
	fd = open(A, O_WRONLY | O_TRUNC);
	close(fd);
	check_long("a emptied by O_TRUNC", same(A, 4, 0), 1);
	write_two(A, 5, C, SIZE, 2500);
	check_long("a written again", same(A, 5, SIZE), 1);

	check_long("unlink a", unlink(A), 0);
	check_long("unlink b", unlink(B), 0);
	check_long("unlink c", unlink(C), 0);
	check_long("rmdir", rmdir(DIR), 0);
	printf("keptnode: ok\n");
	return 0;
}
