/*
 * coreoom: coredump(2) while memory is exhausted. A child takes every
 * free page (anonymous mmaps, halving the size each time one fails),
 * then gives them back one at a time; after each, the parent asks for a
 * core of itself. The dump's own allocations fail in turn (the path's
 * page, then its work pages, ...): each such call fails with ENOMEM and
 * the kernel lives on, until there is room and a core is written. Free
 * pages afterwards equal those before.
 */
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include <sys/mman.h>
#include "syscall.h"

#define PAGE 4096L
#define MAX_REGIONS 48	/* one region per size (a power of two pages) is enough */
#define MAX_STEPS 256	/* pages given back before a core must fit */

static struct {
	char *addr;
	long len;
} regions[MAX_REGIONS];
static int nregions;

/* Maps every page that can be mapped, largest regions first. */
static void
take_all(void)
{
	struct sysinfo si;
	long len = PAGE;

	sysinfo(&si);
	while (len * 2 <= (long)(si.freeram * si.mem_unit))
		len *= 2;
	for (; len >= PAGE && nregions < MAX_REGIONS; len /= 2) {
		void *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED)
			continue;
		regions[nregions].addr = p;
		regions[nregions++].len = len;
		len *= 2;	/* try this size again */
	}
}

/* Unmaps one page: the last of the smallest region left. */
static int
give_one(void)
{
	while (nregions > 0 && regions[nregions - 1].len == 0)
		nregions--;
	if (nregions == 0)
		return -1;
	regions[nregions - 1].len -= PAGE;
	return munmap(regions[nregions - 1].addr + regions[nregions - 1].len, PAGE);
}

/* The child: takes all, says so, then gives a page back per byte read. */
static void
hog(int in, int out)
{
	char c = 'f';

	take_all();
	write(out, &c, 1);
	while (read(in, &c, 1) == 1 && c == 'g') {
		c = give_one() == 0 ? 'k' : 'x';
		write(out, &c, 1);
	}
	_exit(0);
}

int
main(int argc, char **argv)
{
	char path[128], c;
	int down[2], up[2], status, tries = 0, err = 0;
	long r;

	(void)argc;
	steady_pages(argv);	/* no page of this program may be wanted while none is free */
	long before = free_pages();
	r = coredump(0, path, sizeof path);
	check_long("a core with memory to spare has a size", r > 0, 1);
	unlink(path);
	if (pipe2(down, 0) < 0 || pipe2(up, 0) < 0)
		fail();
	pid_t pid = fork();
	if (pid == 0)
		hog(down[0], up[1]);
	read(up[0], &c, 1);
	/* no output until the child lets go: printf may want a page */
	while ((r = coredump(0, path, sizeof path)) < 0 && tries < MAX_STEPS) {
		err = errno;
		if (err != ENOMEM)
			break;
		c = 'g';
		write(down[1], &c, 1);
		if (read(up[0], &c, 1) != 1 || c != 'k')
			break;
		tries++;
	}
	c = 'q';
	write(down[1], &c, 1);
	waitpid(pid, &status, 0);
	for (int i = 0; i < 2; i++) {	/* each pipe holds pages */
		close(down[i]);
		close(up[i]);
	}
	check_long("the memory taker exits 0", status, 0);
	check_long("coredump with every page taken fails", tries > 0, 1);
	check_str("and its error is", errno_name(err), "ENOMEM");
	check_long("a page at a time given back, a core is written", r > 0, 1);
	unlink(path);
	check_long("free pages after minus before", free_pages() - before, 0);
	return 0;
}
