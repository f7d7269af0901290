/*
 * fatshared: MAP_SHARED of a FAT file is coherent with read(2) and
 * write(2), as Linux's page cache makes it: a store through a mapping
 * is what pread gives at once and a pwrite is seen in the mapping, in
 * every process that maps the file (a forked child, an unrelated open);
 * a read(2) into the mapping and a write(2) from it; a write(2) that
 * grows the file shows in the mapping's last page; MAP_PRIVATE and a
 * read-only open's mapping see the stores; a store past the end in the
 * last page is not the file's (its size stays, and growing the file
 * gives zeros there); a truncate makes the pages past the end SIGBUS;
 * O_TRUNC too; an unlinked file lives on while mapped; stores reach
 * the disk by the last close (the file read again after it); msync,
 * fsync and sync with the mapping held keep its bytes; and every page
 * comes back after munmap and close. The boot's fsck.fat -n checks the
 * volume after.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fsutil.h"
#include "maputil.h"

#define D "/fatshm"
#define PG 4096

static int
make(const char *path, off_t size)
{
	int fd = must("create", open(path, O_CREAT | O_RDWR | O_TRUNC, 0644));

	must("ftruncate", ftruncate(fd, size));
	return fd;
}

/* Stores and write(2)s meet, both ways, without msync. */
static void
both_ways(int fd, char *m)
{
	char buf[8] = { 0 };

	memcpy(m + 10, "stored", 6);
	memcpy(m + PG + 20, "second", 6);
	check_long("a store is read back by pread", pread(fd, buf, 6, 10), 6);
	check_str("  the bytes", buf, "stored");
	check_long("a store in the second page too", pread(fd, buf, 6, PG + 20), 6);
	check_str("  the bytes", buf, "second");
	check_long("pwrite", pwrite(fd, "written", 7, 100), 7);
	check_long("the mapping shows the pwrite", memcmp(m + 100, "written", 7), 0);
	check_long("pwrite from the mapping itself", pwrite(fd, m + 10, 6, 2 * PG + 30), 6);
	check_long("  lands in it", memcmp(m + 2 * PG + 30, "stored", 6), 0);
	check_long("pread into the mapping itself", pread(fd, m + 2 * PG + 40, 7, 100), 7);
	check_long("  is the file's", pread(fd, buf, 7, 2 * PG + 40), 7);
	check_long("  the bytes", memcmp(buf, "written", 7), 0);
}

/* A process that opens and maps the file itself, both running: each
 * sees the other's stores while both hold their mappings. */
static void
other_open(char *m)
{
	int there[2], back[2];

	must("pipe", pipe(there));
	must("pipe", pipe(back));
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		int fd = open(D "/a", O_RDWR);
		char *own = mmap(NULL, 3 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
		char c;
		if (fd < 0 || own == MAP_FAILED || memcmp(own + 10, "stored", 6) != 0)
			_exit(2);
		memcpy(own + PG + 50, "theirs", 6);
		if (write(back[1], "x", 1) != 1 || read(there[0], &c, 1) != 1)
			_exit(3);
		_exit(memcmp(own + 2 * PG + 60, "ours", 4) == 0 ? 0 : 4);
	}
	char c;
	check_long("the other process has stored", read(back[0], &c, 1), 1);
	check_long("its store is in our mapping", memcmp(m + PG + 50, "theirs", 6), 0);
	memcpy(m + 2 * PG + 60, "ours", 4);
	must("write to the pipe", write(there[1], "x", 1));
	check_long("and ours in its mapping", wait_status(pid), 0);
	close(there[0]);
	close(there[1]);
	close(back[0]);
	close(back[1]);
}

/* A private mapping and a read-only open's shared one see the stores. */
static void
other_views(int fd, char *m)
{
	char *priv = map(fd, 3 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE);
	char c;

	check_long("a private mapping shows the stores", memcmp(priv + PG + 50, "theirs", 6), 0);
	priv[10] = 'X';
	check_long("a private store is not the file's", pread(fd, &c, 1, 10), 1);
	check_long("  the byte", c, 's');
	check_long("  nor the shared mapping's", m[10], 's');
	munmap(priv, 3 * PG);
	int ro = must("open read-only", open(D "/a", O_RDONLY));
	char *r = map(ro, 3 * PG, PROT_READ, MAP_SHARED);
	check_long("a read-only open's mapping shows them", memcmp(r + 2 * PG + 60, "ours", 4), 0);
	m[2 * PG + 64] = '!';
	check_long("  and a store made after it mapped", r[2 * PG + 64], '!');
	munmap(r, 3 * PG);
	close(ro);
}

/* The stores are on the disk after the last close (the cache is gone
 * then: the bytes come from the disk), and msync, fsync and sync with a
 * mapping held keep them. */
static void
on_disk(void)
{
	char buf[16] = { 0 };

	int fd = must("open a again", open(D "/a", O_RDWR));
	check_long("read back after the last close", pread(fd, buf, 6, 10), 6);
	check_str("  the bytes", buf, "stored");
	char *m = map(fd, 3 * PG, PROT_READ | PROT_WRITE, MAP_SHARED);
	check_long("a fresh mapping holds the stores", memcmp(m + 2 * PG + 60, "ours!", 5), 0);
	memcpy(m + 500, "synced", 6);
	check_long("msync MS_SYNC", msync(m, 3 * PG, MS_SYNC), 0);
	check_long("fsync", fsync(fd), 0);
	sync();
	check_long("the store made before sync reads back", pread(fd, buf, 6, 500), 6);
	check_str("  the bytes", buf, "synced");
	munmap(m, 3 * PG);
	close(fd);
}

/* A store past the end in the last page is not the file's; growing the
 * file gives zeros there, and a write(2) that grows it shows in the
 * mapping. */
static void
past_the_end(void)
{
	int fd = make(D "/b", PG + 100);
	char *m = map(fd, 2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED);
	char c = 'x';
	struct stat st;

	m[PG + 99] = 'e';
	m[PG + 200] = 'p';
	check_long("msync", msync(m, 2 * PG, MS_SYNC), 0);
	check_long("fstat", fstat(fd, &st), 0);
	check_long("  the size stays", st.st_size, PG + 100);
	check_long("pread past the end gives nothing", pread(fd, &c, 1, PG + 200), 0);
	check_long("ftruncate to 2 pages", ftruncate(fd, 2 * PG), 0);
	check_long("the store past the old end reads zero", pread(fd, &c, 1, PG + 200), 1);
	check_long("  the byte", c, 0);
	check_long("  through the mapping too", m[PG + 200], 0);
	check_long("the last byte before it stays", m[PG + 99], 'e');
	check_long("ftruncate to a page and 100", ftruncate(fd, PG + 100), 0);
	m[PG + 300] = 'q';
	check_long("pwrite growing the file", pwrite(fd, "grown", 5, PG + 400), 5);
	check_long("  shows in the mapping", memcmp(m + PG + 400, "grown", 5), 0);
	check_long("  with zeros before it", m[PG + 300], 0);
	munmap(m, 2 * PG);
	close(fd);
	check_long("unlink b", unlink(D "/b"), 0);
}

/* Cut to past the start of the second page, then grown back. */
static void
truncated(void)
{
	int fd = make(D "/c", 3 * PG);
	char *m = map(fd, 3 * PG, PROT_READ | PROT_WRITE, MAP_SHARED);
	char c;

	memset(m, 'z', 3 * PG);
	check_long("ftruncate down to a page and 10 bytes", ftruncate(fd, PG + 10), 0);
	check_long("the bytes before the end stay", m[PG + 9], 'z');
	check_long("the rest of the last page reads zero", m[PG + 10], 0);
	check_long("a store past the end: SIGBUS", in_child(store_byte, m + 2 * PG), 128 + SIGBUS);
	check_long("a load past the end: SIGBUS", in_child(load_byte, m + 2 * PG + 5), 128 + SIGBUS);
	check_long("ftruncate up to 3 pages", ftruncate(fd, 3 * PG), 0);
	check_long("the grown pages read zero", m[2 * PG] == 0 && m[3 * PG - 1] == 0, 1);
	m[2 * PG + 1] = 'g';
	check_long("and take stores the file sees", pread(fd, &c, 1, 2 * PG + 1), 1);
	check_long("  the byte", c, 'g');
	check_long("O_TRUNC under the mapping", close(open(D "/c", O_RDWR | O_TRUNC)), 0);
	check_long("  its first page: SIGBUS", in_child(load_byte, m), 128 + SIGBUS);
	munmap(m, 3 * PG);
	close(fd);
	check_long("unlink c", unlink(D "/c"), 0);
}

/* The file's name can go: the mapping keeps its pages and its stores,
 * and the clusters go with the last close. */
static void
unlinked(void)
{
	int fd = make(D "/d", 2 * PG);
	char *m = map(fd, 2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED);

	m[0] = 'u';
	check_long("unlink while mapped", unlink(D "/d"), 0);
	close(fd);
	m[PG] = 'U';
	check_long("the mapping still holds the data", m[0], 'u');
	check_long("and takes stores", m[PG], 'U');
	check_long("munmap", munmap(m, 2 * PG), 0);
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

	int fd = make(D "/a", 3 * PG);
	char *m = map(fd, 3 * PG, PROT_READ | PROT_WRITE, MAP_SHARED);
	both_ways(fd, m);
	forked(m);
	other_open(m);
	other_views(fd, m);
	munmap(m, 3 * PG);
	close(fd);
	on_disk();
	past_the_end();
	truncated();
	unlinked();
	check_long("unlink a", unlink(D "/a"), 0);
	check_long("rmdir " D, rmdir(D), 0);
	/* Linux's free memory moves on its own: the count is ours only */
	long lost = on_exec_kernel() ? before - free_pages() : 0;
	check_long("pages not given back", lost, 0);
	return 0;
}
