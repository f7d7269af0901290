/*
 * threadkill: threads (clone with CLONE_THREAD) blocked in the kernel
 * when their group dies. A process starts THREADS threads, half asleep
 * in FUTEX_WAIT, half in read on an empty pipe; killed with SIGKILL, it
 * is reaped once, with every page and kernel stack given back (the
 * free page count as before). A thread's exit_group ends the group with
 * its status, and so does one after the leader has exited (a zombie
 * until the last thread is gone). /proc/PID/status counts the threads.
 * CLONE_CHILD_SETTID stores the tid in a page not touched yet, and a bad
 * address there is not the kernel's problem. A descriptor closed by one
 * thread while another reads it: the read goes on and gets the byte
 * written after (the file stays open until the read returns).
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "rawthread.h"
#include "syscall.h"

#define THREADS 100
#define STACK 4096
#define L_SIGKILL 9

#define FUTEX_WAIT_PRIVATE 128

enum { BLOCK_FUTEX, BLOCK_READ, EXIT_GROUP_7, LATE_EXIT_GROUP_5, EXIT_AT_ONCE, READ_THEN_EXIT };

static char stacks[THREADS][STACK] __attribute__((aligned(16)));
static volatile int started;
static volatile unsigned never;	/* the futex word no one changes */
static int empty[2];		/* a pipe no one writes */
static volatile int untouched[1024] __attribute__((aligned(4096)));	/* a page of bss */

/* A thread (rawthread.h). */
void
thread_main(long what)
{
	char c;
	struct { long sec, nsec; } pause_50ms = { 0, 50000000 };

	__atomic_add_fetch(&started, 1, __ATOMIC_SEQ_CST);
	switch (what) {
	case BLOCK_FUTEX:
		syscall4(SYS_futex, &never, FUTEX_WAIT_PRIVATE, 0, NULL);
		break;
	case BLOCK_READ:
		syscall3(SYS_read, empty[0], &c, 1);
		break;
	case EXIT_GROUP_7:
		syscall1(SYS_exit_group, 7);
		break;
	case LATE_EXIT_GROUP_5:
		syscall2(SYS_nanosleep, &pause_50ms, NULL);
		syscall1(SYS_exit_group, 5);
		break;
	case EXIT_AT_ONCE:
		syscall1(SYS_exit, 0);
		break;
	case READ_THEN_EXIT:	/* the group's status: 11 if the byte came */
		c = 0;
		syscall3(SYS_read, empty[0], &c, 1);
		syscall1(SYS_exit_group, c == 'x' ? 11 : 12);
		break;
	}
	syscall1(SYS_exit, 99);	/* a blocked thread should never get here */
	__builtin_unreachable();
}

static void
start(int i, long what)
{
	if (thread_clone(CLONE_THREADS, stacks[i] + STACK, what, NULL) <= 0)
		_exit(90);
}

/* In the child: n threads blocked, half in futex and half in read. */
static void
start_blocked(int n)
{
	if (pipe(empty) < 0)
		_exit(91);
	for (int i = 0; i < n; i++)
		start(i, i % 2 ? BLOCK_READ : BLOCK_FUTEX);
	while (__atomic_load_n(&started, __ATOMIC_SEQ_CST) < n)
		sched_yield();
}

/* The Threads: line of pid's /proc status, or -1. */
static int
threads_of(pid_t pid)
{
	char path[64], buf[2048];
	int n = -1;

	snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
	int fd = open(path, O_RDONLY);
	ssize_t len = fd < 0 ? -1 : read(fd, buf, sizeof buf - 1);
	if (fd >= 0)
		close(fd);
	if (len <= 0)
		return -1;
	buf[len] = 0;
	char *t = strstr(buf, "Threads:\t");
	if (t)
		sscanf(t + 9, "%d", &n);
	return n;
}

/* A child with THREADS threads blocked; returns once they all are. */
static pid_t
blocked_child(void)
{
	int ready[2];
	char c = 0;

	if (pipe(ready) < 0)
		fail();
	pid_t pid = fork();
	if (pid == 0) {
		start_blocked(THREADS);
		write(ready[1], "r", 1);
		syscall4(SYS_futex, &never, FUTEX_WAIT_PRIVATE, 0, NULL);
		_exit(92);
	}
	read(ready[0], &c, 1);
	close(ready[0]);
	close(ready[1]);
	return c == 'r' ? pid : -1;
}

/* The free page count once it holds still: a killed group's threads
 * finish leaving (their trapframes, their hold on the memory) on their
 * own harts, maybe just after the parent's wait returned, as on Linux. */
static long
settled_free_pages(long want)
{
	struct { long sec, nsec; } pause_10ms = { 0, 10000000 };
	long now = free_pages();

	for (int i = 0; i < 100 && now != want; i++) {
		syscall2(SYS_nanosleep, &pause_10ms, NULL);
		long again = free_pages();
		if (want < 0 && again == now)
			break;
		now = again;
	}
	return now;
}

/* A process with THREADS blocked threads, killed: reaped once, its
 * memory all back. A first round, unchecked, has this process's stack
 * and buffers grow to what the checked one needs. */
static void
killed_with_threads(void)
{
	pid_t pid = blocked_child();

	printf("%d threads, half in futex, half in read\n", THREADS);
	check_long("/proc/PID/status Threads:", threads_of(pid), THREADS + 1);
	kill(pid, L_SIGKILL);
	check_long("killed, the process ends by SIGKILL", wait_status(pid), 128 + L_SIGKILL);
	check_errno("and it is reaped once", waitpid(pid, NULL, WNOHANG), ECHILD);

	long before = settled_free_pages(-1);
	pid = blocked_child();
	check_long("again: the threads started", pid > 0, 1);
	kill(pid, L_SIGKILL);
	check_long("killed again", wait_status(pid), 128 + L_SIGKILL);
	check_long("free pages after minus before", settled_free_pages(before) - before, 0);
}

/* A thread's exit_group ends every other blocked thread with it. */
static void
exit_group_from_a_thread(void)
{
	pid_t pid = fork();

	if (pid == 0) {
		start_blocked(8);
		start(8, EXIT_GROUP_7);
		syscall4(SYS_futex, &never, FUTEX_WAIT_PRIVATE, 0, NULL);
		_exit(93);
	}
	check_long("a thread's exit_group(7): the group's status", wait_status(pid), 7);
}

/* The leader exits first (exit, not exit_group): the group lives on
 * until its last thread ends it. */
static void
leader_exits_first(void)
{
	pid_t pid = fork();

	if (pid == 0) {
		start(0, LATE_EXIT_GROUP_5);
		syscall1(SYS_exit, 0);
	}
	check_long("the leader gone first, a thread's exit_group(5)", wait_status(pid), 5);
}

/* CLONE_CHILD_SETTID: the tid in an untouched page, and at address 16
 * (nothing: the clone still succeeds, as on Linux). */
static void
child_settid(void)
{
	pid_t pid = fork();

	if (pid == 0) {
		long tid = thread_clone(CLONE_THREADS | CLONE_CHILD_SETTID, stacks[0] + STACK,
					EXIT_AT_ONCE, untouched);
		if (tid <= 0 || untouched[0] != tid)
			_exit(1);
		tid = thread_clone(CLONE_THREADS | CLONE_CHILD_SETTID, stacks[1] + STACK,
				   EXIT_AT_ONCE, (volatile int *)16);
		_exit(tid > 0 ? 0 : 2);
	}
	check_long("CLONE_CHILD_SETTID: a fresh page, then a bad address", wait_status(pid), 0);
}

/* One thread reads an empty pipe; another closes that descriptor, then
 * writes a byte to the pipe. */
static void
closed_while_read(void)
{
	struct { long sec, nsec; } pause_50ms = { 0, 50000000 };
	pid_t pid = fork();

	if (pid == 0) {
		if (pipe(empty) < 0)
			_exit(91);
		start(0, READ_THEN_EXIT);
		while (started < 1)
			sched_yield();
		syscall2(SYS_nanosleep, &pause_50ms, NULL);	/* asleep in read by now */
		close(empty[0]);
		write(empty[1], "x", 1);
		syscall4(SYS_futex, &never, FUTEX_WAIT_PRIVATE, 0, NULL);
		_exit(94);
	}
	check_long("a descriptor closed while another thread reads it: the read gets the byte",
		   wait_status(pid), 11);
}

int
main(int argc, char **argv)
{
	(void)argc;
	steady_pages(argv);	/* its own pages coming in would move the count */
	killed_with_threads();
	exit_group_from_a_thread();
	leader_exits_first();
	child_settid();
	closed_while_read();
	return 0;
}
