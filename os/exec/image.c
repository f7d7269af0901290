/*
 * The program image: the record of a process's loaded segments, kept by
 * load_segment, and the one routine that fills a page of them. Eager
 * loading fills every page at exec; lazy ("demand-paged") loading maps
 * nothing and fills a page when the program first touches it
 * (image_fault). Both count what they do in the process's loadstat.
 *
 * A lazily loaded process keeps the program file open: its own struct
 * file (reopened at fork), read with lseek + read, released at exit or
 * exec. While it is open the FAT code refuses to unlink or replace the
 * file (EBUSY) and to open it for writing (ETXTBSY), so neither its
 * clusters nor its bytes can change under a running program.
 */
#include "kern/kern.h"
#include "dev/dev.h"
#include "mm/mm.h"
#include "exec/exec.h"
#include "fs/fs.h"
#include "exec/elf.h"
#include "fs/file.h"
#include "fs/vfs.h"

/* Page permissions of a segment's p_flags; always readable if writable,
 * since W without R is reserved in Sv39. */
static int seg_perm(uint32_t pflags)
{
	int perm = PTE_U;

	if (pflags & PF_R)
		perm |= PTE_R;
	if (pflags & PF_W)
		perm |= PTE_R | PTE_W;
	if (pflags & PF_X)
		perm |= PTE_X;
	return perm;
}

static bool seg_covers(const struct elf_load *l, uint64_t va)
{
	return va + PGSIZE > l->vaddr && va < l->vaddr + l->memsz;
}

/* The union of the permissions of every segment on the page at va (0 if
 * none is there): what a page two segments share is mapped with, as on
 * Linux. Settled segments count only if lazy_only is false. */
static int page_perm(const struct image *img, uint64_t va, bool lazy_only)
{
	int perm = 0;

	for (int i = 0; i < img->nseg; i++)
		if (seg_covers(&img->seg[i], va) && !(lazy_only && img->settled[i]))
			perm |= seg_perm(img->seg[i].flags);
	return perm;
}

/* Reads exactly n bytes of the program file at off: lseek, then read. */
int image_read(struct file *f, uint64_t off, void *buf, size_t n)
{
	if (filelseek(f, off, SEEK_SET) < 0)
		return -EIO;
	ssize_t got = fileread(f, (uint64_t)buf, n, false);
	if (got < 0)
		return (int)got;
	return (size_t)got == n ? 0 : -EIO;
}

/* Copies segment i's file bytes that fall on the page at va into page. */
static int fill_from_segment(const struct image *img, int i, uint64_t va, uint8_t *page,
			     bool *from_file)
{
	const struct elf_load *l = &img->seg[i];
	uint64_t from = MAX(va, l->vaddr), to = MIN(va + PGSIZE, l->vaddr + l->filesz);

	if (from >= to)
		return 0;	/* bss only on this page: it stays zero */
	*from_file = true;
	return image_read(img->file[img->seg_file[i]], l->offset + (from - l->vaddr),
			  page + (from - va), to - from);
}

/*
 * The one segment on the page at va, if no other segment reaches the
 * page: then the page holds that segment's file bytes and zeros, the
 * same for every process running the file, and can come from the text
 * cache (shared if the segment is read-only, copied if it is writable).
 * -1 if not.
 */
static int cacheable_segment(const struct image *img, uint64_t va)
{
	int found = -1;

	for (int i = 0; i < img->nseg; i++) {
		if (!seg_covers(&img->seg[i], va))
			continue;
		if (found >= 0)
			return -1;
		found = i;
	}
	return found;
}

/* The text cache's key of segment i's page at va: the file's page
 * (page-aligned: initElf checks p_offset and p_vaddr agree), and which
 * of its bytes the page holds; the rest are zero. */
static struct tc_key page_key(const struct image *img, int i, uint64_t va)
{
	const struct elf_load *l = &img->seg[i];
	int f = img->seg_file[i];
	struct tc_key key = {
		.m = img->file[f]->vn->vfs, .cluster = img->text_id[f],
		.pgoff = (l->offset - (l->vaddr - va)) / PGSIZE,
		.from = MAX(va, l->vaddr) - va,
		.to = MIN(va + PGSIZE, l->vaddr + l->filesz) - va,
	};
	if (l->vaddr + l->filesz <= va)
		key.from = key.to = 0;	/* all bss */
	return key;
}

/* Zeroes the bytes of page outside key's [from, to): those the file
 * does not fill (a page the file fills whole is not zeroed first). */
static void zero_outside(const struct tc_key *key, uint8_t *page)
{
	memset(page, 0, key->from);
	memset(page + key->to, 0, PGSIZE - key->to);
}

/*
 * A cacheable page (see above) from the text cache, or read from the file
 * and then kept there. NULL if there is no memory or the read fails
 * (*err says which).
 */
static void *cached_page(const struct image *img, int i, uint64_t va, int *err)
{
	struct tc_key key = page_key(img, i, va);
	void *page = textcache_get(&key);
	bool from_file = false;

	if (page)
		return page;
	if (!(page = kalloc())) {
		*err = -ENOMEM;
		return NULL;
	}
	zero_outside(&key, page);
	if ((*err = fill_from_segment(img, i, va, page, &from_file)) < 0) {
		kfree(page);
		return NULL;
	}
	textcache_put(&key, page);
	return page;
}

/*
 * Pages read ahead for image_prefetch: consecutive pages of one file,
 * read with one lseek and one read straight into them.
 */
struct prefetch {
	struct file *f;
	int n;
	void *page[BVEC_MAX];
	struct tc_key key[BVEC_MAX];
};

/* Reads the batch's pages, keeps each in the text cache with the bytes
 * outside its key's [from, to) zeroed, and empties the batch. A failed
 * read keeps nothing: image_fill_page reads those pages again itself
 * and says why it cannot. */
static void prefetch_flush(struct prefetch *b)
{
	bool ok = b->n > 0 && filelseek(b->f, b->key[0].pgoff * PGSIZE, SEEK_SET) >= 0 &&
		  fileread_pages(b->f, b->page, b->n) == 0;

	for (int j = 0; j < b->n; j++) {
		uint8_t *page = b->page[j];
		if (ok) {
			zero_outside(&b->key[j], page);
			textcache_put(&b->key[j], page);
		}
		kfree(page);	/* the cache holds its own reference */
	}
	b->n = 0;
}

/*
 * Before segment i is loaded eagerly: its pages with file bytes that
 * image_fill_page will take from the text cache and that the cache
 * lacks are read now, straight from the disk into new pages, each run
 * of consecutive file pages in one request (fileread_pages), and put in
 * the cache, where image_fill_page then finds them. So a program's pages
 * come from the disk with no copy through the block cache: a read-only
 * page is mapped as it was read, a writable one copied once.
 */
void image_prefetch(const struct image *img, int i)
{
	const struct elf_load *l = &img->seg[i];
	struct prefetch b = { .f = img->file[img->seg_file[i]] };

	if (!textcache_make_room(b.f->vn->vfs, img->text_id[img->seg_file[i]]))
		return;
	for (uint64_t va = PGROUNDDOWN(l->vaddr); va < l->vaddr + l->filesz; va += PGSIZE) {
		struct tc_key key = page_key(img, i, va);
		if (cacheable_segment(img, va) != i || textcache_has(&key)) {
			prefetch_flush(&b);
			continue;
		}
		if (b.n == BVEC_MAX || (b.n > 0 && key.pgoff != b.key[b.n - 1].pgoff + 1))
			prefetch_flush(&b);
		if (!(b.page[b.n] = kalloc()))
			break;
		b.key[b.n++] = key;
	}
	prefetch_flush(&b);
}

/* Whether segment i has file bytes on the page at va (not bss alone). */
static bool has_file_bytes(const struct image *img, int i, uint64_t va)
{
	return img->seg[i].vaddr + img->seg[i].filesz > va;
}

/* A writable page of its own for the process, a copy of the cached one. */
static void *private_copy(void *cached, int *err)
{
	void *page = kalloc();

	if (page)
		memcpy(page, cached, PGSIZE);
	else
		*err = -ENOMEM;
	kfree(cached);
	return page;
}

/* The page at va of a fresh mapping, filled from every segment on it;
 * c is its cacheable segment, or -1. */
static void *filled_page(const struct image *img, uint64_t va, int c, bool *from_file, int *err)
{
	/* a writable page is copied from the cache only if the cache is on
	 * and the page has file bytes: else it is as quickly filled here */
	bool writable = c >= 0 && (img->seg[c].flags & PF_W);
	if (c >= 0 && (!writable || (textcache_on() && has_file_bytes(img, c, va)))) {
		*from_file = has_file_bytes(img, c, va);
		void *page = cached_page(img, c, va, err);
		return page && writable ? private_copy(page, err) : page;
	}
	uint8_t *page = kzalloc();
	if (!page) {
		*err = -ENOMEM;
		return NULL;
	}
	for (int i = 0; i < img->nseg && *err == 0; i++)
		if (seg_covers(&img->seg[i], va))
			*err = fill_from_segment(img, i, va, page, from_file);
	if (*err < 0) {
		kfree(page);
		return NULL;
	}
	return page;
}

/*
 * Fills the page at va with its part of every segment on it: file bytes
 * where a segment has them, zeros elsewhere (bss), and maps it with the
 * union of their permissions. Shared by eager loading (every page, at
 * exec) and lazy loading (one page, at its first touch). A page all of
 * one segment's comes from the text cache: the cached page itself if the
 * segment is read-only (mapped PTE_CACHED), a copy of it if writable. A
 * page already mapped (one an earlier segment shares) is made again, now
 * with every segment recorded. A lazily filled page is
 * marked accessed; an eagerly filled one is not, so that the hardware's
 * accessed bit later tells which pages the program touched.
 */
int image_fill_page(pagetable_t pt, const struct image *img, uint64_t va, struct loadstat *st)
{
	pte_t *pte = walk(pt, va, true);
	bool from_file = false, fresh = pte && !(*pte & PTE_V);
	int err = 0;

	if (!pte)
		return -ENOMEM;
	int c = cacheable_segment(img, va);
	void *page = filled_page(img, va, c, &from_file, &err);
	if (!page)
		return err;
	if (!fresh)
		kfree((void *)KVA(PTE2PA(*pte)));	/* the earlier segment's version */
	bool shared = c >= 0 && !(img->seg[c].flags & PF_W);
	*pte = PA2PTE(KPA(page)) | page_perm(img, va, false) | PTE_V | PTE_D |
	       (img->lazy ? PTE_A : 0) | (shared ? PTE_CACHED : 0);
	if (fresh && from_file)
		st->file_pages++;
	else if (fresh)
		st->zero_pages++;
	return 0;
}

/* The pages [lo, hi) that segments cover, page-aligned. */
static void seg_pages(const struct elf_load *l, uint64_t *lo, uint64_t *hi)
{
	*lo = PGROUNDDOWN(l->vaddr);
	*hi = PGROUNDUP(l->vaddr + l->memsz);
}

#define AROUND_PAGES 16	/* 64 KiB, Linux's fault_around_bytes */

/*
 * After a fault at va: the other pages of its aligned 64 KiB window that
 * belong to the same read-only segment alone and are in the text cache
 * are mapped too, as Linux's fault-around does, so that a program
 * running through its code takes one fault where it would take up to
 * 16. Pages the cache lacks are left to their own faults (no disk read
 * here), and the pages are mapped without the accessed bit, so that they
 * count as untouched until the program uses them.
 */
static void fault_around(pagetable_t pt, const struct image *img, uint64_t va, struct loadstat *st)
{
	int c = cacheable_segment(img, va), n = 0;
	uint64_t lo, hi, win = va & ~(AROUND_PAGES * PGSIZE - 1), at[AROUND_PAGES];
	struct tc_key key[AROUND_PAGES];
	void *page[AROUND_PAGES];

	if (c < 0 || (img->seg[c].flags & PF_W) || !textcache_on())
		return;
	seg_pages(&img->seg[c], &lo, &hi);
	lo = MAX(lo, win);
	hi = MIN(hi, win + AROUND_PAGES * PGSIZE);
	pte_t *pte = walk(pt, lo, false);	/* the window shares va's page-table page */
	for (uint64_t a = lo; a < hi; a += PGSIZE)
		if (!(pte[(a - lo) / PGSIZE] & PTE_V) && cacheable_segment(img, a) == c) {
			at[n] = a;
			key[n++] = page_key(img, c, a);
		}
	textcache_get_many(key, n, page);
	for (int i = 0; i < n; i++) {
		if (!page[i])
			continue;
		pte[(at[i] - lo) / PGSIZE] = PA2PTE(KPA(page[i])) | seg_perm(img->seg[c].flags) |
					      PTE_V | PTE_D | PTE_CACHED;
		st->around_pages++;
	}
}

static bool access_allowed(int perm, int need)
{
	return (perm & need) == need;
}

/*
 * A fault at va in a lazily loaded image: fills the page if va is in a
 * segment and the access is one the segment allows. Returns 0 then;
 * -EFAULT if the image has no page there for this access (or the caller
 * holds a sleep lock while the page needs the file: such callers fault
 * the pages in first, see user_prefault); -ENOMEM or -EIO if the page
 * cannot be filled.
 */
static int image_fault(struct proc *p, uint64_t va, int need)
{
	struct image *img = &p->mm->image;

	va = PGROUNDDOWN(va);
	if (!img->lazy || !access_allowed(page_perm(img, va, true), need | PTE_U))
		return -EFAULT;
	if (fs_locks_held(p)) {
		for (int i = 0; i < img->nseg; i++)
			if (seg_covers(&img->seg[i], va) && img->seg[i].filesz)
				return -EFAULT;
	}
	int err = image_fill_page(p->pagetable, img, va, &p->lstat);
	if (err == 0 && !(need & PTE_W))	/* no read-only page is written */
		fault_around(p->pagetable, img, va, &p->lstat);
	if (err < 0)
		klog("pid %d (%s): cannot load page %p: errno %d", p->pid, p->name,
		     (void *)va, -err);
	return err == 0 ? 0 : err == -ENOMEM ? -ENOMEM : -EIO;
}

static bool seg_reaches(const struct image *img, int i, uint64_t start, uint64_t end)
{
	uint64_t lo, hi;

	seg_pages(&img->seg[i], &lo, &hi);
	return !img->settled[i] && lo < end && hi > start;
}

/*
 * Before munmap, mprotect or a MAP_FIXED mmap changes anything in
 * [start, end): every lazy segment reaching into it is loaded whole and
 * marked settled, and so is any segment sharing a page with one of
 * those; from then on they are ordinary memory, and no later fault
 * brings back a page the program removed. Returns 0, or -ENOMEM/-EIO
 * with the segments left lazy.
 */
static int image_settle(struct proc *p, uint64_t start, uint64_t end)
{
	struct image *img = &p->mm->image;
	bool grew = true;

	if (!img->lazy)
		return 0;
	while (grew) {	/* widen to whole segments and their page neighbours */
		grew = false;
		for (int i = 0; i < img->nseg; i++) {
			uint64_t lo, hi;
			seg_pages(&img->seg[i], &lo, &hi);
			if (seg_reaches(img, i, start, end) && (lo < start || hi > end)) {
				start = MIN(start, lo);
				end = MAX(end, hi);
				grew = true;
			}
		}
	}
	for (int i = 0; i < img->nseg; i++) {
		uint64_t lo, hi;
		seg_pages(&img->seg[i], &lo, &hi);
		for (uint64_t va = lo; seg_reaches(img, i, start, end) && va < hi; va += PGSIZE) {
			pte_t *pte = walk(p->pagetable, va, false);
			int err;
			if ((!pte || !(*pte & PTE_V)) &&
			    (err = image_fill_page(p->pagetable, img, va, &p->lstat)) < 0)
				return err;
		}
	}
	for (int i = 0; i < img->nseg; i++)
		if (seg_reaches(img, i, start, end))
			img->settled[i] = true;
	return 0;
}

/* Bytes of the page at va that no segment covers. */
static uint64_t page_slack(const struct image *img, uint64_t va)
{
	uint64_t covered = 0;

	for (int i = 0; i < img->nseg; i++) {	/* segments do not overlap */
		const struct elf_load *l = &img->seg[i];
		uint64_t from = MAX(va, l->vaddr), to = MIN(va + PGSIZE, l->vaddr + l->memsz);
		if (from < to)
			covered += to - from;
	}
	return PGSIZE - covered;
}

/*
 * The figures that need the page table, as of now: pages of the
 * segments the program never touched (unmapped, or mapped and not
 * accessed), and the internal fragmentation of the mapped ones.
 */
static void image_usage(struct proc *p, uint64_t *untouched, uint64_t *frag)
{
	const struct image *img = &p->mm->image;
	uint64_t last = 0;	/* the end of the previous segment's pages */

	*untouched = *frag = 0;
	for (int i = 0; i < img->nseg; i++) {
		uint64_t lo, hi;
		pte_t *pte = NULL;
		seg_pages(&img->seg[i], &lo, &hi);
		if (lo + PGSIZE == last)
			lo = last;	/* a page two segments share counts once */
		for (uint64_t va = lo; va < hi; va += PGSIZE) {
			/* one walk per page-table page, not one per page */
			pte = pte && PX(0, va) != 0 ? pte + 1 : walk(p->pagetable, va, false);
			bool mapped = pte && (*pte & PTE_V);
			if (!mapped || !(*pte & PTE_A))
				(*untouched)++;
			if (mapped)
				*frag += page_slack(img, va);
		}
		last = hi;
	}
}

/* The lowest page of the image's segments that reaches into [start,
 * end), or UINT64_MAX: where mmap and brk must not go (an interpreter or
 * a position-independent program sits among their addresses). */
static uint64_t image_lowest(struct proc *p, uint64_t start, uint64_t end)
{
	uint64_t lowest = UINT64_MAX;

	for (int i = 0; i < p->mm->image.nseg; i++) {
		uint64_t lo, hi;
		seg_pages(&p->mm->image.seg[i], &lo, &hi);
		if (lo < end && hi > start && lo < lowest)
			lowest = lo;
	}
	return lowest;
}

/* The figures of p's run so far, those of the page table included. */
void image_stats(struct proc *p, struct loadstat *out)
{
	*out = p->lstat;
	if (p->pagetable)
		image_usage(p, &out->untouched_pages, &out->frag_bytes);
}

/* Lets go of the program's files (at exit, or at exec of another). */
/* Holds the image's file i against writers (-ETXTBSY if it is open for
 * writing) and learns its text cache key, which names its bytes for as
 * long as the hold lasts. */
int image_hold_file(struct image *img, int i)
{
	struct vnode *vn = img->file[i]->vn;
	int err = vn_hold_text(vn);

	if (err == 0) {
		img->text_id[i] = vn->ops->text_id ? vn->ops->text_id(vn) : 0;
		vn_ident(vn, &img->dev[i], &img->ino[i]);
	}
	return err;
}

void image_release(struct image *img)
{
	for (int i = 0; i < IMAGE_NFILES; i++) {
		if (img->file[i]) {
			vn_drop_text(img->file[i]->vn);
			fileclose(img->file[i]);
		}
		img->file[i] = NULL;
	}
	img->nseg = 0;
	memset(img->settled, 0, sizeof(img->settled));
	img->lazy = img->lazy_heap = false;
}

/* The child's copy of the parent's image record, with its own open files
 * of the program and interpreter, so that the two never share an offset. */
int image_fork(struct image *child, const struct image *parent)
{
	*child = *parent;
	memset(child->file, 0, sizeof(child->file));
	for (int i = 0; i < IMAGE_NFILES; i++) {
		int err;
		if (!parent->file[i])
			continue;
		if ((err = file_reopen(parent->file[i], &child->file[i])) == 0 &&
		    (err = vn_hold_text(child->file[i]->vn)) < 0) {
			fileclose(child->file[i]);
			child->file[i] = NULL;
		}
		if (err < 0) {
			image_release(child);
			return err;
		}
	}
	return 0;
}

static const struct pager image_pager = {
	.fault = image_fault,
	.settle = image_settle,
	.lowest = image_lowest,
};

/* The image answers mm's faults on its pages (mm/fault.c). */
void image_init(void)
{
	mm_set_pager(&image_pager);
}
