/*
 * threadreap: a process with threads ends and is reaped, however its
 * threads race to exit. ROUNDS times a child starts THREADS threads
 * (clone with CLONE_THREAD); the parent's wait4 must end, or an alarm
 * says it hung. In even rounds all block in futex and the parent sends
 * SIGKILL, which wakes them at once, on two harts when there are two.
 * In odd rounds the threads go to read an empty pipe and the leader
 * calls exit_group as soon as they have started: its SIGKILL reaches
 * them as they go to sleep. A read that looked for a signal before it
 * slept, not once asleep, missed that one and slept for ever.
 * (proctask also hung about one boot in ten on sifive_u when the last
 * thread ended the group before the leader had become a zombie: its
 * wakeup found the parent looking at a leader still running, and the
 * leader woke no one. This test did not catch that race in 2,000
 * rounds.)
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
static int empty[2];		/* a pipe no one writes */

enum { IN_FUTEX, IN_READ };

/* The thread (rawthread.h): blocks until killed. */
void
thread_main(long how)
{
	char c;

	__atomic_add_fetch(&started, 1, __ATOMIC_SEQ_CST);
	if (how == IN_FUTEX)
		syscall4(SYS_futex, &never, FUTEX_WAIT_PRIVATE, 0, NULL);
	else
		syscall3(SYS_read, empty[0], &c, 1);
	syscall1(SYS_exit, 99);
	__builtin_unreachable();
}

static void
on_alarm(int sig)
{
	(void)sig;
}

/* The child: its threads block how; then it blocks in futex, or ends
 * the group at once (IN_READ: its threads are just going to sleep). */
static void
child(long how, int ready)
{
	if (pipe(empty) < 0)
		_exit(91);
	for (int i = 0; i < THREADS; i++)
		if (thread_clone(CLONE_THREADS, stacks[i] + STACK, how, NULL) <= 0)
			_exit(90);
	while (__atomic_load_n(&started, __ATOMIC_SEQ_CST) < THREADS)
		sched_yield();
	if (how == IN_READ)
		syscall1(SYS_exit_group, 3);
	write(ready, "r", 1);
	syscall4(SYS_futex, &never, FUTEX_WAIT_PRIVATE, 0, NULL);
	_exit(92);
}

/* One child, whose end must be reaped: killed, or its own exit_group. */
static int
one_round(long how)
{
	int ready[2];
	char c = 0;

	if (pipe(ready) < 0)
		return -1;
	pid_t pid = fork();
	if (pid == 0)
		child(how, ready[1]);
	close(ready[1]);
	if (pid < 0 || (how == IN_FUTEX && (read(ready[0], &c, 1) != 1 || c != 'r')))
		return -1;
	close(ready[0]);
	if (how == IN_FUTEX)
		kill(pid, SIGKILL);
	alarm(10);
	int status, r = waitpid(pid, &status, 0);
	alarm(0);
	if (r != pid) {
		printf("FAIL round %s: waitpid: %s\n", how == IN_FUTEX ? "futex" : "read",
		       r < 0 ? errno_name(errno) : "another pid");
		return -1;
	}
	if (how == IN_READ)
		return WIFEXITED(status) && WEXITSTATUS(status) == 3 ? 0 : -1;
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
		if (one_round(i % 2 ? IN_READ : IN_FUTEX) < 0)
			break;
		ok++;
	}
	check_long("children with threads, ended and reaped", ok, ROUNDS);
	return 0;
}
