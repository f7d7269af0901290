/*
 * The block cache: 512-byte sectors of every disk, named by (disk, sector)
 * so that a sector reached through a partition and through the whole
 * disk is one buffer, found through a hash table, least
 * recently used first out, written back later. It holds FAT and
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
#define NSECT 16384
#define NHASH 4096
#define READAHEAD READAHEAD_SECTORS	/* a missed file read brings 64 KiB */

struct buf {
	int disk;		/* with lba, the sector's name */
	uint64_t lba;
	bool valid, dirty;
	struct buf *hnext;		/* hash chain */
	struct buf *prev, *next;	/* LRU list, most recent first */
	struct buf *dnext;		/* dirty FIFO, oldest first */
	uint8_t data[SECTOR_SIZE];
};

static struct {
	struct sleeplock lock;	/* guards everything here, across disk I/O */
	struct buf buf[NSECT];
	struct buf *hash[NHASH];
	struct buf lru;		/* list head: lru.next most recent, lru.prev least */
	struct buf *dhead, *dtail;
	uint8_t ahead[READAHEAD * SECTOR_SIZE];	/* where read-ahead lands */
} bcache;

struct blkstats bstats;

static void lru_unlink(struct buf *b)
{
	b->prev->next = b->next;
	b->next->prev = b->prev;
}

static void lru_front(struct buf *b)
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
	for (struct buf *b = bcache.buf; b < bcache.buf + NSECT; b++)
		lru_front(b);
}

static struct buf **bucket(int disk, uint64_t lba)
{
	return &bcache.hash[(lba + (uint64_t)disk * 7919) % NHASH];
}

static struct buf *lookup(int disk, uint64_t lba)
{
	for (struct buf *b = *bucket(disk, lba); b; b = b->hnext)
		if (b->lba == lba && b->disk == disk)
			return b;
	return NULL;
}

static void hash_remove(struct buf *b)
{
	for (struct buf **pp = bucket(b->disk, b->lba); *pp; pp = &(*pp)->hnext) {
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

/* Writes the oldest dirty sectors until none is left (or an error). */
static int flush_all(void)
{
	while (bcache.dhead) {
		struct buf *b = bcache.dhead;
		int err = disk_rw(b->disk, b->lba, 1, b->data, true);
		if (err < 0)
			return err;
		bstats.writebacks++;
		b->dirty = false;
		bcache.dhead = b->dnext;
		if (!bcache.dhead)
			bcache.dtail = NULL;
	}
	return 0;
}

/*
 * The buffer for lba, most recently used now: cached, or the least
 * recently used one emptied for it (valid false). A dirty victim is
 * written with everything dirtied before it, keeping the order.
 */
static int get_buf(int disk, uint64_t lba, struct buf **out)
{
	struct buf *b = lookup(disk, lba);

	if (!b) {
		b = bcache.lru.prev;
		if (b->dirty) {
			int err = flush_all();
			if (err < 0)
				return err;
		}
		if (b->valid)
			hash_remove(b);
		b->valid = false;
		b->disk = disk;
		b->lba = lba;
		b->hnext = *bucket(disk, lba);
		*bucket(disk, lba) = b;
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
	for (uint32_t i = 0; i < count; i++) {
		struct buf *b = lookup(disk, lba + i);
		if (b && b->valid)
			memcpy(data + i * SECTOR_SIZE, b->data, SECTOR_SIZE);
	}
	for (uint32_t i = 0; i < count; i++) {
		struct buf *b;
		int err = get_buf(disk, lba + i, &b);
		if (err < 0)
			return err;
		if (!b->valid) {
			memcpy(b->data, data + i * SECTOR_SIZE, SECTOR_SIZE);
			b->valid = true;
		}
	}
	return 0;
}

static bool all_cached(int disk, uint64_t lba, uint32_t count)
{
	for (uint32_t i = 0; i < count; i++) {
		struct buf *b = lookup(disk, lba + i);
		if (!b || !b->valid)
			return false;
	}
	return true;
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
 * len bytes from byte skip of the count sectors at lba into f, as far
 * as the cache holds them in order, each moved to the front of the LRU
 * list: how many sectors it held. A caller that gets fewer than count
 * fills f again from the disk: one pass over the cache, not a look for
 * every sector and then another to copy.
 */
static uint32_t copy_cached(int disk, uint64_t lba, uint32_t count, uint32_t skip,
			    struct vfill *f, uint64_t len)
{
	uint32_t i;

	for (i = 0; i < count; i++) {
		struct buf *b = lookup(disk, lba + i);
		if (!b || !b->valid)
			break;
		lru_unlink(b);
		lru_front(b);
		uint32_t k = MIN(SECTOR_SIZE - skip, len);
		vfill(f, b->data + skip, k);
		len -= k;
		skip = 0;
	}
	if (i == count)
		bstats.hits += count;
	return i;
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
	for (uint32_t i = 0; bcache.dhead && i < want; i++) {
		struct buf *b = lookup(disk, lba + i);
		if (b && b->valid)
			memcpy(bcache.ahead + i * SECTOR_SIZE, b->data, SECTOR_SIZE);
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
	if (copy_cached(disk, lba, count, skip, &f, len) < count &&
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
	if (copy_cached(disk, lba, count, 0, &f, v.len) < count) {
		/* a big read is streaming through: not worth keeping, but
		 * dirty sectors cached here are newer than the disk (clean
		 * ones equal it: with nothing dirty, no sector is looked up) */
		bstats.misses += count;
		if ((err = disk_rw(disk, lba, count, dst, false)) == 0 && bcache.dhead) {
			for (uint32_t i = 0; i < count; i++) {
				struct buf *b = lookup(disk, lba + i);
				if (b && b->valid)
					memcpy(d + i * SECTOR_SIZE, b->data, SECTOR_SIZE);
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

	while (k < count && all_cached(disk, lba + k, 1))
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
	if (k == count || bcache.dhead) {	/* else clean sectors equal the disk */
		for (int i = 0, n = 0; i < nv; i++) {
			for (uint32_t off = 0; off < v[i].len; off += SECTOR_SIZE, n++) {
				struct buf *b = lookup(disk, lba + n);
				if (b && b->valid)
					memcpy((uint8_t *)v[i].buf + off, b->data, SECTOR_SIZE);
			}
		}
	} else {
		for (uint64_t n = 0, i = 0, off = 0; n < k; n++) {	/* the prefix */
			memcpy((uint8_t *)v[i].buf + off, lookup(disk, lba + n)->data, SECTOR_SIZE);
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
	struct buf *b;
	int err;

	acquiresleep(&bcache.lock);
	if (count != 1) {
		/* file data goes to disk now: older dirty metadata must not
		 * be overtaken, and cached copies must not go stale */
		if ((err = flush_all()) == 0 &&
		    (err = disk_rw(disk, lba, count, (void *)src, true)) == 0) {
			for (uint32_t i = 0; i < count; i++) {
				struct buf *c = lookup(disk, lba + i);
				if (c && c->valid)
					memcpy(c->data, s + i * SECTOR_SIZE, SECTOR_SIZE);
			}
		}
	} else if ((err = get_buf(disk, lba, &b)) == 0) {
		memcpy(b->data, src, SECTOR_SIZE);
		b->valid = true;
		if (!b->dirty) {
			b->dirty = true;
			b->dnext = NULL;
			if (bcache.dtail)
				bcache.dtail->dnext = b;
			else
				bcache.dhead = b;
			bcache.dtail = b;
		}
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
