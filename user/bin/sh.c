/*
 * sh: the shell. Each line is parsed into a small tree of nodes and the
 * tree is run. Only the exec node exists so far; redirections, pipes and
 * lists will each be one more node type: the lexer already knows their
 * operators, parse_line builds the node, run_node runs it.
 *
 *   sh              interactive: prompt "$ ", Ctrl-C stops the program,
 *                   not the shell (job control below)
 *   sh FILE         runs FILE line by line, no prompt
 *   sh -c LINE      runs one line
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "syscall.h"

#define MAXLINE 1024
#define MAXARGS 64

enum node_type {
	NODE_EXEC,	/* argv[0] with its arguments */
};

struct node {
	enum node_type type;
	int argc;
	char *argv[MAXARGS + 1];
	char *words;	/* storage the argv strings point into */
};

enum token { TOK_END, TOK_WORD, TOK_OP, TOK_ERROR };

struct lexer {
	const char *p;	/* next input character */
	char *out;	/* where the next word's text is written */
	const char *error;
};

static int job_control;	/* interactive: children get their own pgid */
static pid_t shell_pgid;
static int last_status;

/*
 * Reads the next token. A word's quotes and backslashes are removed and
 * its text is written at lx->out; *text points to it (or to the operator).
 */
static enum token
next_token(struct lexer *lx, char **text)
{
	static const char ops[] = "|<>;&";
	const char *p = lx->p;
	char *o = lx->out;
	char quote = 0;

	while (*p == ' ' || *p == '\t')
		p++;
	if (*p == '\0' || *p == '#')
		return TOK_END;
	if (strchr(ops, *p)) {
		static char op[2];

		op[0] = *p;
		*text = op;
		lx->p = p + 1;
		return TOK_OP;
	}
	*text = o;
	for (; *p; p++) {
		if (quote == '\'') {
			if (*p == '\'')
				quote = 0;
			else
				*o++ = *p;
		} else if (quote == '"') {
			if (*p == '"')
				quote = 0;
			else if (*p == '\\' && p[1] && strchr("\\\"$`", p[1]))
				*o++ = *++p;
			else
				*o++ = *p;
		} else if (*p == '\'' || *p == '"') {
			quote = *p;
		} else if (*p == '\\') {
			if (p[1])
				*o++ = *++p;
		} else if (*p == ' ' || *p == '\t' || strchr(ops, *p)) {
			break;
		} else {
			*o++ = *p;
		}
	}
	if (quote) {
		lx->error = "unterminated quote";
		return TOK_ERROR;
	}
	*o++ = '\0';
	lx->out = o;
	lx->p = p;
	return TOK_WORD;
}

static void
free_node(struct node *n)
{
	if (n) {
		free(n->words);
		free(n);
	}
}

/* Returns the tree for one line, or NULL for an empty line or an error. */
static struct node *
parse_line(const char *line)
{
	struct lexer lx = { .p = line };
	struct node *n = calloc(1, sizeof *n);
	enum token t;
	char *text;

	/* Unquoted words are never longer than the line they came from. */
	if (n)
		n->words = malloc(strlen(line) + 1);
	if (!n || !n->words) {
		fprintf(stderr, "sh: out of memory\n");
		free_node(n);
		return NULL;
	}
	n->type = NODE_EXEC;
	lx.out = n->words;
	while ((t = next_token(&lx, &text)) == TOK_WORD) {
		if (n->argc == MAXARGS) {
			lx.error = "too many arguments";
			t = TOK_ERROR;
			break;
		}
		n->argv[n->argc++] = text;
	}
	if (t == TOK_OP)
		fprintf(stderr, "sh: '%s' is not supported yet\n", text);
	else if (t == TOK_ERROR)
		fprintf(stderr, "sh: %s\n", lx.error);
	if (t != TOK_END || n->argc == 0) {
		if (t != TOK_END)
			last_status = 2;
		free_node(n);
		return NULL;
	}
	n->argv[n->argc] = NULL;
	return n;
}

static int
builtin_cd(struct node *n)
{
	const char *dir = n->argc > 1 ? n->argv[1] : "/";

	if (chdir(dir) < 0) {
		fprintf(stderr, "sh: cd: %s: %s\n", dir, strerror(errno));
		return 1;
	}
	return 0;
}

static int
builtin_pwd(struct node *n)
{
	char buf[256];

	(void)n;
	if (!getcwd(buf, sizeof buf)) {
		fprintf(stderr, "sh: pwd: %s\n", strerror(errno));
		return 1;
	}
	printf("%s\n", buf);
	return 0;
}

static int
builtin_exit(struct node *n)
{
	exit(n->argc > 1 ? atoi(n->argv[1]) : last_status);
}

static const struct {
	const char *name;
	int (*run)(struct node *);
} builtins[] = {
	{ "cd", builtin_cd },
	{ "pwd", builtin_pwd },
	{ "exit", builtin_exit },
};

/* In the child: take the terminal, restore signals, become the program. */
static void __attribute__((noreturn))
exec_child(struct node *n)
{
	char path[256];
	const char *name = n->argv[0];

	if (job_control) {
		pid_t self = getpid();

		setpgid(0, 0);
		ioctl(0, TIOCSPGRP, &self);
		sigdisposition(SIGINT, SIG_DFL);
		sigdisposition(SIGTTOU, SIG_DFL);
	}
	if (strchr(name, '/') == NULL) {
		snprintf(path, sizeof path, "/bin/%s", name);
		name = path;
	}
	execve(name, n->argv, environ);
	fprintf(stderr, "sh: %s: %s\n", n->argv[0], strerror(errno));
	fflush(stderr);
	_exit(127);
}

/* Waits for a foreground child; returns its status the way shells do. */
static int
wait_child(pid_t pid)
{
	int status;
	int sig;
	const char *msg;

	if (job_control) {
		/* Also done by the child: whichever runs first wins the race. */
		setpgid(pid, pid);
		ioctl(0, TIOCSPGRP, &pid);
	}
	while (wait4(pid, &status, 0, NULL) < 0) {
		if (errno != EINTR) {
			fprintf(stderr, "sh: wait: %s\n", strerror(errno));
			status = 1 << 8;
			break;
		}
	}
	if (job_control)
		ioctl(0, TIOCSPGRP, &shell_pgid);

	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	sig = WTERMSIG(status);
	msg = signal_message(sig);
	if (sig == SIGINT)
		fprintf(stderr, "\n");
	else if (msg)
		fprintf(stderr, "%s\n", msg);
	else
		fprintf(stderr, "Terminated by signal %d\n", sig);
	return 128 + sig;
}

static int
run_exec(struct node *n)
{
	pid_t pid;

	for (size_t i = 0; i < sizeof builtins / sizeof builtins[0]; i++)
		if (strcmp(n->argv[0], builtins[i].name) == 0)
			return builtins[i].run(n);

	pid = fork();
	if (pid < 0) {
		fprintf(stderr, "sh: fork: %s\n", strerror(errno));
		return 1;
	}
	if (pid == 0)
		exec_child(n);
	return wait_child(pid);
}

static int
run_node(struct node *n)
{
	switch (n->type) {
	case NODE_EXEC:
		return run_exec(n);
	}
	return 1;
}

static void
run_line(const char *line)
{
	struct node *n = parse_line(line);

	if (n) {
		last_status = run_node(n);
		free_node(n);
	}
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

	if (argc >= 3 && strcmp(argv[1], "-c") == 0) {
		run_line(argv[2]);
		return last_status;
	}
	if (argc >= 2) {
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
