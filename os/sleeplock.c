/*
 * Locks held across sleeps (disk I/O, filesystem operations). Each
 * acquire checks the sleep-lock order written in defs.h.
 */
#include "defs.h"

void initsleeplock(struct sleeplock *lk, const char *name, int rank)
{
	initlock(&lk->lk, "sleeplock", LOCK_COND);
	lk->name = name;
	lk->locked = false;
	lk->waiters = 0;
	lk->pid = 0;
	lk->owner = NULL;
	lk->rank = rank;
}

/* How long a waiter spins for a holder running on another hart: most
 * holds (a lookup, a read from the block cache) end well within it. */
#define SPIN_US 30

/*
 * Waits, reading only, while lk is held by a process running on another
 * hart, for at most SPIN_US: such a holder usually lets go within
 * microseconds, and sleeping instead costs two switches and an IPI to
 * wake this hart again, many times more under QEMU. A holder that
 * sleeps itself (on the disk) ends the wait at once.
 */
static void spin_while_holder_runs(struct sleeplock *lk)
{
	uint64_t until = r_time() + bootinfo.timebase / 1000000 * SPIN_US;

	while (*(volatile bool *)&lk->locked && r_time() < until) {
		struct proc *o = *(struct proc *volatile *)&lk->owner;
		if (!o || *(volatile enum procstate *)&o->state != RUNNING)
			return;
	}
}

void acquiresleep(struct sleeplock *lk)
{
	struct proc *p = myproc();

	if (p && (p->sleeplocks >> lk->rank))
		panic("lock order: sleep lock %s (rank %d) acquired while holding ranks %#x",
		      lk->name, lk->rank, p->sleeplocks);
	spin_while_holder_runs(lk);
	acquire(&lk->lk);
	while (lk->locked) {
		lk->waiters++;
		sleep(lk, &lk->lk);
		lk->waiters--;
	}
	lk->locked = true;
	lk->pid = p ? p->pid : 0;
	lk->owner = p;
	if (p)
		p->sleeplocks |= 1u << lk->rank;
	release(&lk->lk);
}

void releasesleep(struct sleeplock *lk)
{
	struct proc *p = myproc();

	acquire(&lk->lk);
	lk->locked = false;
	lk->pid = 0;
	lk->owner = NULL;
	if (p)
		p->sleeplocks &= ~(1u << lk->rank);
	if (lk->waiters)
		wakeup(lk);
	release(&lk->lk);
}

bool holdingsleep(struct sleeplock *lk)
{
	acquire(&lk->lk);
	bool r = lk->locked && lk->pid == (myproc() ? myproc()->pid : 0);
	release(&lk->lk);
	return r;
}
