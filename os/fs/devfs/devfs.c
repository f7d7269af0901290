/*
 * devfs ("devtmpfs", mounted at /dev): the character devices every
 * program expects, the console under its names, the RTC, and the block
 * devices (bdev.c) read raw, and shm, an empty directory on which the
 * boot mounts a tmpfs for shm_open and sem_open (vfs.c). The entries are fixed at boot, so each has
 * one node for good (kept, never freed); st_rdev carries Linux's major
 * and minor numbers, so that programs which compare them (ttyname,
 * busybox's stat) see what they would on Linux.
 */
#include "kern/kern.h"
#include "mm/mm.h"
#include "dev/dev.h"
#include "fs/fs.h"
#include "fs/file.h"
#include "fs/vfs.h"
#include "uapi/linux/dirent.h"
#include "uapi/linux/rtc.h"
#include "uapi/linux/poll.h"

#define DEVFS_MAGIC 0x01021994	/* devtmpfs is a tmpfs: TMPFS_MAGIC */
#define MKDEV(ma, mi) ((uint64_t)(ma) << 8 | (mi))
#define RTC_MAJOR 253		/* Linux's first dynamic major, as QEMU virt's rtc0 gets */
#define NCHR 10			/* the entries of chr[] */
#define SERIAL 7		/* chr[]'s serial console: ttyS0, ttySIF0 on sifive_u */
#define NDEVS (NCHR + NDISK * 5)

enum dkind { D_NULL, D_ZERO, D_FULL, D_RANDOM, D_TTY, D_RTC, D_BLOCK, D_DIR };

struct dentry {
	char name[16];
	enum dkind kind;
	uint32_t mode;
	uint64_t rdev;
	struct bdev *bdev;	/* D_BLOCK */
};

static const struct dentry chr[NCHR] = {
	{ "null", D_NULL, S_IFCHR | 0666, MKDEV(1, 3), NULL },
	{ "zero", D_ZERO, S_IFCHR | 0666, MKDEV(1, 5), NULL },
	{ "full", D_FULL, S_IFCHR | 0666, MKDEV(1, 7), NULL },
	{ "random", D_RANDOM, S_IFCHR | 0666, MKDEV(1, 8), NULL },
	{ "urandom", D_RANDOM, S_IFCHR | 0666, MKDEV(1, 9), NULL },
	{ "tty", D_TTY, S_IFCHR | 0666, MKDEV(5, 0), NULL },
	{ "console", D_TTY, S_IFCHR | 0600, MKDEV(5, 1), NULL },
	{ "ttyS0", D_TTY, S_IFCHR | 0660, MKDEV(4, 64), NULL },
	{ "rtc0", D_RTC, S_IFCHR | 0600, MKDEV(RTC_MAJOR, 0), NULL },
	{ "shm", D_DIR, S_IFDIR | 01777, 0, NULL },	/* a mount point, empty */
};

/* Filled at devfs_init: chr[], then a block device a slot; [NDEVS] is
 * the root. Read-only afterwards. */
static struct dentry devs[NDEVS];
static int ndevs;
static struct vnode nodes[NDEVS + 1];
#define ROOT (&nodes[NDEVS])

static const struct vnode_ops devfs_ops;

static struct dentry *DE(struct vnode *vn) { return vn->priv; }

/* ---- the directory ---- */

static int devfs_lookup(struct vnode *dir, const char *name, struct vnode **out)
{
	if (dir != ROOT && DE(dir)->kind != D_DIR)
		return -ENOTDIR;
	if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0) {
		/* the layer crosses out of the root */
		*out = vref(name[1] || dir == ROOT ? ROOT : dir);
		return 0;
	}
	if (dir != ROOT)
		return -ENOENT;	/* shm: empty */
	for (int i = 0; i < ndevs; i++) {
		if (strcmp(name, devs[i].name) == 0) {
			*out = vref(&nodes[i]);
			return 0;
		}
	}
	return -ENOENT;
}

static int devfs_readdir(struct vnode *dir, uint64_t *pos, struct vdirent *de)
{
	if (dir != ROOT && DE(dir)->kind != D_DIR)
		return -ENOTDIR;
	if (dir != ROOT || *pos >= (uint64_t)ndevs)
		return 0;
	const struct dentry *d = &devs[*pos];
	strlcpy(de->name, d->name, sizeof(de->name));
	de->ino = *pos + 2;
	de->type = (d->mode & S_IFMT) == S_IFBLK ? DT_BLK : d->kind == D_DIR ? DT_DIR : DT_CHR;
	++*pos;
	return 1;
}

static int devfs_getattr(struct vnode *vn, struct vattr *out)
{
	uint64_t now = realtime_ns();

	memset(out, 0, sizeof(*out));
	if (vn == ROOT) {
		out->mode = S_IFDIR | 0755;
		out->nlink = 2;
		out->ino = 1;
	} else {
		struct dentry *d = DE(vn);
		out->mode = d->mode;
		out->nlink = d->kind == D_DIR ? 2 : 1;
		out->ino = vn - nodes + 2;
		out->rdev = d->rdev;	/* and st_size 0, as Linux's */
	}
	out->blksize = PGSIZE;
	out->atime = out->mtime = out->ctime = (struct kts){ now / 1000000000, now % 1000000000 };
	return 0;
}

/* A disk's SEEK_END is its size (Linux's block device lseek), though
 * its st_size is 0; a character device's is 0. */
static int64_t devfs_seek_end(struct vnode *vn)
{
	struct dentry *d = vn == ROOT ? NULL : DE(vn);

	return d && d->bdev ? (int64_t)(d->bdev->nsect * SECTOR_SIZE) : 0;
}

/* ---- the devices ---- */

/* Moves what fill makes into the uio, a chunk at a time. */
static long fill_uio(struct uio *u, void (*fill)(void *buf, size_t n))
{
	uint8_t chunk[256];
	long done = 0;

	while (u->resid) {
		size_t k = MIN(u->resid, sizeof(chunk));
		fill(chunk, k);
		long moved = uio_move(u, chunk, k, false);
		if (moved < 0)
			return done ? done : moved;
		done += moved;
	}
	return done;
}

static void zeros(void *buf, size_t n) { memset(buf, 0, n); }

/* Raw reads pass through one bounce buffer, 64 KiB a request (what the
 * raw rate benchmarks measure); the sleep lock guards it. */
#define RAW_BOUNCE (64 * 1024)
static uint8_t raw_bounce[RAW_BOUNCE] __attribute__((aligned(PGSIZE)));
static struct sleeplock raw_lock;

/* Whole sectors of the device from off, past the block cache (as
 * O_DIRECT: off and the count sector-aligned). */
static long block_read(struct bdev *b, uint64_t off, struct uio *u)
{
	uint64_t size = b->nsect * SECTOR_SIZE;
	long done = 0;

	if ((off | u->resid) % SECTOR_SIZE)
		return -EINVAL;
	if (u->user)
		user_prefault(u->addr, u->resid, PTE_W);
	acquiresleep(&raw_lock);
	while (u->resid && off < size) {
		size_t k = MIN(MIN(u->resid, (uint64_t)RAW_BOUNCE), size - off);
		long got = bdev_read_raw(b, off / SECTOR_SIZE, k / SECTOR_SIZE, raw_bounce);
		if (got == 0)
			got = uio_move(u, raw_bounce, k, false);
		if (got < 0) {
			done = done ? done : got;
			break;
		}
		off += got;
		done += got;
	}
	releasesleep(&raw_lock);
	return done;
}

static long devfs_read(struct vnode *vn, struct file *f, uint64_t off, struct uio *u)
{
	struct dentry *d = DE(vn);

	switch (d->kind) {
	case D_NULL:
		return 0;
	case D_ZERO:
	case D_FULL:
		return fill_uio(u, zeros);
	case D_RANDOM:
		return fill_uio(u, random_bytes);
	case D_TTY: {
		int err = tty_read_check();
		if (err)
			return err;
		return uio_advance(u, console_read(u->addr, u->resid, u->user, f->nonblock));
	}
	case D_BLOCK:
		return block_read(d->bdev, off, u);
	default:
		return -EINVAL;
	}
}

static long devfs_write(struct vnode *vn, struct file *f, uint64_t off, struct uio *u)
{
	struct dentry *d = DE(vn);

	switch (d->kind) {
	case D_NULL:
	case D_ZERO:
	case D_RANDOM:	/* Linux mixes what is written in; ours has no pool */
		return uio_advance(u, u->resid);
	case D_FULL:
		return -ENOSPC;
	case D_TTY: {
		int err = tty_write_check();
		if (err)
			return err;
		return uio_advance(u, console_write(u->addr, u->resid, u->user));
	}
	default:
		return -EINVAL;
	}
}

/* The tty's readiness; the rest are always ready (no poll op for them). */
static int devfs_poll(struct vnode *vn, struct file *f)
{
	if (vn != ROOT && DE(vn)->kind == D_TTY)
		return console_poll();
	return POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM;
}

static int devfs_open(struct vnode *vn, struct file *f, int flags)
{
	if (vn == ROOT)
		return 0;
	if (DE(vn)->kind == D_BLOCK && (flags & O_ACCMODE) != O_RDONLY)
		return -EROFS;
	if (DE(vn)->kind == D_TTY) {
		f->nonseekable = true;	/* Linux's tty: ESPIPE, EINVAL to sendfile */
		return tty_open(DE(vn)->rdev == MKDEV(5, 0), flags);
	}
	return 0;
}

/* RTC_RD_TIME: the wall clock, broken down in UTC as struct rtc_time. */
static int rtc_read_time(uint64_t arg)
{
	int64_t secs = realtime_ns() / 1000000000;
	struct civil c, jan1;
	struct rtc_time t;

	unix_to_civil(secs, &c);
	jan1 = (struct civil){ c.year, 1, 1, 0, 0, 0 };
	t = (struct rtc_time){ c.sec, c.min, c.hour, c.day, c.month - 1, c.year - 1900,
			       (int)((secs / 86400 + 4) % 7),
			       (int)((secs - civil_to_unix(&jan1)) / 86400), 0 };
	return copyout(myproc()->pagetable, arg, &t, sizeof(t));
}

static int devfs_ioctl(struct vnode *vn, struct file *f, uint64_t req, uint64_t arg)
{
	struct dentry *d = DE(vn);

	if (d->kind == D_TTY)
		return tty_ioctl(req, arg);
	if (d->kind == D_RTC && req == RTC_RD_TIME)
		return rtc_read_time(arg);
	return -ENOTTY;
}

static const struct vnode_ops devfs_ops = {
	.lookup = devfs_lookup,
	.readdir = devfs_readdir,
	.getattr = devfs_getattr,
	.seek_end = devfs_seek_end,
	.read = devfs_read,
	.write = devfs_write,
	.open = devfs_open,
	.ioctl = devfs_ioctl,
	.poll = devfs_poll,
};

/* ---- the type ---- */

static int devfs_mount(struct vfs *vfs, struct bdev *dev, const char *options)
{
	/* one instance, whose nodes are made once: a second mount waits
	 * for the first to go */
	if (ROOT->vfs)
		return -EBUSY;
	for (int i = 0; i <= NDEVS; i++)
		nodes[i].vfs = vfs;
	vfs->root = vref(ROOT);
	return 0;
}

static int devfs_statfs(struct vfs *vfs, struct vstatfs *out)
{
	memset(out, 0, sizeof(*out));
	out->type = DEVFS_MAGIC;
	out->bsize = PGSIZE;
	out->namelen = VNAME_MAX;
	return 0;
}

/* The root's two references go: the vfs's, and the one umount's caller
 * gave the layer (vfs_umount hands it to the type). */
static void devfs_unmount(struct vfs *vfs)
{
	vput(vfs->root);
	vput(vfs->root);
	for (int i = 0; i <= NDEVS; i++)
		nodes[i].vfs = NULL;
}

static const struct fstype devfs_type = {
	.name = "devtmpfs",
	.mount = devfs_mount,
	.statfs = devfs_statfs,
	.unmount = devfs_unmount,
};

int devfs_resolve(struct vnode **vn)
{
	struct vnode *node = *vn;
	uint32_t type = node->type;
	struct kstat st;
	int err;

	if ((type != S_IFCHR && type != S_IFBLK) || node->ops == &devfs_ops)
		return 0;
	err = vn_getattr(node, &st);
	vput(node);
	*vn = NULL;
	if (err < 0)
		return err;
	for (int i = 0; i < ndevs; i++) {
		if ((devs[i].mode & S_IFMT) == type && devs[i].rdev == st.st_rdev) {
			*vn = vref(&nodes[i]);
			return 0;
		}
	}
	return -ENXIO;	/* no such device here, as Linux says */
}

/* A node of the table, kept for good (no inactive): its references
 * are its users', so that an open device keeps the mount busy. */
static void node_init(struct vnode *vn, uint32_t type, void *priv)
{
	vn->type = type;
	vn->ops = &devfs_ops;
	vn->priv = priv;
}

/* At boot, after bdev_probe: the table of devices and their nodes. */
void devfs_init(void)
{
	struct bdev *b;

	for (int i = 0; i < NCHR; i++)
		devs[ndevs++] = chr[i];
	if (bootinfo.uart_kind == UART_SIFIVE)
		strlcpy(devs[SERIAL].name, "ttySIF0", sizeof(devs[7].name));
	for (int i = 0; ndevs < NDEVS && (b = bdev_get(i)); i++) {
		struct dentry *d = &devs[ndevs++];
		strlcpy(d->name, b->name, sizeof(d->name));
		d->kind = D_BLOCK;
		d->mode = S_IFBLK | 0660;
		d->rdev = bdev_devno(b);
		d->bdev = b;
	}
	for (int i = 0; i < ndevs; i++)
		node_init(&nodes[i], devs[i].mode & S_IFMT, &devs[i]);
	node_init(ROOT, S_IFDIR, NULL);
	initsleeplock(&raw_lock, "rawdisk", SLEEP_RAWDISK);
	vfs_register(&devfs_type);
}
