/*
 * sharedpage: exec of /testbin/sharedpage, whose R+X text segment and RW
 * data segment share one page. The kernel maps that page with the union
 * of their permissions, as Linux does, so the program can both write a
 * variable and call a function there; its children check that pages
 * only one segment covers keep that segment's permissions alone.
 */
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "syscall.h"

int
main(void)
{
	char *argv[] = { "sharedpage", NULL };
	char *envp[] = { NULL };
	int fds[2], status;
	char out[1024] = "";

	if (pipe(fds) < 0)
		return 1;
	pid_t pid = fork();
	if (pid == 0) {
		dup2(fds[1], 1);
		execve("/testbin/sharedpage", argv, envp);
		char reason[96] = "";
		exec_reason(reason, sizeof reason);
		printf("refused: %s (%s)\n", errno_name(errno), reason);
		fflush(stdout);
		_exit(2);
	}
	close(fds[1]);
	int n = 0, r;
	while (n < (int)sizeof out - 1 && (r = read(fds[0], out + n, sizeof out - 1 - n)) > 0)
		n += r;
	out[n] = 0;
	close(fds[0]);
	waitpid(pid, &status, 0);
	printf("%s", out);
	check_long("sharedpage was not killed by a signal", WIFSIGNALED(status) ? WTERMSIG(status) : 0, 0);
	check_long("sharedpage exit status", WEXITSTATUS(status), 0);
	return 0;
}
