/*
 * session: setsid and getsid, and umask. A child (never a group leader)
 * starts a session named by its pid and leads its group; a second
 * setsid, or one by a process that leads a group, is EPERM; others see
 * the new session by pid. The umask comes back from each call, only
 * its 0777 bits kept, and a child inherits it.
 */
#include <stdio.h>
#include <unistd.h>

#include "check.h"
#include "syscall.h"

#define NO_SUCH_PID 0x3fffffff	/* above Linux's largest pid_max */

static long
setsid_(void)
{
	return sysret(syscall0(SYS_setsid));
}

static long
getsid_(long pid)
{
	return sysret(syscall1(SYS_getsid, pid));
}

/* Runs fn in a child and checks it exits 0. */
static void
in_child(const char *what, int (*fn)(void))
{
	int status;
	pid_t pid = fork();

	if (pid == 0)
		_exit(fn());
	check_long(what, wait4(pid, &status, 0, NULL) == pid && status == 0, 1);
}

static int
new_session(void)
{
	long parent_sid = getsid_(getppid());
	long sid = setsid_();

	if (sid != getpid() || getsid_(0) != sid || getpgid(0) != sid)
		return 1;
	if (setsid_() != -1 || errno != EPERM)	/* it leads its group now */
		return 2;
	return getsid_(getppid()) == parent_sid ? 0 : 3;
}

static int
leader_refused(void)
{
	setpgid(0, 0);
	return setsid_() == -1 && errno == EPERM ? 0 : 1;
}

static void
sessions(void)
{
	check_long("getsid(0) is getsid(getpid())", getsid_(0) == getsid_(getpid()), 1);
	/* >= 0: a parent outside our pid namespace (a container's
	 * runner) is in session 0 */
	check_long("getsid(getppid()) succeeds", getsid_(getppid()) >= 0, 1);
	check_errno("getsid(no such pid)", getsid_(NO_SUCH_PID), ESRCH);
	in_child("a child's setsid: sid = pgid = pid, again EPERM", new_session);
	in_child("a group leader's setsid: EPERM", leader_refused);

	/* the parent sees the child's new session while it lives */
	int ready[2], done[2];
	char c;
	pipe(ready);
	pipe(done);
	pid_t pid = fork();
	if (pid == 0) {
		setsid_();
		write(ready[1], "x", 1);
		read(done[0], &c, 1);
		_exit(0);
	}
	read(ready[0], &c, 1);
	check_long("getsid(child) is the child's pid", getsid_(pid) == pid, 1);
	check_long("ours is unchanged", getsid_(0) != pid, 1);
	write(done[1], "x", 1);
	int status;
	wait4(pid, &status, 0, NULL);
}

static long
umask_(long mask)
{
	return syscall1(SYS_umask, mask);
}

static int
child_umask(void)
{
	return umask_(022) == 0751 ? 0 : 1;
}

static void
umasks(void)
{
	long first = umask_(027);

	check_long("umask(022) gives 027 back", umask_(022), 027);
	check_long("umask(07777) gives 022 back", umask_(07777), 022);
	check_long("only 0777 was kept", umask_(0751), 0777);
	in_child("a child inherits 0751", child_umask);
	check_long("the parent's is still 0751", umask_(first), 0751);
}

int
main(void)
{
	sessions();
	umasks();
	printf("session: all passed\n");
	return 0;
}
