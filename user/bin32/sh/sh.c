/*
 * sh: the shell. Each line is parsed into a small tree of nodes and the
 * tree is run; a feature is one node type:
 *
 *   NODE_EXEC   argv[0] with its arguments, after NAME=value assignments
 *   NODE_REDIR  one redirection around a command: < > >> and N> N>> N<
 *   NODE_PIPE   left | right: each stage in its own process
 *   NODE_LIST   left ; right
 *
 *   line     = pipeline { ';' pipeline } [ ';' ]
 *   pipeline = command [ '|' pipeline ]
 *   command  = { WORD | redir }, at least one WORD; leading words of the
 *              form NAME=value are assignments
 *   redir    = [DIGIT] ( '<' | '>' | '>>' ) WORD
 *
 * Words keep their quotes in the tree. Just before a command runs, each
 * word is expanded: $NAME ${NAME} $? $$ $# $0..$9 are replaced outside
 * single quotes, then quotes and backslashes are removed (expand_word).
 * Shell variables are the environment itself: NAME=value, export and
 * unset change it, and every command inherits it.
 *
 *   sh                        interactive: prompt "$ ", each pipeline is
 *                             a job with its own process group owning the
 *                             terminal, so Ctrl-C stops it, not the shell
 *   sh FILE [ARG...]          runs FILE line by line, no prompt; $0 is
 *                             FILE, $1... the ARGs
 *   sh -c LINE [NAME [ARG...]]  runs one line; $0 is NAME, $1... the ARGs
 *
 * This file runs the tree; parse.c builds it and expand.c expands words.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "syscall.h"
#include "sh.h"

static int job_control;	/* interactive: each job gets its own pgid */
static pid_t shell_pgid;
int last_status;
pid_t shell_pid;		/* $$, the same in every child */
char **params;			/* $0, $1, ... */
int nparams;

static int
builtin_cd(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : "/";

	if (chdir(dir) < 0) {
		fprintf(stderr, "sh: cd: %s: %s\n", dir, strerror(errno));
		return 1;
	}
	return 0;
}

static int
builtin_pwd(int argc, char **argv)
{
	char buf[256];

	(void)argc;
	(void)argv;
	if (!getcwd(buf, sizeof buf)) {
		fprintf(stderr, "sh: pwd: %s\n", strerror(errno));
		return 1;
	}
	printf("%s\n", buf);
	return 0;
}

static int
builtin_exit(int argc, char **argv)
{
	exit(argc > 1 ? atoi(argv[1]) : last_status);
}

/* Prints NAME=value as export NAME='value', which sh reads back. */
static void
print_export(const char *entry)
{
	const char *eq = strchr(entry, '=');

	printf("export %.*s='", (int)(eq - entry), entry);
	for (const char *p = eq + 1; *p; p++) {
		if (*p == '\'')
			fputs("'\\''", stdout);
		else
			putchar(*p);
	}
	puts("'");
}

/*
 * export NAME[=value]...: every variable is in the environment already,
 * so export only sets the ones given a value. Alone, lists them all.
 */
static int
builtin_export(int argc, char **argv)
{
	int status = 0;

	if (argc == 1) {
		for (char **e = environ; *e; e++)
			if (strchr(*e, '='))
				print_export(*e);
		return 0;
	}
	for (int i = 1; i < argc; i++) {
		size_t n = name_len(argv[i]);

		if (n == 0 || (argv[i][n] != '\0' && argv[i][n] != '=')) {
			fprintf(stderr, "sh: export: %s: not a valid identifier\n", argv[i]);
			status = 1;
		} else if (argv[i][n] == '=' && set_var(argv[i], n, argv[i] + n + 1) < 0) {
			fprintf(stderr, "sh: export: %s\n", strerror(errno));
			status = 1;
		}
	}
	return status;
}

static int
builtin_unset(int argc, char **argv)
{
	int status = 0;

	for (int i = 1; i < argc; i++) {
		size_t n = name_len(argv[i]);

		if (n == 0 || argv[i][n] != '\0') {
			fprintf(stderr, "sh: unset: %s: not a valid identifier\n", argv[i]);
			status = 1;
		} else {
			unsetenv(argv[i]);
		}
	}
	return status;
}

static const struct builtin {
	const char *name;
	int (*run)(int argc, char **argv);
} builtins[] = {
	{ "cd", builtin_cd },
	{ "pwd", builtin_pwd },
	{ "exit", builtin_exit },
	{ "export", builtin_export },
	{ "unset", builtin_unset },
};

static const struct builtin *
find_builtin(const char *name)
{
	for (size_t i = 0; i < sizeof builtins / sizeof builtins[0]; i++)
		if (strcmp(name, builtins[i].name) == 0)
			return &builtins[i];
	return NULL;
}

/* The exec node under a command's redirections. */
static struct node *
command_of(struct node *n)
{
	while (n->type == NODE_REDIR)
		n = n->redir.cmd;
	return n;
}

/* What a redirection replaced, for a builtin run in the shell itself. */
struct saved_fds {
	int count;
	int fd[MAXREDIRS];
	int copy[MAXREDIRS];	/* dup of the old fd, or -1 if it was closed */
};

/*
 * Applies the redirections around a command, outermost first. With
 * saved, remembers each replaced fd so restore_fds can put it back.
 * Returns -1 (after saying why) if a file cannot be opened.
 */
static int
redirect(struct node *n, struct saved_fds *saved)
{
	for (; n->type == NODE_REDIR; n = n->redir.cmd) {
		int fd = n->redir.fd;
		char *file;
		int f;

		if (saved) {
			if (saved->count == MAXREDIRS) {
				fprintf(stderr, "sh: too many redirections\n");
				return -1;
			}
			saved->fd[saved->count] = fd;
			saved->copy[saved->count++] = dup(fd);
		}
		file = expand_word(n->redir.file, NULL);
		if (!file) {
			fprintf(stderr, "sh: out of memory\n");
			return -1;
		}
		f = open(file, n->redir.flags, 0666);
		if (f < 0) {
			fprintf(stderr, "sh: %s: %s\n", file, strerror(errno));
			free(file);
			return -1;
		}
		free(file);
		if (f != fd) {
			if (dup2(f, fd) < 0) {
				fprintf(stderr, "sh: %d: %s\n", fd, strerror(errno));
				close(f);
				return -1;
			}
			close(f);
		}
	}
	return 0;
}

static void
restore_fds(struct saved_fds *saved)
{
	while (saved->count > 0) {
		int i = --saved->count;

		if (saved->copy[i] >= 0) {
			dup2(saved->copy[i], saved->fd[i]);
			close(saved->copy[i]);
		} else {
			close(saved->fd[i]);
		}
	}
}

/*
 * A builtin runs in the shell, so cd and exit act on the shell; the
 * command's assignments last while it runs. With b NULL, the command
 * was assignments (and redirections) only: the assignments stay.
 */
static int
run_builtin(const struct builtin *b, struct node *n, struct args *a)
{
	struct saved_fds saved = { 0 };
	struct saved_vars vars = { 0 };
	int status = 1;

	if (redirect(n, &saved) == 0 &&
	    assign_vars(command_of(n), b ? &vars : NULL) == 0)
		status = b ? b->run(a->argc, a->argv) : 0;
	fflush(stdout);
	fflush(stderr);
	restore_fds(&saved);
	restore_vars(&vars);
	return status;
}

/*
 * In a new child: join the job's process group (pgid 0: start it) and
 * give it the terminal while fd 0 is still the terminal, then restore
 * the signals the shell ignores.
 */
static void
join_job(pid_t pgid)
{
	if (!job_control)
		return;
	if (pgid == 0)
		pgid = getpid();
	setpgid(0, pgid);
	ioctl(0, TIOCSPGRP, &pgid);
	sigdisposition(SIGINT, SIG_DFL);
	sigdisposition(SIGTTOU, SIG_DFL);
}

/* In a child whose fds 0 and 1 are in place: redirect, then become the program. */
static void __attribute__((noreturn))
exec_child(struct node *n)
{
	struct node *cmd = command_of(n);
	struct args a;
	const struct builtin *b;

	if (expand_args(cmd, &a) < 0)
		_exit(2);
	if (redirect(n, NULL) < 0)
		_exit(1);
	if (assign_vars(cmd, NULL) < 0)
		_exit(2);
	if (a.argc == 0)
		_exit(0);
	b = find_builtin(a.argv[0]);
	if (b)
		exit(b->run(a.argc, a.argv));
	exec_program(a.argv);
	exec_failed("sh", a.argv[0]);
	_exit(127);
}

/*
 * Waits for every stage of a job; returns the last stage's status the
 * way shells do (128 + signal if a signal ended it). A death by SIGPIPE
 * before the last stage is the normal end of a pipeline: not reported.
 */
static int
wait_job(const pid_t *pids, int count)
{
	int status = 0;
	int interrupted = 0;

	for (int i = 0; i < count; i++) {
		int sig;
		const char *msg;

		while (wait4(pids[i], &status, 0, NULL) < 0) {
			if (errno != EINTR) {
				fprintf(stderr, "sh: wait: %s\n", strerror(errno));
				status = 1 << 8;
				break;
			}
		}
		if (!WIFSIGNALED(status))
			continue;
		sig = WTERMSIG(status);
		msg = signal_message(sig);
		if (sig == SIGINT)
			interrupted = 1;
		else if (sig == SIGPIPE && i < count - 1)
			;
		else if (msg)
			fprintf(stderr, "%s%s\n", msg, WCOREDUMP(status) ? " (core dumped)" : "");
		else
			fprintf(stderr, "Terminated by signal %d%s\n", sig,
				WCOREDUMP(status) ? " (core dumped)" : "");
	}
	if (job_control)
		ioctl(0, TIOCSPGRP, &shell_pgid);
	if (interrupted)
		fprintf(stderr, "\n");
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}

/*
 * Runs a pipeline (or one command: a pipeline of one stage), each stage
 * in its own process, all in one process group. Stage i reads the pipe
 * stage i-1 writes. The pipes are close-on-exec: a stage keeps only the
 * ends it moved to fds 0 and 1.
 */
static int
run_pipeline(struct node *n)
{
	pid_t pids[MAXSTAGES];
	pid_t pgid = 0;
	int count = 0;
	int in = -1;	/* the read end the next stage takes as fd 0 */
	int failed = 0;

	while (n) {
		struct node *stage = n->type == NODE_PIPE ? n->pair.left : n;
		struct node *next = n->type == NODE_PIPE ? n->pair.right : NULL;
		int fds[2] = { -1, -1 };
		pid_t pid;

		if (count == MAXSTAGES) {
			fprintf(stderr, "sh: more than %d commands in a pipeline\n", MAXSTAGES);
			failed = 1;
			break;
		}
		if (next && pipe2(fds, O_CLOEXEC) < 0) {
			fprintf(stderr, "sh: pipe: %s\n", strerror(errno));
			failed = 1;
			break;
		}
		pid = fork();
		if (pid < 0) {
			fprintf(stderr, "sh: fork: %s\n", strerror(errno));
			if (next) {
				close(fds[0]);
				close(fds[1]);
			}
			failed = 1;
			break;
		}
		if (pid == 0) {
			join_job(pgid);
			if (in >= 0) {
				dup2(in, 0);
				close(in);
			}
			if (next) {
				dup2(fds[1], 1);
				close(fds[0]);
				close(fds[1]);
			}
			exec_child(stage);
		}
		if (pgid == 0)
			pgid = pid;
		if (job_control) {
			/* Also done by the child: whichever runs first wins the race. */
			setpgid(pid, pgid);
			if (count == 0)
				ioctl(0, TIOCSPGRP, &pgid);
		}
		pids[count++] = pid;
		if (in >= 0)
			close(in);
		in = fds[0];
		if (next)
			close(fds[1]);
		n = next;
	}
	if (in >= 0)
		close(in);
	if (count == 0)
		return 1;
	int status = wait_job(pids, count);
	return failed ? 1 : status;
}

/*
 * One command: expanded here to see whether it is a builtin or only
 * assignments, which run in the shell; any other program runs in a
 * child, which expands the words again (expansion has no side effects).
 */
static int
run_command(struct node *n)
{
	struct args a;
	const struct builtin *b = NULL;
	int status;

	if (expand_args(command_of(n), &a) < 0)
		return 2;
	if (a.argc > 0)
		b = find_builtin(a.argv[0]);
	if (a.argc == 0 || b)
		status = run_builtin(b, n, &a);
	else
		status = run_pipeline(n);
	free_args(&a);
	return status;
}

static int
run_node(struct node *n)
{
	switch (n->type) {
	case NODE_EXEC:
	case NODE_REDIR:
		return run_command(n);
	case NODE_PIPE:
		return run_pipeline(n);
	case NODE_LIST:
		last_status = run_node(n->pair.left);
		return run_node(n->pair.right);
	}
	return 1;
}

static void
run_line(const char *line)
{
	char *words;
	struct node *n = parse_line(line, &words);

	if (n) {
		last_status = run_node(n);
		free_tree(n);
	}
	free(words);
}

/* Buffered line reader over one file descriptor. */
struct input {
	int fd;
	int len, off;
	char buf[512];
};

/* Reads one line without its newline; -1 at end of input. */
static int
read_line(struct input *in, char *line, int size)
{
	int n = 0;
	int got_any = 0;

	for (;;) {
		char c;

		if (in->off == in->len) {
			ssize_t r = read(in->fd, in->buf, sizeof in->buf);

			if (r < 0 && errno == EINTR)
				continue;
			if (r <= 0)
				break;
			in->len = (int)r;
			in->off = 0;
		}
		c = in->buf[in->off++];
		got_any = 1;
		if (c == '\n')
			break;
		if (n < size - 1)
			line[n++] = c;
	}
	if (!got_any)
		return -1;
	if (n > 0 && line[n - 1] == '\r')
		n--;
	line[n] = '\0';
	if (n == size - 1)
		fprintf(stderr, "sh: line too long, truncated\n");
	return n;
}

static int
run_input(int fd, int prompt)
{
	static struct input in;
	char line[MAXLINE];

	in.fd = fd;
	for (;;) {
		if (prompt) {
			fputs("$ ", stdout);
			fflush(stdout);
		}
		if (read_line(&in, line, sizeof line) < 0)
			break;
		run_line(line);
	}
	if (prompt)
		putchar('\n');
	return last_status;
}

/* Become the terminal's foreground group; Ctrl-C is for our children. */
static void
start_job_control(void)
{
	job_control = 1;
	shell_pgid = getpid();
	setpgid(0, 0);
	sigdisposition(SIGINT, SIG_IGN);
	sigdisposition(SIGTTOU, SIG_IGN);
	ioctl(0, TIOCSPGRP, &shell_pgid);
}

int
main(int argc, char **argv)
{
	int fd;

	shell_pid = getpid();
	params = argv;
	nparams = argc > 0 ? 1 : 0;
	if (argc >= 3 && strcmp(argv[1], "-c") == 0) {
		/* sh -c LINE [NAME [ARG...]]: NAME is $0, as in every sh. */
		if (argc > 3) {
			params = argv + 3;
			nparams = argc - 3;
		}
		run_line(argv[2]);
		return last_status;
	}
	if (argc >= 2) {
		params = argv + 1;
		nparams = argc - 1;
		fd = open(argv[1], O_RDONLY | O_CLOEXEC);
		if (fd < 0) {
			fprintf(stderr, "sh: %s: %s\n", argv[1], strerror(errno));
			return 127;
		}
		return run_input(fd, 0);
	}
	start_job_control();
	return run_input(0, 1);
}

