/*
 * tmpfs: files and directories in memory, under the VFS layer (vfs.h).
 * What the tmpfs*.c files share; nothing outside them includes it but
 * the host unit test (os/tests/test_tmpfs.c).
 *
 *   tmpfs_mem.c   an instance's pages, charged against its size limit,
 *                 and the small objects (nodes, entries) carved from them
 *   tmpfs_data.c  a file's bytes: pages in a radix tree, holes unbacked
 *   tmpfs_dir.c   a directory's entries, in the order of their cookies
 *   tmpfs_node.c  nodes: birth, attributes, times, the end of a node
 *   tmpfs_ops.c   the names: lookup, create, link, unlink, rename ...
 *   tmpfs_vfs.c   the "tmpfs" type: mount options, statfs, unmount
 *   tmpfs_fifo.c  FIFOs: their openers share a pipe (pipe.c); in the
 *                 kernel only (the host test has no pipes)
 *
 * Locking: one sleep lock per instance (tm->lock) guards every node,
 * entry and page of it; each operation takes it once. The vnode's ref
 * is the layer's (atomic); tmpfs only reads it, under its lock.
 */
#ifndef FS_TMPFS_H
#define FS_TMPFS_H
#include "kern/kern.h"
#include "fs/vfs.h"

#define TMPFS_MAGIC 0x01021994	/* statfs f_type, Linux's */

/* The radix tree's fan-out: a table is one page of pointers. */
#define TMPFS_FANOUT_SHIFT 9
#define TMPFS_FANOUT (1 << TMPFS_FANOUT_SHIFT)

/* A directory's st_size: this much per entry and for "." and "..",
 * as Linux's tmpfs counts (BOGO_DIRENT_SIZE). */
#define TMPFS_DIRENT_SIZE 20

/* A small object (a node or an entry) is one slot of a slab page. */
#define TMPFS_OBJ_SIZE 304

struct tmpfs_slab;

/* One mounted instance. */
struct tmpfs {
	struct sleeplock lock;
	uint64_t max_pages;	/* the size limit: size= (default half of RAM) */
	uint64_t used_pages;	/* data, tables and slab pages held now */
	uint64_t nodes;		/* live nodes, for statfs's files */
	uint64_t next_ino;
	struct tmpfs_slab *partial;	/* slab pages with a free slot */
	struct vfs *vfs;
};

/* A directory entry. Cookies grow with each entry added to a directory,
 * and the list stays in that order: a readdir that resumes at a cookie
 * neither skips nor repeats an entry that stayed. */
struct tmpfs_dirent {
	struct tmpfs_dirent *next, *prev;
	uint64_t cookie;
	struct tmpfs_node *node;
	uint16_t namelen;
	char name[VNAME_MAX + 1];
};

struct tmpfs_node {
	struct vnode vn;	/* first: a vnode pointer is a node pointer */
	uint32_t mode, nlink, uid, gid;
	uint64_t ino;
	uint64_t size;
	struct kts atime, mtime, ctime;
	/*
	 * The layer calls inactive once for each time vn.ref fell to 0, and
	 * a lookup may raise it from 0 again before that call comes. owed
	 * counts the raises from 0 (under tm->lock) not yet matched by an
	 * inactive: the node is freed only when nothing links or holds it
	 * and no inactive is still on its way to it.
	 */
	int owed;
	union {
		struct {	/* S_IFREG and S_IFLNK (the target is the data) */
			void *root;	/* a page (height 0) or a table */
			int height;	/* root covers TMPFS_FANOUT^height pages */
			uint64_t npages;	/* data pages held, for st_blocks */
		} data;
		struct {	/* S_IFDIR */
			struct tmpfs_dirent *first, *last;
			uint64_t next_cookie;
			/* "..": kept once removed, while the removed
			 * directory lives (a cwd), and counted in the
			 * parent's pins, which keep the parent too */
			struct tmpfs_node *parent;
			uint32_t pins;
		} dir;
		/* S_IFIFO: the pipe its openers share, NULL while none is
		 * open (tmpfs_fifo.c) */
		struct pipe *fifo;
		uint64_t rdev;	/* S_IFCHR, S_IFBLK: the device it names */
	};
};

static inline struct tmpfs_node *TN(struct vnode *vn) { return (struct tmpfs_node *)vn; }
static inline struct tmpfs *TM(struct vnode *vn) { return vn->vfs->priv; }

/* tmpfs_mem.c: pages and objects are charged to tm; NULL when the limit
 * or memory is reached (the caller says ENOSPC) */
void *tmpfs_page_alloc(struct tmpfs *tm);	/* zeroed */
void tmpfs_page_free(struct tmpfs *tm, void *page);
void *tmpfs_obj_alloc(struct tmpfs *tm);	/* zeroed */
void tmpfs_obj_free(struct tmpfs *tm, void *obj);

/* tmpfs_data.c */
long tmpfs_data_read(struct tmpfs_node *n, uint64_t off, struct uio *u);
long tmpfs_data_write(struct tmpfs *tm, struct tmpfs_node *n, uint64_t off, struct uio *u);
int tmpfs_data_truncate(struct tmpfs *tm, struct tmpfs_node *n, uint64_t size);
void tmpfs_data_pages(struct tmpfs_node *n, uint64_t off, void *const *pages, int npages);
int tmpfs_data_lend(struct tmpfs *tm, struct tmpfs_node *n, uint64_t off, void **page);

/* tmpfs_dir.c */
struct tmpfs_dirent *tmpfs_dir_find(struct tmpfs_node *dir, const char *name);
int tmpfs_dir_add(struct tmpfs *tm, struct tmpfs_node *dir, const char *name,
		  struct tmpfs_node *n);
void tmpfs_dir_remove(struct tmpfs *tm, struct tmpfs_node *dir, struct tmpfs_dirent *de);
void tmpfs_dir_attach(struct tmpfs_node *dir, struct tmpfs_dirent *de, const char *name);
void tmpfs_dir_detach(struct tmpfs_node *dir, struct tmpfs_dirent *de);
int tmpfs_dir_next(struct tmpfs_node *dir, uint64_t *pos, struct vdirent *out);

/* tmpfs_node.c */
struct tmpfs_node *tmpfs_node_new(struct tmpfs *tm, uint32_t mode);
void tmpfs_hold(struct tmpfs_node *n);	/* a reference for a caller, under tm->lock */
void tmpfs_node_unlinked(struct tmpfs *tm, struct tmpfs_node *n);	/* nlink-- */
void tmpfs_node_destroy(struct tmpfs *tm, struct tmpfs_node *n);
struct kts tmpfs_now(void);
void tmpfs_touch(struct tmpfs_node *n, bool mtime, bool ctime);
void tmpfs_accessed(struct tmpfs_node *n);	/* atime, as relatime updates it */
int tmpfs_getattr(struct vnode *vn, struct vattr *out);
int tmpfs_setattr(struct vnode *vn, const struct vsetattr *a);
void tmpfs_inactive(struct vnode *vn);

/* tmpfs_ops.c: the tables a node's type picks; tmpfs_fifo.c: FIFOs' */
extern const struct vnode_ops tmpfs_dir_ops, tmpfs_file_ops, tmpfs_link_ops, tmpfs_fifo_ops,
	tmpfs_dev_ops;
int tmpfs_lookup(struct vnode *dir, const char *name, struct vnode **out);
int tmpfs_create(struct vnode *dir, const char *name, uint32_t mode, struct vnode **out);
int tmpfs_mknod(struct vnode *dir, const char *name, uint32_t mode, uint64_t rdev);
int tmpfs_symlink(struct vnode *dir, const char *name, const char *target);
int tmpfs_link(struct vnode *dir, const char *name, struct vnode *vn);
int tmpfs_unlink(struct vnode *dir, const char *name, bool rmdir);
int tmpfs_rename(struct vnode *fromdir, const char *from, struct vnode *todir,
		 const char *to, unsigned flags);
int tmpfs_readdir(struct vnode *dir, uint64_t *pos, struct vdirent *out);
int tmpfs_readlink(struct vnode *vn, char *buf, size_t size);
long tmpfs_read(struct vnode *vn, struct file *f, uint64_t off, struct uio *u);
long tmpfs_write(struct vnode *vn, struct file *f, uint64_t off, struct uio *u);
int tmpfs_getpages(struct vnode *vn, uint64_t off, void *const *pages, int npages);
int tmpfs_lendpage(struct vnode *vn, uint64_t off, bool write, void **page);

/* tmpfs_vfs.c */
extern const struct fstype tmpfs_fstype;
int tmpfs_parse_options(const char *options, uint64_t ram_pages, uint64_t *max_pages,
			uint32_t *mode);
#endif
