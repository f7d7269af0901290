/*
 * Runs a program the way the exec tests watch one: a child execs it with
 * stdout into a pipe; if the exec is refused the child prints "refused:
 * ERRNO (reason)" there instead and exits with refused_status. Shared by
 * wx and sharedpage.
 */
#ifndef TESTS_RUNPROG_H
#define TESTS_RUNPROG_H

#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "syscall.h"

/* Returns the child's wait status; its output is in out. */
static int
run_program(const char *path, char *argv0, char *out, int size, int refused_status)
{
	char *argv[] = { argv0, NULL };
	char *envp[] = { NULL };
	int fds[2], status, n = 0, r;

	if (pipe(fds) < 0) {
		printf("FAIL pipe: %s\n", errno_name(errno));
		fail();
	}
	pid_t pid = fork();
	if (pid == 0) {
		dup2(fds[1], 1);
		execve(path, argv, envp);
		char reason[96] = "";
		exec_reason(reason, sizeof reason);
		printf("refused: %s (%s)\n", errno_name(errno), reason);
		fflush(stdout);
		_exit(refused_status);
	}
	close(fds[1]);
	while (n < size - 1 && (r = read(fds[0], out + n, size - 1 - n)) > 0)
		n += r;
	out[n] = 0;
	close(fds[0]);
	waitpid(pid, &status, 0);
	return status;
}

#endif
