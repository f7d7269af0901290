/*
 * manyargs: exec with thousands of arguments and environment strings,
 * which only their bytes limit (ARG_MAX), not their number: xargs
 * passes as many as fit, and the kernel once refused more than 255 with
 * E2BIG. The program execs itself with ARGS numbered arguments and
 * ENVS numbered environment strings; the new image checks every one,
 * in order, and that /proc/self/cmdline holds exactly its arguments.
 * Then a shell's xargs of 1,000 words runs echo once.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

#define ARGS 3000
#define ENVS 2000

extern char **environ;

/* The new image: every argument and environment string where it belongs. */
static int
check_self(int argc, char **argv)
{
	char want[32];
	int bad = 0, envs = 0;

	for (int i = 2; i < argc; i++) {
		snprintf(want, sizeof want, "a%d", i);
		bad += strcmp(argv[i], want) != 0;
	}
	for (char **e = environ; *e; e++) {
		snprintf(want, sizeof want, "E%d=%d", envs, envs);
		bad += strcmp(*e, want) != 0;
		envs++;
	}
	static char cmdline[64 * 1024];
	int fd = open("/proc/self/cmdline", O_RDONLY), nuls = 0;
	long n, len = 0;
	while (fd >= 0 && (n = read(fd, cmdline + len, sizeof cmdline - len)) > 0)
		len += n;
	for (long i = 0; i < len; i++)
		nuls += cmdline[i] == 0;
	printf("the new image: %d arguments, %d environment strings, %d out of place\n",
	       argc, envs, bad);
	printf("its /proc/self/cmdline: %d strings\n", nuls);
	return bad ? 1 : 0;
}

/* Runs argv with envp; the exit status, or -1. */
static int
run(char **argv, char **envp)
{
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		execve(argv[0], argv, envp);
		_exit(127);
	}
	return wait_status(pid);
}

int
main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "child") == 0)
		return check_self(argc, argv);

	static char *args[ARGS + 1], *envs[ENVS + 1];
	static char text[ARGS + ENVS][24];
	args[0] = "/tests/manyargs";
	args[1] = "child";
	for (int i = 2; i < ARGS; i++) {
		snprintf(text[i], sizeof text[i], "a%d", i);
		args[i] = text[i];
	}
	for (int i = 0; i < ENVS; i++) {
		snprintf(text[ARGS + i], sizeof text[ARGS + i], "E%d=%d", i, i);
		envs[i] = text[ARGS + i];
	}
	check_long("exec with 3000 arguments and 2000 environment strings", run(args, envs), 0);
	char *none[] = { NULL };
	args[300] = NULL;
	check_long("exec with 300 arguments and no environment", run(args, none), 0);

	char *sh[] = { "/bin/busybox", "ash", "-c",
		       "i=0; while [ $i -lt 1000 ]; do echo w$i; i=$((i+1)); done | "
		       "xargs echo | wc -l", NULL };
	check_long("xargs of 1000 words: echo ran once", run(sh, none), 0);
	return 0;
}
