/*
 * sharedpage: exec of /testbin/sharedpage, whose R+X text segment and RW
 * data segment share one page. The kernel maps that page with the union
 * of their permissions, as Linux does, so the program can both write a
 * variable and call a function there; its children check that pages
 * only one segment covers keep that segment's permissions alone.
 */
#include <stdio.h>

#include "runprog.h"

int
main(void)
{
	char out[1024];
	int status = run_program("/testbin/sharedpage", "sharedpage", out, sizeof out, 2);

	printf("%s", out);
	check_long("sharedpage was not killed by a signal", WIFSIGNALED(status) ? WTERMSIG(status) : 0, 0);
	check_long("sharedpage exit status", WEXITSTATUS(status), 0);
	return 0;
}
