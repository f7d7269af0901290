/*
 * splice, tee and vmsplice, as Linux 6.1's fs/splice.c answers them:
 * its checks in its order, its counts and its waits. Linux moves (or,
 * tee, shares) the pages of a pipe's buffers; here bytes are copied,
 * through the rings of both pipes (pipe_link) or through a page of the
 * kernel's between a pipe and a file or socket. A pipe is one of
 * pipe(2)'s: a FIFO of tmpfs is not spliced (EINVAL), where Linux would.
 */
#include "kern/kern.h"
#include "mm/mm.h"
#include "fs/fs.h"
#include "fs/file.h"
#include "fs/socket.h"
#include "kern/syscall.h"
#include "uapi/linux/uio.h"

/* Linux's include/linux/splice.h (no uapi header has them) */
#define SPLICE_F_NONBLOCK 0x02	/* do not wait for the pipe */
#define SPLICE_F_ALL 0x0f	/* MOVE, NONBLOCK, MORE, GIFT: the rest are advice */

static struct pipe *file_pipe(struct file *f) { return f->type == FD_PIPE ? f->pipe : NULL; }

/* A file with an offset of its own (FMODE_PREAD/PWRITE). */
static bool seekable(struct file *f) { return f->type == FD_VNODE && !f->nonseekable; }

/* What has Linux's splice_read and splice_write: a node's file but a
 * directory's (regular files, devices), and sockets. */
static bool spliceable(struct file *f)
{
	return (f->type == FD_VNODE && !file_is_dir(f)) || file_is_sock(f);
}

/* Two pipes: splice moves, tee copies, what in holds when it holds
 * something and out has room; 0 at in's end of file. */
static int64_t pipe_to_pipe(struct pipe *in, struct pipe *out, size_t len, bool nonblock,
			    bool take)
{
	for (;;) {
		int64_t r = pipe_wait_bytes(in, nonblock);
		if (r == 0)
			r = pipe_wait_room(out, nonblock);
		if (r < 0)
			return r;
		if ((r = pipe_link(in, out, len, take)) != 0 || pipe_at_eof(in))
			return r;
		if (nonblock)	/* another reader or writer came first */
			return -EAGAIN;
	}
}

/* The bytes of pipe pi into file out, at *off (else at its offset):
 * once there are some, all there are, up to len (iter_file_splice_write). */
static int64_t pipe_to_file(struct pipe *pi, struct file *out, int64_t *off, size_t len,
			    bool nonblock)
{
	if ((off && !seekable(out)) || out->append || !spliceable(out) || (off && *off < 0))
		return -EINVAL;
	int64_t done = pipe_wait_bytes(pi, nonblock);
	char *buf = done < 0 ? NULL : kalloc();
	if (done < 0 || !buf)
		return done < 0 ? done : -ENOMEM;
	while ((size_t)done < len) {
		uint64_t at;
		size_t n = pipe_peek(pi, buf, MIN(len - done, PGSIZE), &at);
		if (n == 0)
			break;
		ssize_t w = off ? file_kwrite_at(out, buf, n, *off) : filewrite(out, (uint64_t)buf, n, false);
		if (w <= 0) {
			done = done ? done : w;
			break;
		}
		pipe_take(pi, at, w);
		if (off)
			*off += w;
		done += w;
		if ((size_t)w < n)
			break;
	}
	kfree(buf);
	return done;
}

/* File in's bytes, from *off (else from its offset), into pipe pi: up
 * to the room it has once it has some (splice_file_to_pipe). A
 * seekable file moves its offset by what the pipe took; a socket's
 * bytes are read once the room is there. */
static int64_t file_to_pipe(struct file *in, int64_t *off, struct pipe *pi, size_t len,
			    bool nonblock)
{
	if (off && !seekable(in))
		return -EINVAL;
	int64_t room = pipe_wait_room(pi, nonblock);
	if (room < 0)
		return room;
	if ((off && *off < 0) || !spliceable(in))
		return -EINVAL;
	int64_t pos = off ? *off : (int64_t)in->off, done = 0;
	char *buf = kalloc();
	if (!buf)
		return -ENOMEM;
	len = MIN(len, (uint64_t)room);
	while ((size_t)done < len) {
		size_t n = MIN(len - done, PGSIZE);
		ssize_t r = seekable(in) ? file_kread_at(in, buf, n, pos + done)
					 : fileread(in, (uint64_t)buf, n, false);
		ssize_t w = r > 0 ? pipe_write(pi, (uint64_t)buf, r, false, true) : r;
		if (w <= 0) {
			done = done ? done : w;
			break;
		}
		done += w;
		if (w < r || (size_t)r < n)
			break;
	}
	kfree(buf);
	if (done > 0 && off)
		*off += done;
	else if (done > 0 && seekable(in))
		in->off += done;
	return done;
}

static int offset_in(uint64_t uoff, int64_t *off)
{
	return uoff && copyin(myproc()->pagetable, off, uoff, sizeof(*off)) < 0 ? -EFAULT : 0;
}

static int offset_out(uint64_t uoff, int64_t off)
{
	return uoff && copyout(myproc()->pagetable, uoff, &off, sizeof(off)) < 0 ? -EFAULT : 0;
}

/* splice(fd_in, off_in, fd_out, off_out, len, flags) */
uint64_t sys_splice(void)
{
	uint64_t uoff_in = argraw(1), uoff_out = argraw(3), len = argraw(4);
	unsigned flags = argraw(5);
	struct file *in, *out;
	int64_t off_in = 0, off_out = 0, r;

	if (len == 0)
		return 0;
	if (flags & ~SPLICE_F_ALL)
		return -EINVAL;
	if ((r = fd_file(argraw(0), &in)) < 0 || (r = fd_file(argraw(2), &out)) < 0)
		return r;
	struct pipe *ip = file_pipe(in), *op = file_pipe(out);
	if ((ip && uoff_in) || (op && uoff_out))
		return -ESPIPE;
	if ((r = offset_in(uoff_out, &off_out)) < 0 || (r = offset_in(uoff_in, &off_in)) < 0)
		return r;
	if (!in->readable || !out->writable)
		return -EBADF;
	bool nonblock = flags & SPLICE_F_NONBLOCK;
	if (ip && op)
		r = ip == op ? -EINVAL
			     : pipe_to_pipe(ip, op, len, nonblock || in->nonblock || out->nonblock, true);
	else if (ip)
		r = pipe_to_file(ip, out, uoff_out ? &off_out : NULL, len, nonblock || in->nonblock);
	else if (op)
		r = file_to_pipe(in, uoff_in ? &off_in : NULL, op, len, nonblock || out->nonblock);
	else
		r = -EINVAL;	/* one end must be a pipe */
	if (r < 0)
		return r;
	if (offset_out(uoff_out, off_out) < 0 || offset_out(uoff_in, off_in) < 0)
		return -EFAULT;
	return r;
}

/* tee(fd_in, fd_out, len, flags): two different pipes. */
uint64_t sys_tee(void)
{
	uint64_t len = argraw(2);
	unsigned flags = argraw(3);
	struct file *in, *out;
	int err;

	if (flags & ~SPLICE_F_ALL)
		return -EINVAL;
	if (len == 0)
		return 0;
	if ((err = fd_file(argraw(0), &in)) < 0 || (err = fd_file(argraw(1), &out)) < 0)
		return err;
	if (!in->readable || !out->writable)
		return -EBADF;
	struct pipe *ip = file_pipe(in), *op = file_pipe(out);
	if (!ip || !op || ip == op)
		return -EINVAL;
	bool nonblock = (flags & SPLICE_F_NONBLOCK) || in->nonblock || out->nonblock;
	return pipe_to_pipe(ip, op, len, nonblock, false);
}

/* The iovecs of vmsplice (a page of them: UIO_MAXIOV fits), their
 * total in *total, as import_iovec checks them. */
static int vm_iovecs(uint64_t uiov, uint64_t cnt, struct iovec *v, uint64_t *total)
{
	*total = 0;
	if (cnt > UIO_MAXIOV)
		return -EINVAL;
	if (copyin(myproc()->pagetable, v, uiov, cnt * sizeof(*v)) < 0)
		return -EFAULT;
	for (uint64_t i = 0; i < cnt; i++) {
		if ((int64_t)v[i].len < 0)
			return -EINVAL;
		*total += v[i].len;
	}
	return 0;
}

/* The user's iovecs into pipe pi, up to the room it has once it has
 * some (only SPLICE_F_NONBLOCK keeps it from waiting, as on Linux). */
static int64_t iovecs_to_pipe(struct pipe *pi, struct iovec *v, uint64_t cnt, bool nonblock)
{
	int64_t done = pipe_wait_room(pi, nonblock);

	if (done < 0)
		return done;
	done = 0;
	for (uint64_t i = 0; i < cnt; i++) {
		if (v[i].len == 0)
			continue;
		ssize_t w = pipe_write(pi, v[i].base, v[i].len, true, true);
		if (w <= 0) {
			done = done ? done : w;
			break;
		}
		done += w;
		if ((size_t)w < v[i].len)
			break;
	}
	return done;
}

/* Pipe pi's bytes into the user's iovecs: once there are some, all
 * there are, up to their total; 0 at its end of file. */
static int64_t pipe_to_iovecs(struct pipe *pi, struct iovec *v, uint64_t cnt, bool nonblock)
{
	int64_t done = 0;

	for (uint64_t i = 0; i < cnt; i++) {
		if (v[i].len == 0)
			continue;
		ssize_t r = pipe_read(pi, v[i].base, v[i].len, true, nonblock || done > 0);
		if (r <= 0) {
			done = done ? done : r;
			break;
		}
		done += r;
		if ((size_t)r < v[i].len)
			break;
	}
	return done;
}

/* vmsplice(fd, iov, cnt, flags): into a pipe's write end, or out of its
 * read end; SPLICE_F_GIFT gives nothing here, the pages being copied. */
uint64_t sys_vmsplice(void)
{
	uint64_t cnt = (uint32_t)argraw(2), total;	/* import_iovec's count is 32-bit */
	unsigned flags = argraw(3);
	struct file *f;
	int64_t r;

	if (flags & ~SPLICE_F_ALL)
		return -EINVAL;
	if ((r = fd_file(argraw(0), &f)) < 0)
		return r;
	if (!f->writable && !f->readable)
		return -EBADF;
	struct iovec *v = kalloc();
	if (!v)
		return -ENOMEM;
	if ((r = vm_iovecs(argraw(1), cnt, v, &total)) == 0 && total > 0) {
		struct pipe *pi = file_pipe(f);
		bool nonblock = flags & SPLICE_F_NONBLOCK;
		r = !pi ? -EBADF : f->writable ? iovecs_to_pipe(pi, v, cnt, nonblock)
					       : pipe_to_iovecs(pi, v, cnt, nonblock);
	}
	kfree(v);
	return r;
}
