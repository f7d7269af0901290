/*
 * stack: the user stack grows on demand to at least 1 MiB; the guard
 * page below its limit, executing data, and executing the stack each
 * kill only the program that tried (SIGSEGV), never the kernel.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "syscall.h"

#define STACK_MAX (8UL << 20)	/* the kernel's USTACK_MAX */

/* Uses about depth KiB of stack; returns a sum the compiler cannot fold. */
static long __attribute__((noinline))
deep(int depth)
{
	volatile char frame[1024];

	memset((char *)frame, depth & 0xff, sizeof frame);
	if (depth == 0)
		return frame[0];
	return deep(depth - 1) + frame[depth % sizeof frame];
}

static void
in_child(const char *what, void (*fn)(void), int want_signal)
{
	int status;
	pid_t pid = fork();
	char msg[96];

	if (pid == 0) {
		fn();
		_exit(0);
	}
	waitpid(pid, &status, 0);
	snprintf(msg, sizeof msg, "%s: killed by signal", what);
	check_long(msg, WIFSIGNALED(status) ? WTERMSIG(status) : 0, want_signal);
}

extern char **environ;

/* The top of the stack: the kernel puts the AT_EXECFN string first. */
static uintptr_t
stack_top(void)
{
	char **e = environ;

	while (*e)
		e++;
	for (uint64_t *a = (uint64_t *)(e + 1); a[0] != 0; a += 2)
		if (a[0] == 31 /* AT_EXECFN */)
			return (a[1] + 4095) & ~(uintptr_t)4095;
	return 0;
}

/* The lowest allowed stack page is STACK_MAX below the top; the page
 * under it is the guard. */
static void
touch_guard(void)
{
	volatile char *guard = (volatile char *)(stack_top() - STACK_MAX - 1);
	guard[0] = 1;
}

static void
touch_lowest_allowed(void)
{
	volatile char *low = (volatile char *)(stack_top() - STACK_MAX);
	low[0] = 1;
}

static unsigned int data_code[1] = { 0x00008067 };	/* ret */

static void
run_data(void)
{
	((void (*)(void))(uintptr_t)data_code)();
}

static void
run_stack(void)
{
	volatile unsigned int code[1] = { 0x00008067 };
	((void (*)(void))(uintptr_t)code)();
}

int
main(void)
{
	long sum = deep(1024);	/* 1 MiB of frames */
	check_long("1 MiB of stack frames work", sum != -1, 1);
	check_long("deeper still: 4 MiB", deep(4096) != -1, 1);
	check_long("the stack top is found", stack_top() != 0, 1);
	in_child("touching the lowest allowed stack page", touch_lowest_allowed, 0);
	in_child("touching the guard page", touch_guard, SIGSEGV);
	in_child("executing .data", run_data, SIGSEGV);
	in_child("executing the stack", run_stack, SIGSEGV);
	printf("stack: ok\n");
	return 0;
}
