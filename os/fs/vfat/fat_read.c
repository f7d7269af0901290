/*
 * The "vfat" type's fast paths: read(2) copied from the block cache
 * straight into the user's pages, and whole pages (mmap, exec) read
 * straight from the disk, each contiguous run of a file's clusters in
 * one request.
 */
#include "kern/kern.h"
#include "dev/dev.h"
#include "mm/mm.h"
#include "fs/fs.h"
#include "fs/vfat/fatfs.h"

/* The kernel's addresses of the user's pages under [uaddr, uaddr + len),
 * one vector per page: at most len / PGSIZE + 2. Those upages_get found
 * are taken from u, the others looked up (writable ones only). */
static int user_vec(const struct upages *u, uint64_t uaddr, uint64_t len, struct bvec *v)
{
	pagetable_t pt = myproc()->pagetable;
	int nv = 0;

	while (len > 0) {
		uint32_t k = MIN(len, PGSIZE - uaddr % PGSIZE);
		uint64_t i = (uaddr - u->base) / PGSIZE;
		void *p = i < (uint64_t)u->n ? (char *)u->page[i] + uaddr % PGSIZE
					     : user_ptr(pt, uaddr, k, true);
		if (!p)
			return -EFAULT;
		v[nv++] = (struct bvec){ p, k };
		uaddr += k;
		len -= k;
	}
	return nv;
}

#define PIECE_MAX (READAHEAD_SECTORS * SECTOR_SIZE)	/* bread_bytes' most */

/* One step of fat_read_user: from pos (inside the file), at most n bytes
 * of one run of the file's contiguous sectors. The count, or -errno. */
static long read_user_piece(struct fnode *f, uint64_t pos, const struct upages *u,
			    uint64_t uaddr, uint64_t n)
{
	uint32_t skip = pos % SECTOR_SIZE;
	struct bvec v[PIECE_MAX / PGSIZE + 2];
	uint64_t lba, run;
	/* the run as far as the read and a read-ahead after it go */
	int err = fat_extent(&f->fs->vol, &f->node, pos - skip, skip + n + PIECE_MAX,
			     &lba, &run);

	if (err < 0)
		return err == -EINVAL ? -EIO : err;
	uint64_t len = MIN(MIN(n, run - skip), PIECE_MAX - skip);
	int nv = user_vec(u, uaddr, len, v);
	if (nv < 0)
		return nv;
	uint64_t count = (skip + len + SECTOR_SIZE - 1) / SECTOR_SIZE;
	err = bdev_read_bytes(f->fs->dev, lba, skip, v, nv, run / SECTOR_SIZE - count);
	return err < 0 ? err : (long)len;
}

/*
 * read(2) of f's file at off into user memory at uaddr: each run of the
 * file's contiguous sectors copied from the block cache (or the disk
 * through it) straight into the user's pages, with no buffer between.
 * The count, or -errno if none moved. Caller holds the volume's lock,
 * and found the pages first (upages_get: a fault here would want it).
 */
long fat_read_user(struct fnode *f, uint64_t off, const struct upages *u, uint64_t uaddr,
		  size_t n)
{
	uint64_t done = 0;

	if (f->node.attr & FAT_ATTR_DIRECTORY)
		return -EISDIR;
	if (off >= f->node.size)
		return 0;
	n = MIN(n, f->node.size - off);
	while (done < n) {
		long k = read_user_piece(f, off + done, u, uaddr + done, n - done);
		if (k < 0)
			return done > 0 ? (long)done : k;
		done += k;
	}
	return (long)done;
}

/* The extent from pos into the pages (the file's bytes from off), in
 * requests of at most BVEC_MAX buffers. */
static int read_extent(struct bdev *dev, uint64_t lba, uint64_t bytes, uint64_t pos,
		       uint64_t off, void *const *pages)
{
	struct bvec v[BVEC_MAX];
	int nv = 0;
	uint64_t vlba = lba;

	for (uint64_t done = 0; done < bytes;) {
		uint64_t at = pos + done - off, in = at % PGSIZE;
		uint32_t len = MIN(PGSIZE - in, bytes - done);
		v[nv++] = (struct bvec){ (uint8_t *)pages[at / PGSIZE] + in, len };
		done += len;
		if (nv == BVEC_MAX || done == bytes) {
			int err = bdev_read_vec(dev, vlba, v, nv);
			if (err < 0)
				return err;
			vlba = lba + done / SECTOR_SIZE;
			nv = 0;
		}
	}
	return 0;
}

/*
 * Reads npages pages of f's file from off (page-aligned) straight from
 * the disk into the pages, each contiguous run of the file's clusters
 * in one request (up to BVEC_MAX pages), not through the block cache
 * (bread_vec); bytes past the end of the file come out zero. 0 or
 * -errno. Caller holds the volume's lock.
 */
int fat_read_pages(struct fnode *f, uint64_t off, void *const *pages, int npages)
{
	uint64_t end = MIN(off + (uint64_t)npages * PGSIZE, f->node.size), pos = off;

	while (pos < end) {
		uint64_t lba, bytes;
		int err = fat_extent(&f->fs->vol, &f->node, pos, end - pos, &lba, &bytes);
		if (err == 0)
			err = read_extent(f->fs->dev, lba, bytes, pos, off, pages);
		if (err < 0)
			return err == -EINVAL ? -EIO : err;
		pos += bytes;
	}
	for (int i = 0; i < npages; i++) {	/* past the end of the file */
		uint64_t page = off + (uint64_t)i * PGSIZE;
		if (page + PGSIZE > f->node.size) {
			uint64_t keep = f->node.size > page ? f->node.size - page : 0;
			memset((uint8_t *)pages[i] + keep, 0, PGSIZE - keep);
		}
	}
	return 0;
}
