/*
 * Files: the mount table, paths to FAT volumes and their shared nodes,
 * open files, pipes, and the argument helpers of the file calls.
 */
#ifndef FS_FS_H
#define FS_FS_H
#include "kern/kern.h"

struct fat_node;
struct inode;
struct fat_dirent;
struct mount;

/* mount.c */
struct mount;
struct mount *mount_find(const char *abspath, const char **rel);
bool mount_below(const char *path);
void mount_root(void);
int mount_sync_all(void);
int fs_mount(const char *devpath, const char *target, bool ro);
bool fs_read_only(const char *abspath);
int fs_umount(const char *target);

/* dircache.c */
int dircache_walk(struct mount *m, const char *path, size_t len, struct fat_node *out);
void dircache_forget(void);

/* fs.c, inode.c */
struct inode;
struct fat_dirent;
void fsinit(void);
void fs_lock(void);
void fs_unlock(void);
int path_resolve(const char *cwd, const char *path, char *out);
int fs_walk_locked(const char *abspath, struct fat_node *out);
int fs_lookup(const char *abspath, struct fat_node *out);
int fs_stat(const char *abspath, struct kstat *st);
int fs_open(const char *abspath, int flags, struct inode **out);
void fs_close(struct inode *ip, bool writable);
int fs_mkdir(const char *abspath);
int fs_remove(const char *abspath, bool dir);
int fs_rename(const char *from, const char *to);
int fs_sync(void);
int fs_lookup_in(struct inode *dir, const char *name, struct fat_node *out);
long fs_read(struct inode *ip, uint64_t off, void *buf, size_t n);
struct upages;	/* mm.h */
long fs_read_user(struct inode *ip, uint64_t off, const struct upages *u, uint64_t uaddr,
		  size_t n);
int fs_read_pages(struct inode *ip, uint64_t off, void *const *pages, int npages);
long fs_write(struct inode *ip, uint64_t off, const void *buf, size_t n);
int fs_truncate(struct inode *ip, uint64_t size);
/* What utimensat changes: each time only if its set_ flag says so. */
struct fat_times {
	bool set_write, set_access;
	uint16_t wdate, wtime, adate;
};
int fs_set_times(const char *abspath, const struct fat_times *t);
int fs_readdir(struct inode *ip, uint32_t *pos, struct fat_dirent *de);
void fat_node_stat(const struct mount *m, const struct fat_node *n, struct kstat *st);
struct inode *ifind(const struct mount *m, const struct fat_node *n);
struct inode *iget(struct mount *m, const struct fat_node *n);
bool iany(const struct mount *m);
void iforget(const struct mount *m, const struct fat_node *n);
void iforget_volume(const struct mount *m);
void iput(struct inode *ip, bool writer);
void idup(struct inode *ip);
int iwriter(struct inode *ip);
int ihold_text(struct inode *ip);
void irelease_text(struct inode *ip);

/* file.c */
struct file *filealloc(void);
struct file *filedup(struct file *);
void fileclose(struct file *);
ssize_t fileread(struct file *, uint64_t addr, size_t n, bool user);
int fileread_pages(struct file *f, void *const *pages, int n);
ssize_t filewrite(struct file *, uint64_t addr, size_t n, bool user);
ssize_t file_pread(struct file *, uint64_t addr, size_t n, uint64_t off);
ssize_t file_pwrite(struct file *, uint64_t addr, size_t n, uint64_t off);
int file_truncate(struct file *, uint64_t size);
int64_t filelseek(struct file *, int64_t off, int whence);
int filestat(struct file *, struct kstat *);
int path_stat(const char *abspath, struct kstat *st);
int file_open(const char *abspath, int flags, struct file **out);
int file_reopen(struct file *f, struct file **out);
struct file *console_file(void);
/* file.c: the descriptor table (struct fdtable, proc.h) */
struct fdslot;
struct fdtable;
struct fdslot *fd_slot(struct proc *p, int fd);
int fd_reserve(int minfd);
void fd_install(int fd, struct file *f, bool cloexec);
int fdalloc(struct file *f, int minfd, bool cloexec);
int fd_replace(int fd, struct file *f, bool cloexec);
int fd_close(int fd);
int fdtable_copy(struct fdtable *dst, const struct fdtable *src);
void fdtable_exec(struct fdtable *t);
void fdtable_free(struct fdtable *t);

/* sysfile.c: argument helpers the other system calls share */
int fd_file(int fd, struct file **f);
int at_path(int dirfd, int n, char *out);

/* statx.c */
int stat_at(int dirfd, int flags, struct kstat *st);

/* procfs.c, devfs.c: register the types (at boot, before mounts) */
void procfs_init(void);
void devfs_init(void);
/* devfs_tty.c: the console's terminal ioctls */
int tty_ioctl(uint64_t req, uint64_t arg);

/* pipe.c */
struct pipe;
int pipe_alloc(struct file **rf, struct file **wf);
void pipe_close(struct pipe *pi, bool writer);
ssize_t pipe_write(struct pipe *pi, uint64_t addr, size_t n, bool user, bool nonblock);
ssize_t pipe_read(struct pipe *pi, uint64_t addr, size_t n, bool user, bool nonblock);
#endif
