/*
 * In-memory nodes: one per open FAT file or directory, shared by every
 * open file of it, so that a write through one descriptor is seen
 * through all (size, first cluster, chain cache), and so that unlink
 * and rename can tell that a file is open. Keyed by the volume and where
 * the file's directory entry lives.
 *
 * The table's counts (ref, writers, text_users) are guarded by
 * itable_lock, so that closing a file and exec's hold against writers
 * need not wait for the fs lock, which a path lookup may hold for a
 * while; finding or filling a slot (iget) and a node's contents are
 * the fs lock's, which those callers hold. A slot whose last reference
 * goes without the fs lock is reused only under it.
 */
#include "kern/kern.h"
#include "fs/fs.h"
#include "fs/file.h"

#define NINODE 64

static struct inode itable[NINODE];
static struct spinlock itable_lock = SPINLOCK_INIT("itable", LOCK_LEAF);

static bool same_file(const struct fat_node *a, const struct fat_node *b)
{
	if (a->is_root || b->is_root)
		return a->is_root && b->is_root;
	return a->dir_cluster == b->dir_cluster && a->dir_offset == b->dir_offset;
}

/* The open node of the file n names on volume m, or NULL. Caller holds
 * itable_lock. */
static struct inode *find(const struct mount *m, const struct fat_node *n)
{
	for (struct inode *ip = itable; ip < itable + NINODE; ip++)
		if (ip->ref > 0 && ip->mnt == m && same_file(&ip->node, n))
			return ip;
	return NULL;
}

/* The open node of the file n names on volume m, or NULL. fs lock held. */
struct inode *ifind(const struct mount *m, const struct fat_node *n)
{
	acquire(&itable_lock);
	struct inode *ip = find(m, n);
	release(&itable_lock);
	return ip;
}

/* Whether any file of volume m is open (umount must wait). fs lock held. */
bool iany(const struct mount *m)
{
	bool any = false;

	acquire(&itable_lock);
	for (struct inode *ip = itable; ip < itable + NINODE && !any; ip++)
		any = ip->ref > 0 && ip->mnt == m;
	release(&itable_lock);
	return any;
}

/* A reference to the shared node of the file n names on m; NULL if the
 * table is full. fs lock held. */
struct inode *iget(struct mount *m, const struct fat_node *n)
{
	acquire(&itable_lock);
	struct inode *ip = find(m, n);

	if (ip) {
		ip->ref++;
	} else {
		for (ip = itable; ip < itable + NINODE && ip->ref > 0; ip++)
			;
		if (ip == itable + NINODE) {
			ip = NULL;
		} else {
			ip->ref = 1;
			ip->writers = ip->text_users = 0;
			ip->mnt = m;
			ip->node = *n;
		}
	}
	release(&itable_lock);
	return ip;
}

/* One more reference to an open node. */
void idup(struct inode *ip)
{
	acquire(&itable_lock);
	if (ip->ref < 1)
		panic("idup");
	ip->ref++;
	release(&itable_lock);
}

/* Drops a reference, and a writer's count if it wrote. */
void iput(struct inode *ip, bool writer)
{
	acquire(&itable_lock);
	if (ip->ref < 1 || (writer && ip->writers < 1))
		panic("iput");
	ip->writers -= writer;
	ip->ref--;
	release(&itable_lock);
}

/* One more in *count unless *excluder is non-zero: writers and text
 * users keep each other out (ETXTBSY). */
static int count_unless(int *count, const int *excluder)
{
	int err = 0;

	acquire(&itable_lock);
	if (*excluder > 0)
		err = -ETXTBSY;
	else
		(*count)++;
	release(&itable_lock);
	return err;
}

/* Counts an opener for writing, unless a running program's file: that
 * one is read as it runs (ETXTBSY). */
int iwriter(struct inode *ip) { return count_unless(&ip->writers, &ip->text_users); }

/*
 * A lazily loaded program reads its file for as long as it runs: while
 * it does, the file cannot be opened for writing (ETXTBSY), as on Linux.
 * Taking that hold fails if the file is open for writing now.
 */
int ihold_text(struct inode *ip) { return count_unless(&ip->text_users, &ip->writers); }

void irelease_text(struct inode *ip)
{
	acquire(&itable_lock);
	if (ip->text_users < 1)
		panic("irelease_text");
	ip->text_users--;
	release(&itable_lock);
}
