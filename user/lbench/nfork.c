/*
 * nfork N ROUNDS: lbench's fork row from a parent without libc, N forks
 * a round (the child exits at once, the parent waits), printed as
 *
 *   lbench op=nfork arg=- n=N round=R ns_per_op=T cpu_ns_per_op=C
 *
 * What fork costs when the parent is as small as a process gets: its
 * difference from lbench fork is what a static glibc parent adds.
 */
#include "../linux/nolibc.h"

#define NR_clock_gettime 113
#define NR_clone 220
#define NR_wait4 260
#define SIGCHLD 17
#define CLOCK_MONOTONIC 1
#define CLOCK_PROCESS_CPUTIME_ID 2

struct timespec {
	long tv_sec, tv_nsec;
};

static long
now_ns(int clock)
{
	struct timespec ts;

	syscall4(NR_clock_gettime, clock, (long)&ts, 0, 0);
	return ts.tv_sec * 1000000000L + ts.tv_nsec;
}

static long
number(const char *s)
{
	long n = 0;

	while (*s >= '0' && *s <= '9')
		n = n * 10 + (*s++ - '0');
	return n;
}

/* Writes "NAME=VALUE" and then end (a space or a newline). */
static void
say_field(const char *name, long v, const char *end)
{
	char digits[24];
	int i = sizeof(digits) - 1;

	digits[i] = 0;
	do {
		digits[--i] = '0' + v % 10;
		v /= 10;
	} while (v > 0 && i > 0);
	say(name);
	say("=");
	say(digits + i);
	say(end);
}

static void
fork_wait(void)
{
	int status = 0;
	long pid = syscall4(NR_clone, SIGCHLD, 0, 0, 0);

	if (pid == 0)
		exit_now(0);
	if (pid < 0 || syscall4(NR_wait4, pid, (long)&status, 0, 0) != pid || status != 0) {
		say("nfork: fork or wait failed\n");
		exit_now(1);
	}
}

void __attribute__((used, noreturn))
nfork_main(long *sp)
{
	long argc = sp[0];
	char **argv = (char **)(sp + 1);
	long n = argc == 3 ? number(argv[1]) : 0, rounds = argc == 3 ? number(argv[2]) : 0;

	if (n <= 0 || rounds <= 0) {
		say("usage: nfork N ROUNDS\n");
		exit_now(2);
	}
	for (long r = 0; r < rounds; r++) {
		long t0 = now_ns(CLOCK_MONOTONIC), c0 = now_ns(CLOCK_PROCESS_CPUTIME_ID);
		for (long i = 0; i < n; i++)
			fork_wait();
		long c1 = now_ns(CLOCK_PROCESS_CPUTIME_ID), t1 = now_ns(CLOCK_MONOTONIC);
		say("lbench op=nfork arg=- ");
		say_field("n", n, " ");
		say_field("round", r, " ");
		say_field("ns_per_op", (t1 - t0) / n, " ");
		say_field("cpu_ns_per_op", (c1 - c0) / n, "\n");
	}
	exit_now(0);
}

/* the stack pointer at entry points at argc, then argv */
__asm__(".globl _start\n_start:\n	mv a0, sp\n	call nfork_main\n");
