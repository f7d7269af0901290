/*
 * lookups: every stat and open sees the truth while names come and go,
 * whatever the kernel remembers of lookups (the FAT library's slots,
 * the directories walked lately). In a directory of 300 files: each
 * stat'ed twice, a third unlinked, a third renamed, the unlinked names
 * made again with other sizes, some moved to another directory; then
 * directories renamed and removed under remembered paths, and a name
 * under a file. Then 4 workers at once in one directory: two making,
 * renaming and unlinking files and renaming a directory to and fro,
 * two stat'ing all the while; a stat may find a name gone, never a
 * wrong size. The grader's fsck.fat -n checks the volume after.
 */
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "fsutil.h"

#define BIG 300
#define ROUNDS 60
#define STABLE 20

/* The size stat gives for path, or -errno. */
static long
size_at(const char *path)
{
	struct stat st;

	return stat(path, &st) < 0 ? -errno : (long)st.st_size;
}

/* Creates path with n bytes (any: their value is not looked at here). */
static void
make(const char *path, long n)
{
	static char zeros[1024];

	write_file(path, zeros, n);
}

/* How many of names fmt % 0 .. BIG-1 whose index i has i % 3 == rem
 * stat (twice: the second from what the first left) as want(i). */
static int
count_true(const char *fmt, int rem, long (*want)(int))
{
	char path[96];
	int good = 0;

	for (int i = rem; i < BIG; i += 3) {
		snprintf(path, sizeof path, fmt, i);
		good += size_at(path) == want(i) && size_at(path) == want(i);
	}
	return good;
}

static long first_size(int i) { return i; }
static long gone(int i) { (void)i; return -ENOENT; }
static long second_size(int i) { return 3 * i + 7; }

static void
big_directory(void)
{
	char a[96], b[96];

	must("mkdir", mkdir("/lookups/big", 0755));
	must("mkdir", mkdir("/lookups/other", 0755));
	for (int i = 0; i < BIG; i++) {
		snprintf(a, sizeof a, "/lookups/big/file number %d", i);
		make(a, i);
	}
	for (int r = 0; r < 3; r++) {
		snprintf(a, sizeof a, "made: names %% 3 == %d found with their sizes", r);
		check_long(a, count_true("/lookups/big/file number %d", r, first_size), BIG / 3);
	}
	for (int i = 0; i < BIG; i++) {
		snprintf(a, sizeof a, "/lookups/big/file number %d", i);
		snprintf(b, sizeof b, "/lookups/big/moved %d", i);
		if (i % 3 == 0)
			must("unlink", unlink(a));
		else if (i % 3 == 1)
			must("rename", rename(a, b));
	}
	check_long("unlinked names gone",
		   count_true("/lookups/big/file number %d", 0, gone), BIG / 3);
	check_long("renamed: old names gone",
		   count_true("/lookups/big/file number %d", 1, gone), BIG / 3);
	check_long("renamed: new names found",
		   count_true("/lookups/big/moved %d", 1, first_size), BIG / 3);
	check_long("untouched names still found",
		   count_true("/lookups/big/file number %d", 2, first_size), BIG / 3);
	for (int i = 0; i < BIG; i += 3) {
		snprintf(a, sizeof a, "/lookups/big/file number %d", i);
		make(a, 3 * i + 7);
	}
	check_long("unlinked names made again: their new sizes",
		   count_true("/lookups/big/file number %d", 0, second_size), BIG / 3);
	for (int i = 2; i < BIG; i += 3) {
		snprintf(a, sizeof a, "/lookups/big/file number %d", i);
		snprintf(b, sizeof b, "/lookups/other/file number %d", i);
		must("rename across", rename(a, b));
	}
	check_long("moved to another directory: gone here",
		   count_true("/lookups/big/file number %d", 2, gone), BIG / 3);
	check_long("moved to another directory: found there",
		   count_true("/lookups/other/file number %d", 2, first_size), BIG / 3);
}

/* Directories renamed and removed under paths just walked. */
static void
directories(void)
{
	must("mkdir", mkdir("/lookups/d1", 0755));
	must("mkdir", mkdir("/lookups/d1/d2", 0755));
	must("mkdir", mkdir("/lookups/d1/d2/d3", 0755));
	make("/lookups/d1/d2/d3/f", 11);
	check_long("deep file", size_at("/lookups/d1/d2/d3/f"), 11);
	must("rename d2", rename("/lookups/d1/d2", "/lookups/d1/e2"));
	check_long("its old path after its directory's rename",
		   size_at("/lookups/d1/d2/d3/f"), -ENOENT);
	check_long("its new path", size_at("/lookups/d1/e2/d3/f"), 11);
	must("mkdir", mkdir("/lookups/d1/d2", 0755));
	must("mkdir", mkdir("/lookups/d1/d2/d3", 0755));
	check_long("the old path in a new directory of the old name",
		   size_at("/lookups/d1/d2/d3/f"), -ENOENT);
	make("/lookups/d1/d2/d3/f", 22);
	check_long("a new file there", size_at("/lookups/d1/d2/d3/f"), 22);
	check_long("the moved one unchanged", size_at("/lookups/d1/e2/d3/f"), 11);
	must("unlink", unlink("/lookups/d1/d2/d3/f"));
	must("rmdir", rmdir("/lookups/d1/d2/d3"));
	check_long("a name in a removed directory",
		   size_at("/lookups/d1/d2/d3/f"), -ENOENT);
	make("/lookups/d1/d2/d3", 33);
	check_long("a file where the directory was", size_at("/lookups/d1/d2/d3"), 33);
	check_long("a name under that file", size_at("/lookups/d1/d2/d3/f"), -ENOTDIR);
	must("rename over", rename("/lookups/d1/e2/d3/f", "/lookups/d1/d2/d3"));
	check_long("a file renamed over another", size_at("/lookups/d1/d2/d3"), 11);
}

/* A file that never changes: its size tells its name. */
static long stable_size(int i) { return 100 + i; }

/* One maker: ROUNDS files made, renamed and unlinked, each checked by
 * the maker itself; maker 0 also renames dir A to B and back. Returns
 * the number of wrong answers. */
static int
maker(int w)
{
	char a[96], b[96];
	int bad = 0;

	for (int r = 0; r < ROUNDS; r++) {
		snprintf(a, sizeof a, "/lookups/par/w%d-%d", w, r);
		snprintf(b, sizeof b, "/lookups/par/w%d-%d.renamed", w, r);
		make(a, r + 1);
		bad += size_at(a) != r + 1;
		bad += rename(a, b) < 0;
		bad += size_at(a) != -ENOENT || size_at(b) != r + 1;
		if (r % 2 == 0) {
			bad += unlink(b) < 0;
			bad += size_at(b) != -ENOENT;
		}
		if (w == 0) {
			bad += rename(r % 2 ? "/lookups/par/dB" : "/lookups/par/dA",
				      r % 2 ? "/lookups/par/dA" : "/lookups/par/dB") < 0;
		}
	}
	return bad;
}

/* One looker: stat'ing while the makers work. Every stable file must
 * be found with its size; a maker's name, if found, has its size (or
 * none yet, under its first name); the
 * file in the directory renamed to and fro is under one of its names. */
static int
looker(int w)
{
	char path[96];
	int bad = 0;

	for (int r = 0; r < ROUNDS * 4; r++) {
		int i = (r * 7 + w) % STABLE, k = r / 4 % ROUNDS;
		long n, m;

		snprintf(path, sizeof path, "/lookups/par/stable %d", i);
		bad += size_at(path) != stable_size(i);
		snprintf(path, sizeof path, "/lookups/par/w%d-%d", r % 2, k);
		n = size_at(path);	/* 0 between its creation and its write */
		bad += n != -ENOENT && n != 0 && n != k + 1;
		snprintf(path, sizeof path, "/lookups/par/w%d-%d.renamed", r % 2, k);
		n = size_at(path);
		bad += n != -ENOENT && n != k + 1;
		n = size_at("/lookups/par/dA/inner");
		m = size_at("/lookups/par/dB/inner");
		bad += (n != -ENOENT && n != 5) || (m != -ENOENT && m != 5);
	}
	return bad;
}

static void
concurrent(void)
{
	char path[96];
	pid_t pids[4];
	int status, failed = 0;

	must("mkdir", mkdir("/lookups/par", 0755));
	must("mkdir", mkdir("/lookups/par/dA", 0755));
	make("/lookups/par/dA/inner", 5);
	for (int i = 0; i < STABLE; i++) {
		snprintf(path, sizeof path, "/lookups/par/stable %d", i);
		make(path, stable_size(i));
	}
	for (int w = 0; w < 4; w++) {
		pids[w] = fork();
		if (pids[w] == 0)
			_exit(w < 2 ? maker(w) != 0 : looker(w) != 0);
	}
	for (int w = 0; w < 4; w++)
		failed += waitpid(pids[w], &status, 0) != pids[w] || status != 0;
	check_long("workers that saw a wrong answer", failed, 0);
	check_long("the renamed directory's file, at its last name",
		   size_at("/lookups/par/dA/inner"), 5);
	check_long("entries left (20 stable, dA, 60 renamed survivors)",
		   count_entries("/lookups/par"), STABLE + 1 + ROUNDS);
}

int
main(void)
{
	check_long("clear /lookups", rm_tree("/lookups"), 0);
	must("mkdir", mkdir("/lookups", 0755));
	big_directory();
	directories();
	concurrent();
	check_long("remove /lookups", rm_tree("/lookups"), 0);
	printf("lookups: ok\n");
	return 0;
}
