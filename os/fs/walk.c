/*
 * The path walk's pure core (walk.h): one name at a time from a node,
 * the callbacks doing the looking up. Names are checked against
 * WALK_NAME_MAX before they are looked up; a symlink is followed by
 * putting its target in front of the rest of the path in one buffer,
 * at most WALK_LINKS_MAX times a walk, as Linux's namei does.
 */
#include "fs/walk.h"
#include "uapi/linux/errno.h"

size_t walk_next(const char **p, const char **name)
{
	const char *s = *p;

	while (*s == '/')
		s++;
	*name = s;
	while (*s && *s != '/')
		s++;
	*p = s;
	return s - *name;
}

/* Whether nothing but slashes is left of p. */
static bool at_end(const char *p)
{
	while (*p == '/')
		p++;
	return *p == 0;
}

static bool is_dot(const char *name, size_t len) { return len == 1 && name[0] == '.'; }

/*
 * Makes the rest of the path (*p) the target of symlink link followed
 * by it: the rest goes to the end of buf, the target is read in front
 * of it, and the two are joined by a slash at the start of buf.
 */
static int splice(const struct walk_ops *o, void *ctx, void *link, char *buf, const char **p)
{
	size_t rlen = __builtin_strlen(*p);
	char *rest = buf + WALK_PATH_MAX - rlen - 1;

	if (rlen + 2 > WALK_PATH_MAX)
		return -ENAMETOOLONG;
	__builtin_memmove(rest, *p, rlen + 1);
	int t = o->readlink(ctx, link, buf, WALK_PATH_MAX - rlen - 2);
	if (t < 0)
		return t;
	if (t == 0)
		return -ENOENT;	/* Linux: an empty link names nothing */
	buf[t] = '/';
	__builtin_memmove(buf + t + 1, rest, rlen + 1);
	*p = buf;
	return 0;
}

/* The state of one walk: where it is, the rest of the path, and the
 * links followed so far. */
struct walker {
	const struct walk_ops *o;
	void *ctx;
	void *cur;		/* referenced */
	const char *p;
	char *buf;		/* o->scratch()'s, once a link was met */
	int links;
};

/* Follows symlink link (referenced: this drops it) met at w->cur: to
 * the node a magic link leads to, or by splicing its text. */
static int follow(struct walker *w, void *link)
{
	void *to;
	int err = 0, j = 0;

	if (++w->links > WALK_LINKS_MAX)
		err = -ELOOP;
	else if (w->o->jump && (j = w->o->jump(w->ctx, link, &to)) != 0) {
		w->o->put(w->ctx, link);
		if (j < 0)
			return j;
		w->o->put(w->ctx, w->cur);
		w->cur = to;	/* the rest of the path goes on from there */
		return 0;
	}
	else if (!w->buf && !(w->buf = w->o->scratch(w->ctx)))
		err = -ENOMEM;
	if (err == 0)
		err = splice(w->o, w->ctx, link, w->buf, &w->p);
	w->o->put(w->ctx, link);
	if (err == 0 && *w->p == '/') {	/* an absolute target starts over */
		w->o->put(w->ctx, w->cur);
		w->cur = w->o->root(w->ctx);
	}
	return err;
}

/* One step: looks up the name (len bytes) in w->cur and moves there,
 * or follows the symlink found; last says it is the path's last name. */
static int step(struct walker *w, const char *name, size_t len, bool last, int flags)
{
	void *child;

	if (w->o->kind(w->ctx, w->cur) != WALK_KDIR)
		return -ENOTDIR;
	if (is_dot(name, len))
		return 0;
	int err = w->o->lookup(w->ctx, w->cur, name, len, &child);
	if (err < 0)
		return err;
	/* a trailing slash asks for a directory: a link before it is followed */
	bool follow_it = !last || (flags & WALK_FOLLOW_LAST) || *w->p == '/';
	if (follow_it && w->o->kind(w->ctx, child) == WALK_KLINK)
		return follow(w, child);
	w->o->put(w->ctx, w->cur);
	w->cur = child;
	return 0;
}

int walk_path(const struct walk_ops *o, void *ctx, void *start, const char *path, int flags,
	 void **out, char *last)
{
	struct walker w = { o, ctx, NULL, path, NULL, 0 };
	int err = 0;

	if (*path == 0)
		return -ENOENT;
	w.cur = *path == '/' ? o->root(ctx) : o->dup(ctx, start);
	for (;;) {
		const char *name;
		size_t len = walk_next(&w.p, &name);
		if (len == 0)
			break;
		if (len > WALK_NAME_MAX) {
			err = -ENAMETOOLONG;
			break;
		}
		bool is_last = at_end(w.p);
		if (is_last && (flags & WALK_PARENT)) {
			if (o->kind(ctx, w.cur) != WALK_KDIR) {
				err = -ENOTDIR;
				break;
			}
			__builtin_memcpy(last, name, len);
			last[len] = 0;
			*out = w.cur;
			return 0;
		}
		if ((err = step(&w, name, len, is_last, flags)) < 0)
			break;
	}
	/* "/" itself (or a walk whose last name a link replaced by "/") */
	if (err == 0 && (flags & WALK_PARENT))
		last[0] = 0;
	bool slash = path[0] && path[__builtin_strlen(path) - 1] == '/';
	if (err == 0 && (slash || (flags & WALK_MUST_DIR)) && o->kind(ctx, w.cur) != WALK_KDIR)
		err = -ENOTDIR;
	if (err < 0) {
		o->put(ctx, w.cur);
		return err;
	}
	*out = w.cur;
	return 0;
}
