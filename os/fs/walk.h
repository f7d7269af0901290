/*
 * The pure core of the path walk (walk.c): splitting a path into names,
 * the limits (ENAMETOOLONG, ELOOP), "." and trailing slashes, and
 * splicing a symlink's target in front of the rest of the path. It
 * knows nodes only as opaque pointers and reaches them through the
 * callbacks below, so it builds on the host (os/tests/test_walk.c) as
 * well as in the kernel (namei.c gives it vnodes).
 */
#ifndef FS_WALK_H
#define FS_WALK_H
#include <stdbool.h>
#include <stddef.h>

#define WALK_NAME_MAX 255	/* bytes in one name */
#define WALK_PATH_MAX 4096	/* bytes in a path, its NUL included */
#define WALK_LINKS_MAX 40	/* symlinks followed in one walk: then ELOOP */

enum { WALK_KDIR = 1, WALK_KLINK, WALK_KOTHER };

struct walk_ops {
	/* the root, referenced */
	void *(*root)(void *ctx);
	/* the child of dir named name (len bytes, may be ".."), referenced,
	 * with file systems mounted on it crossed */
	int (*lookup)(void *ctx, void *dir, const char *name, size_t len, void **out);
	int (*kind)(void *ctx, void *node);	/* WALK_K* */
	/* the link's target into buf (size bytes): its length, or -errno
	 * (-ENAMETOOLONG if it does not fit) */
	int (*readlink)(void *ctx, void *node, char *buf, size_t size);
	void *(*dup)(void *ctx, void *node);
	void (*put)(void *ctx, void *node);
	/* a WALK_PATH_MAX buffer for the walk's spliced paths (asked for
	 * at the first symlink only), or NULL for -ENOMEM */
	char *(*scratch)(void *ctx);
	/* a magic link's node (Linux's /proc/PID/fd/N): 1 and the node it
	 * leads to, referenced, which the walk goes on from; 0 for a link
	 * to follow by its text; -errno. NULL: no magic links */
	int (*jump)(void *ctx, void *link, void **out);
};

/* What walk_path() should do with the last name. */
#define WALK_FOLLOW_LAST 1	/* follow it if it is a symlink */
#define WALK_MUST_DIR 2		/* it must be a directory */
#define WALK_PARENT 4		/* stop before it: *out is its directory */

/*
 * Walks path from start (not used for an absolute path) and gives in
 * *out the node it names, referenced. With WALK_PARENT, *out is the
 * directory holding the last name, and last (WALK_NAME_MAX + 1 bytes)
 * that name: "" for "/", "." or ".." as written. 0 or -errno.
 */
int walk_path(const struct walk_ops *o, void *ctx, void *start, const char *path, int flags,
	 void **out, char *last);

/* The next name of *p (leading slashes skipped): its length (0 at the
 * end) with *name pointing at it, and *p moved past it. */
size_t walk_next(const char **p, const char **name);

#endif
