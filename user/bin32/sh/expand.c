/* sh: expanding a command's words ($NAME ${NAME} $? $$ $# $0..$9, quotes
 * and backslashes) and the variables, which are the environment itself. */
#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sh.h"

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
char *
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

void
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
int
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
int
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


/*
 * Makes a command's NAME=value assignments. With saved, remembers the
 * old values so restore_vars can put them back.
 */
int
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

void
restore_vars(struct saved_vars *saved)
{
	while (saved->count > 0) {
		int i = --saved->count;
		char *word = saved->word[i];

		set_var(word, name_len(word), saved->old[i]);
		free(saved->old[i]);
	}
}

