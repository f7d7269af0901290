/*
 * procrace: processes reading each other's /proc files while they exit,
 * on every hart. Each round forks WORKERS children; each reads the
 * files of all its siblings (stat, status, statm, maps, cmdline,
 * environ, fd/ and its links, exe, cwd) over and over, then exits after
 * a number of passes of its own, so that most reads meet a process
 * running, exiting or gone; the parent reads them too while it reaps.
 * A file of a process that has gone must answer ESRCH or ENOENT (or 0
 * bytes), never anything else, and nothing may panic. A warm-up round
 * comes first; the free page count after the rounds must be the
 * baseline's (no page kept by procfs's nodes, buffers or references).
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "syscall.h"

#define WORKERS 6
#define ROUNDS 3

static const char *const files[] = { "stat", "status", "statm", "maps", "cmdline", "environ", "auxv" };
static const char *const links[] = { "exe", "cwd", "fd/0", "fd/1", "fd/3" };

/* One read of each file and link of pid: the number of answers that
 * are neither data nor the errno of a process gone. */
static int read_all(int pid)
{
	static char buf[8192];
	char path[64];
	int bad = 0;

	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(path, sizeof(path), "/proc/%d/%s", pid, files[i]);
		int fd = open(path, O_RDONLY);
		if (fd < 0) {
			/* ESRCH: reaped between the walk's two steps */
			bad += errno != ENOENT && errno != ESRCH;
			continue;
		}
		long n;
		while ((n = read(fd, buf, sizeof(buf))) > 0)
			;
		bad += n < 0 && errno != ESRCH;
		close(fd);
	}
	for (size_t i = 0; i < sizeof(links) / sizeof(links[0]); i++) {
		snprintf(path, sizeof(path), "/proc/%d/%s", pid, links[i]);
		long n = readlink(path, buf, sizeof(buf));
		bad += n < 0 && errno != ENOENT && errno != ESRCH;
	}
	return bad;
}

/* A worker: passes over its siblings' files, then exit; the count of
 * wrong answers is its status. */
static void worker(const int *pids, int me)
{
	int bad = 0;

	for (int pass = 0; pass < 3 + me; pass++)
		for (int w = 0; w < WORKERS; w++)
			if (pids[w] > 0)
				bad += read_all(pids[w]);
	_exit(bad > 100 ? 100 : bad);
}

/* A round: the workers forked (each knows the pids forked before it,
 * and guesses the next ones), read, exit, and are reaped. */
static int round_of(void)
{
	int pids[WORKERS] = { 0 }, bad = 0;

	for (int w = 0; w < WORKERS; w++) {
		for (int k = w; k < WORKERS; k++)
			pids[k] = w ? pids[w - 1] + (k - w + 1) : 0;
		pid_t pid = fork();
		if (pid == 0)
			worker(pids, w);
		pids[w] = pid;
	}
	for (int w = 0; w < WORKERS; w++)
		bad += read_all(pids[w]);
	for (int w = 0; w < WORKERS; w++) {
		int st = wait_status(pids[w]);
		bad += st;
		bad += read_all(pids[w]);	/* gone: ENOENT only */
	}
	return bad;
}

int main(int argc __attribute__((unused)), char **argv)
{
	steady_pages(argv);
	check_long("a warm-up round: every answer data, ESRCH or ENOENT", round_of(), 0);
	long baseline = free_pages(), bad = 0;
	for (int r = 0; r < ROUNDS; r++)
		bad += round_of();
	check_long("the rounds: every answer data, ESRCH or ENOENT", bad, 0);
	check_long("free pages after the rounds minus baseline", free_pages() - baseline, 0);
	printf("procrace: done\n");
	return 0;
}
