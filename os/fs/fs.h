/*
 * Files: open files, pipes, and the argument helpers of the file calls.
 * The layer under them (nodes, mounts, paths) is vfs.h's.
 */
#ifndef FS_FS_H
#define FS_FS_H
#include "kern/kern.h"

struct vnode;

/* vfs.c (the layer's own calls are in vfs.h) */
void fsinit(void);
/* fatfs.c, tmpfs_vfs.c */
void fatfs_register(void);
void tmpfs_register(void);
/* path.c */
int path_resolve(const char *cwd, const char *path, char *out, size_t size);

/* file.c */
struct file *filealloc(void);
struct file *filedup(struct file *);
void fileclose(struct file *);
/* The most one read or write moves, as Linux's: INT_MAX rounded down
 * to a page. */
#define MAX_RW_COUNT 0x7ffff000L

/*
 * What Linux's vfs_read and vfs_write ask of a user buffer before any
 * transfer: that it lies below the top of the user's half (access_ok:
 * EFAULT, a count of 0 too; a 32-bit process's zero-extended addresses
 * always do), and a count of at most MAX_RW_COUNT, a longer one cut to
 * it. The count to move, or -EFAULT. Inline: every read and write asks.
 */
static inline ssize_t user_rw_count(uint64_t addr, size_t n)
{
	if (n > MAXVA || addr > MAXVA - n)
		return -EFAULT;
	return n < (size_t)MAX_RW_COUNT ? (ssize_t)n : MAX_RW_COUNT;
}
ssize_t fileread(struct file *, uint64_t addr, size_t n, bool user);
int fileread_pages(struct file *f, void *const *pages, int n);
ssize_t filewrite(struct file *, uint64_t addr, size_t n, bool user);
ssize_t file_pread(struct file *, uint64_t addr, size_t n, uint64_t off);
ssize_t file_kread_at(struct file *f, void *buf, size_t n, uint64_t off);
ssize_t file_kwrite_at(struct file *f, const void *buf, size_t n, uint64_t off);
ssize_t file_pwrite(struct file *, uint64_t addr, size_t n, uint64_t off);
int file_truncate(struct file *, uint64_t size);
int64_t filelseek(struct file *, int64_t off, int whence);
int filestat(struct file *, struct kstat *);
int file_reopen(struct file *f, struct file **out);
/* open.c */
struct vnode *cwd_ref(void);
uint32_t mode_umask(uint32_t mode);
int vfs_create_at(struct vnode *start, const char *path, uint32_t mode, struct vnode **out);
int vfs_mknod_at(struct vnode *start, const char *path, uint32_t mode, uint64_t rdev);
int file_openat(struct vnode *start, const char *path, int flags, uint32_t mode,
		struct file **out);
int file_open(const char *path, int flags, struct file **out);
int path_absolute(struct vnode *start, const char *path, char *out, size_t size);
int path_real(struct vnode *start, const char *path, char *out, size_t size);
void memfd_init(void);
int memfd_fcntl(struct file *f, int cmd, uint64_t arg);	/* F_ADD_SEALS, F_GET_SEALS */
/* file.c: the descriptor table (struct fdtable, proc.h) */
struct fdslot;
struct fdtable;
struct fdslot *fd_slot(struct proc *p, int fd);
int fd_reserve(int minfd);
int fd_install(int fd, struct file *f, bool cloexec);
int fdalloc(struct file *f, int minfd, bool cloexec);
int fd_replace(int fd, struct file *f, bool cloexec);
int fd_close(int fd);
void fd_close_range(unsigned lo, unsigned hi, bool cloexec);
int fdtable_copy(struct fdtable *dst, const struct fdtable *src);
void fdtable_exec(struct fdtable *t);
void fdtable_free(struct fdtable *t);

/* sysfile.c: argument helpers the other system calls share */
int fd_file(int fd, struct file **f);
void fd_unborrow(struct proc *p);
struct file *fd_ref(int fd);
/* A user path argument (upath_get): most are short and stay in buf, on
 * the caller's stack; a longer one, up to PATH_MAX, is copied into a
 * page (upath_put frees it). s is the path. */
#define UPATH_SHORT 192
struct upath {
	char *s;
	char buf[UPATH_SHORT];
};
int upath_get(int n, struct upath *up);
int ustring_get(int n, struct upath *up);	/* "" too */
void upath_put(struct upath *up);
int at_start(int dirfd, const char *path, struct vnode **out);
int at_walk(int dirfd, int n, int flags, struct vnode **out);
bool empty_path_arg(int n);

/* sysdir.c: a getdents64 d_off (lseek on a directory) as its place */
void dir_seek(struct file *f, uint64_t c);

/* statx.c */
int stat_at(int dirfd, int flags, struct kstat *st);

/* procfs.c, devfs.c: register the types (at boot, before mounts) */
void procfs_init(void);
void devfs_init(void);
/* A device node of any type in *vn becomes devfs's node of its numbers
 * (the old reference dropped, or -ENXIO with none left); any other
 * node stays. */
int devfs_resolve(struct vnode **vn);
/* devfs_tty.c: the tty's files: the controlling tty, job control, ioctls */
int tty_open(bool alias, int flags);
int tty_read_check(void);
int tty_write_check(void);
int tty_ioctl(uint64_t req, uint64_t arg);

/* lock.c: fcntl's record locks and flock(2) */
int lock_fcntl(struct file *f, int cmd, uint64_t addr);
void lock_close_posix(struct vnode *vn, int tgid);
void lock_close_file(struct file *f);

/* pipe.c */
struct pipe;
int pipe_alloc(struct file **rf, struct file **wf);
bool pipe_close(struct pipe *pi, bool writer);
struct pipe *pipe_new(void);
void pipe_open(struct pipe *pi, bool reader, bool writer);
int pipe_wait_peer(struct pipe *pi, bool writer);
bool pipe_has_reader(struct pipe *pi);
ssize_t pipe_write(struct pipe *pi, uint64_t addr, size_t n, bool user, bool nonblock);
ssize_t pipe_read(struct pipe *pi, uint64_t addr, size_t n, bool user, bool nonblock);
int pipe_poll(struct pipe *pi, bool reader, bool writer);
long pipe_get_size(struct pipe *pi);
long pipe_set_size(struct pipe *pi, uint64_t size);
int pipe_wait_bytes(struct pipe *pi, bool nonblock);
bool pipe_at_eof(struct pipe *pi);
int64_t pipe_wait_room(struct pipe *pi, bool nonblock);
size_t pipe_peek(struct pipe *pi, void *buf, size_t n, uint64_t *at);
void pipe_take(struct pipe *pi, uint64_t at, size_t n);
ssize_t pipe_link(struct pipe *in, struct pipe *out, size_t n, bool take);

/* poll.c: a change a poller may wait for (a pipe's, the tty's input);
 * the wait of ppoll, pselect6 and epoll_pwait */
void poll_wake(void);
int poll_loop(int (*scan)(void *arg, uint64_t *due), void *arg, uint64_t deadline, bool once);
void poll_due(uint64_t *due, uint64_t t);
uint64_t poll_gen(void);
void poll_hold(int delta);
int poll_sigmask(uint64_t umask, uint64_t size, bool *swapped);
#endif
