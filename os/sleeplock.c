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
	lk->pid = 0;
	lk->rank = rank;
}

void acquiresleep(struct sleeplock *lk)
{
	struct proc *p = myproc();

	if (p && (p->sleeplocks >> lk->rank))
		panic("lock order: sleep lock %s (rank %d) acquired while holding ranks %#x",
		      lk->name, lk->rank, p->sleeplocks);
	acquire(&lk->lk);
	while (lk->locked)
		sleep(lk, &lk->lk);
	lk->locked = true;
	lk->pid = p ? p->pid : 0;
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
	if (p)
		p->sleeplocks &= ~(1u << lk->rank);
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
