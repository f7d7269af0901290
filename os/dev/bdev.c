/*
 * Block devices: each disk (disk.c), and each primary partition its MBR
 * lists, named as Linux names them (vda, vda1 ... vdd4, mmcblk0p1) and reached as
 * /dev/NAME. A device is a window (first sector, sector count) on a
 * disk; every access is checked against the window, so a volume on a
 * partition cannot touch its neighbours, and goes through the block
 * cache under the disk's own sector numbers, so a sector seen through a
 * partition and through the whole disk is one buffer.
 */
#include "kern/kern.h"
#include "dev/dev.h"
#include "mm/mm.h"

#define NBDEV (NDISK * 5)	/* each disk, and up to four partitions */
#define MBR_TABLE 446
#define MBR_TYPE_EXTENDED(t) ((t) == 0x05 || (t) == 0x0f || (t) == 0x85)
#define MBR_TYPE_GPT 0xee

static struct bdev bdevs[NBDEV];	/* filled at boot, then read-only */
static int nbdevs;

static uint32_t ld32(const uint8_t *p) { return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24; }

static void add(int disk, int part, uint64_t start, uint64_t nsect)
{
	struct bdev *b = &bdevs[nbdevs++];

	b->disk = disk;
	b->part = part;
	b->start = start;
	b->nsect = nsect;
	const char *dn = disk_name(disk);
	size_t len = strlen(dn);
	/* Linux's names: vda1, but mmcblk0p1 after a digit */
	if (part)
		snprintf(b->name, sizeof(b->name), "%s%s%d", dn,
			 len && dn[len - 1] >= '0' && dn[len - 1] <= '9' ? "p" : "", part);
	else
		strlcpy(b->name, dn, sizeof(b->name));
}

/*
 * Whether sector 0 holds a partition table. A FAT boot sector ends in
 * 0x55AA too: one that says FAT is a bare volume, and a table whose boot
 * flags are not 0 or 0x80 is boot code, not a table (Linux's rule).
 */
static bool is_mbr(const uint8_t *sec)
{
	if (sec[510] != 0x55 || sec[511] != 0xAA)
		return false;
	if ((sec[0] == 0xEB || sec[0] == 0xE9) &&
	    (memcmp(sec + 82, "FAT32   ", 8) == 0 || memcmp(sec + 54, "FAT", 3) == 0))
		return false;
	for (int i = 0; i < 4; i++) {
		uint8_t flag = sec[MBR_TABLE + 16 * i];
		if (flag != 0 && flag != 0x80)
			return false;
	}
	return true;
}

/* The partitions of disk n that its MBR lists and that fit on it. */
static void add_partitions(int n, const uint8_t *sec)
{
	uint64_t cap = disk_capacity(n);

	for (int i = 0; i < 4; i++) {
		const uint8_t *e = sec + MBR_TABLE + 16 * i;
		uint64_t start = ld32(e + 8), count = ld32(e + 12);
		if (e[4] == 0 || e[4] == MBR_TYPE_GPT || MBR_TYPE_EXTENDED(e[4]))
			continue;
		if (start == 0 || count == 0 || start >= cap || count > cap - start) {
			klog("%s partition %d: outside the disk, ignored", disk_name(n), i + 1);
			continue;
		}
		add(n, i + 1, start, count);
	}
}

/* Makes a device of every disk and of every partition on it. */
void bdev_probe(void)
{
	uint8_t *sec = kalloc();

	if (!sec)
		panic("bdev_probe");
	for (int n = 0; n < disk_count(); n++) {
		add(n, 0, 0, disk_capacity(n));
		if (bread_raw(n, 0, 1, sec) == 0 && is_mbr(sec))
			add_partitions(n, sec);
	}
	kfree(sec);
	for (int i = 0; i < nbdevs; i++)
		klog("block device %s: %lu sectors from %lu", bdevs[i].name,
		     bdevs[i].nsect, bdevs[i].start);
}

/* The device at an absolute path such as /dev/vdb1, or NULL. */
struct bdev *bdev_find(const char *abspath)
{
	if (strncmp(abspath, "/dev/", 5) != 0)
		return NULL;
	for (int i = 0; i < nbdevs; i++)
		if (strcmp(abspath + 5, bdevs[i].name) == 0)
			return &bdevs[i];
	return NULL;
}

/* Device i in probe order (vda, its partitions, vdb ...), or NULL. */
struct bdev *bdev_get(int i) { return i >= 0 && i < nbdevs ? &bdevs[i] : NULL; }

bool bdev_overlap(const struct bdev *a, const struct bdev *b)
{
	return a->disk == b->disk && a->start < b->start + b->nsect &&
	       b->start < a->start + a->nsect;
}

bool bdev_read_only(const struct bdev *b) { return disk_read_only(b->disk); }

/* Linux's device number for it: the disk's, plus the partition's number. */
uint64_t bdev_devno(const struct bdev *b) { return disk_devno(b->disk) + b->part; }

static bool in_range(const struct bdev *b, uint64_t lba, uint32_t count)
{
	return lba <= b->nsect && count <= b->nsect - lba;
}

/* count sectors at lba; ahead, the FAT code's read-ahead hint, is kept
 * inside the window. */
int bdev_read(struct bdev *b, uint64_t lba, uint32_t count, void *buf, uint32_t ahead)
{
	if (!in_range(b, lba, count))
		return -EIO;
	if (ahead != READ_AHEAD_ANY)
		ahead = MIN(ahead, b->nsect - lba - count);
	return bread_sectors(b->disk, b->start + lba, count, buf, ahead);
}

/* The sectors from lba into the nv buffers of v, past the cache (bread_vec). */
int bdev_read_vec(struct bdev *b, uint64_t lba, const struct bvec *v, int nv)
{
	uint64_t count = 0;

	for (int i = 0; i < nv; i++)
		count += v[i].len / SECTOR_SIZE;
	return count <= UINT32_MAX && in_range(b, lba, count) ?
	       bread_vec(b->disk, b->start + lba, v, nv) : -EIO;
}

/* Bytes from byte skip of the sectors at lba into the nv buffers of v,
 * through the cache (bread_bytes); ahead as for bdev_read. */
int bdev_read_bytes(struct bdev *b, uint64_t lba, uint32_t skip, const struct bvec *v,
		    int nv, uint32_t ahead)
{
	uint64_t len = 0;

	for (int i = 0; i < nv; i++)
		len += v[i].len;
	uint64_t count = (skip + len + SECTOR_SIZE - 1) / SECTOR_SIZE;
	if (count > UINT32_MAX || !in_range(b, lba, count))
		return -EIO;
	ahead = MIN(ahead, b->nsect - lba - count);
	return bread_bytes(b->disk, b->start + lba, skip, v, nv, ahead);
}

int bdev_write(struct bdev *b, uint64_t lba, uint32_t count, const void *buf)
{
	return in_range(b, lba, count) ? bwrite_sectors(b->disk, b->start + lba, count, buf) : -EIO;
}

/* Around the block cache, for the raw-rate benchmark. */
int bdev_read_raw(struct bdev *b, uint64_t lba, uint32_t count, void *buf)
{
	return in_range(b, lba, count) ? bread_raw(b->disk, b->start + lba, count, buf) : -EIO;
}
