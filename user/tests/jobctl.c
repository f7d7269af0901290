/*
 * jobctl: stopped processes. A child stopped by SIGSTOP (its own) is
 * seen by wait4(WUNTRACED) once, with SIGCHLD's CLD_STOPPED, as state T
 * in /proc, and still takes kill(pid, 0); SIGCONT resumes it (WCONTINUED
 * once, CLD_CONTINUED), then it exits (CLD_EXITED). A child stopped in
 * a read or a nanosleep goes on with it after SIGCONT, without EINTR.
 * SIGKILL ends a stopped
 * child; SIGTERM waits for SIGCONT. A handler for SIGTSTP runs instead
 * of a stop. SIGCONT to a child that runs changes nothing. A vfork
 * parent stops in its wait for the child and goes on once continued.
 */
#include "jobstop.h"

static int go[2];	/* a byte here lets a stopped and continued child exit */

/* The child: stops itself, then exits 7 once the parent says. */
static void
stop_self(void)
{
	char c;

	kill(getpid(), SIGSTOP);
	read(go[0], &c, 1);
	_exit(7);
}

static void
stop_and_continue(void)
{
	int status, pid, cpid;

	sigmask_block(SIGBIT(SIGCHLD));
	if ((pid = fork()) == 0)
		stop_self();
	check_long("wait4(WUNTRACED): stopped by SIGSTOP", wait_for(pid, L_WUNTRACED),
		   STOPPED_BY(SIGSTOP));
	check_long("SIGCHLD's code is CLD_STOPPED", take_sigchld(&status, &cpid), L_CLD_STOPPED);
	check_long("its si_status is SIGSTOP", status, SIGSTOP);
	check_long("its si_pid is the child's", cpid == pid, 1);
	check_long("/proc/PID/stat says T", proc_state(pid, 0), 'T');
	check_long("kill(pid, 0) finds it", kill(pid, 0), 0);
	check_long("a stop is said once (WNOHANG: 0)", wait4(pid, &status, L_WUNTRACED | WNOHANG, NULL), 0);
	check_long("WCONTINUED alone: nothing yet", wait4(pid, &status, L_WCONTINUED | WNOHANG, NULL), 0);
	check_long("kill(pid, SIGCONT)", kill(pid, SIGCONT), 0);
	check_long("wait4(WCONTINUED): continued", wait_for(pid, L_WCONTINUED), CONTINUED);
	check_long("SIGCHLD's code is CLD_CONTINUED", take_sigchld(&status, &cpid), L_CLD_CONTINUED);
	check_long("its si_status is SIGCONT", status, SIGCONT);
	write(go[1], "x", 1);
	check_long("then it exits 7", wait_for(pid, 0), 7 << 8);
	check_long("SIGCHLD's code is CLD_EXITED", take_sigchld(&status, &cpid), L_CLD_EXITED);
	check_long("its si_status is 7", status, 7);
}

/* The child: reads a byte from fd, then exits 0 if it got it (1 if the
 * read failed, 2 with EINTR). */
static void
read_byte(int fd)
{
	char c;
	long n = read(fd, &c, 1);

	_exit(n == 1 ? 0 : errno == EINTR ? 2 : 1);
}

/* The child: sleeps ms, then exits 0 if the sleep was whole (2: EINTR). */
static void
nap(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000 };
	long t0 = now_ms();
	int r = nanosleep(&ts, NULL);

	_exit(r == 0 && now_ms() - t0 >= ms ? 0 : r < 0 && errno == EINTR ? 2 : 1);
}

static void
stopped_in_sleeps(void)
{
	int fds[2], pid;

	pipe(fds);
	if ((pid = fork()) == 0)
		read_byte(fds[0]);
	sleep_ms(50);
	kill(pid, SIGSTOP);
	check_long("a child in read stops", wait_for(pid, L_WUNTRACED), STOPPED_BY(SIGSTOP));
	kill(pid, SIGCONT);
	sleep_ms(50);
	check_long("continued, it still waits", wait4(pid, NULL, WNOHANG, NULL), 0);
	write(fds[1], "x", 1);
	check_long("its read gets the byte (no EINTR)", wait_for(pid, 0), 0);
	close(fds[0]);
	close(fds[1]);

	/* in a group of its own, which its parent in another group of the
	 * session could resume: not orphaned, so SIGTSTP stops it */
	if ((pid = fork()) == 0) {
		setpgid(0, 0);
		nap(300);
	}
	setpgid(pid, pid);
	sleep_ms(50);
	kill(pid, SIGTSTP);
	check_long("a child in nanosleep stops (SIGTSTP)", wait_for(pid, L_WUNTRACED),
		   STOPPED_BY(SIGTSTP));
	kill(pid, SIGCONT);
	check_long("its nanosleep ends whole (no EINTR)", wait_for(pid, 0), 0);
}

static void
kill_stopped_child(void)
{
	int pid;

	if ((pid = fork()) == 0)
		stop_self();
	check_long("stopped", wait_for(pid, L_WUNTRACED), STOPPED_BY(SIGSTOP));
	kill(pid, SIGKILL);
	check_long("SIGKILL ends it while stopped", wait_for(pid, 0), SIGKILL);

	if ((pid = fork()) == 0)
		stop_self();
	wait_for(pid, L_WUNTRACED);
	kill(pid, SIGTERM);
	sleep_ms(50);
	check_long("SIGTERM waits for the continue", wait4(pid, NULL, WNOHANG, NULL), 0);
	kill(pid, SIGCONT);
	check_long("then ends it", wait_for(pid, 0), SIGTERM);
}

static volatile int tstp_seen;

static void
on_tstp(int sig)
{
	tstp_seen = sig;
}

static void
tstp_handler(void)
{
	int ready[2], never[2], pid;
	char c;

	pipe(ready);
	pipe(never);
	if ((pid = fork()) == 0) {
		struct ksigaction sa = { .handler = (unsigned long)on_tstp };
		rt_sigaction(SIGTSTP, &sa, NULL);
		write(ready[1], "r", 1);
		long n = read(never[0], &c, 1);	/* the handler ends it: EINTR */
		_exit(tstp_seen == SIGTSTP && n < 0 && errno == EINTR ? 5 : 6);
	}
	read(ready[0], &c, 1);	/* the handler is in place */
	sleep_ms(50);
	kill(pid, SIGTSTP);
	check_long("a SIGTSTP handler runs instead of a stop", wait_for(pid, L_WUNTRACED), 5 << 8);
	close(ready[0]);
	close(ready[1]);
	close(never[0]);
	close(never[1]);
}

static void
cont_running(void)
{
	int fds[2], pid, status;

	pipe(fds);
	if ((pid = fork()) == 0)
		read_byte(fds[0]);
	sleep_ms(50);
	check_long("SIGCONT to a child that is not stopped", kill(pid, SIGCONT), 0);
	check_long("no continue to report", wait4(pid, &status, L_WCONTINUED | WNOHANG, NULL), 0);
	write(fds[1], "x", 1);
	check_long("its read was not cut", wait_for(pid, 0), 0);
	close(fds[0]);
	close(fds[1]);
}

/* vfork(), raw and in the caller's frame (the child shares the stack):
 * the parent waits in the kernel until the child exits; the child only
 * sleeps and calls _exit. */
#define vfork_raw() syscall6(SYS_clone, 0x4100 /* CLONE_VM | CLONE_VFORK */ | SIGCHLD, 0, 0, 0, 0, 0)

static void
stop_in_vfork(void)
{
	int pid;

	if ((pid = fork()) == 0) {
		long c = vfork_raw();
		if (c == 0) {
			struct timespec ts = { 0, 300 * 1000000 };
			syscall2(SYS_nanosleep, &ts, 0);
			syscall1(SYS_exit, 4);
		}
		int status;
		_exit(wait4(c, &status, 0, NULL) == c ? status >> 8 : 99);
	}
	sleep_ms(100);
	kill(pid, SIGSTOP);
	check_long("a vfork parent stops in its wait", wait_for(pid, L_WUNTRACED), STOPPED_BY(SIGSTOP));
	sleep_ms(400);	/* its child exits meanwhile */
	check_long("it stays stopped", wait4(pid, NULL, WNOHANG, NULL), 0);
	kill(pid, SIGCONT);
	check_long("continued, it reaps its child", wait_for(pid, 0), 4 << 8);
}

int
main(void)
{
	pipe(go);
	stop_and_continue();
	stopped_in_sleeps();
	kill_stopped_child();
	tstp_handler();
	cont_running();
	stop_in_vfork();
	printf("jobctl: ok\n");
	return 0;
}
