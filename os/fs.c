/*
 * The kernel's side of fs/: mounts the FAT32 volume (bare, or the first
 * FAT partition of an MBR disk), turns paths into absolute normalised
 * ones, and serialises every FAT operation under one sleep lock.
 * Functions taking a path lock it themselves; those taking an inode
 * expect the caller to hold it (fs_lock), so that a read or write of
 * several chunks is one operation.
 */
#include "defs.h"
#include "file.h"

static struct {
	struct sleeplock lock;	/* guards vol and every inode */
	struct fat_vol vol;
	struct blkdev dev;
	bool mounted;
} fs;

static int disk_read(void *ctx, uint64_t lba, uint32_t count, void *buf)
{
	(void)ctx;
	return bread_sectors(lba, count, buf);
}

static int disk_write(void *ctx, uint64_t lba, uint32_t count, const void *buf)
{
	(void)ctx;
	return bwrite_sectors(lba, count, buf);
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

/* The LBA of the first FAT partition in an MBR, or 0 if none. */
static uint64_t mbr_fat_partition(void)
{
	uint8_t *sec = kalloc();
	uint64_t lba = 0;

	if (!sec)
		return 0;
	if (bread_sectors(0, 1, sec) == 0 && sec[510] == 0x55 && sec[511] == 0xAA) {
		for (int i = 0; i < 4 && !lba; i++) {
			const uint8_t *e = sec + 446 + 16 * i;
			if (e[4] == 0x0b || e[4] == 0x0c)
				lba = e[8] | e[9] << 8 | e[10] << 16 | (uint64_t)e[11] << 24;
		}
	}
	kfree(sec);
	return lba;
}

void fsinit(void)
{
	initsleeplock(&fs.lock, "fs", SLEEP_FS);
	fs.dev = (struct blkdev){ NULL, disk_read, disk_write };
	int err = fat_mount(&fs.vol, &fs.dev, 0);
	if (err == -FAT_EINVAL) {
		uint64_t part = mbr_fat_partition();
		if (part)
			err = fat_mount(&fs.vol, &fs.dev, part);
	}
	if (err < 0) {
		kprintf("no FAT32 volume on the disk (error %d)", -err);
		return;
	}
	fs.vol.clock = fat_clock;
	fs.mounted = true;
	klog("FAT32 mounted: %u clusters of %u bytes", fs.vol.nclusters, fs.vol.clus_bytes);
}

void fs_lock(void) { acquiresleep(&fs.lock); }
void fs_unlock(void) { releasesleep(&fs.lock); }

/*
 * Joins path to cwd (unless absolute) and removes ".", ".." and repeated
 * slashes, writing an absolute path of at most MAXPATH bytes to out.
 */
int path_resolve(const char *cwd, const char *path, char *out)
{
	size_t len = 0;
	const char *parts[2] = { path[0] == '/' ? "" : cwd, path };

	if (path[0] == 0)
		return -ENOENT;
	out[0] = 0;
	for (int k = 0; k < 2; k++) {
		const char *s = parts[k];
		while (*s) {
			while (*s == '/')
				s++;
			const char *start = s;
			while (*s && *s != '/')
				s++;
			size_t n = s - start;
			if (n == 0 || (n == 1 && start[0] == '.'))
				continue;
			if (n == 2 && start[0] == '.' && start[1] == '.') {
				while (len > 0 && out[--len] != '/')
					;
				out[len] = 0;
				continue;
			}
			if (len + 1 + n >= MAXPATH)
				return -ENAMETOOLONG;
			out[len++] = '/';
			memcpy(out + len, start, n);
			len += n;
			out[len] = 0;
		}
	}
	if (len == 0)
		strlcpy(out, "/", MAXPATH);
	return 0;
}

/* Looks up the directory holding abspath's last name; *name points at
 * that name inside abspath. -EBUSY for the root itself. Lock held. */
static int walk_parent(const char *abspath, struct fat_node *parent, const char **name)
{
	char dir[MAXPATH];
	const char *slash = abspath;

	for (const char *s = abspath; *s; s++)
		if (*s == '/')
			slash = s;
	if (slash[1] == 0)
		return -EBUSY;
	memcpy(dir, abspath, slash - abspath);
	dir[slash - abspath] = 0;
	*name = slash + 1;
	int err = fat_walk(&fs.vol, NULL, dir[0] ? dir : "/", parent);
	if (err == 0 && !(parent->attr & FAT_ATTR_DIRECTORY))
		err = -ENOTDIR;
	return err;
}

int fs_lookup(const char *abspath, struct fat_node *out)
{
	if (!fs.mounted)
		return -ENOENT;
	fs_lock();
	int err = fat_walk(&fs.vol, NULL, abspath, out);
	fs_unlock();
	return err;
}

/* Creates abspath as a file, or a directory if attr says so. Lock held. */
static int create(const char *abspath, uint8_t attr, struct fat_node *out)
{
	struct fat_node parent;
	const char *name;
	int err = walk_parent(abspath, &parent, &name);

	if (err == -EBUSY)
		err = -EEXIST;
	return err < 0 ? err : fat_create(&fs.vol, &parent, name, attr, out);
}

/*
 * open(2)'s part in the filesystem: finds (or with O_CREAT creates) the
 * file, checks the flags against it, truncates with O_TRUNC, and returns
 * a reference to its shared node.
 */
int fs_open(const char *abspath, int flags, struct inode **out)
{
	struct fat_node node;
	int acc = flags & O_ACCMODE, err;

	if (!fs.mounted)
		return -ENOENT;
	fs_lock();
	err = fat_walk(&fs.vol, NULL, abspath, &node);
	if (err == -ENOENT && (flags & O_CREAT))
		err = create(abspath, 0, &node);
	else if (err == 0 && (flags & O_CREAT) && (flags & O_EXCL))
		err = -EEXIST;
	if (err < 0)
		goto out;
	bool dir = node.attr & FAT_ATTR_DIRECTORY;
	err = (flags & O_DIRECTORY) && !dir ? -ENOTDIR :
	      dir && acc != O_RDONLY ? -EISDIR :
	      acc != O_RDONLY && (node.attr & FAT_ATTR_READ_ONLY) ? -EACCES : 0;
	if (err < 0)
		goto out;
	struct inode *ip = iget(&node);
	if (!ip) {
		err = -ENFILE;
		goto out;
	}
	if ((flags & O_TRUNC) && !dir && acc != O_RDONLY && ip->node.size > 0 &&
	    (err = fat_truncate(&fs.vol, &ip->node, 0)) < 0) {
		iput(ip);
		goto out;
	}
	*out = ip;
out:
	fs_unlock();
	return err;
}

void fs_close(struct inode *ip)
{
	fs_lock();
	iput(ip);
	fs_unlock();
}

int fs_mkdir(const char *abspath)
{
	fs_lock();
	int err = create(abspath, FAT_ATTR_DIRECTORY, NULL);
	fs_unlock();
	return err;
}

/* unlink(2) or, with dir, rmdir(2). An open file or directory is not
 * removed (-EBUSY): its clusters would be reused under its readers. */
int fs_remove(const char *abspath, bool dir)
{
	struct fat_node parent, node;
	const char *name;

	fs_lock();
	int err = walk_parent(abspath, &parent, &name);
	if (err == 0)
		err = fat_lookup(&fs.vol, &parent, name, &node);
	if (err == 0 && ifind(&node))
		err = -EBUSY;
	if (err == 0)
		err = dir ? fat_rmdir(&fs.vol, &parent, name) : fat_unlink(&fs.vol, &parent, name);
	fs_unlock();
	return err;
}

/* rename(2). Replacing an open file is refused (-EBUSY); an open file
 * that moves keeps working: its node learns where its entry went. */
int fs_rename(const char *from, const char *to)
{
	struct fat_node fromdir, todir, node, target;
	const char *fromname, *toname;

	fs_lock();
	int err = walk_parent(from, &fromdir, &fromname);
	if (err == 0)
		err = walk_parent(to, &todir, &toname);
	if (err == 0)
		err = fat_lookup(&fs.vol, &fromdir, fromname, &node);
	if (err == 0 && fat_lookup(&fs.vol, &todir, toname, &target) == 0) {
		struct inode *open_target = ifind(&target);
		if (open_target && open_target != ifind(&node))
			err = -EBUSY;
	}
	if (err == 0)
		err = fat_rename(&fs.vol, &fromdir, fromname, &todir, toname);
	struct inode *ip = err == 0 ? ifind(&node) : NULL;
	if (ip && fat_lookup(&fs.vol, &todir, toname, &target) == 0) {
		ip->node.dir_cluster = target.dir_cluster;
		ip->node.dir_offset = target.dir_offset;
	}
	fs_unlock();
	return err;
}

/* FSInfo, then every dirty cached sector, to the disk. */
int fs_sync(void)
{
	int err = 0;

	if (!fs.mounted)
		return 0;
	fs_lock();
	err = fat_sync(&fs.vol);
	int e2 = bflush();
	fs_unlock();
	return err < 0 ? err : e2;
}

/* One name in directory dir. Caller holds the fs lock. */
int fs_lookup_in(const struct fat_node *dir, const char *name, struct fat_node *out)
{
	return fat_lookup(&fs.vol, dir, name, out);
}

/* Caller holds the fs lock. */
long fs_read(struct inode *ip, uint64_t off, void *buf, size_t n)
{
	return fat_read(&fs.vol, &ip->node, off, buf, n);
}

/* Caller holds the fs lock. */
long fs_write(struct inode *ip, uint64_t off, const void *buf, size_t n)
{
	return fat_write(&fs.vol, &ip->node, off, buf, n);
}

/* Caller holds the fs lock. */
int fs_truncate(struct inode *ip, uint64_t size)
{
	return fat_truncate(&fs.vol, &ip->node, size);
}

/* Caller holds the fs lock. */
int fs_readdir(struct inode *ip, uint32_t *pos, struct fat_dirent *de)
{
	return fat_readdir(&fs.vol, &ip->node, pos, de);
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

void fat_node_stat(const struct fat_node *n, struct stat *st)
{
	bool dir = n->attr & FAT_ATTR_DIRECTORY;

	st->st_dev = 1;
	st->st_nlink = 1;
	st->st_blksize = 4096;
	st->st_ino = n->is_root ? 1 : ((uint64_t)n->dir_cluster << 32) | n->dir_offset;
	st->st_mode = (dir ? S_IFDIR : S_IFREG) |
		      ((n->attr & FAT_ATTR_READ_ONLY) ? 0555 : 0755);
	st->st_size = dir ? 0 : n->size;
	st->st_blocks = (st->st_size + 511) / 512;
	st->st_mtime_sec = fat_time_to_unix(n->wdate, n->wtime);
	st->st_atime_sec = st->st_ctime_sec = st->st_mtime_sec;
}
