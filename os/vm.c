/*
 * Sv39 page tables: the kernel's (RAM mapped at its own address, text
 * RX, rodata R, the rest RW: W^X) and one per process, plus the copy
 * functions that are the only way the kernel touches user memory.
 */
#include "defs.h"

extern char _text_start[], _text_end[], _rodata_end[];

static pagetable_t kernel_pagetable;

void kvmmap(pagetable_t pt, uint64_t va, uint64_t pa, uint64_t sz, int perm)
{
	if (mappages(pt, va, sz, pa, perm) != 0)
		panic("kvmmap %p", (void *)va);
}

void kvminit(void)
{
	pagetable_t pt = kzalloc();
	uint64_t text = (uint64_t)_text_start, etext = (uint64_t)_text_end;
	uint64_t erodata = (uint64_t)_rodata_end;
	uint64_t ram_end = bootinfo.mem_base + bootinfo.mem_size;

	kvmmap(pt, VIRT_TEST, VIRT_TEST, PGSIZE, PTE_R | PTE_W);
	kvmmap(pt, bootinfo.uart, bootinfo.uart, PGSIZE, PTE_R | PTE_W);
	for (int i = 0; i < bootinfo.nvirtio; i++)
		kvmmap(pt, bootinfo.virtio[i].base, bootinfo.virtio[i].base,
		       PGSIZE, PTE_R | PTE_W);
	if (bootinfo.rtc)
		kvmmap(pt, bootinfo.rtc, bootinfo.rtc, PGSIZE, PTE_R | PTE_W);
	kvmmap(pt, bootinfo.plic, bootinfo.plic, PLIC_SIZE, PTE_R | PTE_W);
	kvmmap(pt, text, text, etext - text, PTE_R | PTE_X);
	kvmmap(pt, etext, etext, erodata - etext, PTE_R);
	kvmmap(pt, erodata, erodata, ram_end - erodata, PTE_R | PTE_W);
	kvmmap(pt, TRAMPOLINE, (uint64_t)trampoline, PGSIZE, PTE_R | PTE_X);
	/* kernel stacks, each with an unmapped guard page below it */
	for (int i = 0; i < NPROC; i++) {
		for (int k = 0; k < KSTACK_PAGES; k++) {
			void *pa = kalloc();
			if (!pa)
				panic("kvminit: kernel stacks");
			kvmmap(pt, KSTACK(i) + k * PGSIZE, (uint64_t)pa, PGSIZE,
			       PTE_R | PTE_W);
		}
	}
	kernel_pagetable = pt;
}

void kvminithart(void)
{
	sfence_vma();
	csr_write(satp, MAKE_SATP(kernel_pagetable));
	sfence_vma();
}

/* The PTE for va, creating intermediate tables if alloc. */
pte_t *walk(pagetable_t pt, uint64_t va, bool alloc)
{
	if (va >= MAXVA)
		return NULL;
	for (int level = 2; level > 0; level--) {
		pte_t *pte = &pt[PX(level, va)];
		if (*pte & PTE_V) {
			pt = (pagetable_t)PTE2PA(*pte);
		} else {
			if (!alloc || (pt = kzalloc()) == NULL)
				return NULL;
			*pte = PA2PTE(pt) | PTE_V;
		}
	}
	return &pt[PX(0, va)];
}

/* Physical address of a user page, or 0 if va is not user-mapped. */
uint64_t walkaddr(pagetable_t pt, uint64_t va)
{
	pte_t *pte = walk(pt, va, false);

	if (!pte || (*pte & (PTE_V | PTE_U)) != (PTE_V | PTE_U))
		return 0;
	return PTE2PA(*pte);
}

int mappages(pagetable_t pt, uint64_t va, uint64_t size, uint64_t pa, int perm)
{
	uint64_t a = PGROUNDDOWN(va), last = PGROUNDDOWN(va + size - 1);

	for (;; a += PGSIZE, pa += PGSIZE) {
		pte_t *pte = walk(pt, a, true);
		if (!pte)
			return -ENOMEM;
		if (*pte & PTE_V)
			panic("mappages: remap %p", (void *)a);
		*pte = PA2PTE(pa) | perm | PTE_V | PTE_A | PTE_D;
		if (a == last)
			return 0;
	}
}

pagetable_t uvmcreate(void) { return kzalloc(); }

/* Maps fresh zeroed pages over [start, end); on failure the caller
 * frees the whole page table, which takes these pages with it. */
int uvm_map_zeroed(pagetable_t pt, uint64_t start, uint64_t end, int perm)
{
	for (uint64_t a = PGROUNDDOWN(start); a < end; a += PGSIZE) {
		void *pa = kzalloc();
		if (!pa)
			return -ENOMEM;
		if (mappages(pt, a, PGSIZE, (uint64_t)pa, perm | PTE_U) != 0) {
			kfree(pa);
			return -ENOMEM;
		}
	}
	return 0;
}

/* Removes npages of mappings starting at va; each must exist. */
void uvmunmap(pagetable_t pt, uint64_t va, uint64_t npages, bool free)
{
	for (uint64_t a = va; a < va + npages * PGSIZE; a += PGSIZE) {
		pte_t *pte = walk(pt, a, false);
		if (!pte || !(*pte & PTE_V))
			panic("uvmunmap: not mapped %p", (void *)a);
		if (free)
			kfree((void *)PTE2PA(*pte));
		*pte = 0;
	}
}

/* Frees every user page (PTE_U leaves) and every table page. */
static void freewalk(pagetable_t pt, int level)
{
	for (int i = 0; i < 512; i++) {
		pte_t pte = pt[i];
		if (!(pte & PTE_V))
			continue;
		if (level > 0 && !(pte & (PTE_R | PTE_W | PTE_X)))
			freewalk((pagetable_t)PTE2PA(pte), level - 1);
		else if (pte & PTE_U)
			kfree((void *)PTE2PA(pte));
	}
	kfree(pt);
}

void uvmfree(pagetable_t pt) { freewalk(pt, 2); }

/* Copies every user page of old into new (fork). */
static int copywalk(pagetable_t old, pagetable_t new, int level, uint64_t base)
{
	for (int i = 0; i < 512; i++) {
		pte_t pte = old[i];
		uint64_t va = base | ((uint64_t)i << PXSHIFT(level));
		if (!(pte & PTE_V))
			continue;
		if (level > 0 && !(pte & (PTE_R | PTE_W | PTE_X))) {
			if (copywalk((pagetable_t)PTE2PA(pte), new, level - 1, va) < 0)
				return -ENOMEM;
			continue;
		}
		if (!(pte & PTE_U))
			continue;
		void *pa = kalloc();
		if (!pa)
			return -ENOMEM;
		memcpy(pa, (void *)PTE2PA(pte), PGSIZE);
		if (mappages(new, va, PGSIZE, (uint64_t)pa, PTE_FLAGS(pte) & ~PTE_V) < 0) {
			kfree(pa);
			return -ENOMEM;
		}
	}
	return 0;
}

int uvmcopy(pagetable_t old, pagetable_t new) { return copywalk(old, new, 2, 0); }

/* User page at va mapped with (at least) the given permission, or 0. */
static uint64_t user_page(pagetable_t pt, uint64_t va, int need)
{
	if (va >= MAXVA)
		return 0;
	pte_t *pte = walk(pt, va, false);
	if (!pte || (*pte & (PTE_V | PTE_U | need)) != (uint64_t)(PTE_V | PTE_U | need))
		return 0;
	return PTE2PA(*pte);
}

int copyout(pagetable_t pt, uint64_t dstva, const void *src, size_t len)
{
	while (len > 0) {
		uint64_t va0 = PGROUNDDOWN(dstva);
		uint64_t pa0 = user_page(pt, va0, PTE_W);
		if (!pa0)
			return -EFAULT;
		size_t n = MIN(PGSIZE - (dstva - va0), len);
		memmove((void *)(pa0 + (dstva - va0)), src, n);
		len -= n;
		src = (const char *)src + n;
		dstva += n;
	}
	return 0;
}

int copyin(pagetable_t pt, void *dst, uint64_t srcva, size_t len)
{
	while (len > 0) {
		uint64_t va0 = PGROUNDDOWN(srcva);
		uint64_t pa0 = user_page(pt, va0, PTE_R);
		if (!pa0)
			return -EFAULT;
		size_t n = MIN(PGSIZE - (srcva - va0), len);
		memmove(dst, (void *)(pa0 + (srcva - va0)), n);
		len -= n;
		dst = (char *)dst + n;
		srcva += n;
	}
	return 0;
}

/* Copies a NUL-terminated string; -EFAULT, or -ENAMETOOLONG past max. */
int copyinstr(pagetable_t pt, char *dst, uint64_t srcva, size_t max)
{
	size_t got = 0;

	while (got < max) {
		uint64_t va0 = PGROUNDDOWN(srcva);
		uint64_t pa0 = user_page(pt, va0, PTE_R);
		if (!pa0)
			return -EFAULT;
		const char *p = (const char *)(pa0 + (srcva - va0));
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
		uint64_t pa0 = user_page(pt, va0, PTE_R);
		if (!pa0)
			return -EFAULT;
		const char *p = (const char *)pa0;
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
