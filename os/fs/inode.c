/*
 * In-memory nodes: one per open FAT file or directory, shared by every
 * open file of it, so that a write through one descriptor is seen
 * through all (size, first cluster, chain cache), and so that unlink
 * and rename can tell that a file is open. Keyed by the volume and where
 * the file's directory entry lives.
 *
 * A regular file's node outlives its last close, kept until its slot is
 * wanted: its run cache (fat_runs.c) is what a scan of the file's FAT
 * chain learned, and the next open of the file starts from it instead of
 * scanning again. A kept node is true as long as nothing changes the
 * chain without it: every write opens the file and so finds it, and
 * removing, renaming or replacing the entry, and unmounting the volume,
 * forget it (iforget, iforget_volume). As a last check, a kept node
 * whose first cluster or size differs from the entry's is not used.
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
static uint64_t itable_clock;	/* counts last closes, for last_use */

/* Whether two nodes are one file: where their entries live (the root,
 * which has none, has dir_cluster 0, which no entry's directory has). */
static bool same_file(const struct fat_node *a, const struct fat_node *b)
{
	return a->dir_offset == b->dir_offset && a->dir_cluster == b->dir_cluster &&
	       a->is_root == b->is_root;
}

/* The node of the file n names on volume m, open or kept (*kept says
 * which), or NULL. A file has one node at most: a kept one is taken by
 * the next open, not doubled. Caller holds itable_lock. */
static struct inode *find_any(const struct mount *m, const struct fat_node *n, bool *kept)
{
	for (struct inode *ip = itable; ip < itable + NINODE; ip++) {
		if (same_file(&ip->node, n) && ip->mnt == m && (ip->ref > 0 || ip->kept)) {
			*kept = ip->ref == 0;
			return ip;
		}
	}
	*kept = false;
	return NULL;
}

/* The open node of the file n names on volume m, or NULL. Caller holds
 * itable_lock. */
static struct inode *find(const struct mount *m, const struct fat_node *n)
{
	bool kept;
	struct inode *ip = find_any(m, n, &kept);

	return kept ? NULL : ip;
}

/* A slot for a new node: an empty one, else the kept node whose last
 * close is the oldest; NULL if every node is open. itable_lock held. */
static struct inode *free_slot(void)
{
	struct inode *oldest = NULL;

	for (struct inode *ip = itable; ip < itable + NINODE; ip++) {
		if (ip->ref > 0)
			continue;
		if (!ip->kept)
			return ip;
		if (!oldest || ip->last_use < oldest->last_use)
			oldest = ip;
	}
	return oldest;
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

/* A node for n in slot ip: the kept one's chain runs if it was kept
 * for this very chain, else n as its entry says. */
static void fill(struct inode *ip, struct mount *m, const struct fat_node *n, bool kept)
{
	bool runs_true = kept && ip->node.first_cluster == n->first_cluster &&
			 ip->node.size == n->size;

	ip->ref = 1;
	ip->writers = ip->text_users = 0;
	ip->kept = false;
	ip->mnt = m;
	if (runs_true) {
		struct fat_node fresh = *n;
		memcpy(fresh.runs, ip->node.runs, sizeof(fresh.runs));
		fresh.run_last = ip->node.run_last;
		ip->node = fresh;
	} else {
		ip->node = *n;
	}
}

/* A reference to the shared node of the file n names on m; NULL if the
 * table is full. fs lock held. */
struct inode *iget(struct mount *m, const struct fat_node *n)
{
	bool kept;
	acquire(&itable_lock);
	struct inode *ip = find_any(m, n, &kept);

	if (ip && !kept)
		ip->ref++;
	else if (ip)
		fill(ip, m, n, true);
	else if ((ip = free_slot()) != NULL)
		fill(ip, m, n, false);
	release(&itable_lock);
	return ip;
}

/* Forgets the kept node of the file n names on m, if there is one: its
 * entry is going or moving. fs lock held. */
void iforget(const struct mount *m, const struct fat_node *n)
{
	bool kept;
	acquire(&itable_lock);
	struct inode *ip = find_any(m, n, &kept);
	if (kept)
		ip->kept = false;
	release(&itable_lock);
}

/* Forgets every kept node of volume m: it is being unmounted, and its
 * mount slot may hold another volume next. fs lock held. */
void iforget_volume(const struct mount *m)
{
	acquire(&itable_lock);
	for (struct inode *ip = itable; ip < itable + NINODE; ip++)
		if (ip->kept && ip->mnt == m)
			ip->kept = false;
	release(&itable_lock);
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
	if (--ip->ref == 0 && !(ip->node.attr & FAT_ATTR_DIRECTORY) && !ip->node.is_root) {
		ip->kept = true;
		ip->last_use = ++itable_clock;
	}
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
