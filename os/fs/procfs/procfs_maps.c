/*
 * procfs: /proc/PID/maps, in Linux's layout (fs/proc/task_mmu.c): one
 * line per region in address order, from the process's image record
 * (the program's and interpreter's segments, as exec loaded them), its
 * heap, the regions mmap made, the stack and the vDSO.
 */
#include "kern/kern.h"
#include "mm/mm.h"
#include "fs/procfs/procfs.h"

struct region {
	uint64_t start, end, offset;
	char perm[5];		/* "r-xp" */
	const char *name;	/* NULL: anonymous */
	uint64_t dev, ino;	/* a file's, 0 if none */
};

/* What the regions are walked for: the lowest starting above after.
 * mmap's regions are in address order: vma is the first of them not
 * printed yet (NULL: none left). */
struct cursor {
	uint64_t after;
	bool found;
	struct region best;
	const struct vma *vma;
};

static void offer(struct cursor *c, const struct region *r)
{
	if (r->end > r->start && r->start >= c->after && (!c->found || r->start < c->best.start)) {
		c->best = *r;
		c->found = true;
	}
}

static void set_perm(struct region *r, bool rd, bool wr, bool ex, bool shared)
{
	r->perm[0] = rd ? 'r' : '-';
	r->perm[1] = wr ? 'w' : '-';
	r->perm[2] = ex ? 'x' : '-';
	r->perm[3] = shared ? 's' : 'p';
	r->perm[4] = 0;
}

/* Each segment: its file's pages, then the zeroed pages past them. */
static void offer_image(struct proc *p, struct cursor *c)
{
	const struct image *img = &p->mm->image;

	for (int i = 0; i < img->nseg; i++) {
		const struct elf_load *l = &img->seg[i];
		struct region r = { .start = PGROUNDDOWN(l->vaddr) };
		set_perm(&r, l->flags & PF_R, l->flags & PF_W, l->flags & PF_X, false);
		uint64_t file_end = l->filesz ? PGROUNDUP(l->vaddr + l->filesz) : r.start;
		uint64_t end = PGROUNDUP(l->vaddr + l->memsz);
		r.end = file_end;
		r.offset = PGROUNDDOWN(l->offset);
		r.name = img->seg_file[i] == IMAGE_INTERP ? img->interp : p->exe ? p->exe->path : "";
		r.dev = img->dev[img->seg_file[i]];
		r.ino = img->ino[img->seg_file[i]];
		offer(c, &r);
		r = (struct region){ .start = file_end, .end = end };
		set_perm(&r, l->flags & PF_R, l->flags & PF_W, l->flags & PF_X, false);
		offer(c, &r);
	}
}

/* mmap's region next after c->after: the first page's PTE gives the
 * protection (no PTE_U: PROT_NONE) and whether it is shared; the
 * region's own bits where that page is not mapped yet (pages that come
 * at a touch). */
static void offer_vmas(struct proc *p, struct cursor *c)
{
	while (c->vma && c->vma->start < c->after)
		c->vma = vma_next(c->vma);
	const struct vma *v = c->vma;
	if (!v)
		return;
	pte_t *pte = walk(p->pagetable, v->start, false);
	uint64_t bits = pte && (*pte & PTE_V) ? pte_prot(*pte) : (uint64_t)v->perm;
	uint64_t f = bits & PTE_U ? bits : 0;
	struct region r = { .start = v->start, .end = v->end, .offset = v->name ? v->offset : 0 };
	set_perm(&r, f & PTE_R, f & PTE_W, f & PTE_X, pte_is(bits, PTE_SHARED));
	if (v->name) {
		r.name = v->name->path;
		r.dev = v->name->dev;
		r.ino = v->name->ino;
	}
	offer(c, &r);
}

/* The heap, the stack, and the vDSO's data page and text above it. */
static void offer_fixed(struct proc *p, struct cursor *c)
{
	struct region r = { .start = p->mm->heap_start, .end = PGROUNDUP(p->mm->brk),
			    .name = "[heap]" };

	set_perm(&r, true, true, false, false);
	offer(c, &r);
	r = (struct region){ .start = p->mm->stack_low, .end = p->mm->stack_top,
			     .name = "[stack]" };
	set_perm(&r, true, true, p->mm->stack_exec, false);
	offer(c, &r);
	if (p->is32)
		return;
	r = (struct region){ .start = VDSO_VA, .end = VDSO_VA + PGSIZE, .name = "[vvar]" };
	set_perm(&r, true, false, false, false);
	offer(c, &r);
	uint64_t end = vdso_base();
	while (end < MAXVA && walkaddr(p->pagetable, end))
		end += PGSIZE;
	r = (struct region){ .start = vdso_base(), .end = end, .name = "[vdso]" };
	set_perm(&r, true, false, true, false);
	offer(c, &r);
}

/* "start-end perm offset major:minor inode", the name from column 73;
 * the device's numbers in hex, split as stat's st_dev is. */
static void print_region(struct pbuf *b, const struct region *r)
{
	uint64_t line = b->pos;

	pb_printf(b, "%08lx-%08lx %s %08lx %02lx:%02lx %lu ", r->start, r->end, r->perm,
		  r->offset, r->dev >> 8, r->dev & 0xff, r->ino);
	if (r->name) {
		pb_pad(b, line, 73);
		pb_puts(b, r->name);
	}
	pb_puts(b, "\n");
}

static int maps_of(struct proc *p, void *arg)
{
	struct cursor c = { 0 };

	if (p->state == ZOMBIE)
		return 0;	/* no memory: empty, as Linux's */
	c.vma = vma_first(p->mm);
	for (;;) {
		c.found = false;
		offer_image(p, &c);
		offer_vmas(p, &c);
		offer_fixed(p, &c);
		if (!c.found)
			return 0;
		print_region(arg, &c.best);
		c.after = c.best.end;
	}
}

int procfs_pid_maps(int pid, struct pbuf *b) { return procfs_with_proc(pid, maps_of, b); }
