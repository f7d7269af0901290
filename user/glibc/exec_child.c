/*
 * fork + execve of /bin/sh and /bin/echo with argv and an environment of
 * our choosing; failed execs return to the caller with ENOENT / EACCES-like
 * errors while the process carries on.
 */
#include <sys/wait.h>
#include <unistd.h>
#include "check.h"

static int run(char *const argv[], char *const envp[])
{
	int status;
	pid_t p;

	fflush(stdout);
	p = fork();
	CHECK(p >= 0);
	if (p == 0) {
		execve(argv[0], argv, envp);
		printf("execve %s: %s\n", argv[0], strerror(errno));
		fflush(stdout);
		_exit(127);
	}
	CHECK(waitpid(p, &status, 0) == p);
	CHECK(WIFEXITED(status));
	return WEXITSTATUS(status);
}

int main(void)
{
	char *echo[] = { "/bin/echo", "hello", "from", "echo", NULL };
	char *sh[] = { "/bin/sh", "-c", "echo shell sees $GREETING; exit 3", NULL };
	char *missing[] = { "/no/such/program", NULL };
	char *env[] = { "PATH=/bin", "GREETING=hi", NULL };

	printf("echo exited %d\n", run(echo, env));
	printf("sh exited %d\n", run(sh, env));
	printf("missing exited %d\n", run(missing, env));
	CHECK_ERR("execve of a directory", execve("/", missing, env), EACCES);
	return 0;
}
