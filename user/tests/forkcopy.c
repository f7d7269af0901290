/*
 * forkcopy: what fork gives a child of a parent with memory all over its
 * address space: heap pages written and never written (fork leaves the
 * latter out, and the child finds zeros there on first touch), a hole
 * munmap made in the heap (still a hole in the child), anonymous regions
 * high and low, a grown stack; four children at once checking every
 * byte, a clone whose tid goes to a never-written heap page, and every
 * page the children had given back.
 */
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include <sys/mman.h>
#include "syscall.h"

#define PG 4096
#define HEAP_PAGES 64
#define HOLE 40			/* the heap page munmap takes away */
#define REGION_PAGES 8
#define LOW_REGION ((char *)0x40000000)
#define STACK_BYTES (96 * 1024)
#define CHILDREN 4

static char *heap;
static char *high;

/* Heap page i is written by the parent if i % 3 == 0, else never. */
static bool written(int i)
{
	return i % 3 == 0;
}

static char pattern(const char *base, long i)
{
	return (char)((uintptr_t)base / PG * 7 + i * 13 + 1);
}

static void fill(char *base, long len)
{
	for (long i = 0; i < len; i++)
		base[i] = pattern(base, i);
}

/* The first wrong byte's offset in [base, base + len), or -1. */
static long wrong_byte(const char *base, long len, bool zero)
{
	for (long i = 0; i < len; i++)
		if (base[i] != (zero ? 0 : pattern(base, i)))
			return i;
	return -1;
}

/* Checks the heap as the parent left it; then writes the never-written
 * pages, so that the parent can see its own stay zero. 0 if all is right. */
static int check_heap(int who)
{
	for (int i = 0; i < HEAP_PAGES; i++) {
		if (i == HOLE)
			continue;
		long at = wrong_byte(heap + i * PG, PG, !written(i));
		if (at >= 0) {
			printf("FAIL child %d: heap page %d byte %ld\n", who, i, at);
			return 1;
		}
	}
	for (int i = 0; i < HEAP_PAGES; i++)
		if (i != HOLE && !written(i))
			memset(heap + i * PG, 0x5a, PG);
	return 0;
}

/* A child of the child touches the hole: it must die of SIGSEGV. */
static int check_hole(void)
{
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		heap[HOLE * PG] = 1;
		_exit(0);
	}
	if (pid < 0 || wait4(pid, &status, 0, NULL) != pid)
		return 1;
	return !(WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV);
}

/* Fills a stack frame of STACK_BYTES (the stack grows), forks there, and
 * the child checks the frame, the regions and the heap. */
static int fork_deep(int who)
{
	char frame[STACK_BYTES];
	int status;

	fill(frame, sizeof(frame));
	pid_t pid = fork();
	if (pid == 0) {
		int bad = check_heap(who) | check_hole();
		if (wrong_byte(frame, sizeof(frame), false) >= 0 ||
		    wrong_byte(high, REGION_PAGES * PG, false) >= 0 ||
		    wrong_byte(LOW_REGION, REGION_PAGES * PG, false) >= 0)
			bad = 1;
		fflush(stdout);
		_exit(bad);
	}
	if (pid < 0 || wait4(pid, &status, 0, NULL) != pid)
		return -1;
	return wrong_byte(frame, sizeof(frame), false) < 0 && WIFEXITED(status) ?
		       WEXITSTATUS(status) : -1;
}

/* CLONE_CHILD_SETTID into a page the parent never wrote: the child finds
 * its pid there, the parent zeros. */
static void clone_tid(void)
{
	volatile int *tid = (volatile int *)(heap + 2 * PG + 64);
	int status;
	long pid = syscall5(SYS_clone, CLONE_CHILD_SETTID | SIGCHLD, 0, 0, 0, (long)tid);

	if (pid == 0)
		_exit(*tid == syscall0(SYS_getpid) ? 0 : 1);
	check_long("clone with a tid in a never-written heap page", pid > 0, 1);
	check_long("the child found its tid there", wait4(pid, &status, 0, NULL) == pid &&
		   WIFEXITED(status) ? WEXITSTATUS(status) : -1, 0);
	check_long("the parent's page stays zero", *tid, 0);
}

int
main(int argc, char **argv)
{
	(void)argc;
	steady_pages(argv);

	heap = raw_sbrk(HEAP_PAGES * PG + PG);
	heap = (char *)(((uintptr_t)heap + PG - 1) & ~(uintptr_t)(PG - 1));
	for (int i = 0; i < HEAP_PAGES; i++)
		if (written(i))
			fill(heap + i * PG, PG);
	volatile char sum = 0;
	for (int i = 0; i < HEAP_PAGES; i++)
		sum += heap[i * PG + 5];	/* read, never written */
	check_long("munmap of a heap page", munmap(heap + HOLE * PG, PG), 0);
	high = mmap(NULL, REGION_PAGES * PG, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	check_long("mmap high", high != MAP_FAILED, 1);
	check_long("mmap low (MAP_FIXED)",
		   mmap(LOW_REGION, REGION_PAGES * PG, PROT_READ | PROT_WRITE,
			MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) == LOW_REGION, 1);
	fill(high, REGION_PAGES * PG);
	fill(LOW_REGION, REGION_PAGES * PG);
	long baseline = free_pages();

	pid_t pids[CHILDREN];
	for (int c = 0; c < CHILDREN; c++) {
		pids[c] = fork();
		if (pids[c] == 0)
			_exit(fork_deep(c) == 0 ? 0 : 1);
	}
	int good = 0, status;
	for (int c = 0; c < CHILDREN; c++)
		good += pids[c] > 0 && wait4(pids[c], &status, 0, NULL) == pids[c] &&
			WIFEXITED(status) && WEXITSTATUS(status) == 0;
	check_long("children that found every byte (stack, heap, regions, hole)", good,
		   CHILDREN);
	long zero_left = 0;
	for (int i = 0; i < HEAP_PAGES; i++)
		if (i != HOLE && !written(i))
			zero_left += wrong_byte(heap + i * PG, PG, true) < 0;
	check_long("the parent's never-written heap pages still zero", zero_left,
		   HEAP_PAGES - (HEAP_PAGES + 2) / 3 - 1);
	clone_tid();
	check_long("free pages after the forks minus before", free_pages() - baseline, 0);
	return 0;
}
