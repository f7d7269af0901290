/*
 * The virtual file system layer: a node (struct vnode) for every file a
 * process can reach, whatever file system holds it, and a table of
 * operations per file system type. Open files, working directories and
 * the exec path hold references to nodes, never path strings; a path
 * walk (namei.c) starts from a node and crosses mount points node to
 * node. Linux's inode/dentry/file split is what this learns from, with
 * one object where Linux has inode and dentry: a node knows no name,
 * and a name is found again (getcwd) by asking each directory on the
 * way up which of its entries is the node below.
 *
 * Locking: the layer holds no lock across an operation. Each file
 * system type guards its own nodes (FAT: a sleep lock per volume;
 * tmpfs: one per instance), so lookups on different volumes never wait
 * for each other. Reference counts are atomic; the mount table has a
 * lock of its own (vfs.c).
 */
#ifndef FS_VFS_H
#define FS_VFS_H
#include "kern/kern.h"
#include "uapi/linux/fcntl.h"

struct vnode;
struct vfs;
struct file;
struct kstat;
struct bdev;

/* A time as the kernel passes it: seconds and nanoseconds since 1970. */
struct kts {
	int64_t sec, nsec;
};

/* renameat2's flags (Linux's linux/fs.h) */
#define RENAME_NOREPLACE 1
#define RENAME_EXCHANGE 2
#define RENAME_WHITEOUT 4

/* Where a read or write moves bytes: user memory of the calling process
 * (user) or a kernel buffer. uio_move is the one way to fill or drain it. */
struct uio {
	uint64_t addr;		/* user address, or a kernel pointer */
	uint64_t resid;		/* bytes still to move */
	bool user;
};
/* Moves min(n, resid) bytes between buf and the uio (to the uio if
 * !from_uio), advancing it: the count, or -EFAULT if none moved. */
long uio_move(struct uio *u, void *buf, uint64_t n, bool from_uio);
/* n (bytes a mover of its own moved, or -errno), advancing u by it. */
long uio_advance(struct uio *u, long n);

/* A node's attributes: what stat(2) reports. */
struct vattr {
	uint32_t mode;		/* S_IFMT type and permission bits */
	uint32_t nlink;
	uint32_t uid, gid;
	uint64_t ino;
	uint64_t size;
	uint64_t blocks;	/* 512-byte units */
	uint32_t blksize;
	uint64_t rdev;		/* S_IFCHR/S_IFBLK: makedev(major, minor) */
	struct kts atime, mtime, ctime;
};

/* What setattr changes: the fields whose VA_ bit is in mask. */
#define VA_MODE 1
#define VA_UID 2
#define VA_GID 4
#define VA_SIZE 8
#define VA_ATIME 16
#define VA_MTIME 32
struct vsetattr {
	unsigned mask;
	uint32_t mode, uid, gid;
	uint64_t size;
	struct kts atime, mtime;
};

/* One directory entry as readdir gives it. */
#define VNAME_MAX 255
struct vdirent {
	char name[VNAME_MAX + 1];
	uint64_t ino;
	uint8_t type;		/* DT_* */
};

/*
 * A file system type's operations on its nodes. An operation a type
 * lacks is NULL, and the layer answers for it (EPERM, EINVAL, ENOTDIR,
 * EROFS ... as Linux's VFS does). Names are one component (no '/'),
 * never "." or ".." except in lookup, at most VNAME_MAX bytes. Nodes
 * returned through out carry a reference for the caller.
 */
struct vnode_ops {
	/* directories */
	int (*lookup)(struct vnode *dir, const char *name, struct vnode **out);
	/* a new regular file, directory or FIFO (mode's S_IFMT) named name
	 * in dir: -EEXIST if the name is taken */
	int (*create)(struct vnode *dir, const char *name, uint32_t mode, struct vnode **out);
	/* a device node (S_IFCHR, S_IFBLK) naming rdev; none: EPERM */
	int (*mknod)(struct vnode *dir, const char *name, uint32_t mode, uint64_t rdev);
	int (*symlink)(struct vnode *dir, const char *name, const char *target);
	int (*link)(struct vnode *dir, const char *name, struct vnode *vn);
	/* removes name; rmdir says a directory (and it must be empty) */
	int (*unlink)(struct vnode *dir, const char *name, bool rmdir);
	/* within one file system (the layer checks); flags: RENAME_* */
	int (*rename)(struct vnode *fromdir, const char *from, struct vnode *todir,
		      const char *to, unsigned flags);
	/* the entry at *pos (a cookie the type chooses, 0 first) and *pos
	 * moved past it: 1, 0 at the end, or -errno. "." and ".." are the
	 * layer's: types list only real entries */
	int (*readdir)(struct vnode *dir, uint64_t *pos, struct vdirent *out);

	/* any node */
	int (*getattr)(struct vnode *vn, struct vattr *out);
	int (*setattr)(struct vnode *vn, const struct vsetattr *a);
	int (*readlink)(struct vnode *vn, char *buf, size_t size);	/* length */
	/* a magic link: 1 and the node it leads to (referenced), which a
	 * walk goes on from instead of its text; 0: follow the text */
	int (*jump)(struct vnode *vn, struct vnode **out);

	/* data: the byte count, or -errno if none moved */
	long (*read)(struct vnode *vn, struct file *f, uint64_t off, struct uio *u);
	long (*write)(struct vnode *vn, struct file *f, uint64_t off, struct uio *u);
	/* whole pages of a file from off (page-aligned), zero past its end:
	 * what mmap and lazily loaded programs map */
	int (*getpages)(struct vnode *vn, uint64_t off, void *const *pages, int npages);
	/* the file's own page at off (page-aligned), made where the file
	 * has a hole, with a reference for the caller (kfree drops it):
	 * what a MAP_SHARED mapping maps, so that its stores are the
	 * file's bytes; write: the mapping may store to it (FAT writes
	 * such pages back). -ENXIO at or past the end, -ENOSPC. A type
	 * without it has its shared mappings copied and written back */
	int (*lendpage)(struct vnode *vn, uint64_t off, bool write, void **page);
	int (*fsync)(struct vnode *vn);
	/* where lseek's SEEK_END counts from when it is not the size
	 * getattr gives: a block device's bytes (st_size 0), or -EINVAL
	 * where Linux's seq_file refuses SEEK_END */
	int64_t (*seek_end)(struct vnode *vn);

	/* open files of devices and FIFOs: per-open state in f, ioctl */
	int (*open)(struct vnode *vn, struct file *f, int flags);
	void (*close)(struct vnode *vn, struct file *f);
	int (*ioctl)(struct vnode *vn, struct file *f, uint64_t req, uint64_t arg);
	/* what the open file is ready for now (POLL* bits); a type that
	 * has it calls poll_wake when that changes. Without it a file is
	 * always ready to read and write, as Linux's default */
	int (*poll)(struct vnode *vn, struct file *f);

	/* the last reference went: free what the type keeps for it (a
	 * type may keep the node cached instead). Called with no lock
	 * held; a lookup may have taken a new reference meanwhile, so the
	 * type checks under its own lock that ref is still 0. */
	void (*inactive)(struct vnode *vn);
	/* what names the file's bytes on its vfs while they stay the same
	 * (FAT: its first cluster), the text cache's key; NULL or 0: the
	 * file's pages are not kept in it */
	uint32_t (*text_id)(struct vnode *vn);
};

/* statfs(2)'s answer. */
struct vstatfs {
	uint64_t type;		/* MSDOS_SUPER_MAGIC, TMPFS_MAGIC, PROC_SUPER_MAGIC ... */
	uint64_t bsize, blocks, bfree, bavail, files, ffree, namelen;
};

/* A file system type: the name mount(2) gives, and how to mount one. */
struct fstype {
	const char *name;	/* "vfat", "tmpfs", "proc", "devtmpfs" */
	bool needs_dev;		/* a block device as the source */
	/* its names change only by the layer's calls (rename, unlink,
	 * rmdir, mount, umount): a walk may remember the paths of
	 * its directories (namei.c); not so procfs, whose pids come and go */
	bool stable_names;
	/* a file may live in no directory: O_TMPFILE makes one (open.c) */
	bool unnamed_files;
	int (*mount)(struct vfs *vfs, struct bdev *dev, const char *options);
	int (*statfs)(struct vfs *vfs, struct vstatfs *out);
	int (*sync)(struct vfs *vfs);
	/* the machine stops with files open: let go of what no name
	 * reaches (FAT's files unlinked while open); may be NULL */
	void (*poweroff)(struct vfs *vfs);
	/* everything written out and freed; called once no node of it is
	 * referenced (the layer checks: EBUSY) */
	void (*unmount)(struct vfs *vfs);
};

/* A mounted file system (Linux's super_block and vfsmount in one). */
struct vfs {
	const struct fstype *type;
	struct vnode *root;	/* set by type->mount, referenced */
	struct vnode *covered;	/* the directory it is mounted on; NULL for "/" */
	struct bdev *dev;	/* NULL for types without one */
	uint64_t devno;		/* st_dev of its nodes */
	bool read_only;
	char source[32];	/* for /proc/mounts: "/dev/vda", "tmpfs" ... */
	void *priv;		/* the type's */
	int active;		/* atomic: its nodes with references (umount: EBUSY) */
	bool used;		/* a slot of the mount table (vfs.c) */
};

/* A node. The type fills vfs, ops, type and priv when it makes one. */
struct vnode {
	int ref;		/* atomic: vref, vput */
	uint32_t type;		/* S_IFMT bits: fixed for the node's life */
	struct vfs *vfs;
	const struct vnode_ops *ops;
	struct vfs *mounted;	/* a file system mounted on this directory (mount lock) */
	/* ETXTBSY: atomic; open files that may write it (> 0) or programs
	 * running from it (< 0), never both (vfs.c: Linux's i_writecount) */
	int writecount;
	/* shared mappings that may write (Linux's i_mmap_writable): atomic;
	 * < 0 once F_SEAL_WRITE denies them (vn_map_writable) */
	int mapwritable;
	/* memfd seals (F_SEAL_*): tmpfs's regular files only, under its
	 * lock; they only ever grow (fs/memfd.c) */
	uint32_t seals;
	void *priv;		/* the type's */
};

/* vfs.c: references, the mount table */
struct vnode *vref(struct vnode *vn);
void vput(struct vnode *vn);	/* NULL: nothing to do */
int vn_hold_writer(struct vnode *vn);	/* -ETXTBSY while a program runs from it */
void vn_drop_writer(struct vnode *vn);
int vn_hold_text(struct vnode *vn);	/* -ETXTBSY while open for writing */
void vn_drop_text(struct vnode *vn);
int vn_map_writable(struct vnode *vn);	/* a shared mapping that may write: -EPERM once sealed */
void vn_unmap_writable(struct vnode *vn);
int vn_deny_map_writable(struct vnode *vn);	/* F_SEAL_WRITE: -EBUSY while one exists */
int vfs_register(const struct fstype *t);
/* 1 if the type mounts a block device, 0 if not, -ENODEV if unknown. */
int vfs_type_needs_dev(const char *name);
/* Mounts a new file system of type on directory on (NULL: as "/");
 * flags: MS_RDONLY. */
int vfs_mount(const char *type, const char *source, struct vnode *on, unsigned long flags,
	      const char *options);
/* Unmounts the file system root is the root of; the caller holds one
 * reference to root, which a successful umount takes. -EINVAL if root
 * is not a root, -EBUSY while another reference to any of its nodes is
 * held (an open file, a cwd, a mount below it). */
int vfs_umount(struct vnode *root);
struct vnode *vfs_root(void);	/* "/", referenced; NULL if no root is mounted */
bool vfs_mounted(void);		/* whether a root is */
/* The root of what is mounted on vn, referenced, for each mount in
 * turn; vn itself (its reference passed on) if nothing is. */
struct vnode *vfs_cross(struct vnode *vn);
/* At boot: the root, then each of the boot list's mounts whose
 * directory exists (tmpfs on /tmp ...). */
void vfs_mount_boot(void);
/* Calls fn with every mounted file system (for /proc/mounts, sync). */
void vfs_each(void (*fn)(struct vfs *vfs, void *arg), void *arg);
int vfs_sync_all(void);
int vfs_sync(struct vfs *v);	/* one file system's: syncfs */
int vfs_poweroff(void);	/* each type's poweroff, then vfs_sync_all */
/* The i-th registered type, NULL past the last (/proc/filesystems). */
const struct fstype *vfs_type_at(int i);
int vn_getattr(struct vnode *vn, struct kstat *st);
/* vn's st_dev and st_ino (0 if it cannot say), for /proc/PID/maps */
void vn_ident(struct vnode *vn, uint64_t *dev, uint64_t *ino);
/* inline: read(2) and each step of a walk ask it */
static inline bool vn_is_dir(const struct vnode *vn) { return vn->type == S_IFDIR; }

/* namei.c: paths to nodes */
#define WALK_FOLLOW 1		/* follow a symlink in the last component */
#define WALK_DIR 2		/* the last component must be a directory */
/* The node path names, walked from start (the caller's cwd or a dirfd's
 * node) or from the root for an absolute path. */
int namei(struct vnode *start, const char *path, int flags, struct vnode **out);
/* The directory holding path's last component, and that component in
 * last: "" for "/", "." or ".." as written (the caller answers those
 * with the errno its call gives). */
int namei_parent(struct vnode *start, const char *path, struct vnode **dir,
		 char last[VNAME_MAX + 1]);
/* A rename, unlink, rmdir, mount or umount happened: the
 * paths walks remembered may be wrong now (the system calls call it). */
void vfs_names_changed(void);
/* The absolute path of directory vn, as getcwd gives it. */
int vn_path(struct vnode *vn, char *buf, size_t size);

#endif
