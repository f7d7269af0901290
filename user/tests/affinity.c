/*
 * affinity: sched_setaffinity and sched_getaffinity as on Linux. A
 * process pinned to a hart is on it when the call returns (sched_getcpu)
 * and stays there, for each hart it may use; a child of fork inherits
 * the mask and exec keeps it; another process can be moved by its pid,
 * even while it runs; masks naming no usable hart are EINVAL, a missing
 * pid ESRCH. Nothing printed depends on how many harts there are.
 */
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "syscall.h"

/* The lowest and highest harts in mask. */
static int lowest(uint64_t m) { return __builtin_ctzll(m); }
static int highest(uint64_t m) { return 63 - __builtin_clzll(m); }

/* Pinned to each hart of mask in turn: on it when the call returns, and
 * after a yield. Returns how many were not. */
static int
visit_each(uint64_t mask)
{
	int off = 0;

	for (int cpu = 0; cpu < 64; cpu++) {
		if (!((mask >> cpu) & 1))
			continue;
		if (set_affinity(0, 1ULL << cpu) < 0)
			return -1;
		off += sched_getcpu() != cpu;
		sched_yield();
		off += sched_getcpu() != cpu;
	}
	return off;
}

/* A child inherits the mask, and so does the program it execs (the
 * test run again with "child CPU": it reports where it runs). */
static void
inherited(uint64_t all)
{
	char arg[8];
	int cpu = highest(all);

	check_long("pin to the last hart", set_affinity(0, 1ULL << cpu), 0);
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		uint64_t m = 0;
		_exit(get_affinity(0, &m) < 0 || m != 1ULL << cpu ? 2 :
		      sched_getcpu() != cpu ? 3 : 0);
	}
	check_long("a child of fork has the mask and runs there", wait_status(pid), 0);
	snprintf(arg, sizeof arg, "%d", cpu);
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		char *argv[] = { "/tests/affinity", "child", arg, NULL };
		execve(argv[0], argv, environ);
		_exit(127);
	}
	check_long("so does the program it execs", wait_status(pid), 0);
	check_long("back to every hart", set_affinity(0, all), 0);
}

/* A child spinning on one hart is moved by its pid to another; it sees
 * the move through a pipe's worth of reports. */
static void
moved_by_pid(uint64_t all)
{
	int to_child[2], from_child[2];
	int first = lowest(all), last = highest(all);
	char c;

	pipe2(to_child, 0);
	pipe2(from_child, 0);
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		int want = first;
		set_affinity(0, 1ULL << first);
		for (;;) {	/* report each change of hart until told to stop */
			if (read(to_child[0], &c, 1) != 1 || c == 'q')
				_exit(0);
			if (c == 'm')
				want = last;
			while (sched_getcpu() != want)
				;	/* spins: the move must come to a running process */
			c = (char)('0' + sched_getcpu() % 10);
			write(from_child[1], &c, 1);
		}
	}
	c = 's';
	write(to_child[1], &c, 1);
	check_long("the child reports from its first hart",
		   read(from_child[0], &c, 1) == 1 && c == '0' + first % 10, 1);
	check_long("move it by pid", set_affinity(pid, 1ULL << last), 0);
	uint64_t m = 0;
	check_long("its mask as read by pid", get_affinity(pid, &m) == 0 && m == 1ULL << last, 1);
	c = 'm';
	write(to_child[1], &c, 1);
	check_long("the child reports from the hart it was moved to",
		   read(from_child[0], &c, 1) == 1 && c == '0' + last % 10, 1);
	c = 'q';
	write(to_child[1], &c, 1);
	check_long("the child exits", wait_status(pid), 0);
	close(to_child[0]);
	close(to_child[1]);
	close(from_child[0]);
	close(from_child[1]);
}

int
main(int argc, char **argv)
{
	uint64_t all = 0, m;

	if (argc == 3)	/* exec'd by inherited(): on hart argv[2]? */
		return get_affinity(0, &m) < 0 || m != 1ULL << atoi(argv[2]) ? 2 :
		       sched_getcpu() != atoi(argv[2]) ? 3 : 0;
	check_long("sched_getaffinity", get_affinity(0, &all), 0);
	check_long("the mask names a hart", all != 0, 1);
	check_long("the running hart is in it", (all >> sched_getcpu()) & 1, 1);
	check_long("pinned to each hart in turn, off it", visit_each(all), 0);
	check_long("every hart again", set_affinity(0, all), 0);
	check_errno("an empty mask", set_affinity(0, 0), EINVAL);
	if (highest(all) < 63)	/* else every bit names a hart */
		check_errno("a mask of harts that are not there",
			    set_affinity(0, ~0ULL << (highest(all) + 1)), EINVAL);
	else
		printf("ok a mask of harts that are not there -> EINVAL\n");
	check_errno("a 4-byte mask buffer", as_libc(syscall3(SYS_sched_getaffinity, 0, 4, &m)),
		    EINVAL);
	check_errno("no such pid", set_affinity(99999, all), ESRCH);
	check_errno("no such pid, read", get_affinity(99999, &m), ESRCH);
	inherited(all);
	moved_by_pid(all);
	check_long("the mask is every hart again", get_affinity(0, &m) == 0 && m == all, 1);
	printf("affinity: ok\n");
	return 0;
}
