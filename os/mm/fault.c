/*
 * Page faults on user memory, from the program itself (usertrap) or from
 * the kernel reaching into it for a system call (copyin/copyout). A
 * fault is answered by mapping a page where the process is allowed one
 * that is not there yet:
 *   - a page of a lazily loaded program (the pager: exec/image.c), filled
 *     from the file;
 *   - a page of a lazy heap, below its break: zeros (a lazily loaded
 *     program's heap);
 *   - a page of the stack below the mapped part, down to its limit;
 *   - a page of a MAP_SHARED region of a file that lends its pages
 *     (filemap.c): the file's own page.
 * And a store to a page fork shared (PTE_COW) makes it the process's
 * own (cow_fault). Anything else (outside every region, or against its
 * permissions) is refused, and the caller kills the program or returns
 * EFAULT.
 */
#include "kern/kern.h"
#include "mm/mm.h"

static const struct pager *pager;

void mm_set_pager(const struct pager *pg)
{
	pager = pg;
}

uint64_t pager_lowest(struct proc *p, uint64_t start, uint64_t end)
{
	return pager ? pager->lowest(p, start, end) : UINT64_MAX;
}

/* The heap of a lazily loaded program is mapped on first touch: brk only
 * moves the break. */
static int heap_fault(struct proc *p, uint64_t va, int need)
{
	if (!p->mm->image.lazy_heap || va < p->mm->heap_start || va >= PGROUNDUP(p->mm->brk) ||
	    (need & PTE_X))
		return -EFAULT;
	if (uvm_map_zeroed(p->pagetable, PGROUNDDOWN(va), PGROUNDDOWN(va) + PGSIZE,
			   PTE_R | PTE_W) < 0)
		return -ENOMEM;
	p->lstat.zero_pages++;
	return 0;
}

/* A page of a lazy region (an anonymous mapping made PROT_NONE, as
 * glibc reserves a thread's stack or a malloc arena, then opened by
 * mprotect): a zeroed page at the first touch the region allows. */
static int lazy_fault(struct proc *p, uint64_t va, int need)
{
	struct vma *v = vma_at(p->mm, va);
	int want = need | PTE_U;

	if (!v || !v->lazy || (v->perm & want) != want)
		return -EFAULT;
	if (uvm_map_zeroed(p->pagetable, PGROUNDDOWN(va), PGROUNDDOWN(va) + PGSIZE, v->perm) < 0)
		return -ENOMEM;
	p->lstat.zero_pages++;
	return 0;
}

/*
 * Fork's copy of old's memory into new, an empty space: every page
 * shared until one of the two writes it (uvmcopy). Returns whether the
 * child's heap is lazy (its parent's was), or -ENOMEM with part of the
 * copy in new.
 */
int fork_memory(struct mm *old, struct mm *new)
{
	if (uvmcopy(old->pagetable, new->pagetable) < 0)
		return -ENOMEM;
	return old->image.lazy_heap;
}

/* Maps np's page at va if it is a missing one of its lazy heap or of a
 * lazy region, before clone writes np's tid there: copyout maps no page
 * into a process that is not the caller. np has not run yet. */
void heap_fault_child(struct proc *np, uint64_t va)
{
	if (!walkaddr_any(np->pagetable, va) && heap_fault(np, va, PTE_W) == -EFAULT)
		lazy_fault(np, va, PTE_W);
}

static int stack_fault(struct proc *p, uint64_t va, int need)
{
	uint64_t below = p->mm->stack_low;

	if ((need & PTE_X) && !p->mm->stack_exec)
		return -EFAULT;
	if (!uvm_grow_stack(p, va))
		return -EFAULT;
	p->lstat.zero_pages += (below - p->mm->stack_low) / PGSIZE;
	return 0;
}

/*
 * A store to a page fork shared (PTE_COW): the page becomes the
 * process's own, a copy unless no one else holds it any more (then it
 * is only made writable again). p, if not NULL, is charged the fault.
 * 0, or -ENOMEM (the page stays shared). The process whose table pte is
 * in runs on this hart or on none (one holder of an mm: docs/mm.md).
 */
int cow_fault(struct proc *p, pagetable_t pt, pte_t *pte)
{
	void *page = (void *)KVA(PTE2PA(*pte));
	pte_t flags = (PTE_FLAGS(*pte) & ~PTE_RSW) | PTE_W | PTE_D;

	if (page_refs(page) == 1) {
		*pte = PA2PTE(KPA(page)) | flags;
		page = NULL;
	} else {
		void *copy = kalloc();
		if (!copy)
			return -ENOMEM;
		memcpy(copy, page, PGSIZE);
		*pte = PA2PTE(KPA(copy)) | flags;
	}
	sfence_vma();	/* before the old page can be anyone else's alone */
	if (page) {
		tlb_shootdown(pt);	/* nor another hart of this space may reach it */
		kfree(page);
	}
	if (p) {
		p->lstat.faults++;
		p->lstat.cow_faults++;
	}
	return 0;
}

/*
 * Answers a fault at user address va for an access needing the page
 * permission need (PTE_R, PTE_W or PTE_X): a store to a page fork
 * shared (cow_fault), or an access to a page that is not mapped; a
 * mapped page that refuses the access is a real fault.
 * Returns 0 if the page is now there; -EFAULT if the process has no
 * page there for this access; -ENOMEM or -EIO if it has, but the page
 * could not be made (the program is killed, as on Linux).
 */
static int fault_in(struct proc *p, uint64_t va, int need)
{
	if (va >= MAXVA)
		return -EFAULT;
	pte_t *pte = walk(p->pagetable, va, false);
	if (pte && (*pte & PTE_V)) {
		/* another thread of the mm answered the same fault while this
		 * one waited for the lock, or a TLB entry from before another
		 * hart widened it: the access is allowed now */
		if ((*pte & (PTE_U | need)) == (pte_t)(PTE_U | need)) {
			*pte |= PTE_A | (need == PTE_W ? PTE_D : 0);
			sfence_vma();
			return 0;
		}
		if (need != PTE_W || !pte_is(*pte, PTE_COW) || !(*pte & PTE_U))
			return -EFAULT;
		/* its leaf table may be shared too: this space's own first */
		return (pte = walk_mapped(p->pagetable, va)) ? cow_fault(p, p->pagetable, pte) : -ENOMEM;
	}
	uint64_t disk_before = p->lstat.disk_bytes;
	int err = pager ? pager->fault(p, va, need) : -EFAULT;
	if (err == -EFAULT)
		err = heap_fault(p, va, need);
	if (err == -EFAULT)
		err = stack_fault(p, va, need);
	if (err == -EFAULT)
		err = filemap_fault(p, va, need);
	if (err == -EFAULT)
		err = lazy_fault(p, va, need);
	if (err < 0)
		return err;
	sfence_vma();
	p->lstat.faults++;
	if (p->lstat.disk_bytes != disk_before)
		p->lstat.major_faults++;
	return 0;
}

/* user_fault's work under the mm's lock while other threads share the
 * mm (docs/mm.md: two threads faulting one page at once). A fault under
 * a sleep lock (a copy under the fs lock, after the prefault; or under
 * the mm's own, in mmap's paths) goes without it: the lock order puts
 * the mm's first. */
int user_fault(struct proc *p, uint64_t va, int need)
{
	bool locked = !p->sleeplocks && mm_lock(p);
	int err = fault_in(p, va, need);

	mm_unlock(p, locked);
	return err;
}

/*
 * Maps the missing pages of [va, va + len) that a fault would, before a
 * caller takes a sleep lock under which it copies to or from there (the
 * file read and write paths): filling a page of the program file needs
 * the file system, which the caller is about to hold. It stops at the
 * first page a fault refuses, as the copy will (with EFAULT): a huge
 * count past a hole costs one fault, not one for each page of it.
 */
void user_prefault(uint64_t va, size_t len, int need)
{
	struct proc *p = myproc();

	/* counts, not walks: read(2) asks every time */
	if (!p->mm->image.lazy_heap && !p->mm->image.lazy && !p->mm->nlent && !p->mm->nlazy)
		return;
	if (len == 0 || va + len < va)
		return;
	uint64_t end = MIN(va + len, MAXVA);
	/* one walk per leaf table, not per page: a read(2) comes here on
	 * every call, and its buffer is nearly always mapped already */
	pte_t *leaf = NULL;
	uint64_t leaf_va = 1;	/* the 2 MiB that leaf maps; 1: none */
	for (uint64_t a = PGROUNDDOWN(va); a < end; a += PGSIZE) {
		uint64_t region = a & ~((1UL << PXSHIFT(1)) - 1);
		if (region != leaf_va) {
			pte_t *pte = walk(p->pagetable, a, false);
			leaf = pte ? pte - PX(0, a) : NULL;
			leaf_va = region;
		}
		if (leaf && (leaf[PX(0, a)] & PTE_V))
			continue;
		if (user_fault(p, a, need) < 0)
			return;
		leaf_va = 1;	/* the fault may have made the leaf table */
	}
}

/*
 * Finds the user's pages for a read of len bytes at uaddr, before a
 * sleep lock such as the fs lock (finding a missing page faults it in,
 * which may read the program file): the first UPAGES_MAX into u, one
 * page-table walk each, the rest prefaulted for the caller to look up
 * again under the lock. The process
 * is single-threaded, so no page found here can be unmapped before the
 * copy; threads will need them pinned. Returns how many bytes from uaddr
 * can be filled: len, or fewer if a page is not the user's writable memory.
 */
size_t upages_get(struct upages *u, uint64_t uaddr, size_t len)
{
	pagetable_t pt = myproc()->pagetable;
	uint64_t end = uaddr + len < uaddr ? MAXVA : uaddr + len;
	uint64_t a = PGROUNDDOWN(uaddr);

	u->base = a;
	u->n = 0;
	for (; a < end && u->n < UPAGES_MAX; a += PGSIZE) {
		void *p = user_ptr(pt, a, PGSIZE, true);
		if (!p)
			return a > uaddr ? a - uaddr : 0;
		u->page[u->n++] = p;
	}
	if (a < end)
		user_prefault(a, end - a, PTE_W);
	return len;
}

/*
 * Before munmap, mprotect or a MAP_FIXED mmap changes [start, end): the
 * lazily loaded parts it reaches are loaded now (the pager's settle), and so
 * is the whole heap if it reaches the heap, which from then on is
 * mapped as brk moves; so that no later fault brings back a page the
 * program removed or changed. 0, or -ENOMEM with nothing changed.
 */
int user_settle(struct proc *p, uint64_t start, uint64_t end)
{
	uint64_t heap_end = PGROUNDUP(p->mm->brk);

	if (pager && pager->settle(p, start, end) < 0)
		return -ENOMEM;
	if (!p->mm->image.lazy_heap || end <= p->mm->heap_start || start >= heap_end)
		return 0;
	for (uint64_t va = p->mm->heap_start; va < heap_end; va += PGSIZE)
		if (!walkaddr_any(p->pagetable, va) && heap_fault(p, va, PTE_R) < 0)
			return -ENOMEM;
	p->mm->image.lazy_heap = false;
	return 0;
}
