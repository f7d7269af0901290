/* forkwait: fork N children with distinct exit codes; wait4 collects each. */
#include <sched.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "syscall.h"

#define NCHILD 8

int
main(void)
{
	pid_t pids[NCHILD];
	pid_t self = getpid();
	int status;
	char what[64];

	for (int i = 0; i < NCHILD; i++) {
		pids[i] = fork();
		if (pids[i] < 0) {
			printf("FAIL fork %d: %s\n", i, strerror(errno));
			return 1;
		}
		if (pids[i] == 0) {
			/* Spin a little so that children overlap. */
			for (int k = 0; k < 1000 * i; k++)
				if (k % 100 == 0)
					sched_yield();
			_exit(getppid() == self ? 10 + i : 99);
		}
	}
	printf("forked %d children\n", NCHILD);

	/* Collect in reverse order, each by its pid. */
	for (int i = NCHILD - 1; i >= 0; i--) {
		snprintf(what, sizeof what, "wait4(child %d) returns its pid", i);
		check_long(what, wait4(pids[i], &status, 0, NULL) == pids[i], 1);
		snprintf(what, sizeof what, "child %d WIFEXITED", i);
		check_long(what, WIFEXITED(status), 1);
		snprintf(what, sizeof what, "child %d WEXITSTATUS", i);
		check_long(what, WEXITSTATUS(status), 10 + i);
	}

	/* Then any-child waits. */
	for (int i = 0; i < NCHILD; i++) {
		pids[i] = fork();
		if (pids[i] == 0)
			_exit(100 + i);
	}
	int seen = 0;
	for (int i = 0; i < NCHILD; i++) {
		pid_t w = wait4(-1, &status, 0, NULL);

		for (int j = 0; j < NCHILD; j++)
			if (w == pids[j] && WIFEXITED(status) && WEXITSTATUS(status) == 100 + j)
				seen |= 1 << j;
	}
	check_long("wait4(-1) collected every child (bit mask)", seen, (1 << NCHILD) - 1);
	check_errno("wait4(-1) with no children", wait4(-1, &status, 0, NULL), ECHILD);
	printf("forkwait: ok\n");
	return 0;
}
