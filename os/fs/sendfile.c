/*
 * sendfile(2): bytes from a file to any writable descriptor (a pipe,
 * the tty, another file) a page at a time through the kernel, without
 * the round trip through user memory a read and a write make.
 */
#include "kern/kern.h"
#include "mm/mm.h"
#include "fs/fs.h"
#include "fs/file.h"
#include "kern/syscall.h"

/* Copies up to count bytes from in at *pos to out; how many, or -errno
 * if none moved. *pos moves past what was written. */
static ssize_t copy_through(struct file *in, struct file *out, uint64_t *pos, size_t count)
{
	char *buf = kalloc();
	ssize_t done = 0, err = 0;

	if (!buf)
		return -ENOMEM;
	while ((size_t)done < count) {
		size_t want = MIN(PGSIZE, count - done);
		ssize_t got = in->nonseekable ? fileread(in, (uint64_t)buf, want, false)
					      : file_kread_at(in, buf, want, *pos);
		if (got <= 0) {
			err = got;
			break;
		}
		ssize_t put = filewrite(out, (uint64_t)buf, got, false);
		if (put <= 0) {
			err = put;
			break;
		}
		*pos += put;
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
	ssize_t n = copy_through(in, out, &pos, count);
	if (n > 0 && !uoff && !in->nonseekable)
		in->off = pos;
	if (n > 0 && uoff && copyout(pt, uoff, &pos, sizeof(pos)) < 0)
		return -EFAULT;
	return n;
}
