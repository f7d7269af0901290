/* execfail: failed execve returns an error and leaves the caller running. */
#include <stdio.h>
#include <unistd.h>

#include "check.h"

int
main(void)
{
	char *argv[] = { "x", NULL };
	char *envp[] = { NULL };

	check_errno("execve(\"/no/such/program\")", execve("/no/such/program", argv, envp),
		    ENOENT);
	check_errno("execve(\"/data/notelf.txt\")", execve("/data/notelf.txt", argv, envp),
		    ENOEXEC);
	check_errno("execve(\"/data\") (a directory)", execve("/data", argv, envp), EACCES);
	check_errno("execve(\"/data/notelf.txt/x\")", execve("/data/notelf.txt/x", argv, envp),
		    ENOTDIR);
	printf("still running\n");
	return 0;
}
