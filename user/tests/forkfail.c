/*
 * forkfail: fork until memory runs out. A child forks children, each
 * blocked in a pipe read, until fork fails; the failure must be EAGAIN
 * or ENOMEM (never a panic or a hang), /proc must list every one of
 * them while memory is gone, and once they are released and reaped the
 * system works again and has its free pages back. Done twice, the free
 * pages compared across the second (the first brings the kernel's
 * caches to where they stay).
 */
#include <fcntl.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "syscall.h"

#define ENOUGH 200	/* far more than a fixed table of 64 */

enum { OK, WRONG_ERRNO, TOO_FEW, PROC_SHORT, CHILD_FAILED };

/* Entries of /proc named by a number (ls /proc). */
static int proc_pids(void)
{
	static char dents[4096];
	int dir = open("/proc", O_RDONLY | O_DIRECTORY), n = 0;
	long len;

	while ((len = getdents64(dir, dents, sizeof(dents))) > 0) {
		for (long off = 0; off < len;) {
			struct linux_dirent64 *d = (void *)(dents + off);
			off += d->d_reclen;
			n += d->d_name[0] >= '1' && d->d_name[0] <= '9';
		}
	}
	close(dir);
	return n;
}

/* The child that forks until it cannot: exits with one of the codes. */
static void exhaust(void)
{
	int hold[2], n = 0, err, status, bad = 0;
	char c;

	if (pipe(hold) < 0)
		_exit(CHILD_FAILED);
	for (;;) {
		pid_t pid = fork();
		if (pid == 0) {
			close(hold[1]);
			read(hold[0], &c, 1);
			_exit(0);
		}
		if (pid < 0) {
			err = errno;
			break;
		}
		n++;
	}
	int listed = proc_pids();
	close(hold[1]);
	while (wait4(-1, &status, 0, NULL) > 0)
		bad |= !WIFEXITED(status) || WEXITSTATUS(status) != 0;
	if (err != EAGAIN && err != ENOMEM)
		_exit(WRONG_ERRNO);
	if (n < ENOUGH)
		_exit(TOO_FEW);
	if (listed < n)
		_exit(PROC_SHORT);
	_exit(bad ? CHILD_FAILED : OK);
}

/* One round: the exhausting child's exit code. */
static int round_trip(void)
{
	int status;
	pid_t pid = fork();

	if (pid == 0)
		exhaust();
	if (pid < 0 || wait4(pid, &status, 0, NULL) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

int
main(int argc, char **argv)
{
	int status;

	(void)argc;
	be_eager(argv);
	check_long("first round: EAGAIN or ENOMEM after enough forks, all listed, all reaped",
		   round_trip(), OK);
	long before = free_pages();
	check_long("second round, the same", round_trip(), OK);
	/* the area the processes' kernel stacks live in keeps the page
	 * tables its most processes at once needed: a round with a few
	 * more than the last may add one */
	long lost = before - free_pages();
	check_long("free pages back (at most one page table kept)", lost >= 0 && lost <= 1, 1);
	pid_t pid = fork();
	if (pid == 0)
		_exit(7);
	check_long("a fork afterwards", pid > 0 && wait4(pid, &status, 0, NULL) == pid, 1);
	check_long("and its exit status", WEXITSTATUS(status), 7);
	return 0;
}
