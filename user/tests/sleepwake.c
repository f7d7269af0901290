/*
 * sleepwake: sleep and wakeup under load on every hart. PAIRS pairs of
 * processes pass a counter back and forth through two pipes ROUNDS
 * times each, the even pairs pinned to two harts (every pass wakes a
 * process on another hart), the odd ones free to move; meanwhile two
 * workers fork children that exit at once and reap them, and the main
 * process, round after round, puts SLEEPERS readers to sleep on one
 * empty pipe, kills half of them there and wakes the rest with one byte
 * each. Every exchange must arrive in order and every count be exact;
 * a lost wakeup hangs (the grader's timeout is the bound), and no page
 * may be left behind. Nothing printed depends on how many harts there
 * are.
 */
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "syscall.h"

#define PAIRS 6
#define ROUNDS 1000
#define FORKERS 2
#define FORKS 300
#define KILL_ROUNDS 20
#define SLEEPERS 4

/* The n-th hart (counting round) of those in mask. */
static int
nth_hart(uint64_t mask, int n)
{
	n %= __builtin_popcountll(mask);
	for (int cpu = 0; cpu < 64; cpu++)
		if (((mask >> cpu) & 1) && n-- == 0)
			return cpu;
	return -1;
}

static void
pin(int cpu)
{
	if (cpu >= 0 && set_affinity(0, 1ULL << cpu) < 0) {
		printf("FAIL sched_setaffinity to hart %d: %s\n", cpu, strerror(errno));
		exit(1);
	}
}

/* One side of a pair: the first sends 2k and must get 2k + 1 back, the
 * other answers each 2k with 2k + 1. The first writes the exchanges it
 * completed to report. */
static void __attribute__((noreturn))
pair_side(bool first, int in, int out, int cpu, int report)
{
	long done = 0;

	pin(cpu);
	for (long k = 0; k < ROUNDS; k++) {
		long v = 2 * k;
		if (first && write(out, &v, sizeof v) != sizeof v)
			break;
		if (read(in, &v, sizeof v) != sizeof v || v != 2 * k + first) {
			printf("FAIL pair exchange %ld: got %ld\n", k, v);
			exit(1);
		}
		if (!first && (v++, write(out, &v, sizeof v) != sizeof v))
			break;
		done++;
	}
	if (first && write(report, &done, sizeof done) != sizeof done)
		exit(1);
	_exit(done == ROUNDS ? 0 : 1);
}

/* Starts pair i; its two pids go to pids[0] and pids[1]. */
static void
start_pair(int i, uint64_t harts, int report, pid_t pids[2])
{
	int there[2], back[2];

	if (pipe2(there, 0) < 0 || pipe2(back, 0) < 0) {
		printf("FAIL pipe2: %s\n", strerror(errno));
		fail();
	}
	int cpu0 = i % 2 ? -1 : nth_hart(harts, i), cpu1 = i % 2 ? -1 : nth_hart(harts, i + 1);
	if ((pids[0] = fork()) == 0) {
		close(there[0]);
		close(back[1]);
		pair_side(true, back[0], there[1], cpu0, report);
	}
	if ((pids[1] = fork()) == 0) {
		close(there[1]);
		close(back[0]);
		pair_side(false, there[0], back[1], cpu1, report);
	}
	close(there[0]);
	close(there[1]);
	close(back[0]);
	close(back[1]);
}

/* FORKS children that exit at once with their number, each reaped. */
static void __attribute__((noreturn))
forker(void)
{
	for (int i = 0; i < FORKS; i++) {
		int status;
		pid_t pid = fork();
		if (pid == 0)
			_exit(i & 0x7f);
		if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
		    WEXITSTATUS(status) != (i & 0x7f)) {
			printf("FAIL fork %d\n", i);
			exit(1);
		}
	}
	_exit(0);
}

/* A reader asleep on an empty pipe until a byte comes: says it is
 * ready on ready, then exits 0 with the byte, 1 without. */
static void __attribute__((noreturn))
sleeper(int in, int ready)
{
	char c = 'r';

	if (write(ready, &c, 1) != 1)
		_exit(1);
	_exit(read(in, &c, 1) == 1 && c == 'w' ? 0 : 1);
}

/* One round: SLEEPERS readers asleep on one pipe, the first half killed
 * there, the rest woken by a byte each. Adds to *killed and *woken. */
static void
kill_round(long *killed, long *woken)
{
	int data[2], ready[2];
	pid_t pids[SLEEPERS];
	char c;

	if (pipe2(data, 0) < 0 || pipe2(ready, 0) < 0) {
		printf("FAIL pipe2: %s\n", strerror(errno));
		fail();
	}
	for (int i = 0; i < SLEEPERS; i++) {
		if ((pids[i] = fork()) == 0) {
			close(data[1]);
			close(ready[0]);
			sleeper(data[0], ready[1]);
		}
	}
	for (int i = 0; i < SLEEPERS; i++)
		if (read(ready[0], &c, 1) != 1)
			fail();
	struct timespec ms = { 0, 1000000 };	/* time to fall asleep in read */
	nanosleep(&ms, NULL);
	for (int i = 0; i < SLEEPERS / 2; i++) {
		int status;
		kill(pids[i], SIGKILL);
		if (waitpid(pids[i], &status, 0) == pids[i] && WIFSIGNALED(status) &&
		    WTERMSIG(status) == SIGKILL)
			(*killed)++;
	}
	for (int i = SLEEPERS / 2; i < SLEEPERS; i++)
		if (write(data[1], "w", 1) != 1)
			fail();
	for (int i = SLEEPERS / 2; i < SLEEPERS; i++) {
		int status;
		if (waitpid(pids[i], &status, 0) == pids[i] && WIFEXITED(status) &&
		    WEXITSTATUS(status) == 0)
			(*woken)++;
	}
	close(data[0]);
	close(data[1]);
	close(ready[0]);
	close(ready[1]);
}

int
main(int argc, char **argv)
{
	pid_t pairs[PAIRS][2], forkers[FORKERS];
	int report[2];
	uint64_t harts;
	long killed = 0, woken = 0, exchanges = 0, ok_pairs = 0, ok_forkers = 0;

	steady_pages(argv);
	(void)argc;
	check_long("sched_getaffinity", get_affinity(0, &harts), 0);
	check_long("pipe2 for the reports", pipe2(report, 0), 0);
	fflush(stdout);
	long before = free_pages();	/* stdout's buffer and the report pipe made */
	for (int i = 0; i < PAIRS; i++)
		start_pair(i, harts, report[1], pairs[i]);
	for (int i = 0; i < FORKERS; i++)
		if ((forkers[i] = fork()) == 0)
			forker();
	for (int i = 0; i < KILL_ROUNDS; i++)
		kill_round(&killed, &woken);
	for (int i = 0; i < PAIRS; i++) {
		int s0, s1;
		bool ok = waitpid(pairs[i][0], &s0, 0) == pairs[i][0] &&
			  waitpid(pairs[i][1], &s1, 0) == pairs[i][1];
		ok_pairs += ok && s0 == 0 && s1 == 0;
	}
	for (int i = 0; i < FORKERS; i++) {
		int s;
		ok_forkers += waitpid(forkers[i], &s, 0) == forkers[i] && s == 0;
	}
	close(report[1]);
	for (long n; read(report[0], &n, sizeof n) == sizeof n;)
		exchanges += n;
	close(report[0]);
	long after = free_pages();
	check_long("pairs that completed every exchange", ok_pairs, PAIRS);
	check_long("exchanges", exchanges, (long)PAIRS * ROUNDS);
	check_long("forkers that reaped every child", ok_forkers, FORKERS);
	check_long("sleepers killed in their sleep", killed, KILL_ROUNDS * SLEEPERS / 2);
	check_long("sleepers woken by a byte", woken, KILL_ROUNDS * SLEEPERS / 2);
	/* + 2: the report pipe's, freed: its page and its ring's first */
	check_long("pages leaked", before + 2 - after, 0);
	printf("sleepwake: ok\n");
	return 0;
}
