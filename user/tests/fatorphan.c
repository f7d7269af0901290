/*
 * fatorphan: on FAT, a file unlinked or renamed over while open keeps
 * its clusters for its descriptors and mappings (an orphan, as Linux's
 * vfat keeps them) and gives them back at the last close or munmap:
 * statfs's free count says so at each step, and what was written reads
 * back through the descriptor, also after the orphan grew and shrank.
 * Last, a child in a session of its own keeps an orphan open past the
 * test's end: the boot's end (its kill, else the power off) must free
 * it, which the grader's fsck.fat -n after the boot checks (the suite
 * orphan-poweroff ends its boot with poweroff -f: no kill).
 */
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include <sys/mman.h>
#include "syscall.h"

#define A "/fatorphan.a"
#define B "/fatorphan.b"
#define KIB 1024L

struct lstatfs {		/* Linux's struct statfs on riscv64 */
	long f_type, f_bsize;
	unsigned long f_blocks, f_bfree, f_bavail, f_files, f_ffree;
	int f_fsid[2];
	long f_namelen, f_frsize, f_flags, f_spare[4];
};

static char buf[64 * KIB];
static long bsize;

/* Free bytes on the root volume. */
static long
free_bytes(void)
{
	struct lstatfs sf;

	if (sysret(syscall2(SYS_statfs, (long)"/", (long)&sf)) < 0)
		fail();
	bsize = sf.f_bsize;
	return (long)sf.f_bfree * sf.f_bsize;
}

/* A file of n bytes of c at path, left open O_RDWR. */
static int
make(const char *path, long n, char c)
{
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);

	memset(buf, c, sizeof buf);
	for (long done = 0; fd >= 0 && done < n; done += sizeof buf)
		if (write(fd, buf, sizeof buf) != (long)sizeof buf)
			fail();
	return fd;
}

/* Whether the free count moved by about want bytes (a directory's
 * cluster may come or go with a name). */
static const char *
moved(long before, long after, long want)
{
	long d = after - before;
	return d >= want - 2 * bsize && d <= want + 2 * bsize ? "yes" : "no";
}

static void
unlinked(void)
{
	long start = free_bytes();
	int fd = make(A, 256 * KIB, 'a');
	long full = free_bytes();

	check_long("unlink of the open file", unlink(A), 0);
	printf("its 256 KiB still held while open: %s\n", moved(full, free_bytes(), 0));
	char c = 0;
	check_long("its last byte through the descriptor", pread(fd, &c, 1, 256 * KIB - 1), 1);
	check_long("  is what was written", c, 'a');
	check_long("the orphan grows by 64 KiB", pwrite(fd, buf, 64 * KIB, 256 * KIB), 64 * KIB);
	check_long("and shrinks to 4 KiB", ftruncate(fd, 4 * KIB), 0);
	struct stat st;
	check_long("fstat size", (fstat(fd, &st), st.st_size), 4 * KIB);
	check_long("fstat links", st.st_nlink, 0);
	check_errno("the name", open(A, O_RDONLY), ENOENT);
	check_long("close", close(fd), 0);
	printf("all back after the close: %s\n", moved(start, free_bytes(), 0));
}

static void
renamed_over(void)
{
	long start = free_bytes();
	int old = make(A, 128 * KIB, 'o');
	int fresh = make(B, 64 * KIB, 'n');
	close(fresh);
	long both = free_bytes();

	check_long("rename over the open file", rename(B, A), 0);
	printf("the old file's 128 KiB still held: %s\n", moved(both, free_bytes(), 0));
	char c = 0;
	check_long("the old bytes through the descriptor", pread(old, &c, 1, 100 * KIB), 1);
	check_long("  are the old file's", c, 'o');
	int now = open(A, O_RDONLY);
	check_long("the name reads the new file", pread(now, &c, 1, 0) == 1 && c == 'n', 1);
	close(now);
	close(old);
	printf("128 KiB back after the close: %s\n", moved(both, free_bytes(), 128 * KIB));
	check_long("unlink", unlink(A), 0);
	printf("all back: %s\n", moved(start, free_bytes(), 0));
}

static void
mapped(void)
{
	long start = free_bytes();
	int fd = make(A, 64 * KIB, 'm');
	char *p = mmap(NULL, 64 * KIB, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);

	check_long("mmap", p != MAP_FAILED, 1);
	close(fd);
	check_long("unlink of the mapped file", unlink(A), 0);
	check_long("its bytes through the mapping", p[40000], 'm');
	p[1] = 'w';
	check_long("a store through it reads back", p[1], 'w');
	printf("held while mapped: %s\n", moved(start, free_bytes(), -64 * KIB));
	check_long("munmap", munmap(p, 64 * KIB), 0);
	printf("all back after the munmap: %s\n", moved(start, free_bytes(), 0));
}

/* A child keeps an orphan of 64 KiB open until the boot ends (killed
 * then, or not with poweroff -f); the test does not wait for it. It
 * only sleeps, so the tests after this one count the same free pages
 * before and after themselves. */
static void
left_open(void)
{
	int p[2];
	char c;

	pipe(p);
	fflush(stdout);
	if (fork() == 0) {
		syscall0(SYS_setsid);
		make(A, 64 * KIB, 'l');	/* held open */
		unlink(A);
		write(p[1], "x", 1);
		for (;;)
			pause_ms(1000000);
	}
	check_long("a child keeps an unlinked file open past the test", read(p[0], &c, 1), 1);
	check_errno("its name is gone", open(A, O_RDONLY), ENOENT);
}

int
main(void)
{
	unlinked();
	renamed_over();
	mapped();
	left_open();
	printf("fatorphan done\n");
	return 0;
}
