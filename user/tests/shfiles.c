/*
 * shfiles: files through the shell, the way a new user works with them:
 * mkdir -p, echo > and >>, cat, cp, cp -r, mv, touch, rm -r, rmdir and
 * ls -l piped through wc, each line run by /bin/sh -c with its output
 * read through a pipe. The lines run in order, each one working on what
 * the lines before it left in /shf; the last ones remove it all.
 */
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "shrun.h"
#include "fsutil.h"
#include "syscall.h"

static char *const sh_env[] = { "PATH=/bin", NULL };

static const struct sh_case cases[] = {
	{ "mkdir -p /shf/a/b/c; ls /shf/a /shf/a/b",
	  "/shf/a:\n         0 b/\n\n/shf/a/b:\n         0 c/\n", 0 },
	{ "mkdir -p /shf/a/b", "", 0 },
	{ "mkdir /shf/a", "mkdir: /shf/a: File exists\n", 1 },
	{ "echo hello > /shf/a/f.txt; echo world >> /shf/a/f.txt; cat /shf/a/f.txt",
	  "hello\nworld\n", 0 },
	{ "echo again > /shf/a/f.txt; cat /shf/a/f.txt", "again\n", 0 },
	{ "echo hello >> /shf/a/f.txt; echo world >> /shf/a/f.txt; wc /shf/a/f.txt",
	  "      3       3      18 /shf/a/f.txt\n", 0 },
	{ "cp /shf/a/f.txt /shf/a/b/g.txt; cat /shf/a/b/g.txt | wc -l", "3\n", 0 },
	{ "mv /shf/a/b/g.txt /shf/a/b/c; ls /shf/a/b/c", "        18 g.txt\n", 0 },
	{ "mv /shf/a/b/c/g.txt '/shf/a/b/c/A Long Name.txt'; ls /shf/a/b/c",
	  "        18 A Long Name.txt\n", 0 },
	{ "cat '/shf/a/b/c/a long name.TXT'", "again\nhello\nworld\n", 0 },
	{ "cp -r /shf/a /shf/copy; ls -l /shf/copy | wc -l", "2\n", 0 },
	{ "ls -l /shf/copy | wc -w", "10\n", 0 },
	{ "ls -l /shf/copy/b/c | cat | wc -c", "55\n", 0 },
	{ "cat '/shf/copy/b/c/A Long Name.txt'", "again\nhello\nworld\n", 0 },
	{ "cat /data/big.bin > /shf/big; wc -c < /shf/big", "1048576\n", 0 },
	{ "cp /shf/big /shf/copy/big2; cat /shf/copy/big2 | wc -c", "1048576\n", 0 },
	{ "mv /shf/copy /shf/moved; ls /shf", "         0 a/\n   1048576 big\n         0 moved/\n", 0 },
	{ "mv /shf/big /shf/a/f.txt /shf/moved; ls /shf/moved",
	  "         0 b/\n   1048576 big\n   1048576 big2\n        18 f.txt\n", 0 },
	{ "mv /shf/moved /shf/moved/b", "mv: /shf/moved: Invalid argument\n", 1 },
	{ "touch /shf/t /shf/moved/f.txt; ls /shf/t; cat /shf/moved/f.txt",
	  "         0 /shf/t\nagain\nhello\nworld\n", 0 },
	{ "echo 'echo from a script' > /shf/s; echo 'ls /shf/a' >> /shf/s; sh /shf/s",
	  "from a script\n         0 b/\n", 0 },
	{ "rm /shf/a", "rm: /shf/a: Is a directory\n", 1 },
	{ "rmdir /shf/a", "rmdir: /shf/a: Directory not empty\n", 1 },
	{ "rmdir /shf/t", "rmdir: /shf/t: Not a directory\n", 1 },
	{ "cat /shf/nosuch", "cat: /shf/nosuch: No such file or directory\n", 1 },
	{ "echo x > /shf/nodir/x", "sh: /shf/nodir/x: No such file or directory\n", 1 },
	{ "rm /shf/t /shf/nosuch /shf/s; ls /shf",
	  "rm: /shf/nosuch: No such file or directory\n         0 a/\n         0 moved/\n", 0 },
	{ "rm -f /shf/nosuch /no/such/dir/x", "", 0 },
	{ "rm -r /shf/a /shf/moved; ls /shf", "", 0 },
	{ "rmdir /shf; ls /shf", "ls: /shf: No such file or directory\n", 1 },
	{ "sync", "", 0 },
};

int
main(void)
{
	check_long("clear /shf", rm_tree("/shf"), 0);
	run_sh_cases(sh_env, cases, sizeof cases / sizeof cases[0]);
	printf("shfiles: ok\n");
	return 0;
}
