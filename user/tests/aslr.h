/*
 * What the tests aslr and aslrmaps share: a run of musl's dynamic PIE
 * /libc-dyn/personality --layout (a program, its interpreter, a 64 MiB
 * bss), which prints where its program, interpreter (AT_BASE), first
 * mmap, stack, argument strings (their offset in a page), brk start and
 * bss landed, then its /proc/self/maps; and the check of those maps:
 * regions in order, none overlapping another, all in the user range,
 * nothing but the stack within the stack's 8 MiB and the guard page
 * below it.
 */
#ifndef TESTS_ASLR_H
#define TESTS_ASLR_H
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "syscall.h"

#define PROG "/libc-dyn/personality"
#define ADDR_NO_RANDOMIZE 0x0040000
#define USER_END (1UL << 38)	/* Sv39's user half */
#define STACK_ROOM ((8UL << 20) + 4096)	/* the stack's 8 MiB and its guard page */

enum { MAIN, INTERP, MMAP, STACK, STRINGS, BRK, BSS, NREGION };

static char out[64 * 1024];

/* Runs PROG --layout, ADDR_NO_RANDOMIZE set first if fixed; its output
 * into out. */
static inline void run(int fixed)
{
	int fds[2], n = 0;
	long got;

	if (pipe(fds) < 0) {
		printf("FAIL pipe\n");
		fail();
	}
	pid_t pid = fork();
	if (pid == 0) {
		char *argv[] = { PROG, "--layout", NULL }, *envp[] = { NULL };
		if (fixed && syscall1(SYS_personality, ADDR_NO_RANDOMIZE) < 0)
			_exit(126);
		dup2(fds[1], 1);
		close(fds[0]);
		execve(PROG, argv, envp);
		_exit(127);
	}
	close(fds[1]);
	while ((got = read(fds[0], out + n, sizeof(out) - 1 - n)) > 0)
		n += got;
	out[n] = 0;
	close(fds[0]);
	int status = wait_status(pid);
	if (status != 0) {
		printf("FAIL the layout run's exit status: %d\n%s", status, out);
		fail();
	}
}

static inline void bad_maps(const char *why, const char *line)
{
	printf("FAIL maps: %s at \"%.80s\"\n%s", why, line, out);
	fail();
}

/* Checks the maps in out (after the first line): in order, apart, in the
 * user range; only the stack in the stack's room and guard page. */
static inline void check_maps(void)
{
	unsigned long prev_end = 0, stack_top = 0, below_stack = 0;
	char *line = strchr(out, '\n');

	while (line && *++line) {
		unsigned long start, end;
		if (sscanf(line, "%lx-%lx", &start, &end) != 2)
			bad_maps("unreadable line", line);
		if (start >= end || start < 0x1000 || end > USER_END)
			bad_maps("outside the user range", line);
		if (start < prev_end)
			bad_maps("overlaps the region before", line);
		if (strstr(line, "[stack]") && strchr(line, '\n') > strstr(line, "[stack]")) {
			stack_top = end;
			below_stack = prev_end;
		}
		prev_end = end;
		line = strchr(line, '\n');
	}
	if (!stack_top)
		bad_maps("no [stack]", out);
	if (below_stack > stack_top - STACK_ROOM)
		bad_maps("a region in the stack's room or guard page", out);
}

static inline int parse(unsigned long v[NREGION])
{
	return sscanf(out, "main %lx interp %lx mmap %lx stack %lx strings %lx brk %lx bss %lx",
		      &v[MAIN], &v[INTERP], &v[MMAP], &v[STACK], &v[STRINGS], &v[BRK],
		      &v[BSS]) == NREGION;
}

static inline void sample(int fixed, unsigned long v[NREGION])
{
	run(fixed);
	if (!parse(v)) {
		printf("FAIL unreadable layout: %.200s\n", out);
		fail();
	}
	check_maps();
}

#endif
