/*
 * Open files: pipes and nodes of any file system (the console and the
 * disks are devfs's), behind one read/write/lseek/stat interface that system calls
 * and exec share.
 */
#include "kern/kern.h"
#include "dev/dev.h"
#include "mm/mm.h"
#include "fs/fs.h"
#include "fs/file.h"
#include "fs/vfs.h"
#include "uapi/linux/resource.h"

/*
 * The open files. A file's ref changes atomically: fork's dups and
 * exit's closes need no lock. ftable.lock serialises only the taking of
 * a free slot (ref 0); the last close empties the slot before it stores
 * the 0, and the holder of the only reference is the only one who can
 * change it, so a slot seen free is free.
 */
static struct {
	struct spinlock lock;	/* guards taking a slot */
	struct file file[NFILE];
} ftable = { .lock = SPINLOCK_INIT("ftable", LOCK_LEAF) };

struct file *filealloc(void)
{
	static uint64_t serial;	/* under ftable.lock */

	acquire(&ftable.lock);
	for (struct file *f = ftable.file; f < ftable.file + NFILE; f++) {
		if (__atomic_load_n(&f->ref, __ATOMIC_ACQUIRE) == 0) {
			memset(f, 0, sizeof(*f));
			f->serial = ++serial;
			__atomic_store_n(&f->ref, 1, __ATOMIC_RELEASE);
			release(&ftable.lock);
			return f;
		}
	}
	release(&ftable.lock);
	return NULL;
}

struct file *filedup(struct file *f)
{
	if (__atomic_fetch_add(&f->ref, 1, __ATOMIC_RELAXED) < 1)
		panic("filedup");
	return f;
}

/* Lets go of what file_openat took of f's node. */
static void vnode_close(struct file *f)
{
	if (f->vn->ops->close)
		f->vn->ops->close(f->vn, f);
	if (f->writable)
		vn_drop_writer(f->vn);
	vput(f->vn);
}

void fileclose(struct file *f)
{
	int ref = __atomic_load_n(&f->ref, __ATOMIC_ACQUIRE);

	for (;;) {	/* drop a reference that is not the last */
		if (ref < 1)
			panic("fileclose");
		if (ref == 1)
			break;
		if (__atomic_compare_exchange_n(&f->ref, &ref, ref - 1, true, __ATOMIC_ACQ_REL,
						__ATOMIC_ACQUIRE))
			return;
	}
	/* the last reference, so no one else can reach the slot: it is
	 * closed in place (these may sleep) and only then seen free, not
	 * copied out first (a struct file is over 1 KiB with its path) */
	if (f->type == FD_PIPE)
		pipe_close(f->pipe, f->writable);
	else if (f->type == FD_OBJ)
		f->ops->close(f);
	else if (f->type == FD_VNODE) {
		lock_close_file(f);
		vnode_close(f);
	}
	f->type = FD_NONE;
	__atomic_store_n(&f->ref, 0, __ATOMIC_RELEASE);
}

uint64_t file_size(struct file *f)
{
	struct vattr a = { 0 };	/* the type's alone: no struct kstat to fill */
	const struct vnode_ops *ops = f->type == FD_VNODE ? f->vn->ops : NULL;

	return ops && ops->getattr && ops->getattr(f->vn, &a) == 0 ? a.size : 0;
}

/* A readable and writable file of a kernel object (FD_OBJ), with
 * O_NONBLOCK from flags; NULL (the object not taken) if none is free. */
struct file *file_obj(const struct file_ops *ops, void *obj, int end, int flags)
{
	struct file *f = filealloc();

	if (!f)
		return NULL;
	f->type = FD_OBJ;
	f->ops = ops;
	f->obj = obj;
	f->end = end;
	f->readable = f->writable = true;
	f->nonblock = flags & O_NONBLOCK;
	return f;
}

bool file_is_dir(struct file *f) { return f->type == FD_VNODE && vn_is_dir(f->vn); }

/* Another open file, read-only with its own offset, of f's node (a
 * lazily loaded program's, for a child of fork). */
int file_reopen(struct file *f, struct file **out)
{
	struct file *nf = filealloc();

	if (!nf)
		return -ENFILE;
	nf->type = FD_VNODE;
	nf->vn = vref(f->vn);
	nf->readable = true;
	strlcpy(nf->path, f->path, sizeof(nf->path));
	/* an open like any other for the type, whose close it will get */
	int err = nf->vn->ops->open ? nf->vn->ops->open(nf->vn, nf, O_RDONLY) : 0;
	if (err < 0) {
		nf->type = FD_NONE;	/* no close of the type's */
		vput(nf->vn);
		fileclose(nf);
		return err;
	}
	*out = nf;
	return 0;
}

/*
 * RLIMIT_FSIZE, as Linux's generic_write_check_limits: a write to a
 * regular file stops short at the soft limit, and one that would start
 * at or past it gets SIGXFSZ and EFBIG. The count allowed, or -EFBIG.
 */
static ssize_t fsize_check(struct file *f, struct file *file, uint64_t off, size_t n)
{
	uint64_t lim = myproc()->leader->fsize_limit[0];

	if (lim == RLIM_INFINITY || n == 0 || f->vn->type != S_IFREG)
		return n;
	if (file && file->append)
		off = file_size(f);	/* where the type will write */
	if (off >= lim) {
		kill_self(SIGXFSZ);
		return -EFBIG;
	}
	return MIN(n, lim - off);
}

/* Moves n bytes between f's node at off and memory at addr (the user's
 * if user); file is NULL for pread/pwrite, which neither append nor
 * move the offset. The count, or -errno if none moved. */
static ssize_t vnode_io(struct file *f, struct file *file, uint64_t addr, size_t n,
			uint64_t off, bool user, bool write)
{
	struct vnode *vn = f->vn;
	struct uio u = { addr, n, user };

	if (vn_is_dir(vn))
		return -EISDIR;
	if (!(write ? vn->ops->write : vn->ops->read))
		return -EINVAL;
	if (write) {
		ssize_t ok = fsize_check(f, file, off, n);
		if (ok < 0)
			return ok;
		u.resid = n = ok;
	}
	if (write && user)
		user_prefault(addr, n, PTE_R);
	return write ? vn->ops->write(vn, file, off, &u) : vn->ops->read(vn, file, off, &u);
}

/* Reads into user (or kernel) memory at addr, advancing the offset. */
ssize_t fileread(struct file *f, uint64_t addr, size_t n, bool user)
{
	if (!f->readable)
		return -EBADF;
	if (user && (ssize_t)(n = user_rw_count(addr, n)) < 0)
		return (ssize_t)n;
	if (f->type == FD_PIPE)
		return pipe_read(f->pipe, addr, n, user, f->nonblock);
	if (f->type == FD_OBJ)
		return f->ops->read ? f->ops->read(f, addr, n, user) : -EINVAL;
	ssize_t got = vnode_io(f, f, addr, n, f->off, user, false);
	if (got > 0)
		f->off += got;
	return got;
}

/*
 * read(2) into whole kernel pages, for exec: n pages of f's node from
 * its offset (page-aligned, as lseek set it), straight from the disk
 * into them where the type can (getpages), the offset moved past them.
 * Bytes past the end of the file come out zero. 0 or -errno.
 */
int fileread_pages(struct file *f, void *const *pages, int n)
{
	if (!f->readable || f->type != FD_VNODE || !f->vn->ops->getpages)
		return -EBADF;
	if (file_is_dir(f))
		return -EISDIR;
	if (f->off % PGSIZE)
		return -EINVAL;
	int err = f->vn->ops->getpages(f->vn, f->off, pages, n);
	if (err == 0)
		f->off += (uint64_t)n * PGSIZE;
	return err;
}

ssize_t filewrite(struct file *f, uint64_t addr, size_t n, bool user)
{
	if (!f->writable)
		return -EBADF;
	if (user && (ssize_t)(n = user_rw_count(addr, n)) < 0)
		return (ssize_t)n;
	if (f->type == FD_PIPE)
		return pipe_write(f->pipe, addr, n, user, f->nonblock);
	if (f->type == FD_OBJ)
		return f->ops->write ? f->ops->write(f, addr, n, user) : -EINVAL;
	if (f->type != FD_VNODE)
		return -EINVAL;
	/* with O_APPEND the type writes at the end and moves f->off itself */
	ssize_t put = vnode_io(f, f, addr, n, f->off, user, true);
	if (put > 0 && !f->append)
		f->off += put;
	return put;
}

/* pread64(2)/pwrite64(2): at off, without moving the file offset. */
static ssize_t file_positional(struct file *f, uint64_t addr, size_t n, uint64_t off,
			       bool write)
{
	if (write ? !f->writable : !f->readable)
		return -EBADF;
	if (f->type != FD_VNODE || f->nonseekable)
		return -ESPIPE;
	if ((ssize_t)(n = user_rw_count(addr, n)) < 0)
		return (ssize_t)n;
	return vnode_io(f, NULL, addr, n, off, true, write);
}

/* Reads n bytes at off into the kernel's buf, without moving the file
 * offset: a node's file only (sendfile's source). */
ssize_t file_kread_at(struct file *f, void *buf, size_t n, uint64_t off)
{
	if (!f->readable)
		return -EBADF;
	if (f->type != FD_VNODE || f->nonseekable)
		return -EINVAL;
	return vnode_io(f, NULL, (uint64_t)buf, n, off, false, false);
}

/* Writes n bytes of the kernel's buf at off, without moving the file
 * offset: a node's file only (copy_file_range's destination). */
ssize_t file_kwrite_at(struct file *f, const void *buf, size_t n, uint64_t off)
{
	if (!f->writable)
		return -EBADF;
	if (f->type != FD_VNODE || f->nonseekable)
		return -EINVAL;
	return vnode_io(f, NULL, (uint64_t)buf, n, off, false, true);
}

ssize_t file_pread(struct file *f, uint64_t addr, size_t n, uint64_t off)
{
	return file_positional(f, addr, n, off, false);
}

ssize_t file_pwrite(struct file *f, uint64_t addr, size_t n, uint64_t off)
{
	return file_positional(f, addr, n, off, true);
}

int file_truncate(struct file *f, uint64_t size)
{
	/* Linux: EINVAL for anything but a regular file open for writing */
	if (f->type != FD_VNODE || f->vn->type != S_IFREG || !f->writable)
		return -EINVAL;
	if (size > myproc()->leader->fsize_limit[0]) {	/* Linux's inode_newsize_ok */
		kill_self(SIGXFSZ);
		return -EFBIG;
	}
	struct vsetattr a = { .mask = VA_SIZE, .size = size };
	return f->vn->ops->setattr ? f->vn->ops->setattr(f->vn, &a) : -EPERM;
}

/* Where SEEK_END counts from: the type's answer, or the file's size. */
static int64_t file_end(struct file *f)
{
	struct vnode *vn = f->vn;

	return vn->ops->seek_end ? vn->ops->seek_end(vn) : (int64_t)file_size(f);
}

int64_t filelseek(struct file *f, int64_t off, int whence)
{
	if (f->type != FD_VNODE || f->nonseekable)
		return -ESPIPE;
	int64_t end = whence == SEEK_END ? file_end(f) : 0;
	int64_t base = whence == SEEK_SET ? 0 : whence == SEEK_CUR ? (int64_t)f->off :
		       whence == SEEK_END ? end : -1;
	if (end < 0)
		return end;
	if (base < 0 || (off < 0 && -off > base))
		return -EINVAL;
	f->off = base + off;
	if (vn_is_dir(f->vn))	/* a d_off: rewinddir's 0, seekdir's cookie */
		dir_seek(f, f->off);
	return f->off;
}

/* A pipe's or an object's inode number, as fstat and /proc/PID/fd
 * show it: its page's number. */
uint64_t file_ino(struct file *f)
{
	uint64_t at = (uint64_t)(f->type == FD_OBJ ? f->obj : f->pipe);

	return (at - KERNEL_OFFSET) / PGSIZE;
}

/* The S_IFMT bits of f's file, as fstat gives them: 0 for a kernel
 * object of an anonymous node (an eventfd), as Linux's anon inode. */
uint32_t file_fmt(struct file *f)
{
	if (f->type == FD_VNODE)
		return f->vn->type;
	return f->type == FD_OBJ ? f->ops->mode & S_IFMT : S_IFIFO;
}

int filestat(struct file *f, struct kstat *st)
{
	if (f->type == FD_VNODE)
		return vn_getattr(f->vn, st);
	memset(st, 0, sizeof(*st));	/* a pipe or a kernel object */
	st->st_nlink = 1;
	st->st_blksize = PGSIZE;
	st->st_mode = f->type == FD_OBJ ? f->ops->mode : S_IFIFO | 0600;
	st->st_ino = file_ino(f);
	return 0;
}

/*
 * The descriptor table (struct fdtable, proc.h), the group's: in the
 * leader. A process alone changes it without a lock (nothing else can
 * reach it while it runs); while threads share it, a change is made
 * under the group's lock (fd_lock), so that two threads never take the
 * same descriptor, and a lookup (fd_file) takes a reference on the file
 * that the system call lets go when it returns (fd_unborrow): a file
 * another thread closes meanwhile stays open until then, as on Linux.
 */
_Static_assert(FDS_PER_PAGE * sizeof(struct fdslot) == PGSIZE, "a page of slots");

/* Descriptor fd's slot in p's table; NULL if fd is out of range or no
 * descriptor of its page was ever used. */
struct fdslot *fd_slot(struct proc *p, int fd)
{
	if (fd < 0 || fd >= NOFILE_MAX)
		return NULL;
	struct fdslot *page = p->leader->fds.page[fd / FDS_PER_PAGE];
	return page ? &page[fd % FDS_PER_PAGE] : NULL;
}

/* fd's slot, kalloc'ing its page if it has none; NULL if out of memory. */
static struct fdslot *fd_slot_make(struct proc *p, int fd)
{
	struct fdslot **page = &p->leader->fds.page[fd / FDS_PER_PAGE];

	if (!*page)
		*page = kzalloc();
	return *page ? &(*page)[fd % FDS_PER_PAGE] : NULL;
}

/* Takes the group's lock for a change to the table if threads share
 * it; whether it did, for fd_unlock. */
static bool fd_lock(struct proc *p)
{
	if (!group_shared(p))
		return false;
	acquire(&p->leader->group.lock);
	return true;
}

static void fd_unlock(struct proc *p, bool locked)
{
	if (locked)
		release(&p->leader->group.lock);
}

/* The open file of descriptor fd, for the running system call: *f, or
 * -EBADF. While threads share the table, the file is referenced until
 * the call returns (fd_unborrow); a process alone needs no reference,
 * as nothing else can close its descriptors meanwhile. */
int fd_file(int fd, struct file **f)
{
	struct proc *p = myproc();
	bool locked = fd_lock(p);
	struct fdslot *s = fd_slot(p, fd);
	int err = s && s->file ? 0 : -EBADF;

	if (err == 0 && locked && p->nborrowed == FD_BORROW_MAX)
		err = -EBADF;	/* no call looks up so many: not reached */
	if (err == 0) {
		*f = s->file;
		if (locked)
			p->borrowed[p->nborrowed++] = filedup(s->file);
	}
	fd_unlock(p, locked);
	return err;
}

/* The open file of descriptor fd, referenced (fileclose lets go), for
 * a call that looks up more than fd_file lends (epoll's scan); NULL if
 * fd is not open. */
struct file *fd_ref(int fd)
{
	struct proc *p = myproc();
	bool locked = fd_lock(p);
	struct fdslot *s = fd_slot(p, fd);
	struct file *f = s && s->file ? filedup(s->file) : NULL;

	fd_unlock(p, locked);
	return f;
}

/* The running system call's files (fd_file) let go, when it returns or
 * its thread exits. */
void fd_unborrow(struct proc *p)
{
	while (p->nborrowed > 0)
		fileclose(p->borrowed[--p->nborrowed]);
}

/* The lowest free descriptor >= minfd below the soft RLIMIT_NOFILE,
 * its slot made; -EMFILE if there is none. */
static int fd_find_free(struct proc *p, int minfd)
{
	for (int fd = minfd; fd < (int)p->leader->nofile_limit[0]; fd++) {
		struct fdslot *s = fd_slot(p, fd);
		if (!s)
			return fd_slot_make(p, fd) ? fd : -ENOMEM;
		if (!s->file)
			return fd;
	}
	return -EMFILE;
}

/* The lowest free descriptor >= minfd, its slot ready for fd_install;
 * -EMFILE if there is none. openat takes it before it looks at the
 * path, as Linux does: a full table is EMFILE even for a missing file. */
int fd_reserve(int minfd)
{
	struct proc *p = myproc();
	bool locked = fd_lock(p);
	int fd = fd_find_free(p, minfd);

	fd_unlock(p, locked);
	return fd;
}

/* Puts f at fd, a descriptor fd_reserve gave, or at the next free one
 * if another thread took fd meanwhile; the descriptor, or -errno with f
 * closed. */
int fd_install(int fd, struct file *f, bool cloexec)
{
	struct proc *p = myproc();
	bool locked = fd_lock(p);

	if (fd_slot(p, fd)->file)
		fd = fd_find_free(p, fd);
	if (fd >= 0)
		*fd_slot(p, fd) = (struct fdslot){ f, cloexec };
	fd_unlock(p, locked);
	if (fd < 0)
		fileclose(f);
	return fd;
}

/* f at the lowest free descriptor >= minfd; the descriptor or -errno. */
int fdalloc(struct file *f, int minfd, bool cloexec)
{
	struct proc *p = myproc();
	bool locked = fd_lock(p);
	int fd = fd_find_free(p, minfd);

	if (fd >= 0)
		*fd_slot(p, fd) = (struct fdslot){ f, cloexec };
	fd_unlock(p, locked);
	return fd;
}

/* The calling process closes a descriptor of f: its POSIX locks on f's
 * node go, whatever descriptor set them (fcntl(2)'s rule). */
static void fd_closed(struct file *f)
{
	if (f->type == FD_VNODE)
		lock_close_posix(f->vn, myproc()->tgid);
}

/* f at fd (below the soft limit), closing what fd held (dup3). */
int fd_replace(int fd, struct file *f, bool cloexec)
{
	struct proc *p = myproc();
	bool locked = fd_lock(p);
	struct fdslot *s = fd_slot_make(p, fd);
	struct file *old = NULL;

	if (s) {
		old = s->file;
		*s = (struct fdslot){ f, cloexec };
	}
	fd_unlock(p, locked);
	if (!s)
		return -ENOMEM;
	if (old) {
		fd_closed(old);
		fileclose(old);
	}
	return fd;
}

/* Closes descriptor fd; -EBADF if it is not open. */
int fd_close(int fd)
{
	struct proc *p = myproc();
	bool locked = fd_lock(p);
	struct fdslot *s = fd_slot(p, fd);
	struct file *f = s ? s->file : NULL;

	if (f)
		*s = (struct fdslot){ NULL, false };
	fd_unlock(p, locked);
	if (!f)
		return -EBADF;
	fd_closed(f);
	fileclose(f);
	return 0;
}

/*
 * close_range's core: closes each open descriptor from lo to hi, or
 * (cloexec) marks it close-on-exec. One descriptor at a time under the
 * lock, as close does, so that a file's close never runs under it; a
 * page of slots never made holds nothing and is stepped over.
 */
void fd_close_range(unsigned lo, unsigned hi, bool cloexec)
{
	struct proc *p = myproc();

	for (uint64_t fd = lo; fd <= hi && fd < NOFILE_MAX; fd++) {
		bool locked = fd_lock(p);
		struct fdslot *s = fd_slot(p, fd);
		struct file *f = s && !cloexec ? s->file : NULL;

		if (s && cloexec && s->file)
			s->cloexec = true;
		if (f)
			*s = (struct fdslot){ NULL, false };
		fd_unlock(p, locked);
		if (!s)
			fd |= FDS_PER_PAGE - 1;	/* the next page's first */
		if (f) {
			fd_closed(f);
			fileclose(f);
		}
	}
}

/* Closes the descriptors of t marked close-on-exec, or (all) every one,
 * then freeing its pages. The caller's own table (exec, exit) lets go
 * of its POSIX locks; a copy a failed fork made holds none. */
static void fdtable_close(struct fdtable *t, bool all)
{
	bool mine = t == &myproc()->leader->fds || t == &myproc()->fds;

	for (int i = 0; i < NOFILE_MAX / FDS_PER_PAGE; i++) {
		struct fdslot *page = t->page[i];
		if (!page)
			continue;
		for (int j = 0; j < FDS_PER_PAGE; j++) {
			if (page[j].file && (all || page[j].cloexec)) {
				if (mine)
					fd_closed(page[j].file);
				fileclose(page[j].file);
				page[j] = (struct fdslot){ NULL, false };
			}
		}
		if (all) {
			kfree(page);
			t->page[i] = NULL;
		}
	}
}

void fdtable_exec(struct fdtable *t) { fdtable_close(t, false); }
void fdtable_free(struct fdtable *t) { fdtable_close(t, true); }

/* dst = a copy of src (fork): the same files, each dup'ed, and flags.
 * -ENOMEM, with dst left empty, if a page cannot be had. */
int fdtable_copy(struct fdtable *dst, const struct fdtable *src)
{
	*dst = (struct fdtable){ 0 };
	for (int i = 0; i < NOFILE_MAX / FDS_PER_PAGE; i++) {
		if (!src->page[i])
			continue;
		if (!(dst->page[i] = kalloc())) {
			fdtable_free(dst);
			return -ENOMEM;
		}
		memcpy(dst->page[i], src->page[i], PGSIZE);
		for (int j = 0; j < FDS_PER_PAGE; j++)
			if (dst->page[i][j].file)
				filedup(dst->page[i][j].file);
	}
	return 0;
}
