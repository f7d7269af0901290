/*
 * jobnocldstop: a parent whose SIGCHLD handler has SA_NOCLDSTOP gets no
 * SIGCHLD when its child stops or continues, only when it exits; wait4
 * still reports the stop and the continue.
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

static volatile int chld_codes[8], nchld;

static void
on_chld(int sig, siginfo_t *info, void *uc)
{
	(void)sig;
	(void)uc;
	if (nchld < 8)
		chld_codes[nchld++] = ((struct chldinfo *)info)->code;
}

static void
no_cld_stop(void)
{
	struct ksigaction sa = { .handler = (unsigned long)on_chld,
				 .flags = L_SA_SIGINFO | L_SA_NOCLDSTOP };
	struct ksigaction ign = { .handler = 1 /* SIG_IGN */ };
	uint64_t chld = SIGBIT(SIGCHLD);
	int pid;

	rt_sigaction(SIGCHLD, &ign, NULL);	/* the earlier children's SIGCHLD goes */
	rt_sigaction(SIGCHLD, &sa, NULL);
	syscall4(SYS_rt_sigprocmask, 1 /* SIG_UNBLOCK */, &chld, 0, sizeof(chld));
	if ((pid = fork()) == 0)
		stop_self();
	check_long("SA_NOCLDSTOP: the stop is still waited for", wait_for(pid, L_WUNTRACED),
		   STOPPED_BY(SIGSTOP));
	kill(pid, SIGCONT);
	check_long("and the continue", wait_for(pid, L_WCONTINUED), CONTINUED);
	write(go[1], "x", 1);
	check_long("and the exit", wait_for(pid, 0), 7 << 8);
	check_long("one SIGCHLD came", nchld, 1);
	check_long("for the exit", chld_codes[0], L_CLD_EXITED);
	sa = (struct ksigaction){ .handler = 0 /* SIG_DFL */ };
	rt_sigaction(SIGCHLD, &sa, NULL);
}

int
main(void)
{
	pipe(go);
	no_cld_stop();
	printf("jobnocldstop: ok\n");
	return 0;
}
