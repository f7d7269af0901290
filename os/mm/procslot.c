/*
 * The memory of a process: a slot of the kernel's process area
 * (memlayout.h), which holds an unmapped guard page, the kernel stack
 * above it, the struct proc above that and its trapframe's page last
 * (what uservec saves the user's registers in), each page kalloc'd
 * alone and mapped in the kernel's half of the page tables, which every
 * process's table shares. So there are as many processes as memory
 * allows, each stack with a guard that faults, and a struct proc of any
 * size.
 *
 * A slot is mapped when a process is made and unmapped once the last
 * reference to it goes (kern/pid.c); the few freed last are kept mapped
 * for the next forks, which then cost what a fixed table's did. Slots
 * are handed out lowest first; a region of 64 slots has one page table
 * (level 0), made when a slot of it is first mapped and freed at a purge
 * once none is. The cached slots and those tables are memory given back
 * when it runs out (procslot_reclaim), and counted as such (sysinfo's
 * bufferram), as the text cache's pages are.
 *
 * TLBs, as Linux's vfree does them: an unmapped slot's pages are freed
 * at once, but other harts may still hold its old translations, so the
 * slot is "lazy" and not mapped again until a purge, one sfence.vma on
 * every hart (SBI's remote fence, which waits for them all: under QEMU
 * a busy hart's answer can take milliseconds, so it is not paid for
 * every exit). Nothing reaches a freed slot's addresses meanwhile: no
 * reference to its process is left. A slot mapped afresh was fenced on
 * every hart since it was last used, and no hart touched it since; the
 * hart that maps it fences its own TLB.
 */
#include "kern/kern.h"
#include "mm/mm.h"
#include "arch/sbi.h"

#define PROC_PAGES ((sizeof(struct proc) + PGSIZE - 1) / PGSIZE)
#define MAPPED_PAGES (KSTACK_PAGES + PROC_PAGES + 1)	/* the guard's not */
#define SLOT_PAGES 8		/* the guard, the mapped pages, unmapped room */
#define SLOT_SIZE (SLOT_PAGES * PGSIZE)
#define NSLOT PID_MAX		/* never more processes than pids */
#define REGION 64		/* slots a page table maps: a word of the bitmaps */
#define NREGION (NSLOT / REGION)
#define SLOT_CACHE 16		/* freed slots kept mapped */
#define LAZY_MAX 256		/* unmapped slots that wait for a purge */

_Static_assert(NSLOT * SLOT_SIZE <= KPROC_AREA_SIZE, "process area too small");
_Static_assert(REGION * SLOT_PAGES == 512, "a region is one page table's reach");
_Static_assert(1 + MAPPED_PAGES <= SLOT_PAGES, "a slot holds a process");

/* Guards the bitmaps, the cache and the area's page tables. */
static struct spinlock slot_lock = SPINLOCK_INIT("procslot", LOCK_PIDS);
static uint64_t slot_used[NREGION];	/* bit i: slot i mapped (cached ones too) */
static uint64_t slot_cached[NREGION];	/* bit i: slot i in cache[] */
static uint64_t slot_lazy[NREGION];	/* bit i: unmapped, not yet purged */
static uint64_t has_table[NREGION / 64];	/* bit r: region r's page table is there */
static int nlazy;
static int slot_hint;			/* no free slot below it */
static struct proc *cache[SLOT_CACHE];
static int ncached;

static uint64_t slot_va(int i) { return KPROC_AREA + (uint64_t)i * SLOT_SIZE; }
static uint64_t stack_va(int i) { return slot_va(i) + PGSIZE; }
static struct proc *slot_proc(int i) { return (struct proc *)(stack_va(i) + KSTACK_PAGES * PGSIZE); }
static uint64_t trapframe_va(int i) { return stack_va(i) + (MAPPED_PAGES - 1) * PGSIZE; }
static uint64_t mapped_end(int i) { return stack_va(i) + MAPPED_PAGES * PGSIZE; }
static bool bit(const uint64_t *map, int i) { return map[i / 64] >> (i % 64) & 1; }
static void set_bit(uint64_t *map, int i) { map[i / 64] |= 1UL << (i % 64); }
static void clear_bit(uint64_t *map, int i) { map[i / 64] &= ~(1UL << (i % 64)); }

/* The level-1 entry that points at region r's page table. */
static pte_t *region_pte(int r)
{
	uint64_t va = slot_va(r * REGION);
	pagetable_t l1 = (pagetable_t)KVA(PTE2PA(kernel_pagetable[PX(2, va)]));

	return &l1[PX(1, va)];
}

/* The lowest clear bit of w, which has one (no libgcc for ctz). */
static int lowest_zero(uint64_t w)
{
	int b = 0;

	while (w & (1UL << b))
		b++;
	return b;
}

/* Every hart's TLB forgets the lazy slots, which are free again, and
 * the page tables of regions with no slot mapped, which are freed (how
 * many is returned). Caller holds slot_lock. */
static int purge(void)
{
	struct freelist fl = { 0 };

	for (int r = 0; r < NREGION; r++) {
		if (slot_used[r] || !bit(has_table, r))
			continue;
		pte_t *pte = region_pte(r);
		kfree_defer(&fl, (void *)KVA(PTE2PA(*pte)));
		*pte = 0;
		clear_bit(has_table, r);
	}
	sbi_remote_sfence_vma_all();
	memset(slot_lazy, 0, sizeof(slot_lazy));
	nlazy = 0;
	slot_hint = 0;
	int freed = fl.n;
	kfree_flush(&fl);
	return freed;
}

/* The lowest free slot, marked used; -1 if none. Caller holds slot_lock. */
static int find_slot(void)
{
	for (int w = slot_hint / 64; w < NREGION; w++) {
		uint64_t taken = slot_used[w] | slot_lazy[w];
		if (~taken) {
			int i = w * 64 + lowest_zero(taken);
			set_bit(slot_used, i);
			slot_hint = i;
			return i;
		}
	}
	return -1;
}

/* A free slot, marked used; -1 if none. Lazy slots are purged rather
 * than a slot taken whose region has no page table yet: the area's
 * tables then grow only with the processes alive at once. */
static int slot_take(void)
{
	acquire(&slot_lock);
	int i = find_slot();
	if ((i < 0 || !bit(has_table, i / REGION)) && nlazy) {
		if (i >= 0)
			clear_bit(slot_used, i);
		purge();
		i = find_slot();
	}
	release(&slot_lock);
	return i;
}

/* Slot i, unmapped, is free once every hart has forgotten it (lazy)
 * or if none can know it (a map that failed). Caller holds slot_lock. */
static void slot_give(int i, bool lazy)
{
	clear_bit(slot_used, i);
	if (lazy) {
		set_bit(slot_lazy, i);
		if (++nlazy >= LAZY_MAX)
			purge();
	} else if (i < slot_hint) {
		slot_hint = i;
	}
}

/* Unmaps slot i's pages from [from, end) into fl. Caller holds slot_lock. */
static void slot_unmap(int i, uint64_t end, struct freelist *fl)
{
	for (uint64_t va = stack_va(i); va < end; va += PGSIZE) {
		pte_t *pte = walk(kernel_pagetable, va, false);
		kfree_defer(fl, (void *)KVA(PTE2PA(*pte)));
		*pte = 0;
	}
}

/* Maps zeroed pages over slot i's stack, struct proc and trapframe. */
static bool slot_map(int i)
{
	uint64_t va = stack_va(i), end = mapped_end(i);
	struct freelist fl = { 0 };

	for (; va < end; va += PGSIZE) {
		void *page = kzalloc();
		if (!page)
			break;
		acquire(&slot_lock);	/* the area's tables are everyone's */
		int r = mappages(kernel_pagetable, va, PGSIZE, KPA(page), PTE_R | PTE_W | PTE_G);
		if (r == 0)
			set_bit(has_table, i / REGION);
		release(&slot_lock);
		if (r < 0) {
			kfree(page);
			break;
		}
	}
	sfence_vma();	/* this hart's TLB: no stale invalid entry */
	if (va < end) {
		acquire(&slot_lock);
		slot_unmap(i, va, &fl);
		slot_give(i, false);
		release(&slot_lock);
		sfence_vma();
	}
	kfree_flush(&fl);
	return va == end;
}

/* A struct proc, zeroed or as freeproc left it, with p->slot,
 * p->kstack and p->trapframe set (the frame zeroed or as the last
 * process left it); NULL if memory or slots ran out. */
struct proc *procslot_alloc(void)
{
	struct proc *p = NULL;
	int i;

	acquire(&slot_lock);
	if (ncached) {
		p = cache[--ncached];
		clear_bit(slot_cached, p->slot);
	}
	release(&slot_lock);
	if (p)
		return p;
	if ((i = slot_take()) < 0 || !slot_map(i))
		return NULL;
	p = slot_proc(i);
	p->slot = i;
	p->kstack = stack_va(i);
	p->trapframe = (struct trapframe *)trapframe_va(i);
	return p;
}

/* Unmaps cached slot i, lazily. Caller holds slot_lock. */
static void uncache(int i, struct freelist *fl)
{
	clear_bit(slot_cached, i);
	slot_unmap(i, mapped_end(i), fl);
	slot_give(i, true);
}

/* Gives back p's slot: kept mapped for the next fork, or unmapped and
 * its pages freed. No hart may be using p or its stack, and no one may
 * hold a pointer to p. */
void procslot_free(struct proc *p)
{
	struct freelist fl = { 0 };

	acquire(&slot_lock);
	set_bit(slot_cached, p->slot);
	if (ncached < SLOT_CACHE)
		cache[ncached++] = p;
	else
		uncache(p->slot, &fl);
	release(&slot_lock);
	kfree_flush(&fl);
}

/* Pages procslot_reclaim would give back: the cached slots' and the
 * tables of regions with no slot but cached ones. */
uint64_t procslot_spare_pages(void)
{
	acquire(&slot_lock);
	uint64_t n = (uint64_t)ncached * MAPPED_PAGES;
	for (int r = 0; r < NREGION; r++)
		n += bit(has_table, r) && !(slot_used[r] & ~slot_cached[r]);
	release(&slot_lock);
	return n;
}

/* Memory ran out: the cached slots go, and a purge frees the tables
 * left empty. The number of pages freed; 0 if the slots are busy (kalloc
 * calls this, maybe under slot_lock itself). */
uint64_t procslot_reclaim(void)
{
	struct freelist fl = { 0 };

	if (holding(&slot_lock) || !try_acquire(&slot_lock))
		return 0;
	while (ncached)
		uncache(cache[--ncached]->slot, &fl);
	uint64_t freed = purge() + fl.n;
	release(&slot_lock);
	kfree_flush(&fl);
	return freed;
}
