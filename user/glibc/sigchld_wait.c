/* A SIGCHLD handler counts dead children; sigsuspend waits; WNOHANG reaps. */
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
#include "check.h"

static volatile sig_atomic_t chld;

static void on_chld(int sig)
{
	(void)sig;
	chld++;
}

int main(void)
{
	struct sigaction sa;
	sigset_t block, old;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_chld;
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	CHECK(sigaction(SIGCHLD, &sa, NULL) == 0);
	sigemptyset(&block);
	sigaddset(&block, SIGCHLD);
	CHECK(sigprocmask(SIG_BLOCK, &block, &old) == 0);

	fflush(stdout);
	for (int i = 0; i < 3; i++) {
		pid_t p = fork();
		CHECK(p >= 0);
		if (p == 0)
			_exit(i);
	}
	int reaped = 0, sum = 0;
	while (reaped < 3) {
		int status;
		pid_t p;
		while ((p = waitpid(-1, &status, WNOHANG)) > 0) {
			reaped++;
			sum += WEXITSTATUS(status);
		}
		CHECK(p == 0 || (p == -1 && errno == ECHILD));
		if (reaped < 3)
			sigsuspend(&old);
	}
	CHECK(sigprocmask(SIG_SETMASK, &old, NULL) == 0);
	printf("reaped %d children, status sum %d, handler ran: %d\n", reaped, sum, chld > 0);
	CHECK_ERR("waitpid(WNOHANG) with none left", waitpid(-1, NULL, WNOHANG), ECHILD);

	signal(SIGCHLD, SIG_IGN);
	fflush(stdout);
	pid_t p = fork();
	CHECK(p >= 0);
	if (p == 0)
		_exit(5);
	CHECK_ERR("wait with SIGCHLD ignored (auto-reaped)", waitpid(p, NULL, 0), ECHILD);
	return 0;
}
