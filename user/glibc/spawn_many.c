/*
 * spawn_many [N]: posix_spawn of /bin/true N times (100 unless told) by
 * each of 4 workers at once: every spawn must succeed and its child exit
 * 0. glibc's posix_spawn clones with a stack of its own (CLONE_VM |
 * CLONE_VFORK); a child that starts on its parent's stack instead fails.
 * user/tests/spawnmany.sh runs it with 1000 on four harts (under
 * qemu-riscv64 a spawn costs about 20 ms: hence the small default).
 */
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>
#include "check.h"

#define WORKERS 4

extern char **environ;

/* n spawns and waits; exits with how many failed (at most 255). */
static void worker(int n)
{
	char *argv[] = { "true", NULL };
	int bad = 0, status;
	pid_t pid;

	for (int i = 0; i < n; i++) {
		if (posix_spawn(&pid, "/bin/true", NULL, NULL, argv, environ) != 0 ||
		    waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
		    WEXITSTATUS(status) != 0)
			bad++;
	}
	_exit(bad > 255 ? 255 : bad);
}

int main(int argc, char **argv)
{
	pid_t pids[WORKERS];
	int n = argc > 1 ? atoi(argv[1]) : 100, status, bad = 0;

	for (int w = 0; w < WORKERS; w++) {
		pids[w] = fork();
		CHECK(pids[w] >= 0);
		if (pids[w] == 0)
			worker(n);
	}
	for (int w = 0; w < WORKERS; w++) {
		CHECK(waitpid(pids[w], &status, 0) == pids[w]);
		CHECK(WIFEXITED(status));
		bad += WEXITSTATUS(status);
	}
	printf("%d spawns by %d workers, %d failed\n", WORKERS * n, WORKERS, bad);
	return bad != 0;
}
