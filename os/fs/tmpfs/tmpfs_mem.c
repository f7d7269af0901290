/*
 * An instance's memory. Every page tmpfs holds (file data, radix
 * tables, slab pages) is charged to its instance and counted against
 * the size limit, so a full tmpfs is a clean ENOSPC and an unmounted
 * one gives every page back. Nodes and entries are slots of slab pages:
 * the kernel has pages only, and a page per node would waste most of it.
 * The caller holds tm->lock.
 */
#include "kern/kern.h"
#include "mm/mm.h"
#include "fs/tmpfs/tmpfs.h"

/* A slab page: this header, then its slots. */
struct tmpfs_slab {
	struct tmpfs_slab *next, *prev;	/* on tm->partial while a slot is free */
	void *free;		/* the first free slot; each holds the next */
	int used;
};

#define SLOT0 ((sizeof(struct tmpfs_slab) + 15) & ~15UL)
#define SLOTS ((PGSIZE - SLOT0) / TMPFS_OBJ_SIZE)
_Static_assert(sizeof(struct tmpfs_node) <= TMPFS_OBJ_SIZE, "a node fits a slot");
_Static_assert(sizeof(struct tmpfs_dirent) <= TMPFS_OBJ_SIZE, "an entry fits a slot");

void *tmpfs_page_alloc(struct tmpfs *tm)
{
	if (tm->used_pages >= tm->max_pages)
		return NULL;
	void *p = kzalloc();
	if (p)
		tm->used_pages++;
	return p;
}

void tmpfs_page_free(struct tmpfs *tm, void *page)
{
	kfree(page);
	tm->used_pages--;
}

static void partial_remove(struct tmpfs *tm, struct tmpfs_slab *s)
{
	if (s->prev)
		s->prev->next = s->next;
	else
		tm->partial = s->next;
	if (s->next)
		s->next->prev = s->prev;
	s->next = s->prev = NULL;
}

static void partial_add(struct tmpfs *tm, struct tmpfs_slab *s)
{
	s->prev = NULL;
	s->next = tm->partial;
	if (s->next)
		s->next->prev = s;
	tm->partial = s;
}

static struct tmpfs_slab *slab_new(struct tmpfs *tm)
{
	struct tmpfs_slab *s = tmpfs_page_alloc(tm);

	if (!s)
		return NULL;
	char *slot = (char *)s + SLOT0;
	for (size_t i = 0; i < SLOTS; i++, slot += TMPFS_OBJ_SIZE)
		*(void **)slot = i + 1 < SLOTS ? slot + TMPFS_OBJ_SIZE : NULL;
	s->free = (char *)s + SLOT0;
	partial_add(tm, s);
	return s;
}

void *tmpfs_obj_alloc(struct tmpfs *tm)
{
	struct tmpfs_slab *s = tm->partial ? tm->partial : slab_new(tm);

	if (!s)
		return NULL;
	void *obj = s->free;
	s->free = *(void **)obj;
	s->used++;
	if (!s->free)
		partial_remove(tm, s);
	memset(obj, 0, TMPFS_OBJ_SIZE);
	return obj;
}

void tmpfs_obj_free(struct tmpfs *tm, void *obj)
{
	struct tmpfs_slab *s = (struct tmpfs_slab *)PGROUNDDOWN((uint64_t)obj);

	if (!s->free)
		partial_add(tm, s);
	*(void **)obj = s->free;
	s->free = obj;
	if (--s->used == 0) {
		partial_remove(tm, s);
		tmpfs_page_free(tm, s);
	}
}
