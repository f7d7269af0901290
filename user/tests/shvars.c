/*
 * shvars: parameter expansion and variables through /bin/sh -c, run the
 * way a program runs a shell (fork, stdout and stderr into a pipe,
 * execve with PATH and GREETING in the environment). Each case checks
 * the text and the exit status. $$ is checked against the pid fork
 * returned, without printing it: it differs from run to run.
 */
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "shrun.h"
#include "syscall.h"

static char *const sh_env[] = { "PATH=/bin", "GREETING=hi", NULL };

static const struct sh_case cases[] = {
	/* Where $ expands: unquoted and in "...", not in '...' or after \. */
	{ "echo $GREETING ${GREETING}x \"$GREETING\"", "hi hix hi\n", 0 },
	{ "echo '$GREETING' \"\\$GREETING\" \\$GREETING \"'$GREETING'\"",
	  "$GREETING $GREETING $GREETING 'hi'\n", 0 },
	{ "echo \"$GREETING\"'$GREETING'\\$\"$\"", "hi$GREETING$$\n", 0 },
	{ "echo $ a$ \"$\" $1x", "$ a$ $ x\n", 0 },
	/* Unset is empty; an unquoted empty word is no argument at all. */
	{ "echo a${NOSUCH}b $NOSUCH \"[$NOSUCH]\" end", "ab [] end\n", 0 },
	{ "$NOSUCH echo first word dropped", "first word dropped\n", 0 },
	{ "echo ${GREETING", "sh: bad substitution\n", 2 },
	{ "echo ${GREETING x}", "sh: bad substitution\n", 2 },
	/* $?: the last status, 128 + N after death by signal N. */
	{ "echo $?; false; echo $?; true; echo $?", "0\n1\n0\n", 0 },
	{ "nosuch; echo $?", "sh: nosuch: No such file or directory\n127\n", 0 },
	{ "sh -c 'exit 7'; echo $?", "7\n", 0 },
	{ "sh -c 'kill -KILL $$'; echo $?", "Killed\n137\n", 0 },
	{ "false; exit $?", "", 1 },
	{ "false; X=1; echo $?", "0\n", 0 },
	/* NAME=value alone: a variable for the shell and what it runs. */
	{ "X=one; echo $X; sh -c 'echo child $X'", "one\nchild one\n", 0 },
	{ "X=$GREETING/there Y='a b'; echo $X \"$Y\"", "hi/there a b\n", 0 },
	{ "F=/data/notelf.txt; wc -c < $F", "47\n", 0 },
	/* NAME=value cmd: for that command only, after its words expand. */
	{ "X=one env", "PATH=/bin\nGREETING=hi\nX=one\n", 0 },
	{ "X=two sh -c 'echo $X'; echo \"[$X]\"", "two\n[]\n", 0 },
	{ "GREETING=bye echo $GREETING; GREETING=bye sh -c 'echo $GREETING'; echo $GREETING",
	  "hi\nbye\nhi\n", 0 },
	/* export and unset. */
	{ "export Y=two; export GREETING; sh -c 'echo $Y $GREETING'", "two hi\n", 0 },
	{ "Z=\"it's\"; export",
	  "export PATH='/bin'\nexport GREETING='hi'\nexport Z='it'\\''s'\n", 0 },
	{ "export X=1 2x; echo $? $X", "sh: export: 2x: not a valid identifier\n1 1\n", 0 },
	{ "unset GREETING NOSUCH; echo \"[$GREETING]\" $?; env", "[] 0\nPATH=/bin\n", 0 },
	/* Positional parameters: sh -c LINE NAME ARG... */
	{ "sh -c 'echo $0 $1 $#' name one two", "name one 2\n", 0 },
};

/* $$ in these is the shell's pid, even in a pipeline's child. */
static const char *const pid_lines[] = {
	"echo $$",
	"echo $$ | cat",
	"true; echo \"${$}\"",
};

int
main(void)
{
	static char out[4096];
	pid_t pid;

	run_sh_cases(sh_env, cases, sizeof cases / sizeof cases[0]);
	for (size_t i = 0; i < sizeof pid_lines / sizeof pid_lines[0]; i++) {
		int status = run_sh(sh_env, pid_lines[i], out, sizeof out, &pid);
		char *end;
		long got = strtol(out, &end, 10);

		if (status != 0 || end == out || strcmp(end, "\n") != 0 ||
		    got <= 0 || got != pid) {
			printf("FAIL sh -c '%s': expected the shell's pid %d and status 0, "
			       "got \"%s\" and status %d\n", pid_lines[i], (int)pid,
			       escaped(out), status);
			fail();
		}
		printf("ok sh -c '%s': the shell's pid, a number > 0\n", pid_lines[i]);
	}
	printf("shvars: ok\n");
	return 0;
}
