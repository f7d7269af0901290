/*
 * The "vfat" type: mounting a FAT32 volume from a block device, its
 * statfs and sync, and its table of nodes (struct fnode, fatfs.h).
 *
 * A node is found by its identity (a directory's first cluster, a
 * file's entry) under the volume's lock, which every operation that
 * finds, fills or changes nodes holds. fnode_lock guards only each
 * slot's used and last_use, so that the last reference's going
 * (fnode_inactive, from vput, with no lock held) can mark a node kept
 * without waiting for the volume: it checks, under fnode_lock, that no
 * lookup took a new reference meanwhile.
 */
#include "kern/kern.h"
#include "dev/dev.h"
#include "mm/mm.h"
#include "fs/fs.h"
#include "fs/fatfs.h"
#include "uapi/linux/magic.h"

_Static_assert(FAT_SECTOR_SIZE == SECTOR_SIZE, "the FAT library's sector is a disk's");


#define VFAT_NAMELEN 1530	/* Linux's: 255 UTF-16 units of up to 6 bytes */

static struct fatfs vols[NFATVOL];
static struct spinlock vols_lock = SPINLOCK_INIT("fatvols", LOCK_LEAF);
static struct spinlock fnode_lock = SPINLOCK_INIT("fnodes", LOCK_LEAF);
static uint64_t fnode_clock;	/* counts last references going, for last_use */

/* Whether two nodes are one file or directory (see struct fnode). */
static bool same(const struct fat_node *a, const struct fat_node *b)
{
	if (fnode_is_dir(a) != fnode_is_dir(b))
		return false;
	if (fnode_is_dir(a))
		return a->first_cluster == b->first_cluster;
	return a->dir_cluster == b->dir_cluster && a->dir_offset == b->dir_offset;
}

/* The node of n, referenced or kept (kept_too), or NULL. fs->lock held. */
struct fnode *fnode_find(struct fatfs *fs, const struct fat_node *n, bool kept_too)
{
	struct fnode *found = NULL;

	acquire(&fnode_lock);
	for (struct fnode *f = fs->nodes; f < fs->nodes + NFNODE && !found; f++)
		if (f->used && !f->dead && same(&f->node, n) && (kept_too || f->vn.ref > 0))
			found = f;
	release(&fnode_lock);
	return found;
}

/* A slot for a new node: an empty one, else the kept node whose last
 * reference went first; NULL if every node is referenced. fnode_lock
 * held. */
static struct fnode *free_slot(struct fatfs *fs)
{
	struct fnode *oldest = NULL;

	for (struct fnode *f = fs->nodes; f < fs->nodes + NFNODE; f++) {
		if (f->vn.ref > 0)
			continue;
		if (!f->used)
			return f;
		if (!oldest || f->last_use < oldest->last_use)
			oldest = f;
	}
	return oldest;
}

/* Fills slot f for n: a kept node of this very chain keeps its runs. */
static void fill(struct fatfs *fs, struct fnode *f, const struct fat_node *n, bool kept)
{
	bool runs_true = kept && !fnode_is_dir(n) && f->node.first_cluster == n->first_cluster &&
			 f->node.size == n->size;
	struct fat_node fresh = *n;

	if (runs_true) {
		memcpy(fresh.runs, f->node.runs, sizeof(fresh.runs));
		fresh.run_last = f->node.run_last;
	}
	f->node = fresh;
	f->fs = fs;
	f->dead = false;
	f->vn = (struct vnode){
		.type = fnode_is_dir(n) ? S_IFDIR : S_IFREG,
		.vfs = fs->vfs, .ops = &fat_vnops, .priv = f,
	};
}

/*
 * A reference to the node of the file or directory n (as a lookup
 * found it): the referenced one if there is one (whose contents are
 * the truth: its size, its run cache), else a kept one made true, else
 * a new one. -ENFILE if every slot is referenced. fs->lock held.
 */
int fnode_get(struct fatfs *fs, const struct fat_node *n, struct vnode **out)
{
	struct fnode *f = fnode_find(fs, n, true);
	bool kept = f != NULL;

	acquire(&fnode_lock);
	if (!f && (f = free_slot(fs)) != NULL)
		f->used = false;
	release(&fnode_lock);
	if (!f)
		return -ENFILE;
	if (f->vn.ref == 0)	/* nothing holds it: only we change it */
		fill(fs, f, n, kept);
	acquire(&fnode_lock);
	f->used = true;
	release(&fnode_lock);
	*out = vref(&f->vn);
	return 0;
}

/* Forgets the kept node of n: its entry is going or moving, or its
 * directory is removed. fs->lock held. */
void fnode_forget(struct fatfs *fs, const struct fat_node *n)
{
	struct fnode *f = fnode_find(fs, n, true);

	acquire(&fnode_lock);
	if (f && f->vn.ref == 0)
		f->used = false;
	release(&fnode_lock);
}

/* The last reference went: the node is kept, the oldest first reused;
 * a removed directory's is let go. */
void fnode_inactive(struct vnode *vn)
{
	struct fnode *f = FN(vn);

	acquire(&fnode_lock);
	if (__atomic_load_n(&vn->ref, __ATOMIC_ACQUIRE) == 0) {
		f->last_use = ++fnode_clock;
		if (__atomic_load_n(&f->dead, __ATOMIC_ACQUIRE))
			f->used = false;
	}
	release(&fnode_lock);
}

static int dev_read(void *ctx, uint64_t lba, uint32_t count, void *buf, uint32_t ahead)
{
	return bdev_read(ctx, lba, count, buf, ahead == FAT_AHEAD_UNKNOWN ? READ_AHEAD_ANY : ahead);
}

static int dev_write(void *ctx, uint64_t lba, uint32_t count, const void *buf)
{
	return bdev_write(ctx, lba, count, buf);
}

/* Timestamps for FAT entries, from the RTC (FAT stores local time: UTC here). */
static void fat_clock(void *ctx, uint16_t *date, uint16_t *time)
{
	struct civil c;

	(void)ctx;
	unix_to_civil(realtime_ns() / 1000000000, &c);
	if (c.year < 1980 || c.year > 2107)
		c = (struct civil){ 2026, 1, 1, 0, 0, 0 };
	*date = FAT_DATE(c.year, c.month, c.day);
	*time = FAT_TIME(c.hour, c.min, c.sec);
}

static struct fatfs *vol_slot(void)
{
	struct fatfs *fs = NULL;

	acquire(&vols_lock);
	for (struct fatfs *v = vols; v < vols + NFATVOL && !fs; v++)
		if (!v->used)
			fs = v;
	if (fs)
		fs->used = true;
	release(&vols_lock);
	return fs;
}

/* Reads dev's FAT32 volume into a slot of vols; the root's node is
 * the vfs's root. */
static int fat_mount_vfs(struct vfs *vfs, struct bdev *dev, const char *options)
{
	struct fatfs *fs = vol_slot();
	struct fat_node root;
	int err;

	if (!fs)
		return -ENOSPC;
	initsleeplock(&fs->lock, "fat", SLEEP_FS);
	memset(fs->nodes, 0, sizeof(fs->nodes));
	fs->vfs = vfs;
	fs->dev = dev;
	fs->io = (struct blkdev){ dev, dev_read, vfs->read_only ? NULL : dev_write };
	if ((err = fat_mount(&fs->vol, &fs->io, 0)) < 0) {
		fs->used = false;
		return err == -EIO ? -EIO : -EINVAL;	/* Linux: not this filesystem */
	}
	fs->vol.clock = fat_clock;
	vfs->priv = fs;
	fat_root(&fs->vol, &root);
	acquiresleep(&fs->lock);
	err = fnode_get(fs, &root, &vfs->root);
	releasesleep(&fs->lock);
	klog("FAT32 mounted: %s, %u clusters of %u bytes%s", dev->name, fs->vol.nclusters,
	     fs->vol.clus_bytes, vfs->read_only ? ", read-only" : "");
	return err;
}

/* FSInfo to the disk. */
static int fat_sync_vfs(struct vfs *vfs)
{
	struct fatfs *fs = vfs->priv;

	if (vfs->read_only)
		return 0;
	acquiresleep(&fs->lock);
	int err = fat_sync(&fs->vol);
	releasesleep(&fs->lock);
	return err;
}

/* The layer has checked nothing of it is referenced but its root. */
static void fat_unmount_vfs(struct vfs *vfs)
{
	struct fatfs *fs = vfs->priv;

	bflush();	/* everything of the volume to its disk before it is let go */
	klog("%s unmounted", fs->dev->name);
	textcache_drop_volume(vfs);	/* the vfs may be another volume next */
	acquire(&fnode_lock);
	for (struct fnode *f = fs->nodes; f < fs->nodes + NFNODE; f++)
		f->used = false;
	release(&fnode_lock);
	fs->used = false;
}

static int fat_statfs(struct vfs *vfs, struct vstatfs *out)
{
	struct fatfs *fs = vfs->priv;
	uint32_t free = 0;

	acquiresleep(&fs->lock);
	int err = fat_free_clusters(&fs->vol, &free);
	releasesleep(&fs->lock);
	if (err < 0)
		return err;
	*out = (struct vstatfs){
		.type = MSDOS_SUPER_MAGIC, .bsize = fs->vol.clus_bytes,
		.blocks = fs->vol.nclusters, .bfree = free, .bavail = free,
		.namelen = VFAT_NAMELEN,
	};
	return 0;
}

static const struct fstype vfat = {
	.name = "vfat", .needs_dev = true, .mount = fat_mount_vfs, .statfs = fat_statfs,
	.sync = fat_sync_vfs, .unmount = fat_unmount_vfs,
};
static const struct fstype msdos = {
	.name = "msdos", .needs_dev = true, .mount = fat_mount_vfs, .statfs = fat_statfs,
	.sync = fat_sync_vfs, .unmount = fat_unmount_vfs,
};

void fatfs_register(void)
{
	vfs_register(&vfat);
	vfs_register(&msdos);
}
