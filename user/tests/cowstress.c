/*
 * cowstress: copy-on-write fork under load. A parent with heap, .data,
 * stack and private mmap pages forks children that run on every hart
 * at once with it, all writing the same pages, each its own bytes; each
 * child forks a grandchild that does the same to the child's. Every
 * byte is checked by each of them after the others wrote; a fork takes
 * page tables, not pages (free pages, while a child waits); the faults
 * show in loadstat's cow_faults and in ru_minflt; and once all have
 * exited every page is back. Our kernel only (it counts free pages).
 */
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
#define HEAP_PAGES 48
#define DATA_PAGES 8
#define STACK_PAGES 8
#define MAP_PAGES 32
#define CHILDREN 6
#define ROUNDS 4
#define PARENT 0

static char data_area[DATA_PAGES * PG] = { 1 };	/* .data */
static char *heap, *region, *stack_area;

struct area {
	char **base;
	long len;
};
static const struct area areas[] = {
	{ &heap, HEAP_PAGES * PG },
	{ (char **)0, DATA_PAGES * PG },	/* data_area: set in main */
	{ &stack_area, STACK_PAGES * PG },
	{ &region, MAP_PAGES * PG },
};
#define NAREAS (int)(sizeof(areas) / sizeof(areas[0]))
static char *data_ptr = data_area;

static char *area_base(int a)
{
	return areas[a].base ? *areas[a].base : data_ptr;
}

static char pattern(long i, int who, int round)
{
	return (char)(i * 13 + who * 37 + round * 101 + 3);
}

/* Writes who's bytes for round into every area, one page at a time
 * across the areas, so that the harts meet on the same pages. */
static void write_all(int who, int round)
{
	for (long off = 0; off < HEAP_PAGES * PG; off += PG)
		for (int a = 0; a < NAREAS; a++)
			if (off < areas[a].len)
				for (long i = off; i < off + PG; i++)
					area_base(a)[i] = pattern(i, who, round);
}

/* How many bytes of the areas are not who's for round. */
static long wrong_bytes(int who, int round)
{
	long bad = 0;

	for (int a = 0; a < NAREAS; a++)
		for (long i = 0; i < areas[a].len; i++)
			bad += area_base(a)[i] != pattern(i, who, round);
	return bad;
}

/* A grandchild: finds its parent's last bytes, writes its own. */
static int grandchild(int who)
{
	if (wrong_bytes(who, ROUNDS - 1) != 0)
		return 1;
	for (int r = 0; r < ROUNDS; r++) {
		write_all(who + 100, r);
		if (wrong_bytes(who + 100, r) != 0)
			return 2;
	}
	return 0;
}

/* A child: finds the parent's bytes as they were at fork, writes its
 * own round after round, forks a grandchild and finds its own bytes
 * untouched by the grandchild's. */
static int child(int who)
{
	if (wrong_bytes(PARENT, 0) != 0)
		return 10;
	for (int r = 0; r < ROUNDS; r++) {
		write_all(who, r);
		if (wrong_bytes(who, r) != 0)
			return 11;
	}
	pid_t pid = fork();
	if (pid == 0)
		_exit(grandchild(who));
	if (pid < 0 || wait_status(pid) != 0)
		return 12;
	return wrong_bytes(who, ROUNDS - 1) == 0 ? 0 : 13;
}

/* The pages a fork takes while its child waits on a pipe: page tables,
 * a few kernel pages, not the parent's memory. */
static long fork_cost(void)
{
	int fds[2];
	char c;

	if (pipe(fds) < 0)
		return -1;
	long before = free_pages();
	pid_t pid = fork();
	if (pid == 0) {
		close(fds[1]);
		_exit(read(fds[0], &c, 1) == 1 ? 0 : 1);
	}
	long cost = before - free_pages();
	close(fds[0]);
	write(fds[1], "x", 1);
	close(fds[1]);
	return wait_status(pid) == 0 ? cost : -1;
}

static int run(void)
{
	char frame[STACK_PAGES * PG];

	stack_area = frame;
	write_all(PARENT, 0);
	long total_pages = HEAP_PAGES + DATA_PAGES + STACK_PAGES + MAP_PAGES;
	long cost = fork_cost();
	check_long("a fork takes fewer pages than a third of the parent's", cost >= 0 &&
		   cost < total_pages / 3, 1);

	struct loadstat before, after;
	loadstat(LOADSTAT_CHILDREN, &before);
	long baseline = free_pages();
	pid_t pids[CHILDREN];
	fflush(stdout);
	for (int c = 0; c < CHILDREN; c++) {
		pids[c] = fork();
		if (pids[c] == 0)
			_exit(child(c + 1));
	}
	/* the parent writes too, while its children do */
	long parent_bad = 0;
	for (int r = 1; r < ROUNDS; r++) {
		write_all(PARENT, r);
		parent_bad += wrong_bytes(PARENT, r);
	}
	int good = 0;
	struct rusage ru;
	long minflt = 0;
	for (int c = 0; c < CHILDREN; c++) {
		int status;
		if (pids[c] > 0 && wait4(pids[c], &status, 0, &ru) == pids[c] &&
		    WIFEXITED(status) && WEXITSTATUS(status) == 0)
			good++;
		minflt += ru.ru_minflt;
	}
	loadstat(LOADSTAT_CHILDREN, &after);
	check_long("children that found every byte, theirs and their children's", good, CHILDREN);
	check_long("bytes of the parent's own that changed", parent_bad, 0);
	check_long("its last bytes still there", wrong_bytes(PARENT, ROUNDS - 1), 0);
	/* each child and grandchild wrote every page: one COW fault each,
	 * but for pages the last sharer made its own without a copy */
	long cow = (long)(after.cow_faults - before.cow_faults);
	check_long("COW faults of the children, at least a page of each of them", cow >= CHILDREN * total_pages, 1);
	check_long("ru_minflt counts them", minflt >= cow, 1);
	check_long("free pages after the children exited minus before", free_pages() - baseline, 0);
	return 0;
}

int
main(int argc, char **argv)
{
	(void)argc;
	steady_pages(argv);
	heap = raw_sbrk(HEAP_PAGES * PG + PG);
	heap = (char *)(((uintptr_t)heap + PG - 1) & ~(uintptr_t)(PG - 1));
	region = mmap(NULL, MAP_PAGES * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
		      -1, 0);
	check_long("mmap of the region", region != MAP_FAILED, 1);
	return run();
}
