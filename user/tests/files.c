/*
 * files: the FAT32 write path through the system calls, one test per
 * thing that breaks: create, overwrite, append, sparse writes, truncate,
 * pread/pwrite, O_EXCL/O_TRUNC, unlink, mkdir/rmdir, rename, long and
 * mixed-case names, open files that cannot be removed, a 3 MiB file and
 * a directory of 300 entries. Scratch files live in /files.tmp, removed
 * at the end. /keep is left behind: files.host reads it with mtools, so
 * the bytes on the disk are checked, not just what the kernel caches.
 *
 * Where Linux's answer differs from FAT's (case-insensitive names,
 * EBUSY for an open file), the test checks the answer of the kernel it
 * runs on: files.linux.out is the run under qemu-riscv64.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "fsutil.h"
#include "syscall.h"

#define T "/files.tmp"

static int fat;	/* our kernel: FAT semantics */
static unsigned char buf[65536];

static long
file_size(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 ? st.st_size : -errno;
}

/* path holds exactly want[0..len). */
static void
check_contents(const char *what, const char *path, const void *want, size_t len)
{
	long got = read_file(path, buf, sizeof buf);

	if (got != (long)len || memcmp(buf, want, len) != 0) {
		printf("FAIL %s: %s does not hold the %zu bytes expected (read %ld)\n",
		       what, path, len, got);
		fail();
	}
	printf("ok %s: %zu bytes\n", what, len);
}

/* Bytes [from, to) of buf are all zero. */
static void
check_zeros(const char *what, const unsigned char *b, long from, long to)
{
	for (long i = from; i < to; i++) {
		if (b[i] != 0) {
			printf("FAIL %s: byte %ld is %d, expected 0\n", what, i, b[i]);
			fail();
		}
	}
	printf("ok %s: bytes %ld..%ld are zero\n", what, from, to - 1);
}

static void
create_write_read(void)
{
	int fd = open(T "/a.txt", O_WRONLY | O_CREAT, 0644);
	struct stat st;
	struct timespec now;

	check_long("open(O_CREAT) of a new file succeeds", fd >= 0, 1);
	check_long("write 5 bytes", write(fd, "hello", 5), 5);
	check_long("fstat size", (fstat(fd, &st), st.st_size), 5);
	check_long("fstat says a regular file", S_ISREG(st.st_mode), 1);
	check_long("close", close(fd), 0);
	check_contents("read back", T "/a.txt", "hello", 5);
	/* FAT keeps local time in 2 s steps; the kernel's clock is the RTC. */
	clock_gettime(CLOCK_REALTIME, &now);
	check_long("st_mtime within 2 minutes of the clock",
		   labs((long)(st.st_mtim.tv_sec - now.tv_sec)) <= 120, 1);
}

static void
overwrite_in_place(void)
{
	int fd = open(T "/a.txt", O_WRONLY);

	check_long("write 2 bytes at offset 0", write(fd, "HE", 2), 2);
	close(fd);
	check_contents("overwrite keeps the rest", T "/a.txt", "HEllo", 5);
}

static void
append(void)
{
	int fd = open(T "/a.txt", O_WRONLY | O_APPEND);

	check_long("O_APPEND write", write(fd, " world", 6), 6);
	check_long("lseek to 0", lseek(fd, 0, SEEK_SET), 0);
	check_long("O_APPEND write after lseek(0)", write(fd, "!", 1), 1);
	close(fd);
	check_contents("appends land at the end", T "/a.txt", "HEllo world!", 12);
}

static void
sparse_write(void)
{
	int fd = open(T "/sparse", O_RDWR | O_CREAT | O_TRUNC, 0644);

	write(fd, "start", 5);
	check_long("lseek 40000 past the end", lseek(fd, 40000, SEEK_SET), 40000);
	check_long("write at 40000", write(fd, "end", 3), 3);
	check_long("size after the sparse write", file_size(T "/sparse"), 40003);
	check_long("pread it all", pread(fd, buf, sizeof buf, 0), 40003);
	check_long("first bytes", memcmp(buf, "start", 5), 0);
	check_zeros("the gap", buf, 5, 40000);
	check_long("last bytes", memcmp(buf + 40000, "end", 3), 0);
	close(fd);
	must("unlink", unlink(T "/sparse"));
}

static void
truncate_down_and_up(void)
{
	int fd = open(T "/trunc", O_RDWR | O_CREAT | O_TRUNC, 0644);

	memset(buf, 'x', 3000);
	write_all(fd, buf, 3000);
	check_long("ftruncate down to 100", ftruncate(fd, 100), 0);
	check_long("size", file_size(T "/trunc"), 100);
	check_long("ftruncate up to 5000", ftruncate(fd, 5000), 0);
	check_long("size", file_size(T "/trunc"), 5000);
	check_long("the offset did not move", lseek(fd, 0, SEEK_CUR), 3000);
	check_long("pread it all", pread(fd, buf, sizeof buf, 0), 5000);
	check_long("first 100 bytes kept", memchr(buf, 0, 100) == NULL, 1);
	check_zeros("old bytes past the cut", buf, 100, 5000);
	check_long("ftruncate to 0", ftruncate(fd, 0), 0);
	check_long("read at the old offset", read(fd, buf, 10), 0);
	check_long("size", file_size(T "/trunc"), 0);
	close(fd);
	must("unlink", unlink(T "/trunc"));
}

/* Last, after the clean-up: Linux says EINVAL, and the kernel once said EBADF. */
static void
ftruncate_read_only(void)
{
	int fd, r, e;

	write_file("/files.ro", "ro", 2);
	fd = must("open", open("/files.ro", O_RDONLY));
	r = ftruncate(fd, 1);
	e = errno;
	close(fd);
	must("unlink", unlink("/files.ro"));
	errno = e;
	check_errno("ftruncate of a read-only fd", r, EINVAL);
}

static void
pread_pwrite(void)
{
	int fd = open(T "/pp", O_RDWR | O_CREAT | O_TRUNC, 0644);
	char b[16] = { 0 };

	write(fd, "0123456789", 10);
	check_long("pwrite 3 bytes at 4", pwrite(fd, "abc", 3, 4), 3);
	check_long("the offset stays at 10", lseek(fd, 0, SEEK_CUR), 10);
	check_long("pread 6 bytes at 2", pread(fd, b, 6, 2), 6);
	check_str("pread", b, "23abc7");
	check_long("pread at the end", pread(fd, b, 6, 10), 0);
	check_long("pwrite past the end", pwrite(fd, "Z", 1, 20), 1);
	check_long("size", file_size(T "/pp"), 21);
	check_errno("pread at a negative offset", pread(fd, b, 1, -1), EINVAL);
	close(fd);
	must("unlink", unlink(T "/pp"));
}

static void
excl_and_trunc(void)
{
	check_errno("O_CREAT|O_EXCL of an existing file",
		    open(T "/a.txt", O_WRONLY | O_CREAT | O_EXCL, 0644), EEXIST);
	int fd = open(T "/new", O_WRONLY | O_CREAT | O_EXCL, 0644);
	check_long("O_CREAT|O_EXCL of a new file", fd >= 0, 1);
	close(fd);
	fd = open(T "/a.txt", O_WRONLY | O_TRUNC);
	check_long("O_TRUNC open", fd >= 0, 1);
	check_long("size after O_TRUNC", file_size(T "/a.txt"), 0);
	close(fd);
	check_errno("open without O_CREAT of a missing file",
		    open(T "/missing", O_WRONLY), ENOENT);
	check_errno("write to an O_RDONLY fd",
		    write(fd = open(T "/new", O_RDONLY), "x", 1), EBADF);
	close(fd);
	check_errno("O_WRONLY open of a directory", open(T, O_WRONLY), EISDIR);
}

static void
unlink_then_enoent(void)
{
	check_long("unlink", unlink(T "/new"), 0);
	check_errno("open after unlink", open(T "/new", O_RDONLY), ENOENT);
	check_errno("unlink again", unlink(T "/new"), ENOENT);
	check_errno("unlink of a directory", unlink(T), EISDIR);
	check_long("unlink a.txt", unlink(T "/a.txt"), 0);
}

static void
mkdir_rmdir(void)
{
	check_long("mkdir", mkdir(T "/d", 0755), 0);
	check_errno("mkdir of an existing name", mkdir(T "/d", 0755), EEXIST);
	check_errno("mkdir under a missing directory", mkdir(T "/no/d", 0755), ENOENT);
	write_file(T "/d/f", "f", 1);
	check_errno("rmdir of a non-empty directory", rmdir(T "/d"), ENOTEMPTY);
	check_errno("rmdir of a file", rmdir(T "/d/f"), ENOTDIR);
	check_errno("open of a path through a file", open(T "/d/f/x", O_RDONLY), ENOTDIR);
	check_long("unlink d/f", unlink(T "/d/f"), 0);
	check_long("entries in d", count_entries(T "/d"), 0);
	check_long("rmdir of the emptied directory", rmdir(T "/d"), 0);
	check_long("stat after rmdir", file_size(T "/d"), -ENOENT);
}

static void
renames(void)
{
	must("mkdir", mkdir(T "/r1", 0755));
	must("mkdir", mkdir(T "/r2", 0755));
	write_file(T "/r1/one", "one", 3);
	check_long("rename within a directory", rename(T "/r1/one", T "/r1/two"), 0);
	check_errno("the old name is gone", open(T "/r1/one", O_RDONLY), ENOENT);
	check_contents("the new name", T "/r1/two", "one", 3);
	check_long("rename across directories", rename(T "/r1/two", T "/r2/three"), 0);
	check_contents("in the other directory", T "/r2/three", "one", 3);
	check_long("entries left in r1", count_entries(T "/r1"), 0);

	write_file(T "/r1/victim", "the old contents", 16);
	check_long("rename over an existing file", rename(T "/r2/three", T "/r1/victim"), 0);
	check_contents("the replaced file", T "/r1/victim", "one", 3);
	check_long("entries in r2", count_entries(T "/r2"), 0);

	must("mkdir", mkdir(T "/r1/sub", 0755));
	write_file(T "/r1/sub/deep", "deep", 4);
	check_errno("move a directory into itself", rename(T "/r1", T "/r1/sub/r1"), EINVAL);
	check_errno("rename a missing file", rename(T "/r1/none", T "/r2/x"), ENOENT);
	check_errno("rename a file over a directory", rename(T "/r1/victim", T "/r2"), EISDIR);
	check_long("move a directory with its contents", rename(T "/r1", T "/r2/moved"), 0);
	check_contents("a file inside the moved directory", T "/r2/moved/sub/deep", "deep", 4);
	must("mkdir", mkdir(T "/r2/empty", 0755));
	check_errno("rename a directory onto a non-empty one",
		    rename(T "/r2/empty", T "/r2/moved"), ENOTEMPTY);
	check_long("rename a directory onto an empty one",
		   rename(T "/r2/moved/sub", T "/r2/empty"), 0);
	check_contents("its file", T "/r2/empty/deep", "deep", 4);
	check_long("rm -r", rm_tree(T "/r2"), 0);
}

static void
long_and_mixed_case_names(void)
{
	static const char *names[] = {
		"A Long File Name With Spaces.txt",
		"MixedCase.TXT",
		"lower.c",
		"name with   three spaces and more than forty characters in it",
		"dots.in.the.middle.tar.gz",
	};
	char path[256], what[160];
	char *seen[8];
	int nseen = 0;
	long len;
	int fd;

	must("mkdir", mkdir(T "/names", 0755));
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		snprintf(path, sizeof path, T "/names/%s", names[i]);
		write_file(path, names[i], strlen(names[i]));
	}
	fd = must("open names", open(T "/names", O_RDONLY | O_DIRECTORY));
	while ((len = getdents64(fd, buf, 4096)) > 0) {
		for (long off = 0; off < len;) {
			struct linux_dirent64 *d = (void *)(buf + off);

			off += d->d_reclen;
			if (d->d_name[0] != '.' && nseen < 8)
				seen[nseen++] = strdup(d->d_name);
		}
	}
	close(fd);
	check_long("names listed", nseen, sizeof names / sizeof names[0]);
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		int found = 0;

		for (int j = 0; j < nseen; j++)
			found |= strcmp(seen[j], names[i]) == 0;
		snprintf(what, sizeof what, "getdents64 gives back \"%s\"", names[i]);
		check_long(what, found, 1);
		snprintf(path, sizeof path, T "/names/%s", names[i]);
		snprintf(what, sizeof what, "contents of \"%s\"", names[i]);
		check_contents(what, path, names[i], strlen(names[i]));
	}

	/* FAT compares names without case; Linux's file systems do not. */
	fd = open(T "/names/mixedcase.txt", O_RDONLY);
	if (fat) {
		struct stat st;

		check_long("open(\"mixedcase.txt\") finds MixedCase.TXT", fd >= 0, 1);
		check_long("its size", fstat(fd, &st) == 0 ? st.st_size : -1, 13);
		close(fd);
		check_errno("O_EXCL create of \"MIXEDCASE.txt\"",
			    open(T "/names/MIXEDCASE.txt", O_WRONLY | O_CREAT | O_EXCL, 0644), EEXIST);
		check_long("rename to another case of the same name",
			   rename(T "/names/lower.c", T "/names/LOWER.C"), 0);
		check_long("entries", count_entries(T "/names"), 5);
		check_contents("lower.c by its new name", T "/names/Lower.C", "lower.c", 7);
	} else {
		check_errno("open(\"mixedcase.txt\") (case-sensitive)", fd, ENOENT);
	}
	check_long("rm -r", rm_tree(T "/names"), 0);
}

static void
open_files_stay(void)
{
	int fd = open(T "/busy", O_RDWR | O_CREAT | O_TRUNC, 0644);
	struct stat st;
	char buf[8] = "";

	/* replaced or unlinked while open, a file stays the descriptor's
	 * (on FAT: its clusters, until the close), as Linux keeps it */
	write_file(T "/other", "other", 5);
	check_long("write to an open file", write(fd, "ok", 2), 2);
	check_long("rename over the open file", rename(T "/other", T "/busy"), 0);
	check_long("the replaced file still works", write(fd, "more", 4), 4);
	check_long("and reads back", pread(fd, buf, sizeof buf, 0), 6);
	check_long("  as written", memcmp(buf, "okmore", 6), 0);
	check_long("its links", (fstat(fd, &st), st.st_nlink), 0);
	check_long("ftruncate it", ftruncate(fd, 1), 0);
	check_contents("the name holds the other", T "/busy", "other", 5);
	close(fd);
	fd = open(T "/busy", O_RDWR);
	/* The open file keeps its directory entry up to date under its new name. */
	check_long("rename of an open file", rename(T "/busy", T "/busy2"), 0);
	check_long("write through the fd after the rename", write(fd, "0123456789", 10), 10);
	check_long("close", close(fd), 0);
	check_contents("the renamed file", T "/busy2", "0123456789", 10);
	check_errno("the old name", open(T "/busy", O_RDONLY), ENOENT);
	fd = open(T "/busy2", O_RDWR);
	check_long("unlink of an open file", unlink(T "/busy2"), 0);
	check_long("write to it after", write(fd, "x", 1), 1);
	check_long("its size", (fstat(fd, &st), st.st_size), 10);
	close(fd);
	check_errno("the name after", open(T "/busy2", O_RDONLY), ENOENT);
}

/* Odd sizes, so that no write or read lines up with a cluster or a page. */
static const int write_chunks[] = { 4093, 1, 65521, 511, 513, 12345, 7, 40000 };
static const int read_chunks[] = { 65536, 3, 4099, 777, 1, 30011 };
#define BIG (3 << 20)

static void
big_file(void)
{
	int fd = open(T "/big", O_WRONLY | O_CREAT | O_TRUNC, 0644);
	long off = 0, bad = -1;
	int i = 0;

	check_long("open big", fd >= 0, 1);
	while (off < BIG) {
		long n = write_chunks[i++ % 8];

		if (n > BIG - off)
			n = BIG - off;
		fill_pattern(buf, n, off, 3);
		if (write_all(fd, buf, n) != n) {
			printf("FAIL write at %ld: %s\n", off, strerror(errno));
			fail();
		}
		off += n;
	}
	check_long("writes in odd chunks", i, 206);
	check_long("close", close(fd), 0);
	check_long("size", file_size(T "/big"), BIG);

	fd = open(T "/big", O_RDONLY);
	for (off = 0, i = 0; bad < 0;) {
		long n = read(fd, buf, read_chunks[i++ % 6]);

		if (n <= 0) {
			check_long("read ends with 0 at the end", n, 0);
			break;
		}
		bad = pattern_mismatch(buf, n, off, 3);
		off += n;
	}
	close(fd);
	check_long("first wrong byte (-1: none)", bad, -1);
	check_long("bytes read back", off, BIG);
	check_long("unlink big", unlink(T "/big"), 0);
}

#define MANY 300

static void
many_files(void)
{
	static char seen[MANY];
	char path[128];
	long len, others = 0, dups = 0;
	int fd;

	must("mkdir", mkdir(T "/many", 0755));
	for (int i = 0; i < MANY; i++) {
		snprintf(path, sizeof path, T "/many/Entry number %03d.dat", i);
		fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0644);
		if (fd < 0 || write(fd, path, 4 + i % 50) != 4 + i % 50) {
			printf("FAIL create %s: %s\n", path, strerror(errno));
			fail();
		}
		close(fd);
	}
	printf("ok created %d files\n", MANY);
	fd = must("open many", open(T "/many", O_RDONLY | O_DIRECTORY));
	/* A small buffer: many calls, each resuming where the last stopped. */
	while ((len = getdents64(fd, buf, 700)) > 0) {
		for (long off = 0; off < len;) {
			struct linux_dirent64 *d = (void *)(buf + off);
			int n;

			off += d->d_reclen;
			if (sscanf(d->d_name, "Entry number %d.dat", &n) == 1 && n >= 0 &&
			    n < MANY && d->d_type == DT_REG)
				dups += seen[n]++ > 0;
			else if (strcmp(d->d_name, ".") && strcmp(d->d_name, ".."))
				others++;
		}
	}
	close(fd);
	check_long("getdents64 ends with 0", len, 0);
	check_long("names seen twice", dups, 0);
	check_long("unexpected names", others, 0);
	check_long("names never seen", (long)(memchr(seen, 0, MANY) ? 1 : 0), 0);
	snprintf(path, sizeof path, T "/many/Entry number %03d.dat", 299);
	check_long("size of the last", file_size(path), 4 + 299 % 50);
	for (int i = 0; i < MANY; i++) {
		snprintf(path, sizeof path, T "/many/entry NUMBER %03d.dat", i);
		if (!fat)
			snprintf(path, sizeof path, T "/many/Entry number %03d.dat", i);
		if (unlink(path) < 0) {
			printf("FAIL unlink %s: %s\n", path, strerror(errno));
			fail();
		}
	}
	printf("ok removed %d files\n", MANY);
	check_long("entries left", count_entries(T "/many"), 0);
	check_long("rmdir", rmdir(T "/many"), 0);
}

/* What files.host finds on the disk after the run. */
static void
leave_keep(void)
{
	int fd;

	check_long("clear /keep", rm_tree("/keep"), 0);
	must("mkdir /keep", mkdir("/keep", 0755));
	must("mkdir /keep/Sub Dir", mkdir("/keep/Sub Dir", 0755));
	write_file("/keep/Read Me First.txt", "Written by the files test.\n", 27);
	/* 500 lines "line N": several clusters. */
	fd = must("open lines", open("/keep/A rather long name, with Mixed Case.log",
				      O_WRONLY | O_CREAT | O_TRUNC, 0644));
	for (int i = 1; i <= 500; i++) {
		int n = snprintf((char *)buf, 32, "line %d\n", i);

		write_all(fd, buf, n);
	}
	close(fd);
	write_file("/keep/Sub Dir/Nested File.txt", "nested\n", 7);
	/* Freed clusters hold old bytes: the gap and the grown tail must read 0 on disk too. */
	memset(buf, 0xAA, 60000);
	write_file("/keep/junk", buf, 60000);
	must("unlink junk", unlink("/keep/junk"));
	fd = must("open sparse", open("/keep/sparse.bin", O_WRONLY | O_CREAT | O_TRUNC, 0644));
	write(fd, "A", 1);
	pwrite(fd, "Z", 1, 70000);
	close(fd);
	fd = must("open grown", open("/keep/grown.bin", O_RDWR | O_CREAT | O_TRUNC, 0644));
	memset(buf, 'x', 3000);
	write_all(fd, buf, 3000);
	ftruncate(fd, 100);
	ftruncate(fd, 5000);
	close(fd);
	check_long("files in /keep", count_entries("/keep"), 5);
}

static const struct {
	const char *name;
	void (*fn)(void);
} tests[] = {
	{ "create_write_read", create_write_read },
	{ "overwrite_in_place", overwrite_in_place },
	{ "append", append },
	{ "sparse_write", sparse_write },
	{ "truncate_down_and_up", truncate_down_and_up },
	{ "pread_pwrite", pread_pwrite },
	{ "excl_and_trunc", excl_and_trunc },
	{ "unlink_then_enoent", unlink_then_enoent },
	{ "mkdir_rmdir", mkdir_rmdir },
	{ "renames", renames },
	{ "long_and_mixed_case_names", long_and_mixed_case_names },
	{ "open_files_stay", open_files_stay },
	{ "big_file", big_file },
	{ "many_files", many_files },
	{ "leave_keep", leave_keep },
};

int
main(void)
{
	fat = on_exec_kernel();
	check_long("clear " T, rm_tree(T), 0);
	check_long("mkdir " T, mkdir(T, 0755), 0);
	for (size_t i = 0; i < sizeof tests / sizeof tests[0]; i++) {
		printf("-- %s\n", tests[i].name);
		tests[i].fn();
	}
	check_long("rmdir " T " (everything else removed)", rmdir(T), 0);
	ftruncate_read_only();
	sync();
	printf("files: ok\n");
	return 0;
}
