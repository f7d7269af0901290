/*
 * Memory: physical pages (kalloc.c), Sv39 page tables and the only way
 * into user memory (vm.c), user page faults (fault.c), mmap and brk
 * (sysmem.c), shared mappings of a file's own pages (filemap.c), the
 * vDSO's pages (vdso.c).
 */
#ifndef MM_MM_H
#define MM_MM_H
#include "kern/kern.h"

/*
 * An address space: the page table and what the kernel knows of the
 * user half it maps. A process points to one (p->mm); fork makes a
 * copy-on-write duplicate (mm.c); the threads of a group share one, and
 * a vfork child or a child of clone(CLONE_VM) shares its parent's
 * (mm_share). ref counts its holders, users those of them still running
 * in it (not exited, not gone to a new program by exec): the last user
 * releases the regions and the image, the last holder the page table.
 * lock (mm_lock) guards the regions and the page table's changes while
 * more than one thread of a group lives (docs/mm.md); a process alone
 * takes none (a vfork parent sleeps while its child runs).
 */
struct mm {
	int ref;		/* holders (atomic) */
	int users;		/* holders running in it (atomic) */
	struct sleeplock lock;	/* its regions and page table, for a second holder */
	pagetable_t pagetable;	/* fixed for the mm's life (holders copy it: p->pagetable) */
	uint64_t heap_start;	/* where brk started: above the image's end (exec/layout.c) */
	uint64_t brk;		/* current program break */
	uint64_t stack_low;	/* lowest mapped stack address */
	uint64_t stack_top;	/* the stack's top, and mmap's (exec/layout.c) */
	uint64_t mmap_top;
	bool stack_exec;	/* PT_GNU_STACK asked for an executable stack */
	struct vma_chunk *vmas;	/* regions made by mmap (sysmem.c), in address order (vma.c) */
	struct vma_chunk *vma_hint;	/* the chunk the last lookup found, or NULL */
	int nvma;		/* how many */
	int nlent;		/* how many lend their file's pages (filemap.c) */
	int nlazy;		/* how many are lazy (their pages made at the first touch) */
	bool lock_future;	/* mlockall(MCL_FUTURE): new regions are locked */
	int membarrier;		/* membarrier(2) registrations (MEMBARRIER_CMD_REGISTER_*) */
	struct image image;	/* the running program's segments (exec/image.c) */
};

/* Whether pte's software bits are kind's: 0 (a private page),
 * PTE_SHARED, PTE_CACHED or PTE_COW (riscv.h). */
static inline bool pte_is(pte_t pte, uint64_t kind) { return (pte & PTE_RSW) == kind; }

/* The access the program has to the page: a copy-on-write one is
 * writable, though its PTE_W is clear. */
static inline pte_t pte_prot(pte_t pte) { return pte_is(pte, PTE_COW) ? pte | PTE_W : pte; }

/* mm.c */
/* randomize_va_space: 0 none, 1 all but brk, else all (exec/layout.c) */
int va_randomize(void);
void va_randomize_set(int level);
struct mm *mm_create(void);
struct mm *mm_fork(struct mm *old, const struct image *img);
void mm_put(struct mm *mm);
void mm_share(struct mm *mm);
bool mm_leave(struct mm *mm);
static inline bool mm_shared(struct mm *mm) { return __atomic_load_n(&mm->users, __ATOMIC_ACQUIRE) > 1; }
bool mm_lock(struct proc *p);
/* Whether p holds a sleep lock past the mm's (the file system's, whose
 * files a fault may need to read): a fault then fills no page from a
 * file. The mm's own is taken around every fault while threads share. */
static inline bool fs_locks_held(struct proc *p)
{
	return p->sleeplocks & ~(1u << SLEEP_MM);
}
void mm_unlock(struct proc *p, bool locked);

/* vma.c: an mm's regions in address order. A pointer to one is good
 * until the next insert or remove. */
#define VMA_MAX 65530	/* regions an mm may have: Linux's vm.max_map_count */
struct vma_chunk;
struct vma *vma_first(struct mm *mm);
struct vma *vma_next(const struct vma *v);
/* The first region ending above addr, NULL if none. The mm's own
 * (it remembers where it looked): other processes walk the table. */
struct vma *vma_find(struct mm *mm, uint64_t addr);
/* The region holding va, or NULL. */
struct vma *vma_at(struct mm *mm, uint64_t va);
/* A copy of v in its place (it overlaps none); NULL if there is no
 * page for it or the mm has VMA_MAX. */
struct vma *vma_insert(struct mm *mm, const struct vma *v);
/* Takes v out (its file and name are the caller's to let go). */
void vma_remove(struct mm *mm, struct vma *v);
/* to's table becomes a copy of from's (the files and names not held
 * again); -ENOMEM, to's table empty, if there is no memory. */
int vma_table_copy(struct mm *from, struct mm *to);
void vma_table_free(struct mm *mm);
/* Empties mm's table, then calls drop for each region it held. */
void vma_clear(struct mm *mm, void (*drop)(struct vma *v, void *ctx), void *ctx);

/* tlb.c */
void tlb_live(pagetable_t pt);
void tlb_shootdown(pagetable_t pt);
void tlb_barrier(pagetable_t pt);

/* kalloc.c */
void kinit(uint64_t start, uint64_t end);
void *kalloc(void);
void *kzalloc(void);
void kfree(void *);
/* pages being freed together (kfree_defer each, then kfree_flush) */
struct freelist {
	struct run *first, *last;
	int n;
};
void kfree_defer(struct freelist *fl, void *page);
void kfree_flush(struct freelist *fl);
void kref(void *);
bool kunshare(void *page);
int page_refs(void *page);
uint64_t free_page_count(void);

/* slab.c: objects of one size (at most a page's), a page of them at a time */
struct slab;
struct slab_cache {
	struct spinlock lock;	/* LOCK_LEAF */
	struct slab *partial;	/* pages with a free slot */
	size_t size;		/* a multiple of 16 */
};
#define SLAB_CACHE(name, sz) { SPINLOCK_INIT(name, LOCK_LEAF), NULL, ((sz) + 15) & ~15UL }
void *slab_alloc(struct slab_cache *c);
void slab_free(struct slab_cache *c, void *obj);

/* vm.c */
extern pagetable_t kernel_pagetable;
void kvminit(void);
void kvminithart(void);
void vm_activate(pagetable_t pt);
void vm_activate_kernel(void);
void kvmmap(pagetable_t, uint64_t va, uint64_t pa, uint64_t sz, int perm);
pte_t *walk(pagetable_t, uint64_t va, bool alloc);
pte_t *walk_mapped(pagetable_t, uint64_t va);
int uvm_own(pagetable_t, uint64_t start, uint64_t end);
uint64_t walkaddr(pagetable_t, uint64_t va);
uint64_t walkaddr_any(pagetable_t, uint64_t va);
uint64_t uvm_next_table(pagetable_t, uint64_t va, uint64_t end);
int mappages(pagetable_t, uint64_t va, uint64_t size, uint64_t pa, int perm);
pagetable_t uvmcreate(void);
int uvm_map_zeroed(pagetable_t, uint64_t start, uint64_t end, int perm);
void uvm_unmap_range(pagetable_t, uint64_t start, uint64_t end);
int uvm_move(pagetable_t, uint64_t from, uint64_t to, uint64_t len);
int uvm_alias(pagetable_t, uint64_t from, uint64_t to, uint64_t len);
bool uvm_grow_stack(struct proc *p, uint64_t addr);
int ustack_perm(bool exec);
void uvmfree(pagetable_t);
int uvmcopy(pagetable_t old, pagetable_t new);
int copyout(pagetable_t, uint64_t dstva, const void *src, size_t len);
int copyin(pagetable_t, void *dst, uint64_t srcva, size_t len);
int copyinstr(pagetable_t, char *dst, uint64_t srcva, size_t max);
void *user_ptr(pagetable_t, uint64_t va, size_t len, bool write);
int64_t user_strlen(pagetable_t, uint64_t va, size_t max);
int either_copyout(uint64_t dst, const void *src, size_t len, bool user_dst);
int either_copyin(void *dst, uint64_t src, size_t len, bool user_src);
int either_copyout_locked(uint64_t dst, const void *src, size_t len, bool user_dst);
int either_copyin_locked(void *dst, uint64_t src, size_t len, bool user_src);

/* procslot.c: the memory of a process, its struct proc and kernel
 * stack (kern/pid.c registers it) */
struct proc *procslot_alloc(void);
void procslot_free(struct proc *p);
uint64_t procslot_spare_pages(void);
uint64_t procslot_reclaim(void);

/* sysmem.c */
uint64_t brk_limit(struct proc *p);
/* A new name (one reference) for the file at path, its st_dev and
 * st_ino; NULL if no memory. hold and put take and drop a reference
 * (NULL: nothing). */
struct mapname *mapname_new(const char *path, uint64_t dev, uint64_t ino);
void mapname_hold(struct mapname *n);
void mapname_put(struct mapname *n);
void vma_release_all(struct proc *p);
void vma_fork(struct mm *child);
/* for mremap.c and madvise.c: */
int prot_perm(int prot);
/* One more region holds v's files and name (a split, a fork). */
void vma_hold(struct vma *v);
/* A region out of the table is gone: lets go of its files and name. */
void vma_drop(struct vma *v);
/* Region v becomes two at at (inside it). Moves the table: v is stale
 * after. 0 or -ENOMEM. */
int vma_split(struct mm *mm, struct vma *v, uint64_t at);
/* Whether v's pages come at the first touch, with its perm. */
bool on_touch(const struct vma *v);
/* Drops [start, end) from the process's regions (writing shared pages
 * back first), splitting a region that straddles it. The pages stay. */
int vma_cut(struct proc *p, uint64_t start, uint64_t end);
/* A free range of len bytes for a new region, the highest there is; 0
 * if none. */
uint64_t find_space(struct proc *p, uint64_t len);
/* Maps and fills the pages of a new region (from f at offset, if f);
 * on failure unmaps them. */
int populate(struct proc *p, uint64_t start, uint64_t len, int perm, struct file *f,
	     uint64_t offset);
/* munmap(2) of [addr, addr + len): -EINVAL unless whole pages of the user half. */
int do_munmap(struct proc *p, uint64_t addr, uint64_t len);
/* call's answer, under the mm's lock while other threads share it
 * (docs/mm.md): the calls that change the regions or the page table. */
uint64_t under_mm_lock(uint64_t (*call)(void));

/* filemap.c: MAP_SHARED regions of a file's own pages */
struct vma;
struct vnode;
bool filemap_lends(const struct vma *v);
int filemap_fault(struct proc *p, uint64_t va, int need);
void filemap_shrunk(struct vnode *vn, uint64_t size);
void filemap_fork(struct mm *child);

/* textcache.c */
struct mount;
/* A page of a program file: the file (volume, first cluster), the page's
 * index in it, and the bytes [from, to) of the page that hold the file's
 * (the rest are zero). */
struct tc_key {
	const void *m;		/* the file system (struct vfs) */
	uint32_t cluster, pgoff;
	uint16_t from, to;
};
void textcache_init(void);
void *textcache_get(const struct tc_key *key);
void textcache_get_many(const struct tc_key *keys, int n, void **pages);
bool textcache_on(void);
bool textcache_has(const struct tc_key *key);
bool textcache_make_room(const void *m, uint32_t cluster);
void textcache_put(const struct tc_key *key, void *page);
void textcache_drop(const void *m, uint32_t cluster);
void textcache_drop_volume(const void *m);
uint64_t textcache_reclaim(void);
uint64_t textcache_pages(void);

/* vdso.c */
struct vdso_data;
void vdso_init(void);
struct vdso_data *vdso_data(void);
uint64_t vdso_base(void);
uint64_t vdso_sigreturn(void);
bool vdso_is_data(uint64_t pa);
int vdso_map(pagetable_t pt);

/* fault.c */
/*
 * The pages of a process that mm does not make itself: the program
 * image's (exec/image.c), which registers these at boot, so that mm
 * knows nothing of files. fault answers a fault on one of its pages as
 * user_fault does (-EFAULT: not one of them); settle maps now what
 * [start, end) reaches; lowest gives its lowest page within
 * [start, end), or UINT64_MAX (the limit for brk and mmap).
 */
struct pager {
	int (*fault)(struct proc *p, uint64_t va, int need);
	int (*settle)(struct proc *p, uint64_t start, uint64_t end);
	uint64_t (*lowest)(struct proc *p, uint64_t start, uint64_t end);
};
void mm_set_pager(const struct pager *pg);
uint64_t pager_lowest(struct proc *p, uint64_t start, uint64_t end);
int user_fault(struct proc *p, uint64_t va, int need);
void user_prefault(uint64_t va, size_t len, int need);
/* The kernel's addresses of the first pages of a user buffer a read
 * fills, found before a sleep lock (upages_get): enough for any read of
 * 64 KiB. */
#define UPAGES_MAX 17
struct upages {
	uint64_t base;		/* the user address of page[0] */
	int n;			/* how many were found */
	void *page[UPAGES_MAX];
};
size_t upages_get(struct upages *u, uint64_t uaddr, size_t len);
int user_settle(struct proc *p, uint64_t start, uint64_t end);
int fork_memory(struct mm *old, struct mm *new);
int cow_fault(struct proc *p, pagetable_t pt, pte_t *pte);
void heap_fault_child(struct proc *np, uint64_t va);
#endif
