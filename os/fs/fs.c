/*
 * The kernel's side of fs/: turns paths into absolute normalised ones,
 * finds the volume each is on (mount.c), and serialises every FAT
 * operation, on every volume, under one sleep lock. Functions taking a
 * path lock it themselves; those taking an inode expect the caller to
 * hold it (fs_lock), so that a read or write of several chunks is one
 * operation.
 */
#include "kern/kern.h"
#include "dev/dev.h"
#include "mm/mm.h"
#include "fs/fs.h"
#include "fs/file.h"

static struct sleeplock fslock;	/* guards the mount table, every volume and inode */

void fsinit(void)
{
	initsleeplock(&fslock, "fs", SLEEP_FS);
	bdev_probe();	/* reads partition tables: needs a process to sleep */
	mount_root();
}

void fs_lock(void) { acquiresleep(&fslock); }
void fs_unlock(void) { releasesleep(&fslock); }

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

/* The last '/' of rel, a path within a volume (mount_find's: it starts
 * with one). */
static const char *last_slash(const char *rel)
{
	const char *slash = rel;

	for (const char *s = rel; *s; s++)
		if (*s == '/')
			slash = s;
	return slash;
}

/* The file or directory at abspath, and in *m the volume it is on: its
 * directory from the directories walked lately (dircache.c), then its
 * name there. Lock held. */
static int walk_path(const char *abspath, struct mount **m, struct fat_node *out)
{
	const char *rel, *slash;
	struct fat_node dir;
	int err;

	if (!(*m = mount_find(abspath, &rel)))
		return -ENOENT;
	slash = last_slash(rel);
	if (slash[1] == 0)	/* a volume's root, or a path ending in "/" */
		return fat_walk(&(*m)->vol, NULL, rel, out);
	if ((err = dircache_walk(*m, rel, slash - rel, &dir)) < 0)
		return err;
	return fat_lookup(&(*m)->vol, &dir, slash + 1, out);
}

/* The file or directory at abspath, on whichever volume. Lock held. */
int fs_walk_locked(const char *abspath, struct fat_node *out)
{
	struct mount *m;

	return walk_path(abspath, &m, out);
}

/* Looks up the directory holding abspath's last name and the volume it
 * is on; *name points at that name inside abspath. -EBUSY for the root
 * of a volume (a mount point). Lock held. */
static int walk_parent(const char *abspath, struct mount **m, struct fat_node *parent,
		       const char **name)
{
	const char *rel, *slash;

	if (!(*m = mount_find(abspath, &rel)))
		return -ENOENT;
	slash = last_slash(rel);
	if (slash[1] == 0)
		return -EBUSY;
	*name = slash + 1;
	int err = dircache_walk(*m, rel, slash - rel, parent);
	if (err == 0 && !(parent->attr & FAT_ATTR_DIRECTORY))
		err = -ENOTDIR;
	return err;
}

int fs_lookup(const char *abspath, struct fat_node *out)
{
	fs_lock();
	int err = fs_walk_locked(abspath, out);
	fs_unlock();
	return err;
}

/* stat of the file or directory at abspath. */
int fs_stat(const char *abspath, struct kstat *st)
{
	struct fat_node node;
	struct mount *m;

	fs_lock();
	int err = walk_path(abspath, &m, &node);
	if (err == 0)
		fat_node_stat(m, &node, st);
	fs_unlock();
	return err;
}

/* Creates abspath as a file, or a directory if attr says so. Lock held. */
static int create(const char *abspath, uint8_t attr, struct fat_node *out)
{
	struct fat_node parent;
	struct mount *m;
	const char *name;
	int err = walk_parent(abspath, &m, &parent, &name);

	if (err == -EBUSY)
		err = -EEXIST;
	return err < 0 ? err : fat_create(&m->vol, &parent, name, attr, out);
}

/* Whether an open of node with these flags may go ahead. */
static int open_check(const struct mount *m, const struct fat_node *node, int flags)
{
	int acc = flags & O_ACCMODE;
	bool dir = node->attr & FAT_ATTR_DIRECTORY;

	if ((flags & O_DIRECTORY) && !dir)
		return -ENOTDIR;
	if (dir && acc != O_RDONLY)
		return -EISDIR;
	if (acc != O_RDONLY && (node->attr & FAT_ATTR_READ_ONLY))
		return -EACCES;
	if (acc != O_RDONLY && m->read_only)
		return -EROFS;
	return 0;
}

/*
 * open(2)'s part in the filesystem: finds (or with O_CREAT creates) the
 * file, checks the flags against it, truncates with O_TRUNC, and returns
 * a reference to its shared node.
 */
int fs_open(const char *abspath, int flags, struct inode **out)
{
	struct fat_node node;
	struct mount *m;
	int acc = flags & O_ACCMODE, err;

	fs_lock();
	err = walk_path(abspath, &m, &node);
	if (err == -ENOENT && (flags & O_CREAT))
		err = create(abspath, 0, &node);
	else if (err == 0 && (flags & O_CREAT) && (flags & O_EXCL))
		err = -EEXIST;
	if (err < 0 || (err = open_check(m, &node, flags)) < 0)
		goto out;
	struct inode *ip = iget(m, &node);
	if (!ip) {
		err = -ENFILE;
		goto out;
	}
	bool dir = node.attr & FAT_ATTR_DIRECTORY;
	if (acc != O_RDONLY && (err = iwriter(ip)) < 0) {
		iput(ip, false);
		goto out;
	}
	if ((flags & O_TRUNC) && !dir && acc != O_RDONLY && ip->node.size > 0)
		textcache_drop(m, ip->node.first_cluster);
	if ((flags & O_TRUNC) && !dir && acc != O_RDONLY && ip->node.size > 0 &&
	    (err = fat_truncate(&m->vol, &ip->node, 0)) < 0) {
		iput(ip, acc != O_RDONLY);
		goto out;
	}
	*out = ip;
out:
	fs_unlock();
	return err;
}

/* Lets go of what fs_open gave; writable if it was opened for writing.
 * Without the fs lock: a lookup elsewhere need not be waited for. */
void fs_close(struct inode *ip, bool writable)
{
	iput(ip, writable);
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
	struct mount *m;
	const char *name;

	fs_lock();
	int err = walk_parent(abspath, &m, &parent, &name);
	if (err == 0)
		err = fat_lookup(&m->vol, &parent, name, &node);
	if (err == 0 && ifind(m, &node))
		err = -EBUSY;
	if (err == 0 && !dir) {
		textcache_drop(m, node.first_cluster);	/* its clusters are freed */
		iforget(m, &node);	/* and its entry */
	}
	if (err == 0)
		err = dir ? fat_rmdir(&m->vol, &parent, name) : fat_unlink(&m->vol, &parent, name);
	if (dir)
		dircache_forget();
	fs_unlock();
	return err;
}

/*
 * rename(2), within one volume (else -EXDEV). Replacing an open file is
 * refused (-EBUSY), and so is moving a directory a volume is mounted
 * below (mount points are paths); an open file that moves keeps
 * working: its node learns where its entry went.
 */
int fs_rename(const char *from, const char *to)
{
	struct fat_node fromdir, todir, node, target;
	struct mount *m, *tom;
	const char *fromname, *toname;

	fs_lock();
	int err = walk_parent(from, &m, &fromdir, &fromname);
	if (err == 0)
		err = walk_parent(to, &tom, &todir, &toname);
	if (err == 0 && tom != m)
		err = -EXDEV;
	if (err == 0)
		err = fat_lookup(&m->vol, &fromdir, fromname, &node);
	if (err == 0 && mount_below(from))
		err = -EBUSY;
	if (err == 0 && fat_lookup(&m->vol, &todir, toname, &target) == 0) {
		struct inode *open_target = ifind(m, &target);
		if (open_target && open_target != ifind(m, &node))
			err = -EBUSY;
		else if (target.first_cluster != node.first_cluster)
			textcache_drop(m, target.first_cluster);	/* replaced: freed */
		if (err == 0)
			iforget(m, &target);
	}
	if (err == 0)
		iforget(m, &node);	/* its entry moves */
	if (err == 0)
		err = fat_rename(&m->vol, &fromdir, fromname, &todir, toname);
	struct inode *ip = err == 0 ? ifind(m, &node) : NULL;
	if (ip && fat_lookup(&m->vol, &todir, toname, &target) == 0) {
		ip->node.dir_cluster = target.dir_cluster;
		ip->node.dir_offset = target.dir_offset;
	}
	dircache_forget();	/* it may have moved a directory */
	fs_unlock();
	return err;
}

/* utimensat's part: the file's entry, and its open node if it has one,
 * so that fstat through an open descriptor agrees. */
int fs_set_times(const char *abspath, const struct fat_times *t)
{
	struct fat_node node;
	struct mount *m;

	fs_lock();
	int err = walk_path(abspath, &m, &node);
	if (err == 0 && m->read_only)
		err = -EROFS;
	if (err == 0) {
		struct inode *ip = ifind(m, &node);
		struct fat_node *n = ip ? &ip->node : &node;
		err = fat_set_times(&m->vol, n, t->set_write ? t->wdate : n->wdate,
				    t->set_write ? t->wtime : n->wtime,
				    t->set_access ? t->adate : n->adate);
	}
	fs_unlock();
	return err;
}

/* FSInfo of every volume, then every dirty cached sector, to the disks. */
int fs_sync(void)
{
	fs_lock();
	int err = mount_sync_all();
	int e2 = bflush();
	fs_unlock();
	return err < 0 ? err : e2;
}

/* One name in directory dir. Caller holds the fs lock. */
int fs_lookup_in(struct inode *dir, const char *name, struct fat_node *out)
{
	return fat_lookup(&dir->mnt->vol, &dir->node, name, out);
}

/* Caller holds the fs lock. */
long fs_read(struct inode *ip, uint64_t off, void *buf, size_t n)
{
	return fat_read(&ip->mnt->vol, &ip->node, off, buf, n);
}

/* The kernel's addresses of the user's pages under [uaddr, uaddr + len),
 * one vector per page: at most len / PGSIZE + 2. Those upages_get found
 * are taken from u, the others looked up (writable ones only). */
static int user_vec(const struct upages *u, uint64_t uaddr, uint64_t len, struct bvec *v)
{
	pagetable_t pt = myproc()->pagetable;
	int nv = 0;

	while (len > 0) {
		uint32_t k = MIN(len, PGSIZE - uaddr % PGSIZE);
		uint64_t i = (uaddr - u->base) / PGSIZE;
		void *p = i < (uint64_t)u->n ? (char *)u->page[i] + uaddr % PGSIZE
					     : user_ptr(pt, uaddr, k, true);
		if (!p)
			return -EFAULT;
		v[nv++] = (struct bvec){ p, k };
		uaddr += k;
		len -= k;
	}
	return nv;
}

#define PIECE_MAX (READAHEAD_SECTORS * SECTOR_SIZE)	/* bread_bytes' most */

/* One step of fs_read_user: from pos (inside the file), at most n bytes
 * of one run of the file's contiguous sectors. The count, or -errno. */
static long read_user_piece(struct inode *ip, uint64_t pos, const struct upages *u,
			    uint64_t uaddr, uint64_t n)
{
	uint32_t skip = pos % SECTOR_SIZE;
	struct bvec v[PIECE_MAX / PGSIZE + 2];
	uint64_t lba, run;
	/* the run as far as the read and a read-ahead after it go */
	int err = fat_extent(&ip->mnt->vol, &ip->node, pos - skip, skip + n + PIECE_MAX,
			     &lba, &run);

	if (err < 0)
		return err == -EINVAL ? -EIO : err;
	uint64_t len = MIN(MIN(n, run - skip), PIECE_MAX - skip);
	int nv = user_vec(u, uaddr, len, v);
	if (nv < 0)
		return nv;
	uint64_t count = (skip + len + SECTOR_SIZE - 1) / SECTOR_SIZE;
	err = bdev_read_bytes(ip->mnt->dev, lba, skip, v, nv, run / SECTOR_SIZE - count);
	return err < 0 ? err : (long)len;
}

/*
 * read(2) of ip's file at off into user memory at uaddr: each run of the
 * file's contiguous sectors copied from the block cache (or the disk
 * through it) straight into the user's pages, with no buffer between.
 * The count, or -errno if none moved. Caller holds the fs lock, and
 * found the pages first (upages_get: a fault here would want the lock).
 */
long fs_read_user(struct inode *ip, uint64_t off, const struct upages *u, uint64_t uaddr,
		  size_t n)
{
	uint64_t done = 0;

	if (ip->node.attr & FAT_ATTR_DIRECTORY)
		return -EISDIR;
	if (off >= ip->node.size)
		return 0;
	n = MIN(n, ip->node.size - off);
	while (done < n) {
		long k = read_user_piece(ip, off + done, u, uaddr + done, n - done);
		if (k < 0)
			return done > 0 ? (long)done : k;
		done += k;
	}
	return (long)done;
}

/* The extent from pos into the pages (the file's bytes from off), in
 * requests of at most BVEC_MAX buffers. */
static int read_extent(struct bdev *dev, uint64_t lba, uint64_t bytes, uint64_t pos,
		       uint64_t off, void *const *pages)
{
	struct bvec v[BVEC_MAX];
	int nv = 0;
	uint64_t vlba = lba;

	for (uint64_t done = 0; done < bytes;) {
		uint64_t at = pos + done - off, in = at % PGSIZE;
		uint32_t len = MIN(PGSIZE - in, bytes - done);
		v[nv++] = (struct bvec){ (uint8_t *)pages[at / PGSIZE] + in, len };
		done += len;
		if (nv == BVEC_MAX || done == bytes) {
			int err = bdev_read_vec(dev, vlba, v, nv);
			if (err < 0)
				return err;
			vlba = lba + done / SECTOR_SIZE;
			nv = 0;
		}
	}
	return 0;
}

/*
 * Reads npages pages of ip's file from off (page-aligned) straight from
 * the disk into the pages, each contiguous run of the file's clusters
 * in one request (up to BVEC_MAX pages), not through the block cache
 * (bread_vec); bytes past the end of the file come out zero. 0 or
 * -errno. Caller holds the fs lock.
 */
int fs_read_pages(struct inode *ip, uint64_t off, void *const *pages, int npages)
{
	uint64_t end = MIN(off + (uint64_t)npages * PGSIZE, ip->node.size), pos = off;

	while (pos < end) {
		uint64_t lba, bytes;
		int err = fat_extent(&ip->mnt->vol, &ip->node, pos, end - pos, &lba, &bytes);
		if (err == 0)
			err = read_extent(ip->mnt->dev, lba, bytes, pos, off, pages);
		if (err < 0)
			return err == -EINVAL ? -EIO : err;
		pos += bytes;
	}
	for (int i = 0; i < npages; i++) {	/* past the end of the file */
		uint64_t page = off + (uint64_t)i * PGSIZE;
		if (page + PGSIZE > ip->node.size) {
			uint64_t keep = ip->node.size > page ? ip->node.size - page : 0;
			memset((uint8_t *)pages[i] + keep, 0, PGSIZE - keep);
		}
	}
	return 0;
}

/* Caller holds the fs lock. */
long fs_write(struct inode *ip, uint64_t off, const void *buf, size_t n)
{
	textcache_drop(ip->mnt, ip->node.first_cluster);
	return fat_write(&ip->mnt->vol, &ip->node, off, buf, n);
}

/* Caller holds the fs lock. */
int fs_truncate(struct inode *ip, uint64_t size)
{
	textcache_drop(ip->mnt, ip->node.first_cluster);
	return fat_truncate(&ip->mnt->vol, &ip->node, size);
}

/* Caller holds the fs lock. */
int fs_readdir(struct inode *ip, uint32_t *pos, struct fat_dirent *de)
{
	return fat_readdir(&ip->mnt->vol, &ip->node, pos, de);
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

/* A node's stat; st_dev tells volumes apart, as Linux's device numbers do. */
void fat_node_stat(const struct mount *m, const struct fat_node *n, struct kstat *st)
{
	bool dir = n->attr & FAT_ATTR_DIRECTORY;

	st->st_dev = bdev_devno(m->dev);
	st->st_nlink = 1;
	st->st_blksize = 4096;
	st->st_ino = n->is_root ? 1 : ((uint64_t)n->dir_cluster << 32) | n->dir_offset;
	st->st_mode = (dir ? S_IFDIR : S_IFREG) |
		      ((n->attr & FAT_ATTR_READ_ONLY) ? 0555 : 0755);
	st->st_size = dir ? 0 : n->size;
	st->st_blocks = (st->st_size + 511) / 512;	/* POSIX's unit, whatever the disk's */
	st->st_mtime_sec = fat_time_to_unix(n->wdate, n->wtime);
	st->st_ctime_sec = st->st_mtime_sec;
	/* FAT keeps the access day only; with none, the write time stands in */
	st->st_atime_sec = n->adate ? fat_time_to_unix(n->adate, 0) : st->st_mtime_sec;
}
