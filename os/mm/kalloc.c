/*
 * Physical page allocator: 4 KiB pages with a reference count each, so
 * that a MAP_SHARED or text-cache page can live in several address
 * spaces and be freed with the last. The free count lets user space
 * (and tests) check that every exec and exit gives back every page.
 *
 * Each hart keeps a few free pages of its own (its page cache, under a
 * lock of its own that only it takes, unless memory runs short) and
 * goes to the shared free list only in batches: an exec takes and gives
 * back some sixty pages, and with one lock for all of them two harts
 * exec'ing at once spent much of their time waiting for each other.
 * Reference counts change with a compare-and-swap, no lock. No two of
 * these locks are ever held together.
 */
#include "kern/kern.h"
#include "mm/mm.h"

struct run {
	struct run *next;
};

#define MAX_PAGES (1UL << 18)	/* 1 GiB of RAM; pages past it are not used */
#define CACHE_HIGH 64		/* a hart gives back half its pages past this */
#define CACHE_BATCH 32		/* pages moved between a hart and the list at once */

/* A hart's free pages. */
struct page_cache {
	struct spinlock lock;
	struct run *pages;
	int npages;
} __attribute__((aligned(64)));	/* a cache line each */

static struct page_cache caches[NCPU];

static struct {
	struct spinlock lock;	/* guards free */
	struct run *free;
	uint64_t start, end;	/* kernel addresses of the managed pages */
	uint64_t nfree;		/* free pages, those in harts' caches too (atomic) */
	uint16_t refs[MAX_PAGES];	/* changed only by ref_add */
} kmem;

static uint16_t *ref_of(void *page) { return &kmem.refs[((uint64_t)page - kmem.start) / PGSIZE]; }

/*
 * Adds d to a page's count and returns the new count; panics if the old
 * count is 0 (for a d of -1: freeing a free page) or would overflow.
 * RISC-V has no 16-bit atomics, so the CAS is on the aligned 32-bit word
 * holding the count.
 */
static int ref_add(void *page, int d, const char *who)
{
	uint16_t *ref = ref_of(page);
	uint32_t *word = (uint32_t *)((uint64_t)ref & ~3UL);
	int shift = ((uint64_t)ref & 2) * 8;
	uint32_t old = __atomic_load_n(word, __ATOMIC_RELAXED), new;
	int count;

	do {
		int cur = (old >> shift) & 0xffff;
		count = cur + d;
		if (cur == 0 || count > UINT16_MAX)
			panic("%s %p: reference count %d", who, page, cur);
		new = (old & ~(0xffffu << shift)) | ((uint32_t)count << shift);
	} while (!__atomic_compare_exchange_n(word, &old, new, true, __ATOMIC_ACQ_REL,
					      __ATOMIC_RELAXED));
	return count;
}

static void check_page(void *page, const char *who)
{
	uint64_t a = (uint64_t)page;

	if (a % PGSIZE || a < kmem.start || a >= kmem.end)
		panic("%s %p", who, page);
}

/* Pushes the chain first..last onto list; returns the new head. */
static struct run *push_chain(struct run *list, struct run *first, struct run *last)
{
	last->next = list;
	return first;
}

/* Up to n pages off the shared list, as a chain first..*last of *got
 * pages (NULL if the list is empty). */
static struct run *take_batch(int n, struct run **last, int *got)
{
	acquire(&kmem.lock);
	struct run *first = kmem.free, *r = first;
	*got = r != NULL;
	while (r && *got < n && r->next) {
		r = r->next;
		(*got)++;
	}
	if (r) {
		kmem.free = r->next;
		r->next = NULL;
	}
	release(&kmem.lock);
	*last = r;
	return first;
}

/* The chain first..last of n free pages onto this hart's cache; past
 * CACHE_HIGH, a batch goes back to the shared list, or the chain itself
 * if it is one (an address space's pages, from kfree_flush). */
static void put_chain(struct run *first, struct run *last, int n)
{
	struct run *give = NULL, *give_last = NULL;

	push_off();
	struct page_cache *pc = &caches[cpuid()];
	acquire(&pc->lock);
	if (pc->npages + n > CACHE_HIGH && n >= CACHE_BATCH) {
		give = first;
		give_last = last;
	} else {
		pc->pages = push_chain(pc->pages, first, last);
		pc->npages += n;
	}
	if (pc->npages > CACHE_HIGH) {	/* n < CACHE_BATCH: one batch is enough */
		give = give_last = pc->pages;
		for (int i = 1; i < CACHE_BATCH; i++)
			give_last = give_last->next;
		pc->pages = give_last->next;
		pc->npages -= CACHE_BATCH;
	}
	release(&pc->lock);
	pop_off();
	if (give) {
		acquire(&kmem.lock);
		kmem.free = push_chain(kmem.free, give, give_last);
		release(&kmem.lock);
	}
	__atomic_add_fetch(&kmem.nfree, n, __ATOMIC_RELAXED);
}

/* A page off cache pc, NULL if it has none. */
static struct run *cache_pop(struct page_cache *pc)
{
	acquire(&pc->lock);
	struct run *r = pc->pages;
	if (r) {
		pc->pages = r->next;
		pc->npages--;
	}
	release(&pc->lock);
	return r;
}

void kinit(uint64_t start, uint64_t end)
{
	initlock(&kmem.lock, "kmem", LOCK_LEAF);
	for (int i = 0; i < NCPU; i++)
		initlock(&caches[i].lock, "kmem_cache", LOCK_LEAF);
	kmem.start = PGROUNDUP(start);
	kmem.end = MIN(PGROUNDDOWN(end), kmem.start + MAX_PAGES * PGSIZE);
	for (uint64_t pa = kmem.start; pa + PGSIZE <= kmem.end; pa += PGSIZE) {
		struct run *r = (struct run *)pa;
		r->next = kmem.free;
		kmem.free = r;
		kmem.nfree++;
	}
}

/* Drops a reference; the page is free when the last one goes. NULL is
 * nothing to free, as with free(3): cleanup paths free whatever their
 * allocations gave without asking which succeeded. */
void kfree(void *page)
{
	if (!page)
		return;
	check_page(page, "kfree");
	if (ref_add(page, -1, "kfree") == 0)
		put_chain(page, page, 1);
}

/* kfree, but a page freed waits in fl for kfree_flush: a whole address
 * space's pages go to the hart's cache under one lock (freewalk). */
void kfree_defer(struct freelist *fl, void *page)
{
	check_page(page, "kfree");
	if (ref_add(page, -1, "kfree") != 0)
		return;
	struct run *r = page;
	r->next = fl->first;
	fl->first = r;
	if (!fl->last)
		fl->last = r;
	fl->n++;
}

/* Frees the pages kfree_defer kept in fl. */
void kfree_flush(struct freelist *fl)
{
	if (fl->first)
		put_chain(fl->first, fl->last, fl->n);
	*fl = (struct freelist){ NULL, NULL, 0 };
}

/*
 * A page off this hart's cache, refilled from the shared list when it
 * runs dry; failing that, one from another hart's cache. NULL if every
 * one is empty.
 */
static void *take_page(void)
{
	push_off();
	struct page_cache *pc = &caches[cpuid()];
	struct run *r = cache_pop(pc), *last;
	int got;
	if (!r && (r = take_batch(CACHE_BATCH, &last, &got)) != NULL && got > 1) {
		acquire(&pc->lock);	/* keep the rest of the batch */
		pc->pages = push_chain(pc->pages, r->next, last);
		pc->npages += got - 1;
		release(&pc->lock);
	}
	pop_off();
	for (int i = 0; !r && i < NCPU; i++)
		r = cache_pop(&caches[i]);
	if (!r)
		return NULL;
	/* a free page's count is 0 and no one else changes it; the store
	 * breaks any CAS another hart has under way on the word it shares */
	*ref_of(r) = 1;
	__atomic_sub_fetch(&kmem.nfree, 1, __ATOMIC_RELAXED);
	return r;
}

/* A page, or NULL if none is free even after the text cache, the pid
 * table and the process slots let go of what they keep. */
void *kalloc(void)
{
	void *page = take_page();

	if (!page && textcache_reclaim() + pid_reclaim() + procslot_reclaim() > 0)
		page = take_page();
	return page;
}

/* How many users an allocated page has (0: free). A glance: it may
 * change as soon as it is read. */
int page_refs(void *page)
{
	return __atomic_load_n(ref_of(page), __ATOMIC_RELAXED);
}

/*
 * Drops one reference to page unless it is the only one; true if the
 * caller held the only one, which it keeps: a leaf page table several
 * spaces share (vm.c), whose last holder frees the pages it maps before
 * the table. Another holder can only let go meanwhile, never take one.
 */
bool kunshare(void *page)
{
	uint16_t *ref = ref_of(page);
	uint32_t *word = (uint32_t *)((uint64_t)ref & ~3UL);
	int shift = ((uint64_t)ref & 2) * 8;
	uint32_t old = __atomic_load_n(word, __ATOMIC_RELAXED), new;

	check_page(page, "kunshare");
	do {
		int cur = (old >> shift) & 0xffff;
		if (cur == 0)
			panic("kunshare %p: reference count 0", page);
		if (cur == 1)
			return true;
		new = (old & ~(0xffffu << shift)) | ((uint32_t)(cur - 1) << shift);
	} while (!__atomic_compare_exchange_n(word, &old, new, true, __ATOMIC_ACQ_REL,
					      __ATOMIC_RELAXED));
	return false;
}

/* One more user of an allocated page (a shared mapping after fork). */
void kref(void *page)
{
	check_page(page, "kref");
	ref_add(page, 1, "kref");
}

void *kzalloc(void)
{
	void *p = kalloc();

	if (p)
		memset(p, 0, PGSIZE);
	return p;
}

/* Free pages, counting those in every hart's cache. */
uint64_t free_page_count(void)
{
	return __atomic_load_n(&kmem.nfree, __ATOMIC_RELAXED);
}
