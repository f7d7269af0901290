/*
 * parfiles: 6 worker processes at once, each creating, writing, reading
 * back, renaming and deleting 40 files of its own, half of them in its
 * own directory and half in one all the workers share, so that the
 * harts meet in the same directory and the same FAT. A file is renamed
 * within its directory or across to the other; two in three are then
 * deleted. At the end the parent reads every surviving file back, and
 * the free page count must be what it was before the round.
 *
 * A warm-up round of the same shape runs first (in /parfiles.warm,
 * removed after it); the baseline is taken after it. The survivors in
 * /parfiles/shared stay for parfiles.host to list; the rest is removed.
 */
#include <fcntl.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "fsutil.h"
#include "syscall.h"

#define WORKERS 6
#define FILES 40
#define MAXSIZE 9100

/* Distinct sizes and patterns per worker and file. */
static long
size_of(int w, int i)
{
	return 100 + (i * 977 + w * 131) % 9000;
}

static unsigned
seed_of(int w, int i)
{
	return w * 100 + i;
}

static int
survives(int i)
{
	return i % 3 == 0;
}

/* Odd files start in the shared directory, even ones in the worker's own. */
static void
paths(const char *base, int w, int i, char *made, char *renamed)
{
	int first_shared = i % 2, then_shared = i % 4 >= 2;

	if (first_shared)
		sprintf(made, "%s/shared/w%d-made-%02d", base, w, i);
	else
		sprintf(made, "%s/w%d/w%d-made-%02d", base, w, w, i);
	if (then_shared)
		sprintf(renamed, "%s/shared/w%d-file-%02d", base, w, i);
	else
		sprintf(renamed, "%s/w%d/w%d-file-%02d", base, w, w, i);
}

/* What went wrong in a worker: the first failure, sent to the parent. */
struct report {
	int worker, file;
	char what[160];
};

static unsigned char wbuf[MAXSIZE], rbuf[MAXSIZE + 1];

/* path must hold exactly file i of worker w; 0 or a description. */
static const char *
verify(const char *path, int w, int i)
{
	long n = read_file(path, rbuf, sizeof rbuf);

	if (n < 0)
		return strerror(-n);
	if (n != size_of(w, i))
		return "wrong size";
	if (pattern_mismatch(rbuf, n, 0, seed_of(w, i)) >= 0)
		return "wrong bytes";
	return NULL;
}

static void __attribute__((noreturn))
worker(const char *base, int w, int out)
{
	struct report r = { .worker = w, .file = -1 };
	char made[96], renamed[96];
	const char *bad = NULL;

	sprintf(made, "%s/w%d", base, w);
	if (mkdir(made, 0755) < 0)
		bad = "mkdir";
	for (int i = 0; i < FILES && !bad; i++) {
		long n = size_of(w, i);
		int fd;

		paths(base, w, i, made, renamed);
		fill_pattern(wbuf, n, 0, seed_of(w, i));
		fd = open(made, O_WRONLY | O_CREAT | O_EXCL, 0644);
		if (fd < 0)
			bad = "create";
		else if (write_all(fd, wbuf, n) != n)
			bad = "write";
		else if (i % 5 == 0 && fsync(fd) < 0)
			bad = "fsync";
		if (fd >= 0 && close(fd) < 0 && !bad)
			bad = "close";
		if (!bad && (bad = verify(made, w, i)) == NULL) {
			if (rename(made, renamed) < 0)
				bad = "rename";
			else if (open(made, O_RDONLY) >= 0 || errno != ENOENT)
				bad = "the old name still opens";
			else
				bad = verify(renamed, w, i);
		}
		if (!bad && !survives(i)) {
			if (unlink(renamed) < 0)
				bad = "unlink";
			else if (open(renamed, O_RDONLY) >= 0 || errno != ENOENT)
				bad = "an unlinked file still opens";
		}
		if (bad) {
			r.file = i;
			snprintf(r.what, sizeof r.what, "%s (errno %d)", bad, errno);
		}
	}
	if (bad && r.file < 0)
		snprintf(r.what, sizeof r.what, "%s %s: %s", bad, made, strerror(errno));
	_exit(write(out, &r, sizeof r) == sizeof r && !bad ? 0 : 1);
}

/* One round in base: every worker at once; the number that failed. */
static int
run_round(const char *base)
{
	char path[96];
	pid_t pids[WORKERS];
	struct report r;
	int fds[2], failed = 0;

	must("mkdir base", mkdir(base, 0755));
	snprintf(path, sizeof path, "%s/shared", base);
	must("mkdir shared", mkdir(path, 0755));
	must("pipe2", pipe2(fds, 0));
	for (int w = 0; w < WORKERS; w++) {
		pids[w] = must("fork", fork());
		if (pids[w] == 0) {
			close(fds[0]);
			worker(base, w, fds[1]);
		}
	}
	close(fds[1]);
	/* Reports are far smaller than the pipe: each write arrives whole. */
	while (read(fds[0], &r, sizeof r) == sizeof r) {
		if (r.file >= 0 || r.what[0]) {
			printf("worker %d, file %d: %s\n", r.worker, r.file, r.what);
			failed++;
		}
	}
	close(fds[0]);
	for (int w = 0; w < WORKERS; w++) {
		int status;

		if (wait4(pids[w], &status, 0, NULL) != pids[w] || status != 0)
			failed++;
	}
	return failed;
}

/* Every survivor holds what its worker wrote; the count of those that do. */
static int
check_survivors(const char *base)
{
	char made[96], renamed[96];
	int good = 0;

	for (int w = 0; w < WORKERS; w++) {
		for (int i = 0; i < FILES; i++) {
			const char *bad;

			if (!survives(i))
				continue;
			paths(base, w, i, made, renamed);
			bad = verify(renamed, w, i);
			if (bad)
				printf("%s: %s\n", renamed, bad);
			else
				good++;
		}
	}
	return good;
}


int
main(void)
{
	int per_worker = 0, own = 0;
	char path[64];
	long baseline;

	for (int i = 0; i < FILES; i++) {
		per_worker += survives(i);
		own += survives(i) && i % 4 < 2;
	}
	check_long("clear /parfiles", rm_tree("/parfiles"), 0);
	check_long("clear /parfiles.warm", rm_tree("/parfiles.warm"), 0);

	check_long("warm-up: workers that failed", run_round("/parfiles.warm"), 0);
	check_long("warm-up: survivors that read back",
		   check_survivors("/parfiles.warm"), WORKERS * per_worker);
	check_long("remove the warm-up files", rm_tree("/parfiles.warm"), 0);
	baseline = free_pages();
	check_long("free pages > 0", baseline > 0, 1);

	check_long("workers that failed", run_round("/parfiles"), 0);
	check_long("survivors that read back", check_survivors("/parfiles"),
		   WORKERS * per_worker);
	for (int w = 0; w < WORKERS; w++) {
		snprintf(path, sizeof path, "/parfiles/w%d", w);
		printf("ok entries in %s = %ld\n", path, count_entries(path));
	}
	check_long("entries in /parfiles/shared", count_entries("/parfiles/shared"),
		   WORKERS * (per_worker - own));
	check_long("free pages after the round minus baseline", free_pages() - baseline, 0);
	for (int w = 0; w < WORKERS; w++) {
		snprintf(path, sizeof path, "/parfiles/w%d", w);
		must("rm -r", rm_tree(path));
	}
	check_long("entries in /parfiles (shared is left for parfiles.host)",
		   count_entries("/parfiles"), 1);
	sync();
	printf("parfiles: ok\n");
	return 0;
}
