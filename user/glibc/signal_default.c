/* Children die of signals with the default action; the parent sees which. */
#include <signal.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "check.h"

static void die(int how)
{
	switch (how) {
	case 0: raise(SIGTERM); break;
	case 1: kill(getpid(), SIGKILL); break;
	case 2: *(volatile int *)0 = 1; break;
	case 3: abort();
	case 4: pause(); break;	/* the parent sends SIGINT */
	case 5: raise(SIGUSR1); break;
	}
	_exit(99);
}

int main(void)
{
	const char *what[] = { "raise(SIGTERM)", "kill(self, SIGKILL)", "store to NULL",
			       "abort()", "SIGINT from parent", "raise(SIGUSR1)" };

	for (int i = 0; i < 6; i++) {
		int status;
		fflush(stdout);
		pid_t p = fork();
		CHECK(p >= 0);
		if (p == 0)
			die(i);
		if (i == 4) {
			struct timespec ts = { 0, 50 * 1000 * 1000 };
			nanosleep(&ts, NULL);
			CHECK(kill(p, SIGINT) == 0);
		}
		CHECK(waitpid(p, &status, 0) == p);
		if (WIFSIGNALED(status))
			printf("%s: killed by signal %d (%s)\n", what[i], WTERMSIG(status),
			       strsignal(WTERMSIG(status)));
		else
			printf("%s: exited %d\n", what[i], WEXITSTATUS(status));
	}
	signal(SIGTERM, SIG_IGN);
	CHECK(raise(SIGTERM) == 0);
	printf("SIGTERM ignored, still here\n");
	return 0;
}
