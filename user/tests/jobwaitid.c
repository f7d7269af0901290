/*
 * jobwaitid: waitid(2). A child's stop (WSTOPPED), continue
 * (WCONTINUED) and exit (WEXITED) in a siginfo: si_signo SIGCHLD,
 * si_code CLD_*, si_status, si_pid, si_uid; by P_PID, P_PGID and P_ALL;
 * WNOWAIT leaves the child waitable; WNOHANG with nothing to say gives
 * 0 and a zeroed si_pid. A child killed by a signal is CLD_KILLED. Bad
 * input: no W* of the three, an unknown idtype, P_PID 0 (EINVAL); no
 * child (ECHILD).
 */
#include "jobstop.h"

static void
check_info(const char *what, const struct chldinfo *i, int code, int status, int pid)
{
	printf("%s:\n", what);
	check_long("  si_signo", i->signo, SIGCHLD);
	check_long("  si_code", i->code, code);
	check_long("  si_status", i->status, status);
	check_long("  si_pid is the child's", i->pid == pid, 1);
	check_long("  si_uid", i->uid, syscall0(174 /* getuid */));
}

int
main(void)
{
	struct chldinfo info;
	int go[2], pid;
	char c;

	pipe(go);
	/* TSTP: in a group of its own, so that its stop is not an orphan's */
	if ((pid = fork()) == 0) {
		setpgid(0, 0);
		kill(getpid(), SIGTSTP);
		read(go[0], &c, 1);
		_exit(3);
	}
	setpgid(pid, pid);
	check_long("waitid(P_PID, WSTOPPED)", waitid_raw(L_P_PID, pid, &info, L_WUNTRACED), 0);
	check_info("stopped", &info, L_CLD_STOPPED, SIGTSTP, pid);
	memset(&info, 0xff, sizeof(info));
	check_long("again, WNOHANG", waitid_raw(L_P_PID, pid, &info, L_WUNTRACED | WNOHANG), 0);
	check_long("  nothing: si_pid 0", info.pid, 0);
	check_long("  si_signo 0", info.signo, 0);
	kill(pid, SIGCONT);
	check_long("waitid(P_PGID, WCONTINUED)", waitid_raw(L_P_PGID, pid, &info, L_WCONTINUED), 0);
	check_info("continued", &info, L_CLD_CONTINUED, SIGCONT, pid);
	write(go[1], "x", 1);
	check_long("waitid(P_ALL, WEXITED | WNOWAIT)",
		   waitid_raw(L_P_ALL, 0, &info, L_WEXITED | L_WNOWAIT), 0);
	check_info("exited", &info, L_CLD_EXITED, 3, pid);
	check_long("still there: waitid(P_PID, WEXITED)", waitid_raw(L_P_PID, pid, &info, L_WEXITED), 0);
	check_info("exited", &info, L_CLD_EXITED, 3, pid);
	check_errno("reaped: waitid(P_ALL) -> ECHILD",
		    waitid_raw(L_P_ALL, 0, &info, L_WEXITED | WNOHANG), ECHILD);

	if ((pid = fork()) == 0) {
		read(go[0], &c, 1);
		_exit(0);
	}
	kill(pid, SIGKILL);
	check_long("waitid of a killed child", waitid_raw(L_P_PID, pid, &info, L_WEXITED), 0);
	check_info("killed", &info, L_CLD_KILLED, SIGKILL, pid);

	check_errno("no W* of the three -> EINVAL", waitid_raw(L_P_ALL, 0, &info, WNOHANG), EINVAL);
	check_errno("idtype 9 -> EINVAL", waitid_raw(9, 0, &info, L_WEXITED), EINVAL);
	check_errno("P_PID 0 -> EINVAL", waitid_raw(L_P_PID, 0, &info, L_WEXITED), EINVAL);
	check_errno("unknown option -> EINVAL", waitid_raw(L_P_ALL, 0, &info, L_WEXITED | 0x100),
		    EINVAL);
	printf("jobwaitid: ok\n");
	return 0;
}
