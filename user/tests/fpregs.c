/*
 * fpregs: f0-f31 and fcsr, all of them, survive what the kernel does
 * between a program's instructions: two processes on one hart taking
 * turns (yield and sleep), a process moving between harts, a signal
 * handler that changes every f register, fork (the child has the
 * parent's) and exec (the new program starts with zeros). Each step
 * loads a fresh pattern, makes one system call and reads the registers
 * back in one asm block, so nothing else touches them in between. The
 * kernel loads a process's f registers only when the hart does not hold
 * them already: a wrong guess shows here as another pattern.
 */
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "syscall.h"

#define LOOPS 200

struct fpregs {
	uint64_t f[32];
	uint64_t fcsr;
};

/* The pattern of step i of process k: no two steps alike. */
static void
pattern(struct fpregs *r, int k, int i)
{
	for (int j = 0; j < 32; j++)
		r->f[j] = 0x0123456789000000ULL * (k + 1) + (uint64_t)i * 64 + j;
	r->fcsr = (uint64_t)(i % 5) << 5 | (uint64_t)(k + i) % 32;	/* frm 0-4, flags */
}

#define FP_REGS "0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31"
#define FP_CLOBBERS "f0", "f1", "f2", "f3", "f4", "f5", "f6", "f7", "f8", "f9", "f10", \
	"f11", "f12", "f13", "f14", "f15", "f16", "f17", "f18", "f19", "f20", "f21", \
	"f22", "f23", "f24", "f25", "f26", "f27", "f28", "f29", "f30", "f31"

/* Loads in, makes system call n, stores the registers to out; the
 * call's result. */
static long
fp_syscall(const struct fpregs *in, struct fpregs *out, long n, long a0, long a1, long a2)
{
	register long r0 __asm__("a0") = a0;
	register long r1 __asm__("a1") = a1;
	register long r2 __asm__("a2") = a2;
	register long r7 __asm__("a7") = n;

	__asm__ volatile(".irp i," FP_REGS "\n fld f\\i, \\i*8(%[in])\n .endr\n"
			 "ld t0, 256(%[in])\n fscsr t0\n"
			 "ecall\n"
			 ".irp i," FP_REGS "\n fsd f\\i, \\i*8(%[out])\n .endr\n"
			 "frcsr t0\n sd t0, 256(%[out])\n"
			 : "+r"(r0)
			 : [in] "r"(in), [out] "r"(out), "r"(r1), "r"(r2), "r"(r7)
			 : "t0", "memory", FP_CLOBBERS);
	return r0;
}

/* Loads in (no call). */
static void
fp_load(const struct fpregs *in)
{
	__asm__ volatile(".irp i," FP_REGS "\n fld f\\i, \\i*8(%0)\n .endr\n"
			 "ld t0, 256(%0)\n fscsr t0\n"
			 :: "r"(in) : "t0", "memory", FP_CLOBBERS);
}

/* Stores the registers to out (no call). */
static void
fp_store(struct fpregs *out)
{
	__asm__ volatile(".irp i," FP_REGS "\n fsd f\\i, \\i*8(%0)\n .endr\n"
			 "frcsr t0\n sd t0, 256(%0)\n"
			 :: "r"(out) : "t0", "memory");
}

/* 0 if got is want, else prints the first difference and returns 1. */
static int
differ(const char *what, int i, const struct fpregs *want, const struct fpregs *got)
{
	for (int j = 0; j < 32; j++) {
		if (got->f[j] != want->f[j]) {
			printf("FAIL %s, step %d: f%d expected %#llx, got %#llx\n", what, i, j,
			       (unsigned long long)want->f[j], (unsigned long long)got->f[j]);
			return 1;
		}
	}
	if (got->fcsr != want->fcsr) {
		printf("FAIL %s, step %d: fcsr expected %#llx, got %#llx\n", what, i,
		       (unsigned long long)want->fcsr, (unsigned long long)got->fcsr);
		return 1;
	}
	return 0;
}

/* Process k's steps on one hart beside another: a yield each step, and
 * now and then a sleep. The exit status: 0 if every step kept its own. */
static int
take_turns(int k)
{
	struct timespec ms = { 0, 1000000 };
	struct fpregs in, out;

	for (int i = 0; i < LOOPS; i++) {
		pattern(&in, k, i);
		if (i % 20 == 19)
			fp_syscall(&in, &out, SYS_nanosleep, (long)&ms, 0, 0);
		else
			fp_syscall(&in, &out, SYS_sched_yield, 0, 0, 0);
		if (differ("turns", i, &in, &out))
			return 1;
	}
	return 0;
}

/* Two processes pinned to one hart, each its own registers. */
static void
two_on_one_hart(uint64_t hart)
{
	pid_t pids[2];

	check_long("pin to one hart", set_affinity(0, hart), 0);
	for (int k = 0; k < 2; k++) {
		pids[k] = fork();
		if (pids[k] == 0)
			_exit(take_turns(k));
	}
	check_long("first of two on one hart", wait_status(pids[0]), 0);
	check_long("second of two on one hart", wait_status(pids[1]), 0);
}

/* One process that moves to the other hart in every step (to the same
 * one on a machine of one hart), with new registers each time. */
static void
between_harts(uint64_t a, uint64_t b)
{
	struct fpregs in, out;
	int bad = 0;

	for (int i = 0; i < LOOPS && !bad; i++) {
		uint64_t mask = i % 2 ? b : a;
		pattern(&in, 2, i);
		fp_syscall(&in, &out, SYS_sched_setaffinity, 0, sizeof mask, (long)&mask);
		bad = differ("between harts", i, &in, &out);
	}
	check_long("moving between harts, steps wrong", bad, 0);
}

static void
clobber(int sig)
{
	struct fpregs junk;

	(void)sig;
	pattern(&junk, 3, 12345);
	fp_load(&junk);
}

/* A handler that loads other values into every register: the
 * interrupted code gets its own back. */
static void
across_a_handler(void)
{
	struct fpregs in, out;
	int bad = 0;

	check_long("handler installed", sigdisposition(SIGUSR1, clobber), 0);
	for (int i = 0; i < 20 && !bad; i++) {
		pattern(&in, 4, i);
		fp_syscall(&in, &out, SYS_kill, getpid(), SIGUSR1, 0);
		bad = differ("across a handler", i, &in, &out);
	}
	check_long("across a signal handler, steps wrong", bad, 0);
}

/* A child of fork has its parent's registers, and the parent keeps them. */
static void
across_fork(void)
{
	struct fpregs in, out;

	pattern(&in, 5, 0);
	long pid = fp_syscall(&in, &out, SYS_clone, SIGCHLD, 0, 0);
	if (pid == 0)
		_exit(differ("child of fork", 0, &in, &out));
	check_long("fork", pid > 0, 1);
	check_long("parent's registers after fork differ", differ("parent of fork", 0, &in, &out),
		   0);
	check_long("child's registers after fork differ", wait_status((pid_t)pid), 0);
}

/* exec of this program with "zeros": it must start with zeros. */
static void
across_exec(void)
{
	static const char self[] = "/tests/fpregs";
	struct fpregs in, out;
	char *argv[] = { (char *)self, "zeros", NULL };
	char *envp[] = { NULL };

	pid_t pid = fork();
	if (pid == 0) {
		pattern(&in, 6, 0);
		fp_syscall(&in, &out, SYS_execve, (long)self, (long)argv, (long)envp);
		_exit(99);
	}
	check_long("after exec, registers not zero", wait_status(pid), 0);
}

int
main(int argc, char **argv)
{
	struct fpregs zero = { { 0 }, 0 }, got;
	uint64_t mask;

	if (argc > 1 && strcmp(argv[1], "zeros") == 0) {
		fp_store(&got);
		return differ("after exec", 0, &zero, &got);
	}
	check_long("get affinity", get_affinity(0, &mask), 0);
	uint64_t first = mask & -mask, rest = mask & ~first;
	uint64_t second = rest ? rest & -rest : first;

	two_on_one_hart(first);
	check_long("unpin", set_affinity(0, mask), 0);
	between_harts(first, second);
	check_long("unpin", set_affinity(0, mask), 0);
	across_a_handler();
	across_fork();
	across_exec();
	printf("fpregs: ok\n");
	return 0;
}
