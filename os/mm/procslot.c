/*
 * The memory of a process: a slot of the kernel's process area
 * (memlayout.h), which holds an unmapped guard page, the kernel stack
 * above it, the struct proc above that and its trapframe's page last
 * (what uservec saves the user's registers in), each page kalloc'd alone and
 * mapped in the kernel's half of the page tables, which every process's
 * table shares. So there are as many processes as memory allows, each
 * stack with a guard that faults, and a struct proc of any size.
 *
 * A slot is mapped when a process is made and unmapped once the last
 * reference to it goes (kern/pid.c); the few freed last are kept mapped
 * for the next forks, which then cost what a fixed table's did. Slots
 * are handed out lowest first, so the area's page tables, made on
 * demand and kept (as Linux keeps vmalloc's), grow only with the most
 * processes there ever were at once.
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
#define SLOT_PAGES (1 + KSTACK_PAGES + PROC_PAGES + 1)
#define SLOT_SIZE (SLOT_PAGES * PGSIZE)
#define NSLOT PID_MAX		/* never more processes than pids */
#define SLOT_CACHE 16		/* freed slots kept mapped */
#define LAZY_MAX 256		/* unmapped slots that wait for a purge */

_Static_assert(NSLOT * SLOT_SIZE <= KPROC_AREA_SIZE, "process area too small");

/* Guards the bitmaps, the cache and the area's page tables. */
static struct spinlock slot_lock = SPINLOCK_INIT("procslot", LOCK_PIDS);
static uint64_t slot_used[NSLOT / 64];	/* bit i: slot i mapped (cached ones too) */
static uint64_t slot_lazy[NSLOT / 64];	/* bit i: unmapped, not yet purged */
static int nlazy;
static int slot_hint;			/* no free slot below it */
static int slot_top;			/* above every slot ever mapped */
static struct proc *cache[SLOT_CACHE];
static int ncached;

static uint64_t slot_va(int i) { return KPROC_AREA + (uint64_t)i * SLOT_SIZE; }
static uint64_t stack_va(int i) { return slot_va(i) + PGSIZE; }
static struct proc *slot_proc(int i) { return (struct proc *)(stack_va(i) + KSTACK_PAGES * PGSIZE); }
static uint64_t trapframe_va(int i) { return slot_va(i) + SLOT_SIZE - PGSIZE; }

/* The lowest clear bit of w, which has one (no libgcc for ctz). */
static int lowest_zero(uint64_t w)
{
	int b = 0;

	while (w & (1UL << b))
		b++;
	return b;
}

/* Every hart's TLB forgets the lazy slots, which are free again.
 * Caller holds slot_lock. */
static void purge(void)
{
	sbi_remote_sfence_vma_all();
	memset(slot_lazy, 0, sizeof(slot_lazy));
	nlazy = 0;
	slot_hint = 0;
}

/* The lowest free slot, marked used; -1 if none. Caller holds slot_lock. */
static int find_slot(void)
{
	for (int w = slot_hint / 64; w < NSLOT / 64; w++) {
		uint64_t taken = slot_used[w] | slot_lazy[w];
		if (~taken) {
			int i = w * 64 + lowest_zero(taken);
			slot_used[w] |= 1UL << (i % 64);
			slot_hint = i;
			return i;
		}
	}
	return -1;
}

/* A free slot, marked used; -1 if none. Lazy slots are purged rather
 * than a slot taken above all those used before: the area's page
 * tables then grow only with the processes alive at once. */
static int slot_take(void)
{
	acquire(&slot_lock);
	int i = find_slot();
	if ((i < 0 || i >= slot_top) && nlazy) {
		if (i >= 0)
			slot_used[i / 64] &= ~(1UL << (i % 64));
		purge();
		i = find_slot();
	}
	if (i >= slot_top)
		slot_top = i + 1;
	release(&slot_lock);
	return i;
}

/* Slot i, unmapped, is free once every hart has forgotten it (lazy)
 * or if none can know it (a map that failed). Caller holds slot_lock. */
static void slot_give(int i, bool lazy)
{
	slot_used[i / 64] &= ~(1UL << (i % 64));
	if (lazy) {
		slot_lazy[i / 64] |= 1UL << (i % 64);
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

/* Maps zeroed pages over slot i's stack and struct proc. */
static bool slot_map(int i)
{
	uint64_t va = stack_va(i), end = slot_va(i) + SLOT_SIZE;
	struct freelist fl = { 0 };

	for (; va < end; va += PGSIZE) {
		void *page = kzalloc();
		if (!page)
			break;
		acquire(&slot_lock);	/* the area's tables are everyone's */
		int r = mappages(kernel_pagetable, va, PGSIZE, KPA(page), PTE_R | PTE_W | PTE_G);
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
	if (ncached)
		p = cache[--ncached];
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

/* Gives back p's slot: kept mapped for the next fork, or unmapped and
 * its pages freed. No hart may be using p or its stack, and no one may
 * hold a pointer to p. */
void procslot_free(struct proc *p)
{
	struct freelist fl = { 0 };
	int i = p->slot;

	acquire(&slot_lock);
	if (ncached < SLOT_CACHE) {
		cache[ncached++] = p;
		release(&slot_lock);
		return;
	}
	slot_unmap(i, slot_va(i) + SLOT_SIZE, &fl);
	slot_give(i, true);
	release(&slot_lock);
	kfree_flush(&fl);
}
