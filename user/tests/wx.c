/*
 * wx: exec of a program with a writable and executable segment. A normal
 * boot runs it (mapped RWX, with a warning in the kernel log); a boot
 * with wx=strict refuses it with EACCES and a reason. The grader runs
 * this test in both modes (wx.out and wx.strict.out).
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
	char *argv[] = { "wxprog", NULL };
	char *envp[] = { NULL };
	int fds[2], status;
	char out[128] = "";

	if (pipe(fds) < 0)
		return 1;
	pid_t pid = fork();
	if (pid == 0) {
		dup2(fds[1], 1);
		execve("/testbin/wxprog", argv, envp);
		char reason[96] = "";
		exec_reason(reason, sizeof reason);
		printf("refused: %s (%s)\n", errno_name(errno), reason);
		fflush(stdout);
		_exit(0);
	}
	close(fds[1]);
	int n = 0, r;
	while (n < (int)sizeof out - 1 && (r = read(fds[0], out + n, sizeof out - 1 - n)) > 0)
		n += r;
	out[n] = 0;
	waitpid(pid, &status, 0);
	printf("exec of a W+X program: %s", out);
	check_long("the child exited 0", WIFEXITED(status) && WEXITSTATUS(status) == 0, 1);
	return 0;
}
