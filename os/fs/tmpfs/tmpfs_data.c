/*
 * A file's bytes: its pages in a radix tree of page-sized tables, which
 * grows in height only as far as the file's last page needs (a file of
 * one page has no table at all). A hole is a NULL slot: it reads as
 * zeros and holds no page. The caller holds tm->lock.
 */
#include "kern/kern.h"
#include "mm/mm.h"
#include "fs/tmpfs/tmpfs.h"

/* Linux's MAX_LFS_FILESIZE: the largest size and the end of any write. */
#define TMPFS_MAX_SIZE ((uint64_t)INT64_MAX)

static const char zeros[PGSIZE];

/* How many pages a tree of height h covers. */
static uint64_t span(int h)
{
	return 1ULL << (TMPFS_FANOUT_SHIFT * h);
}

/* The slot for page idx, or NULL if it would need a table that is not
 * there: made if alloc (NULL then when no page can be had). */
static void **slot_of(struct tmpfs *tm, struct tmpfs_node *n, uint64_t idx, bool alloc)
{
	while (idx >= span(n->data.height)) {
		if (!alloc)
			return NULL;
		if (n->data.root) {
			void **t = tmpfs_page_alloc(tm);
			if (!t)
				return NULL;
			t[0] = n->data.root;
			n->data.root = t;
		}
		n->data.height++;
	}
	void **p = &n->data.root;
	for (int h = n->data.height; h > 0; h--) {
		if (!*p && (!alloc || !(*p = tmpfs_page_alloc(tm))))
			return NULL;
		p = &((void **)*p)[(idx >> (TMPFS_FANOUT_SHIFT * (h - 1))) & (TMPFS_FANOUT - 1)];
	}
	return p;
}

static void *page_of(struct tmpfs_node *n, uint64_t idx)
{
	void **p = slot_of(NULL, n, idx, false);
	return p ? *p : NULL;
}

/* The page at index idx, made (zeroed, charged to tm) if the file has a
 * hole there; NULL when the limit or memory is reached. */
static void *page_make(struct tmpfs *tm, struct tmpfs_node *n, uint64_t idx)
{
	void **slot = slot_of(tm, n, idx, true);

	if (slot && !*slot && (*slot = tmpfs_page_alloc(tm)))
		n->data.npages++;
	return slot ? *slot : NULL;
}

long tmpfs_data_read(struct tmpfs_node *n, uint64_t off, struct uio *u)
{
	long done = 0;

	while (u->resid > 0 && off < n->size) {
		uint64_t in = off % PGSIZE;
		uint64_t k = MIN(PGSIZE - in, n->size - off);
		const char *page = page_of(n, off / PGSIZE);
		long got = uio_move(u, (void *)(page ? page + in : zeros), k, false);
		if (got < 0)
			return done ? done : got;
		done += got;
		off += got;
	}
	return done;
}

/* Writes at off: the bytes moved, or -ENOSPC/-EFBIG/-EFAULT if none
 * were. A write the limit cuts short keeps what it wrote. */
long tmpfs_data_write(struct tmpfs *tm, struct tmpfs_node *n, uint64_t off, struct uio *u)
{
	long done = 0, err = 0;

	if (off >= TMPFS_MAX_SIZE && u->resid > 0)
		return -EFBIG;
	while (u->resid > 0 && off < TMPFS_MAX_SIZE) {
		uint64_t in = off % PGSIZE;
		uint64_t k = MIN(PGSIZE - in, TMPFS_MAX_SIZE - off);
		char *page = page_make(tm, n, off / PGSIZE);
		if (!page) {
			err = -ENOSPC;
			break;
		}
		long got = uio_move(u, page + in, k, true);
		if (got < 0) {
			err = got;
			break;
		}
		done += got;
		off += got;
		n->size = MAX(n->size, off);
	}
	return done ? done : err;
}

/*
 * The file's own page at off (page-aligned) for a shared mapping, with
 * a reference for the mapping: the tree's reference and the mappings'
 * are counted apart (kref), so a truncate or the node's end frees the
 * page only once no mapping has it either. -ENXIO past the end (a
 * mapping's SIGBUS), -ENOSPC for a hole the limit leaves no room for.
 */
int tmpfs_data_lend(struct tmpfs *tm, struct tmpfs_node *n, uint64_t off, void **page)
{
	if (off >= n->size)
		return -ENXIO;
	if (!(*page = page_make(tm, n, off / PGSIZE)))
		return -ENOSPC;
	kref(*page);
	return 0;
}

/* Frees every page at index first or beyond in the subtree *p of height
 * h whose first page is base, and every table wholly past it. */
static void cut(struct tmpfs *tm, struct tmpfs_node *n, void **p, int h, uint64_t base,
		uint64_t first)
{
	if (!*p || base + span(h) <= first)
		return;
	if (h > 0) {
		void **t = *p;
		for (int i = 0; i < TMPFS_FANOUT; i++)
			cut(tm, n, &t[i], h - 1, base + i * span(h - 1), first);
	} else {
		n->data.npages--;
	}
	if (base >= first) {
		tmpfs_page_free(tm, *p);
		*p = NULL;
	}
}

/* Sets the size: pages past the end freed, the tail of the last page
 * zeroed (a later growth must read zeros there), nothing allocated. */
int tmpfs_data_truncate(struct tmpfs *tm, struct tmpfs_node *n, uint64_t size)
{
	if (size > TMPFS_MAX_SIZE)
		return -EFBIG;
	if (size < n->size) {
		uint64_t first = (size + PGSIZE - 1) / PGSIZE;
		cut(tm, n, &n->data.root, n->data.height, 0, first);
		char *last = size % PGSIZE ? page_of(n, size / PGSIZE) : NULL;
		if (last)
			memset(last + size % PGSIZE, 0, PGSIZE - size % PGSIZE);
		if (!n->data.root)
			n->data.height = 0;
	}
	n->size = size;
	return 0;
}

/* Copies npages whole pages from off (page-aligned): zeros in holes and
 * past the end, as mmap wants them. */
void tmpfs_data_pages(struct tmpfs_node *n, uint64_t off, void *const *pages, int npages)
{
	for (int i = 0; i < npages; i++, off += PGSIZE) {
		const char *page = off < n->size ? page_of(n, off / PGSIZE) : NULL;
		uint64_t keep = page ? MIN(PGSIZE, n->size - off) : 0;
		memcpy(pages[i], page ? page : zeros, keep);
		memset((char *)pages[i] + keep, 0, PGSIZE - keep);
	}
}
