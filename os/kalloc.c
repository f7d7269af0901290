/*
 * Physical page allocator: a free list of 4 KiB pages threaded through
 * the pages themselves, with a reference count per page so that a
 * MAP_SHARED page can live in several address spaces and be freed with
 * the last. The free count lets user space (and tests) check that every
 * exec and exit gives back every page.
 */
#include "defs.h"

struct run {
	struct run *next;
};

#define MAX_PAGES (1UL << 18)	/* 1 GiB of RAM; pages past it are not used */

static struct {
	struct spinlock lock;	/* guards free, nfree and refs */
	struct run *free;
	uint64_t nfree;
	uint64_t start, end;	/* kernel addresses of the managed pages */
	uint16_t refs[MAX_PAGES];
} kmem;

static uint16_t *ref_of(void *page) { return &kmem.refs[((uint64_t)page - kmem.start) / PGSIZE]; }

void kinit(uint64_t start, uint64_t end)
{
	initlock(&kmem.lock, "kmem", LOCK_LEAF);
	kmem.start = PGROUNDUP(start);
	kmem.end = MIN(PGROUNDDOWN(end), kmem.start + MAX_PAGES * PGSIZE);
	for (uint64_t pa = kmem.start; pa + PGSIZE <= kmem.end; pa += PGSIZE) {
		*ref_of((void *)pa) = 1;
		kfree((void *)pa);
	}
}

/* Drops a reference; the page is free when the last one goes. */
void kfree(void *page)
{
	uint64_t a = (uint64_t)page;

	if (a % PGSIZE || a < kmem.start || a >= kmem.end)
		panic("kfree %p", page);
	acquire(&kmem.lock);
	uint16_t *ref = ref_of(page);
	if (*ref == 0)
		panic("kfree %p: already free", page);
	if (--*ref == 0) {
		struct run *r = page;
		r->next = kmem.free;
		kmem.free = r;
		kmem.nfree++;
	}
	release(&kmem.lock);
}

static void *take_page(void)
{
	acquire(&kmem.lock);
	struct run *r = kmem.free;
	if (r) {
		kmem.free = r->next;
		kmem.nfree--;
		*ref_of(r) = 1;
	}
	release(&kmem.lock);
	return r;
}

/* A page, or NULL if none is free even after the text cache lets go of
 * what it keeps. */
void *kalloc(void)
{
	void *page = take_page();

	if (!page && textcache_reclaim() > 0)
		page = take_page();
	return page;
}

/* How many users an allocated page has (0: free). A glance: it may
 * change as soon as it is read. */
int page_refs(void *page)
{
	return *ref_of(page);
}

/* One more user of an allocated page (a shared mapping after fork). */
void kref(void *page)
{
	acquire(&kmem.lock);
	uint16_t *ref = ref_of(page);
	if (*ref == 0 || *ref == UINT16_MAX)
		panic("kref %p", page);
	(*ref)++;
	release(&kmem.lock);
}

void *kzalloc(void)
{
	void *p = kalloc();

	if (p)
		memset(p, 0, PGSIZE);
	return p;
}

uint64_t free_page_count(void)
{
	acquire(&kmem.lock);
	uint64_t n = kmem.nfree;
	release(&kmem.lock);
	return n;
}
