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

/* Pages with more than one reference (lent to a mapping), and how
 * many more: the kernel keeps a count per page (kalloc.c). */
#define SHIM_LENT 64
static struct {
	void *page;
	int extra;
} lent[SHIM_LENT];

void kref(void *p)
{
	int free_slot = -1;

	for (int i = 0; i < SHIM_LENT; i++) {
		if (lent[i].page == p) {
			lent[i].extra++;
			return;
		}
		if (!lent[i].page && free_slot < 0)
			free_slot = i;
	}
	if (free_slot < 0)
		abort();
	lent[free_slot].page = p;
	lent[free_slot].extra = 1;
}

void kfree(void *p)
{
	if (!p)
		return;
	for (int i = 0; i < SHIM_LENT; i++)
		if (lent[i].page == p && lent[i].extra > 0) {
			if (--lent[i].extra == 0)
				lent[i].page = NULL;
			return;
		}
	shim_pages--;
	free(p);
}

/* No process maps anything here: the test checks that a shrinking
 * truncate asks for the mappings to be cut, and to what size. */
struct vnode *shim_shrunk_vn;
uint64_t shim_shrunk_size;

void filemap_shrunk(struct vnode *vn, uint64_t size)
{
	shim_shrunk_vn = vn;
	shim_shrunk_size = size;
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
