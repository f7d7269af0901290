/*
 * manyproc: more processes than a fixed table would hold. A tree of
 * 1,000 processes alive at once, each blocked in a pipe read: /proc
 * lists them all, sysinfo counts them, then they are released and
 * reaped, each parent its own children. Then a process group of 500,
 * killed with one kill(-pgid, SIGKILL) and reaped. The free pages after
 * each equal those before it. RLIMIT_NPROC is there,
 * Linux's default, and, as Linux does for root, not enforced: the tree
 * is grown with it set to 1.
 */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "fsutil.h"
#include "syscall.h"

#define TREE 1000
#define GROUP 500

static int ready[2], hold[2];

/* Waits for every child of the caller; 0 if each exited with 0. */
static int reap_children(void)
{
	int status, bad = 0;

	while (wait4(-1, &status, 0, NULL) > 0)
		bad |= !WIFEXITED(status) || WEXITSTATUS(status) != 0;
	return bad;
}

static void spawn(int n);

/* A node of the tree: makes its share, says it is there, blocks until
 * the root lets go of the hold pipe, then reaps its own children. */
static void node(int n)
{
	char c;

	close(hold[1]);
	spawn(n);
	write(ready[1], "r", 1);
	while (read(hold[0], &c, 1) > 0)
		;
	_exit(reap_children());
}

/* Makes n processes below the caller: a child, which makes about half
 * of the rest below itself, until none is left. A fork that fails says
 * so in the ready pipe. */
static void spawn(int n)
{
	while (n > 0) {
		int below = (n - 1) / 2;
		pid_t pid = fork();
		if (pid == 0)
			node(below);
		if (pid < 0) {
			write(ready[1], "F", 1);
			return;
		}
		n -= 1 + below;
	}
}

/* The tree, its listing and its end; prints only on the checked round. */
static void tree(int round)
{
	struct sysinfo si;
	int up = 0, failed = 0;
	char c;

	if (pipe(ready) < 0 || pipe(hold) < 0) {
		printf("FAIL pipe: %s\n", strerror(errno));
		fail();
	}
	spawn(TREE);
	close(ready[1]);
	while (up + failed < TREE && read(ready[0], &c, 1) == 1)
		c == 'r' ? up++ : failed++;
	if (round == 1) {
		check_long("processes of the tree up at once", up, TREE);
		check_long("forks that failed", failed, 0);
		check_long("/proc lists at least the tree", proc_pids() >= TREE, 1);
		sysinfo(&si);
		check_long("sysinfo counts at least the tree", si.procs >= TREE, 1);
	}
	close(hold[1]);
	close(hold[0]);
	close(ready[0]);
	if (round == 1)
		check_long("every node reaped its children and exited 0", reap_children(), 0);
	else
		reap_children();
}

/* A group of GROUP children, each blocked in a read, killed at once. */
static void group(int round)
{
	pid_t leader = 0;
	int killed = 0, status;
	char c;

	if (pipe(ready) < 0 || pipe(hold) < 0) {
		printf("FAIL pipe: %s\n", strerror(errno));
		fail();
	}
	for (int i = 0; i < GROUP; i++) {
		pid_t pid = fork();
		if (pid == 0) {
			close(hold[1]);
			write(ready[1], "r", 1);
			read(hold[0], &c, 1);
			_exit(1);
		}
		if (pid < 0) {
			printf("FAIL fork %d: %s\n", i, strerror(errno));
			fail();
		}
		if (!leader)
			leader = pid;
		setpgid(pid, leader);
	}
	for (int i = 0; i < GROUP; i++)
		read(ready[0], &c, 1);
	if (round == 1)
		check_long("kill(-pgid, SIGKILL) of the group", kill(-leader, SIGKILL), 0);
	else
		kill(-leader, SIGKILL);
	while (wait4(-1, &status, 0, NULL) > 0)
		killed += WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
	if (round == 1) {
		check_long("children killed by SIGKILL", killed, GROUP);
		check_errno("kill(-pgid, 0) once all are reaped", kill(-leader, 0), ESRCH);
	}
	close(hold[0]);
	close(hold[1]);
	close(ready[0]);
	close(ready[1]);
}

/* RLIMIT_NPROC: soft and hard alike and above 0 at first, as Linux's;
 * then set to 1, which binds no root process. */
static void nproc_limit(void)
{
	struct rlimit64 r, one = { 1, 1 }, up = { 2, 2 };

	check_long("prlimit64 reads RLIMIT_NPROC", prlimit64(0, RLIMIT_NPROC, NULL, &r), 0);
	check_long("its soft and hard limits agree, above 0", r.rlim_cur == r.rlim_max && r.rlim_cur > 0, 1);
	check_long("it is set to 1", prlimit64(0, RLIMIT_NPROC, &one, NULL), 0);
	check_errno("and the hard limit is not raised again", prlimit64(0, RLIMIT_NPROC, &up, NULL),
		    EPERM);
}

int
main(int argc, char **argv)
{
	(void)argc;
	steady_pages(argv);
	nproc_limit();
	long before = free_pages();
	tree(1);
	check_long("free pages after the tree minus before", free_pages() - before, 0);
	before = free_pages();
	group(1);
	check_long("free pages after the group minus before", free_pages() - before, 0);
	return 0;
}
