/*
 * FIFOs in tmpfs (mknod S_IFIFO): the openers of one share a pipe
 * (pipe.c), made at the first open and freed with the last close, its
 * bytes with it, as Linux's are. An open for reading waits for a
 * writer and one for writing for a reader, unless O_NONBLOCK (then a
 * writer with no reader gets ENXIO) or O_RDWR. The node's pipe pointer
 * is guarded by tm->lock; an open file's end keeps the pipe alive, so
 * reads and writes use it without the lock.
 */
#include "kern/kern.h"
#include "mm/mm.h"
#include "fs/fs.h"
#include "fs/file.h"
#include "fs/tmpfs/tmpfs.h"
#include "uapi/linux/fcntl.h"

/* The ends one opener held are closed: the pipe goes with the last. */
static void close_ends(struct vnode *vn, bool reader, bool writer)
{
	struct tmpfs *tm = TM(vn);
	struct tmpfs_node *n = TN(vn);
	bool gone = false;

	acquiresleep(&tm->lock);
	if (reader)
		gone = pipe_close(n->fifo, false);
	if (writer)
		gone = pipe_close(n->fifo, true);
	if (gone)
		n->fifo = NULL;
	releasesleep(&tm->lock);
}

static int fifo_open(struct vnode *vn, struct file *f, int flags)
{
	struct tmpfs *tm = TM(vn);
	struct tmpfs_node *n = TN(vn);
	int acc = flags & O_ACCMODE, err = 0;
	bool reader = acc != O_WRONLY, writer = acc != O_RDONLY;

	f->nonseekable = true;	/* lseek and pread: ESPIPE, as a pipe's */
	acquiresleep(&tm->lock);
	if (acc == O_WRONLY && flags & O_NONBLOCK && (!n->fifo || !pipe_has_reader(n->fifo)))
		err = -ENXIO;
	else if (!n->fifo && !(n->fifo = pipe_new()))
		err = -ENOMEM;
	else
		pipe_open(n->fifo, reader, writer);
	struct pipe *pi = n->fifo;
	releasesleep(&tm->lock);
	if (err || acc == O_RDWR || flags & O_NONBLOCK)
		return err;
	if ((err = pipe_wait_peer(pi, writer)) < 0)
		close_ends(vn, reader, writer);
	return err;
}

static void fifo_close(struct vnode *vn, struct file *f)
{
	close_ends(vn, f->readable, f->writable);
}

/* moved bytes (or -errno): a read that moved any sets atime (relatime),
 * a write mtime and ctime, as Linux's pipe_read and pipe_write do. */
static long fifo_times(struct vnode *vn, long moved, bool write)
{
	struct tmpfs *tm = TM(vn);

	if (moved <= 0)
		return moved;
	acquiresleep(&tm->lock);
	if (write)
		tmpfs_touch(TN(vn), true, true);
	else
		tmpfs_accessed(TN(vn));
	releasesleep(&tm->lock);
	return moved;
}

static long fifo_read(struct vnode *vn, struct file *f, uint64_t off, struct uio *u)
{
	if (u->user)
		user_prefault(u->addr, u->resid, PTE_W);	/* copied under the pipe's spinlock */
	long n = pipe_read(TN(vn)->fifo, u->addr, u->resid, u->user, f->nonblock);
	return fifo_times(vn, uio_advance(u, n), false);
}

static long fifo_write(struct vnode *vn, struct file *f, uint64_t off, struct uio *u)
{
	long n = pipe_write(TN(vn)->fifo, u->addr, u->resid, u->user, f->nonblock);
	return fifo_times(vn, uio_advance(u, n), true);
}

static int fifo_poll(struct vnode *vn, struct file *f)
{
	return pipe_poll(TN(vn)->fifo, f->readable, f->writable);
}

const struct vnode_ops tmpfs_fifo_ops = {
	.getattr = tmpfs_getattr,
	.setattr = tmpfs_setattr,
	.open = fifo_open,
	.close = fifo_close,
	.read = fifo_read,
	.write = fifo_write,
	.poll = fifo_poll,
	.inactive = tmpfs_inactive,
};
