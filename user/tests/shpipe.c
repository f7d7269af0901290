/*
 * shpipe: pipelines, lists and redirections through /bin/sh -c, run the
 * way a program runs a shell: fork, stdout and stderr into a pipe,
 * execve. Each case checks the text and the exit status, which is the
 * last stage's.
 */
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "syscall.h"

static char *const sh_env[] = { "PATH=/bin", NULL };

static const struct {
	const char *line;
	const char *out;	/* stdout and stderr together */
	int status;
} cases[] = {
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

/* Runs sh -c line; returns its output in out and its exit status. */
static int
run_sh(const char *line, char *out, int size)
{
	char *argv[] = { "sh", "-c", (char *)line, NULL };
	int fds[2];
	int len = 0;
	int status;
	ssize_t n;
	pid_t pid;

	if (pipe2(fds, 0) < 0) {
		printf("FAIL pipe2: %s\n", strerror(errno));
		fail();
	}
	pid = fork();
	if (pid == 0) {
		close(fds[0]);
		dup2(fds[1], 1);
		dup2(fds[1], 2);
		close(fds[1]);
		execve("/bin/sh", argv, sh_env);
		_exit(127);
	}
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

int
main(void)
{
	static char out[4096];
	char want[512];
	char what[128];

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int status = run_sh(cases[i].line, out, sizeof out);

		snprintf(what, sizeof what, "sh -c '%s': output", cases[i].line);
		snprintf(want, sizeof want, "%s", escaped(cases[i].out));
		check_str(what, escaped(out), want);
		snprintf(what, sizeof what, "sh -c '%s': status", cases[i].line);
		check_long(what, status, cases[i].status);
	}
	printf("shpipe: ok\n");
	return 0;
}
