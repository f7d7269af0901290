/*
 * What a program tells or asks of its pages, as Linux's mm/madvise.c,
 * mm/mlock.c and mm/mincore.c: madvise(2), mlock(2) and its family,
 * mincore(2).
 *
 * Linux has a region (vma) for the heap, the stack and the program; here
 * only mmap's are regions (sysmem.c), so the others count as mapped
 * (in_space) and take the advice as their pages can: MADV_DONTNEED
 * zeroes their mapped pages, locking faults them in; marks (VM_LOCKED,
 * DONTFORK) are kept on regions only.
 *
 * There is no swap: every page is resident until it is unmapped, so
 * locking is populating (the pages faulted in, as MAP_POPULATE does)
 * and recording the lock for /proc/PID/status's VmLck. RLIMIT_MEMLOCK is
 * not checked: processes run as root, which has CAP_IPC_LOCK.
 */
#include "kern/kern.h"
#include "mm/mm.h"
#include "uapi/linux/mman.h"

/* Whether user page a is part of the process's space: a region, or the
 * program, heap or stack, which Linux would have regions for. */
static bool in_space(struct proc *p, uint64_t a)
{
	struct mm *mm = p->mm;

	return walkaddr_any(p->pagetable, a) || vma_at(mm, a) ||
	       (a >= mm->heap_start && a < PGROUNDUP(mm->brk)) ||
	       (a >= mm->stack_low && a < mm->stack_top) ||
	       pager_lowest(p, a, a + PGSIZE) != UINT64_MAX;
}

/* The first page at or after a, below stop, that may be in the space
 * outside the regions (stop if none): a itself, or where the heap, the
 * stack, the program or a leaf table of mapped pages begins. So that a
 * huge range's holes are not walked page by page. */
static uint64_t space_from(struct proc *p, uint64_t a, uint64_t stop)
{
	struct mm *mm = p->mm;
	uint64_t next = MIN(uvm_next_table(p->pagetable, a, stop), pager_lowest(p, a, stop));
	uint64_t heap_end = PGROUNDUP(mm->brk);

	if (a < heap_end && mm->heap_start < heap_end)
		next = MIN(next, MAX(a, mm->heap_start));
	if (a < mm->stack_top)
		next = MIN(next, MAX(a, mm->stack_low));
	return MIN(next, stop);
}

/* The page range [*start, *end) of a call given addr and len, as
 * Linux's: EINVAL if it wraps. */
static int page_range(uint64_t addr, uint64_t len, uint64_t *start, uint64_t *end)
{
	*start = addr;
	*end = PGROUNDUP(addr + len);
	if (addr + len < addr || *end < addr || *end > MAXVA)
		return -EINVAL;
	return 0;
}

/* 0, or -ENOMEM if a page of [start, end) is not in the space. */
static int all_in_space(struct proc *p, uint64_t start, uint64_t end)
{
	for (uint64_t a = start; a < end; a += PGSIZE)
		if (!in_space(p, a))
			return -ENOMEM;
	return 0;
}

/* Sets the flag at offset field of struct vma to on for the regions
 * within [start, end), splitting those that straddle its ends (only
 * where the flag changes). */
static int mark(struct proc *p, uint64_t start, uint64_t end, size_t field, bool on)
{
	struct vma *v;

	for (uint64_t a = start; (v = vma_find(p->mm, a)) && v->start < end; a = v->end) {
		a = MAX(a, v->start);
		bool *flag = (bool *)((char *)v + field);
		if (*flag == on)
			continue;
		if (v->start < a && vma_split(p->mm, v, a) < 0)
			return -ENOMEM;
		v = vma_at(p->mm, a);
		if (v->end > end && vma_split(p->mm, v, end) < 0)
			return -ENOMEM;
		v = vma_at(p->mm, a);
		*(bool *)((char *)v + field) = on;
	}
	return 0;
}

/* MADV_DONTNEED of pages outside the regions (heap, stack): the mapped
 * writable ones read as zeros after, as a private anonymous page does.
 * The program's pages are left as they are. */
static void zero_pages(struct proc *p, uint64_t start, uint64_t end)
{
	struct mm *mm = p->mm;

	for (uint64_t a = start; a < end; a += PGSIZE) {
		bool anon = (a >= mm->heap_start && a < PGROUNDUP(mm->brk)) || a >= mm->stack_low;
		void *page = anon && walkaddr(p->pagetable, a) ? user_ptr(p->pagetable, a, PGSIZE, true) : NULL;
		if (page)
			memset(page, 0, PGSIZE);
	}
}

/* MADV_REMOVE of shared anonymous pages: their contents go, for every
 * process mapping them, as a hole punched in Linux's shmem object. */
static void zero_shared(struct proc *p, uint64_t start, uint64_t end)
{
	for (uint64_t a = start; a < end; a += PGSIZE) {
		uint64_t pa = walkaddr_any(p->pagetable, a);
		if (pa)
			memset((void *)KVA(pa), 0, PGSIZE);
	}
}

/* MADV_DONTNEED (and MADV_FREE) of [start, end) within region v: its
 * pages go. A private anonymous region's come back as zeros at the next
 * touch (it becomes lazy), a private file region's are read from the
 * file again; a shared region keeps its contents (its pages stay). */
static int dontneed(struct proc *p, struct vma *v, uint64_t start, uint64_t end)
{
	if (v->perm & PTE_SHARED)
		return 0;
	if (uvm_own(p->pagetable, start, end) < 0)
		return -ENOMEM;
	if (!v->src && !v->lazy) {
		v->lazy = true;
		p->mm->nlazy++;
	}
	int perm = v->perm;
	struct file *src = v->src;
	uint64_t offset = v->offset + (start - v->start);
	uvm_unmap_range(p->pagetable, start, end);	/* frees them, on every hart */
	return src ? populate(p, start, end - start, perm, src, offset) : 0;
}

/* One advice to the part [start, end) of region v. */
static int advise_region(struct proc *p, struct vma *v, uint64_t start, uint64_t end, int advice)
{
	bool anon_private = !v->name && !(v->perm & PTE_SHARED);

	switch (advice) {
	case MADV_FREE:	/* freed now rather than when memory runs short */
		if (!anon_private)
			return -EINVAL;	/* Linux: anonymous private memory only */
		return v->locked ? -EINVAL : dontneed(p, v, start, end);
	case MADV_DONTNEED:
		return v->locked ? -EINVAL : dontneed(p, v, start, end);
	case MADV_REMOVE:
		if (v->locked || !(v->perm & PTE_SHARED))
			return -EINVAL;
		if (v->name)
			return -EOPNOTSUPP;	/* no hole punching in our files yet */
		zero_shared(p, start, end);
		return 0;
	case MADV_DONTFORK:
	case MADV_DOFORK:
		return mark(p, start, end, offsetof(struct vma, dontfork), advice == MADV_DONTFORK);
	default:
		return 0;	/* a hint only */
	}
}

static bool advice_known(int advice)
{
	switch (advice) {
	case MADV_NORMAL: case MADV_RANDOM: case MADV_SEQUENTIAL: case MADV_WILLNEED:
	case MADV_DONTNEED: case MADV_FREE: case MADV_REMOVE: case MADV_DONTFORK:
	case MADV_DOFORK: case MADV_DONTDUMP: case MADV_DODUMP: case MADV_COLD:
	case MADV_PAGEOUT:
		return true;
	}
	return false;
}

/* madvise(2): the advice applied region by region; pages outside every
 * region take it as zero_pages says. ENOMEM for a page not in the space,
 * once the rest has had the advice, as Linux. */
static uint64_t madvise_locked(void)
{
	uint64_t addr = argraw(0), len = argraw(1), start, end;
	int advice = argraw(2), err = 0;
	struct proc *p = myproc();

	if (!advice_known(advice) || addr % PGSIZE || page_range(addr, len, &start, &end) < 0)
		return -EINVAL;
	for (uint64_t a = start; a < end;) {
		struct vma *v = vma_find(p->mm, a);
		uint64_t stop = v ? MIN(MAX(v->start, a), end) : end;
		while (a < stop) {	/* outside the regions */
			uint64_t next = space_from(p, a, stop);
			if (next > a) {		/* a hole, skipped whole */
				err = -ENOMEM;
				a = next;
				continue;
			}
			if (!in_space(p, a))
				err = -ENOMEM;
			else if (advice == MADV_DONTNEED || advice == MADV_FREE)
				zero_pages(p, a, a + PGSIZE);
			else if (advice == MADV_REMOVE)
				return -EINVAL;
			a += PGSIZE;
		}
		if (a < end) {
			uint64_t upto = MIN(v->end, end);
			int r = advise_region(p, v, a, upto, advice);
			if (r < 0)
				return r;
			a = upto;
		}
	}
	return err;
}

/* mincore(2): a byte per page of [addr, addr + len) to vec, 1 if the page
 * is in memory (mapped). */
static uint64_t mincore_locked(void)
{
	uint64_t addr = argraw(0), len = argraw(1), vec = argraw(2), start, end;
	struct proc *p = myproc();
	uint8_t buf[128];
	int n = 0;

	if (addr % PGSIZE)
		return -EINVAL;
	if (page_range(addr, len, &start, &end) < 0)
		return -ENOMEM;	/* Linux: beyond the user's addresses */
	for (uint64_t a = start; a < end; a += PGSIZE) {
		bool in = walkaddr_any(p->pagetable, a);
		if (!in && !in_space(p, a))
			return -ENOMEM;
		buf[n++] = in;
		if (n == sizeof(buf) || a + PGSIZE >= end) {
			if (copyout(p->pagetable, vec, buf, n) < 0)
				return -EFAULT;
			vec += n;
			n = 0;
		}
	}
	return 0;
}

/* Faults in the pages of [start, end) that are not there yet, as
 * MAP_POPULATE would: the program's and the heap's (user_settle), and
 * those of regions whose pages come at the first touch (PROT_NONE ones
 * stay out, as on Linux); the other regions' are all mapped. A fault
 * changes no region: v stays good. */
static int populate_range(struct proc *p, uint64_t start, uint64_t end)
{
	if (user_settle(p, start, end) < 0)
		return -ENOMEM;
	for (struct vma *v = vma_find(p->mm, start); v && v->start < end; v = vma_next(v)) {
		if (!on_touch(v) || !(v->perm & PTE_U))
			continue;
		for (uint64_t a = MAX(start, v->start); a < MIN(end, v->end); a += PGSIZE)
			if (!walkaddr_any(p->pagetable, a) &&
			    user_fault(p, a, v->perm & PTE_R ? PTE_R : PTE_X) == -ENOMEM)
				return -ENOMEM;
	}
	return 0;
}

/* mlock, mlock2 (flags: MLOCK_ONFAULT, which locks without populating)
 * and munlock of [addr, addr + len), addr rounded down. */
static uint64_t lock_range(bool lock, int flags)
{
	uint64_t addr = PGROUNDDOWN(argraw(0)), start, end;
	uint64_t len = argraw(1) + (argraw(0) - addr);
	struct proc *p = myproc();
	int err;

	if (flags & ~MLOCK_ONFAULT)
		return -EINVAL;
	if (page_range(addr, len, &start, &end) < 0)
		return -EINVAL;
	if ((err = all_in_space(p, start, end)) < 0)
		return err;
	if ((err = mark(p, start, end, offsetof(struct vma, locked), lock)) < 0)
		return err;
	return lock && !flags ? populate_range(p, start, end) : 0;
}

static uint64_t mlock_locked(void) { return lock_range(true, 0); }
static uint64_t mlock2_locked(void) { return lock_range(true, argraw(2)); }
static uint64_t munlock_locked(void) { return lock_range(false, 0); }

/* mlockall(2): every region locked (MCL_CURRENT, populated unless
 * MCL_ONFAULT), every later one too (MCL_FUTURE); munlockall undoes
 * both. */
static uint64_t lock_all(bool lock, int flags)
{
	struct proc *p = myproc();

	p->mm->lock_future = lock && (flags & MCL_FUTURE);
	if (lock && !(flags & MCL_CURRENT))
		return 0;
	for (struct vma *v = vma_first(p->mm); v; v = vma_next(v))
		v->locked = lock;
	return lock && !(flags & MCL_ONFAULT) ? populate_range(p, 0, MAXVA) : 0;
}

static uint64_t mlockall_locked(void)
{
	int flags = argraw(0);

	if (!flags || (flags & ~(MCL_CURRENT | MCL_FUTURE | MCL_ONFAULT)) || flags == MCL_ONFAULT)
		return -EINVAL;
	return lock_all(true, flags);
}

static uint64_t munlockall_locked(void) { return lock_all(false, 0); }

uint64_t sys_madvise(void) { return under_mm_lock(madvise_locked); }
uint64_t sys_mincore(void) { return under_mm_lock(mincore_locked); }
uint64_t sys_mlock(void) { return under_mm_lock(mlock_locked); }
uint64_t sys_mlock2(void) { return under_mm_lock(mlock2_locked); }
uint64_t sys_munlock(void) { return under_mm_lock(munlock_locked); }
uint64_t sys_mlockall(void) { return under_mm_lock(mlockall_locked); }
uint64_t sys_munlockall(void) { return under_mm_lock(munlockall_locked); }
