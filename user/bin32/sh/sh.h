/*
 * sh's parts: parse.c turns a line into a tree of nodes, expand.c
 * expands a command's words and keeps the variables, sh.c runs the tree.
 */
#ifndef SH_H
#define SH_H

#include <stddef.h>
#include <sys/types.h>

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


/* The shell's state that expansion and errors need ($?, $$, $0...). */
extern int last_status;
extern pid_t shell_pid;
extern char **params;
extern int nparams;

/* A command's words after expansion, as execve wants them. */
struct args {
	int argc;
	char *argv[MAXARGS + 1];
};

/* What a command's assignments replaced, for a builtin run in the shell. */
struct saved_vars {
	int count;
	char *word[MAXARGS];	/* the assignment: its name is saved */
	char *old[MAXARGS];	/* the old value (malloc'd), or NULL if unset */
};

/* parse.c, expand.c */
size_t name_len(const char *s);
int param_len(const char *p);
void free_tree(struct node *n);
struct node *parse_line(const char *line, char **words);
char *expand_word(const char *w, int *quoted);
void free_args(struct args *a);
int expand_args(struct node *cmd, struct args *a);
int set_var(const char *name, size_t len, const char *value);
int assign_vars(struct node *cmd, struct saved_vars *saved);
void restore_vars(struct saved_vars *saved);

#endif
