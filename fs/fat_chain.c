/*
 * Cluster chains: FAT entry lookup through the volume's one-sector cache,
 * the step to the next cluster, and seeking a node's chain to a cluster
 * index. Every cluster number read from the FAT is range checked, and every
 * walk is bounded by the cluster count, so a corrupt FAT yields -FAT_EIO
 * instead of a wild read or an endless loop.
 */
#include "fat_int.h"

/* Valid data clusters are 2 .. nclusters + 1. */
int fat_clus_ok(const struct fat_vol *v, uint32_t clus)
{
	return clus >= 2 && clus - 2 < v->nclusters;
}

/* Volume-relative first sector of a cluster the caller has checked. */
uint64_t fat_clus_lba(const struct fat_vol *v, uint32_t clus)
{
	return v->data_lba + (uint64_t)(clus - 2) * v->sec_per_clus;
}

/* Raw (masked) FAT #0 entry for clus; the caller checked clus. */
static int fat_entry(struct fat_vol *v, uint32_t clus, uint32_t *val)
{
	uint32_t lba = v->fat_lba + clus / (FAT_SECTOR_SIZE / 4);
	uint32_t off = (clus % (FAT_SECTOR_SIZE / 4)) * 4;
	int r;

	if (v->fat_cache_lba != lba) {
		v->fat_cache_lba = 0;  /* stays empty if the read fails */
		r = fat_dev_read(v, lba, 1, v->fat_cache);
		if (r < 0)
			return r;
		v->fat_cache_lba = lba;
	}
	*val = ld32(v->fat_cache + off) & FAT32_MASK;
	return 0;
}

/*
 * The cluster after clus, or 0 in *next at end of chain. A free, reserved,
 * bad or out-of-range entry inside a chain is corruption, and so is a
 * cluster that points to itself (the one loop detectable in a single step).
 */
int fat_next(struct fat_vol *v, uint32_t clus, uint32_t *next)
{
	uint32_t val;
	int r;

	if (!fat_clus_ok(v, clus))
		return -FAT_EIO;
	r = fat_entry(v, clus, &val);
	if (r < 0)
		return r;
	if (val >= FAT32_EOC_MIN) {
		*next = 0;
		return 0;
	}
	if (val == clus || !fat_clus_ok(v, val))
		return -FAT_EIO;
	*next = val;
	return 0;
}

/*
 * Sets *clus to the cluster at chain index `index` of node n, or to 0 if
 * the chain ends before it. Starts from n's chain cache when that is at or
 * before index, so sequential access costs one step per cluster. No chain
 * can be longer than the volume, which bounds the walk on a looping FAT.
 */
int fat_seek(struct fat_vol *v, struct fat_node *n, uint32_t index,
	     uint32_t *clus)
{
	uint32_t i = 0, c = n->first_cluster;
	int r;

	if (index >= v->nclusters)
		return -FAT_EIO;
	if (n->chain_cluster != 0 && n->chain_index <= index) {
		i = n->chain_index;
		c = n->chain_cluster;
	}
	if (!fat_clus_ok(v, c))
		return -FAT_EIO;
	for (; i < index; i++) {
		r = fat_next(v, c, &c);
		if (r < 0)
			return r;
		if (c == 0) {
			*clus = 0;
			return 0;
		}
	}
	n->chain_index = index;
	n->chain_cluster = c;
	*clus = c;
	return 0;
}
