/*
 * execfail: a failed execve returns an error and leaves the caller
 * running as it was, its open files included: a file keeps its offset
 * and a pipe still carries bytes.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"

#define ARG_MAX (128 * 1024)	/* the kernel's limit on argument and environment bytes */
#define BIG_ARG 40000		/* four of these pass ARG_MAX; one alone does not */

static char *envp[] = { NULL };

static void
bad_paths(void)
{
	char *argv[] = { "x", NULL };

	check_errno("execve(\"/no/such/program\")", execve("/no/such/program", argv, envp),
		    ENOENT);
	check_errno("execve(\"/data/notelf.txt\")", execve("/data/notelf.txt", argv, envp),
		    ENOEXEC);
	check_errno("execve(\"/data\") (a directory)", execve("/data", argv, envp), EACCES);
	check_errno("execve(\"/data/notelf.txt/x\")", execve("/data/notelf.txt/x", argv, envp),
		    ENOTDIR);
}

/* A real program, but arguments the kernel must refuse. */
static void
bad_args(void)
{
	char *arg = malloc(BIG_ARG + 1);
	char *big[] = { "hello", arg, arg, arg, arg, NULL };
	char *bad_string[] = { "hello", (char *)8, NULL };
	char **volatile bad_argv = (char **)8;	/* volatile: gcc would warn */

	if (!arg)
		fail();
	memset(arg, 'a', BIG_ARG);
	arg[BIG_ARG] = 0;
	_Static_assert(4 * (BIG_ARG + 1) > ARG_MAX, "the strings pass ARG_MAX");
	check_errno("execve(\"/tests/hello\") with 4 x 40000-byte arguments",
		    execve("/tests/hello", big, envp), E2BIG);
	free(arg);
	check_errno("execve(\"/tests/hello\") with argv = (char **)8",
		    execve("/tests/hello", bad_argv, envp), EFAULT);
	check_errno("execve(\"/tests/hello\") with argv[1] = (char *)8",
		    execve("/tests/hello", bad_string, envp), EFAULT);
}

int
main(void)
{
	char buf[8] = "";
	int fds[2];
	int fd = open("/data/notelf.txt", O_RDONLY);

	check_long("open(\"/data/notelf.txt\") >= 0", fd >= 0, 1);
	check_long("pipe()", pipe(fds), 0);
	check_long("read 5 bytes before the execs", read(fd, buf, 5), 5);

	bad_paths();
	bad_args();
	printf("still running\n");

	memset(buf, 0, sizeof buf);
	check_long("read 5 more bytes after them", read(fd, buf, 5), 5);
	check_str("they continue from offset 5", buf, "is a ");
	check_long("write a byte into the pipe", write(fds[1], "!", 1), 1);
	check_long("read it back", read(fds[0], buf, 1), 1);
	check_long("the byte", buf[0], '!');
	return 0;
}
