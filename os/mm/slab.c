/*
 * Small objects of one size, carved from pages (the kernel's allocator
 * hands out pages only): a cache keeps its pages with a free slot on a
 * list, and gives a page back to kalloc once its last object is freed,
 * so a cache holds only what is in use. A cache's lock is a leaf; the
 * page allocator is called outside it.
 */
#include "kern/kern.h"
#include "mm/mm.h"

/* A slab page: this header, then its slots. */
struct slab {
	struct slab *next, *prev;	/* on the cache's partial list while a slot is free */
	void *free;		/* the first free slot; each holds the next */
	int used;
};

#define SLOT0 ((sizeof(struct slab) + 15) & ~15UL)

static size_t slots(struct slab_cache *c) { return (PGSIZE - SLOT0) / c->size; }

static void partial_remove(struct slab_cache *c, struct slab *s)
{
	if (s->prev)
		s->prev->next = s->next;
	else
		c->partial = s->next;
	if (s->next)
		s->next->prev = s->prev;
	s->next = s->prev = NULL;
}

static void partial_add(struct slab_cache *c, struct slab *s)
{
	s->prev = NULL;
	s->next = c->partial;
	if (s->next)
		s->next->prev = s;
	c->partial = s;
}

/* Links page s's slots into its free list. */
static void slab_format(struct slab_cache *c, struct slab *s)
{
	char *slot = (char *)s + SLOT0;
	size_t n = slots(c);

	for (size_t i = 0; i < n; i++, slot += c->size)
		*(void **)slot = i + 1 < n ? slot + c->size : NULL;
	s->free = (char *)s + SLOT0;
	s->used = 0;
}

/* A zeroed object of the cache's size, or NULL if memory is out. */
void *slab_alloc(struct slab_cache *c)
{
	acquire(&c->lock);
	if (!c->partial) {
		release(&c->lock);
		struct slab *s = kalloc();
		if (!s)
			return NULL;
		slab_format(c, s);
		acquire(&c->lock);
		partial_add(c, s);
	}
	struct slab *s = c->partial;
	void *obj = s->free;
	s->free = *(void **)obj;
	s->used++;
	if (!s->free)
		partial_remove(c, s);
	release(&c->lock);
	memset(obj, 0, c->size);
	return obj;
}

/* Gives obj back to its cache; its page goes back to kalloc once empty. */
void slab_free(struct slab_cache *c, void *obj)
{
	struct slab *s = (struct slab *)PGROUNDDOWN((uint64_t)obj);
	bool empty;

	acquire(&c->lock);
	if (!s->free)
		partial_add(c, s);
	*(void **)obj = s->free;
	s->free = obj;
	empty = --s->used == 0;
	if (empty)
		partial_remove(c, s);
	release(&c->lock);
	if (empty)
		kfree(s);
}
