/*
 * TLB shootdown. A hart caches the translations of the user page table
 * in its satp; a change that narrows them (unmapping, fewer permissions,
 * a page replaced by a copy, a leaf table freed) must reach every hart
 * that runs that table before the page is freed or the change relied on.
 * The changing hart flushes its own TLB (sfence.vma); tlb_shootdown
 * then asks the other harts running the same table to flush theirs (an
 * IPI each, all at once) and waits until they have.
 *
 * Which table each hart runs is kept per hart (live[]), written by that
 * hart alone when it changes satp (vm_activate), so a switch costs no
 * atomic. The table is the space's identity: it is fixed for an mm's
 * life, and every place that narrows a mapping knows it. A table live on
 * this hart alone (every process but threads) costs one pass over
 * live[] and no IPI.
 *
 * A request to hart i is a number (asked[i], counted up); hart i flushes
 * and writes the last number it saw to done[i] (tlb_answer): a request
 * made before that read is covered by the flush after it.
 */
#include "kern/kern.h"
#include "mm/mm.h"
#include "arch/sbi.h"

static pagetable_t live[NCPU];	/* the user table in each hart's satp, or NULL */
static uint64_t asked[NCPU], done[NCPU];

/* This hart (interrupts off) is about to put pt in its satp (NULL: the
 * kernel's table). Published before the switch, so that a hart changing
 * pt either sees this one in live[] or this one's walks see the change. */
void tlb_live(pagetable_t pt)
{
	__atomic_store_n(&live[cpuid()], pt, __ATOMIC_RELAXED);
	__sync_synchronize();
}

/* From the IPI (or a hart waiting for others): flushes if asked to. */
void tlb_answer(void)
{
	int me = cpuid();
	uint64_t n = __atomic_load_n(&asked[me], __ATOMIC_ACQUIRE);

	if (n != __atomic_load_n(&done[me], __ATOMIC_RELAXED)) {
		sfence_vma();
		__atomic_store_n(&done[me], n, __ATOMIC_RELEASE);
	}
}

/* Has the harts in targets (cpus[] bits) flush, and waits until they
 * have, answering requests to this hart meanwhile: two harts may be
 * shooting at each other. */
static void shoot(uint64_t targets)
{
	uint64_t want[NCPU], mask = 0;

	for (int i = 0; i < NCPU; i++) {
		if (!((targets >> i) & 1))
			continue;
		want[i] = __atomic_add_fetch(&asked[i], 1, __ATOMIC_SEQ_CST);
		mask |= 1UL << cpus[i].hartid;
		mycpu()->stat.ipis++;
	}
	sbi_send_ipi(mask);
	for (int i = 0; i < NCPU; i++)
		while (((targets >> i) & 1) && __atomic_load_n(&done[i], __ATOMIC_ACQUIRE) < want[i])
			tlb_answer();
}

/* Has every other hart running pt (any user table: NULL) flush, and
 * waits until they have. */
static void shoot_running(pagetable_t pt)
{
	uint64_t targets = 0;

	push_off();	/* on one hart, which live[] leaves out */
	int me = cpuid();
	__sync_synchronize();	/* the changed entries before the look at live[] */
	for (int i = 0; i < NCPU; i++) {
		pagetable_t t = __atomic_load_n(&live[i], __ATOMIC_RELAXED);
		if (i != me && t && (t == pt || !pt))
			targets |= 1UL << i;
	}
	if (targets)
		shoot(targets);
	pop_off();
}

/*
 * After this hart changed entries of pt and flushed its own TLB: every
 * other hart that runs pt has flushed too when this returns. The caller
 * holds no spinlock (a hart spinning for it could not answer).
 */
void tlb_shootdown(pagetable_t pt)
{
	shoot_running(pt);
}

/*
 * membarrier(2): every hart running pt (every hart running a program:
 * NULL) has been interrupted when this returns; the interrupt's answer
 * (tlb_answer's release after the program's accesses, this hart's
 * acquire of it) orders its accesses as a full barrier on it would.
 */
void tlb_barrier(pagetable_t pt)
{
	__sync_synchronize();	/* this hart's accesses before the others' after */
	shoot_running(pt);
	__sync_synchronize();
}
