/*
 * Shared mappings of a file's own pages. A MAP_SHARED region of a file
 * whose type lends its pages (vnode_ops.lendpage: tmpfs, and FAT from
 * its page cache) maps the very pages the file's reads and writes use,
 * so a store through it is the file's at once and a write(2) is seen in
 * it, in every process that maps the file, as with Linux's page cache.
 * msync(MS_SYNC) has the file write such pages back (its fsync). The region holds the file open
 * (an unlinked file lives on while mapped); each mapped page holds a
 * page reference of its own (kalloc.c), so neither a truncate nor
 * munmap frees a page the other still uses.
 *
 * Pages come in at the first touch (filemap_fault), not at mmap: a page
 * at or past the file's end is SIGBUS, a hole is filled then (charged
 * to the file system, and SIGBUS if it has no room). A truncate that
 * shortens the file takes the pages past its new end out of every
 * process mapping it (filemap_shrunk), so a touch there asks the file
 * again. A forked child gets the regions but faults their pages in
 * itself (filemap_fork), as on Linux.
 */
#include "kern/kern.h"
#include "mm/mm.h"
#include "fs/file.h"
#include "fs/vfs.h"

/* Truncates that cut mappings so far (atomic): a fault that saw it
 * change while it asked the file for a page asks again. */
static uint64_t shrinks;

/* Whether region v maps its file's own pages. */
bool filemap_lends(const struct vma *v)
{
	return v->end && v->file && v->file->vn->ops->lendpage;
}

static struct vma *lending_at(struct proc *p, uint64_t va)
{
	struct vma *v = vma_at(p->mm, va);

	return v && filemap_lends(v) ? v : NULL;
}

/*
 * A fault at va in a region lending its file's pages: maps the file's
 * page there. -EFAULT if no such region allows the access (or the
 * caller holds a sleep lock, which may be the file's: such callers
 * fault the pages in first, user_prefault); -EIO (SIGBUS) past the
 * file's end or with no room for a hole's page.
 */
int filemap_fault(struct proc *p, uint64_t va, int need)
{
	struct vma *v = lending_at(p, va);
	int want = need | PTE_U;

	if (!v || (v->perm & want) != want || fs_locks_held(p))
		return -EFAULT;
	va = PGROUNDDOWN(va);
	struct vnode *vn = v->file->vn;
	for (;;) {
		uint64_t seen = __atomic_load_n(&shrinks, __ATOMIC_SEQ_CST);
		void *page;
		int err = vn->ops->lendpage(vn, v->offset + (va - v->start), v->file->writable,
					     &page);
		if (err < 0)
			return err == -ENOMEM ? -ENOMEM : -EIO;
		if (mappages(p->pagetable, va, PGSIZE, KPA(page), v->perm) < 0) {
			kfree(page);
			return -ENOMEM;
		}
		/* a truncate that ran since the file gave the page may have
		 * looked at this table before the page was in it */
		if (__atomic_load_n(&shrinks, __ATOMIC_SEQ_CST) == seen)
			return 0;
		uvm_unmap_range(p->pagetable, va, va + PGSIZE);
	}
}

/* Unmaps from p's regions of vn the pages at or past size; the page
 * holding size stays (the file zeroed its tail), as on Linux. */
static void cut_mappings(struct proc *p, struct vnode *vn, uint64_t size)
{
	for (struct vma *v = vma_first(p->mm); v; v = vma_next(v)) {
		if (!filemap_lends(v) || v->file->vn != vn)
			continue;
		uint64_t keep = size > v->offset ? PGROUNDUP(size - v->offset) : 0;
		if (keep < v->end - v->start)
			uvm_unmap_range(p->pagetable, v->start + keep, v->end);
	}
}

/*
 * vn (which lends its pages) was cut to size: every process mapping it
 * loses the pages past the end. Another process's regions are read and
 * its table changed only while it is on no hart (its TLB entries went
 * when it left one: sched.c), under its lock, which keeps p->mm from
 * being freed (exec swaps it under that lock); one that may map vn (it
 * lends some file's pages) and runs is waited for, a time slice at
 * most. The caller holds no sleep lock.
 */
void filemap_shrunk(struct vnode *vn, uint64_t size)
{
	struct proc *me = myproc();

	__atomic_add_fetch(&shrinks, 1, __ATOMIC_SEQ_CST);
	for (int pid = pid_next(1); pid; pid = pid_next(pid + 1)) {
		struct proc *p = proc_get(pid);
		if (!p)
			continue;
		for (;;) {
			acquire(&p->lock);
			bool mapped = p->mm && p->mm->nlent;
			bool off_hart = p == me || p->state != RUNNING;
			if (mapped && off_hart && p->state != UNUSED && p->state != ZOMBIE)
				cut_mappings(p, vn, size);
			release(&p->lock);
			if (!mapped || off_hart)
				break;
			yield();
		}
		proc_put(p);
	}
}

/* At fork, once the child has its parent's regions and a copy of its
 * table: the child's lent pages go, to be faulted in from the file, so
 * that none past a truncate made during the copy stays. */
void filemap_fork(struct mm *child)
{
	for (struct vma *v = vma_first(child); v; v = vma_next(v))
		if (filemap_lends(v))
			uvm_unmap_range(child->pagetable, v->start, v->end);
}
