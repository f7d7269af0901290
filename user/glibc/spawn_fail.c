/*
 * posix_spawn reports the child's exec failure as its return value, as
 * Linux's glibc does (clone with CLONE_VM|CLONE_VFORK): ENOENT for a
 * missing program or a missing name on PATH, EACCES for a directory,
 * ENOENT for a file action that opens a missing file; and 0 with the
 * child's own exit status when the program runs.
 */
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>
#include "check.h"

extern char **environ;

/* Spawns argv (by PATH if path is 0) with file actions fa; prints what
 * posix_spawn returned and, if it started, how the child ended. */
static void spawn(const char *what, int path, posix_spawn_file_actions_t *fa,
		  char *const argv[])
{
	pid_t pid;
	int status, rc;

	fflush(stdout);
	rc = path ? posix_spawn(&pid, argv[0], fa, NULL, argv, environ)
		  : posix_spawnp(&pid, argv[0], fa, NULL, argv, environ);
	printf("%s: %s", what, rc ? strerror(rc) : "started");
	if (rc == 0) {
		CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status));
		printf(", exit status %d", WEXITSTATUS(status));
	}
	printf("\n");
}

int main(void)
{
	char *missing[] = { "/no/such/program", NULL };
	char *unnamed[] = { "no-such-program", NULL };
	char *dir[] = { "/", NULL };
	char *sh[] = { "/bin/sh", "-c", "exit 7", NULL };
	char *true_[] = { "true", NULL };
	posix_spawn_file_actions_t fa;

	alarm(30);	/* a hang ends the program, not the whole run */
	spawn("posix_spawn of a missing program", 1, NULL, missing);
	spawn("posix_spawnp of a name not on PATH", 0, NULL, unnamed);
	spawn("posix_spawn of a directory", 1, NULL, dir);
	spawn("posix_spawn of sh -c 'exit 7'", 1, NULL, sh);
	spawn("posix_spawnp of true", 0, NULL, true_);
	CHECK(posix_spawn_file_actions_init(&fa) == 0);
	CHECK(posix_spawn_file_actions_addopen(&fa, 0, "/no/such/file", O_RDONLY, 0) == 0);
	spawn("posix_spawnp of true, stdin from a missing file", 0, &fa, true_);
	posix_spawn_file_actions_destroy(&fa);
	return 0;
}
