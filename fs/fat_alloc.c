/*
 * Cluster allocation: finding free runs (contiguous where the FAT allows),
 * linking and freeing chains, and FSInfo's free count and next-free hint.
 *
 * FSInfo's free count must never be wrong on disk. Before the first change
 * to the count after mount or fat_sync, FSInfo is rewritten to say
 * "unknown"; fat_sync writes the true count back. An interrupted run thus
 * leaves "unknown" (which fsck.fat and every driver accept), not a lie.
 */
#include "fat_int.h"

#define FAT32_EOC 0x0FFFFFFFu

/* Mount: FSInfo's numbers are only hints, believed where they can be true.
 * sec is BPB_FSInfo; FSInfo must lie in the reserved area before the FAT. */
int fat_fsinfo_load(struct fat_vol *v, uint32_t sec)
{
	uint8_t *b = v->scratch;
	uint32_t free, next;
	int r;

	v->free_count = FAT_FREE_UNKNOWN;
	v->last_alloc = 0;
	if (sec == 0 || sec >= v->fat_lba)
		return 0;
	r = fat_dev_read(v, sec, 1, b);
	if (r < 0)
		return r;
	if (ld32(b + FSI_LeadSig) != FSI_LEAD ||
	    ld32(b + FSI_StrucSig) != FSI_STRUC ||
	    ld32(b + FSI_TrailSig) != FSI_TRAIL)
		return 0;
	v->fsinfo_lba = sec;
	free = ld32(b + FSI_Free_Count);
	next = ld32(b + FSI_Nxt_Free);
	if (free <= v->nclusters)
		v->free_count = free;
	/* FSI_Nxt_Free: Linux, mtools and FatFs store the cluster allocated
	 * last and search after it; so does this library. */
	if (fat_clus_ok(v, next))
		v->last_alloc = next;
	return 0;
}

int fat_writable(struct fat_vol *v)
{
	return v->dev->write != NULL ? 0 : -FAT_EROFS;
}

/* Rewrites FSInfo with free count `free`, keeping its other bytes. */
static int fsinfo_write(struct fat_vol *v, uint32_t free)
{
	uint8_t *b = v->scratch;
	int r = fat_dev_read(v, v->fsinfo_lba, 1, b);

	if (r < 0)
		return r;
	st32(b + FSI_Free_Count, free);
	st32(b + FSI_Nxt_Free, v->last_alloc ? v->last_alloc : FAT_FREE_UNKNOWN);
	return fat_dev_write(v, v->fsinfo_lba, 1, b);
}

/* Called before the free count changes: see the comment at the top.
 * Uses v->scratch. */
static int fsinfo_touch(struct fat_vol *v)
{
	int r;

	if (v->fsinfo_lba == 0 || v->fsinfo_stale)
		return 0;
	r = fsinfo_write(v, FAT_FREE_UNKNOWN);
	if (r < 0)
		return r;
	v->fsinfo_stale = 1;
	return 0;
}

static void count_add(struct fat_vol *v, uint32_t n, int freed)
{
	if (v->free_count == FAT_FREE_UNKNOWN)
		return;
	if (freed && v->free_count + (uint64_t)n <= v->nclusters)
		v->free_count += n;
	else if (!freed && v->free_count >= n)
		v->free_count -= n;
	else
		v->free_count = FAT_FREE_UNKNOWN;  /* FSInfo was wrong */
}

/* Learned the true count: fat_sync will write it. If FSInfo cannot be
 * marked unknown now (read-only device), it is left as it was. */
static void count_learned(struct fat_vol *v, uint32_t n)
{
	v->free_count = n;
	fsinfo_touch(v);
}

/*
 * Finds up to want free clusters in a row: the first free cluster at or
 * after from (wrapping around to 2), then as many following ones as are
 * free. It only reads: the caller writes the data, then links the run.
 */
int fat_find_run(struct fat_vol *v, uint32_t from, uint32_t want,
		 uint32_t *start, uint32_t *len)
{
	uint32_t end = v->nclusters + 2, c = from, val, i, n;
	int r;

	if (!fat_clus_ok(v, c))
		c = 2;
	for (i = 0; i < v->nclusters; i++) {
		r = fat_entry(v, c, &val);
		if (r < 0)
			return r;
		if (val == 0)
			break;
		c = c + 1 < end ? c + 1 : 2;
	}
	if (i == v->nclusters) {
		count_learned(v, 0);
		return -FAT_ENOSPC;
	}
	for (n = 1; n < want && c + n < end; n++) {
		r = fat_entry(v, c + n, &val);
		if (r < 0)
			return r;
		if (val != 0)
			break;
	}
	*start = c;
	*len = n;
	return 0;
}

/*
 * Makes the free run [start, start + len) a chain ending in EOC and hangs
 * it after cluster prev (0: the caller puts start in a directory entry).
 * prev's entry changes last, so no chain ever leads into a half-made run.
 */
int fat_link_run(struct fat_vol *v, uint32_t prev, uint32_t start,
		 uint32_t len)
{
	uint32_t i;
	int r = fsinfo_touch(v);

	for (i = 0; r == 0 && i < len; i++)
		r = fat_put(v, start + i, i + 1 < len ? start + i + 1 : FAT32_EOC);
	if (r == 0 && prev != 0)
		r = fat_put(v, prev, start);
	if (r < 0)
		return r;
	count_add(v, len, 0);
	v->last_alloc = start + len - 1;
	return 0;
}

/* Marks clus the end of its chain (when a file shrinks). */
int fat_set_eoc(struct fat_vol *v, uint32_t clus)
{
	return fat_put(v, clus, FAT32_EOC);
}

/*
 * Counts the chain at first, which must end within max clusters. A loop,
 * a free or bad entry, or a cluster out of range inside it gives -FAT_EIO.
 */
int fat_chain_len(struct fat_vol *v, uint32_t first, uint32_t max,
		  uint32_t *len, uint32_t *last)
{
	uint32_t c = first, next, n = 0;
	int r;

	if (!fat_clus_ok(v, c))
		return -FAT_EIO;
	for (;;) {
		if (++n > max)
			return -FAT_EIO;
		r = fat_next(v, c, &next);
		if (r < 0)
			return r;
		if (next == 0)
			break;
		c = next;
	}
	*len = n;
	*last = c;
	return 0;
}

/*
 * Frees the chain at first, at most max clusters long. Each entry is read
 * before it is cleared, so a chain that loops back meets a free entry and
 * stops with -FAT_EIO; the clusters freed until then are lost to no file.
 */
int fat_chain_free(struct fat_vol *v, uint32_t first, uint32_t max)
{
	uint32_t c = first, next, n = 0;
	int r = fsinfo_touch(v);

	while (r == 0 && c != 0) {
		if (n++ >= max)
			return -FAT_EIO;
		r = fat_next(v, c, &next);
		if (r == 0)
			r = fat_put(v, c, 0);
		if (r == 0)
			count_add(v, 1, 1);
		c = next;
	}
	return r;
}

/* Writes zeros over len clusters from start (new directory space). */
int fat_zero_clusters(struct fat_vol *v, uint32_t start, uint32_t len)
{
	uint64_t lba = fat_clus_lba(v, start);
	uint64_t i, n = (uint64_t)len * v->sec_per_clus;
	int r;

	memset(v->scratch, 0, FAT_SECTOR_SIZE);
	for (i = 0; i < n; i++) {
		r = fat_dev_write(v, lba + i, 1, v->scratch);
		if (r < 0)
			return r;
	}
	return 0;
}

void fat_stamp(struct fat_vol *v, uint16_t *date, uint16_t *time)
{
	if (v->clock != NULL) {
		v->clock(v->clock_ctx, date, time);
		return;
	}
	*date = FAT_DATE(2026, 1, 1);
	*time = 0;
}

int fat_sync(struct fat_vol *v)
{
	int r = fat_flush(v);

	if (r < 0 || v->fsinfo_lba == 0 || !v->fsinfo_stale)
		return r;
	if (v->dev->write == NULL)
		return -FAT_EROFS;
	r = fsinfo_write(v, v->free_count);
	if (r == 0)
		v->fsinfo_stale = 0;
	return r;
}

int fat_free_clusters(struct fat_vol *v, uint32_t *count)
{
	uint32_t c, val, n = 0;
	int r;

	if (v->free_count == FAT_FREE_UNKNOWN) {
		for (c = 2; c < v->nclusters + 2; c++) {
			r = fat_entry(v, c, &val);
			if (r < 0)
				return r;
			n += val == 0;
		}
		count_learned(v, n);
	}
	*count = v->free_count;
	return 0;
}
