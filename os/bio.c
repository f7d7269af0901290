/*
 * The block cache: recently used single sectors (FAT and directory
 * sectors, which the FAT code reads again and again), least recently
 * used first out. Multi-sector reads are file data on their way to
 * their destination: they go straight to the disk, not through here.
 * Read-only for now; the FAT write work makes it write-back.
 */
#include "defs.h"

struct buf {
	bool valid;
	uint64_t lba;
	uint64_t last_use;
	uint8_t data[512];
};

static struct {
	struct sleeplock lock;	/* held across the disk read of a miss */
	struct buf buf[NBUF];
	uint64_t clock;
	uint64_t hits, misses;
} bcache;

void binit(void) { initsleeplock(&bcache.lock, "bcache", SLEEP_BCACHE); }

static struct buf *lookup_or_evict(uint64_t lba)
{
	struct buf *victim = &bcache.buf[0];

	for (struct buf *b = bcache.buf; b < bcache.buf + NBUF; b++) {
		if (b->valid && b->lba == lba)
			return b;
		if (!b->valid || (victim->valid && b->last_use < victim->last_use))
			victim = b;
	}
	victim->valid = false;
	victim->lba = lba;
	return victim;
}

int bread_sectors(uint64_t lba, uint32_t count, void *dst)
{
	if (count != 1)
		return virtio_blk_rw(lba, count, dst, false);

	acquiresleep(&bcache.lock);
	struct buf *b = lookup_or_evict(lba);
	int err = 0;
	if (b->valid) {
		bcache.hits++;
	} else {
		bcache.misses++;
		err = virtio_blk_rw(lba, 1, b->data, false);
		b->valid = err == 0;
	}
	if (err == 0) {
		b->last_use = ++bcache.clock;
		memcpy(dst, b->data, 512);
	}
	releasesleep(&bcache.lock);
	return err;
}
