/*
 * tlbshoot: TLB shootdown. Two processes share one address space (clone
 * with CLONE_VM alone, as Linux allows) and run on two harts. The child
 * reads a page in a loop, and the parent unmaps it: the child must fault
 * (SIGSEGV) at once, not go on reading the freed page through its hart's
 * stale TLB entry. Then the child writes a page in a loop, and the parent
 * makes it read-only: the child's next store must fault.
 *
 * Without the shootdown the child's hart keeps its TLB entry until it
 * next switches page tables (the clock's tick: the scheduler's table in
 * between), and the child goes on thousands of times after the change
 * returned: it may do so at most once (a load done before, counted
 * after).
 */
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include <sys/mman.h>
#include "syscall.h"

#define STACK_SIZE 8192

enum { READ, WRITE };

/* Shared by the two (one address space): what the child does, to what
 * page, and how many times it has done it. */
static volatile int mode;
static volatile int *volatile target;
static volatile long done;
static char child_stack[STACK_SIZE] __attribute__((aligned(16)));

/* clone(flags, stack): the child runs child_loop on the stack given. */
long raw_clone(unsigned long flags, void *stack);
__asm__(".text\n"
	".globl raw_clone\n"
	"raw_clone:\n"
	"	li a7, 220\n"
	"	ecall\n"
	"	bnez a0, 1f\n"
	"	call child_loop\n"
	"1:	ret\n");

/* In the child: no C library (its tp and errno are the parent's). */
void __attribute__((noreturn, used))
child_loop(void)
{
	int sink = 0;

	for (;;) {
		if (mode == WRITE)
			*target = (int)done;
		else
			sink += *target;
		done++;
	}
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* The child's wait status once it ends, or -1 if it is still running
 * after 3 seconds (then it is killed). */
static int
wait_end(pid_t pid)
{
	int status;

	for (double end = now() + 3; now() < end;) {
		if (waitpid(pid, &status, WNOHANG) == pid)
			return status;
		nanosleep(&(struct timespec){ 0, 1000000 }, NULL);
	}
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	return -1;
}

/*
 * A child on hart `there` using a fresh page in mode m; once it has
 * used it many times (its TLB holds the page), the parent on its own
 * hart takes the page away with change. Returns the signal that ended
 * the child, 0 if something else did, -1 if nothing did; *after, how
 * many times the child used the page once change had returned.
 */
static int
take_away(int m, int there, int (*change)(void *, size_t), long *after)
{
	volatile int *page = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
				  -1, 0);

	if (page == MAP_FAILED) {
		printf("FAIL mmap: %s\n", strerror(errno));
		fail();
	}
	*page = 1;
	target = page;
	mode = m;
	done = 0;
	long pid = raw_clone(CLONE_VM | SIGCHLD, child_stack + STACK_SIZE);
	if (pid < 0) {
		printf("FAIL clone(CLONE_VM): %s\n", errno_name(-pid));
		fail();
	}
	set_affinity(pid, 1ULL << there);
	for (double end = now() + 3; done < 100000 && now() < end;)
		;
	if (change((void *)page, 4096) < 0) {
		printf("FAIL taking the page away: %s\n", strerror(errno));
		fail();
	}
	long before = done;
	int status = wait_end(pid);
	*after = done - before;
	return status < 0 ? -1 : WIFSIGNALED(status) ? WTERMSIG(status) : 0;
}

static int
unmap(void *p, size_t len)
{
	return munmap(p, len);
}

static int
read_only(void *p, size_t len)
{
	return mprotect(p, len, PROT_READ);
}

int
main(void)
{
	struct rlimit64 none = { 0, 0 };
	uint64_t all = 0;

	check_long("no core dumps", prlimit64(0, RLIMIT_CORE, &none, NULL), 0);
	if (get_affinity(0, &all) < 0 || all == 0)
		fail();
	int here = __builtin_ctzll(all), there = 63 - __builtin_clzll(all);
	check_long("pinned", set_affinity(0, 1ULL << here), 0);
	long after;
	check_long("a reader on another hart faults once the page is unmapped",
		   take_away(READ, there, unmap, &after), SIGSEGV);
	check_long("  and reads it no more: at most once more", after <= 1, 1);
	check_long("a writer on another hart faults once the page is read-only",
		   take_away(WRITE, there, read_only, &after), SIGSEGV);
	check_long("  and writes it no more: at most once more", after <= 1, 1);
	return 0;
}
