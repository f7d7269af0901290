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

#define MAXLINE 1024
#define MAXARGS 64
#define MAXSTAGES 16	/* commands in one pipeline */
#define MAXREDIRS 8	/* redirections of one builtin run by the shell */

enum node_type {
	NODE_EXEC,
	NODE_REDIR,
	NODE_PIPE,
	NODE_LIST,
};

struct node {
	enum node_type type;
	union {
		struct {
			int argc;
			char *argv[MAXARGS + 1];
			int nassign;
			char *assign[MAXARGS];	/* NAME=value before argv[0] */
		} exec;
		struct {
			struct node *cmd;	/* what runs with the redirection */
			char *file;
			int fd;			/* becomes file, opened with flags */
			int flags;
		} redir;
		struct {
			struct node *left, *right;
		} pair;				/* NODE_PIPE and NODE_LIST */
	};
};

enum token { TOK_END, TOK_WORD, TOK_OP, TOK_ERROR };

struct lexer {
	const char *p;	/* next input character */
	char *out;	/* where the next word's text is written */
	int io_fd;	/* the DIGIT of "2>", or -1 */
	const char *error;
};

struct parser {
	struct lexer lx;
	enum token tok;	/* the current token */
	char *text;	/* its text: the word, or the operator */
};

static int job_control;	/* interactive: each job gets its own pgid */
static pid_t shell_pgid;
static int last_status;
static pid_t shell_pid;		/* $$, the same in every child */
static char **params;		/* $0, $1, ... */
static int nparams;

/* Length of the variable name at the start of s, 0 if there is none. */
static size_t
name_len(const char *s)
{
	size_t n = 0;

	if (!isalpha((unsigned char)s[0]) && s[0] != '_')
		return 0;
	while (isalnum((unsigned char)s[n]) || s[n] == '_')
		n++;
	return n;
}

/* Length of a parameter without braces: a name, one digit, or ? $ #. */
static size_t
param_body_len(const char *p)
{
	if (isdigit((unsigned char)*p) || (*p && strchr("?$#", *p)))
		return 1;
	return name_len(p);
}

/*
 * p follows a '$'. Returns how many characters name the parameter
 * ("NAME" or "{NAME}"), 0 if the '$' is a literal dollar, -1 for a '${'
 * without a parameter and '}'.
 */
static int
param_len(const char *p)
{
	size_t n;

	if (*p != '{')
		return (int)param_body_len(p);
	n = param_body_len(p + 1);
	if (n == 0 || p[1 + n] != '}')
		return -1;
	return (int)n + 2;
}

static int
is_assignment(const char *word)
{
	size_t n = name_len(word);

	return n > 0 && word[n] == '=';
}

/*
 * Reads the next token. A word is copied as written, quotes included, to
 * lx->out; *text points to it (or to the operator: | ; & < > >>, with
 * lx->io_fd set for "N>", "N>>" and "N<"). Quotes and ${...} are checked
 * here, so expanding the word later fails only for want of memory.
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
	lx->io_fd = -1;
	if (*p == '\0' || *p == '#') {
		lx->p = p;
		return TOK_END;
	}
	if (isdigit((unsigned char)p[0]) && (p[1] == '<' || p[1] == '>')) {
		lx->io_fd = *p - '0';
		p++;
	}
	if (strchr(ops, *p)) {
		static char op[3];

		op[0] = *p;
		op[1] = (p[0] == '>' && p[1] == '>') ? '>' : '\0';
		*text = op;
		lx->p = p + 1 + (op[1] != '\0');
		return TOK_OP;
	}
	*text = o;
	for (; *p; p++) {
		if (quote == '\'') {
			if (*p == '\'')
				quote = 0;
		} else if (*p == '$' && param_len(p + 1) < 0) {
			lx->error = "bad substitution";
			return TOK_ERROR;
		} else if (*p == '\\') {
			/* Copy the backslash; the character it quotes follows. */
			if (p[1])
				*o++ = *p++;
		} else if (quote == '"') {
			if (*p == '"')
				quote = 0;
		} else if (*p == '\'' || *p == '"') {
			quote = *p;
		} else if (*p == ' ' || *p == '\t' || strchr(ops, *p)) {
			break;
		}
		*o++ = *p;
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
advance(struct parser *ps)
{
	ps->tok = next_token(&ps->lx, &ps->text);
}

static int
at_op(struct parser *ps, const char *op)
{
	return ps->tok == TOK_OP && strcmp(ps->text, op) == 0;
}

/* Records the first error only: the one nearest its cause. */
static void
parse_error(struct parser *ps, const char *msg)
{
	if (!ps->lx.error)
		ps->lx.error = msg;
}

static void
syntax_error(struct parser *ps)
{
	static char msg[64];

	if (ps->tok == TOK_ERROR)
		return;		/* the lexer has said what is wrong */
	if (ps->tok == TOK_END)
		snprintf(msg, sizeof msg, "syntax error near end of line");
	else
		snprintf(msg, sizeof msg, "syntax error near '%s'", ps->text);
	parse_error(ps, msg);
}

static struct node *
new_node(struct parser *ps, enum node_type type)
{
	struct node *n = calloc(1, sizeof *n);

	if (!n)
		parse_error(ps, "out of memory");
	else
		n->type = type;
	return n;
}

static void
free_tree(struct node *n)
{
	if (!n)
		return;
	switch (n->type) {
	case NODE_EXEC:
		break;
	case NODE_REDIR:
		free_tree(n->redir.cmd);
		break;
	case NODE_PIPE:
	case NODE_LIST:
		free_tree(n->pair.left);
		free_tree(n->pair.right);
		break;
	}
	free(n);
}

/* Reads a redirection operator and its file into r. */
static int
parse_redir(struct parser *ps, struct node *r)
{
	char op = ps->text[0];

	if (ps->lx.io_fd >= 0)
		r->redir.fd = ps->lx.io_fd;
	else
		r->redir.fd = op == '<' ? 0 : 1;
	if (op == '<')
		r->redir.flags = O_RDONLY;
	else if (ps->text[1] == '>')
		r->redir.flags = O_WRONLY | O_CREAT | O_APPEND;
	else
		r->redir.flags = O_WRONLY | O_CREAT | O_TRUNC;
	advance(ps);
	if (ps->tok != TOK_WORD) {
		syntax_error(ps);
		return -1;
	}
	r->redir.file = ps->text;
	advance(ps);
	return 0;
}

/*
 * command: words and redirections in any order. The redirections wrap
 * the exec node in the order written (the first is outermost, so it is
 * applied first, as in every shell).
 */
static struct node *
parse_command(struct parser *ps)
{
	struct node *cmd = new_node(ps, NODE_EXEC);
	struct node *root = cmd;
	struct node **hole = &root;	/* where the next redirection goes */

	while (cmd) {
		if (ps->tok == TOK_WORD && cmd->exec.argc == 0 &&
		    is_assignment(ps->text)) {
			if (cmd->exec.nassign == MAXARGS) {
				parse_error(ps, "too many assignments");
				break;
			}
			cmd->exec.assign[cmd->exec.nassign++] = ps->text;
			advance(ps);
		} else if (ps->tok == TOK_WORD) {
			if (cmd->exec.argc == MAXARGS) {
				parse_error(ps, "too many arguments");
				break;
			}
			cmd->exec.argv[cmd->exec.argc++] = ps->text;
			advance(ps);
		} else if (ps->tok == TOK_OP && strchr("<>", ps->text[0])) {
			struct node *r = new_node(ps, NODE_REDIR);

			if (!r)
				break;
			r->redir.cmd = *hole;
			*hole = r;
			hole = &r->redir.cmd;
			if (parse_redir(ps, r) < 0)
				break;
		} else {
			if (cmd->exec.argc == 0 && cmd->exec.nassign == 0)
				syntax_error(ps);
			break;
		}
	}
	if (!cmd || ps->lx.error || ps->tok == TOK_ERROR) {
		free_tree(root);
		return NULL;
	}
	cmd->exec.argv[cmd->exec.argc] = NULL;
	return root;
}

/* A node joining left and right, which it owns (freed on failure). */
static struct node *
new_pair(struct parser *ps, enum node_type type, struct node *left,
	 struct node *right)
{
	struct node *n = NULL;

	if (left && right)
		n = new_node(ps, type);
	if (!n) {
		free_tree(left);
		free_tree(right);
		return NULL;
	}
	n->pair.left = left;
	n->pair.right = right;
	return n;
}

static struct node *
parse_pipeline(struct parser *ps)
{
	struct node *left = parse_command(ps);

	if (!left || !at_op(ps, "|"))
		return left;
	advance(ps);
	return new_pair(ps, NODE_PIPE, left, parse_pipeline(ps));
}

static struct node *
parse_list(struct parser *ps)
{
	struct node *left = parse_pipeline(ps);

	if (!left || !at_op(ps, ";"))
		return left;
	advance(ps);
	if (ps->tok == TOK_END)
		return left;
	return new_pair(ps, NODE_LIST, left, parse_list(ps));
}

/*
 * Returns the tree for one line, or NULL for an empty line or an error.
 * The words are written into *words, which the caller frees after the
 * tree: words as written are never longer than the line they came from.
 */
static struct node *
parse_line(const char *line, char **words)
{
	struct parser ps = { .lx = { .p = line } };
	struct node *n = NULL;

	*words = malloc(strlen(line) + 1);
	if (!*words) {
		fprintf(stderr, "sh: out of memory\n");
		last_status = 2;
		return NULL;
	}
	ps.lx.out = *words;
	advance(&ps);
	if (ps.tok == TOK_END)
		return NULL;
	if (ps.tok != TOK_ERROR)
		n = parse_list(&ps);
	if (n && ps.tok != TOK_END) {
		if (at_op(&ps, "&"))
			parse_error(&ps, "'&' is not supported");
		else
			syntax_error(&ps);
		free_tree(n);
		n = NULL;
	}
	if (!n) {
		fprintf(stderr, "sh: %s\n", ps.lx.error ? ps.lx.error : "parse error");
		last_status = 2;
	}
	return n;
}

/* A string that grows as expansion appends to it. */
struct buf {
	char *s;
	size_t len, cap;
	int failed;	/* out of memory: s is freed at the end */
};

static void
put(struct buf *b, const char *s, size_t n)
{
	if (b->failed)
		return;
	if (n >= SIZE_MAX / 2 - b->len) {
		b->failed = 1;
		return;
	}
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 32;
		char *t;

		while (cap < b->len + n + 1)
			cap *= 2;
		t = realloc(b->s, cap);
		if (!t) {
			b->failed = 1;
			return;
		}
		b->s = t;
		b->cap = cap;
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

/* The value of the environment variable name[0..len), or NULL if unset. */
static const char *
find_var(const char *name, size_t len)
{
	for (char **e = environ; *e; e++)
		if (strncmp(*e, name, len) == 0 && (*e)[len] == '=')
			return *e + len + 1;
	return NULL;
}

/* The value of the parameter p names (p as measured by param_len). */
static const char *
param_value(const char *p)
{
	static char num[16];
	const char *v;

	if (*p == '{')
		p++;
	switch (*p) {
	case '?':
		snprintf(num, sizeof num, "%d", last_status);
		return num;
	case '$':
		snprintf(num, sizeof num, "%d", (int)shell_pid);
		return num;
	case '#':
		snprintf(num, sizeof num, "%d", nparams > 0 ? nparams - 1 : 0);
		return num;
	}
	if (isdigit((unsigned char)*p))
		return *p - '0' < nparams ? params[*p - '0'] : "";
	v = find_var(p, name_len(p));
	return v ? v : "";
}

/*
 * Expands the parameters in a word as written and removes its quotes;
 * returns the new string (malloc'd; NULL if out of memory). *quoted
 * tells whether the word had quotes, so "" stays an argument.
 * The result is one word: there is no field splitting, so a value with
 * blanks in it stays one argument, as if it were always in "...".
 */
static char *
expand_word(const char *w, int *quoted)
{
	struct buf b = { 0 };
	char quote = 0;

	if (quoted)
		*quoted = 0;
	for (const char *p = w; *p; p++) {
		int n;

		if (quote == '\'') {
			if (*p == '\'')
				quote = 0;
			else
				put(&b, p, 1);
		} else if (*p == '$' && (n = param_len(p + 1)) > 0) {
			const char *v = param_value(p + 1);

			put(&b, v, strlen(v));
			p += n;
		} else if (quote == '"') {
			if (*p == '"')
				quote = 0;
			else if (*p == '\\' && p[1] && strchr("\\\"$`", p[1]))
				put(&b, ++p, 1);
			else
				put(&b, p, 1);
		} else if (*p == '\'' || *p == '"') {
			quote = *p;
			if (quoted)
				*quoted = 1;
		} else if (*p == '\\') {
			if (quoted)
				*quoted = 1;
			if (p[1])
				put(&b, ++p, 1);
		} else {
			put(&b, p, 1);
		}
	}
	put(&b, "", 0);
	if (b.failed) {
		free(b.s);
		return NULL;
	}
	return b.s;
}

/* A command's words after expansion. */
struct args {
	int argc;
	char *argv[MAXARGS + 1];
};

static void
free_args(struct args *a)
{
	for (int i = 0; i < a->argc; i++)
		free(a->argv[i]);
	a->argc = 0;
}

/*
 * Expands the words of an exec node into a. A word that was not quoted
 * and expands to nothing ($UNSET) is dropped, as in every shell.
 */
static int
expand_args(struct node *cmd, struct args *a)
{
	a->argc = 0;
	for (int i = 0; i < cmd->exec.argc; i++) {
		int quoted;
		char *w = expand_word(cmd->exec.argv[i], &quoted);

		if (!w) {
			fprintf(stderr, "sh: out of memory\n");
			free_args(a);
			return -1;
		}
		if (w[0] == '\0' && !quoted)
			free(w);
		else
			a->argv[a->argc++] = w;
	}
	a->argv[a->argc] = NULL;
	return 0;
}

/* name=value in the environment; value NULL unsets name. */
static int
set_var(const char *name, size_t len, const char *value)
{
	char *n = strndup(name, len);
	int r;

	if (!n) {
		errno = ENOMEM;
		return -1;
	}
	r = value ? setenv(n, value, 1) : unsetenv(n);
	free(n);
	return r;
}

/* What a command's assignments replaced, for a builtin run in the shell. */
struct saved_vars {
	int count;
	char *word[MAXARGS];	/* the assignment: its name is saved */
	char *old[MAXARGS];	/* the old value (malloc'd), or NULL if unset */
};

/*
 * Makes a command's NAME=value assignments. With saved, remembers the
 * old values so restore_vars can put them back.
 */
static int
assign_vars(struct node *cmd, struct saved_vars *saved)
{
	for (int i = 0; i < cmd->exec.nassign; i++) {
		char *word = cmd->exec.assign[i];
		size_t len = name_len(word);
		char *value = expand_word(word + len + 1, NULL);
		int r = -1;

		if (value && saved) {
			const char *old = find_var(word, len);
			char *copy = old ? strdup(old) : NULL;

			if (old && !copy) {
				free(value);
				value = NULL;
			} else {
				saved->word[saved->count] = word;
				saved->old[saved->count++] = copy;
			}
		}
		if (value)
			r = set_var(word, len, value);
		free(value);
		if (r < 0) {
			fprintf(stderr, "sh: %.*s: %s\n", (int)len, word, strerror(ENOMEM));
			return -1;
		}
	}
	return 0;
}

static void
restore_vars(struct saved_vars *saved)
{
	while (saved->count > 0) {
		int i = --saved->count;
		char *word = saved->word[i];

		set_var(word, name_len(word), saved->old[i]);
		free(saved->old[i]);
	}
}

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
	char path[256];
	struct node *cmd = command_of(n);
	struct args a;
	const struct builtin *b;
	const char *name;

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
	name = a.argv[0];
	if (strchr(name, '/') == NULL) {
		snprintf(path, sizeof path, "/bin/%s", name);
		name = path;
	}
	execve(name, a.argv, environ);
	int err = errno;
	char reason[128];
	if (exec_reason(reason, sizeof reason) > 0)
		fprintf(stderr, "sh: %s: %s (%s)\n", a.argv[0], strerror(err), reason);
	else
		fprintf(stderr, "sh: %s: %s\n", a.argv[0], strerror(err));
	fflush(stderr);
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
			fprintf(stderr, "%s\n", msg);
		else
			fprintf(stderr, "Terminated by signal %d\n", sig);
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
