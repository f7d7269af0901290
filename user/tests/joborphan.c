/*
 * joborphan: orphaned process groups, as POSIX and Linux define them: a
 * group none of whose members has a parent in another group of its
 * session. A child C in a group of its own, whose parent P (in the
 * test's group, same session) links it: SIGTSTP stops it. Once P has
 * exited (C goes to init), C's group is orphaned: SIGTSTP is discarded
 * there, SIGSTOP still stops it, and SIGKILL ends it (init reaps it).
 * A group that P's exit orphans while a member is stopped gets SIGHUP
 * then SIGCONT: the member's SIGHUP handler runs and it goes on.
 */
#include "jobstop.h"

static int report[2];	/* the grandchild's words to the test */

/* P's part: a child C in a group of its own, running fn. */
static int
child_in_own_group(void (*fn)(void))
{
	fflush(stdout);	/* or the child's exit writes it again */
	int pid = fork();

	if (pid == 0) {
		setpgid(0, 0);
		fn();
		_exit(0);
	}
	setpgid(pid, pid);
	return pid;
}

/* C, once P has gone: its group is orphaned. */
static void
orphan(void)
{
	int ppid = getppid(), me = getpid();

	write(report[1], &me, sizeof(me));
	kill(getpid(), SIGSTOP);	/* P sees it, continues it, and exits */
	while (getppid() == ppid)
		sleep_ms(10);
	kill(getpid(), SIGTSTP);	/* discarded */
	write(report[1], "R", 1);
	kill(getpid(), SIGSTOP);	/* stops it still */
	write(report[1], "!", 1);	/* never: SIGKILL comes first */
}

static void
orphan_stops(void)
{
	int pid, cpid;
	char c;

	fflush(stdout);
	if ((pid = fork()) == 0) {
		int c = child_in_own_group(orphan);
		check_long("P: C stops (SIGSTOP)", wait_for(c, L_WUNTRACED), STOPPED_BY(SIGSTOP));
		kill(c, SIGCONT);
		kill(c, SIGTSTP);	/* C's group has P outside it: not orphaned */
		check_long("P: SIGTSTP stops C while P links its group", wait_for(c, L_WUNTRACED),
			   STOPPED_BY(SIGTSTP));
		kill(c, SIGCONT);
		fflush(stdout);
		_exit(0);
	}
	check_long("P exits", wait_for(pid, 0), 0);
	read(report[0], &cpid, sizeof(cpid));
	check_long("C, orphaned, is not stopped by SIGTSTP", read(report[0], &c, 1) == 1 && c == 'R', 1);
	int state = '?';
	for (int i = 0; i < 500 && state != 'T'; i++) {
		sleep_ms(10);
		state = proc_state(cpid, 0);
	}
	check_long("SIGSTOP stops it: /proc says", state, 'T');
	kill(cpid, SIGKILL);
	int gone = 0;
	for (int i = 0; i < 500 && !gone; i++) {
		sleep_ms(10);
		gone = kill(cpid, 0) < 0 && errno == ESRCH;
	}
	check_long("SIGKILL ends it, and init reaps it", gone, 1);
}

static void
on_hup(int sig)
{
	(void)sig;
	write(report[1], "H", 1);
}

/* C: stops with a SIGHUP handler in place; writes C once continued. */
static void
stopped_member(void)
{
	struct ksigaction sa = { .handler = (unsigned long)on_hup };

	rt_sigaction(SIGHUP, &sa, NULL);
	kill(getpid(), SIGSTOP);
	write(report[1], "C", 1);
}

static void
orphaned_while_stopped(void)
{
	char got[4] = { 0 };
	int pid;

	fflush(stdout);
	if ((pid = fork()) == 0) {
		int c = child_in_own_group(stopped_member);
		check_long("P: C stops", wait_for(c, L_WUNTRACED), STOPPED_BY(SIGSTOP));
		fflush(stdout);
		_exit(0);	/* C's group is orphaned with C stopped */
	}
	check_long("P exits", wait_for(pid, 0), 0);
	close(report[1]);
	for (int n = 0; n < 2 && read(report[0], got + n, 1) == 1; n++)
		;
	check_str("C got SIGHUP, then SIGCONT", got, "HC");
}

int
main(void)
{
	pipe(report);
	orphan_stops();
	orphaned_while_stopped();
	printf("joborphan: ok\n");
	return 0;
}
