/*
 * The layer's own state: node references and the ETXTBSY holds, the
 * registered file system types, and the mount table. A node's ref is
 * atomic, and so is its file system's count of referenced nodes
 * (vfs.active: umount is EBUSY while any but its root is). The mount
 * lock guards the table, each directory's mounted and each vfs's
 * covered: a walk crossing a mount point (vfs_cross) takes the mounted
 * root's reference under it, so umount, which checks and detaches
 * under it, never frees a file system a walk is entering.
 */
#include "kern/kern.h"
#include "dev/dev.h"
#include "fs/fs.h"
#include "fs/vfs.h"
#include "uapi/linux/mount.h"
#include "uapi/linux/stat.h"

#define NFSTYPE 8

static struct spinlock mount_lock = SPINLOCK_INIT("mounts", LOCK_LEAF);
static struct vfs vfstab[NMOUNT];
static struct vfs *rootfs;	/* set once, at boot */
static const struct fstype *types[NFSTYPE];

struct vnode *vref(struct vnode *vn)
{
	if (__atomic_fetch_add(&vn->ref, 1, __ATOMIC_ACQ_REL) == 0)
		__atomic_fetch_add(&vn->vfs->active, 1, __ATOMIC_ACQ_REL);
	return vn;
}

void vput(struct vnode *vn)
{
	if (!vn)
		return;
	int left = __atomic_sub_fetch(&vn->ref, 1, __ATOMIC_ACQ_REL);

	if (left < 0)
		panic("vput");
	if (left > 0)
		return;
	__atomic_fetch_sub(&vn->vfs->active, 1, __ATOMIC_ACQ_REL);
	if (vn->ops->inactive)
		vn->ops->inactive(vn);
}

/*
 * The ETXTBSY holds, as Linux's i_writecount: vn->writecount counts
 * writers up from 0 and programs down, and a hold of one kind is
 * refused while any of the other is held. One compare-and-swap, where
 * a spinlock pair cost some 150 instructions of every exec and exit.
 * vn->mapwritable is the same kind of count (Linux's i_mmap_writable):
 * shared mappings that may write count up, F_SEAL_WRITE's denial down,
 * for good (a seal is never taken off).
 */
static bool hold(int *count, int step)
{
	int n = __atomic_load_n(count, __ATOMIC_RELAXED);

	do {
		if (step > 0 ? n < 0 : n > 0)
			return false;
	} while (!__atomic_compare_exchange_n(count, &n, n + step, true,
					      __ATOMIC_ACQ_REL, __ATOMIC_RELAXED));
	return true;
}

static void drop(int *count, int step)
{
	int n = __atomic_sub_fetch(count, step, __ATOMIC_ACQ_REL);

	if (step > 0 ? n < 0 : n > 0)
		panic("vn_drop");
}

int vn_hold_writer(struct vnode *vn) { return hold(&vn->writecount, 1) ? 0 : -ETXTBSY; }
void vn_drop_writer(struct vnode *vn) { drop(&vn->writecount, 1); }
int vn_hold_text(struct vnode *vn) { return hold(&vn->writecount, -1) ? 0 : -ETXTBSY; }
void vn_drop_text(struct vnode *vn) { drop(&vn->writecount, -1); }
int vn_map_writable(struct vnode *vn) { return hold(&vn->mapwritable, 1) ? 0 : -EPERM; }
void vn_unmap_writable(struct vnode *vn) { drop(&vn->mapwritable, 1); }
int vn_deny_map_writable(struct vnode *vn) { return hold(&vn->mapwritable, -1) ? 0 : -EBUSY; }

int vfs_register(const struct fstype *t)
{
	for (int i = 0; i < NFSTYPE; i++) {
		if (!types[i]) {
			types[i] = t;
			return 0;
		}
	}
	return -ENOSPC;
}

const struct fstype *vfs_type_at(int i)
{
	return i >= 0 && i < NFSTYPE ? types[i] : NULL;
}

static const struct fstype *find_type(const char *name)
{
	for (int i = 0; i < NFSTYPE && types[i]; i++)
		if (strcmp(types[i]->name, name) == 0)
			return types[i];
	return NULL;
}

int vfs_type_needs_dev(const char *name)
{
	const struct fstype *t = find_type(name);

	return !t ? -ENODEV : t->needs_dev;
}

struct vnode *vfs_root(void) { return rootfs ? vref(rootfs->root) : NULL; }
bool vfs_mounted(void) { return rootfs != NULL; }

struct vnode *vfs_cross(struct vnode *vn)
{
	if (!vn->mounted)	/* a plain read: the common case takes no lock */
		return vn;
	acquire(&mount_lock);
	while (vn->mounted) {
		struct vnode *root = vref(vn->mounted->root);
		release(&mount_lock);
		vput(vn);
		vn = root;
		acquire(&mount_lock);
	}
	release(&mount_lock);
	return vn;
}

/* A free slot of the table, taken (used), or NULL; and -EBUSY in *err
 * if dev is already mounted (or shares sectors with a mounted one) or
 * on is a file system's root already. */
static struct vfs *take_slot(struct bdev *dev, struct vnode *on, int *err)
{
	struct vfs *slot = NULL;

	*err = -ENOSPC;	/* Linux's limit on mounts */
	acquire(&mount_lock);
	for (struct vfs *v = vfstab; v < vfstab + NMOUNT; v++) {
		if (v->used && ((dev && v->dev && bdev_overlap(v->dev, dev)) ||
				(on && v->root == on))) {
			slot = NULL;
			*err = -EBUSY;
			break;
		}
		if (!v->used && !slot)
			slot = v;
	}
	if (slot) {
		memset(slot, 0, sizeof(*slot));
		slot->used = true;
	}
	release(&mount_lock);
	return slot;
}

int vfs_mount(const char *type, const char *source, struct vnode *on, unsigned long flags,
	      const char *options)
{
	const struct fstype *t = find_type(type);
	struct bdev *dev = NULL;
	int err;

	if (!t)
		return -ENODEV;
	if (t->needs_dev && !(dev = bdev_find(source)))
		return -ENOTBLK;
	struct vfs *v = take_slot(dev, on, &err);
	if (!v)
		return err;
	v->type = t;
	v->dev = dev;
	v->devno = dev ? bdev_devno(dev) : (uint64_t)(v - vfstab + 20);	/* 0:N, as Linux's */
	v->read_only = (flags & MS_RDONLY) || (dev && bdev_read_only(dev));
	strlcpy(v->source, source, sizeof(v->source));
	if ((err = t->mount(v, dev, options)) == 0 && on && !vn_is_dir(on)) {
		t->unmount(v);
		err = -ENOTDIR;	/* Linux checks the target after the source */
	}
	if (err < 0) {
		v->used = false;
		return err;
	}
	acquire(&mount_lock);
	if (on) {
		v->covered = vref(on);
		on->mounted = v;
	} else {
		rootfs = v;
	}
	release(&mount_lock);
	vfs_names_changed();	/* paths below on are on v now */
	return 0;
}

int vfs_umount(struct vnode *root)
{
	struct vfs *v = root->vfs;
	int err = 0;

	vfs_names_changed();	/* the paths remembered hold nodes of it */
	acquire(&mount_lock);
	if (v->root != root)
		err = -EINVAL;	/* not a mount point */
	else if (!v->covered || __atomic_load_n(&v->active, __ATOMIC_ACQUIRE) > 1 ||
		 __atomic_load_n(&root->ref, __ATOMIC_ACQUIRE) > 2)
		err = -EBUSY;	/* "/", or a node of it in use (2: the caller's, the vfs's) */
	struct vnode *covered = v->covered;
	if (err == 0)
		covered->mounted = NULL;	/* no walk enters it now */
	release(&mount_lock);
	if (err < 0)
		return err;
	if (v->type->sync)
		v->type->sync(v);
	v->type->unmount(v);
	vput(covered);
	acquire(&mount_lock);
	v->used = false;
	release(&mount_lock);
	return 0;
}

/* Whether v is mounted and not on its way out (umount detached it).
 * Mount lock held. */
static bool attached(const struct vfs *v)
{
	return v->used && v->root && (!v->covered || v->covered->mounted == v);
}

/*
 * fn may sleep (FAT's sync, a path of the mount point), so it runs
 * without the mount lock: each file system's root is referenced under
 * the lock first, which keeps umount from freeing it meanwhile (EBUSY).
 */
void vfs_each(void (*fn)(struct vfs *vfs, void *arg), void *arg)
{
	struct vfs *held[NMOUNT];
	int n = 0;

	acquire(&mount_lock);
	for (struct vfs *v = vfstab; v < vfstab + NMOUNT; v++)
		if (attached(v))
			held[n++] = vref(v->root)->vfs;
	release(&mount_lock);
	for (int i = 0; i < n; i++) {
		fn(held[i], arg);
		vput(held[i]->root);
	}
}

static void sync_one(struct vfs *v, void *arg)
{
	int *err = arg;

	if (v->type->sync && !v->read_only) {
		int e = v->type->sync(v);
		if (e < 0 && *err == 0)
			*err = e;
	}
}

/* Every file system's own state (FAT: FSInfo), then every dirty cached
 * sector, to the disks. */
int vfs_sync_all(void)
{
	int err = 0;

	vfs_each(sync_one, &err);
	int e2 = bflush();
	return err < 0 ? err : e2;
}

/* One file system's own state, then the dirty cached sectors (syncfs):
 * the sector cache flushes every disk's at once, which is more than
 * this file system's and never less; a type with no disk (tmpfs) has
 * nothing to write. */
int vfs_sync(struct vfs *v)
{
	int err = 0;

	sync_one(v, &err);
	if (!v->dev)
		return err;
	int e2 = bflush();
	return err < 0 ? err : e2;
}

static void poweroff_one(struct vfs *v, void *arg)
{
	(void)arg;
	if (v->type->poweroff)
		v->type->poweroff(v);
}

/* The machine stops: what only open files hold is let go (no process
 * will close them), then everything goes to the disks. */
int vfs_poweroff(void)
{
	vfs_each(poweroff_one, NULL);
	return vfs_sync_all();
}

void vn_ident(struct vnode *vn, uint64_t *dev, uint64_t *ino)
{
	struct vattr a = { 0 };

	*dev = vn->vfs->devno;
	*ino = vn->ops->getattr && vn->ops->getattr(vn, &a) == 0 ? a.ino : 0;
}

int vn_getattr(struct vnode *vn, struct kstat *st)
{
	struct vattr a = { .nlink = 1, .blksize = PGSIZE };
	int err = vn->ops->getattr ? vn->ops->getattr(vn, &a) : 0;

	if (err < 0)
		return err;
	/* each field stored, the padding too: Linux's layout is fixed, and
	 * a memset first is a call and 16 stores more in every stat */
	st->st_dev = vn->vfs->devno;
	st->st_ino = a.ino;
	st->st_mode = a.mode ? a.mode : vn->type;
	st->st_nlink = a.nlink;
	st->st_uid = a.uid;
	st->st_gid = a.gid;
	st->st_rdev = a.rdev;
	st->__pad1 = 0;
	st->st_size = a.size;
	st->st_blksize = a.blksize;
	st->__pad2 = 0;
	st->st_blocks = a.blocks;
	st->st_atime_sec = a.atime.sec;
	st->st_atime_nsec = a.atime.nsec;
	st->st_mtime_sec = a.mtime.sec;
	st->st_mtime_nsec = a.mtime.nsec;
	st->st_ctime_sec = a.ctime.sec;
	st->st_ctime_nsec = a.ctime.nsec;
	st->__unused4 = 0;
	st->__unused5 = 0;
	return 0;
}

/* The root: the first disk (vda, or mmcblk0) if it is a FAT32 volume,
 * else its first partition that is. */
static void mount_root(void)
{
	char source[32];
	struct bdev *b;

	for (int i = 0; (b = bdev_get(i)) && b->disk == 0; i++) {
		snprintf(source, sizeof(source), "/dev/%s", b->name);
		if (vfs_mount("vfat", source, NULL, 0, "") == 0)
			return;
	}
	kprintf("no FAT32 volume on %s or its partitions",
		disk_count() ? disk_name(0) : "any disk (there is none)");
}

/* What boot mounts on the root, where the directory exists. */
static const struct {
	const char *type, *source, *path;
} boot_mounts[] = {
	{ "tmpfs", "tmpfs", "/tmp" },
	{ "devtmpfs", "devtmpfs", "/dev" },
	{ "tmpfs", "tmpfs", "/dev/shm" },	/* shm_open's and sem_open's, as Linux's */
	{ "proc", "proc", "/proc" },
};

void vfs_mount_boot(void)
{
	mount_root();
	if (!rootfs)
		return;
	for (size_t i = 0; i < ARRAY_SIZE(boot_mounts); i++) {
		struct vnode *root = vfs_root(), *on;
		int err = -ENODEV;
		if (find_type(boot_mounts[i].type) &&
		    (err = namei(root, boot_mounts[i].path, WALK_FOLLOW | WALK_DIR, &on)) == 0) {
			err = vfs_mount(boot_mounts[i].type, boot_mounts[i].source, on, 0, "");
			vput(on);
		}
		vput(root);
		if (err < 0)
			klog("%s not mounted on %s (error %d)", boot_mounts[i].type,
			     boot_mounts[i].path, -err);
	}
}

/* At boot, from the first process (mounting sleeps on the disk): the
 * block devices, the file system types, and the boot mounts. */
void fsinit(void)
{
	bdev_probe();	/* reads partition tables */
	fatfs_register();
	tmpfs_register();
	devfs_init();	/* lists the block devices bdev_probe found */
	procfs_init();
	memfd_init();
	vfs_mount_boot();
}
