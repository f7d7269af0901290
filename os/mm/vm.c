/*
 * Sv39 page tables: the kernel's upper half (all physical memory at
 * KVA(pa); the kernel's text RX, rodata R, the rest RW: W^X), shared by
 * every process's page table, whose lower half holds the process. Page
 * tables hold physical addresses; the kernel reaches any page at its KVA.
 * copyin/copyout here are the only way the kernel touches user memory.
 *
 * A leaf table (level 0: 2 MiB of a space) may be shared by the spaces
 * fork made from one another: the table page's reference count (kalloc)
 * says by how many, and its PTEs hold one reference to each page for
 * them all. Every private page in it is read-only there (PTE_COW or
 * PTE_CACHED), so a shared table changes only where it is the same for
 * all: the hardware's A and D bits, and MAP_SHARED pages. Whoever would
 * change one of its entries first takes a copy of its own (leaf_own),
 * which is when the pages it maps are counted once more; so fork costs
 * a pass over each table, not a reference per page.
 */
#include "kern/kern.h"
#include "mm/mm.h"

extern char _text_start[], _text_end[], _rodata_end[], _kernel_end[];

pagetable_t kernel_pagetable;	/* the kernel's half of every table */

/* The table page a valid non-leaf PTE points to. */
static inline pagetable_t pte_table(pte_t pte) { return (pagetable_t)KVA(PTE2PA(pte)); }

void kvmmap(pagetable_t pt, uint64_t va, uint64_t pa, uint64_t sz, int perm)
{
	if (mappages(pt, va, sz, pa, perm | PTE_G) != 0)
		panic("kvmmap %p", (void *)va);
}

/* A device's registers at KVA(pa). */
static void map_device(pagetable_t pt, uint64_t pa, uint64_t size)
{
	kvmmap(pt, KVA(pa), pa, size, PTE_R | PTE_W);
}

void kvminit(void)
{
	pagetable_t pt = kzalloc();
	uint64_t text = (uint64_t)_text_start, etext = (uint64_t)_text_end;
	uint64_t erodata = (uint64_t)_rodata_end;
	uint64_t ram_end = KVA(bootinfo.mem_base + bootinfo.mem_size);

	if (bootinfo.test)
		map_device(pt, bootinfo.test, PGSIZE);
	if (bootinfo.sdspi)
		map_device(pt, bootinfo.sdspi, PGSIZE);
	if (bootinfo.rtc)
		map_device(pt, bootinfo.rtc, PGSIZE);
	map_device(pt, bootinfo.uart, PGSIZE);
	for (int i = 0; i < bootinfo.nvirtio; i++)
		map_device(pt, bootinfo.virtio[i].base, PGSIZE);
	map_device(pt, bootinfo.plic, PLIC_SIZE);
	kvmmap(pt, text, KPA(text), etext - text, PTE_R | PTE_X);
	kvmmap(pt, etext, KPA(etext), erodata - etext, PTE_R);
	kvmmap(pt, erodata, KPA(erodata), ram_end - erodata, PTE_R | PTE_W);
	if (bootinfo.mem_base < KPA(text))	/* RAM below the kernel (firmware's) */
		kvmmap(pt, KVA(bootinfo.mem_base), bootinfo.mem_base,
		       KPA(text) - bootinfo.mem_base, PTE_R | PTE_W);
	/* the process area's level-1 table now, so that every process's
	 * table, which copies the top level, sees its slots (procslot.c
	 * maps them, and their level-0 tables, as processes come and go) */
	pagetable_t area = kzalloc();
	if (!area)
		panic("kvminit: process area");
	pt[PX(2, KPROC_AREA)] = PA2PTE(KPA(area)) | PTE_V;
	kernel_pagetable = pt;
}

/* Makes pt this hart's page table, flushing what the TLB held. */
void vm_activate(pagetable_t pt)
{
	uint64_t satp = MAKE_SATP(KPA(pt));

	if (csr_read(satp) != satp) {
		tlb_live(pt == kernel_pagetable ? NULL : pt);	/* tlb.c */
		csr_write(satp, satp);
		sfence_vma();	/* one ASID for all: drop the old table's entries */
	}
}

void kvminithart(void) { vm_activate(kernel_pagetable); }
void vm_activate_kernel(void) { vm_activate(kernel_pagetable); }

/* In a level-1 entry (a software bit): its leaf table maps no private
 * page (leaf_share made them all shared, and none was added since:
 * walk with alloc, the only way to change an entry, clears it), so the
 * next fork need not look at them again. */
#define L1_NOPRIVATE PTE_SHARED

static bool is_table(pte_t pte, int level)
{
	return level > 0 && (pte & PTE_V) && !(pte & (PTE_R | PTE_W | PTE_X));
}

/* The first index from i on whose entry in pt is not empty, or end (a
 * multiple of 4): a process's tables are mostly empty, and fork and exit
 * look at every entry of them, four at a time here. */
static int next_used(const pte_t *pt, int i, int end)
{
	while (i < end && (pt[i] | pt[i + 1] | pt[i + 2] | pt[i + 3]) == 0)
		i += 4;
	while (i < end && pt[i] == 0)
		i++;
	return i;
}

/* One holder of leaf table t lets go; the last frees the pages it maps
 * and t into fl. */
static void leaf_put(pagetable_t t, struct freelist *fl)
{
	if (!kunshare(t))
		return;
	for (int i = next_used(t, 0, 512); i < 512; i = next_used(t, i + 1, 512))
		if (t[i] & PTE_V)
			kfree_defer(fl, (void *)KVA(PTE2PA(t[i])));
	kfree_defer(fl, t);
}

/* The leaf table that the level-1 entry *l1 of space root points to,
 * made this space's own: a copy if others share it, each page it maps
 * one reference more. NULL if no page can be had. */
static pagetable_t leaf_own(pagetable_t root, pte_t *l1)
{
	pagetable_t t = pte_table(*l1), copy;
	struct freelist fl = { NULL, NULL, 0 };

	if (page_refs(t) == 1) {
		*l1 &= ~L1_NOPRIVATE;	/* the caller may map a private page */
		return t;
	}
	if (!(copy = kalloc()))
		return NULL;
	memcpy(copy, t, PGSIZE);
	for (int i = next_used(t, 0, 512); i < 512; i = next_used(t, i + 1, 512))
		if (copy[i] & PTE_V)
			kref((void *)KVA(PTE2PA(copy[i])));
	*l1 = PA2PTE(KPA(copy)) | PTE_V;
	sfence_vma();	/* no walk of this space may reach t any more */
	leaf_put(t, &fl);	/* the others may have let go meanwhile */
	if (fl.n)
		tlb_shootdown(root);	/* nor another hart's, before t is freed */
	kfree_flush(&fl);
	return copy;
}

/* The PTE for va, for a reader: NULL if no leaf table holds va. */
static pte_t *walk_read(pagetable_t pt, uint64_t va)
{
	for (int level = 2; level > 0; level--) {
		pte_t pte = pt[PX(level, va)];
		if (!(pte & PTE_V))
			return NULL;
		pt = pte_table(pte);
	}
	return &pt[PX(0, va)];
}

/*
 * The PTE for va. Without alloc, for reading it (the leaf table may be
 * shared): NULL if no leaf table holds va. With alloc, for changing it:
 * the tables on the way are made if missing, and the leaf table this
 * space's own (leaf_own); NULL if a page cannot be had.
 */
pte_t *walk(pagetable_t pt, uint64_t va, bool alloc)
{
	pagetable_t root = pt;

	if (!alloc)
		return walk_read(pt, va);
	for (int level = 2; level > 0; level--) {
		pte_t *pte = &pt[PX(level, va)];
		if (!(*pte & PTE_V)) {
			if ((pt = kzalloc()) == NULL)
				return NULL;
			*pte = PA2PTE(KPA(pt)) | PTE_V;
		} else if (level == 1) {
			if (!(pt = leaf_own(root, pte)))
				return NULL;
		} else {
			pt = pte_table(*pte);
		}
	}
	return &pt[PX(0, va)];
}

/* The PTE of the page mapped at va, for changing it: NULL if none is
 * mapped there (no table is made), or no page can be had for the leaf
 * table's copy. */
pte_t *walk_mapped(pagetable_t pt, uint64_t va)
{
	pte_t *pte = walk_read(pt, va);

	return pte && (*pte & PTE_V) ? walk(pt, va, true) : NULL;
}

/* Makes the leaf tables of [start, end) this space's own, so that
 * changing their entries needs no page: before a change that must not
 * fail halfway (munmap, mprotect). 0 or -ENOMEM. */
int uvm_own(pagetable_t pt, uint64_t start, uint64_t end)
{
	uint64_t step = 1UL << PXSHIFT(1);

	for (uint64_t a = PGROUNDDOWN(start); a < end; a = (a & ~(step - 1)) + step) {
		if (walk_read(pt, a) && !walk(pt, a, true))
			return -ENOMEM;
	}
	return 0;
}

/* The lowest address at or above va, below end, that pt may map a
 * page at: va itself if a leaf table spans it, else the start of the
 * first span on the way that has one (end if none does). For walks
 * over huge ranges, which skip what no table maps a gigabyte or 2 MiB
 * at a time. */
uint64_t uvm_next_table(pagetable_t pt, uint64_t va, uint64_t end)
{
	while (va < end) {
		pte_t top = pt[PX(2, va)];
		int level = !(top & PTE_V) ? 2 : !(pte_table(top)[PX(1, va)] & PTE_V) ? 1 : 0;
		if (level == 0)
			return va;
		va = (va | ((1UL << PXSHIFT(level)) - 1)) + 1;
	}
	return end;
}

/* Physical address of a user page, or 0 if va is not user-mapped. */
uint64_t walkaddr(pagetable_t pt, uint64_t va)
{
	pte_t *pte = va < MAXVA ? walk(pt, va, false) : NULL;

	if (!pte || (*pte & (PTE_V | PTE_U)) != (PTE_V | PTE_U))
		return 0;
	return PTE2PA(*pte);
}

/* Physical address of any page mapped in the user half (PROT_NONE too), or 0. */
uint64_t walkaddr_any(pagetable_t pt, uint64_t va)
{
	pte_t *pte = va < MAXVA ? walk(pt, va, false) : NULL;

	return pte && (*pte & PTE_V) ? PTE2PA(*pte) : 0;
}

/* Maps the page at pa at va with exactly flags (and PTE_V); va must be
 * unmapped. -ENOMEM if a table page cannot be had. */
static int map_page(pagetable_t pt, uint64_t va, uint64_t pa, int flags)
{
	pte_t *pte = walk(pt, va, true);

	if (!pte)
		return -ENOMEM;
	if (*pte & PTE_V)
		panic("map_page: remap %p", (void *)va);
	*pte = PA2PTE(pa) | flags | PTE_V;
	return 0;
}

int mappages(pagetable_t pt, uint64_t va, uint64_t size, uint64_t pa, int perm)
{
	uint64_t a = PGROUNDDOWN(va), last = PGROUNDDOWN(va + size - 1);

	for (;; a += PGSIZE, pa += PGSIZE) {
		if (map_page(pt, a, pa, perm | PTE_A | PTE_D) < 0)
			return -ENOMEM;
		if (a == last)
			return 0;
	}
}

/* A process's page table: empty below, the kernel's above. */
pagetable_t uvmcreate(void)
{
	pagetable_t pt = kzalloc();

	if (pt)
		memcpy(&pt[KERNEL_HALF], &kernel_pagetable[KERNEL_HALF],
		       KERNEL_HALF * sizeof(pte_t));
	return pt;
}

/* Maps fresh zeroed pages over [start, end); on failure the pages
 * already mapped stay, for whoever frees the page table. They are
 * mapped clean (no PTE_D): the hardware sets PTE_D at the program's
 * first store and user_page at the kernel's. */
int uvm_map_zeroed(pagetable_t pt, uint64_t start, uint64_t end, int perm)
{
	for (uint64_t a = PGROUNDDOWN(start); a < end; a += PGSIZE) {
		void *page = kzalloc();
		if (!page)
			return -ENOMEM;
		if (map_page(pt, a, KPA(page), perm | PTE_U | PTE_A) < 0) {
			kfree(page);
			return -ENOMEM;
		}
	}
	return 0;
}

/* Frees the user pages and table pages below pt at level into fl; at
 * the top only the user half, since the kernel half is shared. Every
 * leaf in the lower half is the process's, PTE_U or not (PROT_NONE
 * pages lack it); a leaf table others share is only let go of. */
static void freewalk(pagetable_t pt, int level, struct freelist *fl)
{
	int end = level == 2 ? KERNEL_HALF : 512;

	for (int i = next_used(pt, 0, end); i < end; i = next_used(pt, i + 1, end)) {
		pte_t pte = pt[i];
		if (is_table(pte, level) && level == 1)
			leaf_put(pte_table(pte), fl);
		else if (is_table(pte, level))
			freewalk(pte_table(pte), level - 1, fl);
		else if (pte & PTE_V)
			kfree_defer(fl, (void *)KVA(PTE2PA(pte)));
	}
	kfree_defer(fl, pt);
}

/* Unmaps and frees whatever pages are mapped in [start, end). A caller
 * that must not fail halfway makes the range's tables its own first
 * (uvm_own); without a page for a shared table's copy, its pages stay
 * mapped (logged). */
void uvm_unmap_range(pagetable_t pt, uint64_t start, uint64_t end)
{
	struct freelist fl = { NULL, NULL, 0 };
	uint64_t step = 1UL << PXSHIFT(1);

	/* a leaf table at a time, and none where there is none: a thread's
	 * 8 MiB stack given back by madvise has a few pages in one table */
	for (uint64_t a = PGROUNDDOWN(start); a < end;) {
		uint64_t table_end = MIN(end, (a & ~(step - 1)) + step);
		pte_t *pte = walk_read(pt, a);
		if (!pte) {
			a = table_end;
			continue;
		}
		bool owned = false;	/* the table is this space's own */
		for (; a < table_end; a += PGSIZE, pte++) {
			if (!(*pte & PTE_V))
				continue;
			if (!owned) {
				pte_t *own = walk_mapped(pt, a);	/* a shared table is copied */
				if (!own) {
					klog("unmap %p: no page for a copy of a shared page table",
					     (void *)a);
					continue;
				}
				pte = own;	/* the rest of the table: in the copy, if one was made */
				owned = true;
			}
			kfree_defer(&fl, (void *)KVA(PTE2PA(*pte)));
			*pte = 0;
		}
	}
	sfence_vma();	/* before the pages can be anyone else's */
	tlb_shootdown(pt);
	kfree_flush(&fl);
}

/*
 * mremap's move: the entries of [from, from + len) go to [to, to + len)
 * (unmapped, not overlapping), so the pages move with their state (COW,
 * shared, cached) and none is copied. The tables on both sides are made
 * and made this space's own first, so the move itself needs no page:
 * 0, or -ENOMEM with nothing moved.
 */
int uvm_move(pagetable_t pt, uint64_t from, uint64_t to, uint64_t len)
{
	uint64_t step = 1UL << PXSHIFT(1);

	for (uint64_t a = to; a < to + len; a = (a & ~(step - 1)) + step)
		if (!walk(pt, a, true))
			return -ENOMEM;
	if (uvm_own(pt, from, from + len) < 0)
		return -ENOMEM;
	for (uint64_t off = 0; off < len; off += PGSIZE) {
		pte_t *src = walk_read(pt, from + off);
		if (src && (*src & PTE_V)) {
			*walk_read(pt, to + off) = *src;
			*src = 0;
		}
	}
	sfence_vma();
	tlb_shootdown(pt);	/* no hart may reach a page at its old address */
	return 0;
}

/* A second mapping at [to, to + len) of the pages mapped at [from, from + len),
 * with the same entries, each page referenced once more (mremap of a
 * shared region with old_size 0). 0, or -ENOMEM with the new range
 * unmapped again. */
int uvm_alias(pagetable_t pt, uint64_t from, uint64_t to, uint64_t len)
{
	for (uint64_t off = 0; off < len; off += PGSIZE) {
		pte_t *src = walk_read(pt, from + off), *dst;
		if (!src || !(*src & PTE_V))
			continue;
		pte_t e = *src;
		if (!(dst = walk(pt, to + off, true))) {
			uvm_unmap_range(pt, to, to + off);
			return -ENOMEM;
		}
		kref((void *)KVA(PTE2PA(e)));
		*dst = e;
	}
	return 0;
}

/* Stack pages: read-write, and executable only if PT_GNU_STACK asks. */
int ustack_perm(bool exec)
{
	return PTE_R | PTE_W | (exec ? PTE_X : 0);
}

/*
 * The stack grows on demand: an access below the mapped stack but above
 * its lowest allowed page maps the pages in between, for a fault or for
 * a system call writing there. The page below that limit is never mapped
 * (brk and mmap stop short of it): a guard.
 */
bool uvm_grow_stack(struct proc *p, uint64_t addr)
{
	if (addr < USTACK_LOW(p->mm->stack_top) || addr >= p->mm->stack_low)
		return false;
	for (uint64_t a = p->mm->stack_low - PGSIZE; a >= PGROUNDDOWN(addr); a -= PGSIZE) {
		if (uvm_map_zeroed(p->pagetable, a, a + PGSIZE, ustack_perm(p->mm->stack_exec)) < 0)
			return false;
		p->mm->stack_low = a;
	}
	sfence_vma();
	return true;
}

/* A whole address space's pages freed at once (exec, exit). */
void uvmfree(pagetable_t pt)
{
	struct freelist fl = { NULL, NULL, 0 };

	freewalk(pt, 2, &fl);
	kfree_flush(&fl);
}

/* Shares the leaf table of level-1 entry *l1 with one more space
 * (fork): its private pages become read-only for all, PTE_COW if
 * writable (cow_fault copies it at a store), else PTE_CACHED (mprotect
 * copies it before it lets a store in). A table that has no private
 * page (L1_NOPRIVATE: one shared already, or one the last fork made so
 * and nothing changed since) is not looked at again. */
static void leaf_share(pte_t *l1)
{
	pagetable_t t = pte_table(*l1);

	if (!(*l1 & L1_NOPRIVATE)) {
		for (int i = 0; i < 512; i++) {
			pte_t pte = t[i];
			if ((pte & (PTE_V | PTE_RSW)) == PTE_V)
				t[i] = (pte & ~PTE_W) | (pte & PTE_W ? PTE_COW : PTE_CACHED);
		}
		*l1 |= L1_NOPRIVATE;
	}
	kref(t);
}

/* Copies the table old at level into new, an empty table of the same
 * level, down to the leaf tables, which new shares (a user half has no
 * leaf above level 0). */
static int copywalk(pagetable_t old, pagetable_t new, int level)
{
	int end = level == 2 ? KERNEL_HALF : 512;

	for (int i = next_used(old, 0, end); i < end; i = next_used(old, i + 1, end)) {
		pte_t pte = old[i];
		if (!is_table(pte, level))
			continue;
		if (level == 1) {
			leaf_share(&old[i]);
			new[i] = old[i];
			continue;
		}
		pagetable_t t = kzalloc();
		if (!t)
			return -ENOMEM;
		new[i] = PA2PTE(KPA(t)) | PTE_V;
		if (copywalk(pte_table(pte), t, level - 1) < 0)
			return -ENOMEM;
	}
	return 0;
}

/* Gives new, an empty user space (fork), every user page of old: the
 * upper tables copied, the leaf tables shared (leaf_share). 0, or
 * -ENOMEM with part of the copy in new, for the caller to free. The TLB
 * entries of old, here and on every other hart that runs it, that
 * allowed stores to pages now shared are dropped before the child runs. */
int uvmcopy(pagetable_t old, pagetable_t new)
{
	int err = copywalk(old, new, 2);

	sfence_vma();
	tlb_shootdown(old);
	return err;
}

/* Kernel address of the user page at va if it is mapped with (at least)
 * the given permission, or 0. A page not mapped yet is filled as a fault
 * would fill it; unless missing is given (a caller under a spinlock, where
 * the fill could sleep): then it is left alone and *missing set. */
static uint64_t user_page(pagetable_t pt, uint64_t va, int need, bool *missing)
{
	if (va >= MAXVA)
		return 0;
	pte_t *pte = walk(pt, va, false);
	if (!pte || !(*pte & PTE_V)) {
		/* a system call may be first to touch a page: a new stack
		 * page, or one of a lazily loaded program */
		struct proc *p = myproc();
		if (missing && p && p->pagetable == pt) {
			*missing = true;
			return 0;
		}
		if (!p || p->pagetable != pt || user_fault(p, va, need) < 0)
			return 0;
		pte = walk(pt, va, false);
	}
	if ((pte_prot(*pte) & (PTE_V | PTE_U | need)) != (uint64_t)(PTE_V | PTE_U | need))
		return 0;
	if (need == PTE_W && !(*pte & PTE_W)) {
		/* the kernel's store must reach this process's page alone */
		struct proc *p = myproc();
		if (!(pte = walk_mapped(pt, va)) ||
		    cow_fault(p && p->pagetable == pt ? p : NULL, pt, pte) < 0)
			return 0;
	}
	/* the program's data was used, as if it had touched it itself:
	 * memstat's count of untouched pages reads this bit */
	*pte |= PTE_A | (need == PTE_W ? PTE_D : 0);
	return KVA(PTE2PA(*pte));
}

/* The kernel's address of len bytes of user memory at va, which must lie
 * in one page mapped for the user (and writable if write), or NULL: for
 * the atomic updates copyin and copyout cannot make. */
void *user_ptr(pagetable_t pt, uint64_t va, size_t len, bool write)
{
	if (len == 0 || len > PGSIZE || PGROUNDDOWN(va) != PGROUNDDOWN(va + len - 1))
		return NULL;
	uint64_t page = user_page(pt, PGROUNDDOWN(va), write ? PTE_W : PTE_R, NULL);
	return page ? (void *)(page + (va - PGROUNDDOWN(va))) : NULL;
}

/* Copies len bytes between kbuf and the user's memory at uva: into it if
 * need is PTE_W, out of it if PTE_R. -EFAULT; or -EAGAIN if missing is
 * given and a page is not mapped yet (user_page). Inlined into each
 * caller, which then has its direction and its user_page as constants:
 * called, a pipe's round trip took 0.12 us more (2%). */
static inline __attribute__((always_inline))
int user_copy(pagetable_t pt, uint64_t uva, void *kbuf, size_t len, int need, bool *missing)
{
	char *k = kbuf;

	while (len > 0) {
		uint64_t va0 = PGROUNDDOWN(uva);
		uint64_t page = user_page(pt, va0, need, missing);
		if (!page)
			return missing && *missing ? -EAGAIN : -EFAULT;
		size_t n = MIN(PGSIZE - (uva - va0), len);
		char *u = (char *)(page + (uva - va0));
		if (need == PTE_W)
			memmove(u, k, n);
		else
			memmove(k, u, n);
		len -= n;
		k += n;
		uva += n;
	}
	return 0;
}

int copyout(pagetable_t pt, uint64_t dstva, const void *src, size_t len)
{
	return user_copy(pt, dstva, (void *)src, len, PTE_W, NULL);
}

int copyin(pagetable_t pt, void *dst, uint64_t srcva, size_t len)
{
	return user_copy(pt, srcva, dst, len, PTE_R, NULL);
}

/* Copies a NUL-terminated string; -EFAULT, or -ENAMETOOLONG past max. */
int copyinstr(pagetable_t pt, char *dst, uint64_t srcva, size_t max)
{
	size_t got = 0;

	while (got < max) {
		uint64_t va0 = PGROUNDDOWN(srcva);
		uint64_t page = user_page(pt, va0, PTE_R, NULL);
		if (!page)
			return -EFAULT;
		const char *p = (const char *)(page + (srcva - va0));
		size_t n = MIN(PGSIZE - (srcva - va0), max - got);
		for (size_t i = 0; i < n; i++) {
			dst[got++] = p[i];
			if (p[i] == 0)
				return 0;
		}
		srcva += n;
	}
	return -ENAMETOOLONG;
}

/* Length of the string at user address va (without its NUL), or
 * -EFAULT, or -ENAMETOOLONG if it is max bytes or longer. */
int64_t user_strlen(pagetable_t pt, uint64_t va, size_t max)
{
	size_t len = 0;

	while (len < max) {
		uint64_t va0 = PGROUNDDOWN(va + len);
		uint64_t page = user_page(pt, va0, PTE_R, NULL);
		if (!page)
			return -EFAULT;
		const char *p = (const char *)page;
		for (uint64_t off = va + len - va0; off < PGSIZE && len < max; off++, len++)
			if (p[off] == 0)
				return len;
	}
	return -ENAMETOOLONG;
}

int either_copyout(uint64_t dst, const void *src, size_t len, bool user_dst)
{
	if (user_dst)
		return copyout(myproc()->pagetable, dst, src, len);
	memmove((void *)dst, src, len);
	return 0;
}

int either_copyin(void *dst, uint64_t src, size_t len, bool user_src)
{
	if (user_src)
		return copyin(myproc()->pagetable, dst, src, len);
	memmove(dst, (const void *)src, len);
	return 0;
}

/*
 * either_copyout and either_copyin for a caller holding a spinlock (a
 * pipe's, a socket's): a user page not mapped yet is not filled under the lock, since
 * filling it may read the disk, which sleeps. They say -EAGAIN instead;
 * the caller drops its lock, user_prefault()s the rest of the range and
 * tries again, once. (Faulting the whole range in before every locked
 * copy costs a page-table walk per call that nearly never finds work.)
 */
int either_copyout_locked(uint64_t dst, const void *src, size_t len, bool user_dst)
{
	bool missing = false;

	if (user_dst)
		return user_copy(myproc()->pagetable, dst, (void *)src, len, PTE_W, &missing);
	memmove((void *)dst, src, len);
	return 0;
}

int either_copyin_locked(void *dst, uint64_t src, size_t len, bool user_src)
{
	bool missing = false;

	if (user_src)
		return user_copy(myproc()->pagetable, src, dst, len, PTE_R, &missing);
	memmove(dst, (const void *)src, len);
	return 0;
}
