/*
 * wx: exec of a program with a writable and executable segment. A normal
 * boot runs it (mapped RWX, with a warning in the kernel log); a boot
 * with wx=strict refuses it with EACCES and a reason. The grader runs
 * this test in both modes (wx.out and wx.strict.out).
 */
#include <stdio.h>

#include "runprog.h"

int
main(void)
{
	char out[128];
	int status = run_program("/testbin/wxprog", "wxprog", out, sizeof out, 0);

	printf("exec of a W+X program: %s", out);
	check_long("the child exited 0", WIFEXITED(status) && WEXITSTATUS(status) == 0, 1);
	return 0;
}
