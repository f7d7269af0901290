/*
 * The "vfat" file system type's own header (fatfs.c, fat_vnops.c,
 * fat_read.c): a mounted FAT32 volume and its nodes. The FAT library
 * (the top-level fs/) does the volume's work; these files give it a
 * block device, a lock, and nodes the VFS layer can hold.
 */
#ifndef FS_FATFS_H
#define FS_FATFS_H
#include "kern/kern.h"
#include "fat.h"
#include "fs/vfs.h"

#define NFATVOL 4	/* FAT volumes mounted at once */
#define NFNODE 1024	/* nodes a volume keeps: referenced or kept */
#define FAT_BOUNCE (64 * 1024)

/* A file's pages lent to shared mappings (fat_pcache.c), fs->lock's. */
struct fpcache {
	void *root;		/* a page, or a table of height levels */
	uint8_t height;
	uint32_t npages;	/* pages cached */
};

/*
 * A node of a FAT file or directory. A directory is known by its first
 * cluster, which a rename does not change (so a renamed cwd stays
 * itself); a file by where its entry lives (an empty file has no
 * cluster), which a rename updates. A node whose last reference went is
 * kept (until its slot is wanted, or its entry goes or moves): a file's
 * run cache (fat_runs.c) then spares the next open a FAT scan, and a
 * directory's node the next walk through it a slot.
 */
struct fnode {
	struct vnode vn;
	struct fatfs *fs;
	/* guarded by fnode_lock (fatfs.c): */
	bool used;		/* holds a node: referenced, or kept with ref 0 */
	uint32_t gen;		/* counts the nodes the slot has held (dname) */
	uint64_t key;		/* its identity (fatfs.c: key_of) */
	int16_t hnext;		/* the next slot in key's hash chain, or -1 */
	/* guarded by fs->lock: */
	bool dead;		/* removed while referenced: found by no walk */
	int opens;		/* open files of it: while any, unlink is EBUSY */
	struct fpcache pc;	/* no root but while the file is open */
	struct fat_node node;
};

/* A directory's name for a directory in it, remembered (fatfs.c). */
#define NDNAME 64
#define DNAME_MAX 27
struct dname {
	struct fnode *f;	/* NULL: free */
	uint32_t gen;		/* f's, when remembered */
	uint32_t dir;		/* the directory's first cluster */
	uint8_t len;
	char name[DNAME_MAX];
};

/* A mounted volume; its sleep lock guards the library's state, every
 * node's contents and the bounce buffer. */
struct fatfs {
	bool used;
	struct sleeplock lock;
	struct vfs *vfs;
	struct bdev *dev;
	struct blkdev io;	/* fs/'s view of dev */
	struct fat_vol vol;
	struct fnode nodes[NFNODE];
	/* fnode_lock guards these: */
	int16_t hash[NFNODE];	/* the first slot of each key hash's chain, or -1 */
	unsigned hand;		/* the slot free_slot looks at first */
	struct dname dnames[NDNAME];
	int cached_files;	/* nodes with cached pages (fs->lock's) */
	/* written data passes through here: a 64 KiB write is one FAT call,
	 * one disk request for its data and one update of the FAT and the
	 * entry rather than sixteen */
	uint8_t bounce[FAT_BOUNCE] __attribute__((aligned(PGSIZE)));
};

static inline struct fnode *FN(struct vnode *vn) { return (struct fnode *)vn; }
static inline struct fatfs *FS(struct vnode *vn) { return FN(vn)->fs; }
static inline bool fnode_is_dir(const struct fat_node *n)
{
	return n->is_root || (n->attr & FAT_ATTR_DIRECTORY);
}

/* fatfs.c: the node table. Callers hold fs->lock. */
int fnode_get(struct fatfs *fs, const struct fat_node *n, struct vnode **out);
struct fnode *fnode_find(struct fatfs *fs, const struct fat_node *n, bool kept_too);
void fnode_forget(struct fatfs *fs, const struct fat_node *n);
void fnode_moved(struct fnode *f, uint32_t dir_cluster, uint32_t dir_offset);
bool dname_get(struct fatfs *fs, struct fnode *dir, const char *name, struct vnode **out);
void dname_put(struct fatfs *fs, struct fnode *dir, const char *name, struct fnode *f);
void dname_forget(struct fatfs *fs);

/* fat_vnops.c */
extern const struct vnode_ops fat_vnops;
void fat_orphans_free(struct fatfs *fs);

/* fat_read.c: the fast paths of read(2), mmap and exec. fs->lock held. */
struct upages;
long fat_read_user(struct fnode *f, uint64_t off, const struct upages *u, uint64_t uaddr,
		   size_t n);
int fat_read_pages(struct fnode *f, uint64_t off, void *const *pages, int npages);

/* fat_pcache.c: the pages a file lends to MAP_SHARED mappings. fs->lock
 * held, but for fpc_read. */
int fpc_lend(struct fnode *f, uint64_t off, bool write, void **page);
long fpc_read(struct fnode *f, uint64_t off, struct uio *u);
void fpc_written(struct fnode *f, uint64_t off, const void *buf, size_t n);
void fpc_overlay(struct fnode *f, uint64_t off, void *const *pages, int npages);
void fpc_zero_tail(struct fnode *f, uint64_t size);
bool fpc_cut(struct fnode *f, uint64_t size);
int fpc_writeback(struct fnode *f);
void fpc_free(struct fnode *f);
int fpc_sync(struct fatfs *fs);
#endif
