/*
 * The "vfat" type: mounting a FAT32 volume from a block device, its
 * statfs and sync, and its table of nodes (struct fnode, fatfs.h).
 *
 * A node is found by its identity (a directory's first cluster, a
 * file's entry) under the volume's lock, which every operation that
 * finds, fills or changes nodes holds. fnode_lock guards each slot's
 * used, gen and key, the hash chains of keys and the name cache, so
 * that a walk through remembered directories takes no volume lock.
 * Each change of a slot's used, key or chain holds both locks: a
 * caller holding the volume's lock reads them without fnode_lock (a
 * lookup's node found takes no spinlock).
 * A node's last reference going needs nothing of the type: the node
 * is kept as it is.
 */
#include "kern/kern.h"
#include "dev/dev.h"
#include "mm/mm.h"
#include "fs/fs.h"
#include "fs/vfat/fatfs.h"
#include "uapi/linux/magic.h"

_Static_assert(FAT_SECTOR_SIZE == SECTOR_SIZE, "the FAT library's sector is a disk's");


#define VFAT_NAMELEN 1530	/* Linux's: 255 UTF-16 units of up to 6 bytes */

static struct fatfs vols[NFATVOL];
static struct spinlock vols_lock = SPINLOCK_INIT("fatvols", LOCK_LEAF);
static struct spinlock fnode_lock = SPINLOCK_INIT("fnodes", LOCK_LEAF);

/* A node's identity (see struct fnode): a directory's first cluster,
 * a file's entry. */
static uint64_t key_of(const struct fat_node *n)
{
	if (fnode_is_dir(n))
		return 1ULL << 63 | n->first_cluster;
	return (uint64_t)n->dir_cluster << 32 | n->dir_offset;
}

static unsigned hash_of(uint64_t key)
{
	return (key * 0x9e3779b97f4a7c15ull) >> 54;	/* 10 bits: NFNODE chains */
}
_Static_assert(NFNODE == 1024, "hash_of gives 10 bits");

/* The node with identity key, referenced (or kept, if kept_too), or
 * NULL. fnode_lock or fs->lock held. */
static struct fnode *find_locked(struct fatfs *fs, uint64_t key, bool kept_too)
{
	for (int i = fs->hash[hash_of(key)]; i >= 0; i = fs->nodes[i].hnext) {
		struct fnode *f = &fs->nodes[i];
		if (f->key == key && f->used && !f->dead)
			return kept_too || f->vn.ref > 0 ? f : NULL;
	}
	return NULL;
}

/* Files slot f under key in the hash chains. fnode_lock held. */
static void rekey(struct fatfs *fs, struct fnode *f, uint64_t key)
{
	int16_t *link = &fs->hash[hash_of(f->key)], me = f - fs->nodes;

	while (*link >= 0 && *link != me)
		link = &fs->nodes[*link].hnext;
	if (*link == me)
		*link = f->hnext;
	f->key = key;
	f->hnext = fs->hash[hash_of(key)];
	fs->hash[hash_of(key)] = me;
}

/* The slot a new node takes: the first not referenced from the clock
 * hand on (a kept node goes when the hand comes round to it); NULL if
 * every node is referenced. fnode_lock held. */
static struct fnode *free_slot(struct fatfs *fs)
{
	for (int i = 0; i < NFNODE; i++) {
		struct fnode *f = &fs->nodes[fs->hand++ % NFNODE];
		if (f->vn.ref == 0)
			return f;
	}
	return NULL;
}

/* The node of n, referenced or kept (kept_too), or NULL. fs->lock held. */
struct fnode *fnode_find(struct fatfs *fs, const struct fat_node *n, bool kept_too)
{
	return find_locked(fs, key_of(n), kept_too);
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
	f->opens = 0;
	f->vn = (struct vnode){
		.type = fnode_is_dir(n) ? S_IFDIR : S_IFREG,
		.vfs = fs->vfs, .ops = &fat_vnops, .priv = f,
	};
}

/* Whether kept node f still tells n's truth: the same chain (its runs
 * hold) and size. Its times are taken from the entry as found. */
static bool kept_true(struct fnode *f, const struct fat_node *n)
{
	if (f->node.first_cluster != n->first_cluster || f->node.size != n->size ||
	    f->node.attr != n->attr)
		return false;
	f->node.wdate = n->wdate;
	f->node.wtime = n->wtime;
	f->node.adate = n->adate;
	return true;
}

/*
 * A reference to the node of the file or directory n (as a lookup
 * found it): the referenced one if there is one (whose contents are
 * the truth: its size, its run cache), else a kept one (refilled if it
 * no longer matches the entry), else a new one. -ENFILE if every slot
 * is referenced. fs->lock held; a slot being filled is not in use
 * (used false), so no lookup of the name cache takes it meanwhile.
 */
int fnode_get(struct fatfs *fs, const struct fat_node *n, struct vnode **out)
{
	uint64_t key = key_of(n);
	struct fnode *f = find_locked(fs, key, true);

	/* a reference the name cache takes meanwhile is atomic as ours */
	if (f && (f->vn.ref > 0 || kept_true(f, n))) {
		*out = vref(&f->vn);
		return 0;
	}
	bool kept = f != NULL;
	acquire(&fnode_lock);
	if (kept && f->vn.ref > 0) {	/* the name cache took it meanwhile */
		*out = vref(&f->vn);
		release(&fnode_lock);
		return 0;
	}
	if (!f && !(f = free_slot(fs))) {
		release(&fnode_lock);
		return -ENFILE;
	}
	f->used = false;
	f->gen++;
	release(&fnode_lock);
	fill(fs, f, n, kept);
	acquire(&fnode_lock);
	rekey(fs, f, key);
	f->used = true;
	*out = vref(&f->vn);
	release(&fnode_lock);
	return 0;
}

/* Forgets the kept node of n: its entry is going or moving, or its
 * directory is removed. fs->lock held. */
void fnode_forget(struct fatfs *fs, const struct fat_node *n)
{
	acquire(&fnode_lock);
	struct fnode *f = find_locked(fs, key_of(n), true);
	if (f && f->vn.ref == 0)
		f->used = false;
	release(&fnode_lock);
}

/* f's entry moved (a rename): a file's identity goes with it. fs->lock held. */
void fnode_moved(struct fnode *f, uint32_t dir_cluster, uint32_t dir_offset)
{
	acquire(&fnode_lock);
	f->node.dir_cluster = dir_cluster;
	f->node.dir_offset = dir_offset;
	rekey(f->fs, f, key_of(&f->node));
	release(&fnode_lock);
}

/*
 * The name cache: a directory's name for a directory in it, so that a
 * walk through directories it went through lately takes no volume lock
 * and reads no entry (as dircache did for whole paths). An entry holds
 * only while its slot holds the same node (gen); the names of a volume
 * change under it only by rename and rmdir, which forget them all.
 */
static struct dname *dname_slot(struct fatfs *fs, uint32_t dir, const char *name, size_t len)
{
	uint32_t h = 2166136261u ^ dir;

	for (size_t i = 0; i < len; i++)
		h = (h ^ (uint8_t)name[i]) * 16777619u;
	return &fs->dnames[h % NDNAME];
}

/* The directory name names in dir, referenced, if remembered. A slot
 * that does not look like it is passed over without the lock. */
bool dname_get(struct fatfs *fs, struct fnode *dir, const char *name, struct vnode **out)
{
	size_t len = strlen(name);
	uint32_t c = dir->node.first_cluster;
	bool hit = false;

	if (len > DNAME_MAX)
		return false;
	struct dname *d = dname_slot(fs, c, name, len);
	if (!d->f || d->dir != c || d->len != len || memcmp(d->name, name, len) != 0)
		return false;
	acquire(&fnode_lock);
	if (d->f && d->dir == c && d->len == len && memcmp(d->name, name, len) == 0 &&
	    d->f->used && d->f->gen == d->gen && !d->f->dead) {
		*out = vref(&d->f->vn);
		hit = true;
	}
	release(&fnode_lock);
	return hit;
}

/* Remembers that name in dir is directory f. fs->lock held. */
void dname_put(struct fatfs *fs, struct fnode *dir, const char *name, struct fnode *f)
{
	if (!vn_is_dir(&f->vn))
		return;
	size_t len = strlen(name);
	if (len > DNAME_MAX)
		return;
	struct dname *d = dname_slot(fs, dir->node.first_cluster, name, len);
	acquire(&fnode_lock);
	*d = (struct dname){ f, f->gen, dir->node.first_cluster, len, { 0 } };
	memcpy(d->name, name, len);
	release(&fnode_lock);
}

/* A rename or rmdir: every remembered name may be wrong now. */
void dname_forget(struct fatfs *fs)
{
	acquire(&fnode_lock);
	for (int i = 0; i < NDNAME; i++)
		fs->dnames[i].f = NULL;
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
	memset(fs->dnames, 0, sizeof(fs->dnames));
	for (int i = 0; i < NFNODE; i++) {	/* every slot chained under key 0 */
		fs->hash[i] = -1;
		fs->nodes[i].hnext = i + 1 < NFNODE ? i + 1 : -1;
	}
	fs->hash[hash_of(0)] = 0;
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

/* What stores through shared mappings changed, and FSInfo, to the disk. */
static int fat_sync_vfs(struct vfs *vfs)
{
	struct fatfs *fs = vfs->priv;

	if (vfs->read_only)
		return 0;
	acquiresleep(&fs->lock);
	int err = fpc_sync(fs);
	int e2 = fat_sync(&fs->vol);
	releasesleep(&fs->lock);
	return err < 0 ? err : e2;
}

/* The machine stops: the files unlinked while open (fat_vnops.c). */
static void fat_poweroff_vfs(struct vfs *vfs)
{
	if (!vfs->read_only)
		fat_orphans_free(vfs->priv);
}

/* The layer has checked nothing of it is referenced but its root. */
static void fat_unmount_vfs(struct vfs *vfs)
{
	struct fatfs *fs = vfs->priv;

	bflush();	/* everything of the volume to its disk before it is let go */
	klog("%s unmounted", fs->dev->name);
	textcache_drop_volume(vfs);	/* the vfs may be another volume next */
	dname_forget(fs);
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
	.name = "vfat", .needs_dev = true, .stable_names = true, .mount = fat_mount_vfs,
	.statfs = fat_statfs, .sync = fat_sync_vfs, .poweroff = fat_poweroff_vfs,
	.unmount = fat_unmount_vfs,
};
static const struct fstype msdos = {
	.name = "msdos", .needs_dev = true, .stable_names = true, .mount = fat_mount_vfs,
	.statfs = fat_statfs, .sync = fat_sync_vfs, .poweroff = fat_poweroff_vfs,
	.unmount = fat_unmount_vfs,
};

void fatfs_register(void)
{
	vfs_register(&vfat);
	vfs_register(&msdos);
}
