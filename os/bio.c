/*
 * The block cache: recently used single sectors (FAT and directory
 * sectors, which the FAT code reads and writes again and again), least
 * recently used first out, written back later. Multi-sector transfers
 * are file data on its way to or from its destination: they go straight
 * to the disk, and the cache is kept coherent with them (a read sees
 * newer cached sectors, a write updates cached copies).
 *
 * Write-back keeps the order the FAT code relies on (file data, then
 * the FAT, then the directory entry): dirty sectors are written in the
 * order they were first dirtied, and direct writes reach the disk before
 * any sector dirtied after them.
 */
#include "defs.h"

struct buf {
	bool valid, dirty;
	uint64_t lba;
	uint64_t last_use;	/* for LRU */
	uint64_t dirty_seq;	/* when it was first dirtied, for write order */
	uint8_t data[512];
};

static struct {
	struct sleeplock lock;	/* guards everything here, across disk I/O */
	struct buf buf[NBUF];
	uint64_t clock, seq;
} bcache;

struct bstats bstats;

void binit(void) { initsleeplock(&bcache.lock, "bcache", SLEEP_BCACHE); }

static struct buf *lookup(uint64_t lba)
{
	for (struct buf *b = bcache.buf; b < bcache.buf + NBUF; b++)
		if (b->valid && b->lba == lba)
			return b;
	return NULL;
}

/* Every disk request the cache makes goes through here, to be counted. */
static int disk_rw(uint64_t lba, uint32_t count, void *buf, bool write)
{
	bstats.requests++;
	if (write)
		bstats.sectors_written += count;
	else
		bstats.sectors_read += count;
	return virtio_blk_rw(lba, count, buf, write);
}

/* Writes every dirty sector dirtied before seq (all if seq is 0), oldest first. */
static int flush_before(uint64_t seq)
{
	for (;;) {
		struct buf *oldest = NULL;
		for (struct buf *b = bcache.buf; b < bcache.buf + NBUF; b++)
			if (b->dirty && (!seq || b->dirty_seq < seq) &&
			    (!oldest || b->dirty_seq < oldest->dirty_seq))
				oldest = b;
		if (!oldest)
			return 0;
		int err = disk_rw(oldest->lba, 1, oldest->data, true);
		if (err < 0)
			return err;
		oldest->dirty = false;
		bstats.writebacks++;
	}
}

/* A buffer for lba: cached, or the least recently used one, emptied.
 * Evicting a dirty sector writes it and everything dirtied before it. */
static int get_buf(uint64_t lba, struct buf **out)
{
	struct buf *b = lookup(lba), *victim = NULL;

	if (b) {
		*out = b;
		return 0;
	}
	for (b = bcache.buf; b < bcache.buf + NBUF; b++) {
		if (!b->valid) {
			victim = b;
			break;
		}
		if (!victim || b->last_use < victim->last_use)
			victim = b;
	}
	if (victim->dirty) {
		int err = flush_before(victim->dirty_seq + 1);
		if (err < 0)
			return err;
	}
	victim->valid = false;
	victim->lba = lba;
	*out = victim;
	return 0;
}

/* Newer cached sectors win over what a direct read brought from disk. */
static void overlay_cached(uint64_t lba, uint32_t count, uint8_t *dst)
{
	for (struct buf *b = bcache.buf; b < bcache.buf + NBUF; b++)
		if (b->valid && b->lba >= lba && b->lba < lba + count)
			memcpy(dst + (b->lba - lba) * 512, b->data, 512);
}

int bread_sectors(uint64_t lba, uint32_t count, void *dst)
{
	struct buf *b;
	int err;

	acquiresleep(&bcache.lock);
	if (count != 1) {
		if ((err = disk_rw(lba, count, dst, false)) == 0)
			overlay_cached(lba, count, dst);
	} else if ((err = get_buf(lba, &b)) == 0) {
		if (b->valid) {
			bstats.hits++;
		} else {
			bstats.misses++;
			err = disk_rw(lba, 1, b->data, false);
			b->valid = err == 0;
		}
		if (err == 0) {
			b->last_use = ++bcache.clock;
			memcpy(dst, b->data, 512);
		}
	}
	releasesleep(&bcache.lock);
	return err;
}

int bwrite_sectors(uint64_t lba, uint32_t count, const void *src)
{
	struct buf *b;
	int err;

	acquiresleep(&bcache.lock);
	if (count != 1) {
		/* file data goes to disk now: older dirty metadata must not
		 * be overtaken, and cached copies must not go stale */
		if ((err = flush_before(0)) == 0 &&
		    (err = disk_rw(lba, count, (void *)src, true)) == 0) {
			for (struct buf *c = bcache.buf; c < bcache.buf + NBUF; c++)
				if (c->valid && c->lba >= lba && c->lba < lba + count)
					memcpy(c->data, (const uint8_t *)src + (c->lba - lba) * 512, 512);
		}
	} else if ((err = get_buf(lba, &b)) == 0) {
		memcpy(b->data, src, 512);
		b->valid = true;
		b->last_use = ++bcache.clock;
		if (!b->dirty) {
			b->dirty = true;
			b->dirty_seq = ++bcache.seq;
		}
	}
	releasesleep(&bcache.lock);
	return err;
}

/* A consistent snapshot of the counters. */
int bstats_copy(struct bstats *out)
{
	acquiresleep(&bcache.lock);
	*out = bstats;
	releasesleep(&bcache.lock);
	return 0;
}

/* Writes every dirty sector back (sync, fsync, unmount, poweroff). */
int bflush(void)
{
	acquiresleep(&bcache.lock);
	int err = flush_before(0);
	releasesleep(&bcache.lock);
	return err;
}
