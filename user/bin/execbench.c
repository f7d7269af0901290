/*
 * execbench LOOPS PROG [N]: LOOPS worker processes in parallel, each
 * doing N (default 100) fork + execve(PROG) + wait4 in a row; prints
 *
 *   execbench loops=L n=N total_ms=T per_exec_us=U execs_per_s=R
 *             requests_per_exec=Q kib_read_per_exec=K file_kib=F prog=PROG
 *
 *             switches_per_exec=S migrations_per_exec=M ipis_per_exec=I
 *
 * with T the wall time of the whole run (CLOCK_MONOTONIC), U = T / (L*N),
 * R = L*N / T, Q and K the disk requests and KiB read per exec (from the
 * kernel's blkstats counters), F the program file's size, and S, M and I
 * what the scheduler did per exec on all harts together (cpustat): the
 * processes it started running, those it moved from another hart, and
 * the IPIs it sent to wake a hart.
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
#define MAXCPUS 64

/* The scheduler's counters summed over every hart. */
static struct cpustat
all_cpus(void)
{
	struct cpustat sum = { 0 }, c;

	for (int i = 0; i < MAXCPUS && cpustat(i, &c) == 0; i++) {
		sum.switches += c.switches;
		sum.migrations += c.migrations;
		sum.ipis += c.ipis;
	}
	return sum;
}

/* x / n with one decimal, as "12.3" */
static void
per(char *out, size_t size, unsigned long long x, long long n)
{
	snprintf(out, size, "%lld.%01lld", (long long)x / n, (long long)x * 10 / n % 10);
}

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
	struct cpustat c0 = all_cpus();
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
	struct cpustat c1 = all_cpus();
	if (failed) {
		fprintf(stderr, "execbench: a worker failed\n");
		return 1;
	}
	total = loops * n;
	us = ns / 1000;
	long long req = (long long)(b1.requests - b0.requests);
	long long kib10 = (long long)(b1.sectors_read - b0.sectors_read) * 512 * 10 / 1024;
	char sw[24], mig[24], ipi[24];
	per(sw, sizeof(sw), c1.switches - c0.switches, total);
	per(mig, sizeof(mig), c1.migrations - c0.migrations, total);
	per(ipi, sizeof(ipi), c1.ipis - c0.ipis, total);
	printf("execbench loops=%ld n=%ld total_ms=%lld.%03lld per_exec_us=%lld.%01lld "
	       "execs_per_s=%lld requests_per_exec=%lld.%01lld kib_read_per_exec=%lld.%01lld "
	       "file_kib=%lld prog=%s switches_per_exec=%s migrations_per_exec=%s "
	       "ipis_per_exec=%s\n", loops, n, us / 1000, us % 1000,
	       ns / total / 1000, ns / total / 100 % 10,
	       us ? total * 1000000 / us : 0, req / total, req * 10 / total % 10,
	       kib10 / total / 10, kib10 / total % 10, (long long)st.st_size / 1024, argv[2],
	       sw, mig, ipi);
	return 0;
}
