/*
 * Address spaces (struct mm, mm.h): made empty for exec, duplicated for
 * fork, freed when their last holder lets go. A process reaches its
 * space through p->mm; the pages in it are reference counted
 * (kalloc.c), so fork's copy shares them (fault.c, fork_memory).
 */
#include "kern/kern.h"
#include "mm/mm.h"

/* An address space whose layout, regions and image record are for the
 * caller to fill in (fork copies them: no page to zero first). */
static struct mm *mm_alloc(void)
{
	struct mm *mm = kalloc();

	_Static_assert(sizeof(struct mm) <= PGSIZE, "an mm fits a page");
	if (!mm)
		return NULL;
	if (!(mm->pagetable = uvmcreate())) {
		kfree(mm);
		return NULL;
	}
	mm->ref = mm->users = 1;
	initsleeplock(&mm->lock, "mm", SLEEP_MM);
	return mm;
}

/* An empty address space: no regions, a page table holding only the
 * kernel's half. NULL if there is no memory. */
struct mm *mm_create(void)
{
	struct mm *mm = mm_alloc();

	if (mm) {
		mm->heap_start = mm->brk = mm->stack_low = mm->stack_top = mm->mmap_top = 0;
		mm->stack_exec = false;
		mm->vmas = mm->vma_hint = NULL;
		mm->nvma = mm->nlent = mm->nlazy = 0;
		mm->lock_future = false;
		mm->membarrier = 0;
		memset(&mm->image, 0, sizeof(mm->image));
	}
	return mm;
}

/*
 * Fork's duplicate of old: the same layout and pages (fork_memory). img
 * is the child's record of the program image, which the caller made
 * (image_fork opens files: exec's room); the regions are copied, their
 * files and names held by the caller (vma_fork) once the child exists.
 * NULL if there is no memory.
 */
struct mm *mm_fork(struct mm *old, const struct image *img)
{
	struct mm *mm = mm_alloc();
	int lazy_heap;

	if (!mm)
		return NULL;
	if (vma_table_copy(old, mm) < 0 || (lazy_heap = fork_memory(old, mm)) < 0) {
		mm_put(mm);
		return NULL;
	}
	mm->heap_start = old->heap_start;
	mm->brk = old->brk;
	mm->stack_low = old->stack_low;
	mm->stack_top = old->stack_top;
	mm->mmap_top = old->mmap_top;
	mm->stack_exec = old->stack_exec;
	mm->lock_future = false;	/* locks are not inherited (mlockall(2)) */
	mm->membarrier = old->membarrier;
	mm->image = *img;
	mm->image.lazy_heap = lazy_heap;
	return mm;
}

/*
 * One holder lets go of mm; the last frees its page table and pages. Its
 * regions and image must be released already (exit and exec do it: they
 * write shared pages back and close files, which may sleep). No hart may
 * be using the page table.
 */
void mm_put(struct mm *mm)
{
	if (__atomic_sub_fetch(&mm->ref, 1, __ATOMIC_ACQ_REL) > 0)
		return;
	vma_table_free(mm);
	uvmfree(mm->pagetable);
	kfree(mm);
}

/* A second holder (a thread, a vfork child, a child of clone(CLONE_VM))
 * that runs in mm as its first does. */
void mm_share(struct mm *mm)
{
	__atomic_add_fetch(&mm->ref, 1, __ATOMIC_RELAXED);
	__atomic_add_fetch(&mm->users, 1, __ATOMIC_RELAXED);
}

/*
 * A holder stops running in mm (exit, or exec to a new one); it keeps
 * its reference until mm_put. True for the last user, who must then
 * release the regions and the image (vma_release_all, image_release):
 * no one runs in them any more.
 */
bool mm_leave(struct mm *mm)
{
	return __atomic_sub_fetch(&mm->users, 1, __ATOMIC_ACQ_REL) == 0;
}

/* Takes p's mm's lock if another thread shares the mm now; whether it
 * did, for mm_unlock. A process alone needs none: nothing else can
 * reach its mm while it runs (procfs looks at it only while it is off
 * every hart, under p->lock). */
bool mm_lock(struct proc *p)
{
	if (!group_shared(p))
		return false;
	acquiresleep(&p->mm->lock);
	return true;
}

void mm_unlock(struct proc *p, bool locked)
{
	if (locked)
		releasesleep(&p->mm->lock);
}

/*
 * /proc/sys/kernel/randomize_va_space, Linux's (its mm/memory.c): 0
 * places every exec's regions where the fixed layout says, 1 moves all
 * but the brk start, 2 (and any other value but 0, as Linux's) all
 * (exec/layout.c). Until one is written it is 2, or 0 if booted with
 * norandmaps, as Linux's.
 */
static struct {
	int level;
	bool written;		/* level holds what was written last */
	int boot;		/* the default, once the command line is read; -1 before */
} va_rnd = { .boot = -1 };

int va_randomize(void)
{
	char val[4];

	if (__atomic_load_n(&va_rnd.written, __ATOMIC_ACQUIRE))
		return __atomic_load_n(&va_rnd.level, __ATOMIC_RELAXED);
	if (va_rnd.boot < 0)	/* a race only stores the same value twice */
		va_rnd.boot = bootarg("norandmaps", val, sizeof(val)) ? 0 : 2;
	return va_rnd.boot;
}

void va_randomize_set(int level)
{
	__atomic_store_n(&va_rnd.level, level, __ATOMIC_RELAXED);
	__atomic_store_n(&va_rnd.written, true, __ATOMIC_RELEASE);
}
