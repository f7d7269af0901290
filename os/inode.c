/*
 * In-memory nodes: one per open FAT file or directory, shared by every
 * open file of it, so that a write through one descriptor is seen
 * through all (size, first cluster, chain cache), and so that unlink
 * and rename can tell that a file is open. Keyed by the volume and where
 * the file's directory entry lives. All of it is guarded by the fs lock.
 */
#include "defs.h"
#include "file.h"

#define NINODE 64

static struct inode itable[NINODE];

static bool same_file(const struct fat_node *a, const struct fat_node *b)
{
	if (a->is_root || b->is_root)
		return a->is_root && b->is_root;
	return a->dir_cluster == b->dir_cluster && a->dir_offset == b->dir_offset;
}

/* The open node of the file n names on volume m, or NULL. */
struct inode *ifind(const struct mount *m, const struct fat_node *n)
{
	for (struct inode *ip = itable; ip < itable + NINODE; ip++)
		if (ip->ref > 0 && ip->mnt == m && same_file(&ip->node, n))
			return ip;
	return NULL;
}

/* Whether any file of volume m is open (umount must wait). */
bool iany(const struct mount *m)
{
	for (struct inode *ip = itable; ip < itable + NINODE; ip++)
		if (ip->ref > 0 && ip->mnt == m)
			return true;
	return false;
}

/* A reference to the shared node of the file n names on m; NULL if the
 * table is full. */
struct inode *iget(struct mount *m, const struct fat_node *n)
{
	struct inode *ip = ifind(m, n);

	if (ip) {
		ip->ref++;
		return ip;
	}
	for (ip = itable; ip < itable + NINODE; ip++) {
		if (ip->ref == 0) {
			ip->ref = 1;
			ip->writers = ip->text_users = 0;
			ip->mnt = m;
			ip->node = *n;
			return ip;
		}
	}
	return NULL;
}

void iput(struct inode *ip)
{
	if (ip->ref < 1)
		panic("iput");
	ip->ref--;
}
