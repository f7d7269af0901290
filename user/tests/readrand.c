/*
 * readrand: read(2) and pread(2) of a FAT file at random offsets and
 * sizes, into buffers at random places in a page, each read compared
 * byte for byte with a copy of what the file must hold. The reads go
 * from the block cache straight into the user's pages, a run of the
 * file's clusters at a time: so two files are written interleaved, which
 * breaks their chains into many runs, reads cross cluster and run
 * boundaries and end past the end of the file, and lseek goes backwards.
 * Two processes read the same file at once (on 4 harts, on two of them);
 * then one process reads through one descriptor while another descriptor
 * grows the file, shrinks it, truncates it to nothing and rewrites it.
 * One read lands in never-touched pages across a 2 MiB boundary; a read
 * and a pread run into an unmapped page.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include <sys/mman.h>

#define PATH "/readrand.bin"
#define OTHER "/readrand.tmp"
#define SIZE 300000L
#define MAXFILE (SIZE + 70000)
#define MAXREAD 70000
#define PIECE 3000	/* written in turn to the two files: fragmented chains */
#define READS 1500
#define MIN(a, b) ((a) < (b) ? (a) : (b))

static unsigned char model[MAXFILE];	/* what the file must hold */
static long model_size;
static unsigned char buf[MAXREAD + 8192];
static unsigned long rng = 1;

static unsigned long
next(unsigned long below)
{
	rng = rng * 6364136223846793005UL + 1442695040888963407UL;
	return (rng >> 33) % below;
}

/* Byte i of generation gen: differs from sector to sector and within. */
static unsigned char
pattern(long i, int gen)
{
	return (unsigned char)((i * 31 + i / 512 * 7 + gen * 101 + 5) & 0xff);
}

static void
put(int fd, long off, long n, int gen)
{
	for (long i = 0; i < n; i++)
		model[off + i] = buf[i] = pattern(off + i, gen);
	if (pwrite(fd, buf, n, off) != n) {
		printf("FAIL write of %ld bytes at %ld\n", n, off);
		fail();
	}
	if (off + n > model_size)
		model_size = off + n;
}

/* One read of n bytes at off (read after lseek, or pread) into a random
 * place in buf, checked against the model. */
static void
read_at(int fd, long off, long n, int positional)
{
	unsigned char *dst = buf + next(8192);
	long want = off >= model_size ? 0 : MIN(n, model_size - off);
	long got;

	if (positional) {
		got = pread(fd, dst, n, off);
	} else {
		if (lseek(fd, off, SEEK_SET) != off) {
			printf("FAIL lseek to %ld\n", off);
			fail();
		}
		got = read(fd, dst, n);
	}
	if (got != want) {
		printf("FAIL %s of %ld at %ld: expected %ld, got %ld\n",
		       positional ? "pread" : "read", n, off, want, got);
		fail();
	}
	for (long i = 0; i < got; i++) {
		if (dst[i] != model[off + i]) {
			printf("FAIL byte %ld: expected %d, got %d\n", off + i, model[off + i],
			       dst[i]);
			fail();
		}
	}
	if (!positional && lseek(fd, 0, SEEK_CUR) != off + got) {
		printf("FAIL offset after a read of %ld at %ld\n", got, off);
		fail();
	}
}

/* A size: mostly small, some around a sector or a page, some big. */
static long
random_size(void)
{
	switch (next(4)) {
	case 0:
		return 1 + next(600);
	case 1:
		return 4096 - 2 + next(5);
	case 2:
		return 1 + next(20000);
	default:
		return 1 + next(MAXREAD);
	}
}

static void
random_reads(int fd, int count)
{
	for (int k = 0; k < count; k++)
		read_at(fd, next(model_size + 1000), random_size(), next(2));
}

#define LEAF (2L << 20)	/* what one leaf page table maps */
static unsigned char untouched[LEAF + 2 * MAXREAD];	/* bss never written */

/* One read into pages the program never touched (a lazily loaded
 * program's bss: the kernel maps them first), across the 2 MiB boundary
 * between two leaf page tables; true if every byte came right. */
static int
read_across_leaf(int fd)
{
	unsigned long at = (unsigned long)untouched + MAXREAD;
	unsigned char *dst = (unsigned char *)((at + LEAF - 1) / LEAF * LEAF) - 20000;
	long n = 60000, off = 1000;

	if (pread(fd, dst, n, off) != n)
		return 0;
	for (long i = 0; i < n; i++)
		if (dst[i] != model[off + i])
			return 0;
	return 1;
}

/* A read and a pread whose buffer runs into an unmapped page: each
 * fills the bytes before the hole (Linux) or fails with EFAULT (QEMU's
 * user mode checks the whole buffer first), never more; true if so and
 * the bytes it filled are right. */
static int
read_into_hole(int fd)
{
	long page = 4096, off = 5000, room = page - 100;
	unsigned char *p = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int ok = 1;

	if (p == MAP_FAILED || munmap(p + page, page) != 0)
		return 0;
	for (int positional = 0; positional < 2; positional++) {
		long got = positional ? pread(fd, p + 100, 3 * page, off)
			: (lseek(fd, off, SEEK_SET), read(fd, p + 100, 3 * page));
		if (got == -1 ? errno != EFAULT : got != room)
			ok = 0;
		for (long i = 0; i < got; i++)
			ok &= p[100 + i] == model[off + i];
	}
	munmap(p, page);
	return ok;
}

/* The two files written in turn, PIECE bytes at a time. */
static void
make_files(void)
{
	int fd = open(PATH, O_CREAT | O_TRUNC | O_RDWR, 0644);
	int other = open(OTHER, O_CREAT | O_TRUNC | O_RDWR, 0644);

	check_long("create " PATH, fd >= 0, 1);
	check_long("create " OTHER, other >= 0, 1);
	for (long off = 0; off < SIZE; off += PIECE) {
		put(fd, off, MIN(PIECE, SIZE - off), 0);
		for (long i = 0; i < PIECE; i++)
			buf[i] = (unsigned char)i;
		if (write(other, buf, PIECE) != PIECE) {
			printf("FAIL write to " OTHER "\n");
			fail();
		}
	}
	close(other);
	check_long("remove " OTHER, unlink(OTHER), 0);
	close(fd);
}

/* Two processes read the file at random at once, each with its seed. */
static void
parallel_reads(void)
{
	pid_t pid[2];
	int status, ok = 0;

	for (int w = 0; w < 2; w++) {
		if ((pid[w] = fork()) == 0) {
			int fd = open(PATH, O_RDONLY);
			rng = 1000 + w;
			if (fd < 0)
				_exit(2);
			random_reads(fd, READS);
			/* the whole file in order, backwards by a page now and then */
			for (long off = 0; off < model_size; off += 4096 + 700)
				read_at(fd, off > 9000 ? off - 9000 : off, 4096, 0);
			_exit(0);
		}
	}
	for (int w = 0; w < 2; w++)
		if (waitpid(pid[w], &status, 0) == pid[w] && WIFEXITED(status) &&
		    WEXITSTATUS(status) == 0)
			ok++;
	check_long("readers that read every byte right", ok, 2);
}

/* One descriptor reads while another changes the file under it. */
static void
changing_file(void)
{
	int r = open(PATH, O_RDONLY), w = open(PATH, O_RDWR);

	check_long("open to read and to write", r >= 0 && w >= 0, 1);
	read_at(r, SIZE - 5000, 5000, 0);	/* the old end, cached */
	put(w, SIZE, 40000, 1);			/* grows */
	read_at(r, SIZE - 5000, 30000, 0);
	random_reads(r, 200);
	check_long("ftruncate to 123457", ftruncate(w, 123457), 0);
	model_size = 123457;
	read_at(r, 120000, 10000, 0);		/* ends at the new end */
	random_reads(r, 200);
	put(w, 5000, 20000, 2);			/* overwrites cached bytes */
	read_at(r, 4000, 30000, 1);
	random_reads(r, 200);
	close(w);
	w = open(PATH, O_RDWR | O_TRUNC);	/* truncated to nothing */
	check_long("open with O_TRUNC", w >= 0, 1);
	model_size = 0;
	read_at(r, 0, 4096, 0);
	read_at(r, 1000, 10, 1);
	put(w, 0, 70000, 3);			/* new clusters, maybe the old ones */
	random_reads(r, 300);
	close(w);
	close(r);
}

int
main(void)
{
	make_files();
	rng = 7;
	int fd = open(PATH, O_RDONLY);
	check_long("open " PATH, fd >= 0, 1);
	random_reads(fd, READS);	/* from the disk at first, then cached */
	check_long("a read into untouched pages across a 2 MiB boundary",
		   read_across_leaf(fd), 1);
	check_long("reads into a buffer that runs into a hole", read_into_hole(fd), 1);
	close(fd);
	check_long("random reads in one process", READS, READS);
	parallel_reads();
	changing_file();
	check_long("random reads while the file changed", 1, 1);
	check_long("remove " PATH, unlink(PATH), 0);
	printf("readrand: ok\n");
	return 0;
}
