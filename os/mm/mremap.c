/*
 * mremap(2), as Linux's mm/mremap.c: a region shrunk in place (its tail
 * unmapped), grown in place when the room after it is free, else, with
 * MREMAP_MAYMOVE, moved: a new region where there is room (or at
 * new_addr, MREMAP_FIXED), its page-table entries moved there
 * (uvm_move), so no page is copied and COW and shared pages keep their
 * state. musl's realloc of a big block comes here.
 *
 * The old range must lie in one region (EFAULT otherwise, as Linux
 * "can't remap across vm area boundaries"); the heap, the stack and the
 * program are not regions here, so they cannot be moved. Growth is
 * filled as mmap fills a new region (sysmem.c): zeros, or the file's
 * bytes; a region whose pages come at the first touch just grows.
 * old_size 0 on a shared region maps its pages a second time.
 * MREMAP_DONTUNMAP (the pages move, the old range stays mapped, empty)
 * is done for private anonymous regions, whose old range then gives
 * zeros at the next touch; for others it is refused (EINVAL, logged).
 */
#include "kern/kern.h"
#include "mm/mm.h"
#include "uapi/linux/mman.h"

/* regions stay below the stack's guard page (exec/layout.c) */
#define MMAP_CEIL(p) USER_CEIL((p)->mm->stack_top)

/* The region holding [addr, addr + len), len 0 meaning addr alone;
 * NULL if none holds it all. */
static struct vma *region_of(struct proc *p, uint64_t addr, uint64_t len)
{
	struct vma *v = vma_at(p->mm, addr);

	return v && len <= v->end - addr ? v : NULL;
}

/* The file v's new pages are read from: its shared file (unless that
 * lends its pages, which come at the touch) or its private source. */
static struct file *fill_from(const struct vma *v)
{
	return v->file ? v->file : v->src;
}

/* Maps [start, end), the growth of region v that starts at vstart, as
 * mmap would have: nothing if v's pages come at the first touch. */
static int fill(struct proc *p, const struct vma *v, uint64_t vstart, uint64_t start,
		uint64_t end)
{
	if (on_touch(v) || start == end)
		return 0;
	return populate(p, start, end - start, v->perm, fill_from(v), v->offset + (start - vstart));
}

/* Whether [start, end) is free for a region to grow into. */
static bool room(struct proc *p, uint64_t start, uint64_t end)
{
	struct vma *next = vma_find(p->mm, start);

	if (end > MMAP_CEIL(p) || end < start || (next && next->start < end))
		return false;
	if (start < PGROUNDUP(p->mm->brk) && end > p->mm->heap_start)
		return false;
	return pager_lowest(p, start, end) == UINT64_MAX;
}

/* v (the region at addr, old_len of it up to its end) grows in place
 * to new_len, if the room after it is free. */
static int grow_in_place(struct proc *p, struct vma *v, uint64_t addr, uint64_t old_len,
			 uint64_t new_len)
{
	uint64_t end = addr + new_len;

	if (addr + old_len != v->end || !room(p, v->end, end))
		return -ENOMEM;
	int err = fill(p, v, v->start, v->end, end);
	if (err == 0)
		v->end = end;	/* no insert since the lookup: v is good */
	return err;
}

/* The old range [addr, addr + len) becomes a region of its own, so that
 * moving it changes whole regions. */
static int isolate(struct proc *p, uint64_t addr, uint64_t len)
{
	struct vma *v = vma_at(p->mm, addr);

	if (v->start < addr && vma_split(p->mm, v, addr) < 0)
		return -ENOMEM;
	v = vma_at(p->mm, addr);
	if (v->end > addr + len && vma_split(p->mm, v, addr + len) < 0)
		return -ENOMEM;
	return 0;
}

/* The old region's pages after they moved away with DONTUNMAP: it stays,
 * made lazy so that a touch gives zeros, as Linux's empty range does,
 * and unlocked (Linux clears VM_LOCKED on the old vma). */
static void leave_empty(struct mm *mm, struct vma *old)
{
	mm->nlazy += !old->lazy;
	old->lazy = true;
	old->locked = false;
}

/*
 * Moves old_len bytes at addr (one region: isolate) to a new region of
 * new_len bytes at to (free), its growth filled. alias (old_len 0): the
 * pages are mapped at to as well, the old region stays; keep
 * (DONTUNMAP): the old region stays, empty. Returns to, or an error with
 * nothing changed.
 */
static uint64_t move_to(struct proc *p, uint64_t addr, uint64_t old_len, uint64_t new_len,
			uint64_t to, bool alias, bool keep)
{
	struct vma moved = *vma_at(p->mm, addr);
	uint64_t span = alias ? MIN(new_len, moved.end - addr) : old_len;

	moved.offset += addr - moved.start;
	moved.start = to;
	moved.end = to + new_len;
	if (!vma_insert(p->mm, &moved))
		return -ENOMEM;
	int err = fill(p, &moved, to, to + span, to + new_len);
	if (err == 0)
		err = alias ? uvm_alias(p->pagetable, addr, to, span)
			    : uvm_move(p->pagetable, addr, to, span);
	if (err < 0) {
		uvm_unmap_range(p->pagetable, to + span, to + new_len);
		vma_remove(p->mm, vma_at(p->mm, to));
		return err;
	}
	vma_hold(&moved);
	struct vma *old = vma_at(p->mm, addr);
	if (keep) {
		leave_empty(p->mm, old);
	} else if (!alias) {
		struct vma gone = *old;
		vma_remove(p->mm, old);
		vma_drop(&gone);
	}
	return to;
}

/* The checks Linux's vma_to_resize makes of the old range, and
 * DONTUNMAP's: 0 or the error. */
static int check_old(struct proc *p, uint64_t addr, uint64_t old_len, int flags)
{
	struct vma *v = region_of(p, addr, old_len);

	if (!v)
		return -EFAULT;
	if (old_len == 0 && !(v->perm & PTE_SHARED))
		return -EINVAL;	/* a second mapping of private pages */
	if ((flags & MREMAP_DONTUNMAP) && (v->perm & PTE_SHARED || v->name)) {
		klog("mremap: MREMAP_DONTUNMAP of a shared or file region is not done");
		return -EINVAL;
	}
	return 0;
}

/* A move: to new_addr (MREMAP_FIXED, whatever was there unmapped first)
 * or to free room. */
static uint64_t remap_move(struct proc *p, uint64_t addr, uint64_t old_len, uint64_t new_len,
			   uint64_t new_addr, int flags)
{
	int err;

	if (flags & MREMAP_FIXED) {
		if (new_addr % PGSIZE || new_addr < USER_MIN || new_len > MMAP_CEIL(p) ||
		    new_addr > MMAP_CEIL(p) - new_len)
			return -EINVAL;
		if (addr + old_len > new_addr && new_addr + new_len > addr)
			return -EINVAL;	/* the ranges overlap */
		if ((err = do_munmap(p, new_addr, new_len)) < 0)
			return err;
		if (old_len > new_len) {
			if ((err = do_munmap(p, addr + new_len, old_len - new_len)) < 0)
				return err;
			old_len = new_len;
		}
	}
	if ((err = check_old(p, addr, old_len, flags)) < 0)
		return err;
	if (!(flags & MREMAP_FIXED) && !(new_addr = find_space(p, new_len)))
		return -ENOMEM;
	if (old_len && (err = isolate(p, addr, old_len)) < 0)
		return err;
	return move_to(p, addr, old_len, new_len, new_addr, old_len == 0,
		       flags & MREMAP_DONTUNMAP);
}

static uint64_t mremap_locked(void)
{
	uint64_t addr = argraw(0), old_len = argraw(1), new_len = argraw(2);
	int flags = argraw(3);
	uint64_t new_addr = argraw(4);
	struct proc *p = myproc();

	if ((flags & ~(MREMAP_MAYMOVE | MREMAP_FIXED | MREMAP_DONTUNMAP)) ||
	    ((flags & MREMAP_FIXED) && !(flags & MREMAP_MAYMOVE)) || addr % PGSIZE)
		return -EINVAL;
	if ((flags & MREMAP_DONTUNMAP) && (!(flags & MREMAP_MAYMOVE) || old_len != new_len))
		return -EINVAL;
	if (old_len > MAXVA || new_len > MAXVA)
		return new_len > MAXVA ? -EINVAL : -EFAULT;
	old_len = PGROUNDUP(old_len);
	new_len = PGROUNDUP(new_len);
	if (new_len == 0)
		return -EINVAL;
	if (flags & (MREMAP_FIXED | MREMAP_DONTUNMAP))
		return remap_move(p, addr, old_len, new_len, new_addr, flags);
	if (old_len >= new_len) {	/* always allowed, as on Linux: the tail unmapped */
		int err = old_len > new_len ? do_munmap(p, addr + new_len, old_len - new_len) : 0;
		return err < 0 ? (uint64_t)err : addr;
	}
	int err = check_old(p, addr, old_len, flags);
	if (err < 0)
		return err;
	if (old_len && grow_in_place(p, region_of(p, addr, old_len), addr, old_len, new_len) == 0)
		return addr;
	if (!(flags & MREMAP_MAYMOVE))
		return -ENOMEM;
	return remap_move(p, addr, old_len, new_len, 0, flags);
}

uint64_t sys_mremap(void) { return under_mm_lock(mremap_locked); }
