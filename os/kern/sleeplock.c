/*
 * Locks held across sleeps (disk I/O, filesystem operations). Each
 * acquire checks the sleep-lock order written in kern.h.
 *
 * state is 0 (free), 1 (held) or 2 (held, and someone may sleep on it).
 * Taking a free lock and letting go of one nobody waits for are one
 * atomic operation each, with no spinlock: the fs lock is taken a few
 * times per exec by every hart, and its spinlock was where they met. The
 * spinlock lk only orders a sleeper against the wakeup that ends its
 * sleep: a waiter marks the lock 2 under lk and sleeps under lk, and a
 * release that finds 2 takes lk to wake it, so it cannot come between.
 */
#include "kern/kern.h"

void initsleeplock(struct sleeplock *lk, const char *name, int rank)
{
	initlock(&lk->lk, "sleeplock", LOCK_COND);
	lk->name = name;
	lk->state = 0;
	lk->pid = 0;
	lk->owner = NULL;
	lk->rank = rank;
}

/* How long a waiter spins for a holder running on another hart: most
 * holds (a lookup, a read from the block cache) end well within it. */
#define SPIN_US 30

/* Takes lk if it is free: true if this caller now holds it. */
static bool try_take(struct sleeplock *lk)
{
	int free = 0;

	return __atomic_compare_exchange_n(&lk->state, &free, 1, false, __ATOMIC_ACQUIRE,
					   __ATOMIC_RELAXED);
}

/*
 * Waits, reading only, while lk is held by a process running on another
 * hart, for at most SPIN_US: such a holder usually lets go within
 * microseconds, and sleeping instead costs two switches and an IPI to
 * wake this hart again, many times more under QEMU. A holder that
 * sleeps itself (on the disk) ends the wait at once. True if it took lk.
 */
static bool spin_while_holder_runs(struct sleeplock *lk)
{
	uint64_t until = r_time() + bootinfo.timebase / 1000000 * SPIN_US;

	for (;;) {
		if (__atomic_load_n(&lk->state, __ATOMIC_RELAXED) == 0 && try_take(lk))
			return true;
		struct proc *o = *(struct proc *volatile *)&lk->owner;
		if (!o || *(volatile enum procstate *)&o->state != RUNNING || r_time() >= until)
			return false;
	}
}

/* Sleeps until lk is ours; it is left marked 2, as others may wait too. */
static void wait_for(struct sleeplock *lk)
{
	acquire(&lk->lk);
	while (__atomic_exchange_n(&lk->state, 2, __ATOMIC_ACQUIRE) != 0)
		sleep(lk, &lk->lk);
	release(&lk->lk);
}

void acquiresleep(struct sleeplock *lk)
{
	struct proc *p = myproc();

	if (p && (p->sleeplocks >> lk->rank))
		panic("lock order: sleep lock %s (rank %d) acquired while holding ranks %#x",
		      lk->name, lk->rank, p->sleeplocks);
	if (!try_take(lk) && !spin_while_holder_runs(lk))
		wait_for(lk);
	lk->pid = p ? p->pid : 0;
	lk->owner = p;
	if (p)
		p->sleeplocks |= 1u << lk->rank;
}

void releasesleep(struct sleeplock *lk)
{
	struct proc *p = myproc();

	lk->pid = 0;
	lk->owner = NULL;
	if (p)
		p->sleeplocks &= ~(1u << lk->rank);
	if (__atomic_exchange_n(&lk->state, 0, __ATOMIC_RELEASE) == 2) {
		acquire(&lk->lk);
		wakeup(lk);
		release(&lk->lk);
	}
}

bool holdingsleep(struct sleeplock *lk)
{
	return __atomic_load_n(&lk->state, __ATOMIC_RELAXED) != 0 &&
	       lk->pid == (myproc() ? myproc()->pid : 0);
}
