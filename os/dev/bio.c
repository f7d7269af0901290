/*
 * The block cache: 512-byte sectors of every disk, named by (disk, sector)
 * so that a sector reached through a partition and through the whole
 * disk is one buffer, kept in 4 KiB blocks (below) found through a
 * hash table, least recently used first out, written back later. It holds FAT and
 * directory sectors, which the FAT code reads and writes again and
 * again, and file data: a multi-sector read is served from the cache if
 * every sector is there, and otherwise read from the disk in one request
 * straight into its destination and then remembered, so a program run
 * again is not read from the disk again. A missed read smaller than
 * 64 KiB brings the 64 KiB from its start (read-ahead);
 * reads of 64 KiB and more stream past the cache. Multi-sector writes go straight
 * to the disk and update any cached copies.
 *
 * Write-back keeps the order the FAT code relies on (file data, then
 * the FAT, then the directory entry): dirty sectors are written in the
 * order they were first dirtied (a FIFO), and a direct write goes to the
 * disk only after every sector dirtied before it.
 */
#include "kern/kern.h"
#include "dev/dev.h"

/* 8 MiB of sectors: a 4 MiB file read again in order is still all here
 * (an LRU cache smaller than a file read in order keeps none of it) */
#define NBLK 2048
#define NHASH 1024
#define READAHEAD READAHEAD_SECTORS	/* a missed file read brings 64 KiB */

/*
 * The cache holds blocks of BSECT sectors (4 KiB), aligned on the disk:
 * one hash entry and one LRU place a block, so a warm 4 KiB read is a
 * lookup or two and one copy, not a lookup and a copy a sector. Each
 * sector is valid and dirty on its own (a bit each), so the FAT code
 * still reads and writes single sectors, and the dirty FIFO still
 * holds sectors, in the order they were first dirtied.
 */
#define BSECT 8
#define BLKSIZE (BSECT * SECTOR_SIZE)

struct blk {
	uint8_t data[BLKSIZE];
	int disk;		/* with bno, the block's name; -1 while unused */
	uint64_t bno;		/* its first sector is bno * BSECT */
	uint8_t valid, dirty;	/* a bit a sector */
	struct blk *hnext;		/* hash chain */
	struct blk *prev, *next;	/* LRU list, most recent first */
	int32_t dnext[BSECT];	/* dirty FIFO: the sector dirtied next (sector_id), or -1 */
};

static struct {
	struct sleeplock lock;	/* guards everything here, across disk I/O */
	struct blk blk[NBLK];
	struct blk *hash[NHASH];
	struct blk lru;		/* list head: lru.next most recent, lru.prev least */
	int32_t dhead, dtail;	/* dirty FIFO, oldest first (sector_id), or -1 */
	uint8_t ahead[READAHEAD * SECTOR_SIZE];	/* where read-ahead lands */
} bcache;

struct blkstats bstats;

static void lru_unlink(struct blk *b)
{
	b->prev->next = b->next;
	b->next->prev = b->prev;
}

static void lru_front(struct blk *b)
{
	b->next = bcache.lru.next;
	b->prev = &bcache.lru;
	bcache.lru.next->prev = b;
	bcache.lru.next = b;
}

void binit(void)
{
	initsleeplock(&bcache.lock, "bcache", SLEEP_BCACHE);
	bcache.lru.next = bcache.lru.prev = &bcache.lru;
	bcache.dhead = bcache.dtail = -1;
	for (struct blk *b = bcache.blk; b < bcache.blk + NBLK; b++) {
		b->disk = -1;
		lru_front(b);
	}
}

/* The bits of n sectors from sector i of a block. */
static uint8_t sect_mask(uint32_t i, uint32_t n)
{
	return (uint8_t)(((1u << n) - 1) << i);
}

/* How many of the sectors from lba to end lie in lba's block. */
static uint32_t in_block(uint64_t lba, uint64_t end)
{
	return MIN(BSECT - lba % BSECT, end - lba);
}

/* A dirty sector's name in the FIFO: its block's index and its place. */
static int32_t sector_id(struct blk *b, uint32_t i)
{
	return (int32_t)((b - bcache.blk) * BSECT + i);
}

static struct blk **bucket(int disk, uint64_t bno)
{
	return &bcache.hash[(bno + (uint64_t)disk * 7919) % NHASH];
}

static struct blk *lookup(int disk, uint64_t bno)
{
	for (struct blk *b = *bucket(disk, bno); b; b = b->hnext)
		if (b->bno == bno && b->disk == disk)
			return b;
	return NULL;
}

/* The cached copy of sector lba, or NULL if the cache has none. */
static uint8_t *cached(int disk, uint64_t lba)
{
	struct blk *b = lookup(disk, lba / BSECT);
	uint32_t i = lba % BSECT;

	return b && (b->valid & sect_mask(i, 1)) ? b->data + i * SECTOR_SIZE : NULL;
}

static void hash_remove(struct blk *b)
{
	for (struct blk **pp = bucket(b->disk, b->bno); *pp; pp = &(*pp)->hnext) {
		if (*pp == b) {
			*pp = b->hnext;
			return;
		}
	}
}

/* Every disk request the cache makes goes through here, to be counted. */
static int disk_rw(int disk, uint64_t lba, uint32_t count, void *buf, bool write)
{
	bstats.requests++;
	if (write)
		bstats.sectors_written += count;
	else
		bstats.sectors_read += count;
	struct proc *p = myproc();
	if (p && !write)
		p->lstat.disk_bytes += (uint64_t)count * SECTOR_SIZE;	/* for memstat */
	return disk_io(disk, lba, count, buf, write);
}

/* disk_rw for the sectors of a vector of buffers. */
static int disk_rwv(int disk, uint64_t lba, const struct bvec *v, int nv, uint64_t count)
{
	bstats.requests++;	/* one, where the driver takes vectors */
	bstats.sectors_read += count;
	struct proc *p = myproc();
	if (p)
		p->lstat.disk_bytes += count * SECTOR_SIZE;
	return disk_iov(disk, lba, v, nv, false);
}

static bool any_dirty(void)
{
	return bcache.dhead >= 0;
}

/* Writes the oldest dirty sectors until none is left (or an error). */
static int flush_all(void)
{
	while (any_dirty()) {
		struct blk *b = &bcache.blk[bcache.dhead / BSECT];
		uint32_t i = bcache.dhead % BSECT;
		int err = disk_rw(b->disk, b->bno * BSECT + i, 1, b->data + i * SECTOR_SIZE, true);
		if (err < 0)
			return err;
		bstats.writebacks++;
		b->dirty &= ~sect_mask(i, 1);
		if ((bcache.dhead = b->dnext[i]) < 0)
			bcache.dtail = -1;
	}
	return 0;
}

/* Puts sector i of b, just made dirty, at the end of the FIFO. */
static void dirty_append(struct blk *b, uint32_t i)
{
	int32_t id = sector_id(b, i);

	b->dirty |= sect_mask(i, 1);
	b->dnext[i] = -1;
	if (bcache.dtail >= 0)
		bcache.blk[bcache.dtail / BSECT].dnext[bcache.dtail % BSECT] = id;
	else
		bcache.dhead = id;
	bcache.dtail = id;
}

/*
 * Block bno, most recently used now: cached, or the least recently used
 * one emptied for it (no sector valid). A victim with a dirty sector is
 * written with everything dirtied before it, keeping the order.
 */
static int get_blk(int disk, uint64_t bno, struct blk **out)
{
	struct blk *b = lookup(disk, bno);

	if (!b) {
		b = bcache.lru.prev;
		if (b->dirty) {
			int err = flush_all();
			if (err < 0)
				return err;
		}
		if (b->disk >= 0)
			hash_remove(b);
		b->valid = 0;
		b->disk = disk;
		b->bno = bno;
		b->hnext = *bucket(disk, bno);
		*bucket(disk, bno) = b;
	}
	lru_unlink(b);
	lru_front(b);
	*out = b;
	return 0;
}

/*
 * Puts count sectors just read from the disk into the cache. Sectors the
 * cache already holds are newer than the disk: they go into data first,
 * all of them before any room is made, since making room may evict (and
 * write back) one of them, and its disk copy in data would then be
 * stale.
 */
static int remember(int disk, uint64_t lba, uint32_t count, uint8_t *data)
{
	uint64_t end = lba + count;

	for (uint32_t i = 0; i < count; i++) {
		uint8_t *c = cached(disk, lba + i);
		if (c)
			memcpy(data + i * SECTOR_SIZE, c, SECTOR_SIZE);
	}
	for (uint64_t s = lba; s < end; s += in_block(s, end)) {
		struct blk *b;
		int err = get_blk(disk, s / BSECT, &b);
		if (err < 0)
			return err;
		for (uint32_t i = s % BSECT; i < s % BSECT + in_block(s, end); i++) {
			if (!(b->valid & sect_mask(i, 1))) {
				memcpy(b->data + i * SECTOR_SIZE,
				       data + (b->bno * BSECT + i - lba) * SECTOR_SIZE, SECTOR_SIZE);
				b->valid |= sect_mask(i, 1);
			}
		}
	}
	return 0;
}

/* Fills a vector of buffers in order, across their boundaries. */
struct vfill {
	const struct bvec *v;
	uint32_t off;		/* into *v */
};

static void vfill(struct vfill *f, const uint8_t *src, uint64_t n)
{
	while (n > 0) {
		uint32_t k = MIN(n, f->v->len - f->off);
		memcpy((uint8_t *)f->v->buf + f->off, src, k);
		src += k;
		n -= k;
		if ((f->off += k) == f->v->len) {
			f->v++;
			f->off = 0;
		}
	}
}

/*
 * len bytes from byte skip of the count sectors at lba into f, if the
 * cache holds every one (each block moved to the front of the LRU
 * list), a copy a block: whether it did. A caller that gets false
 * fills f again from the disk: one pass over the cache, not a look for
 * every sector and then another to copy.
 */
static bool copy_cached(int disk, uint64_t lba, uint32_t count, uint32_t skip,
			struct vfill *f, uint64_t len)
{
	uint64_t end = lba + count;

	for (uint64_t s = lba; s < end; s += in_block(s, end)) {
		uint32_t n = in_block(s, end), i = s % BSECT;
		struct blk *b = lookup(disk, s / BSECT);
		if (!b || (b->valid & sect_mask(i, n)) != sect_mask(i, n))
			return false;
		lru_unlink(b);
		lru_front(b);
		uint64_t k = MIN(n * SECTOR_SIZE - skip, len);
		vfill(f, b->data + i * SECTOR_SIZE + skip, k);
		len -= k;
		skip = 0;
	}
	bstats.hits += count;
	return true;
}

/*
 * Reads count sectors at lba (at most READAHEAD) into bcache.ahead, and
 * after them as many of the ahead sectors the reader expects to want as
 * fit; the newest copy of each, since dirty cached ones are newer than
 * the disk. A small read keeps them all in the cache (a file read in
 * order, or the FAT sectors of its chain, wants the ones after it next);
 * one of READAHEAD sectors is streaming through and is not kept.
 */
static int read_ahead(int disk, uint64_t lba, uint32_t count, uint32_t ahead)
{
	uint32_t want = ahead == READ_AHEAD_ANY ? READAHEAD : MIN(READAHEAD, count + ahead);
	int err = disk_rw(disk, lba, want, bcache.ahead, false);

	bstats.misses += count;
	if (err < 0)
		return err;
	if (count < READAHEAD)
		return remember(disk, lba, want, bcache.ahead);
	for (uint32_t i = 0; any_dirty() && i < want; i++) {
		uint8_t *c = cached(disk, lba + i);
		if (c)
			memcpy(bcache.ahead + i * SECTOR_SIZE, c, SECTOR_SIZE);
	}
	return 0;
}

/*
 * Copies bytes from byte skip of the sectors at lba into the nv buffers
 * of v (kernel addresses, any lengths; a read(2) passes the user's
 * pages), filled in order: from the cache if it holds every sector,
 * else from the disk with read-ahead (read_ahead). At most READAHEAD
 * sectors in all (-EINVAL).
 */
int bread_bytes(int disk, uint64_t lba, uint32_t skip, const struct bvec *v, int nv,
		uint32_t ahead)
{
	uint64_t len = 0;
	struct vfill f = { v, 0 };

	for (int i = 0; i < nv; i++)
		len += v[i].len;
	uint64_t count = (skip + len + SECTOR_SIZE - 1) / SECTOR_SIZE;
	if (skip >= SECTOR_SIZE || count > READAHEAD)
		return -EINVAL;
	acquiresleep(&bcache.lock);
	int err = 0;
	if (!copy_cached(disk, lba, count, skip, &f, len) &&
	    (err = read_ahead(disk, lba, count, ahead)) == 0)
		vfill(&(struct vfill){ v, 0 }, bcache.ahead + skip, len);
	releasesleep(&bcache.lock);
	return err;
}

/* Reads count sectors at lba of disk (disk.c's numbering). ahead: how
 * many sectors after them the reader expects to want (the rest of a
 * file's run, the FAT of its chain; READ_AHEAD_ANY if it cannot tell),
 * read with them on a miss, up to READAHEAD in all. */
int bread_sectors(int disk, uint64_t lba, uint32_t count, void *dst, uint32_t ahead)
{
	struct bvec v = { dst, count * SECTOR_SIZE };
	struct vfill f = { &v, 0 };
	uint8_t *d = dst;
	int err = 0;

	if (count < READAHEAD)
		return bread_bytes(disk, lba, 0, &v, 1, ahead);
	acquiresleep(&bcache.lock);
	if (!copy_cached(disk, lba, count, 0, &f, v.len)) {
		/* a big read is streaming through: not worth keeping, but
		 * dirty sectors cached here are newer than the disk (clean
		 * ones equal it: with nothing dirty, no sector is looked up) */
		bstats.misses += count;
		if ((err = disk_rw(disk, lba, count, dst, false)) == 0 && any_dirty()) {
			for (uint32_t i = 0; i < count; i++) {
				uint8_t *c = cached(disk, lba + i);
				if (c)
					memcpy(d + i * SECTOR_SIZE, c, SECTOR_SIZE);
			}
		}
	}
	releasesleep(&bcache.lock);
	return err;
}

/* How many of the count sectors from lba the cache holds, from the first on. */
static uint64_t cached_prefix(int disk, uint64_t lba, uint64_t count)
{
	uint64_t k = 0;

	while (k < count && cached(disk, lba + k))
		k++;
	return k;
}

/*
 * Reads the sectors from lba of disk into the nv buffers of v, one after
 * the other: straight from the disk into them (one request where the
 * driver can), after the first ones the cache already holds (read ahead
 * with a file's first bytes), which are copied. For a program's pages,
 * read at exec into the pages the text cache then keeps: no copy and no
 * room taken here. Sectors the cache holds may be newer than the disk
 * (dirty), so they are copied over what the disk gave.
 */
int bread_vec(int disk, uint64_t lba, const struct bvec *v, int nv)
{
	struct bvec rest[BVEC_MAX];
	uint64_t count = 0, k;
	int nrest = 0, err = 0;

	for (int i = 0; i < nv; i++)
		count += v[i].len / SECTOR_SIZE;
	if (nv > BVEC_MAX)
		return -EINVAL;
	acquiresleep(&bcache.lock);
	k = cached_prefix(disk, lba, count);
	bstats.hits += k;
	/* the buffers' part after the first k sectors */
	for (int i = 0, s = 0; i < nv; s += v[i].len / SECTOR_SIZE, i++) {
		uint32_t skip = k > (uint64_t)s ? MIN(v[i].len, (k - s) * SECTOR_SIZE) : 0;
		if (skip < v[i].len)
			rest[nrest++] = (struct bvec){ (uint8_t *)v[i].buf + skip, v[i].len - skip };
	}
	if (k < count) {
		bstats.misses += count - k;
		if ((err = disk_rwv(disk, lba + k, rest, nrest, count - k)) < 0)
			goto out;
	}
	if (k == count || any_dirty()) {	/* else clean sectors equal the disk */
		for (int i = 0, n = 0; i < nv; i++) {
			for (uint32_t off = 0; off < v[i].len; off += SECTOR_SIZE, n++) {
				uint8_t *c = cached(disk, lba + n);
				if (c)
					memcpy((uint8_t *)v[i].buf + off, c, SECTOR_SIZE);
			}
		}
	} else {
		for (uint64_t n = 0, i = 0, off = 0; n < k; n++) {	/* the prefix */
			memcpy((uint8_t *)v[i].buf + off, cached(disk, lba + n), SECTOR_SIZE);
			if ((off += SECTOR_SIZE) == v[i].len) {
				i++;
				off = 0;
			}
		}
	}
out:
	releasesleep(&bcache.lock);
	return err;
}

/* The raw disk, around the cache (dirty sectors written back first, so
 * it shows what the cache would): for the raw-rate benchmark. */
int bread_raw(int disk, uint64_t lba, uint32_t count, void *dst)
{
	acquiresleep(&bcache.lock);
	int err = flush_all();
	if (err == 0)
		err = disk_rw(disk, lba, count, dst, false);
	releasesleep(&bcache.lock);
	return err;
}

int bwrite_sectors(int disk, uint64_t lba, uint32_t count, const void *src)
{
	const uint8_t *s = src;
	struct blk *b;
	int err;

	acquiresleep(&bcache.lock);
	if (count != 1) {
		/* file data goes to disk now: older dirty metadata must not
		 * be overtaken, and cached copies must not go stale */
		if ((err = flush_all()) == 0 &&
		    (err = disk_rw(disk, lba, count, (void *)src, true)) == 0) {
			for (uint32_t i = 0; i < count; i++) {
				uint8_t *c = cached(disk, lba + i);
				if (c)
					memcpy(c, s + i * SECTOR_SIZE, SECTOR_SIZE);
			}
		}
	} else if ((err = get_blk(disk, lba / BSECT, &b)) == 0) {
		uint32_t i = lba % BSECT;
		memcpy(b->data + i * SECTOR_SIZE, src, SECTOR_SIZE);
		b->valid |= sect_mask(i, 1);
		if (!(b->dirty & sect_mask(i, 1)))
			dirty_append(b, i);
	}
	releasesleep(&bcache.lock);
	return err;
}

/* A consistent snapshot of the counters. */
int bstats_copy(struct blkstats *out)
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
	int err = flush_all();
	releasesleep(&bcache.lock);
	return err;
}
