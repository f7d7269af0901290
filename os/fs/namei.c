/*
 * Paths to nodes: the walk's pure core (walk.c) given vnodes. What is
 * the kernel's is here: a lookup crosses mount points node to node
 * (vfs_cross), ".." at a file system's root goes to the directory it
 * is mounted on first (so to that one's parent), and "/.." is "/".
 * getcwd's path is found the other way: up through "..", asking each
 * parent which of its entries is the node below (vn_path).
 */
#include "kern/kern.h"
#include "mm/mm.h"
#include "fs/fs.h"
#include "fs/vfs.h"
#include "fs/walk.h"

_Static_assert(WALK_NAME_MAX == VNAME_MAX, "one name limit");
_Static_assert(WALK_PATH_MAX <= PGSIZE, "a walk's scratch is a page");

/* Whether vn is "/": the root of the file system mounted on nothing. */
static bool is_root(const struct vnode *vn)
{
	return vn == vn->vfs->root && !vn->vfs->covered;
}

/* What a lookup of ".." starts from: dir, or for a file system's root
 * the directory it is mounted on (for each mount in turn); referenced. */
static struct vnode *dotdot_from(struct vnode *dir)
{
	vref(dir);
	while (dir == dir->vfs->root && dir->vfs->covered) {
		struct vnode *c = vref(dir->vfs->covered);
		vput(dir);
		dir = c;
	}
	return dir;
}

/* name (one component) in directory dir, referenced, mounts crossed. */
static int lookup_name(struct vnode *dir, const char *name, struct vnode **out)
{
	int err;

	if (strcmp(name, "..") == 0) {
		dir = dotdot_from(dir);
		if (is_root(dir)) {	/* "/.." is "/" */
			*out = dir;
			return 0;
		}
	} else {
		vref(dir);
	}
	if (!dir->ops->lookup)
		err = -ENOTDIR;
	else if ((err = dir->ops->lookup(dir, name, out)) == 0)
		*out = vfs_cross(*out);
	vput(dir);
	return err;
}

static void *w_root(void *ctx) { return vfs_root(); }
static void *w_dup(void *ctx, void *n) { return vref(n); }
static void w_put(void *ctx, void *n) { vput(n); }

static int w_lookup(void *ctx, void *dir, const char *name, size_t len, void **out)
{
	char buf[VNAME_MAX + 1];

	memcpy(buf, name, len);
	buf[len] = 0;
	*out = NULL;
	return lookup_name(dir, buf, (struct vnode **)out);
}

static int w_kind(void *ctx, void *n)
{
	uint32_t t = ((struct vnode *)n)->type;

	return t == S_IFDIR ? WALK_KDIR : t == S_IFLNK ? WALK_KLINK : WALK_KOTHER;
}

static int w_readlink(void *ctx, void *n, char *buf, size_t size)
{
	struct vnode *vn = n;

	return vn->ops->readlink ? vn->ops->readlink(vn, buf, size) : -EINVAL;
}

/* The page spliced paths are made in, taken at the walk's first link. */
static char *w_scratch(void *ctx)
{
	return *(char **)ctx = kalloc();
}

static const struct walk_ops vnode_walk = {
	w_root, w_lookup, w_kind, w_readlink, w_dup, w_put, w_scratch,
};

static int do_walk(struct vnode *start, const char *path, int flags, struct vnode **out,
		   char *last)
{
	struct vnode *root = start ? NULL : vfs_root();
	char *scratch = NULL;
	void *node;
	int err = walk_path(&vnode_walk, &scratch, start ? start : root, path, flags, &node, last);

	kfree(scratch);
	if (root)
		vput(root);
	if (err == 0)
		*out = node;
	return err;
}

int namei(struct vnode *start, const char *path, int flags, struct vnode **out)
{
	int wf = ((flags & WALK_FOLLOW) ? WALK_FOLLOW_LAST : 0) |
		 ((flags & WALK_DIR) ? WALK_MUST_DIR : 0);

	return do_walk(start, path, wf, out, NULL);
}

int namei_parent(struct vnode *start, const char *path, struct vnode **dir,
		 char last[VNAME_MAX + 1])
{
	return do_walk(start, path, WALK_PARENT, dir, last);
}

/* The name under which directory parent holds vn, into name: the entry
 * whose inode number is vn's. */
static int name_in(struct vnode *parent, struct vnode *vn, char *name)
{
	struct vattr want;
	uint64_t pos = 0;
	int r;

	memset(&want, 0, sizeof(want));
	if (!parent->ops->readdir || !vn->ops->getattr)
		return -ENOENT;
	if ((r = vn->ops->getattr(vn, &want)) < 0)
		return r;
	struct vdirent *de = kalloc();
	if (!de)
		return -ENOMEM;
	while ((r = parent->ops->readdir(parent, &pos, de)) == 1 && de->ino != want.ino)
		;
	if (r == 1)
		strlcpy(name, de->name, VNAME_MAX + 1);
	kfree(de);
	return r == 1 ? 0 : r == 0 ? -ENOENT : r;
}

/*
 * Builds the path from the end of a page: each step goes up to the
 * parent (through the directory a file system is mounted on, at its
 * root) and puts the name the parent knows the child by in front.
 * A directory no longer in its parent (removed) gives -ENOENT.
 */
int vn_path(struct vnode *vn, char *buf, size_t size)
{
	char *page = kalloc();
	if (!page)
		return -ENOMEM;
	char *name = page + PGSIZE - (VNAME_MAX + 1);
	size_t end = PGSIZE - (VNAME_MAX + 1), pos = end - 1;
	struct vnode *cur = vref(vn);
	int err = 0;

	page[pos] = 0;
	for (;;) {
		struct vnode *up = dotdot_from(cur), *parent;
		vput(cur);
		cur = up;
		if (is_root(cur))
			break;
		if ((err = cur->ops->lookup(cur, "..", &parent)) < 0)
			break;
		err = name_in(parent, cur, name);
		vput(cur);
		cur = parent;
		if (err < 0)
			break;
		size_t n = strlen(name);
		if (n + 1 > pos) {
			err = -ENAMETOOLONG;
			break;
		}
		pos -= n;
		memcpy(page + pos, name, n);
		page[--pos] = '/';
	}
	vput(cur);
	if (err == 0 && pos == end - 1)
		page[--pos] = '/';
	size_t len = end - pos;	/* with the NUL */
	if (err == 0 && len > size)
		err = -ERANGE;
	if (err == 0)
		memcpy(buf, page + pos, len);
	kfree(page);
	return err;
}
