/*
 * tmpfs nodes: their birth, their attributes and times, and their end.
 * A node lives while a directory entry links it (nlink) or the layer
 * holds it (vn.ref); the last of the two to go frees it, with its pages.
 * Times follow Linux: a change of contents sets mtime and ctime, a
 * change of attributes or links ctime, a read atime as relatime does.
 * The caller holds tm->lock, except in the vnode operations here.
 */
#include "kern/kern.h"
#include "mm/mm.h"
#include "dev/dev.h"
#include "fs/tmpfs/tmpfs.h"
#include "uapi/linux/fcntl.h"

#define NSEC 1000000000LL
#define RELATIME_SEC (24 * 3600)	/* relatime: atime at least daily */

struct kts tmpfs_now(void)
{
	uint64_t ns = realtime_ns();
	return (struct kts){ (int64_t)(ns / NSEC), (int64_t)(ns % NSEC) };
}

static int ts_cmp(struct kts a, struct kts b)
{
	return a.sec != b.sec ? (a.sec < b.sec ? -1 : 1) : a.nsec < b.nsec ? -1 : a.nsec > b.nsec;
}

void tmpfs_touch(struct tmpfs_node *n, bool mtime, bool ctime)
{
	struct kts now = tmpfs_now();

	if (mtime)
		n->mtime = now;
	if (ctime)
		n->ctime = now;
}

/* relatime: atime moves when it is older than mtime or ctime, or a day old. */
void tmpfs_accessed(struct tmpfs_node *n)
{
	struct kts now = tmpfs_now();

	if (ts_cmp(n->atime, n->mtime) <= 0 || ts_cmp(n->atime, n->ctime) <= 0 ||
	    now.sec - n->atime.sec >= RELATIME_SEC)
		n->atime = now;
}

static const struct vnode_ops *ops_of(uint32_t type)
{
	switch (type) {
	case S_IFDIR:
		return &tmpfs_dir_ops;
	case S_IFLNK:
		return &tmpfs_link_ops;
	case S_IFIFO:
		return &tmpfs_fifo_ops;
	case S_IFCHR:
	case S_IFBLK:
		return &tmpfs_dev_ops;
	default:
		return &tmpfs_file_ops;
	}
}

/* A new node of mode (type and permissions), owned by root, linked
 * nowhere yet but counted as the one entry (a directory: and its "."). */
struct tmpfs_node *tmpfs_node_new(struct tmpfs *tm, uint32_t mode)
{
	struct tmpfs_node *n = tmpfs_obj_alloc(tm);

	if (!n)
		return NULL;
	n->vn.type = mode & S_IFMT;
	n->vn.vfs = tm->vfs;
	n->vn.ops = ops_of(n->vn.type);
	n->mode = mode;
	n->nlink = n->vn.type == S_IFDIR ? 2 : 1;
	n->ino = tm->next_ino++;
	n->atime = n->mtime = n->ctime = tmpfs_now();
	if (n->vn.type == S_IFDIR)
		n->size = 2 * TMPFS_DIRENT_SIZE;
	if (n->vn.type == S_IFREG)
		n->vn.seals = F_SEAL_SEAL;	/* as Linux's shmem: memfd_create may lift it */
	tm->nodes++;
	return n;
}

/*
 * A reference for the caller. vref cannot say whether the count was 0,
 * which the node's owed count must know (tmpfs.h): so the add is done
 * here as vref does it (with the vfs's count of referenced nodes, which
 * umount reads), under tm->lock as every raise from 0 is.
 */
void tmpfs_hold(struct tmpfs_node *n)
{
	if (__atomic_fetch_add(&n->vn.ref, 1, __ATOMIC_ACQ_REL) == 0) {
		__atomic_fetch_add(&n->vn.vfs->active, 1, __ATOMIC_ACQ_REL);
		n->owed++;
	}
}

/* Whether nothing links n, holds it, is about to call inactive on it,
 * or reaches it by ".." from a removed directory. */
static bool unused(struct tmpfs_node *n)
{
	return n->nlink == 0 && n->owed == 0 &&
	       __atomic_load_n(&n->vn.ref, __ATOMIC_ACQUIRE) == 0 &&
	       !(n->vn.type == S_IFDIR && n->dir.pins);
}

static void maybe_destroy(struct tmpfs *tm, struct tmpfs_node *n)
{
	if (unused(n))
		tmpfs_node_destroy(tm, n);
}

/* One entry naming n is gone (a directory's goes with its "."). A
 * removed directory keeps its "..", as Linux's dentry keeps its parent:
 * the parent is pinned until the directory is freed. Removed nodes
 * take no new entries, so pins only ever point up a tree: no cycle. */
void tmpfs_node_unlinked(struct tmpfs *tm, struct tmpfs_node *n)
{
	if (n->vn.type == S_IFDIR)
		n->dir.parent->dir.pins++;
	n->nlink = n->vn.type == S_IFDIR ? 0 : n->nlink - 1;
	n->ctime = tmpfs_now();
	maybe_destroy(tm, n);
}

/* Frees n and its pages; a directory's entries are its caller's. A
 * removed directory lets its parent go, which may have been all that
 * kept it (and so on up: a loop, since a tree may be deep). */
void tmpfs_node_destroy(struct tmpfs *tm, struct tmpfs_node *n)
{
	while (n) {
		struct tmpfs_node *up = NULL;

		if (n->vn.type == S_IFDIR && n->nlink == 0)
			up = n->dir.parent;
		if (n->vn.type == S_IFREG || n->vn.type == S_IFLNK)
			tmpfs_data_truncate(tm, n, 0);
		tm->nodes--;
		tmpfs_obj_free(tm, n);
		if (up)
			up->dir.pins--;
		n = up && unused(up) ? up : NULL;
	}
}

void tmpfs_inactive(struct vnode *vn)
{
	struct tmpfs *tm = TM(vn);

	acquiresleep(&tm->lock);
	TN(vn)->owed--;
	maybe_destroy(tm, TN(vn));
	releasesleep(&tm->lock);
}

int tmpfs_getattr(struct vnode *vn, struct vattr *out)
{
	struct tmpfs *tm = TM(vn);
	struct tmpfs_node *n = TN(vn);

	acquiresleep(&tm->lock);
	*out = (struct vattr){
		.mode = n->mode, .nlink = n->nlink, .uid = n->uid, .gid = n->gid,
		.ino = n->ino, .size = n->size, .blksize = PGSIZE,
		.atime = n->atime, .mtime = n->mtime, .ctime = n->ctime,
	};
	if (vn->type == S_IFREG || vn->type == S_IFLNK)
		out->blocks = n->data.npages * (PGSIZE / 512);
	if (vn->type == S_IFCHR || vn->type == S_IFBLK)
		out->rdev = n->rdev;
	releasesleep(&tm->lock);
	return 0;
}

/* The changes are checked first: a refused setattr changes nothing. A
 * file cut shorter is then cut from the shared mappings of it too
 * (after the lock: their faults take it). */
int tmpfs_setattr(struct vnode *vn, const struct vsetattr *a)
{
	struct tmpfs *tm = TM(vn);
	struct tmpfs_node *n = TN(vn);
	bool shrunk = false;
	int err = 0;

	if (a->mask & VA_SIZE && vn->type != S_IFREG)
		return vn->type == S_IFDIR ? -EISDIR : -EINVAL;
	acquiresleep(&tm->lock);
	if (a->mask & VA_SIZE) {
		shrunk = a->size < n->size;
		if (vn->seals & (shrunk ? F_SEAL_SHRINK : a->size > n->size ? F_SEAL_GROW : 0)) {
			err = -EPERM;
			goto out;
		}
		if ((err = tmpfs_data_truncate(tm, n, a->size)) < 0)
			goto out;
		tmpfs_touch(n, true, false);
	}
	if (a->mask & VA_MODE)
		n->mode = (n->mode & S_IFMT) | (a->mode & 07777);
	if (a->mask & VA_UID)
		n->uid = a->uid;
	if (a->mask & VA_GID)
		n->gid = a->gid;
	if (a->mask & VA_ATIME)
		n->atime = a->atime;
	if (a->mask & VA_MTIME)
		n->mtime = a->mtime;
	tmpfs_touch(n, false, true);
out:
	releasesleep(&tm->lock);
	if (shrunk && err == 0)
		filemap_shrunk(vn, a->size);
	return err;
}
