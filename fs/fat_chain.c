/*
 * Cluster chains: FAT entries read and written through the volume's
 * one-sector cache, the step to the next cluster, and counting a run of
 * contiguous clusters. Every cluster number read from the FAT is range checked, and every
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

/*
 * Writes the cached FAT sector to every FAT copy. Changes collect in the
 * cache and go out when the cache moves to another sector or at the end
 * of each operation, so allocating a run of clusters costs one write per
 * FAT sector, not one per cluster.
 */
int fat_flush(struct fat_vol *v)
{
	uint32_t i;
	int r;

	if (!v->fat_dirty)
		return 0;
	for (i = 0; i < v->nfats; i++) {
		r = fat_dev_write(v, v->fat_cache_lba + i * v->fat_sectors, 1,
				  v->fat_cache);
		if (r < 0) {
			/* the disk is the truth again: forget the change */
			v->fat_dirty = 0;
			v->fat_cache_lba = 0;
			return r;
		}
	}
	v->fat_dirty = 0;
	return 0;
}

/* Ends every changing call, failed or not: the cache is written out, so
 * between calls the disk's FAT is the cache's. Returns the first error. */
int fat_done(struct fat_vol *v, int r)
{
	int f = fat_flush(v);

	return r < 0 ? r : f;
}

/* Makes the cache hold the FAT #0 sector for clus; the caller checked
 * clus. Returns the byte offset of its entry in the cache. */
static int fat_cache_load(struct fat_vol *v, uint32_t clus, uint32_t *off)
{
	uint32_t lba = v->fat_lba + clus / (FAT_SECTOR_SIZE / 4);
	int r;

	*off = (clus % (FAT_SECTOR_SIZE / 4)) * 4;
	if (v->fat_cache_lba == lba)
		return 0;
	r = fat_flush(v);
	if (r < 0)
		return r;
	v->fat_cache_lba = 0;  /* stays empty if the read fails */
	r = fat_dev_read_ahead(v, lba, 1, v->fat_cache, v->fat_ahead);
	if (r < 0)
		return r;
	v->fat_cache_lba = lba;
	return 0;
}

/* Raw (masked) FAT entry for clus; the caller checked clus. */
int fat_entry(struct fat_vol *v, uint32_t clus, uint32_t *val)
{
	uint32_t off;
	int r = fat_cache_load(v, clus, &off);

	if (r < 0)
		return r;
	*val = ld32(v->fat_cache + off) & FAT32_MASK;
	return 0;
}

/* Sets the FAT entry of clus (checked by the caller) to val in the cache,
 * keeping the entry's reserved top four bits as the spec asks. */
int fat_put(struct fat_vol *v, uint32_t clus, uint32_t val)
{
	uint32_t off, old;
	int r = fat_cache_load(v, clus, &off);

	if (r < 0)
		return r;
	old = ld32(v->fat_cache + off);
	/* a link changed (not a free entry taken, nor an end extended):
	 * some chain's clusters after clus are no longer what they were */
	if ((old & FAT32_MASK) != 0 && (old & FAT32_MASK) < FAT32_EOC_MIN &&
	    (old & FAT32_MASK) != (val & FAT32_MASK))
		v->chain_changes++;
	st32(v->fat_cache + off, (old & ~FAT32_MASK) | (val & FAT32_MASK));
	v->fat_dirty = 1;
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
 * Counts how many steps the chain takes from clus to clus + 1, at most
 * max: FAT entries read straight out of the cached sector, a sector at a
 * time, so a contiguous file costs a few instructions per cluster rather
 * than a call. Every cluster counted is in range (max is cut to the
 * clusters after clus, so no entry needs its own check); clus must be
 * in range too. cached_only: stops at the first entry outside the
 * sector in the cache (never reads the disk), for a look that costs
 * nothing.
 */
int fat_contig(struct fat_vol *v, uint32_t clus, uint32_t max, int cached_only,
	       uint32_t *steps)
{
	uint32_t room = fat_clus_ok(v, clus) ? v->nclusters + 1 - clus : 0;
	uint32_t n = 0, off;
	int r;

	if (max > room)
		max = room;
	while (n < max) {
		if (cached_only &&
		    v->fat_cache_lba != v->fat_lba + clus / (FAT_SECTOR_SIZE / 4))
			break;
		r = fat_cache_load(v, clus, &off);
		if (r < 0)
			return r;
		/* entries are 4-byte aligned in the aligned sector */
		uint32_t here = (FAT_SECTOR_SIZE - off) / 4;
		const uint8_t *e = v->fat_cache + off;
		const uint8_t *end = e + 4 * (max - n < here ? max - n : here);
		for (; e < end; e += 4, clus++, n++) {
			if ((ld32_aligned(e) & FAT32_MASK) != clus + 1) {
				*steps = n;
				return 0;
			}
		}
	}
	*steps = n;
	return 0;
}
