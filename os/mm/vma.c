/*
 * The regions of an address space (struct vma, made by mmap: sysmem.c),
 * in address order, as many as memory allows up to VMA_MAX. They live
 * in a chain of page-sized chunks, each a sorted run of regions below
 * the next chunk's: the kernel allocates pages only, and a chain of
 * them grows and shrinks a page at a time, where an array would need
 * a contiguous copy to grow. A process with a few regions has one
 * chunk, which a lookup searches as it would an array; one with
 * thousands walks a chunk per 84 regions first.
 *
 * Insertion and removal move the regions after the point within its
 * chunk, so a pointer into the table is good only until the next
 * change. Chunks are changed whole between sleeps, so a reader that
 * sees the process off every hart (procfs, filemap_shrunk) finds the
 * chain consistent.
 */
#include "kern/kern.h"
#include "mm/mm.h"

#define PER_CHUNK ((PGSIZE - 2 * sizeof(uint64_t)) / sizeof(struct vma))

struct vma_chunk {
	struct vma_chunk *next;
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

struct vma *vma_find(struct mm *mm, uint64_t addr)
{
	for (struct vma_chunk *c = mm->vmas; c; c = c->next)
		if (c->v[c->n - 1].end > addr)
			return search(c, addr);
	return NULL;
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
	c->next = upper;
	c->n = keep;
	return true;
}

/* The chunk a region starting at start goes into: the first whose last
 * region ends above start, else the last; NULL if the table is empty. */
static struct vma_chunk *chunk_for(struct mm *mm, uint64_t start)
{
	struct vma_chunk *c = mm->vmas;

	while (c && c->next && c->v[c->n - 1].end <= start)
		c = c->next;
	return c;
}

struct vma *vma_insert(struct mm *mm, const struct vma *new)
{
	struct vma_chunk *c = chunk_for(mm, new->start);

	if (mm->nvma >= VMA_MAX)
		return NULL;	/* Linux's vm.max_map_count */
	if (!c) {
		if (!(c = mm->vmas = kalloc()))
			return NULL;
		c->next = NULL;
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
static void merge_next(struct vma_chunk *c)
{
	struct vma_chunk *next = c->next;

	if (!next || c->n + next->n > PER_CHUNK)
		return;
	memcpy(c->v + c->n, next->v, next->n * sizeof(struct vma));
	c->n += next->n;
	c->next = next->next;
	kfree(next);
}

void vma_remove(struct mm *mm, struct vma *v)
{
	struct vma_chunk *c = chunk_of(v), *prev = NULL;

	mm->nvma--;
	mm->nlent -= filemap_lends(v);
	mm->nlazy -= v->lazy;
	memmove(v, v + 1, (c->v + c->n - v - 1) * sizeof(struct vma));
	c->n--;
	for (struct vma_chunk *k = mm->vmas; k != c; k = k->next)
		prev = k;
	if (c->n == 0) {
		*(prev ? &prev->next : &mm->vmas) = c->next;
		kfree(c);
		return;
	}
	merge_next(c);
	if (prev)
		merge_next(prev);
}

int vma_table_copy(struct mm *from, struct mm *to)
{
	struct vma_chunk **link = &to->vmas;

	to->vmas = NULL;
	to->nvma = to->nlent = to->nlazy = 0;
	for (struct vma_chunk *c = from->vmas; c; c = c->next) {
		struct vma_chunk *copy = kalloc();
		if (!copy) {
			vma_table_free(to);
			return -ENOMEM;
		}
		memcpy(copy, c, sizeof(*c));
		copy->next = NULL;
		*link = copy;
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
	mm->vmas = NULL;
	mm->nvma = mm->nlent = mm->nlazy = 0;
}

void vma_clear(struct mm *mm, void (*drop)(struct vma *v, void *ctx), void *ctx)
{
	struct vma_chunk *c = mm->vmas;

	mm->vmas = NULL;	/* drop may sleep: no reader finds them meanwhile */
	mm->nvma = mm->nlent = mm->nlazy = 0;
	while (c) {
		struct vma_chunk *next = c->next;
		for (uint64_t i = 0; i < c->n; i++)
			drop(&c->v[i], ctx);
		kfree(c);
		c = next;
	}
}
