/*
 * A FAT file's page cache: the pages it lends to MAP_SHARED mappings
 * (vnode_ops.lendpage), as Linux's page cache holds a file's bytes once
 * for every mapping, read(2) and write(2). A page comes in from the disk
 * at the first touch of a mapping and stays until the last close of the
 * file; while it is here, read(2) takes the file's bytes from it and
 * write(2) puts them both into it and onto the disk (write-through), so
 * the disk is behind only by what stores through a mapping changed.
 *
 * A page lent to a mapping that may store (a writable open's) is dirty:
 * its bytes below the file's end go to the disk at fsync, sync(2),
 * msync(MS_SYNC), the power off and the last close (fpc_writeback). It
 * stays dirty while a mapping still holds it, since a store may come at
 * any time; once only the cache holds it, a write-back cleans it.
 *
 * The pages sit in a radix tree of page-sized tables (as tmpfs's), grown
 * in height as far as the file's highest cached page needs; a slot holds
 * the page's address with its dirty mark in bit 0. Each cached page has
 * a reference of the cache's own and one per mapping (kalloc.c), so a
 * truncate or the last close frees a page only once no mapping uses it.
 * Nothing is given back under memory pressure: the cache holds at most
 * what the file's open mappings touched, until its last close. Every
 * function here is called with fs->lock held but fpc_read, which takes it.
 */
#include "kern/kern.h"
#include "mm/mm.h"
#include "fs/fs.h"
#include "fs/vfat/fatfs.h"

#define FANOUT_SHIFT 9
#define FANOUT (1 << FANOUT_SHIFT)	/* slots of a page-sized table */
#define DIRTY 1UL

_Static_assert(FANOUT * sizeof(void *) == PGSIZE, "a table is a page");

/* How many pages a tree of height h covers. */
static uint64_t span(int h)
{
	return 1ULL << (FANOUT_SHIFT * h);
}

/* The slot for page idx, or NULL if it would need a table that is not
 * there: made if alloc (NULL then when no page can be had). */
static uintptr_t *slot_of(struct fpcache *c, uint64_t idx, bool alloc)
{
	while (idx >= span(c->height)) {
		if (!alloc)
			return NULL;
		if (c->root) {
			uintptr_t *t = kzalloc();
			if (!t)
				return NULL;
			t[0] = (uintptr_t)c->root;
			c->root = t;
		}
		c->height++;
	}
	uintptr_t *p = (uintptr_t *)&c->root;
	for (int h = c->height; h > 0; h--) {
		if (!*p && (!alloc || !(*p = (uintptr_t)kzalloc())))
			return NULL;
		p = &((uintptr_t *)*p)[(idx >> (FANOUT_SHIFT * (h - 1))) & (FANOUT - 1)];
	}
	return p;
}

static uint8_t *page_at(struct fnode *f, uint64_t idx)
{
	uintptr_t *slot = slot_of(&f->pc, idx, false);

	return slot ? (uint8_t *)(*slot & ~DIRTY) : NULL;
}

/* Calls fn with each cached page's slot at or past index from, in the
 * subtree p of height h whose first page is base. */
typedef void page_fn(struct fnode *f, uintptr_t *slot, uint64_t idx, void *arg);

static void each_page(struct fnode *f, uintptr_t *p, int h, uint64_t base, uint64_t from,
		      page_fn *fn, void *arg)
{
	if (!*p || base + span(h) <= from)
		return;
	if (h == 0) {
		fn(f, p, base, arg);
		return;
	}
	uintptr_t *t = (uintptr_t *)*p;
	for (int i = 0; i < FANOUT; i++)
		each_page(f, &t[i], h - 1, base + i * span(h - 1), from, fn, arg);
}

static void each(struct fnode *f, uint64_t from, page_fn *fn, void *arg)
{
	each_page(f, (uintptr_t *)&f->pc.root, f->pc.height, 0, from, fn, arg);
}

/*
 * f's page at off (page-aligned, below its size), read from the disk if
 * it is not cached yet, with a reference for the caller: what a
 * MAP_SHARED mapping maps. write: the mapping may store to it, so it is
 * dirty from now on, and the program pages cached by the file's
 * clusters go (they would not see the stores). -ENXIO at or past the
 * end, -ENOMEM, -EIO.
 */
int fpc_lend(struct fnode *f, uint64_t off, bool write, void **page)
{
	if (off >= f->node.size)
		return -ENXIO;
	uintptr_t *slot = slot_of(&f->pc, off / PGSIZE, true);
	if (!slot)
		return -ENOMEM;
	if (!*slot) {
		void *fresh = kalloc();
		if (!fresh)
			return -ENOMEM;
		int err = fat_read_pages(f, off, &fresh, 1);
		if (err < 0) {
			kfree(fresh);
			return err;
		}
		*slot = (uintptr_t)fresh;
		if (f->pc.npages++ == 0)
			f->fs->cached_files++;
	}
	if (write && !(*slot & DIRTY)) {
		textcache_drop(f->fs->vfs, f->node.first_cluster);
		*slot |= DIRTY;
	}
	*page = (void *)(*slot & ~DIRTY);
	kref(*page);
	return 0;
}

/*
 * read(2) of a file with cached pages, a page at a time under the lock:
 * a cached page's bytes from the cache, the others from the disk, each
 * through a page of the kernel's, so that the copy to the user (which
 * may fault a mapping of this very file in) runs without the lock. The
 * count, or -errno if none moved.
 */
long fpc_read(struct fnode *f, uint64_t off, struct uio *u)
{
	struct fatfs *fs = f->fs;
	uint8_t *buf = kalloc();
	long done = 0;

	if (!buf)
		return -ENOMEM;
	while (u->resid > 0) {
		uint64_t in = off % PGSIZE;
		acquiresleep(&fs->lock);
		uint64_t size = f->node.size;
		uint64_t k = off < size ? MIN(MIN(PGSIZE - in, size - off), u->resid) : 0;
		const uint8_t *page = k ? page_at(f, off / PGSIZE) : NULL;
		long got = page ? (memcpy(buf, page + in, k), (long)k)
				: k ? fat_read(&fs->vol, &f->node, off, buf, k) : 0;
		releasesleep(&fs->lock);
		if (got > 0)
			got = uio_move(u, buf, got, false);
		if (got <= 0) {
			if (done == 0)
				done = got;
			break;
		}
		done += got;
		off += got;
	}
	kfree(buf);
	return done;
}

/* n bytes a write(2) put in the file at off from buf: the cached pages
 * they fall on get them too. */
void fpc_written(struct fnode *f, uint64_t off, const void *buf, size_t n)
{
	for (size_t done = 0; done < n;) {
		uint64_t in = (off + done) % PGSIZE;
		size_t k = MIN(PGSIZE - in, n - done);
		uint8_t *page = page_at(f, (off + done) / PGSIZE);
		if (page)
			memcpy(page + in, (const uint8_t *)buf + done, k);
		done += k;
	}
}

/* Pages read from the disk for exec (getpages) take what the cache holds
 * for them, up to the file's end. */
void fpc_overlay(struct fnode *f, uint64_t off, void *const *pages, int npages)
{
	for (int i = 0; i < npages; i++) {
		uint64_t at = off + (uint64_t)i * PGSIZE;
		const uint8_t *page = at < f->node.size ? page_at(f, at / PGSIZE) : NULL;
		if (page)
			memcpy(pages[i], page, MIN(PGSIZE, f->node.size - at));
	}
}

/* The file's end moves from size: the cached page holding it loses what
 * stores put past the end (the file reads zeros there, as on Linux). */
void fpc_zero_tail(struct fnode *f, uint64_t size)
{
	uint8_t *page = size % PGSIZE ? page_at(f, size / PGSIZE) : NULL;

	if (page)
		memset(page + size % PGSIZE, 0, PGSIZE - size % PGSIZE);
}

static void drop(struct fnode *f, uintptr_t *slot, uint64_t idx, void *arg)
{
	(void)idx, (void)arg;
	kfree((void *)(*slot & ~DIRTY));	/* a mapping's reference keeps it */
	*slot = 0;
	if (--f->pc.npages == 0)
		f->fs->cached_files--;
}

/* The file was cut to size: the pages past it go, the one holding it
 * keeps zeros past the end. Whether any went (then the mappings that
 * hold them must let go too: filemap_shrunk). */
bool fpc_cut(struct fnode *f, uint64_t size)
{
	uint32_t before = f->pc.npages;

	fpc_zero_tail(f, size);
	each(f, PGROUNDUP(size) / PGSIZE, drop, NULL);
	return f->pc.npages != before;
}

static void free_tables(uintptr_t table, int h)
{
	if (!table || h == 0)
		return;
	for (int i = 0; i < FANOUT; i++)
		free_tables(((uintptr_t *)table)[i], h - 1);
	kfree((void *)table);
}

/* The last close: every page and table goes. */
void fpc_free(struct fnode *f)
{
	each(f, 0, drop, NULL);
	free_tables((uintptr_t)f->pc.root, f->pc.height);
	f->pc.root = NULL;
	f->pc.height = 0;
}

/* One page of fpc_writeback; *err keeps the first error. */
static void write_back(struct fnode *f, uintptr_t *slot, uint64_t idx, void *err)
{
	uint64_t off = idx * PGSIZE;
	void *page = (void *)(*slot & ~DIRTY);

	if (!(*slot & DIRTY) || off >= f->node.size)
		return;
	size_t n = MIN(PGSIZE, f->node.size - off);
	long put = fat_write(&f->fs->vol, &f->node, off, page, n);
	if (put != (long)n) {
		if (*(int *)err == 0)
			*(int *)err = put < 0 ? (int)put : -EIO;
		return;
	}
	if (page_refs(page) == 1)	/* no mapping left to store to it */
		*slot &= ~DIRTY;
}

/* The dirty pages' bytes below the file's end to the disk; an orphan's
 * are not written (its clusters go at its last close, or are gone at the
 * power off). 0 or the first -errno. */
int fpc_writeback(struct fnode *f)
{
	int err = 0;

	if (f->pc.npages && !f->node.orphan)
		each(f, 0, write_back, &err);
	return err;
}

/* Every cached file of the volume written back (sync, fsync). */
int fpc_sync(struct fatfs *fs)
{
	int err = 0;

	for (struct fnode *f = fs->nodes; fs->cached_files && f < fs->nodes + NFNODE; f++) {
		int e = fpc_writeback(f);
		if (err == 0)
			err = e;
	}
	return err;
}
