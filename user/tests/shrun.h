/*
 * Running /bin/sh -c LINE the way a program runs a shell (fork, stdout
 * and stderr into a pipe, execve with a given environment), and a table
 * of such lines with the output and status each must give. Shared by the
 * shell tests (shpipe, shfiles, shvars).
 */
#ifndef TESTS_SHRUN_H
#define TESTS_SHRUN_H

#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "syscall.h"

struct sh_case {
	const char *line;
	const char *out;	/* stdout and stderr together */
	int status;
};

/* Runs sh -c line with env; its output goes to out, its pid to *shell
 * (if not NULL); returns its exit status (128 + N if a signal killed it). */
static int
run_sh(char *const env[], const char *line, char *out, int size, pid_t *shell)
{
	char *argv[] = { "sh", "-c", (char *)line, NULL };
	int fds[2], len = 0, status;
	ssize_t n;

	if (pipe2(fds, 0) < 0) {
		printf("FAIL pipe2: %s\n", strerror(errno));
		fail();
	}
	pid_t pid = fork();
	if (pid == 0) {
		close(fds[0]);
		dup2(fds[1], 1);
		dup2(fds[1], 2);
		close(fds[1]);
		execve("/bin/sh", argv, env);
		_exit(127);
	}
	if (shell)
		*shell = pid;
	close(fds[1]);
	while ((n = read(fds[0], out + len, size - 1 - len)) > 0)
		len += n;
	out[len] = '\0';
	close(fds[0]);
	if (wait4(pid, &status, 0, NULL) != pid) {
		printf("FAIL wait4: %s\n", strerror(errno));
		fail();
	}
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* The output with newlines shown as \n, for one-line messages. */
static const char *
escaped(const char *s)
{
	static char buf[512];
	int n = 0;

	for (; *s && n < (int)sizeof buf - 3; s++) {
		if (*s == '\n') {
			buf[n++] = '\\';
			buf[n++] = 'n';
		} else {
			buf[n++] = *s;
		}
	}
	buf[n] = '\0';
	return buf;
}

/* Runs every case in order, checking output and status of each. */
static void
run_sh_cases(char *const env[], const struct sh_case *cases, size_t n)
{
	static char out[4096];
	char want[512], what[160];

	for (size_t i = 0; i < n; i++) {
		int status = run_sh(env, cases[i].line, out, sizeof out, NULL);

		snprintf(what, sizeof what, "sh -c '%s': output", cases[i].line);
		snprintf(want, sizeof want, "%s", escaped(cases[i].out));
		check_str(what, escaped(out), want);
		snprintf(what, sizeof what, "sh -c '%s': status", cases[i].line);
		check_long(what, status, cases[i].status);
	}
}

#endif
