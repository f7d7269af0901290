/*
 * tmpfsshm: MAP_SHARED of a tmpfs file maps the file's own pages. A
 * store through the mapping is what read(2) gives and a write(2) is
 * seen in the mapping, with no msync; a forked child and an unrelated
 * open's mapping see each other's stores; MAP_PRIVATE still copies; the
 * mapping outlives the file's name; a truncate makes the pages past the
 * end SIGBUS, in a process running at the time too, and growing the
 * file again gives zeros; after munmap the file keeps the data;
 * mprotect reaches pages not touched yet; a hole with no room left in
 * the file system is SIGBUS; four processes store into one page at
 * once; and every page comes back. The output is Linux's (the linux
 * suite runs it with a tmpfs on /tmp).
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fsutil.h"
#include "maputil.h"
#include <sys/mman.h>

#define D "/tmp/shm"
#define PG 4096

/* Stores and write(2)s meet, both ways, without msync. */
static void
both_ways(int fd, char *m)
{
	memcpy(m + 10, "stored", 6);
	memcpy(m + PG + 20, "second", 6);
	char buf[8] = { 0 };
	check_long("a store is read back by pread", pread(fd, buf, 6, 10), 6);
	check_str("  the bytes", buf, "stored");
	check_long("a store in the second page too", pread(fd, buf, 6, PG + 20), 6);
	check_str("  the bytes", buf, "second");
	check_long("pwrite", pwrite(fd, "written", 7, 100), 7);
	check_long("the mapping shows the pwrite", memcmp(m + 100, "written", 7), 0);
}

/* A child that opens and maps the file itself. */
static void
other_open(char *m)
{
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		int fd = open(D "/a", O_RDWR);
		char *own = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
		if (fd < 0 || own == MAP_FAILED || memcmp(own + 10, "stored", 6) != 0)
			_exit(2);
		memcpy(own + PG + 50, "theirs", 6);
		_exit(0);
	}
	check_long("an unrelated open's mapping sees the stores", wait_status(pid), 0);
	check_long("and its store is in ours", memcmp(m + PG + 50, "theirs", 6), 0);
}

static void
private_copies(int fd, char *m)
{
	char *priv = map(fd, 2 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE);
	char c;

	check_long("a private mapping shows the file", memcmp(priv + 10, "stored", 6), 0);
	priv[10] = 'X';
	check_long("a private store is not the file's", pread(fd, &c, 1, 10), 1);
	check_long("  the byte", c, 's');
	check_long("  nor the shared mapping's", m[10], 's');
	munmap(priv, 2 * PG);
}

/* The pages live while mapped: the name and the descriptors can go. */
static char *
unlinked(void)
{
	int fd = must("open a", open(D "/a", O_RDWR));
	char *m = map(fd, 2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED);

	check_long("unlink while mapped", unlink(D "/a"), 0);
	close(fd);
	m[400] = 'U';
	check_long("the mapping still holds the data", memcmp(m + 10, "stored", 6), 0);
	check_long("and takes stores", m[400], 'U');
	return m;
}

/* Cut to past the start of the second page, then grown back. */
static void
truncated(void)
{
	int fd = must("create b", open(D "/b", O_CREAT | O_RDWR | O_TRUNC, 0644));

	check_long("ftruncate b to 3 pages", ftruncate(fd, 3 * PG), 0);
	char *m = map(fd, 3 * PG, PROT_READ | PROT_WRITE, MAP_SHARED);
	memset(m, 'z', 3 * PG);
	check_long("ftruncate down to a page and 10 bytes", ftruncate(fd, PG + 10), 0);
	check_long("the bytes before the end stay", m[PG + 9], 'z');
	check_long("the rest of the last page reads zero", m[PG + 10], 0);
	check_long("a store past the end: SIGBUS", in_child(store_byte, m + 2 * PG), 128 + SIGBUS);
	check_long("a load past the end: SIGBUS", in_child(load_byte, m + 2 * PG + 5), 128 + SIGBUS);
	check_errno("pwrite from past the end", pwrite(fd, m + 2 * PG, 1, 0), EFAULT);
	check_long("ftruncate up to 3 pages", ftruncate(fd, 3 * PG), 0);
	check_long("the grown pages read zero", m[2 * PG] == 0 && m[3 * PG - 1] == 0, 1);
	m[2 * PG + 1] = 'g';
	char c;
	check_long("and take stores the file sees", pread(fd, &c, 1, 2 * PG + 1), 1);
	check_long("  the byte", c, 'g');
	check_long("munmap", munmap(m, 3 * PG), 0);
	check_long("after munmap the file keeps the data", pread(fd, &c, 1, PG + 9), 1);
	check_long("  the byte", c, 'z');
	close(fd);
	check_long("unlink b", unlink(D "/b"), 0);
}

/* A process spinning on a page, running on another hart, loses it to
 * a truncate there and then: its next load is SIGBUS. */
static void
spinning(void)
{
	int fd = must("create e", open(D "/e", O_CREAT | O_RDWR, 0644));
	check_long("ftruncate e to 2 pages", ftruncate(fd, 2 * PG), 0);
	volatile char *m = map(fd, 2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED);
	int ready[2];

	must("pipe", pipe(ready));
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		m[PG] = 1;
		must("write to the pipe", write(ready[1], "x", 1));
		for (;;)
			(void)m[PG];
	}
	char c;
	check_long("the spinner has the page", read(ready[0], &c, 1), 1);
	check_long("ftruncate e to a page under it", ftruncate(fd, PG), 0);
	check_long("the spinner dies of SIGBUS", wait_status(pid), 128 + SIGBUS);
	close(ready[0]);
	close(ready[1]);
	munmap((void *)m, 2 * PG);
	close(fd);
	check_long("unlink e", unlink(D "/e"), 0);
}

/* mprotect of part of a mapping whose pages are not touched yet, and
 * of a shared mapping of a read-only open. */
static void
protect(void)
{
	int fd = must("create d", open(D "/d", O_CREAT | O_RDWR, 0644));
	check_long("ftruncate d to 3 pages", ftruncate(fd, 3 * PG), 0);
	char *m = map(fd, 3 * PG, PROT_READ | PROT_WRITE, MAP_SHARED);

	check_long("mprotect the middle page read-only", mprotect(m + PG, PG, PROT_READ), 0);
	check_long("a store there: SIGSEGV", in_child(store_byte, m + PG), 128 + SIGSEGV);
	check_long("a store in the page after it", in_child(store_byte, m + 2 * PG), 0);
	check_long("  is seen", m[2 * PG], 'k');
	check_long("mprotect it writable again", mprotect(m + PG, PG, PROT_READ | PROT_WRITE), 0);
	check_long("a store there now", in_child(store_byte, m + PG), 0);
	int ro = must("open d read-only", open(D "/d", O_RDONLY));
	char *r = map(ro, PG, PROT_READ, MAP_SHARED);
	check_errno("mprotect a read-only open's mapping writable",
		    mprotect(r, PG, PROT_READ | PROT_WRITE), EACCES);
	munmap(r, PG);
	munmap(m, 3 * PG);
	close(ro);
	close(fd);
	check_long("unlink d", unlink(D "/d"), 0);
}

/* Fills a sparse mapping's holes page by page: the file system runs
 * out of room before the end. */
static void
fill_holes(char *m)
{
	for (int i = 0; i < 16; i++)
		m[i * PG] = 1;
}

static void
no_room(void)
{
	must("mkdir small", mkdir(D "/small", 0755));
	check_long("mount a tmpfs of 8 KiB", mount("tmpfs", D "/small", "tmpfs", 0, "size=8k"), 0);
	int fd = must("create in it", open(D "/small/f", O_CREAT | O_RDWR, 0644));
	check_long("ftruncate to 16 pages (a hole)", ftruncate(fd, 16 * PG), 0);
	char *m = map(fd, 16 * PG, PROT_READ | PROT_WRITE, MAP_SHARED);
	check_long("stores into the holes past the room: SIGBUS", in_child(fill_holes, m), 128 + SIGBUS);
	munmap(m, 16 * PG);
	close(fd);
	check_long("umount", umount2(D "/small", 0), 0);
	check_long("rmdir small", rmdir(D "/small"), 0);
}

#define WORKERS 4
#define ROUNDS 20000

/* Four processes add to one counter and to a slot each, in one page. */
static void
four_at_once(void)
{
	int fd = must("create c", open(D "/c", O_CREAT | O_RDWR, 0644));
	check_long("ftruncate c to a page", ftruncate(fd, PG), 0);
	long *m = (long *)map(fd, PG, PROT_READ | PROT_WRITE, MAP_SHARED);
	pid_t pids[WORKERS];

	fflush(stdout);
	for (int w = 0; w < WORKERS; w++) {
		if ((pids[w] = fork()) == 0) {
			for (int i = 0; i < ROUNDS; i++) {
				__atomic_fetch_add(&m[0], 1, __ATOMIC_RELAXED);
				m[8 * (w + 1)]++;
			}
			_exit(0);
		}
	}
	int bad = 0;
	for (int w = 0; w < WORKERS; w++)
		bad += wait_status(pids[w]) != 0;
	check_long("four workers ended well", bad, 0);
	check_long("every atomic add counted", m[0], (long)WORKERS * ROUNDS);
	int slots = 0;
	for (int w = 0; w < WORKERS; w++)
		slots += m[8 * (w + 1)] == ROUNDS;
	check_long("every worker's own slot", slots, WORKERS);
	long n;
	check_long("read(2) sees the count", pread(fd, &n, sizeof n, 0), sizeof n);
	check_long("  the count", n, (long)WORKERS * ROUNDS);
	munmap(m, PG);
	close(fd);
	check_long("unlink c", unlink(D "/c"), 0);
}

int
main(int argc __attribute__((unused)), char **argv)
{
	steady_pages(argv);
	rm_tree(D);
	/* the page tables of mmap's area stay with the process once made
	 * (as the stack's do): made before the count */
	munmap(mmap(NULL, 64 * PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), 64 * PG);
	long before = free_pages();
	must("mkdir " D, mkdir(D, 0755));

	int fd = must("create a", open(D "/a", O_CREAT | O_RDWR, 0644));
	check_long("ftruncate a to 2 pages", ftruncate(fd, 2 * PG), 0);
	char *m = map(fd, 2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED);
	both_ways(fd, m);
	forked(m);
	other_open(m);
	private_copies(fd, m);
	close(fd);
	char *m2 = unlinked();
	check_long("the other mapping shares the unlinked file's pages", m[400], 'U');
	munmap(m, 2 * PG);
	munmap(m2, 2 * PG);
	truncated();
	spinning();
	protect();
	no_room();
	four_at_once();
	check_long("rmdir " D, rmdir(D), 0);
	/* Linux's free memory moves on its own: the count is ours only */
	long lost = on_exec_kernel() ? before - free_pages() : 0;
	check_long("pages not given back", lost, 0);
	return 0;
}
