/* sh: the lexer and parser: a line becomes a tree of nodes (sh.c describes
 * the grammar). */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sh.h"

/* Length of the variable name at the start of s, 0 if there is none. */
size_t
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
int
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

void
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
struct node *
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
