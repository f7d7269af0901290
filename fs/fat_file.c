/*
 * File data: fat_read. Whole sectors go straight from the device into the
 * caller's buffer, with runs of contiguous clusters merged into a single
 * multi-sector read; only an unaligned head or tail goes through the
 * volume's scratch sector.
 */
#include "fat_int.h"

/*
 * A chain that does not end right after the file's last cluster is
 * corrupt; checking here turns any loop in the chain into -FAT_EIO the
 * first time a read reaches the end of the file.
 */
static int check_chain_end(struct fat_vol *v, uint32_t clus)
{
	uint32_t next;
	int r = fat_next(v, clus, &next);

	if (r < 0)
		return r;
	return next == 0 ? 0 : -FAT_EIO;
}

/*
 * The cluster holding byte pos of f and in *len how many clusters from
 * it, at most max, are contiguous, checked against the file's size: the
 * chain must reach pos and, where the run reaches the file's last
 * cluster, end there.
 */
static int file_run(struct fat_vol *v, struct fat_node *f, uint64_t pos,
		    uint32_t max, uint32_t *clus, uint32_t *len)
{
	uint32_t index = (uint32_t)(pos / v->clus_bytes);
	uint32_t last = (f->size - 1) / v->clus_bytes;
	int r;

	if (max > last - index + 1)
		max = last - index + 1;
	r = fat_run_at(v, f, index, max, clus, len);
	if (r < 0)
		return r;
	if (*clus == 0)
		return -FAT_EIO;  /* chain shorter than the size says */
	if (index + *len - 1 == last)
		return check_chain_end(v, *clus + *len - 1);
	return 0;
}

/* Reads part of one sector through the scratch buffer. */
static int read_partial(struct fat_vol *v, uint64_t lba, uint32_t skip,
			uint8_t *dst, uint32_t len)
{
	int r = fat_dev_read(v, lba, 1, v->scratch);

	if (r < 0)
		return r;
	memcpy(dst, v->scratch + skip, len);
	return 0;
}

/* Reads from pos, at most n bytes, returning the count moved (> 0). */
static long read_step(struct fat_vol *v, struct fat_node *f, uint64_t pos,
		      uint8_t *dst, uint64_t n)
{
	uint32_t in_clus = (uint32_t)(pos % v->clus_bytes);
	uint32_t sec = in_clus / FAT_SECTOR_SIZE;
	uint32_t skip = in_clus % FAT_SECTOR_SIZE;
	uint64_t lba, run, want = n / FAT_SECTOR_SIZE;
	uint32_t clus, len, max;
	int r;

	if (skip != 0 || want == 0) {
		uint32_t part = FAT_SECTOR_SIZE - skip;

		if (part > n)
			part = (uint32_t)n;
		r = file_run(v, f, pos, 1, &clus, &len);
		if (r == 0)
			r = read_partial(v, fat_clus_lba(v, clus) + sec, skip,
					 dst, part);
		return r < 0 ? r : (long)part;
	}
	/* the clusters the whole sectors wanted touch, at most */
	max = (uint32_t)((sec + want + v->sec_per_clus - 1) / v->sec_per_clus);
	r = file_run(v, f, pos, max, &clus, &len);
	if (r < 0)
		return r;
	lba = fat_clus_lba(v, clus) + sec;
	run = (uint64_t)len * v->sec_per_clus - sec;
	if (run > want)
		run = want;
	r = fat_dev_read(v, lba, (uint32_t)run, dst);
	return r < 0 ? r : (long)(run * FAT_SECTOR_SIZE);
}

long fat_read(struct fat_vol *v, struct fat_node *f, uint64_t off,
	      void *buf, size_t n)
{
	uint8_t *dst = buf;
	uint64_t done = 0, left;
	long got;

	if (f->attr & FAT_ATTR_DIRECTORY)
		return -FAT_EISDIR;
	if (off >= f->size)
		return 0;
	left = f->size - off;
	if (n < left)
		left = n;
	while (done < left) {
		got = read_step(v, f, off + done, dst + done, left - done);
		if (got < 0)
			return got;
		done += (uint64_t)got;
	}
	return (long)done;
}
