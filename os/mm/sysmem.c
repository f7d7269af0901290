/*
 * A process's memory calls: brk, mmap, munmap, mprotect, msync.
 *
 * Mappings are made eagerly (every page allocated and filled at mmap
 * time), but for an anonymous private one made PROT_NONE: glibc reserves
 * a thread's stack (8 MiB) or a malloc arena (64 MiB) so, and opens the
 * part it uses with mprotect, so such a region is lazy, its pages made
 * at the first touch it allows (fault.c). Each mmap'd range is kept as a
 * region (struct vma, in the mm's table: vma.c) so that brk and later
 * mmaps stay clear of it. MAP_PRIVATE file mappings are
 * copies of the file. MAP_SHARED ones of a file that lends its pages
 * (tmpfs, FAT) map the file's own pages as they are touched
 * (filemap.c), which msync(MS_SYNC) has the file write back (fsync);
 * those of other files (procfs) are copies written back to the file on
 * msync, munmap, exec and exit. After a fork, parent and child share
 * every page, reference counted: those of MAP_SHARED regions
 * (PTE_SHARED) for good, the rest until one of them writes the page
 * (PTE_COW: fault.c copies it). PROT_NONE pages are mapped without PTE_U,
 * so the process cannot touch them but mprotect can open them again.
 */
#include "kern/kern.h"
#include "mm/mm.h"
#include "fs/fs.h"
#include "fs/file.h"
#include "fs/vfs.h"
#include "uapi/linux/mman.h"

/* mmap places regions downwards from the mm's mmap_top (exec/layout.c),
 * and MAP_FIXED may go up to the stack's guard page, clear of the
 * stack's room (a 32-bit process's are below 2 GiB). */
#define MMAP_CEIL(p) USER_CEIL((p)->mm->stack_top)

int prot_perm(int prot)
{
	int perm = 0;

	if (prot & PROT_READ)
		perm |= PTE_R | PTE_U;
	if (prot & PROT_WRITE)
		perm |= PTE_R | PTE_W | PTE_U;
	if (prot & PROT_EXEC)
		perm |= PTE_X | PTE_U;
	return perm ? perm : (int)PTE_R;	/* PROT_NONE: mapped, but not for the user */
}

/* The lowest address brk may not reach: the lowest region above the heap. */
uint64_t brk_limit(struct proc *p)
{
	uint64_t top = p->mm->stack_top;
	uint64_t limit = MIN(USER_CEIL(top), pager_lowest(p, p->mm->heap_start, top));
	struct vma *v = vma_find(p->mm, p->mm->heap_start);

	while (v && v->start < p->mm->heap_start)
		v = vma_next(v);
	return v ? MIN(limit, v->start) : limit;
}

/* Writes the mapped pages of shared region v within [start, end) back
 * to its file, unless they are the file's own. */
static void writeback(struct proc *p, struct vma *v, uint64_t start, uint64_t end)
{
	if (!v->file || filemap_lends(v))
		return;
	struct vnode *vn = v->file->vn;
	uint64_t size = file_size(v->file);
	for (uint64_t a = MAX(start, v->start); a < MIN(end, v->end); a += PGSIZE) {
		uint64_t pa = walkaddr_any(p->pagetable, a), off = v->offset + (a - v->start);
		struct uio u = { (uint64_t)KVA(pa), MIN(PGSIZE, size - off), false };
		if (pa && off < size)
			vn->ops->write(vn, NULL, off, &u);
	}
}

_Static_assert(sizeof(struct mapname) == PGSIZE, "a mapname is a page");

struct mapname *mapname_new(const char *path, uint64_t dev, uint64_t ino)
{
	struct mapname *n = kalloc();
	size_t len = strlen(path);

	if (!n)
		return NULL;
	n->path = n->short_path;
	if (len >= sizeof(n->short_path) && !(n->path = kalloc())) {
		kfree(n);
		return NULL;
	}
	n->ref = 1;
	n->dev = dev;
	n->ino = ino;
	strlcpy(n->path, path, PGSIZE);
	return n;
}

void mapname_hold(struct mapname *n)
{
	if (n)
		__atomic_fetch_add(&n->ref, 1, __ATOMIC_RELAXED);
}

void mapname_put(struct mapname *n)
{
	if (!n || __atomic_sub_fetch(&n->ref, 1, __ATOMIC_ACQ_REL) != 0)
		return;
	if (n->path != n->short_path)
		kfree(n->path);
	kfree(n);
}

void vma_hold(struct vma *v)
{
	if (v->file)
		filedup(v->file);
	if (v->maywrite)	/* v's original is counted: no seal can deny this one */
		vn_map_writable(v->file->vn);
	if (v->src)
		filedup(v->src);
	mapname_hold(v->name);
}

void vma_drop(struct vma *v)
{
	if (v->maywrite)
		vn_unmap_writable(v->file->vn);
	if (v->file)
		fileclose(v->file);
	if (v->src)
		fileclose(v->src);
	mapname_put(v->name);
}

int vma_split(struct mm *mm, struct vma *v, uint64_t at)
{
	struct vma tail = *v;

	tail.start = at;
	tail.offset += at - v->start;
	v->end = at;	/* first, so that the tail goes after it */
	if (!vma_insert(mm, &tail)) {
		v->end = tail.end;
		return -ENOMEM;
	}
	vma_hold(&tail);
	return 0;
}

bool on_touch(const struct vma *v)
{
	return v->lazy || filemap_lends(v);
}

/* Splits the region holding at in two there, if its pages come at the
 * first touch: those not yet mapped take its perm then, so a change to
 * part of it needs a region of its own. */
static int split_on_touch(struct proc *p, uint64_t at)
{
	struct vma *v = vma_at(p->mm, at);

	if (!v || v->start == at || !on_touch(v))
		return 0;
	return vma_split(p->mm, v, at);
}

int vma_cut(struct proc *p, uint64_t start, uint64_t end)
{
	struct vma *v;

	while ((v = vma_find(p->mm, start)) && v->start < end) {
		writeback(p, v, start, end);
		if (v->start < start && v->end > end) {	/* a hole in the middle */
			if (vma_split(p->mm, v, end) < 0)
				return -ENOMEM;
			vma_find(p->mm, start)->end = start;
			return 0;
		} else if (v->start < start) {
			v->end = start;
		} else if (v->end > end) {
			v->offset += end - v->start;
			v->start = end;
		} else {
			struct vma gone = *v;
			vma_remove(p->mm, v);
			vma_drop(&gone);
		}
	}
	return 0;
}

static void release_one(struct vma *v, void *proc)
{
	writeback(proc, v, 0, MAXVA);
	vma_drop(v);
}

/* At exec and exit: every shared page back to its file, every region gone. */
void vma_release_all(struct proc *p)
{
	vma_clear(p->mm, release_one, p);
}

/* At fork: the child's copies of the regions (mm_fork's) hold their
 * files and names too (see the note at the top), unlocked, as Linux's;
 * those madvise(MADV_DONTFORK) marked are not the child's at all. */
void vma_fork(struct mm *child)
{
	struct vma *v = vma_first(child);

	while (v) {
		if (v->dontfork) {
			uint64_t start = v->start, end = v->end;
			vma_remove(child, v);
			uvm_unmap_range(child->pagetable, start, end);
			v = vma_find(child, start);
			continue;
		}
		v->locked = false;
		vma_hold(v);
		v = vma_next(v);
	}
	filemap_fork(child);
}

/* The highest start of len bytes within [lo, hi) clear of the program
 * image; 0 if none. */
static uint64_t fit(struct proc *p, uint64_t lo, uint64_t hi, uint64_t len)
{
	while (hi >= lo + len) {
		uint64_t start = hi - len, taken = pager_lowest(p, start, hi);
		if (taken == UINT64_MAX)
			return start;
		hi = taken;
	}
	return 0;
}

/* One pass up the regions, trying each gap between them. */
uint64_t find_space(struct proc *p, uint64_t len)
{
	uint64_t lo = PGROUNDUP(p->mm->brk) + 64 * PGSIZE;	/* room for brk to grow */
	uint64_t top = p->mm->mmap_top, best = 0;

	for (struct vma *v = vma_find(p->mm, lo);; v = vma_next(v)) {
		uint64_t start = fit(p, lo, v ? MIN(v->start, top) : top, len);
		if (start)
			best = start;
		if (!v || v->end >= top)
			return best;
		lo = MAX(lo, v->end);
	}
}

int populate(struct proc *p, uint64_t start, uint64_t len, int perm,
		    struct file *f, uint64_t offset)
{
	for (uint64_t a = start; a < start + len; a += PGSIZE) {
		void *page = kzalloc();
		if (!page || mappages(p->pagetable, a, PGSIZE, KPA(page), perm) < 0) {
			kfree(page);
			uvm_unmap_range(p->pagetable, start, a);
			return -ENOMEM;
		}
		if (f) {	/* bytes past the end of the file stay zero */
			struct uio u = { (uint64_t)page, PGSIZE, false };
			long got = f->vn->ops->read(f->vn, NULL, offset + (a - start), &u);
			if (got < 0) {
				uvm_unmap_range(p->pagetable, start, a + PGSIZE);
				return got;
			}
		}
	}
	return 0;
}

static uint64_t mmap_locked(void)
{
	uint64_t addr = argraw(0), len = argraw(1), off = argraw(5);
	int prot = argraw(2), flags = argraw(3), fd = argraw(4);
	int type = flags & MAP_TYPE;
	struct proc *p = myproc();
	struct file *f = NULL;

	if (len == 0 || off % PGSIZE || len > MMAP_CEIL(p) ||
	    (type != MAP_PRIVATE && type != MAP_SHARED && type != MAP_SHARED_VALIDATE))
		return -EINVAL;
	len = PGROUNDUP(len);
	if (p->mm->nvma >= VMA_MAX)
		return -ENOMEM;	/* Linux's vm.max_map_count, before MAP_FIXED unmaps */
	if (!(flags & MAP_ANONYMOUS)) {
		if (fd_file(fd, &f) < 0)
			return -EBADF;
		if (f->type != FD_VNODE || f->vn->type != S_IFREG || !f->vn->ops->read ||
		    !f->vn->ops->write)
			return -ENODEV;	/* Linux's for a file with no mmap: a pipe, a socket */
		if (!f->readable || (type != MAP_PRIVATE && (prot & PROT_WRITE) && !f->writable))
			return -EACCES;
		if (type != MAP_PRIVATE && (prot & PROT_WRITE) &&
		    (f->vn->seals & (F_SEAL_WRITE | F_SEAL_FUTURE_WRITE)))
			return -EPERM;	/* a sealed memfd (fs/memfd.c) */
	}
	if (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) {
		if (addr % PGSIZE || addr < USER_MIN || addr + len > MMAP_CEIL(p) || addr + len < addr)
			return -EINVAL;
		if (flags & MAP_FIXED_NOREPLACE)
			for (uint64_t a = addr; a < addr + len; a += PGSIZE)
				if (walkaddr_any(p->pagetable, a))
					return -EEXIST;
		if (user_settle(p, addr, addr + len) < 0 ||
		    uvm_own(p->pagetable, addr, addr + len) < 0 || vma_cut(p, addr, addr + len) < 0)
			return -ENOMEM;
		uvm_unmap_range(p->pagetable, addr, addr + len);
	} else if (!(addr = find_space(p, len))) {
		return -ENOMEM;
	}
	struct mapname *name = NULL;
	if (f) {
		uint64_t dev, ino;
		vn_ident(f->vn, &dev, &ino);
		if (!(name = mapname_new(f->path, dev, ino)))
			return -ENOMEM;
	}
	bool shared = type != MAP_PRIVATE;
	/* as Linux's: a write seal leaves read-only shared mappings that
	 * mprotect cannot make writable */
	bool maywrite = f && shared && f->writable &&
			!(f->vn->seals & (F_SEAL_WRITE | F_SEAL_FUTURE_WRITE));
	if (maywrite && vn_map_writable(f->vn) < 0) {
		mapname_put(name);
		return -EPERM;	/* F_SEAL_WRITE came after the check above */
	}
	bool lazy = !f && !shared && (prot & (PROT_READ | PROT_WRITE | PROT_EXEC)) == 0;
	int perm = prot_perm(prot) | (shared ? PTE_SHARED : 0);
	/* a file lending its pages has them mapped at the first touch */
	bool lent = f && shared && f->vn->ops->lendpage;
	int err = lent || lazy ? 0 : populate(p, addr, len, perm, f, off);
	struct vma region = { .start = addr, .end = addr + len, .offset = off, .name = name,
			      .perm = perm, .file = f && shared ? f : NULL, .maywrite = maywrite,
			      .src = f && !shared ? f : NULL, .lazy = lazy,
			      .locked = p->mm->lock_future };
	if (err == 0 && !vma_insert(p->mm, &region)) {
		uvm_unmap_range(p->pagetable, addr, addr + len);
		err = -ENOMEM;
	}
	if (err < 0) {
		if (maywrite)
			vn_unmap_writable(f->vn);
		mapname_put(name);
		return err;
	}
	if (f)
		filedup(f);	/* the region's file or src */
	return addr;
}

static uint64_t munmap_locked(void)
{
	uint64_t addr = argraw(0), len = PGROUNDUP(argraw(1));

	if (len == 0)
		return -EINVAL;
	return do_munmap(myproc(), addr, len);
}

/* Unmaps [addr, addr + len): 0, or -EINVAL for a range that is not
 * whole pages of the user's half (checked here, as Linux's do_munmap
 * does, for mremap's callers too: a tail past the top would reach the
 * kernel's entries of the page table), or -ENOMEM. */
int do_munmap(struct proc *p, uint64_t addr, uint64_t len)
{
	if (addr % PGSIZE || len % PGSIZE || addr > MAXVA || len > MAXVA - addr)
		return -EINVAL;
	int err = user_settle(p, addr, addr + len);
	if (err == 0)
		err = uvm_own(p->pagetable, addr, addr + len);
	if (err == 0)
		err = vma_cut(p, addr, addr + len);
	if (err < 0)
		return err;
	uvm_unmap_range(p->pagetable, addr, addr + len);
	if (addr < p->mm->stack_low + PGSIZE && addr + len > p->mm->stack_low)
		p->mm->stack_low = MIN(addr + len, p->mm->stack_top);	/* it may grow back */
	return 0;
}

/* A shared read-only page (a text-cache page, or one fork shared) about
 * to be made writable: this process gets its own copy, so that its
 * writes reach no other process and not the cache. */
static int own_copy(pte_t *pte, struct freelist *fl)
{
	void *copy = kalloc();

	if (!copy)
		return -ENOMEM;
	memcpy(copy, (void *)KVA(PTE2PA(*pte)), PGSIZE);
	kfree_defer(fl, (void *)KVA(PTE2PA(*pte)));	/* once no TLB maps it */
	*pte = PA2PTE(KPA(copy)) | (PTE_FLAGS(*pte) & ~PTE_CACHED);
	return 0;
}

static uint64_t mprotect_locked(void)
{
	uint64_t addr = argraw(0), len = PGROUNDUP(argraw(1));
	int prot = argraw(2);
	struct proc *p = myproc();

	if (addr % PGSIZE || addr + len > MAXVA || addr + len < addr ||
	    (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC)))
		return -EINVAL;
	if (user_settle(p, addr, addr + len) < 0 || uvm_own(p->pagetable, addr, addr + len) < 0)
		return -ENOMEM;
	for (uint64_t a = addr; a < addr + len; a += PGSIZE) {
		uint64_t pa = walkaddr_any(p->pagetable, a);
		struct vma *v = vma_at(p->mm, a);
		if (!pa && !(v && on_touch(v)))
			return -ENOMEM;	/* Linux: part of the range is not mapped */
		if ((prot & PROT_WRITE) && pa && vdso_is_data(pa))
			return -EACCES;	/* every process reads that page */
		if ((prot & PROT_WRITE) && v && v->file && !v->maywrite)
			return -EACCES;	/* a shared mapping of a read-only open or a sealed memfd */
	}
	if (split_on_touch(p, addr) < 0 || split_on_touch(p, addr + len) < 0)
		return -ENOMEM;
	struct freelist fl = { NULL, NULL, 0 };
	int err = 0;
	for (uint64_t a = addr; a < addr + len; a += PGSIZE) {
		pte_t *pte = walk_mapped(p->pagetable, a);	/* its own table: uvm_own */
		if (!pte)
			continue;	/* a page not touched yet */
		if ((prot & PROT_WRITE) && pte_is(*pte, PTE_CACHED) && (err = own_copy(pte, &fl)) < 0)
			break;
		*pte = (*pte & ~(uint64_t)(PTE_R | PTE_W | PTE_X | PTE_U)) | prot_perm(prot);
		if (pte_is(*pte, PTE_COW))	/* still shared: a store copies it */
			*pte = (*pte & ~(PTE_W | PTE_RSW)) | (prot & PROT_WRITE ? PTE_COW : PTE_CACHED);
	}
	for (struct vma *v = vma_find(p->mm, addr); v && v->start < addr + len && !err;
	     v = vma_next(v))
		if (v->start >= addr && v->end <= addr + len)
			v->perm = (v->perm & PTE_SHARED) | prot_perm(prot);
	sfence_vma();
	tlb_shootdown(p->pagetable);	/* fewer permissions, pages replaced: on every hart */
	kfree_flush(&fl);
	return err;
}

static uint64_t msync_locked(void)
{
	uint64_t addr = argraw(0), len = PGROUNDUP(argraw(1));
	int flags = argraw(2);
	struct proc *p = myproc();

	if (addr % PGSIZE || (flags & ~(MS_ASYNC | MS_INVALIDATE | MS_SYNC)) ||
	    ((flags & MS_ASYNC) && (flags & MS_SYNC)))
		return -EINVAL;
	for (struct vma *v = vma_find(p->mm, addr); v && v->start < addr + len; v = vma_next(v)) {
		struct vnode *vn = filemap_lends(v) ? v->file->vn : NULL;
		int err = vn && (flags & MS_SYNC) && vn->ops->fsync ? vn->ops->fsync(vn) : 0;
		if (err < 0)
			return err;	/* Linux's vfs_fsync_range: EIO, ENOSPC */
		writeback(p, v, addr, addr + len);
	}
	return 0;
}

/* brk(2): returns the new break, or the old one when it cannot move. */
static uint64_t brk_locked(void)
{
	struct proc *p = myproc();
	uint64_t want = argraw(0), old = p->mm->brk;

	if (want < p->mm->heap_start || want > brk_limit(p))
		return old;
	uint64_t old_top = PGROUNDUP(old), new_top = PGROUNDUP(want);
	if (new_top > old_top && p->mm->image.lazy_heap) {
		/* mapped on first touch (user_fault) */
	} else if (new_top > old_top) {
		if (uvm_map_zeroed(p->pagetable, old_top, new_top, PTE_R | PTE_W) < 0) {
			uvm_unmap_range(p->pagetable, old_top, new_top);
			return old;
		}
		p->lstat.zero_pages += (new_top - old_top) / PGSIZE;
	} else if (new_top < old_top) {
		if (uvm_own(p->pagetable, new_top, old_top) < 0)
			return old;
		uvm_unmap_range(p->pagetable, new_top, old_top);
	}
	p->mm->brk = want;
	return want;
}

uint64_t under_mm_lock(uint64_t (*call)(void))
{
	struct proc *p = myproc();
	bool locked = mm_lock(p);
	uint64_t r = call();

	mm_unlock(p, locked);
	return r;
}

uint64_t sys_mmap(void) { return under_mm_lock(mmap_locked); }
uint64_t sys_munmap(void) { return under_mm_lock(munmap_locked); }
uint64_t sys_mprotect(void) { return under_mm_lock(mprotect_locked); }
uint64_t sys_msync(void) { return under_mm_lock(msync_locked); }
uint64_t sys_brk(void) { return under_mm_lock(brk_locked); }
