/*
 * vmamany: a process with thousands of regions. 3,000 one-page
 * anonymous mmaps, their protections alternating (so that Linux cannot
 * merge neighbours), each checked; /proc/self/maps has a line for each;
 * a forked child finds every one; munmap of every other one leaves the
 * rest as they were. Then past vm.max_map_count: mprotect of every
 * other page of one large PROT_NONE mapping (which takes no pages)
 * splits it until ENOMEM. All in a child, whose every page (regions,
 * their tables, page tables) comes back when it exits: the free-page
 * count after it is the one before.
 */
#include <fcntl.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include <sys/mman.h>
#include "syscall.h"

#define PAGE 4096L
#define NREGIONS 3000
#define SPLIT_PAGES 140000L	/* more than two pages per region Linux allows */

static char *region[NREGIONS];

static int prot_of(int i) { return i % 2 ? PROT_READ : PROT_READ | PROT_WRITE; }

/* Lines in /proc/self/maps. */
static long
maps_lines(void)
{
	static char buf[8192];
	int fd = open("/proc/self/maps", O_RDONLY);
	long lines = 0, n;

	if (fd < 0) {
		printf("FAIL open /proc/self/maps: %s\n", strerror(errno));
		fail();
	}
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		for (long i = 0; i < n; i++)
			lines += buf[i] == '\n';
	close(fd);
	return lines;
}

/* How many of the regions still mapped (every step-th from first) hold
 * what map_all wrote: their index in a writable one, zeros in a
 * read-only one. */
static long
regions_good(int first, int step)
{
	long good = 0;

	for (int i = first; i < NREGIONS; i += step) {
		int want = prot_of(i) & PROT_WRITE ? i : 0;
		good += *(int *)region[i] == want && region[i][PAGE - 1] == 0;
	}
	return good;
}

static void
map_all(void)
{
	long made = 0;

	for (int i = 0; i < NREGIONS; i++) {
		region[i] = mmap(NULL, PAGE, prot_of(i), MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (region[i] == MAP_FAILED) {
			printf("FAIL mmap %d: %s\n", i, strerror(errno));
			fail();
		}
		if (prot_of(i) & PROT_WRITE)
			*(int *)region[i] = i;
		made++;
	}
	check_long("one-page regions mapped", made, NREGIONS);
}

/* A child sees every region as its parent left it. */
static void
fork_sees_all(void)
{
	pid_t pid = fork();

	if (pid == 0)
		_exit(regions_good(0, 1) == NREGIONS ? 0 : 1);
	check_long("a forked child found every region (0: yes)", wait_status(pid), 0);
}

/* Splits one PROT_NONE mapping by mprotect of every other page until
 * the kernel refuses: ENOMEM at vm.max_map_count (65530, counting the
 * program's own regions on Linux). */
static void
split_until_enomem(void)
{
	char *big = mmap(NULL, SPLIT_PAGES * PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	long splits = 0, r = 0;

	if (big == MAP_FAILED) {
		printf("FAIL mmap of %ld PROT_NONE pages: %s\n", SPLIT_PAGES, strerror(errno));
		fail();
	}
	for (long pg = 1; pg < SPLIT_PAGES && (r = mprotect(big + pg * PAGE, PAGE, PROT_READ)) == 0;
	     pg += 2)
		splits++;
	check_errno("mprotect past vm.max_map_count", r, ENOMEM);
	check_long("regions made before it (each split two, over 60,000)", 2 * splits > 60000, 1);
	check_long("a page of the split mapping reads zero", big[PAGE], 0);
	check_long("munmap of the split mapping", munmap(big, SPLIT_PAGES * PAGE), 0);
}

/* Everything above, in a process of its own. */
static void
worker(void)
{
	long before = maps_lines();

	map_all();
	check_long("regions still holding their values", regions_good(0, 1), NREGIONS);
	check_long("lines /proc/self/maps gained", maps_lines() - before, NREGIONS);
	fork_sees_all();
	long unmapped = 0;
	for (int i = 1; i < NREGIONS; i += 2)
		unmapped += munmap(region[i], PAGE) == 0;
	check_long("every other region unmapped", unmapped, NREGIONS / 2);
	check_long("the others still holding their values", regions_good(0, 2), NREGIONS / 2);
	check_long("lines /proc/self/maps keeps of them", maps_lines() - before, NREGIONS / 2);
	split_until_enomem();
	for (int i = 0; i < NREGIONS; i += 2)
		munmap(region[i], PAGE);
	check_long("lines of /proc/self/maps after munmap of all", maps_lines() - before, 0);
}

/* The worker once, unseen: the kernel's first run of it keeps room
 * (process slots, the pid table, procfs's files) that the count would
 * take for a leak. */
static void
warm_up(void)
{
	fflush(stdout);
	pid_t pid = fork();

	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);
		if (null < 0 || dup2(null, 1) < 0)
			_exit(1);
		worker();
		exit(0);
	}
	check_long("a first worker, its output unseen (status)", wait_status(pid), 0);
}

int
main(void)
{
	warm_up();
	long free_before = free_pages();

	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		worker();
		exit(0);
	}
	check_long("the worker's status", wait_status(pid), 0);
	check_long("free pages after it minus before", free_pages() - free_before, 0);
	return 0;
}
