/*
 * closerange: close_range(2) as Linux 6.1 gives it, the call glibc's
 * closefrom and posix_spawn's file actions make. A range closed and its
 * neighbours kept, CLOSE_RANGE_CLOEXEC marking without closing (and an
 * exec then closing), a last of ~0U reaching every page of the table,
 * ranges past the table, CLOSE_RANGE_UNSHARE in a process alone, the
 * range closed in a forked child leaving the parent's; and the errors:
 * first > last and unknown flags (EINVAL), which close nothing.
 */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include "check.h"
#include "rawerr.h"
#include "syscall.h"

#define UNSHARE (1 << 1)
#define CLOEXEC (1 << 2)

static long
cr(unsigned first, unsigned last, unsigned flags)
{
	return syscall3(SYS_close_range, first, last, flags);
}

/* 1 if fd is open, 2 if open and close-on-exec, 0 if closed. */
static int
state(int fd)
{
	int fl = fcntl(fd, F_GETFD);

	return fl < 0 ? 0 : (fl & FD_CLOEXEC) ? 2 : 1;
}

/* Descriptors 10..20, 300 and 1000 open (dups of stdout). */
static void
open_some(void)
{
	for (int fd = 10; fd <= 20; fd++)
		dup2(1, fd);
	dup2(1, 300);
	dup2(1, 1000);
}

int
main(void)
{
	open_some();
	check_long("a range", cr(12, 15, 0), 0);
	check_long("its first closed", state(12), 0);
	check_long("its last closed", state(15), 0);
	check_long("the one below kept", state(11), 1);
	check_long("the one above kept", state(16), 1);
	check_long("a range of closed ones", cr(12, 15, 0), 0);
	check_long("one descriptor", cr(16, 16, 0), 0);
	check_long("it closed", state(16), 0);

	check_err("first > last", cr(18, 17, 0), 22);
	check_err("an unknown flag", cr(17, 18, 1), 22);
	check_err("flag 8", cr(17, 18, 8), 22);
	check_err("first > last with CLOEXEC", cr(18, 17, CLOEXEC), 22);
	check_long("the errors closed nothing", state(17) + state(18), 2);

	check_long("CLOEXEC", cr(17, 19, CLOEXEC), 0);
	check_long("it marks", state(17), 2);
	check_long("and keeps open", state(19), 2);
	check_long("the one above unmarked", state(20), 1);
	check_long("CLOEXEC again", cr(17, 19, CLOEXEC), 0);
	check_long("still marked", state(18), 2);

	check_long("past the table", cr(5000, 6000, 0), 0);
	check_long("at the top", cr(0x7fffffff, ~0U, 0), 0);
	check_long("UNSHARE, a process alone", cr(20, 20, UNSHARE), 0);
	check_long("it closed", state(20), 0);
	check_err("UNSHARE, first > last", cr(2, 1, UNSHARE), 22);

	pid_t pid = fork();
	if (pid == 0)
		_exit(cr(3, ~0U, 0) == 0 && state(1000) == 0 && state(300) == 0 &&
		      state(17) == 0 && state(2) == 1 ? 0 : 1);
	check_long("a child closes from 3 up", wait_status(pid), 0);
	check_long("the parent's 1000 kept", state(1000), 1);
	check_long("the parent's 300 kept", state(300), 1);

	check_long("closefrom(11): all above", cr(11, ~0U, 0), 0);
	check_long("300 closed", state(300), 0);
	check_long("1000 closed", state(1000), 0);
	check_long("17 closed", state(17), 0);
	check_long("10 kept", state(10), 1);
	check_long("stdout kept", state(1), 1);
	check_long("CLOEXEC of all", cr(3, ~0U, CLOEXEC), 0);
	check_long("10 marked", state(10), 2);
	check_long("stdout unmarked", state(1), 1);
	return 0;
}
