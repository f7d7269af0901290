/*
 * tmpfsstress: four processes at once (one a hart) create, link,
 * rename across directories, read and unlink files in shared /tmp
 * directories, rename their own directories back and forth while the
 * others walk into them, and list the shared directory, for many
 * rounds; then every file is checked (nothing lost, nothing extra,
 * every byte right) and, when all is removed, tmpfs's and the kernel's
 * free page counts are where they were. A freed node reached, or a
 * leaked one, shows.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fsutil.h"

#define D "/tmp/stress"
#define WORKERS 4
#define ROUNDS 150

static void
name(char *out, size_t n, const char *dir, int k, int i)
{
	snprintf(out, n, D "/%s/w%d_%d", dir, k, i);
}

/* What worker k writes in its file i: its own bytes, several pages. */
static size_t
content(unsigned char *buf, int k, int i)
{
	size_t len = 100 + (size_t)((k * 7919 + i * 104729) % 9000);
	fill_pattern(buf, len, 0, k * 1000 + i);
	return len;
}

/* Another worker's files and directory, touched while it changes them. */
static void
meddle(int k, int i)
{
	static char buf[64];
	char path[96];
	struct stat st;
	int other = (k + 1 + i) % WORKERS;

	name(path, sizeof path, "c", other, i);
	int fd = open(path, O_RDONLY);
	if (fd >= 0) {
		read(fd, buf, sizeof buf);
		close(fd);
	}
	snprintf(path, sizeof path, D "/own%d/x", other);
	stat(path, &st);
	snprintf(path, sizeof path, D "/moved%d/x", other);
	stat(path, &st);
	count_entries(D "/c");
}

static int
worker(int k)
{
	static unsigned char buf[9200], back[9200];
	char a[96], b[96], c[96], own[64], moved[64];

	snprintf(own, sizeof own, D "/own%d", k);
	snprintf(moved, sizeof moved, D "/moved%d", k);
	if (mkdir(own, 0755) < 0)
		return 1;
	snprintf(a, sizeof a, "%s/x", own);
	write_file(a, "x", 1);	/* what the others walk to while it moves */
	for (int i = 0; i < ROUNDS; i++) {
		size_t len = content(buf, k, i);
		name(a, sizeof a, "a", k, i);
		name(b, sizeof b, "b", k, i);
		name(c, sizeof c, "c", k, i);
		write_file(a, buf, len);
		if (syscall5(SYS_linkat, -100, a, -100, b, 0) < 0 || rename(a, c) < 0)
			return 2;
		if (i % 2 == 0 && unlink(b) < 0)
			return 3;
		if (read_file(c, back, sizeof back) != (long)len || memcmp(buf, back, len) != 0)
			return 4;
		if (rename(i % 2 ? moved : own, i % 2 ? own : moved) < 0)
			return 5;
		meddle(k, i);
	}
	return 0;
}

/* Everything the workers left: c/ all, b/ the odd rounds, a/ nothing. */
static void
check_all(void)
{
	static unsigned char buf[9200], back[9200];
	char path[96];
	long wrong = 0;

	for (int k = 0; k < WORKERS; k++)
		for (int i = 0; i < ROUNDS; i++) {
			size_t len = content(buf, k, i);
			name(path, sizeof path, "c", k, i);
			if (read_file(path, back, sizeof back) != (long)len ||
			    memcmp(buf, back, len) != 0)
				wrong++;
			name(path, sizeof path, "b", k, i);
			struct stat st;
			if ((stat(path, &st) == 0) != (i % 2 == 1) ||
			    (i % 2 == 1 && (st.st_nlink != 2 || (size_t)st.st_size != len)))
				wrong++;
		}
	check_long("files wrong or missing", wrong, 0);
	check_long("entries in c", count_entries(D "/c"), WORKERS * ROUNDS);
	check_long("entries in b", count_entries(D "/b"), WORKERS * ROUNDS / 2);
	check_long("entries in a", count_entries(D "/a"), 0);
}

/* The pages /tmp's tmpfs holds (statfs: blocks minus free). */
static long
tmp_used(void)
{
	uint64_t s[15];	/* Linux's struct statfs: f_blocks at 2, f_bfree at 3 */

	must("statfs /tmp", syscall2(SYS_statfs, "/tmp", s) == 0 ? 0 : -1);
	return (long)(s[2] - s[3]);
}

/* One round: the workers at once, then everything checked and removed. */
static void
round_of(const char *what)
{
	pid_t pids[WORKERS];
	char line[64];

	must("mkdir", mkdir(D, 0755));
	must("mkdir a", mkdir(D "/a", 0755));
	must("mkdir b", mkdir(D "/b", 0755));
	must("mkdir c", mkdir(D "/c", 0755));
	for (int k = 0; k < WORKERS; k++)
		if ((pids[k] = fork()) == 0)
			_exit(worker(k));
	int bad = 0;
	for (int k = 0; k < WORKERS; k++)
		bad += wait_status(pids[k]) != 0;
	snprintf(line, sizeof line, "%s: workers that failed", what);
	check_long(line, bad, 0);
	check_all();
	check_long("remove it all", rm_tree(D), 0);
}

/* A warm-up round first: what the kernel keeps from the first (caches
 * of FAT's side, the harts' page caches) is not tmpfs's to give back. */
int
main(int argc, char **argv)
{
	(void)argc;
	steady_pages(argv);
	rm_tree(D);
	round_of("warm-up");
	long before = free_pages(), used = tmp_used();
	round_of("measured");
	check_long("tmpfs pages after minus before", tmp_used() - used, 0);
	check_long("free pages after minus before", free_pages() - before, 0);
	printf("tmpfsstress: done\n");
	return 0;
}
