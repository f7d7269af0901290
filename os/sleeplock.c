/* Locks held across sleeps (disk I/O, filesystem operations). */
#include "defs.h"

void initsleeplock(struct sleeplock *lk, const char *name)
{
	initlock(&lk->lk, "sleeplock");
	lk->name = name;
	lk->locked = false;
	lk->pid = 0;
}

void acquiresleep(struct sleeplock *lk)
{
	acquire(&lk->lk);
	while (lk->locked)
		sleep(lk, &lk->lk);
	lk->locked = true;
	lk->pid = myproc() ? myproc()->pid : 0;
	release(&lk->lk);
}

void releasesleep(struct sleeplock *lk)
{
	acquire(&lk->lk);
	lk->locked = false;
	lk->pid = 0;
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
