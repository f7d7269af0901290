/*
 * sendfile(2): bytes from a file to any writable descriptor (a pipe,
 * the tty, another file), and copy_file_range(2): from one file to
 * another at offsets of each, a page at a time through the kernel,
 * without the round trip through user memory a read and a write make.
 */
#include "kern/kern.h"
#include "mm/mm.h"
#include "fs/fs.h"
#include "fs/file.h"
#include "fs/vfs.h"
#include "kern/syscall.h"

/* Copies up to count bytes from in at *pin (a stream such as the tty:
 * where it is) to out, at *pout if pout is given, else where out's
 * writes go; how many, or -errno if none moved. The positions move past
 * what was written. */
static ssize_t copy_through(struct file *in, uint64_t *pin, struct file *out, uint64_t *pout,
			    size_t count)
{
	char *buf = kalloc();
	ssize_t done = 0, err = 0;

	if (!buf)
		return -ENOMEM;
	while ((size_t)done < count) {
		size_t want = MIN(PGSIZE, count - done);
		ssize_t got = in->nonseekable ? fileread(in, (uint64_t)buf, want, false)
					      : file_kread_at(in, buf, want, *pin);
		if (got <= 0) {
			err = got;
			break;
		}
		ssize_t put = pout ? file_kwrite_at(out, buf, got, *pout)
				   : filewrite(out, (uint64_t)buf, got, false);
		if (put <= 0) {
			err = put;
			break;
		}
		*pin += put;
		if (pout)
			*pout += put;
		done += put;
		if (put < got || proc_killed(myproc()))
			break;
	}
	kfree(buf);
	return done > 0 ? done : err;
}

/* sendfile(out_fd, in_fd, offset, count): from *offset (which moves)
 * if offset is given, else from in_fd's offset (which moves). in_fd
 * must be a file with data or the tty (EINVAL for a pipe or a directory), out_fd
 * anything open for writing but O_APPEND (EINVAL, as Linux). */
uint64_t sys_sendfile(void)
{
	pagetable_t pt = myproc()->pagetable;
	uint64_t uoff = argraw(2), pos;
	size_t count = argraw(3);
	struct file *out, *in;
	int64_t off;

	if (fd_file(argraw(0), &out) < 0 || fd_file(argraw(1), &in) < 0 ||
	    !in->readable || !out->writable)
		return -EBADF;
	if (in->type != FD_VNODE || file_is_dir(in) || out->append)
		return -EINVAL;
	if (uoff && in->nonseekable)
		return -ESPIPE;	/* a stream (the tty) is read only where it is */
	if (uoff && copyin(pt, &off, uoff, sizeof(off)) < 0)
		return -EFAULT;
	if (uoff && off < 0)
		return -EINVAL;
	pos = uoff ? (uint64_t)off : in->off;
	ssize_t n = copy_through(in, &pos, out, NULL, count);
	if (n > 0 && !uoff && !in->nonseekable)
		in->off = pos;
	if (n > 0 && uoff && copyout(pt, uoff, &pos, sizeof(pos)) < 0)
		return -EFAULT;
	return n;
}

/* An offset argument of copy_file_range: *off from the user's pointer,
 * or the file's own offset. */
static int copy_offset(uint64_t uptr, struct file *f, uint64_t *off)
{
	int64_t v;

	if (!uptr) {
		*off = f->off;
		return 0;
	}
	if (copyin(myproc()->pagetable, &v, uptr, sizeof(v)) < 0)
		return -EFAULT;
	*off = v;	/* a negative one fails the overflow check */
	return 0;
}

/* Linux 6.1's checks (generic_copy_file_checks), in its order; *count
 * is cut short at the source's end. */
static int copy_checks(struct file *in, uint64_t pin, struct file *out, uint64_t pout,
		       size_t *count)
{
	if (in->type != FD_VNODE || out->type != FD_VNODE)
		return -EINVAL;	/* a pipe, a socket, ... */
	if (vn_is_dir(in->vn) || vn_is_dir(out->vn))
		return -EISDIR;
	if (in->vn->type != S_IFREG || out->vn->type != S_IFREG)
		return -EINVAL;
	if (!in->readable || !out->writable || out->append)
		return -EBADF;
	if (in->vn->vfs != out->vn->vfs)
		return -EXDEV;	/* Linux's generic copy stays within one file system */
	if (pin + *count < pin || pout + *count < pout || (int64_t)(pin + *count) < 0 ||
	    (int64_t)(pout + *count) < 0)
		return -EOVERFLOW;
	uint64_t size = file_size(in);
	*count = pin >= size ? 0 : MIN(*count, size - pin);
	if (in->vn == out->vn && pout + *count > pin && pout < pin + *count)
		return -EINVAL;	/* the same file, ranges that overlap */
	return 0;
}

/* copy_file_range(fd_in, off_in, fd_out, off_out, len, flags): flags
 * must be 0; an offset pointer given moves, else that file's offset. */
uint64_t sys_copy_file_range(void)
{
	uint64_t uin = argraw(1), uout = argraw(3), pin, pout;
	size_t count = argraw(4);
	struct file *in, *out;
	int err;

	if (fd_file(argraw(0), &in) < 0 || fd_file(argraw(2), &out) < 0)
		return -EBADF;
	if ((err = copy_offset(uin, in, &pin)) < 0 || (err = copy_offset(uout, out, &pout)) < 0)
		return err;
	if (argraw(5) != 0)
		return -EINVAL;
	if ((err = copy_checks(in, pin, out, pout, &count)) < 0)
		return err;
	ssize_t n = copy_through(in, &pin, out, &pout, count);
	if (n <= 0)
		return n;
	pagetable_t pt = myproc()->pagetable;
	if (!uin)
		in->off = pin;
	else if (copyout(pt, uin, &pin, sizeof(pin)) < 0)
		return -EFAULT;
	if (!uout)
		out->off = pout;
	else if (copyout(pt, uout, &pout, sizeof(pout)) < 0)
		return -EFAULT;
	return n;
}
