/*
 * File data: fat_write and fat_truncate. Whole sectors go straight from
 * the caller's buffer to the device, a run of contiguous clusters in one
 * request; only a partial head or tail sector goes through v->scratch.
 *
 * WRITE ORDER when a file grows: the data is written into free clusters
 * first, then they are linked in the FAT, then the directory entry gets
 * the size (dirent_store flushes the FAT before it writes the entry). An
 * interruption leaves the old file and at worst some lost clusters.
 * When it shrinks, the entry is written first and the clusters freed after.
 */
#include "fat_int.h"

/* One fat_write or fat_truncate under way. */
struct wctx {
	struct fat_node *f;
	uint32_t nclus;      /* clusters in f's chain now */
	uint32_t tail;       /* the chain's last cluster; 0 if none */
	uint32_t old_first;  /* the first cluster the entry on disk names */
	uint32_t old_nclus, old_tail;
	uint64_t done;       /* file offset reached by the bytes written */
};

static uint32_t clusters_for(const struct fat_vol *v, uint64_t size)
{
	return (uint32_t)((size + v->clus_bytes - 1) / v->clus_bytes);
}

/*
 * Finds the end of f's chain, which must be exactly as long as the size
 * needs: a chain ending early, or going on past the size (cross-linked or
 * looping), is -FAT_EIO. Uses f's run cache, so appends cost O(1).
 */
static int wctx_init(struct fat_vol *v, struct wctx *w, struct fat_node *f)
{
	uint32_t c, next;
	int r;

	memset(w, 0, sizeof(*w));
	w->f = f;
	w->old_first = f->first_cluster;
	w->nclus = w->old_nclus = clusters_for(v, f->size);
	if (w->nclus == 0)
		return f->first_cluster == 0 ? 0 : -FAT_EIO;
	r = fat_seek(v, f, w->nclus - 1, &c);
	if (r < 0)
		return r;
	if (c == 0)
		return -FAT_EIO;
	r = fat_next(v, c, &next);
	if (r < 0)
		return r;
	if (next != 0)
		return -FAT_EIO;
	w->tail = w->old_tail = c;
	return 0;
}

/*
 * Writes n bytes at byte skip of the contiguous sectors from lba: whole
 * sectors in one device request straight from src, partial ones through
 * v->scratch. src NULL writes zeros. fresh: the sectors hold nothing of
 * the file, so a partial one is zero-padded instead of read first.
 */
static int put_extent(struct fat_vol *v, uint64_t lba, uint64_t skip,
		      const uint8_t *src, uint64_t n, int fresh)
{
	uint64_t len;
	int r;

	lba += skip / FAT_SECTOR_SIZE;
	skip %= FAT_SECTOR_SIZE;
	for (; n > 0; n -= len, skip = 0) {
		if (skip != 0 || n < FAT_SECTOR_SIZE || src == NULL) {
			len = FAT_SECTOR_SIZE - skip < n ? FAT_SECTOR_SIZE - skip : n;
			r = 0;
			if (fresh || len == FAT_SECTOR_SIZE)
				memset(v->scratch, 0, FAT_SECTOR_SIZE);
			else
				r = fat_dev_read(v, lba, 1, v->scratch);
			if (r == 0 && src != NULL)
				memcpy(v->scratch + skip, src, len);
			else if (r == 0)
				memset(v->scratch + skip, 0, len);
			if (r == 0)
				r = fat_dev_write(v, lba, 1, v->scratch);
			lba++;
		} else {
			len = n - n % FAT_SECTOR_SIZE;
			r = fat_dev_write(v, lba, (uint32_t)(len / FAT_SECTOR_SIZE), src);
			lba += len / FAT_SECTOR_SIZE;
		}
		if (r < 0)
			return r;
		if (src != NULL)
			src += len;
	}
	return 0;
}

/* Writes up to n bytes at pos inside the existing chain, over as many
 * contiguous clusters as one request can take. Returns the count. */
static long put_existing(struct fat_vol *v, struct wctx *w, uint64_t pos,
			 const uint8_t *src, uint64_t n)
{
	uint32_t idx = (uint32_t)(pos / v->clus_bytes), clus, len;
	uint64_t skip = pos % v->clus_bytes, have;
	uint64_t max = (skip + n + v->clus_bytes - 1) / v->clus_bytes;
	int r;

	if (max > w->nclus - idx)
		max = w->nclus - idx;
	r = fat_run_at(v, w->f, idx, (uint32_t)max, &clus, &len);
	if (r == 0 && clus == 0)
		r = -FAT_EIO;
	if (r < 0)
		return r;
	have = (uint64_t)len * v->clus_bytes - skip;
	if (have > n)
		have = n;
	r = put_extent(v, fat_clus_lba(v, clus), skip, src, have, 0);
	return r < 0 ? r : (long)have;
}

/*
 * Writes from pos (the end of the chain) towards end into newly found
 * clusters: a run as long as the FAT has free in a row, starting right
 * after the chain's tail when it can, so files stay contiguous. The run
 * is linked only after its data is on disk. Returns the count.
 */
static long put_new(struct fat_vol *v, struct wctx *w, uint64_t pos,
		    uint64_t end, const uint8_t *src)
{
	uint64_t want = (end - pos + v->clus_bytes - 1) / v->clus_bytes, len;
	uint32_t start, got;
	int r;

	if (want > v->nclusters)
		want = v->nclusters;
	r = fat_find_run(v, w->tail ? w->tail + 1 : v->last_alloc + 1,
			 (uint32_t)want, &start, &got);
	if (r < 0)
		return r;
	len = (uint64_t)got * v->clus_bytes;
	if (len > end - pos)
		len = end - pos;
	r = put_extent(v, fat_clus_lba(v, start), 0, src, len, 1);
	if (r == 0)
		r = fat_link_run(v, w->tail, start, got);
	if (r < 0)
		return r;
	if (w->tail == 0)
		w->f->first_cluster = start;
	fat_runs_add(w->f, w->nclus, start, got);
	w->tail = start + got - 1;
	w->nclus += got;
	return (long)len;
}

/* Writes [pos, end) of the file from src, or zeros if src is NULL. */
static int fill(struct fat_vol *v, struct wctx *w, uint64_t pos,
		uint64_t end, const uint8_t *src)
{
	uint64_t alloc;
	long got;

	while (pos < end) {
		alloc = (uint64_t)w->nclus * v->clus_bytes;
		if (pos < alloc)
			got = put_existing(v, w, pos, src, (end < alloc ? end : alloc) - pos);
		else
			got = put_new(v, w, pos, end, src);
		if (got < 0)
			return (int)got;
		pos += (uint64_t)got;
		if (src != NULL)
			src += got;
		w->done = pos;
	}
	return 0;
}

/* Frees the clusters a failed call added; the entry on disk still names
 * the old chain, so only the FAT changes. */
static void rollback(struct fat_vol *v, struct wctx *w)
{
	uint32_t added = w->nclus - w->old_nclus, cut;

	fat_runs_cut(w->f, w->old_nclus);
	if (added == 0)
		return;
	if (w->old_tail == 0) {
		cut = w->f->first_cluster;
		w->f->first_cluster = 0;
	} else if (fat_next(v, w->old_tail, &cut) < 0 ||
		   fat_set_eoc(v, w->old_tail) < 0) {
		return;
	}
	fat_chain_free(v, cut, added);
}

/* Puts f's size and first cluster, and the time, in f's entry; an
 * orphan's in f alone. */
static int commit(struct fat_vol *v, struct wctx *w, uint64_t size)
{
	struct fat_node *f = w->f;
	uint64_t lba;
	uint8_t *e;

	if (f->orphan) {
		f->size = (uint32_t)size;
		return 0;
	}
	int r = dirent_load(v, f, w->old_first, &lba, &e);

	if (r < 0)
		return r;
	st16(e + DIR_FstClusHI, (uint16_t)(f->first_cluster >> 16));
	st16(e + DIR_FstClusLO, (uint16_t)f->first_cluster);
	st32(e + DIR_FileSize, (uint32_t)size);
	e[DIR_Attr] |= FAT_ATTR_ARCHIVE;
	dirent_stamp(v, e, 0);
	f->size = (uint32_t)size;
	f->attr = e[DIR_Attr];
	f->wdate = ld16(e + DIR_WrtDate);
	f->wtime = ld16(e + DIR_WrtTime);
	f->adate = ld16(e + DIR_LstAccDate);
	return dirent_store(v, lba);
}

static int file_checks(struct fat_vol *v, const struct fat_node *f)
{
	int r = fat_writable(v);

	if (r == 0 && (f->is_root || (f->attr & FAT_ATTR_DIRECTORY)))
		r = -FAT_EISDIR;
	return r;
}

long fat_write(struct fat_vol *v, struct fat_node *f, uint64_t off,
	       const void *buf, size_t n)
{
	struct wctx w;
	uint64_t end, size;
	int r = file_checks(v, f);

	if (r < 0)
		return r;
	if (n == 0)
		return 0;
	if (off >= FAT_FILE_MAX)
		return -FAT_EFBIG;
	if (n > FAT_FILE_MAX - off)
		n = (size_t)(FAT_FILE_MAX - off);
	end = off + n;
	r = wctx_init(v, &w, f);
	if (r < 0)
		return r;
	if (off > f->size)
		r = fill(v, &w, f->size, off, NULL);  /* the gap reads as zeros */
	if (r == 0)
		r = fill(v, &w, off, end, buf);
	if (w.done <= off) {
		rollback(v, &w);
		return fat_done(v, r);
	}
	size = w.done > f->size ? w.done : f->size;
	r = fat_done(v, commit(v, &w, size));
	if (r < 0)
		fat_runs_clear(f);  /* how much of the chain is linked is unsure */
	return r < 0 ? r : (long)(w.done - off);
}

/* Shrinks to size: the entry first, then the clusters past it are freed. */
static int shrink(struct fat_vol *v, struct wctx *w, uint64_t size)
{
	struct fat_node *f = w->f;
	uint32_t keep = clusters_for(v, size), last = 0, cut = f->first_cluster;
	int r = 0;

	if (keep > 0) {
		r = fat_seek(v, f, keep - 1, &last);
		if (r == 0 && last == 0)
			r = -FAT_EIO;
		if (r == 0)
			r = fat_next(v, last, &cut);
	}
	if (r < 0)
		return r;
	if (keep == 0)
		f->first_cluster = 0;
	r = commit(v, w, size);
	fat_runs_cut(f, keep);  /* forgetting is always safe */
	if (r < 0 || keep == w->nclus)
		return r;
	if (keep > 0)
		r = fat_set_eoc(v, last);
	if (r == 0)
		r = fat_chain_free(v, cut, w->nclus - keep);
	return r;
}

int fat_truncate(struct fat_vol *v, struct fat_node *f, uint64_t size)
{
	struct wctx w;
	int r = file_checks(v, f);

	if (r < 0)
		return r;
	if (size > FAT_FILE_MAX)
		return -FAT_EFBIG;
	r = wctx_init(v, &w, f);
	if (r < 0 || size == f->size)
		return r;
	if (size < f->size)
		return fat_done(v, shrink(v, &w, size));
	r = fill(v, &w, f->size, size, NULL);
	if (r < 0)
		rollback(v, &w);
	else
		r = commit(v, &w, size);
	r = fat_done(v, r);
	if (r < 0)
		fat_runs_clear(f);
	return r;
}
