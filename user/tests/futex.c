/*
 * futex: futex(2) between processes sharing a MAP_SHARED page, and its
 * errors. Waits that end by a wake, a changed word (EAGAIN), a
 * deadline (relative, absolute on the monotonic and the wall clock),
 * a signal (EINTR); wakes by bitset; requeue and compare-requeue;
 * WAKE_OP's change of the second word and its conditional wake; a
 * private futex is its address space's alone. The same binary gives
 * the same lines under Linux (the linux suite).
 */
#include <stdint.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "syscall.h"

#define SYS_futex 98
#define SYS_mmap 222
#define SYS_mprotect 226
#define SYS_kill 129
#define PROT_R 1
#define PROT_RW 3
#define MAP_SHARED_ANON 0x21
#define L_SIGUSR1 10

#define WAIT 0
#define WAKE 1
#define REQUEUE 3
#define CMP_REQUEUE 4
#define WAKE_OP 5
#define WAIT_BITSET 9
#define WAKE_BITSET 10
#define PRIVATE 128
#define CLOCK_RT 256
#define OP(op, oparg, cmp, cmparg) (((op) << 28) | ((cmp) << 24) | ((oparg) << 12) | (cmparg))
#define OP_ADD 1
#define CMP_GT 4
#define CMP_EQ 0

struct ts {
	long sec, nsec;
};

/* The words processes share: each test uses its own. */
static volatile uint32_t *shared;
enum { W_A, W_B, W_READY, W_OUT, W_SIG, NWORDS };

static long
futex(volatile void *uaddr, int op, uint32_t val, const void *ts, volatile void *uaddr2,
      uint32_t val3)
{
	return as_libc(syscall6(SYS_futex, (long)uaddr, op, val, (long)ts, (long)uaddr2, val3));
}

/* A child that says it is about to wait on word w (shared: W_READY
 * counts them), then waits with op while it is what it is now; exits
 * with the wait's errno (0 if woken). */
static pid_t
waiter(int w, int op, uint32_t bitset)
{
	uint32_t val = shared[w];
	pid_t pid = fork();

	if (pid == 0) {
		__atomic_add_fetch(&shared[W_READY], 1, __ATOMIC_SEQ_CST);
		long r = futex(&shared[w], op, val, NULL, NULL, bitset);
		_exit(r == 0 ? 0 : errno);
	}
	return pid;
}

/* Waits until n waiters said they are ready, then a little more, so
 * that they are asleep in the kernel. */
static void
until_ready(uint32_t n)
{
	while (__atomic_load_n(&shared[W_READY], __ATOMIC_SEQ_CST) < n)
		pause_ms(1);
	pause_ms(30);
}

static int
exit_code(pid_t pid)
{
	int status;

	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

static void
errors(void)
{
	volatile uint32_t *ro = (uint32_t *)syscall6(SYS_mmap, 0, 4096, PROT_RW, 0x22, -1, 0);
	struct ts bad = { 0, 1000000000 }, zero = { 0, 0 };

	ro[0] = 7;
	syscall3(SYS_mprotect, (long)ro, 4096, PROT_R);
	check_errno("wait on an unaligned word", futex((char *)shared + 1, WAIT, 0, NULL, NULL, 0), EINVAL);
	check_errno("wait on an unmapped word", futex((void *)8, WAIT, 0, NULL, NULL, 0), EFAULT);
	check_long("private wake of an unmapped word", futex((void *)8, WAKE | PRIVATE, 1, NULL, NULL, 0), 0);
	check_errno("shared wake of an unmapped word", futex((void *)8, WAKE, 1, NULL, NULL, 0), EFAULT);
	check_errno("wait when the word differs", futex(&shared[W_A], WAIT, 1, NULL, NULL, 0), EAGAIN);
	check_errno("wait with a zero bitset", futex(&shared[W_A], WAIT_BITSET, 0, NULL, NULL, 0), EINVAL);
	check_errno("wake with a zero bitset", futex(&shared[W_A], WAKE_BITSET, 1, NULL, NULL, 0), EINVAL);
	check_errno("FUTEX_WAIT with CLOCK_REALTIME", futex(&shared[W_A], WAIT | CLOCK_RT, 0, &zero, NULL, 0), ENOSYS);
	check_errno("wait with tv_nsec of a second", futex(&shared[W_A], WAIT, 0, &bad, NULL, 0), EINVAL);
	check_errno("wait with an unmapped timeout", futex(&shared[W_A], WAIT, 0, (void *)8, NULL, 0), EFAULT);
	check_errno("WAKE_OP on a read-only word", futex(&shared[W_A], WAKE_OP, 1, NULL, ro, OP(OP_ADD, 1, CMP_EQ, 0)), EFAULT);
	check_long("the read-only word is unchanged", ro[0], 7);
	check_long("wake with no waiter", futex(&shared[W_A], WAKE, 1, NULL, NULL, 0), 0);
	check_errno("unknown op", futex(&shared[W_A], 99, 0, NULL, NULL, 0), ENOSYS);
}

/* Of n absolute waits 2 ms ahead on the wall clock, how many returned
 * before the wall clock reached their deadline. A kernel that turns the
 * wall-clock deadline into a monotonic one from two clock reads at two
 * instants wakes the waiter early by whatever came between the reads (a
 * tick, or the host descheduling a hart): rare, so this catches it only
 * now and then, as pthread_cond's 50 ms wait on the wall clock did. */
static int
early_wall_waits(int n)
{
	struct timespec t;
	int early = 0;

	for (int i = 0; i < n; i++) {
		clock_gettime(CLOCK_REALTIME, &t);
		struct ts abs = { t.tv_sec, t.tv_nsec + 2000000 };
		if (abs.nsec >= 1000000000) {
			abs.sec++;
			abs.nsec -= 1000000000;
		}
		futex(&shared[W_A], WAIT_BITSET | CLOCK_RT, 0, &abs, NULL, ~0u);
		clock_gettime(CLOCK_REALTIME, &t);
		early += t.tv_sec < abs.sec || (t.tv_sec == abs.sec && t.tv_nsec < abs.nsec);
	}
	return early;
}

static void
timeouts(void)
{
	struct ts rel = { 0, 50000000 }, abs;
	struct timespec t;
	long t0 = now_ms();

	check_errno("relative 50 ms", futex(&shared[W_A], WAIT, 0, &rel, NULL, 0), ETIMEDOUT);
	long took = now_ms() - t0;
	check_long("  it took 50 ms or more", took >= 50, 1);
	check_long("  and less than 2 s", took < 2000, 1);
	clock_gettime(CLOCK_MONOTONIC, &t);
	abs = (struct ts){ 0, 1 };	/* boot's first nanosecond: the test may run in boot's first second */
	check_errno("absolute monotonic, passed", futex(&shared[W_A], WAIT_BITSET, 0, &abs, NULL, ~0u), ETIMEDOUT);
	abs = (struct ts){ t.tv_sec, t.tv_nsec + 40000000 };
	if (abs.nsec >= 1000000000) {
		abs.sec++;
		abs.nsec -= 1000000000;
	}
	t0 = now_ms();
	check_errno("absolute monotonic, 40 ms on", futex(&shared[W_A], WAIT_BITSET, 0, &abs, NULL, ~0u), ETIMEDOUT);
	check_long("  it ended after its deadline", now_ms() - t0 >= 30, 1);
	clock_gettime(CLOCK_REALTIME, &t);
	abs = (struct ts){ t.tv_sec, t.tv_nsec };
	abs.nsec += 40000000;
	if (abs.nsec >= 1000000000) {
		abs.sec++;
		abs.nsec -= 1000000000;
	}
	t0 = now_ms();
	check_errno("absolute wall clock, 40 ms on",
		    futex(&shared[W_A], WAIT_BITSET | CLOCK_RT, 0, &abs, NULL, ~0u), ETIMEDOUT);
	check_long("  it ended after its deadline", now_ms() - t0 >= 30, 1);
	check_long("waits of 2 ms on the wall clock that ended early", early_wall_waits(20), 0);
}

static void
wakes(void)
{
	shared[W_READY] = 0;
	pid_t pid = waiter(W_A, WAIT, 0);
	until_ready(1);
	check_long("wake of a waiting process", futex(&shared[W_A], WAKE, 1, NULL, NULL, 0), 1);
	check_long("  its wait returned 0", exit_code(pid), 0);

	shared[W_READY] = 0;
	pid = waiter(W_A, WAIT_BITSET, 0x1);
	until_ready(1);
	check_long("wake of bitset 0x2, a waiter of 0x1", futex(&shared[W_A], WAKE_BITSET, 1, NULL, NULL, 0x2), 0);
	check_long("wake of bitset 0x3", futex(&shared[W_A], WAKE_BITSET, 1, NULL, NULL, 0x3), 1);
	check_long("  its wait returned 0", exit_code(pid), 0);

	/* a private futex names the caller's address space: the child's
	 * wait on the shared page is not the parent's */
	shared[W_READY] = 0;
	pid = fork();
	if (pid == 0) {
		struct ts t = { 0, 300000000 };
		__atomic_add_fetch(&shared[W_READY], 1, __ATOMIC_SEQ_CST);
		_exit(futex(&shared[W_A], WAIT | PRIVATE, 0, &t, NULL, 0) == 0 ? 0 : errno);
	}
	until_ready(1);
	check_long("private wake, the waiter in another process", futex(&shared[W_A], WAKE | PRIVATE, 1, NULL, NULL, 0), 0);
	check_long("  its wait timed out", exit_code(pid) == ETIMEDOUT, 1);

	shared[W_READY] = 0;
	pid_t p[3] = { waiter(W_A, WAIT, 0), waiter(W_A, WAIT, 0), waiter(W_A, WAIT, 0) };
	until_ready(3);
	check_long("wake 2 of 3", futex(&shared[W_A], WAKE, 2, NULL, NULL, 0), 2);
	check_long("wake the rest", futex(&shared[W_A], WAKE, 10, NULL, NULL, 0), 1);
	for (int i = 0; i < 3; i++)
		check_long("  a wait returned 0", exit_code(p[i]), 0);
}

static void
requeues(void)
{
	shared[W_READY] = 0;
	pid_t p[3] = { waiter(W_A, WAIT, 0), waiter(W_A, WAIT, 0), waiter(W_A, WAIT, 0) };
	until_ready(3);
	check_errno("compare-requeue, the word changed", futex(&shared[W_A], CMP_REQUEUE, 1, (void *)1, &shared[W_B], 5), EAGAIN);
	check_long("compare-requeue: wake 1, move 1", futex(&shared[W_A], CMP_REQUEUE, 1, (void *)1, &shared[W_B], 0), 2);
	check_long("requeue: wake 0, move 5", futex(&shared[W_A], REQUEUE, 0, (void *)5, &shared[W_B], 0), 1);
	check_long("no one waits on the first word", futex(&shared[W_A], WAKE, 5, NULL, NULL, 0), 0);
	check_long("two wait on the second", futex(&shared[W_B], WAKE, 5, NULL, NULL, 0), 2);
	for (int i = 0; i < 3; i++)
		check_long("  a wait returned 0", exit_code(p[i]), 0);
}

static void
wake_op(void)
{
	shared[W_READY] = 0;
	shared[W_OUT] = 5;
	pid_t p[2] = { waiter(W_A, WAIT, 0), waiter(W_OUT, WAIT, 0) };
	until_ready(2);
	/* *out += 3 (old 5); out's waiter woken only if old > 6: not yet */
	check_long("WAKE_OP, its condition false", futex(&shared[W_A], WAKE_OP, 1, (void *)1, &shared[W_OUT], OP(OP_ADD, 3, CMP_GT, 6)), 1);
	check_long("  the word changed", shared[W_OUT], 8);
	/* old 8 > 6 now: out's waiter woken (no one is left on the first) */
	check_long("WAKE_OP, its condition true", futex(&shared[W_A], WAKE_OP, 1, (void *)1, &shared[W_OUT], OP(OP_ADD, 3, CMP_GT, 6)), 1);
	check_long("  the word changed", shared[W_OUT], 11);
	for (int i = 0; i < 2; i++)
		check_long("  a wait returned 0", exit_code(p[i]), 0);
}

static void
on_usr1(int sig)
{
	(void)sig;
	shared[W_SIG]++;
}

static void
interrupted(void)
{
	struct ksigaction sa = { .handler = (unsigned long)on_usr1 };

	shared[W_READY] = 0;
	pid_t pid = fork();
	if (pid == 0) {
		rt_sigaction(L_SIGUSR1, &sa, NULL);
		__atomic_add_fetch(&shared[W_READY], 1, __ATOMIC_SEQ_CST);
		long r = futex(&shared[W_A], WAIT, 0, NULL, NULL, 0);
		_exit(r == 0 ? 0 : errno);
	}
	until_ready(1);
	syscall2(SYS_kill, pid, L_SIGUSR1);
	check_long("a signal ends a wait with EINTR", exit_code(pid) == EINTR, 1);
	check_long("  its handler ran", shared[W_SIG], 1);
}

int
main(void)
{
	shared = (uint32_t *)syscall6(SYS_mmap, 0, 4096, PROT_RW, MAP_SHARED_ANON, -1, 0);
	for (int i = 0; i < NWORDS; i++)
		shared[i] = 0;
	errors();
	timeouts();
	wakes();
	requeues();
	wake_op();
	interrupted();
	printf("futex done\n");
	return 0;
}
