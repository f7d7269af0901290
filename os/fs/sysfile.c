/* File system calls: descriptors, paths, reads and writes (directories: sysdir.c). */
#include "kern/kern.h"
#include "dev/dev.h"
#include "mm/mm.h"
#include "fs/fs.h"
#include "fs/file.h"
#include "fs/vfs.h"
#include "fs/walk.h"
#include "kern/syscall.h"
#include "uapi/linux/uio.h"
#include "uapi/linux/close_range.h"


/* String argument n into up, "" too: the short copy first (a page
 * taken and freed costs a stat of a short path 12% more), a longer one
 * up to PATH_MAX (4096 bytes with the NUL, which no kernel stack can
 * spare) into a page of its own. */
_Static_assert(WALK_PATH_MAX <= PGSIZE, "a path fits a page");
static inline int string_get(int n, struct upath *up)
{
	int err = argstr(n, up->buf, UPATH_SHORT);

	up->s = up->buf;
	if (err == -ENAMETOOLONG) {
		up->s = kalloc();
		err = up->s ? argstr(n, up->s, WALK_PATH_MAX) : -ENOMEM;
	}
	if (err < 0)
		upath_put(up);
	return err;
}

/* User path argument n into up (upath_put it after): -EFAULT,
 * -ENAMETOOLONG, -ENOMEM, and -ENOENT for "" (as Linux's getname:
 * before the dirfd is looked at; AT_EMPTY_PATH's callers look for ""
 * first). */
int upath_get(int n, struct upath *up)
{
	int err = string_get(n, up);

	if (err == 0 && up->s[0] == 0) {
		upath_put(up);
		err = -ENOENT;
	}
	return err;
}

/* A string argument of a path's length that may be "" (a mount's
 * source). */
int ustring_get(int n, struct upath *up) { return string_get(n, up); }

void upath_put(struct upath *up)
{
	if (up->s != up->buf)
		kfree(up->s);
	up->s = up->buf;
}

/* The node a path is walked from: the cwd, or dirfd's directory,
 * referenced; NULL for an absolute path (dirfd is not looked at, as
 * Linux does not), which namei walks from the root. */
int at_start(int dirfd, const char *path, struct vnode **out)
{
	struct file *dir;
	int err;

	if (path[0] == '/') {
		*out = NULL;
		return 0;
	}
	if (dirfd == AT_FDCWD) {
		*out = cwd_ref();
		return 0;
	}
	if ((err = fd_file(dirfd, &dir)) < 0)
		return err;
	if (!file_is_dir(dir))
		return -ENOTDIR;
	*out = vref(dir->vn);
	return 0;
}

/* The node user path argument n names, walked from dirfd (namei's flags). */
int at_walk(int dirfd, int n, int flags, struct vnode **out)
{
	struct upath path;
	struct vnode *start;
	int err = upath_get(n, &path);

	if (err < 0)
		return err;
	if ((err = at_start(dirfd, path.s, &start)) == 0) {
		err = namei(start, path.s, flags, out);
		vput(start);
	}
	upath_put(&path);
	return err;
}

uint64_t sys_openat(void)
{
	int flags = argraw(2);
	struct vnode *start;
	struct file *f;
	struct upath path;
	int fd = fd_reserve(0);	/* first: a full table is EMFILE, whatever the path */
	int err = fd < 0 ? fd : upath_get(1, &path);

	if (err < 0)
		return err;
	if ((err = at_start(argraw(0), path.s, &start)) == 0) {
		size_t n = strlen(path.s);
		bool slash = n > 0 && path.s[n - 1] == '/';
		int f2 = slash ? (flags & ~(O_CREAT | O_EXCL)) | O_DIRECTORY : flags;
		/* "name/" names a directory, never a new file */
		err = file_openat(start, path.s, f2, argraw(3), &f);
		if (err == -ENOENT && slash && (flags & O_CREAT))
			err = -EISDIR;
		vput(start);
	}
	upath_put(&path);
	if (err < 0)
		return err;
	return fd_install(fd, f, flags & O_CLOEXEC);
}

uint64_t sys_ftruncate(void)
{
	struct file *f;
	int64_t size = argraw(1);
	int err = fd_file(argraw(0), &f);

	if (err < 0)
		return err;
	return size < 0 ? -EINVAL : file_truncate(f, size);
}

/* pread64 and pwrite64: fd, buffer, count, offset. */
static uint64_t positional_io(bool write)
{
	struct file *f;
	int64_t off = argraw(3);
	int err = fd_file(argraw(0), &f);

	if (err < 0)
		return err;
	if (off < 0)
		return -EINVAL;
	return write ? file_pwrite(f, argraw(1), argraw(2), off)
		     : file_pread(f, argraw(1), argraw(2), off);
}

uint64_t sys_pread64(void) { return positional_io(false); }
uint64_t sys_pwrite64(void) { return positional_io(true); }

uint64_t sys_sync(void)
{
	vfs_sync_all();
	return 0;
}

uint64_t sys_fsync(void)
{
	struct file *f;
	int err = fd_file(argraw(0), &f);

	if (err < 0)
		return err;
	if (f->type != FD_VNODE)
		return -EINVAL;	/* Linux: a pipe or the console cannot be synced */
	return f->vn->ops->fsync ? f->vn->ops->fsync(f->vn) : 0;
}

/* syncfs(fd): the file system fd's file is on; a pipe's or a kernel
 * object's (Linux's pipefs, sockfs, anon inodes) has nothing to write. */
uint64_t sys_syncfs(void)
{
	struct file *f;
	int err = fd_file(argraw(0), &f);

	if (err < 0 || f->type != FD_VNODE)
		return err;
	return vfs_sync(f->vn->vfs);
}

#define SYNC_FILE_RANGE_VALID 7	/* WAIT_BEFORE, WRITE, WAIT_AFTER */
#define SYNC_FILE_RANGE_WRITE 2

/*
 * sync_file_range(fd, offset, nbytes, flags), Linux 6.1's checks in its
 * order: flags, the range (EINVAL), then a file that has pages (a
 * regular file, a directory, a link, a block device; else ESPIPE).
 * With SYNC_FILE_RANGE_WRITE the file is flushed, all of it (its type's
 * fsync writes a file whole); without it there is nothing to wait for,
 * as no write of a page is ever left in flight here.
 */
uint64_t sys_sync_file_range(void)
{
	uint64_t off = argraw(1), end = off + argraw(2);
	unsigned flags = argraw(3);
	struct file *f;
	int err = fd_file(argraw(0), &f);

	if (err < 0)
		return err;
	if (flags & ~SYNC_FILE_RANGE_VALID)
		return -EINVAL;
	if ((int64_t)off < 0 || (int64_t)end < 0 || end < off)
		return -EINVAL;
	uint32_t fmt = file_fmt(f);
	if (fmt != S_IFREG && fmt != S_IFBLK && fmt != S_IFDIR && fmt != S_IFLNK)
		return -ESPIPE;
	if (!(flags & SYNC_FILE_RANGE_WRITE) || !f->vn->ops->fsync)
		return 0;
	return f->vn->ops->fsync(f->vn);
}

uint64_t sys_close(void)
{
	return fd_close(argraw(0));
}

/*
 * close_range(first, last, flags), as Linux 6.1's: closes (or with
 * CLOSE_RANGE_CLOEXEC marks) the open descriptors first..last; last
 * may be ~0U, "all above first". CLOSE_RANGE_UNSHARE asks for a table
 * of the caller's own first: a process alone already has one, but a
 * thread's table is its group's (proc.h) and cannot be split here, so
 * a thread with others alive is refused where Linux would copy.
 */
uint64_t sys_close_range(void)
{
	unsigned first = argraw(0), last = argraw(1), flags = argraw(2);

	if (flags & ~(CLOSE_RANGE_UNSHARE | CLOSE_RANGE_CLOEXEC))
		return -EINVAL;
	if (first > last)
		return -EINVAL;
	if ((flags & CLOSE_RANGE_UNSHARE) && group_shared(myproc()))
		return -EINVAL;
	fd_close_range(first, last, flags & CLOSE_RANGE_CLOEXEC);
	return 0;
}

uint64_t sys_read(void)
{
	struct file *f;
	int err = fd_file(argraw(0), &f);

	return err < 0 ? err : fileread(f, argraw(1), argraw(2), true);
}

uint64_t sys_write(void)
{
	struct file *f;
	int err = fd_file(argraw(0), &f);

	return err < 0 ? err : filewrite(f, argraw(1), argraw(2), true);
}

uint64_t sys_lseek(void)
{
	struct file *f;
	int err = fd_file(argraw(0), &f);

	return err < 0 ? err : filelseek(f, argraw(1), argraw(2));
}

uint64_t sys_pipe2(void)
{
	uint64_t fdarray = argraw(0);
	int flags = argraw(1);
	struct file *rf, *wf;
	int err;

	if (flags & ~(O_CLOEXEC | O_NONBLOCK))
		return -EINVAL;
	if ((err = pipe_alloc(&rf, &wf)) < 0)
		return err;
	rf->nonblock = wf->nonblock = flags & O_NONBLOCK;
	int fd[2] = { fdalloc(rf, 0, flags & O_CLOEXEC), -1 };
	if (fd[0] >= 0)
		fd[1] = fdalloc(wf, 0, flags & O_CLOEXEC);
	if (fd[1] >= 0 && copyout(myproc()->pagetable, fdarray, fd, sizeof(fd)) == 0)
		return 0;
	err = fd[0] < 0 ? fd[0] : fd[1] < 0 ? fd[1] : -EFAULT;
	/* a file with a descriptor goes with it, one without here */
	if (fd[0] >= 0)
		fd_close(fd[0]);
	else
		fileclose(rf);
	if (fd[1] >= 0)
		fd_close(fd[1]);
	else
		fileclose(wf);
	return err;
}

uint64_t sys_dup(void)
{
	struct file *f;
	int err = fd_file(argraw(0), &f);

	if (err < 0)
		return err;
	int fd = fdalloc(f, 0, false);
	if (fd >= 0)
		filedup(f);
	return fd;
}

uint64_t sys_dup3(void)
{
	int oldfd = argraw(0), newfd = argraw(1), flags = argraw(2);
	struct file *f;
	int err = fd_file(oldfd, &f);

	if (err < 0)
		return err;
	if (newfd < 0 || (uint64_t)newfd >= myproc()->leader->nofile_limit[0])
		return -EBADF;
	if (oldfd == newfd || (flags & ~O_CLOEXEC))
		return -EINVAL;
	filedup(f);
	if ((err = fd_replace(newfd, f, flags & O_CLOEXEC)) < 0)
		fileclose(f);
	return err;
}

static int stat_out(struct file *f, uint64_t addr)
{
	struct kstat st;

	filestat(f, &st);
	return copyout(myproc()->pagetable, addr, &st, sizeof(st));
}

uint64_t sys_fstat(void)
{
	struct file *f;
	int err = fd_file(argraw(0), &f);

	return err < 0 ? err : stat_out(f, argraw(1));
}

/* Whether user path argument n is "" (AT_EMPTY_PATH's case). */
bool empty_path_arg(int n)
{
	char c;

	return copyin(myproc()->pagetable, &c, argraw(n), 1) == 0 && c == 0;
}

/* What newfstatat and statx share: the file that dirfd and the path in
 * argument 1 name (with flags' AT_EMPTY_PATH), stat'ed into *st. */
int stat_at(int dirfd, int flags, struct kstat *st)
{
	struct vnode *vn, *start;
	struct file *f;
	struct upath path;
	int err;

	if (flags & ~(AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT))
		return -EINVAL;
	if ((flags & AT_EMPTY_PATH) && empty_path_arg(1)) {
		if (dirfd != AT_FDCWD) {
			if ((err = fd_file(dirfd, &f)) == 0)
				err = filestat(f, st);
			return err;
		}
		vn = cwd_ref();
	} else {
		if ((err = upath_get(1, &path)) < 0)
			return err;
		if ((err = at_start(dirfd, path.s, &start)) == 0) {
			err = namei(start, path.s, (flags & AT_SYMLINK_NOFOLLOW) ? 0 : WALK_FOLLOW, &vn);
			vput(start);
		}
		upath_put(&path);
		if (err < 0)
			return err;
	}
	err = vn_getattr(vn, st);
	vput(vn);
	return err;
}

uint64_t sys_newfstatat(void)
{
	struct kstat st;
	int err = stat_at(argraw(0), argraw(3), &st);

	return err < 0 ? err : copyout(myproc()->pagetable, argraw(2), &st, sizeof(st));
}

uint64_t sys_ioctl(void)
{
	struct file *f;
	int err = fd_file(argraw(0), &f);

	if (err < 0)
		return err;
	if (f->type != FD_VNODE || !f->vn->ops->ioctl)
		return -ENOTTY;	/* a pipe, a file: what Linux says */
	/* The request is an unsigned int, as Linux's: musl passes an int,
	 * whose sign extension (a read request has bit 31) must not count. */
	return f->vn->ops->ioctl(f->vn, f, (uint32_t)argraw(1), argraw(2));
}

uint64_t sys_fcntl(void)
{
	int fd = argraw(0), cmd = argraw(1);
	uint64_t arg = argraw(2);
	struct file *f;
	int err = fd_file(fd, &f);

	if (err < 0)
		return err;
	switch (cmd) {
	case F_DUPFD:
	case F_DUPFD_CLOEXEC: {
		if (arg >= myproc()->leader->nofile_limit[0])
			return -EINVAL;
		int nfd = fdalloc(f, arg, cmd == F_DUPFD_CLOEXEC);
		if (nfd >= 0)
			filedup(f);
		return nfd;
	}
	case F_GETFD:
		return fd_slot(myproc(), fd)->cloexec ? FD_CLOEXEC : 0;
	case F_SETFD:
		fd_slot(myproc(), fd)->cloexec = arg & FD_CLOEXEC;
		return 0;
	case F_GETFL:
		return (f->readable && f->writable ? O_RDWR : f->writable ? O_WRONLY : O_RDONLY) |
		       (f->append ? O_APPEND : 0) | (f->nonblock ? O_NONBLOCK : 0);
	case F_SETFL:	/* the status flags that mean anything here */
		f->append = arg & O_APPEND;
		f->nonblock = arg & O_NONBLOCK;
		return 0;
	case F_GETLK:
	case F_SETLK:
	case F_SETLKW:
	case F_OFD_GETLK:
	case F_OFD_SETLK:
	case F_OFD_SETLKW:
		return lock_fcntl(f, cmd, arg);
	case F_GETPIPE_SZ:
	case F_SETPIPE_SZ:
		if (f->type != FD_PIPE)
			return -EBADF;	/* a FIFO's too, here */
		return cmd == F_GETPIPE_SZ ? pipe_get_size(f->pipe) : pipe_set_size(f->pipe, arg);
	case F_ADD_SEALS:
	case F_GET_SEALS:
		return memfd_fcntl(f, cmd, arg);
	}
	return -EINVAL;
}

/* Entry i of a user iovec array: 16 bytes, or 8 (two 4-byte words) from
 * a 32-bit process. */
static int iovec_at(uint64_t iov, int i, struct iovec *v)
{
	struct proc *p = myproc();
	uint32_t v32[2];

	if (!p->is32)
		return copyin(p->pagetable, v, iov + i * sizeof(*v), sizeof(*v));
	if (copyin(p->pagetable, v32, iov + i * sizeof(v32), sizeof(v32)) < 0)
		return -EFAULT;
	*v = (struct iovec){ v32[0], v32[1] };
	return 0;
}

/* The iovec array's checks before any transfer, as Linux's
 * import_iovec: EFAULT for an entry that cannot be read or a buffer
 * outside the user's half, EINVAL for a negative length. 0 or -errno. */
static int iovecs_check(uint64_t iov, int cnt)
{
	bool is32 = myproc()->is32;

	for (int i = 0; i < cnt; i++) {
		struct iovec v;
		if (iovec_at(iov, i, &v) < 0)
			return -EFAULT;
		if (is32 ? (int32_t)v.len < 0 : (int64_t)v.len < 0)
			return -EINVAL;
		if (user_rw_count(v.base, v.len) < 0)
			return -EFAULT;
	}
	return 0;
}

/* readv, writev, preadv, pwritev and the v2 calls: one transfer per
 * iovec, in order, stopping at the first short one, MAX_RW_COUNT bytes
 * in all at most (the iovecs past it cut, as Linux's). off < 0: at the
 * file offset. append (pwritev2's RWF_APPEND, a node's file): each at
 * the file's end, and with off < 0 the offset moved past it. */
static int64_t vector_io(bool write, int64_t off, bool append)
{
	struct file *f;
	uint64_t iov = argraw(1);
	int cnt = argraw(2);
	int64_t done = 0;
	int err = fd_file(argraw(0), &f);

	if (err < 0)
		return err;
	if (cnt < 0 || cnt > UIO_MAXIOV)
		return -EINVAL;
	if ((err = iovecs_check(iov, cnt)) < 0)
		return err;
	for (int i = 0; i < cnt && done < MAX_RW_COUNT; i++) {
		struct iovec v;
		if (iovec_at(iov, i, &v) < 0)
			return done ? done : -EFAULT;
		v.len = MIN(v.len, (size_t)(MAX_RW_COUNT - done));
		if (v.len == 0)
			continue;
		int64_t at = append ? (int64_t)file_size(f) : off < 0 ? -1 : off + done;
		ssize_t n = at < 0 ? (write ? filewrite(f, v.base, v.len, true)
					    : fileread(f, v.base, v.len, true))
				   : (write ? file_pwrite(f, v.base, v.len, at)
					    : file_pread(f, v.base, v.len, at));
		if (n < 0)
			return done ? done : n;
		if (append && off < 0)
			f->off = at + n;
		done += n;
		if ((uint64_t)n < v.len)
			break;
	}
	return done;
}

uint64_t sys_readv(void) { return vector_io(false, -1, false); }
uint64_t sys_writev(void) { return vector_io(true, -1, false); }

uint64_t sys_preadv(void)
{
	int64_t off = argraw(3);
	return off < 0 ? -EINVAL : vector_io(false, off, false);
}

uint64_t sys_pwritev(void)
{
	int64_t off = argraw(3);
	return off < 0 ? -EINVAL : vector_io(true, off, false);
}

/* Whether the iovecs of a readv-like call's arguments 1 and 2 hold a
 * byte (one that cannot be read counts: the transfer's EFAULT comes
 * first, as import_iovec's does on Linux). */
static bool iovecs_nonempty(void)
{
	int cnt = argraw(2);
	struct iovec v;

	for (int i = 0; i < cnt; i++)
		if (iovec_at(argraw(1), i, &v) < 0 || v.len)
			return true;
	return false;
}

/*
 * preadv2/pwritev2's flags, as Linux 6.1's kiocb_set_rw_flags checks
 * them: only for a transfer of a byte or more, unknown ones
 * EOPNOTSUPP. RWF_NOWAIT needs a file that can say EAGAIN instead of
 * waiting for its disk (FMODE_NOWAIT), and no file here is one: 6.1
 * gives it to ext4's, XFS's and btrfs's files and block devices, not
 * to tmpfs, vfat, proc, pipes or sockets. RWF_HIPRI asks for polled
 * completion of direct I/O, which has no meaning here, as on Linux for
 * buffered I/O; RWF_DSYNC and RWF_SYNC are done after the write.
 */
static int rwf_check(int rwf)
{
	if (rwf & ~RWF_SUPPORTED)
		return -EOPNOTSUPP;
	if (rwf & RWF_NOWAIT)
		return -EOPNOTSUPP;
	return 0;
}

/* preadv2/pwritev2(fd, iov, cnt, pos_lo, pos_hi, flags), Linux 6.1's
 * checks in its order: rv64 takes the whole position from pos_lo, and
 * -1 is the file offset (readv and writev with flags). */
static int64_t vector_io2(bool write)
{
	int64_t off = argraw(3);
	int rwf = argraw(5), cnt = argraw(2);
	struct file *f;
	int err;

	if (off < -1)
		return -EINVAL;
	if ((err = fd_file(argraw(0), &f)) < 0)
		return err;
	if (off >= 0 && (f->type != FD_VNODE || f->nonseekable))
		return -ESPIPE;
	if (cnt < 0 || cnt > UIO_MAXIOV)
		return -EINVAL;
	if (write ? !f->writable : !f->readable)
		return -EBADF;
	if (rwf && iovecs_nonempty() && (err = rwf_check(rwf)) < 0)
		return err;
	bool append = write && (rwf & RWF_APPEND) && f->type == FD_VNODE && !f->nonseekable;
	int64_t n = vector_io(write, off, append);
	if (n > 0 && write && (rwf & (RWF_DSYNC | RWF_SYNC)) && f->type == FD_VNODE &&
	    f->vn->ops->fsync && (err = f->vn->ops->fsync(f->vn)) < 0)
		return err;
	return n;
}

uint64_t sys_preadv2(void) { return vector_io2(false); }
uint64_t sys_pwritev2(void) { return vector_io2(true); }
