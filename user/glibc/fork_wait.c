/* fork five children that exit with different codes; reap each by pid. */
#include <sys/wait.h>
#include <unistd.h>
#include "check.h"

int main(void)
{
	pid_t pids[5];
	int shared = 100;

	printf("parent before fork\n");
	fflush(stdout);
	for (int i = 0; i < 5; i++) {
		pids[i] = fork();
		CHECK(pids[i] >= 0);
		if (pids[i] == 0) {
			shared += i;	/* the parent's copy must not change */
			_exit(10 + i + (shared - 100));
		}
	}
	for (int i = 4; i >= 0; i--) {
		int status;
		CHECK(waitpid(pids[i], &status, 0) == pids[i]);
		CHECK(WIFEXITED(status));
		printf("child %d exited with %d\n", i, WEXITSTATUS(status));
	}
	printf("parent's variable still %d\n", shared);
	CHECK_ERR("waitpid with no children left", waitpid(-1, NULL, 0), ECHILD);
	fflush(stdout);
	pid_t p = fork();
	CHECK(p >= 0);
	if (p == 0) {
		printf("child prints, then exits 0\n");
		exit(0);
	}
	int status;
	CHECK(wait(&status) == p);
	printf("wait() status %d\n", WEXITSTATUS(status));
	return 0;
}
