/*
 * The regions of an address space (struct vma, made by mmap: sysmem.c),
 * in address order, as many as memory allows up to VMA_MAX. They live
 * in a chain of page-sized chunks, each a sorted run of regions below
 * the next chunk's: the kernel allocates pages only, and a chain of
 * them grows and shrinks a page at a time, where an array would need
 * a contiguous copy to grow. A process with a few regions has one
 * chunk, which a lookup searches by halves as it would an array; one
 * with thousands walks a chunk per 84 regions first, unless the address
 * is in the chunk the last lookup found (mm->vma_hint): a program
 * changes its regions near where it changed them last (glibc's thread
 * stacks, malloc's arenas, mprotect along a mapping).
 *
 * Insertion and removal move the regions after the point within its
 * chunk, so a pointer into the table is good only until the next
 * change. Chunks are changed whole between sleeps, so a reader that
 * sees the process off every hart (procfs, filemap_shrunk) finds the
 * chain consistent.
 */
#include "kern/kern.h"
#include "mm/mm.h"

#define PER_CHUNK ((PGSIZE - 3 * sizeof(uint64_t)) / sizeof(struct vma))

struct vma_chunk {
	struct vma_chunk *next, *prev;
	uint64_t n;		/* regions in v[], never 0 in a chain */
	struct vma v[PER_CHUNK];
};
_Static_assert(sizeof(struct vma_chunk) <= PGSIZE, "a chunk is a page");

/* The chunk holding v: chunks are pages, so it is v's page. */
static struct vma_chunk *chunk_of(const struct vma *v)
{
	return (struct vma_chunk *)PGROUNDDOWN((uint64_t)v);
}

struct vma *vma_first(struct mm *mm)
{
	return mm->vmas ? mm->vmas->v : NULL;
}

struct vma *vma_next(const struct vma *v)
{
	struct vma_chunk *c = chunk_of(v);

	if (v + 1 < c->v + c->n)
		return (struct vma *)v + 1;
	return c->next ? c->next->v : NULL;
}

/* The first region of c ending above addr; c's last must. */
static struct vma *search(struct vma_chunk *c, uint64_t addr)
{
	uint64_t lo = 0, hi = c->n - 1;

	while (lo < hi) {
		uint64_t mid = (lo + hi) / 2;
		if (c->v[mid].end > addr)
			hi = mid;
		else
			lo = mid + 1;
	}
	return &c->v[lo];
}

/* Whether addr is within c's span, from its first region's start to
 * its last's end: what a lookup of addr finds is then in c. */
static bool spans(const struct vma_chunk *c, uint64_t addr)
{
	return c && c->v[0].start <= addr && addr < c->v[c->n - 1].end;
}

/* The first chunk whose last region ends above addr, else the last
 * chunk (NULL if there is none); remembered for the next lookup. */
static struct vma_chunk *chunk_for(struct mm *mm, uint64_t addr)
{
	struct vma_chunk *c = mm->vma_hint;

	if (spans(c, addr))
		return c;
	for (c = mm->vmas; c && c->next && c->v[c->n - 1].end <= addr; c = c->next)
		;
	mm->vma_hint = c;
	return c;
}

struct vma *vma_find(struct mm *mm, uint64_t addr)
{
	struct vma_chunk *c = chunk_for(mm, addr);

	return c && c->v[c->n - 1].end > addr ? search(c, addr) : NULL;
}

struct vma *vma_at(struct mm *mm, uint64_t va)
{
	struct vma *v = vma_find(mm, va);

	return v && v->start <= va ? v : NULL;
}

/* Moves the upper half of full chunk c to a new chunk after it; false
 * if there is no page. */
static bool split_chunk(struct vma_chunk *c)
{
	struct vma_chunk *upper = kalloc();
	uint64_t keep = c->n / 2;

	if (!upper)
		return false;
	upper->n = c->n - keep;
	memcpy(upper->v, c->v + keep, upper->n * sizeof(struct vma));
	upper->next = c->next;
	upper->prev = c;
	if (c->next)
		c->next->prev = upper;
	c->next = upper;
	c->n = keep;
	return true;
}

/* Takes c out of mm's chain and frees it. */
static void unlink_chunk(struct mm *mm, struct vma_chunk *c)
{
	*(c->prev ? &c->prev->next : &mm->vmas) = c->next;
	if (c->next)
		c->next->prev = c->prev;
	if (mm->vma_hint == c)
		mm->vma_hint = NULL;
	kfree(c);
}

struct vma *vma_insert(struct mm *mm, const struct vma *new)
{
	struct vma_chunk *c = chunk_for(mm, new->start);

	if (mm->nvma >= VMA_MAX)
		return NULL;	/* Linux's vm.max_map_count */
	if (!c) {
		if (!(c = mm->vmas = kalloc()))
			return NULL;
		c->next = c->prev = NULL;
		c->n = 0;
	} else if (c->n == PER_CHUNK) {
		if (!split_chunk(c))
			return NULL;
		if (c->v[c->n - 1].end <= new->start)
			c = c->next;
	}
	struct vma *v = c->n ? search(c, new->start) : c->v;
	if (c->n && v->end <= new->start)
		v++;	/* after every region of the chunk */
	memmove(v + 1, v, (c->v + c->n - v) * sizeof(struct vma));
	*v = *new;
	c->n++;
	mm->nvma++;
	mm->nlent += filemap_lends(v);
	mm->nlazy += v->lazy;
	return v;
}

/* Frees c's successor once c can hold its regions too, so that a table
 * thinned by munmap does not keep a page per region. */
static void merge_next(struct mm *mm, struct vma_chunk *c)
{
	struct vma_chunk *next = c->next;

	if (!next || c->n + next->n > PER_CHUNK)
		return;
	memcpy(c->v + c->n, next->v, next->n * sizeof(struct vma));
	c->n += next->n;
	unlink_chunk(mm, next);
}

void vma_remove(struct mm *mm, struct vma *v)
{
	struct vma_chunk *c = chunk_of(v), *prev = c->prev;

	mm->nvma--;
	mm->nlent -= filemap_lends(v);
	mm->nlazy -= v->lazy;
	memmove(v, v + 1, (c->v + c->n - v - 1) * sizeof(struct vma));
	if (--c->n == 0) {
		unlink_chunk(mm, c);
		return;
	}
	merge_next(mm, c);
	if (prev)
		merge_next(mm, prev);
}

int vma_table_copy(struct mm *from, struct mm *to)
{
	struct vma_chunk **link = &to->vmas;

	struct vma_chunk *last = NULL;

	to->vmas = to->vma_hint = NULL;
	to->nvma = to->nlent = to->nlazy = 0;
	for (struct vma_chunk *c = from->vmas; c; c = c->next) {
		struct vma_chunk *copy = kalloc();
		if (!copy) {
			vma_table_free(to);
			return -ENOMEM;
		}
		copy->n = c->n;
		memcpy(copy->v, c->v, c->n * sizeof(struct vma));	/* not the unused rest */
		copy->next = NULL;
		copy->prev = last;
		*link = last = copy;
		link = &copy->next;
	}
	to->nvma = from->nvma;
	to->nlent = from->nlent;
	to->nlazy = from->nlazy;
	return 0;
}

void vma_table_free(struct mm *mm)
{
	struct vma_chunk *c = mm->vmas;

	while (c) {
		struct vma_chunk *next = c->next;
		kfree(c);
		c = next;
	}
	mm->vmas = mm->vma_hint = NULL;
	mm->nvma = mm->nlent = mm->nlazy = 0;
}

void vma_clear(struct mm *mm, void (*drop)(struct vma *v, void *ctx), void *ctx)
{
	struct vma_chunk *c = mm->vmas;

	mm->vmas = mm->vma_hint = NULL;	/* drop may sleep: no reader finds them meanwhile */
	mm->nvma = mm->nlent = mm->nlazy = 0;
	while (c) {
		struct vma_chunk *next = c->next;
		for (uint64_t i = 0; i < c->n; i++)
			drop(&c->v[i], ctx);
		kfree(c);
		c = next;
	}
}
