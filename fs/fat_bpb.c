/*
 * Mount: read the boot sector of a FAT32 volume and check every BPB field
 * the rest of the library relies on, so later code can trust the geometry
 * in struct fat_vol (but never the FAT or directory contents).
 */
#include "fat_int.h"

/* Reads count sectors at volume-relative lba. Any device failure is EIO. */
int fat_dev_read_ahead(struct fat_vol *v, uint64_t lba, uint32_t count, void *buf,
		       uint32_t ahead)
{
	if (v->dev->read(v->dev->ctx, v->part_lba + lba, count, buf, ahead) != 0)
		return -FAT_EIO;
	return 0;
}

int fat_dev_read(struct fat_vol *v, uint64_t lba, uint32_t count, void *buf)
{
	return fat_dev_read_ahead(v, lba, count, buf, FAT_AHEAD_UNKNOWN);
}

/* Writes count sectors at volume-relative lba. */
int fat_dev_write(struct fat_vol *v, uint64_t lba, uint32_t count,
		  const void *buf)
{
	if (v->dev->write == NULL)
		return -FAT_EROFS;
	if (v->dev->write(v->dev->ctx, v->part_lba + lba, count, buf) != 0)
		return -FAT_EIO;
	return 0;
}

static int is_pow2(uint32_t x)
{
	return x != 0 && (x & (x - 1)) == 0;
}

/* Field checks that need no arithmetic between fields. */
static int bpb_fields_ok(const uint8_t *bs)
{
	if (bs[BS_Signature] != 0x55 || bs[BS_Signature + 1] != 0xAA)
		return 0;
	if (bs[BS_JmpBoot] != 0xEB && bs[BS_JmpBoot] != 0xE9)
		return 0;
	if (ld16(bs + BPB_BytsPerSec) != FAT_SECTOR_SIZE)
		return 0;
	if (!is_pow2(bs[BPB_SecPerClus]))
		return 0;
	if (ld16(bs + BPB_RsvdSecCnt) == 0)
		return 0;
	if (bs[BPB_NumFATs] < 1 || bs[BPB_NumFATs] > 2)
		return 0;
	/* FAT12/16 have a fixed root directory and a 16-bit FAT size. */
	if (ld16(bs + BPB_RootEntCnt) != 0 || ld16(bs + BPB_FATSz16) != 0)
		return 0;
	if (ld32(bs + BPB_FATSz32) == 0 || ld16(bs + BPB_FSVer) != 0)
		return 0;
	return 1;
}

/* TotSec16 is 0 on FAT32; if a formatter filled both they must agree. */
static uint32_t bpb_total_sectors(const uint8_t *bs)
{
	uint32_t t16 = ld16(bs + BPB_TotSec16);
	uint32_t t32 = ld32(bs + BPB_TotSec32);

	if (t16 == 0)
		return t32;
	return t16 == t32 ? t32 : 0;
}

/* Derives the layout; 64-bit sums so a hostile BPB cannot wrap them. */
static int bpb_layout(struct fat_vol *v, const uint8_t *bs)
{
	uint64_t total = bpb_total_sectors(bs);
	uint64_t fatsz = ld32(bs + BPB_FATSz32);
	uint64_t rsvd = ld16(bs + BPB_RsvdSecCnt);
	uint64_t data_lba = rsvd + bs[BPB_NumFATs] * fatsz;
	uint64_t nclus;

	if (total == 0 || data_lba >= total)
		return -FAT_EINVAL;
	nclus = (total - data_lba) / bs[BPB_SecPerClus];
	if (nclus < FAT32_MIN_CLUSTERS || nclus > FAT32_MAX_CLUS - 1)
		return -FAT_EINVAL;
	/* The FAT needs an entry for clusters 0 .. nclus + 1. */
	if (fatsz * (FAT_SECTOR_SIZE / 4) < nclus + 2)
		return -FAT_EINVAL;

	v->sec_per_clus = bs[BPB_SecPerClus];
	v->clus_bytes = v->sec_per_clus * FAT_SECTOR_SIZE;
	v->fat_lba = (uint32_t)rsvd;
	v->fat_sectors = (uint32_t)fatsz;
	v->nfats = bs[BPB_NumFATs];
	v->data_lba = (uint32_t)data_lba;
	v->nclusters = (uint32_t)nclus;
	v->root_cluster = ld32(bs + BPB_RootClus);
	if (!fat_clus_ok(v, v->root_cluster))
		return -FAT_EINVAL;
	return 0;
}

int fat_mount(struct fat_vol *v, struct blkdev *dev, uint64_t part_lba)
{
	int r;

	memset(v, 0, sizeof(*v));
	v->dev = dev;
	v->part_lba = part_lba;
	v->fat_ahead = FAT_AHEAD_UNKNOWN;
	r = fat_dev_read(v, 0, 1, v->scratch);
	if (r < 0)
		return r;
	if (!bpb_fields_ok(v->scratch))
		return -FAT_EINVAL;
	r = bpb_layout(v, v->scratch);
	if (r < 0)
		return r;
	return fat_fsinfo_load(v, ld16(v->scratch + BPB_FSInfo));
}

void fat_root(const struct fat_vol *v, struct fat_node *out)
{
	memset(out, 0, sizeof(*out));
	out->first_cluster = v->root_cluster;
	out->attr = FAT_ATTR_DIRECTORY;
	out->is_root = 1;
}
