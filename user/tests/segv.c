/*
 * segv: children that fault die of the right signal and the parent
 * carries on: store to NULL, store to its own text, jump to the stack
 * (not executable), load from a kernel address -> SIGSEGV (11); an
 * illegal instruction -> SIGILL (4).
 */
#include <stdint.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "syscall.h"

static void
store_null(void)
{
	*(volatile int *)0 = 1;
}

static void
store_text(void)
{
	*(volatile uint32_t *)(uintptr_t)store_null = 0;
}

static void
jump_stack(void)
{
	uint32_t code[2] = { 0x00008067, 0 };	/* ret */
	void (*f)(void) = (void (*)(void))(uintptr_t)code;

	__asm__ volatile("" : : "r"(code) : "memory");
	f();
}

static void
load_kernel(void)
{
	(void)*(volatile long *)0xffffffc000000000UL;
}

static void
illegal(void)
{
	__asm__ volatile(".4byte 0x00000000");
}

static const struct {
	const char *name;
	void (*fn)(void);
	int sig;
} cases[] = {
	{ "store to address 0", store_null, SIGSEGV },
	{ "store to own text", store_text, SIGSEGV },
	{ "jump to the stack", jump_stack, SIGSEGV },
	{ "load from a kernel address", load_kernel, SIGSEGV },
	{ "illegal instruction", illegal, SIGILL },
};

int
main(void)
{
	char what[80];
	int status;

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		pid_t pid = fork();

		if (pid == 0) {
			cases[i].fn();
			_exit(0);	/* survived: wrong */
		}
		snprintf(what, sizeof what, "child (%s) reaped", cases[i].name);
		check_long(what, wait4(pid, &status, 0, NULL) == pid, 1);
		snprintf(what, sizeof what, "child (%s) killed by signal", cases[i].name);
		check_long(what, WIFSIGNALED(status) ? WTERMSIG(status) : -WEXITSTATUS(status),
			   cases[i].sig);
	}
	printf("segv: ok\n");
	return 0;
}
