/*
 * execbench LOOPS PROG [N]: LOOPS worker processes in parallel, each
 * doing N (default 100) fork + execve(PROG) + wait4 in a row; prints
 *
 *   execbench loops=L n=N total_ms=T per_exec_us=U execs_per_s=R
 *             requests_per_exec=Q kib_read_per_exec=K file_kib=F prog=PROG
 *
 * with T the wall time of the whole run (CLOCK_MONOTONIC), U = T / (L*N),
 * R = L*N / T, Q and K the disk requests and KiB read per exec (from the
 * kernel's blkstats counters) and F the program file's size.
 * tools/bench.py parses this line.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "syscall.h"

#define MAXLOOPS 32

static long long
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* N fork + execve + wait4 of prog; exits non-zero if any went wrong. */
static void __attribute__((noreturn))
worker(char *prog, long n)
{
	char *argv[] = { prog, NULL };
	int bad = 0;

	for (long i = 0; i < n; i++) {
		int status;
		pid_t pid = fork();

		if (pid == 0) {
			execve(prog, argv, environ);
			fprintf(stderr, "execbench: %s: %s\n", prog, strerror(errno));
			_exit(127);
		}
		if (pid < 0) {
			fprintf(stderr, "execbench: fork: %s\n", strerror(errno));
			_exit(1);
		}
		if (wait4(pid, &status, 0, NULL) != pid || status != 0)
			bad = 1;
	}
	_exit(bad);
}

int
main(int argc, char **argv)
{
	pid_t pids[MAXLOOPS];
	long loops, n = 100;
	long long start, ns, us, total;
	int failed = 0;

	if (argc < 3 || argc > 4) {
		fprintf(stderr, "usage: execbench LOOPS PROG [N]\n");
		return 2;
	}
	loops = atol(argv[1]);
	if (argc == 4)
		n = atol(argv[3]);
	if (loops < 1 || loops > MAXLOOPS || n < 1) {
		fprintf(stderr, "execbench: LOOPS must be 1..%d and N at least 1\n", MAXLOOPS);
		return 2;
	}
	struct blkstats b0, b1;
	struct stat st;
	if (stat(argv[2], &st) < 0) {
		fprintf(stderr, "execbench: %s: %s\n", argv[2], strerror(errno));
		return 1;
	}
	blkstats(&b0);
	start = now_ns();
	for (long i = 0; i < loops; i++) {
		pids[i] = fork();
		if (pids[i] < 0) {
			fprintf(stderr, "execbench: fork: %s\n", strerror(errno));
			loops = i;
			failed = 1;
			break;
		}
		if (pids[i] == 0)
			worker(argv[2], n);
	}
	for (long i = 0; i < loops; i++) {
		int status;

		if (wait4(pids[i], &status, 0, NULL) != pids[i] || status != 0)
			failed = 1;
	}
	ns = now_ns() - start;
	blkstats(&b1);
	if (failed) {
		fprintf(stderr, "execbench: a worker failed\n");
		return 1;
	}
	total = loops * n;
	us = ns / 1000;
	long long req = (long long)(b1.requests - b0.requests);
	long long kib10 = (long long)(b1.sectors_read - b0.sectors_read) * 512 * 10 / 1024;
	printf("execbench loops=%ld n=%ld total_ms=%lld.%03lld per_exec_us=%lld.%01lld "
	       "execs_per_s=%lld requests_per_exec=%lld.%01lld kib_read_per_exec=%lld.%01lld "
	       "file_kib=%lld prog=%s\n", loops, n, us / 1000, us % 1000,
	       ns / total / 1000, ns / total / 100 % 10,
	       us ? total * 1000000 / us : 0, req / total, req * 10 / total % 10,
	       kib10 / total / 10, kib10 / total % 10, (long long)st.st_size / 1024, argv[2]);
	return 0;
}
