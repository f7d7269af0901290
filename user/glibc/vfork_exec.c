/*
 * vfork: the child runs in the parent's memory while the parent waits
 * for it to exec or exit, so the parent sees what the child wrote before
 * either; an execve of /bin/echo succeeds, one of a missing program
 * leaves its errno for the parent to read and the child _exits 127.
 * The parent prints after waitpid: echo's line comes first, as on Linux.
 */
#include <sys/wait.h>
#include <unistd.h>
#include "check.h"

static volatile int child_ran, exec_errno;

/* vforks a child that execs argv[0]; says how it went. */
static void run(char *const argv[])
{
	char *env[] = { "PATH=/bin", NULL };
	int status;
	pid_t p;

	child_ran = 0;
	exec_errno = 0;
	fflush(stdout);
	p = vfork();
	CHECK(p >= 0);
	if (p == 0) {
		child_ran = 1;
		execve(argv[0], argv, env);
		exec_errno = errno;
		_exit(127);
	}
	CHECK(waitpid(p, &status, 0) == p && WIFEXITED(status));
	printf("%s: the parent sees what the child wrote: %s\n", argv[0],
	       child_ran ? "yes" : "no");
	printf("  exit status %d, the child's exec errno: %s\n", WEXITSTATUS(status),
	       exec_errno ? strerror(exec_errno) : "none");
}

int main(void)
{
	char *echo[] = { "/bin/echo", "echo", "after", "vfork", NULL };
	char *missing[] = { "/no/such/program", NULL };

	alarm(30);	/* a hang ends the program, not the whole run */
	run(echo);
	run(missing);
	return 0;
}
