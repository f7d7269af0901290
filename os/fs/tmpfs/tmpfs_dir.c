/*
 * A directory's entries: a list in the order they were added, each
 * with a cookie one more than the last one given in that directory.
 * readdir's position is a cookie: it resumes at the first entry whose
 * cookie is at least it, so entries that stay while others come and go
 * are seen exactly once, and a new entry (always last) maybe. Lookup
 * walks the list: directories in /tmp are small. The caller holds
 * tm->lock.
 */
#include "kern/kern.h"
#include "fs/tmpfs/tmpfs.h"

struct tmpfs_dirent *tmpfs_dir_find(struct tmpfs_node *dir, const char *name)
{
	size_t len = strlen(name);

	for (struct tmpfs_dirent *de = dir->dir.first; de; de = de->next)
		if (de->namelen == len && memcmp(de->name, name, len) == 0)
			return de;
	return NULL;
}

/* Puts de, named name, at the end of dir with the next cookie. */
void tmpfs_dir_attach(struct tmpfs_node *dir, struct tmpfs_dirent *de, const char *name)
{
	de->namelen = strlen(name);
	memcpy(de->name, name, de->namelen + 1);
	de->cookie = dir->dir.next_cookie++;
	de->next = NULL;
	de->prev = dir->dir.last;
	if (de->prev)
		de->prev->next = de;
	else
		dir->dir.first = de;
	dir->dir.last = de;
	dir->size += TMPFS_DIRENT_SIZE;
}

/* Takes de out of dir's list; it is the caller's now. */
void tmpfs_dir_detach(struct tmpfs_node *dir, struct tmpfs_dirent *de)
{
	if (de->prev)
		de->prev->next = de->next;
	else
		dir->dir.first = de->next;
	if (de->next)
		de->next->prev = de->prev;
	else
		dir->dir.last = de->prev;
	dir->size -= TMPFS_DIRENT_SIZE;
}

/* Adds name for n; the caller has checked that it is free. */
int tmpfs_dir_add(struct tmpfs *tm, struct tmpfs_node *dir, const char *name,
		  struct tmpfs_node *n)
{
	struct tmpfs_dirent *de;

	if (strlen(name) > VNAME_MAX)
		return -ENAMETOOLONG;
	if (!(de = tmpfs_obj_alloc(tm)))
		return -ENOSPC;
	de->node = n;
	tmpfs_dir_attach(dir, de, name);
	return 0;
}

void tmpfs_dir_remove(struct tmpfs *tm, struct tmpfs_node *dir, struct tmpfs_dirent *de)
{
	tmpfs_dir_detach(dir, de);
	tmpfs_obj_free(tm, de);
}

/* The entry at *pos: 1 and *pos past it, or 0 at the end. */
int tmpfs_dir_next(struct tmpfs_node *dir, uint64_t *pos, struct vdirent *out)
{
	struct tmpfs_dirent *de = dir->dir.first;

	while (de && de->cookie < *pos)
		de = de->next;
	if (!de)
		return 0;
	memcpy(out->name, de->name, de->namelen + 1);
	out->ino = de->node->ino;
	out->type = (de->node->mode >> 12) & 15;	/* Linux's IFTODT */
	*pos = de->cookie + 1;
	return 1;
}
