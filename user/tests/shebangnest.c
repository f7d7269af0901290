/*
 * shebangnest: #! scripts whose interpreter is itself a script, as
 * Linux runs them: each level puts its interpreter and that one's
 * argument in front of argv, the first script's path stands for argv[0];
 * five scripts in a chain run, a sixth is ELOOP. And #! lines as Linux's
 * binfmt_script reads them (its first 256 bytes): trailing spaces and
 * tabs dropped, the argument the rest of the line; a line past 256 bytes
 * cut there, unless the interpreter's name might be cut (ENOEXEC); a
 * line naming nothing ENOEXEC. The expected lines are what Linux 6.x
 * gives the same scripts (checked on a Linux host with its own printer
 * in place of this program).
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "check.h"

#define DIR "/tmp/sn"
#define SELF "/tests/shebangnest"

/* The printer at the end of every chain: "#!" SELF " show" runs it. */
static int
show(int argc, char **argv)
{
	for (int i = 0; i < argc; i++) {
		size_t n = strlen(argv[i]);
		if (n > 40)	/* a cut argument: its length says where */
			printf("argv[%d]=<%zu bytes>\n", i, n);
		else
			printf("argv[%d]=\"%s\"\n", i, argv[i]);
	}
	return 0;
}

static void
script(const char *name, const char *text, size_t n)
{
	char path[64];

	snprintf(path, sizeof(path), DIR "/%s", name);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0755);
	write(fd, text, n);
	close(fd);
}

/* Runs DIR/name q r in a child; prints how its exec ended. */
static void
run(const char *name)
{
	char path[64];

	snprintf(path, sizeof(path), DIR "/%s", name);
	printf("== %s\n", name);
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		char *argv[] = { path, "q", "r", NULL };
		execve(path, argv, environ);
		printf("exec: %s\n", errno_name(errno));
		fflush(stdout);
		_exit(127);
	}
	printf("status %d\n", wait_status(pid));
}

int
main(int argc, char **argv)
{
	if (argc > 1 && strncmp(argv[1], "show", 4) == 0)	/* "show" and the rest of a #! line */
		return show(argc, argv);
	mkdir(DIR, 0755);
	const char *chain[][2] = {
		{ "s1", "#!" SELF " show  a1  b1 \n" }, { "s2", "#!" DIR "/s1 a2\n" },
		{ "s3", "#!" DIR "/s2\n" },		  { "s4", "#!" DIR "/s3 x\n" },
		{ "s5", "#!" DIR "/s4\n" },		  { "s6", "#!" DIR "/s5\n" },
	};
	for (int i = 0; i < 6; i++)
		script(chain[i][0], chain[i][1], strlen(chain[i][1]));
	for (int i = 0; i < 6; i++)
		run(chain[i][0]);

	static char line[400];
	int n = snprintf(line, sizeof(line), "#!" SELF " show ");
	memset(line + n, 'y', 300);
	line[n + 300] = '\n';
	script("long_arg", line, n + 301);
	n = snprintf(line, sizeof(line), "#!" DIR "/");
	memset(line + n, 'n', 300);
	line[n + 300] = '\n';
	script("long_name", line, n + 301);
	script("trailing", "#!" SELF " show   a b   \t \n", strlen("#!" SELF " show   a b   \t \n"));
	script("bare", "#!\n", 3);
	script("blank", "#!   \t  \n", 9);
	n = snprintf(line, sizeof(line), "#!" SELF " show");
	memset(line + n, ' ', 300);
	script("no_newline", line, n + 300);
	const char *lines[] = { "long_arg", "long_name", "trailing", "bare", "blank", "no_newline" };
	for (int i = 0; i < 6; i++)
		run(lines[i]);
	printf("shebangnest done\n");
	return 0;
}
