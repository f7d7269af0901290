/*
 * What tmpfs calls outside itself, on the host: pages (malloc'd,
 * aligned, counted), a clock, sleep locks that check their pairing, and
 * the parts of the VFS layer it uses (uio_move, vput calling inactive).
 * FIFOs need the kernel's pipes: here their table has attributes only.
 */
#include <stdlib.h>
#include "kern/kern.h"
#include "mm/mm.h"
#include "dev/dev.h"
#include "fs/tmpfs/tmpfs.h"

struct bootinfo bootinfo = { .mem_size = 128UL << 20 };
long shim_pages;
uint64_t shim_clock_ns = 1700000000ULL * 1000000000ULL;

void *kalloc(void)
{
	void *p = aligned_alloc(PGSIZE, PGSIZE);
	if (p) {
		memset(p, 0x5a, PGSIZE);	/* as junk as a reused page */
		shim_pages++;
	}
	return p;
}

void *kzalloc(void)
{
	void *p = kalloc();
	return p ? memset(p, 0, PGSIZE) : NULL;
}

void kfree(void *p)
{
	if (p) {
		shim_pages--;
		free(p);
	}
}

/* Host memory is always there. */
void user_prefault(uint64_t va, size_t len, int need)
{
}

uint64_t realtime_ns(void)
{
	return shim_clock_ns;
}

void initsleeplock(struct sleeplock *lk, const char *name, int rank)
{
	lk->held = 0;
	lk->name = name;
}

void acquiresleep(struct sleeplock *lk)
{
	if (lk->held++)
		abort();	/* taken twice: the kernel would deadlock */
}

void releasesleep(struct sleeplock *lk)
{
	if (--lk->held)
		abort();
}

long uio_move(struct uio *u, void *buf, uint64_t n, bool from_uio)
{
	n = MIN(n, u->resid);
	if (n && !u->addr)
		return -EFAULT;
	if (from_uio)
		memcpy(buf, (void *)u->addr, n);
	else
		memcpy((void *)u->addr, buf, n);
	u->addr += n;
	u->resid -= n;
	return n;
}

/* vref and vput as vfs.c has them: the vfs counts its referenced nodes. */
struct vnode *vref(struct vnode *vn)
{
	if (__atomic_fetch_add(&vn->ref, 1, __ATOMIC_ACQ_REL) == 0)
		__atomic_fetch_add(&vn->vfs->active, 1, __ATOMIC_ACQ_REL);
	return vn;
}

void vput(struct vnode *vn)
{
	if (__atomic_sub_fetch(&vn->ref, 1, __ATOMIC_ACQ_REL) != 0)
		return;
	__atomic_fetch_sub(&vn->vfs->active, 1, __ATOMIC_ACQ_REL);
	vn->ops->inactive(vn);
}

int vfs_register(const struct fstype *t)
{
	return 0;
}

const struct vnode_ops tmpfs_fifo_ops = {
	.getattr = tmpfs_getattr,
	.setattr = tmpfs_setattr,
	.inactive = tmpfs_inactive,
};
