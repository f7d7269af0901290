/*
 * clonestack: clone with a stack, a TLS pointer and CLONE_CHILD_SETTID,
 * as glibc's posix_spawn calls it (CLONE_VM | CLONE_VFORK), 4000 times
 * by 4 workers at once. The child must start whole: on the stack given,
 * with the TLS pointer given, its tid already in its memory. It checks
 * all three before anything else and exits 0 if they hold.
 *
 * Once the kernel made the child runnable before it set them, and a
 * hart that fell idle (a worker waiting for its child) could take the
 * child in between and run it on its parent's stack: about one clone
 * in a few thousand went wrong that way.
 */
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "syscall.h"

#define WORKERS 4
#define ROUNDS 2500
#define STACK_SIZE 4096

/* What the child must find (the parent sets them before each clone; the
 * child has its own copy of them from then on). */
static unsigned long want_sp, want_tp;
static volatile int child_tid;
static char child_stack[STACK_SIZE] __attribute__((aligned(16)));

/*
 * raw_clone(flags, stack, ptid, tls, ctid): the parent returns the
 * child's pid (or -errno); the child calls child_check(sp, tp) on the
 * stack it was given, with the registers it started with, before any C
 * code can move sp or use tp.
 */
long raw_clone(unsigned long flags, void *stack, int *ptid, unsigned long tls, volatile int *ctid);
__asm__(".text\n"
	".globl raw_clone\n"
	"raw_clone:\n"
	"	li a7, 220\n"
	"	ecall\n"
	"	bnez a0, 1f\n"
	"	mv a0, sp\n"
	"	mv a1, tp\n"
	"	call child_check\n"
	"1:	ret\n");

/* In the child: raw system calls only, as tp is not a C library's. */
void __attribute__((noreturn, used))
child_check(unsigned long sp, unsigned long tp)
{
	int status = 0;

	if (sp != want_sp)
		status |= 1;
	if (tp != want_tp)
		status |= 2;
	if (child_tid != syscall0(SYS_getpid))
		status |= 4;
	syscall1(SYS_exit, status);
	__builtin_unreachable();
}

/* One clone and its child's wait; the child's exit status (0: whole),
 * 64 + the errno if the clone failed, or 128 if the wait did. */
static int clone_once(int i)
{
	int status;

	want_sp = (unsigned long)(child_stack + STACK_SIZE);
	want_tp = 0x7e57000 + i * 16;	/* any value: the kernel only sets it */
	child_tid = 0;
	long pid = raw_clone(CLONE_VM | CLONE_VFORK | CLONE_SETTLS | CLONE_CHILD_SETTID | SIGCHLD,
			     child_stack + STACK_SIZE, NULL, want_tp, &child_tid);
	if (pid < 0)
		return 64 + (int)-pid;
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return 128;
	return WEXITSTATUS(status);
}

/* Clones ROUNDS times; exits with how many children were not whole
 * (at most 255), after printing the first. */
static void __attribute__((noreturn))
worker(int w)
{
	int bad = 0;

	for (int i = 0; i < ROUNDS; i++) {
		int r = clone_once(i);
		if (r != 0 && bad++ == 0)
			printf("worker %d, clone %d: child status %d (1: wrong sp, 2: wrong tp, "
			       "4: tid not set, 64+: clone's errno, 128: wait failed)\n", w, i, r);
	}
	fflush(stdout);
	_exit(bad > 255 ? 255 : bad);
}

int
main(void)
{
	pid_t pids[WORKERS];
	int status, bad = 0;

	for (int w = 0; w < WORKERS; w++) {
		pids[w] = fork();
		if (pids[w] < 0) {
			printf("FAIL fork: %s\n", strerror(errno));
			return 1;
		}
		if (pids[w] == 0)
			worker(w);
	}
	for (int w = 0; w < WORKERS; w++) {
		if (waitpid(pids[w], &status, 0) != pids[w] || !WIFEXITED(status)) {
			printf("FAIL worker %d did not exit\n", w);
			return 1;
		}
		bad += WEXITSTATUS(status);
	}
	check_long("children started without their stack, tls or tid", bad, 0);
	printf("%d clones by %d workers\n", WORKERS * ROUNDS, WORKERS);
	return 0;
}
