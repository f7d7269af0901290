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

	bool dotdot = name[0] == '.' && name[1] == '.' && name[2] == 0;

	if (dotdot) {	/* dir's reference is the caller's, up's ours */
		struct vnode *up = dotdot_from(dir);
		if (is_root(up)) {	/* "/.." is "/" */
			*out = up;
			return 0;
		}
		dir = up;
	}
	if (!dir->ops->lookup)
		err = -ENOTDIR;
	else if ((err = dir->ops->lookup(dir, name, out)) == 0)
		*out = vfs_cross(*out);
	if (dotdot)
		vput(dir);
	return err;
}

/* A walk's state beside the core's. */
struct wctx {
	char *scratch;	/* the page spliced paths are made in, taken at the first link */
	int links;	/* symlinks followed, a walked prefix's included */
};

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

	/* the core counts its own walk's; this also counts the prefix's */
	if (++((struct wctx *)ctx)->links > WALK_LINKS_MAX)
		return -ELOOP;
	return vn->ops->readlink ? vn->ops->readlink(vn, buf, size) : -EINVAL;
}

static char *w_scratch(void *ctx)
{
	return ((struct wctx *)ctx)->scratch = kalloc();
}

/* A magic link (vnode_ops.jump): counted as a link followed. */
static int w_jump(void *ctx, void *n, void **out)
{
	struct vnode *vn = n;

	if (!vn->ops->jump)
		return 0;
	if (++((struct wctx *)ctx)->links > WALK_LINKS_MAX)
		return -ELOOP;
	return vn->ops->jump(vn, (struct vnode **)out);
}

static const struct walk_ops vnode_walk = {
	w_root, w_lookup, w_kind, w_readlink, w_dup, w_put, w_scratch, w_jump,
};

/* *links (if not NULL): the symlinks followed before this walk (at
 * most 40 in all, as Linux's one walk), then the total after it. */
static int walk_from(struct vnode *start, const char *path, int flags, struct vnode **out,
		     char *last, int *links)
{
	struct wctx ctx = { NULL, links ? *links : 0 };
	void *node;
	int err = walk_path(&vnode_walk, &ctx, start, path, flags, &node, last);

	kfree(ctx.scratch);
	if (links)
		*links = ctx.links;
	if (err == 0)
		*out = node;
	return err;
}

/*
 * The directories of absolute paths walked lately: "/a/b/c" to c's
 * node (referenced by the cache), so that a walk of /a/b/c/name looks
 * up one name, as the old dircache did. Only paths that followed no
 * symlink ("/proc/self" names another directory for each process) and
 * end in a file system whose names change only by the layer's calls
 * (fstype.stable_names) are kept; each of those calls forgets them all
 * (vfs_names_changed). A walk that began before a change keeps nothing.
 * A path has one slot, by its hash: a walk compares one path, not 16.
 *
 * No spinlock: a pair costs some 150 instructions, as much as the rest
 * of a remembered walk's layer. A walk takes a slot by swapping its
 * busy flag (slot_take) for the few instructions it reads or fills it,
 * and takes a slot another walk holds as a miss. A change of names
 * counts in prefix_gen first, then empties each slot it can take; an
 * entry from before a change is never used (its gen), and the one
 * whose slot was held meanwhile its holder drops as it gives the slot
 * back (slot_give): a forgotten entry keeps no node referenced, so an
 * umount right after finds its file system free.
 */
#define NPREFIX 16
#define PREFIX_MAX 96
static struct prefix {
	int busy;		/* atomic: a walk holds the slot */
	size_t len;
	uint64_t gen;		/* prefix_gen when its walk began */
	char path[PREFIX_MAX];
	struct vnode *vn;	/* NULL: free; stored atomically (a change of
				 * names reads it without taking the slot) */
} prefixes[NPREFIX];
static uint64_t prefix_gen;	/* atomic: counts changes of names */

static uint64_t names_gen(void) { return __atomic_load_n(&prefix_gen, __ATOMIC_SEQ_CST); }

/* The slot of path's first len bytes (FNV-1a). */
static struct prefix *prefix_slot(const char *path, size_t len)
{
	uint32_t h = 2166136261u;

	for (size_t i = 0; i < len; i++)
		h = (h ^ (uint8_t)path[i]) * 16777619u;
	return &prefixes[h % NPREFIX];
}

/* e, held by no one else now; false if another walk holds it. */
static bool slot_take(struct prefix *e)
{
	return __atomic_exchange_n(&e->busy, 1, __ATOMIC_SEQ_CST) == 0;
}

/* Gives e back, its entry dropped if names changed since it was made.
 * A change counted after the check may have passed e over while it was
 * held: then e is taken again and checked again, unless another walk
 * holds it now (that walk checks it as it gives it back). */
static void slot_give(struct prefix *e)
{
	for (;;) {
		uint64_t now = names_gen();
		struct vnode *stale = e->vn && e->gen != now ? e->vn : NULL;
		if (stale)
			__atomic_store_n(&e->vn, NULL, __ATOMIC_SEQ_CST);
		__atomic_store_n(&e->busy, 0, __ATOMIC_SEQ_CST);
		vput(stale);
		if (names_gen() == now || !slot_take(e))
			return;
	}
}

/* The remembered directory path's first len bytes name, referenced, or
 * NULL; *gen is the count of changes this walk began at. */
static struct vnode *prefix_get(const char *path, size_t len, uint64_t *gen)
{
	struct prefix *e = prefix_slot(path, len);
	struct vnode *vn = NULL;

	*gen = names_gen();
	if (!slot_take(e))
		return NULL;
	if (e->vn && e->gen == *gen && e->len == len && memcmp(e->path, path, len) == 0)
		vn = vref(e->vn);
	slot_give(e);
	return vn;
}

static void prefix_put(const char *path, size_t len, struct vnode *vn, uint64_t gen)
{
	struct prefix *e = prefix_slot(path, len);
	struct vnode *old = NULL;

	if (!slot_take(e))
		return;
	if (gen == names_gen()) {
		old = e->vn;
		__atomic_store_n(&e->vn, vref(vn), __ATOMIC_SEQ_CST);
		e->gen = gen;
		e->len = len;
		memcpy(e->path, path, len);
	}
	slot_give(e);
	vput(old);
}

void vfs_names_changed(void)
{
	__atomic_add_fetch(&prefix_gen, 1, __ATOMIC_SEQ_CST);
	/* an empty slot is passed over untaken: one filled after this
	 * load is filled under the new count, or dropped as it is given
	 * back (slot_give sees the count change) */
	for (struct prefix *e = prefixes; e < prefixes + NPREFIX; e++)
		if (__atomic_load_n(&e->vn, __ATOMIC_SEQ_CST) && slot_take(e))
			slot_give(e);	/* drops the entry: it is from before */
}

/* The length of absolute path's directory part ("/a/b" of "/a/b/c/"),
 * or 0 if it is the root or too long to remember. */
static size_t prefix_len(const char *path)
{
	size_t n = strlen(path);

	while (n > 1 && path[n - 1] == '/')
		n--;
	while (n > 0 && path[n - 1] != '/')
		n--;
	while (n > 1 && path[n - 1] == '/')
		n--;
	return n > 1 && n <= PREFIX_MAX ? n : 0;
}

/* An absolute path's walk: its directory from the prefix cache, or
 * walked and remembered; then its last name from there. */
static int walk_absolute(const char *path, int flags, struct vnode **out, char *last)
{
	size_t len = prefix_len(path);
	char dirpath[PREFIX_MAX + 1];
	struct vnode *dir;
	uint64_t gen;
	int links = 0;

	if (len == 0)
		return walk_from(NULL, path, flags, out, last, NULL);
	if (!(dir = prefix_get(path, len, &gen))) {
		memcpy(dirpath, path, len);
		dirpath[len] = 0;
		int err = walk_from(NULL, dirpath, WALK_FOLLOW_LAST | WALK_MUST_DIR, &dir, NULL,
				    &links);
		if (err < 0)
			return err;
		if (links == 0 && dir->vfs->type->stable_names)
			prefix_put(path, len, dir, gen);
	}
	const char *rest = path + len;
	while (*rest == '/')
		rest++;
	int err = walk_from(dir, rest, flags, out, last, &links);
	vput(dir);
	return err;
}

static int do_walk(struct vnode *start, const char *path, int flags, struct vnode **out,
		   char *last)
{
	if (!vfs_mounted())
		return -ENOENT;	/* no root volume: nothing to find */
	if (path[0] == '/')
		return walk_absolute(path, flags, out, last);
	/* a relative path without a start is walked from the root */
	struct vnode *root = start ? NULL : vfs_root();
	int err = walk_from(start ? start : root, path, flags, out, last, NULL);
	vput(root);
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
