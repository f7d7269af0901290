/*
 * threadreap: a killed process with threads is reaped, however its
 * leader and its last thread race to exit. ROUNDS times a child starts
 * THREADS threads (clone with CLONE_THREAD) and all block in futex;
 * SIGKILL wakes them at once, on two harts when there are two, and the
 * parent's wait4 must end, or an alarm says it hung. (proctask hung so
 * about one boot in ten on sifive_u: the last thread ended the group
 * before the leader had become a zombie, so its wakeup found the
 * parent looking at a leader still running, and the leader woke no
 * one. This test did not catch that race in 2,000 rounds; it keeps the
 * path of a killed group's reaping on two harts under watch.)
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "rawthread.h"
#include "syscall.h"

#define ROUNDS 300
#define STACK 4096
#define THREADS 6
#define FUTEX_WAIT_PRIVATE 128

static char stacks[THREADS][STACK] __attribute__((aligned(16)));
static volatile int started;
static volatile unsigned never;	/* the futex word no one changes */

/* The thread (rawthread.h): blocks until killed. */
void
thread_main(long what)
{
	(void)what;
	__atomic_add_fetch(&started, 1, __ATOMIC_SEQ_CST);
	syscall4(SYS_futex, &never, FUTEX_WAIT_PRIVATE, 0, NULL);
	syscall1(SYS_exit, 99);
	__builtin_unreachable();
}

static void
on_alarm(int sig)
{
	(void)sig;
}

/* One child: it and its threads block; killed, it must be reaped. */
static int
one_round(void)
{
	int ready[2];
	char c = 0;

	if (pipe(ready) < 0)
		return -1;
	pid_t pid = fork();
	if (pid == 0) {
		for (int i = 0; i < THREADS; i++)
			if (thread_clone(CLONE_THREADS, stacks[i] + STACK, 0, NULL) <= 0)
				_exit(90);
		while (__atomic_load_n(&started, __ATOMIC_SEQ_CST) < THREADS)
			sched_yield();
		write(ready[1], "r", 1);
		syscall4(SYS_futex, &never, FUTEX_WAIT_PRIVATE, 0, NULL);
		_exit(92);
	}
	if (pid < 0 || read(ready[0], &c, 1) != 1 || c != 'r')
		return -1;
	close(ready[0]);
	close(ready[1]);
	kill(pid, SIGKILL);
	alarm(10);
	int status, r = waitpid(pid, &status, 0);
	alarm(0);
	if (r != pid) {
		printf("FAIL round: waitpid: %s\n", r < 0 ? errno_name(errno) : "another pid");
		return -1;
	}
	return WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL ? 0 : -1;
}

int
main(void)
{
	struct sigaction sa;
	int ok = 0;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_alarm;	/* no SA_RESTART: a hung wait4 says EINTR */
	sigaction(SIGALRM, &sa, NULL);
	for (int i = 0; i < ROUNDS; i++) {
		if (one_round() < 0)
			break;
		ok++;
	}
	check_long("children with threads, killed and reaped", ok, ROUNDS);
	return 0;
}
