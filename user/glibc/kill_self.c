/*
 * kill() on ourselves: a caught SIGUSR1, an ignored SIGUSR2, signal 0 as a
 * probe, then SIGTERM with the default action ends the program: its
 * status is "killed by signal 15", not an exit code.
 */
#include <signal.h>
#include <unistd.h>
#include "check.h"

static volatile sig_atomic_t got;

static void on_usr1(int sig)
{
	got = sig;
}

int main(void)
{
	signal(SIGUSR1, on_usr1);
	CHECK(kill(getpid(), SIGUSR1) == 0);
	printf("caught signal %d\n", (int)got);
	signal(SIGUSR2, SIG_IGN);
	CHECK(kill(getpid(), SIGUSR2) == 0);
	printf("SIGUSR2 ignored\n");
	printf("kill(self, 0): %d\n", kill(getpid(), 0));
	CHECK_ERR("kill with signal 99", kill(getpid(), 99), EINVAL);
	CHECK_ERR("kill a pid that does not exist", kill(999999, SIGTERM), ESRCH);
	printf("now SIGTERM\n");
	fflush(stdout);
	kill(getpid(), SIGTERM);
	printf("still alive after SIGTERM\n");
	return 0;
}
