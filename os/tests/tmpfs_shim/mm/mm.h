/* The host's stand-in for mm/mm.h: pages from malloc, counted
 * (tmpfs_shim.c), so the test sees every page given back. */
#ifndef MM_MM_H
#define MM_MM_H
#include "kern/kern.h"
void *kalloc(void);
void *kzalloc(void);
void kfree(void *);
void kref(void *);
struct vnode;
void filemap_shrunk(struct vnode *vn, uint64_t size);
extern struct vnode *shim_shrunk_vn;	/* the last filemap_shrunk's */
extern uint64_t shim_shrunk_size;
void user_prefault(uint64_t va, size_t len, int need);
extern long shim_pages;	/* pages kalloc'd and not yet kfree'd */
#endif
