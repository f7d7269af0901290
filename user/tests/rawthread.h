/*
 * Threads without a thread library: clone with CLONE_THREAD and the
 * rest of what pthread_create passes, behind the C library's back.
 * The including file defines thread_main(what), which runs on the new
 * thread with raw system calls only (its tp is its creator's) and must
 * end with SYS_exit or SYS_exit_group.
 */
#ifndef TESTS_RAWTHREAD_H
#define TESTS_RAWTHREAD_H

#define CLONE_THREADS 0x50f00	/* VM | FS | FILES | SIGHAND | THREAD | SYSVSEM */

void __attribute__((noreturn, used)) thread_main(long what);

/* clone(flags, stack, 0, 0, ctid) of a thread that runs thread_main(what)
 * on stack: its tid, or -errno. */
long thread_clone(unsigned long flags, void *stack, long what, volatile int *ctid);
__asm__(".text\n"
	".globl thread_clone\n"
	"thread_clone:\n"
	"	mv t0, a2\n"
	"	mv a4, a3\n"
	"	li a2, 0\n"
	"	li a3, 0\n"
	"	li a7, 220\n"
	"	ecall\n"
	"	bnez a0, 1f\n"
	"	mv a0, t0\n"
	"	call thread_main\n"
	"1:	ret\n");
#endif
