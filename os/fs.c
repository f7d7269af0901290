/*
 * The kernel's side of fs/: mounts the FAT32 volume (bare, or the first
 * FAT partition of an MBR disk), turns paths into absolute normalised
 * ones, and serialises every FAT operation under one sleep lock.
 */
#include "defs.h"
#include "file.h"

static struct {
	struct sleeplock lock;	/* guards vol and every open FAT file's node */
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
	(void)ctx, (void)lba, (void)count, (void)buf;
	return -EROFS;
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

int fs_lookup(const char *abspath, struct fat_node *out)
{
	if (!fs.mounted)
		return -ENOENT;
	fs_lock();
	int err = fat_walk(&fs.vol, NULL, abspath, out);
	fs_unlock();
	return err;
}

/* One name in directory dir. Caller holds the fs lock. */
int fs_lookup_in(const struct fat_node *dir, const char *name, struct fat_node *out)
{
	return fat_lookup(&fs.vol, dir, name, out);
}

/* Caller holds the fs lock. */
long fs_read(struct fat_node *node, uint64_t off, void *buf, size_t n)
{
	return fat_read(&fs.vol, node, off, buf, n);
}

/* Caller holds the fs lock. */
int fs_readdir(struct fat_node *dir, uint32_t *pos, struct fat_dirent *de)
{
	return fat_readdir(&fs.vol, dir, pos, de);
}

/* Seconds since 1970 of a FAT date and time (local time taken as UTC). */
static int64_t fat_time_to_unix(uint16_t date, uint16_t time)
{
	int y = 1980 + (date >> 9), m = (date >> 5) & 15, d = date & 31;

	if (m < 1 || m > 12 || d < 1)
		return 0;
	/* days from civil, after Howard Hinnant's algorithm */
	y -= m <= 2;
	int era = y / 400, yoe = y - era * 400;
	int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	int64_t days = (int64_t)era * 146097 + doe - 719468;
	return days * 86400 + (time >> 11) * 3600 + ((time >> 5) & 63) * 60 + (time & 31) * 2;
}

void fat_node_stat(const struct fat_node *n, struct stat *st)
{
	bool dir = n->attr & FAT_ATTR_DIRECTORY;

	st->st_dev = 1;
	st->st_ino = n->first_cluster ? n->first_cluster
				      : ((uint64_t)n->dir_cluster << 32) | n->dir_offset;
	st->st_mode = (dir ? S_IFDIR : S_IFREG) |
		      ((n->attr & FAT_ATTR_READ_ONLY) ? 0555 : 0755);
	st->st_size = dir ? 0 : n->size;
	st->st_blocks = (st->st_size + 511) / 512;
	st->st_mtime_sec = fat_time_to_unix(n->wdate, n->wtime);
	st->st_atime_sec = st->st_ctime_sec = st->st_mtime_sec;
}
