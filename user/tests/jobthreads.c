/*
 * jobthreads: a stop stops every thread of a group. A child with two
 * threads spinning in user mode (each counting in shared memory), one
 * asleep in FUTEX_WAIT, and its first thread asleep in read is stopped
 * with SIGSTOP: once wait4 says so, no counter moves and every thread
 * shows T in /proc; after SIGCONT they count again, and the sleepers
 * still sleep (their waits were not cut short). SIGKILL then ends them.
 */
#include "jobstop.h"
#include "rawthread.h"

#define STACK 8192
#define FUTEX_WAIT_PRIVATE 128
#define PROT_RW 3
#define MAP_SHARED_ANON 0x21

enum { SPIN0, SPIN1, FUTEX_SLEEPER, NTHREADS };

struct shared {
	volatile long count[2];	/* each spinner's */
	volatile int tid[NTHREADS];
	volatile int futex_ended;	/* the sleeper's wait returned */
};

static char stacks[NTHREADS][STACK] __attribute__((aligned(16)));
static struct shared *sh;
static volatile unsigned never;	/* the futex word no one changes */

void
thread_main(long what)
{
	sh->tid[what] = syscall0(SYS_gettid);
	if (what == FUTEX_SLEEPER) {
		syscall4(SYS_futex, &never, FUTEX_WAIT_PRIVATE, 0, NULL);
		sh->futex_ended = 1;
		syscall1(SYS_exit, 0);
	}
	for (;;)
		sh->count[what]++;
}

static void
child(int fd)
{
	char c;

	for (long i = 0; i < NTHREADS; i++)
		if (thread_clone(CLONE_THREADS, stacks[i] + STACK, i, NULL) <= 0)
			_exit(90);
	read(fd, &c, 1);	/* no one writes */
	_exit(91);
}

/* Waits up to 5 s for both counters to pass min[]. */
static int
counting_past(const long min[2])
{
	for (int i = 0; i < 500; i++) {
		if (sh->count[0] > min[0] && sh->count[1] > min[1])
			return 1;
		sleep_ms(10);
	}
	return 0;
}

int
main(void)
{
	int fds[2], pid;
	long zero[2] = { 0, 0 }, at_stop[2];

	sh = (struct shared *)syscall6(SYS_mmap, 0, 4096, PROT_RW, MAP_SHARED_ANON, -1, 0);
	pipe(fds);
	if ((pid = fork()) == 0)
		child(fds[0]);
	check_long("both spinners count", counting_past(zero), 1);
	for (int i = 0; i < NTHREADS; i++)
		while (!sh->tid[i])
			sleep_ms(10);
	sleep_ms(50);	/* the sleeper is in its wait */

	kill(pid, SIGSTOP);
	check_long("stopped", wait_for(pid, L_WUNTRACED), STOPPED_BY(SIGSTOP));
	at_stop[0] = sh->count[0];
	at_stop[1] = sh->count[1];
	sleep_ms(200);
	check_long("spinner 0 holds still", sh->count[0] == at_stop[0], 1);
	check_long("spinner 1 holds still", sh->count[1] == at_stop[1], 1);
	check_long("the process is T", proc_state(pid, 0), 'T');
	for (int i = 0; i < NTHREADS; i++)
		check_long("  and each thread", proc_state(pid, sh->tid[i]), 'T');

	kill(pid, SIGCONT);
	check_long("continued", wait_for(pid, L_WCONTINUED), CONTINUED);
	check_long("both spinners count again", counting_past(at_stop), 1);
	sleep_ms(50);
	check_long("the futex sleeper still waits", sh->futex_ended, 0);
	check_long("and the reader", wait4(pid, NULL, WNOHANG, NULL), 0);

	kill(pid, SIGKILL);
	check_long("SIGKILL ends them all", wait_for(pid, 0), SIGKILL);
	printf("jobthreads: ok\n");
	return 0;
}
