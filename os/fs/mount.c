/*
 * The mount table: the root FAT volume, mounted at boot, and the volumes
 * mount(2) adds on directories. Paths are absolute and normalised before
 * they get here, so finding the volume a path is on is finding the
 * longest mount point that is a prefix of it, and ".." out of a
 * volume's root has already become its mount point's parent. The fs
 * lock guards the table; the root's entry never changes after boot.
 */
#include "kern/kern.h"
#include "dev/dev.h"
#include "mm/mm.h"
#include "fs/fs.h"
#include "fs/file.h"
#include "uapi/linux/mount.h"

_Static_assert(FAT_SECTOR_SIZE == SECTOR_SIZE, "the FAT library's sector is a disk's");

static struct mount mounts[NMOUNT];

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

/* Whether path is dir or below it (dir of length len, "/" holds all). */
static bool path_within(const char *path, const char *dir, size_t len)
{
	if (len == 1)
		return true;
	return strncmp(path, dir, len) == 0 && (path[len] == 0 || path[len] == '/');
}

/*
 * The volume abspath is on, and in *rel the path within it ("/" for its
 * root). NULL before the root is mounted.
 */
struct mount *mount_find(const char *abspath, const char **rel)
{
	struct mount *best = NULL;

	for (struct mount *m = mounts; m < mounts + NMOUNT; m++)
		if (m->used && path_within(abspath, m->path, m->pathlen) &&
		    (!best || m->pathlen > best->pathlen))
			best = m;
	if (best && rel) {
		*rel = best->pathlen == 1 ? abspath : abspath + best->pathlen;
		if (**rel == 0)
			*rel = "/";
	}
	return best;
}

/* Whether a volume other than the root is mounted at path or below
 * it (such a directory cannot be renamed). Lock held. */
bool mount_below(const char *path)
{
	size_t len = strlen(path);

	for (struct mount *m = mounts + 1; m < mounts + NMOUNT; m++)
		if (m->used && path_within(m->path, path, len))
			return true;
	return false;
}

/* Reads dev's FAT32 volume into m, to be reached at path; the caller
 * sets m->used. */
static int mount_volume(struct mount *m, struct bdev *dev, const char *path, bool ro)
{
	m->dev = dev;
	m->read_only = ro || bdev_read_only(dev);
	m->io = (struct blkdev){ dev, dev_read, m->read_only ? NULL : dev_write };
	int err = fat_mount(&m->vol, &m->io, 0);
	if (err < 0)
		return err == -EIO ? -EIO : -EINVAL;	/* Linux: not this filesystem */
	m->vol.clock = fat_clock;
	strlcpy(m->path, path, sizeof(m->path));
	m->pathlen = strlen(m->path);
	return 0;
}

static void mount_done(struct mount *m)
{
	m->used = true;
	dircache_forget();	/* paths below m->path are on m now */
	klog("FAT32 mounted: %s on %s, %u clusters of %u bytes%s", m->dev->name, m->path,
	     m->vol.nclusters, m->vol.clus_bytes, m->read_only ? ", read-only" : "");
}

/* At boot: the first disk (vda, or mmcblk0) if it is a FAT32 volume,
 * else its first partition that is. */
void mount_root(void)
{
	struct bdev *b;

	for (int i = 0; (b = bdev_get(i)) && b->disk == 0; i++) {
		if (mount_volume(&mounts[0], b, "/", false) == 0) {
			mount_done(&mounts[0]);
			return;
		}
	}
	kprintf("no FAT32 volume on %s or its partitions",
		disk_count() ? disk_name(0) : "any disk (there is none)");
}

/* Whether abspath is on a volume mounted read-only. */
bool fs_read_only(const char *abspath)
{
	fs_lock();
	struct mount *m = mount_find(abspath, NULL);
	bool ro = m && m->read_only;
	fs_unlock();
	return ro;
}

/* FSInfo of every volume to its disk. Lock held. */
int mount_sync_all(void)
{
	int err = 0;

	for (struct mount *m = mounts; m < mounts + NMOUNT; m++) {
		if (!m->used || m->read_only)
			continue;
		int e = fat_sync(&m->vol);
		if (e < 0 && err == 0)
			err = e;
	}
	return err;
}

/* Whether the device is in use by a mounted volume (or shares sectors
 * with one: a disk and its partitions). Lock held. */
static bool dev_in_use(const struct bdev *dev)
{
	for (struct mount *m = mounts; m < mounts + NMOUNT; m++)
		if (m->used && bdev_overlap(m->dev, dev))
			return true;
	return false;
}

/* The table's free entry, or NULL. Lock held. */
static struct mount *mount_slot(void)
{
	for (struct mount *m = mounts; m < mounts + NMOUNT; m++)
		if (!m->used)
			return m;
	return NULL;
}

/*
 * mount(2)'s part after its arguments are read: mounts the FAT32 volume
 * on dev at target, an existing directory. Errors as Linux orders them:
 * the target must exist, then the device must hold the filesystem
 * (EINVAL), then the target must be a directory.
 */
int fs_mount(const char *devpath, const char *target, bool ro)
{
	struct fat_node node, dirnode;
	struct bdev *dev = bdev_find(devpath);
	int err;

	fs_lock();
	if ((err = fs_walk_locked(target, &dirnode)) < 0)
		goto out;
	if (!dev) {
		err = fs_walk_locked(devpath, &node) < 0 ? -ENOENT : -ENOTBLK;
		goto out;
	}
	const char *rel;
	struct mount *on = mount_find(target, &rel);
	struct mount *m = mount_slot();
	if (dev_in_use(dev) || (on && strcmp(rel, "/") == 0)) {
		err = -EBUSY;	/* a device once, a directory once */
	} else if (!m) {
		err = -ENOSPC;	/* Linux's limit on mounts */
	} else if ((err = mount_volume(m, dev, target, ro)) == 0) {
		if (dirnode.attr & FAT_ATTR_DIRECTORY)
			mount_done(m);
		else
			err = -ENOTDIR;
	}
out:
	fs_unlock();
	return err;
}

/* Whether anything holds m: an open file, a process's directory, or a
 * volume mounted below it. Lock held. */
static bool mount_busy(struct mount *m)
{
	if (iany(m) || proc_cwd_within(m->path, m->pathlen))
		return true;
	for (struct mount *c = mounts; c < mounts + NMOUNT; c++)
		if (c->used && c != m && path_within(c->path, m->path, m->pathlen))
			return true;
	return false;
}

/* umount2(2)'s part: target must be a mount point, and not busy. */
int fs_umount(const char *target)
{
	const char *rel;
	struct fat_node node;

	fs_lock();
	struct mount *m = mount_find(target, &rel);
	int err = fs_walk_locked(target, &node);
	if (err == 0 && strcmp(rel, "/") != 0)
		err = -EINVAL;	/* not a mount point */
	else if (err == 0 && (m == &mounts[0] || mount_busy(m)))
		err = -EBUSY;
	if (err == 0) {
		/* everything of the volume to its disk before it is let go */
		err = m->read_only ? 0 : fat_sync(&m->vol);
		int e2 = bflush();
		err = err < 0 ? err : e2;
		if (err == 0) {
			klog("%s unmounted from %s", m->dev->name, m->path);
			textcache_drop_volume(m);	/* the slot may hold another volume next */
			iforget_volume(m);
			dircache_forget();	/* and so may its directories */
			m->used = false;
		}
	}
	fs_unlock();
	return err;
}

#define MS_PROPAGATION (MS_UNBINDABLE | MS_PRIVATE | MS_SLAVE | MS_SHARED)
#define MNT_FLAGS (MNT_FORCE | MNT_DETACH | MNT_EXPIRE | UMOUNT_NOFOLLOW)
#define FSTYPE_MAX 32

/*
 * mount(source, target, fstype, flags, data): only new mounts of FAT32
 * ("vfat", or "msdos") from a block device; MS_RDONLY is kept, the other
 * per-mount flags are accepted and ignored, and data (options) is
 * ignored. Strings are read in Linux's order, so the same bad pointer
 * gives the same EFAULT.
 */
uint64_t sys_mount(void)
{
	char fstype[FSTYPE_MAX], source[MAXPATH], target[MAXPATH], path[MAXPATH];
	uint64_t flags = argraw(3);
	pagetable_t pt = myproc()->pagetable;
	struct fat_node node;
	char c;
	int err;

	if (argraw(2) && (err = argstr(2, fstype, sizeof(fstype))) < 0) {
		if (err != -ENAMETOOLONG)
			return err;
		fstype[FSTYPE_MAX - 1] = 0;	/* too long for any type we know */
	}
	if (argraw(0) && (err = argstr(0, source, sizeof(source))) < 0)
		return err;
	if (argraw(4) && copyin(pt, &c, argraw(4), 1) < 0)
		return -EFAULT;
	if ((err = argstr(1, path, sizeof(path))) < 0 ||
	    (err = path_resolve(myproc()->cwd, path, target)) < 0 ||
	    (err = fs_lookup(target, &node)) < 0)
		return err;
	if ((flags & MS_MGC_MSK) == MS_MGC_VAL)
		flags &= ~MS_MGC_MSK;
	if (flags & (MS_REMOUNT | MS_BIND | MS_MOVE | MS_PROPAGATION))
		return -EINVAL;	/* only new mounts */
	if (!argraw(2))
		return -EINVAL;
	if (strcmp(fstype, "vfat") != 0 && strcmp(fstype, "msdos") != 0)
		return -ENODEV;
	if (!argraw(0) || source[0] == 0)
		return -ENOENT;
	if ((err = path_resolve(myproc()->cwd, source, path)) < 0)
		return err;
	return fs_mount(path, target, flags & MS_RDONLY);
}

/* umount2(target, flags): the force, detach and expire flags are
 * accepted, but a busy volume stays mounted (EBUSY) whatever they say. */
uint64_t sys_umount2(void)
{
	char path[MAXPATH], target[MAXPATH];
	int err;

	if (argraw(1) & ~(uint64_t)MNT_FLAGS)
		return -EINVAL;
	if ((err = argstr(0, path, sizeof(path))) < 0 ||
	    (err = path_resolve(myproc()->cwd, path, target)) < 0)
		return err;
	return fs_umount(target);
}
