/*
 * Physical page allocator: a free list of 4 KiB pages threaded through
 * the pages themselves. The free count lets user space (and tests) check
 * that every exec and exit gives back every page.
 */
#include "defs.h"

struct run {
	struct run *next;
};

static struct {
	struct spinlock lock;
	struct run *free;
	uint64_t nfree;
	uint64_t start, end;
} kmem;

void kinit(uint64_t start, uint64_t end)
{
	initlock(&kmem.lock, "kmem", LOCK_LEAF);
	kmem.start = PGROUNDUP(start);
	kmem.end = PGROUNDDOWN(end);
	for (uint64_t pa = kmem.start; pa + PGSIZE <= kmem.end; pa += PGSIZE)
		kfree((void *)pa);
}

void kfree(void *pa)
{
	uint64_t a = (uint64_t)pa;

	if (a % PGSIZE || a < kmem.start || a >= kmem.end)
		panic("kfree %p", pa);
	struct run *r = pa;
	acquire(&kmem.lock);
	r->next = kmem.free;
	kmem.free = r;
	kmem.nfree++;
	release(&kmem.lock);
}

void *kalloc(void)
{
	acquire(&kmem.lock);
	struct run *r = kmem.free;
	if (r) {
		kmem.free = r->next;
		kmem.nfree--;
	}
	release(&kmem.lock);
	return r;
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
