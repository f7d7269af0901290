/*
 * The "vfat" type's node operations: each takes the volume's lock and
 * calls the FAT library on the node's struct fat_node. What FAT cannot
 * keep (modes past READ_ONLY, owners, links, symlinks, FIFOs) is refused with the
 * errno Linux's vfat gives.
 */
#include "kern/kern.h"
#include "dev/dev.h"
#include "mm/mm.h"
#include "fs/fs.h"
#include "fs/file.h"
#include "fs/vfat/fatfs.h"
#include "uapi/linux/dirent.h"

#define FAT_FIRST_SEC 315532800L	/* 1980-01-01 00:00:00 */
#define FAT_LAST_SEC 4354819198L	/* 2107-12-31 23:59:58 */

static void lock(struct fatfs *fs) { acquiresleep(&fs->lock); }
static void unlock(struct fatfs *fs) { releasesleep(&fs->lock); }

/* A node's inode number: where its entry lives (the root has none). */
static uint64_t ino_of(const struct fat_node *n)
{
	return n->is_root ? 1 : ((uint64_t)n->dir_cluster << 32) | n->dir_offset;
}

static int fat_lookup_op(struct vnode *dir, const char *name, struct vnode **out)
{
	struct fatfs *fs = FS(dir);
	struct fat_node n;

	if (dname_get(fs, FN(dir), name, out))
		return 0;
	lock(fs);
	int err = FN(dir)->dead ? -ENOENT : fat_lookup(&fs->vol, &FN(dir)->node, name, &n);
	if (err == 0 && (err = fnode_get(fs, &n, out)) == 0)
		dname_put(fs, FN(dir), name, FN(*out));
	unlock(fs);
	return err;
}

static int fat_create_op(struct vnode *dir, const char *name, uint32_t mode, struct vnode **out)
{
	struct fatfs *fs = FS(dir);
	uint32_t type = mode & S_IFMT;
	struct fat_node n;

	if (type != S_IFREG && type != S_IFDIR)
		return -EPERM;	/* FAT keeps no FIFOs or devices */
	if (dir->vfs->read_only)
		return -EROFS;
	lock(fs);
	int err = FN(dir)->dead ? -ENOENT
				: fat_create(&fs->vol, &FN(dir)->node, name,
					     type == S_IFDIR ? FAT_ATTR_DIRECTORY : 0, &n);
	if (err == 0 && out)
		err = fnode_get(fs, &n, out);
	unlock(fs);
	return err;
}

/*
 * A file open somewhere loses its name (unlink, or a rename over it):
 * it becomes an orphan, its node dead to walks and its entry gone, but
 * its clusters stay for its open files (and mappings, and a program
 * running from it), as Linux's vfat keeps an unlinked inode's until its
 * last iput; its last close frees them (fat_close_op), or the power off
 * (fat_poweroff) if it is still open then. fs->lock held.
 */
static void orphaned(struct fnode *f)
{
	f->node.orphan = 1;
	f->dead = true;
}

/* An orphan's clusters go: nothing has it open now, or the machine
 * stops. Its program pages cached by cluster go first (the clusters
 * may be another file's next). fs->lock held. */
static void orphan_free(struct fatfs *fs, struct fnode *f)
{
	textcache_drop(fs->vfs, f->node.first_cluster);
	int err = fat_orphan_free(&fs->vol, &f->node);
	if (err < 0)
		klog("vfat: freeing an unlinked file's clusters failed (error %d)", -err);
}

/* The machine stops with orphans still open: their clusters go now, so
 * that the volume is whole on the disk (a process still running may
 * write one again before the power goes: those clusters are lost). */
void fat_orphans_free(struct fatfs *fs)
{
	int n = 0;

	lock(fs);
	for (struct fnode *f = fs->nodes; f < fs->nodes + NFNODE; f++) {
		if (f->node.orphan && f->opens > 0 && f->node.first_cluster) {
			orphan_free(fs, f);
			n++;
		}
	}
	unlock(fs);
	if (n)
		klog("vfat: %d unlinked files still open freed at power off", n);
}

/* unlink: a file open somewhere becomes an orphan (orphaned); one only
 * referenced (a stat, a walk under way) is removed, and its node marked
 * dead, so that no open or setattr reaches the freed entry through it.
 * rmdir: a directory in use (a cwd) is removed and marked dead too, as
 * Linux lets it be; one with a file system mounted on it is not.
 * fs->lock held. */
static int remove_locked(struct fatfs *fs, struct fnode *dir, const char *name, bool rmdir)
{
	struct fat_node n;
	int err = dir->dead ? -ENOENT : fat_lookup(&fs->vol, &dir->node, name, &n);
	struct fnode *f = err == 0 ? fnode_find(fs, &n, false) : NULL;

	if (err < 0)
		return err;
	if (!rmdir) {
		if (f && !fnode_is_dir(&n) && f->opens > 0) {
			if ((err = fat_unlink_keep(&fs->vol, &dir->node, name)) == 0)
				orphaned(f);
			return err;
		}
		if (!fnode_is_dir(&n))
			textcache_drop(fs->vfs, n.first_cluster);	/* its clusters are freed */
		fnode_forget(fs, &n);
		if ((err = fat_unlink(&fs->vol, &dir->node, name)) == 0 && f)
			f->dead = true;
		return err;
	}
	if (f && f->vn.mounted)
		return -EBUSY;
	if ((err = fat_rmdir(&fs->vol, &dir->node, name)) == 0) {
		if (f)
			f->dead = true;
		fnode_forget(fs, &n);
		dname_forget(fs);
	}
	return err;
}

static int fat_unlink_op(struct vnode *dir, const char *name, bool rmdir)
{
	struct fatfs *fs = FS(dir);

	if (dir->vfs->read_only)
		return -EROFS;
	lock(fs);
	int err = remove_locked(fs, FN(dir), name, rmdir);
	unlock(fs);
	return err;
}

/* Whether rename may replace target with node: not a mount point; its
 * kept node and text pages go. A directory in use (a cwd) or a file
 * only referenced may be replaced: *gone is its node, to be marked dead
 * once it is; a file open somewhere (*open) becomes an orphan. */
static int replace_check(struct fatfs *fs, const struct fat_node *node,
			 const struct fat_node *target, struct fnode *moving, struct fnode **gone,
			 bool *open)
{
	struct fnode *t = fnode_find(fs, target, false);

	if (t && t != moving && fnode_is_dir(target) && t->vn.mounted != NULL)
		return -EBUSY;
	*open = t && t != moving && !fnode_is_dir(target) && t->opens > 0;
	if (!fnode_is_dir(target) && target->first_cluster != node->first_cluster && !*open)
		textcache_drop(fs->vfs, target->first_cluster);	/* replaced: freed */
	fnode_forget(fs, target);
	*gone = t != moving ? t : NULL;
	return 0;
}

/*
 * Within the volume (the layer checks). A moving file's or directory's
 * node (referenced or kept) learns where its entry went, so that an
 * open file keeps working and a directory keeps its place: its node is
 * known by its first cluster, which the rename leaves alone.
 */
static int rename_locked(struct fatfs *fs, struct fnode *fromdir, const char *from,
			 struct fnode *todir, const char *to, unsigned flags)
{
	struct fat_node node, target;
	struct fnode *gone = NULL;
	bool open = false;
	int err = fromdir->dead || todir->dead ? -ENOENT
					       : fat_lookup(&fs->vol, &fromdir->node, from, &node);
	if (err < 0)
		return err;
	struct fnode *moving = fnode_find(fs, &node, true);
	if (moving && moving->vn.ref > 0 && moving->vn.mounted)
		return -EBUSY;
	if (fat_lookup(&fs->vol, &todir->node, to, &target) == 0) {
		if (flags & RENAME_NOREPLACE)
			return -EEXIST;
		if ((err = replace_check(fs, &node, &target, moving, &gone, &open)) < 0)
			return err;
	}
	err = open ? fat_rename_keep(&fs->vol, &fromdir->node, from, &todir->node, to)
		   : fat_rename(&fs->vol, &fromdir->node, from, &todir->node, to);
	if (err < 0)
		return err;
	dname_forget(fs);
	if (gone && open)
		orphaned(gone);
	else if (gone)
		gone->dead = true;
	moving = fnode_find(fs, &node, true);
	if (moving && fat_lookup(&fs->vol, &todir->node, to, &target) == 0)
		fnode_moved(moving, target.dir_cluster, target.dir_offset);
	return 0;
}

static int fat_rename_op(struct vnode *fromdir, const char *from, struct vnode *todir,
			 const char *to, unsigned flags)
{
	struct fatfs *fs = FS(fromdir);

	if (flags & ~RENAME_NOREPLACE)
		return -EINVAL;	/* vfat cannot exchange */
	if (fromdir->vfs->read_only)
		return -EROFS;
	lock(fs);
	int err = rename_locked(fs, FN(fromdir), from, FN(todir), to, flags);
	unlock(fs);
	return err;
}

static int fat_readdir_op(struct vnode *dir, uint64_t *pos, struct vdirent *out)
{
	struct fatfs *fs = FS(dir);
	struct fat_dirent de;
	uint32_t p = *pos;

	if (*pos > UINT32_MAX)
		return 0;
	lock(fs);
	int r = FN(dir)->dead ? 0 : fat_readdir(&fs->vol, &FN(dir)->node, &p, &de);
	unlock(fs);
	if (r == 1) {
		*pos = p;
		strlcpy(out->name, de.name, sizeof(out->name));
		out->ino = ino_of(&de.node);
		out->type = fnode_is_dir(&de.node) ? DT_DIR : DT_REG;
	}
	return r;
}

/* Seconds since 1970 of a FAT date and time (taken as UTC). */
static int64_t fat_time_to_unix(uint16_t date, uint16_t time)
{
	struct civil c = {
		1980 + (date >> 9), (date >> 5) & 15, date & 31,
		time >> 11, (time >> 5) & 63, (time & 31) * 2,
	};

	if (c.month < 1 || c.month > 12 || c.day < 1)
		return 0;
	return civil_to_unix(&c);
}

/* Without the volume's lock, as Linux's stat reads an inode: a write
 * under way may be seen half done (its size but not yet its time). */
static int fat_getattr_op(struct vnode *vn, struct vattr *a)
{
	const struct fat_node *n = &FN(vn)->node;
	bool dir = fnode_is_dir(n);
	uint32_t size = __atomic_load_n(&n->size, __ATOMIC_RELAXED);
	uint16_t wdate = n->wdate, wtime = n->wtime, adate = n->adate;

	a->ino = ino_of(n);
	if (n->orphan)
		a->nlink = 0;	/* unlinked, still open */
	a->mode = (dir ? S_IFDIR : S_IFREG) | ((n->attr & FAT_ATTR_READ_ONLY) ? 0555 : 0755);
	a->size = dir ? 0 : size;
	a->blocks = (a->size + 511) / 512;	/* POSIX's unit, whatever the disk's */
	a->blksize = 4096;
	a->mtime.sec = fat_time_to_unix(wdate, wtime);
	a->ctime = a->mtime;
	/* FAT keeps the access day only; with none, the write time stands in */
	a->atime.sec = adate ? fat_time_to_unix(adate, 0) : a->mtime.sec;
	return 0;
}

/* A time as FAT keeps it: clamped to 1980 .. 2107, as Linux's vfat does. */
static void fat_time_of(const struct kts *t, uint16_t *date, uint16_t *time)
{
	int64_t secs = t->sec < FAT_FIRST_SEC ? FAT_FIRST_SEC :
		       t->sec > FAT_LAST_SEC ? FAT_LAST_SEC : t->sec;
	struct civil c;

	unix_to_civil(secs, &c);
	*date = FAT_DATE(c.year, c.month, c.day);
	*time = FAT_TIME(c.hour, c.min, c.sec);
}

/* A new size: the cache's pages past it go (*cut: some did, so the
 * mappings holding them must let go too), or, when the file grows, the
 * stores past its old end do. */
static int resize_locked(struct fatfs *fs, struct fnode *f, uint64_t size, bool *cut)
{
	uint64_t old = f->node.size;

	if (fnode_is_dir(&f->node))
		return -EISDIR;
	textcache_drop(fs->vfs, f->node.first_cluster);
	int err = fat_truncate(&fs->vol, &f->node, size);
	if (err == 0 && size < old)
		*cut = fpc_cut(f, size);
	else if (err == 0)
		fpc_zero_tail(f, old);
	return err;
}

static int setattr_locked(struct fatfs *fs, struct fnode *f, const struct vsetattr *a,
			  bool *cut)
{
	struct fat_node *n = &f->node;
	uint16_t wdate = n->wdate, wtime = n->wtime, adate = n->adate, unused;

	if (a->mask & VA_SIZE) {
		int err = resize_locked(fs, f, a->size, cut);
		if (err < 0)
			return err;
	}
	if (!(a->mask & (VA_ATIME | VA_MTIME)))
		return 0;
	if (a->mask & VA_ATIME)
		fat_time_of(&a->atime, &adate, &unused);
	if (a->mask & VA_MTIME)
		fat_time_of(&a->mtime, &wdate, &wtime);
	return fat_set_times(&fs->vol, n, wdate, wtime, adate);
}

/*
 * chmod and chown as Linux's vfat with its defaults answers them
 * (fat_setattr, fat_sanitize_mode_change): the owner and group stay
 * root's, the r and x bits stay (0555) and no other bit comes; the w
 * bits (0200 after the umask 022) are all or none, and a regular file
 * without them is READ_ONLY (a directory keeps them). *ro: 1 to set
 * READ_ONLY, 0 to clear it, -1 to leave it. 0, or -EPERM.
 */
static int mode_owner_change(const struct fat_node *n, const struct vsetattr *a, int *ro)
{
	*ro = -1;
	if (((a->mask & VA_UID) && a->uid != 0) || ((a->mask & VA_GID) && a->gid != 0))
		return -EPERM;
	if (!(a->mask & VA_MODE))
		return 0;
	uint32_t w = a->mode & 0222;
	if ((a->mode & ~0777u) || (a->mode & 0555) != 0555 || (w != 0 && w != 0200))
		return -EPERM;
	if (fnode_is_dir(n))
		return w ? 0 : -EPERM;
	*ro = w == 0;
	return 0;
}

/* Sizes, times, and the READ_ONLY bit (mode_owner_change). */
static int fat_setattr_op(struct vnode *vn, const struct vsetattr *a)
{
	struct fatfs *fs = FS(vn);
	bool cut = false;
	int ro;

	if (vn->vfs->read_only)
		return -EROFS;
	lock(fs);
	/* a dead node's entry is free, or another file's now; an orphan has
	 * none, and changes itself alone */
	int err = FN(vn)->dead && !FN(vn)->node.orphan ? -ENOENT
						       : mode_owner_change(&FN(vn)->node, a, &ro);
	if (err == 0)
		err = setattr_locked(fs, FN(vn), a, &cut);
	if (err == 0 && ro >= 0 && ro != !!(FN(vn)->node.attr & FAT_ATTR_READ_ONLY))
		err = fat_set_readonly(&fs->vol, &FN(vn)->node, ro);
	unlock(fs);
	if (cut)
		filemap_shrunk(vn, a->size);
	return err;
}

/* An open file of vn: counted, so that unlink leaves its clusters
 * alone (an orphan); a node removed since the walk found it is not
 * opened. */
static int fat_open_op(struct vnode *vn, struct file *f, int flags)
{
	struct fatfs *fs = FS(vn);

	lock(fs);
	/* an orphan still open may be opened again (/proc/PID/fd) */
	int err = FN(vn)->dead && !(FN(vn)->node.orphan && FN(vn)->opens > 0) ? -ENOENT : 0;
	if (err == 0)
		FN(vn)->opens++;
	unlock(fs);
	return err;
}

/* The last close: no mapping is left, so what stores made of the cached
 * pages goes to the disk and the pages go (fat_pcache.c). */
static void fat_close_op(struct vnode *vn, struct file *f)
{
	struct fatfs *fs = FS(vn);
	struct fnode *n = FN(vn);

	lock(fs);
	if (--n->opens == 0 && n->pc.root) {
		int err = fpc_writeback(n);
		if (err < 0)
			klog("vfat: writing a mapped file back at its close failed (error %d)", -err);
		fpc_free(n);
	}
	if (n->opens == 0 && n->node.orphan)
		orphan_free(fs, n);
	unlock(fs);
}

/* read(2) into user memory goes straight from the block cache into the
 * user's pages (fat_read_user), found before the lock: only what the
 * file holds at off now is looked up, a read that grows past it (a
 * writer in between) looks up the rest under the lock. */
static long fat_read_op(struct vnode *vn, struct file *file, uint64_t off, struct uio *u)
{
	struct fnode *f = FN(vn);
	struct fatfs *fs = f->fs;
	long got;

	if (vn_is_dir(vn))
		return -EISDIR;
	/* a glance: a page lent meanwhile is as a write after this read */
	if (__atomic_load_n(&f->pc.npages, __ATOMIC_RELAXED))
		return fpc_read(f, off, u);
	if (u->user) {
		struct upages up;
		uint64_t size = f->node.size, n = u->resid;
		size_t want = off < size ? MIN(n, size - off) : 0;
		size_t ok = upages_get(&up, u->addr, want);
		if (ok < want) {	/* fill the pages before the first missing one */
			if (ok == 0)
				return -EFAULT;
			n = ok;
		}
		lock(fs);
		got = fat_read_user(f, off, &up, u->addr, n);
		unlock(fs);
	} else {
		lock(fs);
		got = fat_read(&fs->vol, &f->node, off, (void *)u->addr, u->resid);
		unlock(fs);
	}
	if (got > 0) {
		u->addr += got;
		u->resid -= got;
	}
	return got;
}

/* Copies up to k bytes of user memory at src to dst, as far as the
 * first page that cannot be read: the count copied. A write from a
 * buffer that runs into a hole stops short there, as Linux's does. */
static size_t copyin_upto_hole(void *dst, uint64_t src, size_t k)
{
	pagetable_t pt = myproc()->pagetable;
	size_t done = 0;

	if (copyin(pt, dst, src, k) == 0)
		return k;
	while (done < k) {
		size_t m = MIN(k - done, PGSIZE - (src + done) % PGSIZE);
		if (copyin(pt, (char *)dst + done, src + done, m) < 0)
			break;
		done += m;
	}
	return done;
}

/* Writes from user memory through the bounce buffer (the caller has
 * faulted its pages in), to the disk and to the pages the file lends
 * its mappings. fs->lock held. */
static long write_locked(struct fatfs *fs, struct fnode *f, uint64_t off, struct uio *u)
{
	long done = 0;

	if (f->pc.npages && off + u->resid > f->node.size)
		fpc_zero_tail(f, f->node.size);	/* the file grows */
	if (!u->user) {
		done = fat_write(&fs->vol, &f->node, off, (void *)u->addr, u->resid);
		if (done > 0 && f->pc.npages)
			fpc_written(f, off, (void *)u->addr, done);
		return done;
	}
	while ((uint64_t)done < u->resid) {
		size_t k = copyin_upto_hole(fs->bounce, u->addr + done,
					    MIN(u->resid - done, FAT_BOUNCE));
		long got = k ? fat_write(&fs->vol, &f->node, off + done, fs->bounce, k) : -EFAULT;
		if (got <= 0)
			return done > 0 ? done : got;
		if (f->pc.npages)
			fpc_written(f, off + done, fs->bounce, got);
		done += got;
		if ((size_t)got < k)
			break;
	}
	return done;
}

static long fat_write_op(struct vnode *vn, struct file *file, uint64_t off, struct uio *u)
{
	struct fnode *f = FN(vn);
	struct fatfs *fs = f->fs;

	if (vn_is_dir(vn))
		return -EISDIR;
	lock(fs);
	if (file && file->append)
		off = f->node.size;
	textcache_drop(fs->vfs, f->node.first_cluster);
	long put = write_locked(fs, f, off, u);
	if (put > 0) {
		if (file && file->append)
			file->off = off + put;
		u->addr += put;
		u->resid -= put;
	}
	unlock(fs);
	return put;
}

static int fat_getpages_op(struct vnode *vn, uint64_t off, void *const *pages, int npages)
{
	struct fatfs *fs = FS(vn);

	lock(fs);
	int err = fat_read_pages(FN(vn), off, pages, npages);
	if (err == 0 && FN(vn)->pc.npages)
		fpc_overlay(FN(vn), off, pages, npages);
	unlock(fs);
	return err;
}

static int fat_lendpage_op(struct vnode *vn, uint64_t off, bool write, void **page)
{
	struct fatfs *fs = FS(vn);

	lock(fs);
	int err = fpc_lend(FN(vn), off, write, page);
	unlock(fs);
	return err;
}

/* One write-back cache for every volume: fsync writes all of it, and
 * every volume's mapped pages (fat_sync_vfs). */
static int fat_fsync_op(struct vnode *vn)
{
	return vfs_sync_all();
}

static uint32_t fat_text_id(struct vnode *vn) { return FN(vn)->node.first_cluster; }

const struct vnode_ops fat_vnops = {
	.lookup = fat_lookup_op,
	.create = fat_create_op,
	.unlink = fat_unlink_op,
	.rename = fat_rename_op,
	.readdir = fat_readdir_op,
	.getattr = fat_getattr_op,
	.setattr = fat_setattr_op,
	.read = fat_read_op,
	.write = fat_write_op,
	.getpages = fat_getpages_op,
	.lendpage = fat_lendpage_op,
	.fsync = fat_fsync_op,
	.open = fat_open_op,
	.close = fat_close_op,
	.text_id = fat_text_id,
};
