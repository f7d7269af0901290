/*
 * posix_spawn through musl: file actions (open, dup2, close), spawnp's
 * search of PATH, attributes (signal mask, default signals, process
 * group), and a failing exec reported as posix_spawn's return value.
 * The children are /bin/sh and /bin/cat, on the image and on the host.
 */
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "check.h"

extern char **environ;

static int run(const char *path, char *const argv[], const posix_spawn_file_actions_t *fa,
	       const posix_spawnattr_t *at)
{
	pid_t pid;
	int st, rc = posix_spawn(&pid, path, fa, at, argv, environ);

	if (rc)
		return -rc;
	CHECK(waitpid(pid, &st, 0) == pid);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

static void show(const char *file)
{
	char buf[128] = "";
	int fd = open(file, O_RDONLY);

	CHECK(fd >= 0);
	ssize_t n = read(fd, buf, sizeof buf - 1);
	CHECK(n >= 0);
	buf[n] = 0;
	printf("%s holds: %s", file, buf);
	close(fd);
}

int main(void)
{
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t at;
	pid_t pid;

	alarm(30);
	char *exit3[] = { "sh", "-c", "exit 3", NULL };
	printf("spawn sh -c 'exit 3': status %d\n", run("/bin/sh", exit3, NULL, NULL));

	/* stdin from a file, stdout to another: cat copies one to the other */
	int fd = open("spawn.in", O_CREAT | O_WRONLY | O_TRUNC, 0644);
	CHECK(fd >= 0 && write(fd, "through cat\n", 12) == 12 && close(fd) == 0);
	CHECK(posix_spawn_file_actions_init(&fa) == 0);
	CHECK(posix_spawn_file_actions_addopen(&fa, 0, "spawn.in", O_RDONLY, 0) == 0);
	CHECK(posix_spawn_file_actions_addopen(&fa, 5, "spawn.out", O_CREAT | O_WRONLY | O_TRUNC, 0644) == 0);
	CHECK(posix_spawn_file_actions_adddup2(&fa, 5, 1) == 0);
	CHECK(posix_spawn_file_actions_addclose(&fa, 5) == 0);
	char *cat[] = { "cat", NULL };
	printf("spawn cat with file actions: status %d\n", run("/bin/cat", cat, &fa, NULL));
	show("spawn.out");
	CHECK(posix_spawn_file_actions_destroy(&fa) == 0);

	CHECK(posix_spawn_file_actions_init(&fa) == 0);
	CHECK(posix_spawn_file_actions_addopen(&fa, 0, "nothere", O_RDONLY, 0) == 0);
	printf("spawn with a file action that fails: %s\n", errname(-run("/bin/cat", cat, &fa, NULL)));
	CHECK(posix_spawn_file_actions_destroy(&fa) == 0);
	CHECK(posix_spawn_file_actions_init(&fa) == 0);
	CHECK(posix_spawn_file_actions_addclose(&fa, 42) == 0);
	printf("spawn closing a closed fd: %s\n", errname(-run("/bin/cat", cat, &fa, NULL)));
	CHECK(posix_spawn_file_actions_destroy(&fa) == 0);
	CHECK(posix_spawn_file_actions_init(&fa) == 0);
	CHECK_RC("addclose -1", posix_spawn_file_actions_addclose(&fa, -1), EBADF);
	CHECK(posix_spawn_file_actions_destroy(&fa) == 0);

	printf("spawn a missing program: %s\n", errname(-run("/nothere", cat, NULL, NULL)));
	printf("spawn a directory: %s\n", errname(-run("/", cat, NULL, NULL)));
	CHECK(chmod("spawn.in", 0755) == 0);	/* FAT has no execute bit: mode it on Linux too */
	printf("spawn a file that is not a program: %s\n", errname(-run("spawn.in", cat, NULL, NULL)));
	char *shp[] = { "sh", "-c", "exit 4", NULL };
	int st;
	CHECK(posix_spawnp(&pid, "sh", NULL, NULL, shp, environ) == 0);
	CHECK(waitpid(pid, &st, 0) == pid);
	printf("spawnp sh through PATH: status %d\n", WEXITSTATUS(st));
	CHECK_RC("spawnp missing name", posix_spawnp(&pid, "nothere-at-all", NULL, NULL, shp, environ), ENOENT);

	/* attributes: a blocked and an ignored signal, reset and kept */
	CHECK(posix_spawnattr_init(&at) == 0);
	sigset_t mask, def;
	sigemptyset(&mask);
	sigaddset(&mask, SIGUSR1);
	sigemptyset(&def);
	sigaddset(&def, SIGTERM);
	signal(SIGTERM, SIG_IGN);
	CHECK(posix_spawnattr_setsigmask(&at, &mask) == 0);
	CHECK(posix_spawnattr_setsigdefault(&at, &def) == 0);
	CHECK(posix_spawnattr_setpgroup(&at, 0) == 0);
	CHECK(posix_spawnattr_setflags(&at, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF |
				       POSIX_SPAWN_SETPGROUP) == 0);
	char *selfkill[] = { "sh", "-c", "kill -USR1 $$; kill -TERM $$; exit 5", NULL };
	printf("spawn with USR1 blocked and TERM reset to default: %s\n",
	       run("/bin/sh", selfkill, NULL, &at) == 128 + SIGTERM ? "killed by SIGTERM" : "other");
	CHECK_RC("setflags bad flag", posix_spawnattr_setflags(&at, 0x4000), EINVAL);
	CHECK(posix_spawnattr_destroy(&at) == 0);
	signal(SIGTERM, SIG_DFL);
	CHECK(unlink("spawn.in") == 0 && unlink("spawn.out") == 0);
	return 0;
}
