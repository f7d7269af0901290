/*
 * File data: fat_read. Whole sectors go straight from the device into the
 * caller's buffer, with runs of contiguous clusters merged into a single
 * multi-sector read; only an unaligned head or tail goes through the
 * volume's scratch sector. fat_extent tells a caller that does its own
 * reading where the file's sectors are.
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
	uint64_t fat_bytes;
	int r;

	if (max > last - index + 1)
		max = last - index + 1;
	/* the FAT sectors the rest of the chain takes, for read-ahead */
	fat_bytes = (uint64_t)(last - index + 1) * 4;
	v->fat_ahead = (uint32_t)((fat_bytes + FAT_SECTOR_SIZE - 1) / FAT_SECTOR_SIZE);
	if (v->fat_ahead > FAT_AHEAD_MAX)
		v->fat_ahead = FAT_AHEAD_MAX;
	r = fat_run_at(v, f, index, max, clus, len);
	v->fat_ahead = FAT_AHEAD_UNKNOWN;
	if (r < 0)
		return r;
	if (*clus == 0)
		return -FAT_EIO;  /* chain shorter than the size says */
	if (index + *len - 1 == last)
		return check_chain_end(v, *clus + *len - 1);
	return 0;
}

/*
 * The contiguous sectors of f from byte pos (in a sector): *lba, and in
 * *run how many: those the want sectors the caller reads now touch, and
 * up to FAT_AHEAD_MAX more where the run is known to go on (fat_run_known:
 * no FAT read for them), whose count past the want is the read-ahead hint.
 */
static int file_sectors(struct fat_vol *v, struct fat_node *f, uint64_t pos,
			uint64_t want, uint64_t *lba, uint64_t *run)
{
	uint32_t index = (uint32_t)(pos / v->clus_bytes);
	uint32_t last = (f->size - 1) / v->clus_bytes;
	uint32_t sec = (uint32_t)(pos % v->clus_bytes) / FAT_SECTOR_SIZE, clus, len;
	uint64_t spc = v->sec_per_clus;
	uint64_t need = (sec + want + spc - 1) / spc, more = (sec + want + FAT_AHEAD_MAX + spc - 1) / spc;
	int r = file_run(v, f, pos, (uint32_t)need, &clus, &len);

	if (r < 0)
		return r;
	if (more > last - index + 1)
		more = last - index + 1;
	if (len == need && more > need)
		len = fat_run_known(v, f, index, (uint32_t)more);
	*lba = fat_clus_lba(v, clus) + sec;
	*run = (uint64_t)len * spc - sec;
	return 0;
}

/* Reads count of the run sectors at lba, hinting the rest for read-ahead. */
static int read_run(struct fat_vol *v, uint64_t lba, uint64_t count, uint64_t run,
		    void *dst)
{
	uint64_t ahead = run - count;

	return fat_dev_read_ahead(v, lba, (uint32_t)count, dst,
				  ahead > FAT_AHEAD_MAX ? FAT_AHEAD_MAX : (uint32_t)ahead);
}

/* Reads from pos, at most n bytes, returning the count moved (> 0). */
static long read_step(struct fat_vol *v, struct fat_node *f, uint64_t pos,
		      uint8_t *dst, uint64_t n)
{
	uint32_t skip = (uint32_t)(pos % FAT_SECTOR_SIZE);
	uint64_t lba, run, want = n / FAT_SECTOR_SIZE;
	int r;

	if (skip != 0 || want == 0) {
		/* part of one sector, through the scratch buffer */
		uint32_t part = FAT_SECTOR_SIZE - skip;

		if (part > n)
			part = (uint32_t)n;
		r = file_sectors(v, f, pos, 1, &lba, &run);
		if (r == 0)
			r = read_run(v, lba, 1, run, v->scratch);
		if (r == 0)
			memcpy(dst, v->scratch + skip, part);
		return r < 0 ? r : (long)part;
	}
	r = file_sectors(v, f, pos, want, &lba, &run);
	if (r < 0)
		return r;
	if (want > run)
		want = run;
	r = read_run(v, lba, want, run, dst);
	return r < 0 ? r : (long)(want * FAT_SECTOR_SIZE);
}

int fat_extent(struct fat_vol *v, struct fat_node *f, uint64_t off,
	       uint64_t max, uint64_t *lba, uint64_t *bytes)
{
	uint32_t in_clus = (uint32_t)(off % v->clus_bytes);
	uint64_t want, run;
	uint32_t clus, len;
	int r;

	if (f->attr & FAT_ATTR_DIRECTORY)
		return -FAT_EISDIR;
	if (off % FAT_SECTOR_SIZE != 0 || off >= f->size || max == 0)
		return -FAT_EINVAL;
	want = f->size - off;
	if (want > max)
		want = max;
	/* whole sectors: the file's last one is read whole */
	want = (want + FAT_SECTOR_SIZE - 1) / FAT_SECTOR_SIZE * FAT_SECTOR_SIZE;
	r = file_run(v, f, off, (uint32_t)((in_clus + want + v->clus_bytes - 1) / v->clus_bytes),
		     &clus, &len);
	if (r < 0)
		return r;
	run = (uint64_t)len * v->clus_bytes - in_clus;
	*lba = fat_clus_lba(v, clus) + in_clus / FAT_SECTOR_SIZE;
	*bytes = run < want ? run : want;
	return 0;
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
