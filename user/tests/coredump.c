/*
 * coredump: a child sets known values (a global, a heap buffer, a local
 * four calls deep), zeroes the auxv exec left on its stack (the core's
 * NT_AUXV must still be exec's) and stores to address 0, once its
 * parent has written a global the two shared since fork (copy-on-write:
 * the core holds the child's page, with the value from before the fork).
 * It must die of SIGSEGV with
 * the core flag (WCOREDUMP) in its wait status, and leave
 * /core/coredump.PID, which is renamed to /core/coredump.core for the
 * host check (coredump.host): readelf on the core, then gdb-multiarch
 * on this program and the core reads the values back, the call chain
 * and the auxv. Two threads (clone with CLONE_THREAD) asleep in a futex
 * when it faults are in the core too: a note each (gdb's info threads
 * lists three), and the fault ends them with it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "syscall.h"

#define CLONE_THREADS 0x50f00	/* VM | FS | FILES | SIGHAND | THREAD | SYSVSEM */
#define FUTEX_WAIT_PRIVATE 128
#define STACK 4096

volatile long core_global;
static volatile int asleep;
static volatile unsigned never;	/* the futex word no one changes */
static char stacks[2][STACK] __attribute__((aligned(16)));

/* clone(flags, stack) of a thread that runs sleeper() on it. */
long thread_clone(unsigned long flags, void *stack);
__asm__(".text\n"
	".globl thread_clone\n"
	"thread_clone:\n"
	"	li a2, 0\n"
	"	li a3, 0\n"
	"	li a4, 0\n"
	"	li a7, 220\n"
	"	ecall\n"
	"	bnez a0, 1f\n"
	"	call sleeper\n"
	"1:	ret\n");

/* A thread asleep for good (raw calls: its tp is its creator's). */
void __attribute__((noreturn, used))
sleeper(void)
{
	__atomic_add_fetch(&asleep, 1, __ATOMIC_SEQ_CST);
	for (;;)
		syscall4(SYS_futex, &never, FUTEX_WAIT_PRIVATE, 0, NULL);
}
volatile long shared_global;
char *heap_buffer;

/* Zeroes the auxv above the environment, as a program reusing that
 * stack space would. */
static void
clobber_auxv(char **envp)
{
	while (*envp)
		envp++;
	for (long *av = (long *)(envp + 1); av[0] != 0; av += 2)
		av[0] = av[1] = 0;
}

__attribute__((noinline)) static void
crash_now(volatile int *local)
{
	*(volatile int *)(uintptr_t)(*local - 4242) = 1;	/* address 0 */
}

__attribute__((noinline)) static int
level3(int n)
{
	volatile int local_marker = 4242;

	crash_now(&local_marker);
	return n + local_marker;
}

__attribute__((noinline)) static int
level2(int n)
{
	return level3(n + 1) + 1;
}

__attribute__((noinline)) static int
level1(int n)
{
	return level2(n + 1) + 1;
}

int
main(int argc, char **argv, char **envp)
{
	char path[64];
	struct stat st;
	int status;

	(void)argc;
	(void)argv;
	int go[2];
	char c;
	check_long("a pipe to start the child", pipe(go), 0);
	shared_global = 0x5678;
	pid_t pid = fork();
	if (pid == 0) {
		if (read(go[0], &c, 1) != 1)
			_exit(2);
		core_global = 0x1234abcd;
		heap_buffer = malloc(64);
		strcpy(heap_buffer, "the heap says hello");
		for (int i = 0; i < 2; i++)
			if (thread_clone(CLONE_THREADS, stacks[i] + STACK) <= 0)
				_exit(3);
		while (asleep < 2)
			sched_yield();
		clobber_auxv(envp);
		_exit(level1(1));	/* survived: wrong */
	}
	shared_global = 0x9999;	/* the parent's own copy now */
	check_long("the child let go once the parent wrote its copy", write(go[1], "g", 1), 1);
	check_long("child reaped", wait4(pid, &status, 0, NULL) == pid, 1);
	check_long("child killed by signal", WIFSIGNALED(status) ? WTERMSIG(status) : -1, SIGSEGV);
	check_long("core flag in the wait status", WCOREDUMP(status) != 0, 1);
	snprintf(path, sizeof path, "/core/coredump.%d", pid);
	check_long("core file is there", stat(path, &st), 0);
	check_long("core file starts past its headers", st.st_size > 8192, 1);
	unlink("/core/coredump.core");
	check_long("renamed for the host check", rename(path, "/core/coredump.core"), 0);
	sync();
	printf("coredump: ok\n");
	return 0;
}
