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

/* The cluster holding byte pos of f, checked against the file's size. */
static int file_cluster(struct fat_vol *v, struct fat_node *f, uint64_t pos,
			uint32_t *clus)
{
	uint32_t index = (uint32_t)(pos / v->clus_bytes);
	uint32_t last = (f->size - 1) / v->clus_bytes;
	int r = fat_seek(v, f, index, clus);

	if (r < 0)
		return r;
	if (*clus == 0)
		return -FAT_EIO;  /* chain shorter than the size says */
	if (index == last)
		return check_chain_end(v, *clus);
	return 0;
}

/*
 * Number of whole sectors, at most want, readable in one device request
 * from sector sec of cluster clus: the rest of clus, then following
 * clusters while each is the previous one plus one.
 */
static int contiguous_run(struct fat_vol *v, struct fat_node *f,
			  uint64_t pos, uint32_t clus, uint32_t sec,
			  uint64_t want, uint64_t *run)
{
	uint64_t have = v->sec_per_clus - sec;
	uint32_t next;
	int r;

	while (have < want) {
		pos += v->clus_bytes;
		r = file_cluster(v, f, pos - pos % v->clus_bytes, &next);
		if (r < 0)
			return r;
		if (next != clus + 1)
			break;
		clus = next;
		have += v->sec_per_clus;
	}
	*run = have < want ? have : want;
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
	uint64_t lba, run;
	uint32_t clus;
	int r;

	r = file_cluster(v, f, pos, &clus);
	if (r < 0)
		return r;
	lba = fat_clus_lba(v, clus) + sec;
	if (skip != 0 || n < FAT_SECTOR_SIZE) {
		uint32_t len = FAT_SECTOR_SIZE - skip;

		if (len > n)
			len = (uint32_t)n;
		r = read_partial(v, lba, skip, dst, len);
		return r < 0 ? r : (long)len;
	}
	r = contiguous_run(v, f, pos, clus, sec, n / FAT_SECTOR_SIZE, &run);
	if (r < 0)
		return r;
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
