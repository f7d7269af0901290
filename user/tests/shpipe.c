/*
 * shpipe: pipelines, lists and redirections through /bin/sh -c, run the
 * way a program runs a shell: fork, stdout and stderr into a pipe,
 * execve. Each case checks the text and the exit status, which is the
 * last stage's.
 */
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "shrun.h"
#include "syscall.h"

static char *const sh_env[] = { "PATH=/bin", NULL };

static const struct sh_case cases[] = {
	{ "echo a b c | wc", "      1       3       6\n", 0 },
	{ "echo hello | cat | cat | cat | wc -c", "6\n", 0 },
	{ "cat < /data/notelf.txt", "This is a plain text file, not an ELF program.\n", 0 },
	{ "wc < /data/notelf.txt", "      1      10      47\n", 0 },
	{ "wc -w < /data/notelf.txt | cat", "10\n", 0 },
	{ "cat /data/notelf.txt | wc -l", "1\n", 0 },
	{ "</data/notelf.txt cat|wc -c", "47\n", 0 },
	{ "echo one; echo two ;", "one\ntwo\n", 0 },
	{ "false | true", "", 0 },
	{ "true | false", "", 1 },
	{ "echo x | exit 3", "", 3 },
	{ "false; true; false", "", 1 },
	{ "cat /data/big.bin | true", "", 0 },
	{ "cat /data/big.bin | wc -c", "1048576\n", 0 },
	{ "cat < /no/such", "sh: /no/such: No such file or directory\n", 1 },
	{ "echo a | nosuch", "sh: nosuch: No such file or directory\n", 127 },
	{ "nosuch; echo after", "sh: nosuch: No such file or directory\nafter\n", 0 },
	{ "echo a |", "sh: syntax error near end of line\n", 2 },
	{ "| echo a", "sh: syntax error near '|'\n", 2 },
	{ "echo a > ", "sh: syntax error near end of line\n", 2 },
};

int
main(void)
{
	run_sh_cases(sh_env, cases, sizeof cases / sizeof cases[0]);
	printf("shpipe: ok\n");
	return 0;
}
