/*
 * sigaction with handlers: a plain handler, SA_SIGINFO, SA_RESETHAND,
 * a blocked signal left pending until sigprocmask unblocks it, and a
 * signal raised inside its own handler deferred until the handler returns.
 */
#include <signal.h>
#include <unistd.h>
#include "check.h"

static volatile sig_atomic_t hits, last_signo, last_code_user, nested_seen;

static void handler(int sig)
{
	hits++;
	last_signo = sig;
}

static void info_handler(int sig, siginfo_t *si, void *ctx)
{
	(void)ctx;
	hits++;
	last_signo = si->si_signo;
	last_code_user = si->si_code == SI_USER || si->si_code == SI_TKILL;
	(void)sig;
}

/* A signal is blocked while its own handler runs (no SA_NODEFER). */
static void deferring_handler(int sig)
{
	int before = hits;

	hits++;
	if (before == 4) {
		raise(sig);	/* stays pending until we return */
		nested_seen = hits == before + 1;
	}
}

int main(void)
{
	struct sigaction sa, old;
	sigset_t set, pending;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = handler;
	sigemptyset(&sa.sa_mask);
	CHECK(sigaction(SIGUSR1, &sa, NULL) == 0);
	CHECK(raise(SIGUSR1) == 0);
	printf("plain handler: hits %d signo %d\n", (int)hits, (int)last_signo);

	sa.sa_sigaction = info_handler;
	sa.sa_flags = SA_SIGINFO;
	CHECK(sigaction(SIGUSR2, &sa, &old) == 0);
	CHECK(old.sa_handler == SIG_DFL);
	CHECK(kill(getpid(), SIGUSR2) == 0);
	printf("SA_SIGINFO: hits %d si_signo %d user %d\n", (int)hits, (int)last_signo,
	       (int)last_code_user);

	sa.sa_handler = handler;
	sa.sa_flags = SA_RESETHAND;
	CHECK(sigaction(SIGHUP, &sa, NULL) == 0);
	CHECK(raise(SIGHUP) == 0);
	CHECK(sigaction(SIGHUP, NULL, &old) == 0);
	printf("SA_RESETHAND: hits %d, handler now %s\n", (int)hits,
	       old.sa_handler == SIG_DFL ? "SIG_DFL" : "still set");

	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	CHECK(sigprocmask(SIG_BLOCK, &set, NULL) == 0);
	CHECK(raise(SIGUSR1) == 0);
	CHECK(sigpending(&pending) == 0);
	printf("blocked: hits %d, pending %d\n", (int)hits, sigismember(&pending, SIGUSR1));
	CHECK(sigprocmask(SIG_UNBLOCK, &set, NULL) == 0);
	printf("unblocked: hits %d\n", (int)hits);

	sa.sa_handler = deferring_handler;
	sa.sa_flags = 0;
	sigemptyset(&sa.sa_mask);
	CHECK(sigaction(SIGTERM, &sa, NULL) == 0);
	CHECK(raise(SIGTERM) == 0);
	printf("own signal deferred in its handler: %d, hits %d\n", (int)nested_seen,
	       (int)hits);

	CHECK_ERR("sigaction(SIGKILL)", sigaction(SIGKILL, &sa, NULL), EINVAL);
	CHECK_ERR("sigaction(0)", sigaction(0, &sa, NULL), EINVAL);
	return 0;
}
