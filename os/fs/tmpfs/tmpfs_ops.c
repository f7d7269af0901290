/*
 * tmpfs's vnode operations on names (lookup, create, link, unlink,
 * rename, readdir, symlinks) and on file data, and the operation tables
 * a node's type picks. Each takes the instance's lock once. The layer
 * has checked the names (one component, not "." or ".." but in lookup,
 * at most VNAME_MAX bytes) and that both directories of a rename or a
 * link are on this instance.
 */
#include "kern/kern.h"
#include "mm/mm.h"
#include "fs/file.h"
#include "fs/tmpfs/tmpfs.h"
#include "uapi/linux/fcntl.h"

static bool is_dir(struct tmpfs_node *n)
{
	return n->vn.type == S_IFDIR;
}

/* Entries come and go in dir: its times, as Linux sets them. */
static void dir_changed(struct tmpfs_node *dir)
{
	tmpfs_touch(dir, true, true);
}

int tmpfs_lookup(struct vnode *dvn, const char *name, struct vnode **out)
{
	struct tmpfs *tm = TM(dvn);
	struct tmpfs_node *dir = TN(dvn), *n = NULL;

	acquiresleep(&tm->lock);
	if (strcmp(name, ".") == 0) {
		n = dir;
	} else if (strcmp(name, "..") == 0) {
		n = dir->dir.parent;
	} else {
		struct tmpfs_dirent *de = tmpfs_dir_find(dir, name);
		n = de ? de->node : NULL;
	}
	if (n)
		tmpfs_hold(n);
	releasesleep(&tm->lock);
	*out = n ? &n->vn : NULL;
	return n ? 0 : -ENOENT;
}

/* A new node of mode linked as name in dir, under tm->lock: the node,
 * or NULL and *err. */
static struct tmpfs_node *new_entry(struct tmpfs *tm, struct tmpfs_node *dir, const char *name,
				    uint32_t mode, int *err)
{
	struct tmpfs_node *n;

	*err = 0;
	if (dir->nlink == 0)
		*err = -ENOENT;	/* dir was removed while a process held it */
	else if (tmpfs_dir_find(dir, name))
		*err = -EEXIST;
	else if (!(n = tmpfs_node_new(tm, mode)))
		*err = -ENOSPC;
	else if ((*err = tmpfs_dir_add(tm, dir, name, n)) < 0)
		tmpfs_node_destroy(tm, n);
	if (*err)
		return NULL;
	if (is_dir(n)) {
		n->dir.parent = dir;
		dir->nlink++;
	}
	dir_changed(dir);
	return n;
}

int tmpfs_create(struct vnode *dvn, const char *name, uint32_t mode, struct vnode **out)
{
	struct tmpfs *tm = TM(dvn);
	uint32_t type = mode & S_IFMT;
	int err;

	if (type != S_IFREG && type != S_IFDIR && type != S_IFIFO && type != S_IFSOCK)
		return -EPERM;	/* device nodes: not here (sockets: bind's nodes) */
	acquiresleep(&tm->lock);
	struct tmpfs_node *n = new_entry(tm, TN(dvn), name, mode, &err);
	if (n && out)
		tmpfs_hold(n);
	releasesleep(&tm->lock);
	if (out)
		*out = n ? &n->vn : NULL;
	return err;
}

/* A device node: opening it opens the device devfs has with its
 * numbers (open.c), as Linux's char and block nodes on any file system. */
int tmpfs_mknod(struct vnode *dvn, const char *name, uint32_t mode, uint64_t rdev)
{
	struct tmpfs *tm = TM(dvn);
	int err;

	acquiresleep(&tm->lock);
	struct tmpfs_node *n = new_entry(tm, TN(dvn), name, mode, &err);
	if (n)
		n->rdev = rdev;
	releasesleep(&tm->lock);
	return err;
}

int tmpfs_symlink(struct vnode *dvn, const char *name, const char *target)
{
	struct tmpfs *tm = TM(dvn);
	size_t len = strlen(target);
	int err;

	if (len == 0)
		return -ENOENT;
	if (len >= PGSIZE)
		return -ENAMETOOLONG;
	acquiresleep(&tm->lock);
	struct tmpfs_node *n = new_entry(tm, TN(dvn), name, S_IFLNK | 0777, &err);
	struct uio u = { (uint64_t)target, len, false };
	if (n && tmpfs_data_write(tm, n, 0, &u) != (long)len) {
		struct tmpfs_dirent *de = tmpfs_dir_find(TN(dvn), name);
		tmpfs_dir_remove(tm, TN(dvn), de);
		tmpfs_node_unlinked(tm, n);
		err = -ENOSPC;
	}
	releasesleep(&tm->lock);
	return err;
}

int tmpfs_link(struct vnode *dvn, const char *name, struct vnode *vn)
{
	struct tmpfs *tm = TM(dvn);
	struct tmpfs_node *dir = TN(dvn), *n = TN(vn);
	int err = 0;

	if (vn->type == S_IFDIR)
		return -EPERM;
	acquiresleep(&tm->lock);
	if (dir->nlink == 0 || n->nlink == 0)
		err = -ENOENT;	/* an unlinked file gets no new name */
	else if (tmpfs_dir_find(dir, name))
		err = -EEXIST;
	else
		err = tmpfs_dir_add(tm, dir, name, n);
	if (err == 0) {
		n->nlink++;
		tmpfs_touch(n, false, true);
		dir_changed(dir);
	}
	releasesleep(&tm->lock);
	return err;
}

/* Whether n may lose its name de for another's: ENOTDIR, EISDIR,
 * ENOTEMPTY, EBUSY as Linux checks them. */
static int may_go(struct tmpfs_node *n, bool as_dir)
{
	if (as_dir && !is_dir(n))
		return -ENOTDIR;
	if (!as_dir && is_dir(n))
		return -EISDIR;
	if (as_dir && n->dir.first)
		return -ENOTEMPTY;
	if (n->vn.mounted)
		return -EBUSY;
	return 0;
}

/* The entry de of dir goes, and the node loses a link. */
static void drop_entry(struct tmpfs *tm, struct tmpfs_node *dir, struct tmpfs_dirent *de)
{
	struct tmpfs_node *n = de->node;

	tmpfs_dir_remove(tm, dir, de);
	if (is_dir(n))
		dir->nlink--;
	tmpfs_node_unlinked(tm, n);
	dir_changed(dir);
}

int tmpfs_unlink(struct vnode *dvn, const char *name, bool rmdir)
{
	struct tmpfs *tm = TM(dvn);
	struct tmpfs_node *dir = TN(dvn);
	int err;

	acquiresleep(&tm->lock);
	struct tmpfs_dirent *de = tmpfs_dir_find(dir, name);
	if (!de)
		err = -ENOENT;
	else if ((err = may_go(de->node, rmdir)) == 0)
		drop_entry(tm, dir, de);
	releasesleep(&tm->lock);
	return err;
}

/* Whether dir is n or lies below it: a directory moved there would
 * leave the tree. */
static bool within(struct tmpfs_node *dir, struct tmpfs_node *n)
{
	for (;;) {
		if (dir == n)
			return true;
		if (dir->dir.parent == dir)
			return false;
		dir = dir->dir.parent;
	}
}

/* A directory n leaves from for to: its ".." and both link counts. */
static void reparent(struct tmpfs_node *n, struct tmpfs_node *from, struct tmpfs_node *to)
{
	if (!is_dir(n) || from == to)
		return;
	n->dir.parent = to;
	from->nlink--;
	to->nlink++;
}

/* RENAME_EXCHANGE: the two entries swap their nodes. */
static int exchange(struct tmpfs_dirent *a, struct tmpfs_node *adir, struct tmpfs_dirent *b,
		    struct tmpfs_node *bdir)
{
	struct tmpfs_node *an = a->node, *bn = b->node;

	if ((is_dir(an) && within(bdir, an)) || (is_dir(bn) && within(adir, bn)))
		return -EINVAL;
	a->node = bn;
	b->node = an;
	reparent(an, adir, bdir);
	reparent(bn, bdir, adir);
	tmpfs_touch(an, false, true);
	tmpfs_touch(bn, false, true);
	return 0;
}

/* src (the entry from in fromdir) takes the name to in todir, replacing
 * dst if there is one. No memory is allocated: the entry itself moves,
 * or dst's entry takes src's node, so a rename never fails for space. */
static int move(struct tmpfs *tm, struct tmpfs_node *fromdir, struct tmpfs_dirent *src,
		struct tmpfs_node *todir, const char *to, struct tmpfs_dirent *dst)
{
	struct tmpfs_node *n = src->node;
	int err;

	if (is_dir(n) && within(todir, n))
		return -EINVAL;
	if (n->vn.mounted)
		return -EBUSY;
	if (dst && (err = may_go(dst->node, is_dir(n))) < 0)
		return err;
	reparent(n, fromdir, todir);
	if (dst) {
		struct tmpfs_node *old = dst->node;
		dst->node = n;
		if (is_dir(old))
			todir->nlink--;
		tmpfs_node_unlinked(tm, old);
		tmpfs_dir_remove(tm, fromdir, src);
	} else {
		tmpfs_dir_detach(fromdir, src);
		tmpfs_dir_attach(todir, src, to);
	}
	tmpfs_touch(n, false, true);
	return 0;
}

int tmpfs_rename(struct vnode *fvn, const char *from, struct vnode *tvn, const char *to,
		 unsigned flags)
{
	struct tmpfs *tm = TM(fvn);
	struct tmpfs_node *fromdir = TN(fvn), *todir = TN(tvn);
	int err;

	if (flags & ~(RENAME_NOREPLACE | RENAME_EXCHANGE) ||
	    (flags & RENAME_NOREPLACE && flags & RENAME_EXCHANGE))
		return -EINVAL;
	acquiresleep(&tm->lock);
	struct tmpfs_dirent *src = tmpfs_dir_find(fromdir, from);
	struct tmpfs_dirent *dst = tmpfs_dir_find(todir, to);
	if (!src || (flags & RENAME_EXCHANGE && !dst) || todir->nlink == 0)
		err = -ENOENT;
	else if (flags & RENAME_NOREPLACE && dst)
		err = -EEXIST;
	else if (dst && dst->node == src->node)
		err = 0;	/* two names of one file: Linux does nothing */
	else if (flags & RENAME_EXCHANGE)
		err = exchange(src, fromdir, dst, todir);
	else
		err = move(tm, fromdir, src, todir, to, dst);
	if (err == 0 && src && !(dst && dst->node == src->node)) {
		dir_changed(fromdir);
		dir_changed(todir);
	}
	releasesleep(&tm->lock);
	return err;
}

int tmpfs_readdir(struct vnode *dvn, uint64_t *pos, struct vdirent *out)
{
	struct tmpfs *tm = TM(dvn);

	acquiresleep(&tm->lock);
	int r = tmpfs_dir_next(TN(dvn), pos, out);
	tmpfs_accessed(TN(dvn));
	releasesleep(&tm->lock);
	return r;
}

int tmpfs_readlink(struct vnode *vn, char *buf, size_t size)
{
	struct tmpfs *tm = TM(vn);
	struct uio u = { (uint64_t)buf, size, false };

	acquiresleep(&tm->lock);
	long n = tmpfs_data_read(TN(vn), 0, &u);
	tmpfs_accessed(TN(vn));
	releasesleep(&tm->lock);
	return n;
}

/* A user buffer's pages are made present first: a fault under tm->lock
 * could want the lock of the file system the buffer is mapped from. */
long tmpfs_read(struct vnode *vn, struct file *f, uint64_t off, struct uio *u)
{
	struct tmpfs *tm = TM(vn);

	if (u->resid == 0)
		return 0;
	if (u->user)
		user_prefault(u->addr, u->resid, PTE_W);
	acquiresleep(&tm->lock);
	long n = tmpfs_data_read(TN(vn), off, u);
	tmpfs_accessed(TN(vn));
	releasesleep(&tm->lock);
	return n;
}

/* With O_APPEND the write goes at the end, found under the lock, and
 * moves the file's offset itself (the layer's contract, file.c). */
/*
 * How much of a write of len bytes at off the file's seals let through:
 * none under a write seal; under F_SEAL_GROW, as Linux's page-by-page
 * write, the pages that end within the file (a short write), and none
 * if the first of them does not: the caller says EPERM.
 */
static uint64_t sealed_write_len(struct tmpfs_node *n, uint64_t off, uint64_t len)
{
	uint32_t seals = n->vn.seals;

	if (seals & (F_SEAL_WRITE | F_SEAL_FUTURE_WRITE))
		return 0;
	if (!(seals & F_SEAL_GROW) || off + len <= n->size)
		return len;
	return PGROUNDDOWN(n->size) > off ? PGROUNDDOWN(n->size) - off : 0;
}

long tmpfs_write(struct vnode *vn, struct file *f, uint64_t off, struct uio *u)
{
	struct tmpfs *tm = TM(vn);

	if (u->resid == 0)
		return 0;
	acquiresleep(&tm->lock);
	if (f && f->append)
		off = TN(vn)->size;
	uint64_t resid = u->resid, allowed = sealed_write_len(TN(vn), off, resid);
	long n;
	if (allowed == 0) {
		n = -EPERM;
	} else {
		u->resid = allowed;	/* the rest is refused, as a short write */
		n = tmpfs_data_write(tm, TN(vn), off, u);
		u->resid += resid - allowed;
	}
	if (n > 0) {
		tmpfs_touch(TN(vn), true, true);
		if (f && f->append)
			f->off = off + n;
	}
	releasesleep(&tm->lock);
	return n;
}

int tmpfs_getpages(struct vnode *vn, uint64_t off, void *const *pages, int npages)
{
	struct tmpfs *tm = TM(vn);

	acquiresleep(&tm->lock);
	tmpfs_data_pages(TN(vn), off, pages, npages);
	releasesleep(&tm->lock);
	return 0;
}

int tmpfs_lendpage(struct vnode *vn, uint64_t off, bool write, void **page)
{
	(void)write;	/* the file's pages are all there is of it */
	struct tmpfs *tm = TM(vn);

	acquiresleep(&tm->lock);
	int err = tmpfs_data_lend(tm, TN(vn), off, page);
	releasesleep(&tm->lock);
	return err;
}

/* Memory is where a tmpfs file lives: there is nothing to write back. */
static int tmpfs_fsync(struct vnode *vn)
{
	return 0;
}

const struct vnode_ops tmpfs_dir_ops = {
	.lookup = tmpfs_lookup,
	.create = tmpfs_create,
	.mknod = tmpfs_mknod,
	.symlink = tmpfs_symlink,
	.link = tmpfs_link,
	.unlink = tmpfs_unlink,
	.rename = tmpfs_rename,
	.readdir = tmpfs_readdir,
	.getattr = tmpfs_getattr,
	.setattr = tmpfs_setattr,
	.fsync = tmpfs_fsync,
	.inactive = tmpfs_inactive,
};

const struct vnode_ops tmpfs_file_ops = {
	.getattr = tmpfs_getattr,
	.setattr = tmpfs_setattr,
	.read = tmpfs_read,
	.write = tmpfs_write,
	.getpages = tmpfs_getpages,
	.lendpage = tmpfs_lendpage,
	.fsync = tmpfs_fsync,
	.inactive = tmpfs_inactive,
};

/* Device nodes: their data is the device's, reached by open (open.c). */
const struct vnode_ops tmpfs_dev_ops = {
	.getattr = tmpfs_getattr,
	.setattr = tmpfs_setattr,
	.inactive = tmpfs_inactive,
};

const struct vnode_ops tmpfs_link_ops = {
	.getattr = tmpfs_getattr,
	.setattr = tmpfs_setattr,
	.readlink = tmpfs_readlink,
	.inactive = tmpfs_inactive,
};
