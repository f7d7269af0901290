/*
 * Spinlocks. Interrupts are off on this hart while any spinlock is held,
 * so an interrupt handler can never spin on a lock its own hart holds;
 * push_off/pop_off nest and restore the state found at the first push.
 * Every acquire checks the lock order written in kern.h.
 */
#include "kern/kern.h"

void initlock(struct spinlock *lk, const char *name, int rank)
{
	lk->locked = 0;
	lk->name = name;
	lk->cpu = NULL;
	lk->rank = rank;
	lk->lockclass = 0;
}

/* Panics unless every spinlock this hart holds ranks below lk. */
static void check_order(struct spinlock *lk)
{
	struct cpu *c = mycpu();

	if (lk->rank < LOCK_COND || lk->rank > LOCK_LEAF)
		panic("lock %s has no rank", lk->name);
	for (int r = lk->rank; r <= LOCK_LEAF; r++)
		if (c->nheld[r])
			panic("lock order: %s (rank %d) acquired while holding a rank %d lock",
			      lk->name, lk->rank, r);
}

/* Waits for lk, held by another hart, and takes it; the rdtime ticks
 * it waited if the profiler runs (the clock is read only then). */
static uint64_t spin(struct spinlock *lk)
{
	uint64_t start = kprof_running() ? r_time() : 0;

	/* waiters read until it looks free and only then try the atomic
	 * swap, so that they do not fight the holder for the cache line */
	do
		while (lk->locked)
			;
	while (__sync_lock_test_and_set(&lk->locked, 1) != 0);
	return start ? r_time() - start : 0;
}

void acquire(struct spinlock *lk)
{
	bool contended;
	uint64_t waited = 0;

	push_off();
	if (holding(lk))
		panic("acquire %s: already held", lk->name);
	check_order(lk);
	contended = __sync_lock_test_and_set(&lk->locked, 1) != 0;
	if (contended)
		waited = spin(lk);
	__sync_synchronize();
	lk->cpu = mycpu();
	mycpu()->nheld[lk->rank]++;
	if (kprof_running())
		kprof_lock(lk, contended, waited);
}

/* acquire() if lk is free now; false, holding nothing more, if not.
 * It never waits, so it cannot close a cycle: the lock order does not
 * bind it (a switch holds the old and the new process's locks). */
bool try_acquire(struct spinlock *lk)
{
	push_off();
	if (holding(lk))
		panic("try_acquire %s: already held", lk->name);
	if (lk->locked || __sync_lock_test_and_set(&lk->locked, 1) != 0) {
		pop_off();
		return false;
	}
	__sync_synchronize();
	lk->cpu = mycpu();
	mycpu()->nheld[lk->rank]++;
	return true;
}

void release(struct spinlock *lk)
{
	if (!holding(lk))
		panic("release %s: not held", lk->name);
	mycpu()->nheld[lk->rank]--;
	lk->cpu = NULL;
	__sync_synchronize();
	__sync_lock_release(&lk->locked);
	pop_off();
}

/* Interrupts must be off. */
bool holding(struct spinlock *lk)
{
	return lk->locked && lk->cpu == mycpu();
}

void push_off(void)
{
	int old = intr_get();

	intr_off();
	struct cpu *c = mycpu();
	if (c->noff == 0)
		c->intena = old;
	c->noff++;
}

void pop_off(void)
{
	struct cpu *c = mycpu();

	if (intr_get())
		panic("pop_off: interruptible");
	if (c->noff < 1)
		panic("pop_off: unbalanced");
	c->noff--;
	if (c->noff > 0)
		return;
	if (c->ipi_owed)
		send_owed_ipis(c);
	if (c->intena)
		intr_on();
}
