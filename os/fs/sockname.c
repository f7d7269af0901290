/*
 * The names AF_UNIX sockets are bound to, each to its socket (end 0 of
 * a struct sock, socket.c): a path, whose node (S_IFSOCK, made by bind
 * in a file system that has them: tmpfs) the table holds referenced,
 * or an abstract name (sun_path starting with a 0 byte), which only
 * the table knows. connect finds a listener here and pins it; the
 * socket's last close takes its name out first. unlink removes the
 * path, not the binding, as on Linux: a new bind of the path works.
 */
#include "kern/kern.h"
#include "fs/fs.h"
#include "fs/file.h"
#include "fs/vfs.h"
#include "fs/socket.h"

#define NAMES 64	/* names bound at once (EADDRINUSE past them: Linux has no limit) */

static struct {
	struct spinlock lock;	/* LOCK_LEAF: guards the slots */
	struct {
		struct sock *s;		/* NULL: a free slot */
		struct vnode *vn;	/* a path's node, referenced; NULL: abstract */
		struct sockname nm;	/* an abstract name's bytes */
	} slot[NAMES];
} names = { .lock = SPINLOCK_INIT("socknames", LOCK_LEAF) };

static bool abstract(const struct sockname *nm) { return nm->len > 0 && nm->path[0] == 0; }

/* nm's path as a string (sun_path need not end in a 0 byte). */
static void path_of(const struct sockname *nm, char *out)
{
	memmove(out, nm->path, nm->len);
	out[nm->len] = 0;
}

/* The slot bound to vn or to abstract name nm; -1 if none. Under names.lock. */
static int find(struct vnode *vn, const struct sockname *nm)
{
	for (int i = 0; i < NAMES; i++) {
		if (!names.slot[i].s)
			continue;
		if (vn ? names.slot[i].vn == vn :
			 !names.slot[i].vn && names.slot[i].nm.len == nm->len &&
			 !memcmp(names.slot[i].nm.path, nm->path, nm->len))
			return i;
	}
	return -1;
}

/* Binds s to nm: a new S_IFSOCK node for a path (EADDRINUSE if the
 * path names anything), or an abstract name no one has. */
int sockname_bind(struct sock *s, const struct sockname *nm)
{
	char path[sizeof(nm->path) + 1];
	struct vnode *vn = NULL, *cwd;
	int err = 0;

	if (!abstract(nm)) {
		path_of(nm, path);
		cwd = cwd_ref();
		err = vfs_create_at(cwd, path, S_IFSOCK | 0777, &vn);
		vput(cwd);
		if (err < 0)
			return err == -EEXIST ? -EADDRINUSE : err;
	}
	int i = 0;

	acquire(&names.lock);
	while (i < NAMES && names.slot[i].s)
		i++;
	if (!vn && find(NULL, nm) >= 0)
		err = -EADDRINUSE;
	else if (i == NAMES)
		err = -ENOBUFS;
	else
		names.slot[i] = (typeof(names.slot[0])){ s, vn, *nm };
	release(&names.lock);
	if (err < 0 && vn)
		vput(vn);	/* the node stays, as a failed Linux bind's does not: rare */
	return err;
}

/* The listener nm names, pinned (sock_unpin lets go); NULL with *err:
 * the walk's error for a path, ECONNREFUSED if no socket is bound there. */
struct sock *sockname_find(const struct sockname *nm, int *err)
{
	char path[sizeof(nm->path) + 1];
	struct vnode *vn = NULL, *cwd;
	struct sock *s = NULL;

	*err = 0;
	if (!abstract(nm)) {
		path_of(nm, path);
		cwd = cwd_ref();
		*err = namei(cwd, path, 0, &vn);
		vput(cwd);
		if (*err < 0)
			return NULL;
	}
	acquire(&names.lock);
	int i = find(vn, nm);
	if (i >= 0) {
		s = names.slot[i].s;
		sock_pin(s);
	}
	release(&names.lock);
	if (vn)
		vput(vn);
	if (!s)
		*err = -ECONNREFUSED;
	return s;
}

/* s's name let go (its last close). */
void sockname_unbind(struct sock *s)
{
	struct vnode *vn = NULL;

	acquire(&names.lock);
	for (int i = 0; i < NAMES; i++) {
		if (names.slot[i].s == s) {
			vn = names.slot[i].vn;
			names.slot[i].s = NULL;
		}
	}
	release(&names.lock);
	if (vn)
		vput(vn);
}
