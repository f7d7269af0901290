/*
 * uio_move (vfs.h): bytes between a type's buffer and where a read or
 * write takes them from or puts them, user memory or the kernel's. A
 * user range is moved a page at a time, so a fault part way gives the
 * count moved before it, as Linux's short reads and writes do.
 */
#include "kern/kern.h"
#include "mm/mm.h"
#include "fs/vfs.h"

long uio_move(struct uio *u, void *buf, uint64_t n, bool from_uio)
{
	uint64_t done = 0;

	n = MIN(n, u->resid);
	while (done < n) {
		uint64_t k = u->user ? MIN(n - done, PGSIZE - u->addr % PGSIZE) : n - done;
		char *b = (char *)buf + done;
		int err = from_uio ? either_copyin(b, u->addr, k, u->user)
				   : either_copyout(u->addr, b, k, u->user);
		if (err < 0)
			return done ? (long)done : -EFAULT;
		u->addr += k;
		u->resid -= k;
		done += k;
	}
	return done;
}

/* For a mover of its own (a pipe, the console): n bytes moved, or -errno,
 * advancing u by what moved; returns n. */
long uio_advance(struct uio *u, long n)
{
	if (n > 0) {
		u->addr += n;
		u->resid -= n;
	}
	return n;
}
