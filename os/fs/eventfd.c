/*
 * eventfd2: a 64-bit counter behind a descriptor. A write of 8 bytes
 * adds to it (waiting while the sum would pass 2^64 - 2), a read of 8
 * takes it all and leaves 0, or with EFD_SEMAPHORE takes 1; a read of 0
 * waits, or is EAGAIN without waiting (EFD_NONBLOCK). As Linux's
 * fs/eventfd.c.
 */
#include "kern/kern.h"
#include "mm/mm.h"
#include "fs/fs.h"
#include "fs/file.h"
#include "kern/syscall.h"
#include "uapi/linux/fdkinds.h"
#include "uapi/linux/poll.h"

#define COUNT_MAX (~0ULL - 1)	/* the most the counter holds */

struct eventfd {
	struct spinlock lock;	/* guards count; what readers and writers sleep under */
	uint64_t count;
	bool semaphore;
};

static const struct file_ops eventfd_ops;

/* Waits on efd's counter (under its lock) unless nonblocking. */
static int efd_wait(struct eventfd *efd, struct file *f)
{
	if (f->nonblock)
		return -EAGAIN;
	return sleep_intr(efd, &efd->lock) < 0 ? -ERESTARTSYS : 0;
}

static ssize_t efd_read(struct file *f, uint64_t addr, size_t n, bool user)
{
	struct eventfd *efd = f->obj;
	uint64_t v = 0;
	int err = 0;

	if (n < sizeof(v))
		return -EINVAL;
	acquire(&efd->lock);
	while (efd->count == 0 && (err = efd_wait(efd, f)) == 0)
		;
	if (err == 0) {
		v = efd->semaphore ? 1 : efd->count;
		efd->count -= v;
		wakeup(efd);
	}
	release(&efd->lock);
	if (err < 0)
		return err;
	poll_wake();
	/* the value is gone from the counter: Linux, too, takes it first */
	return either_copyout(addr, &v, sizeof(v), user) < 0 ? -EFAULT : (ssize_t)sizeof(v);
}

static ssize_t efd_write(struct file *f, uint64_t addr, size_t n, bool user)
{
	struct eventfd *efd = f->obj;
	uint64_t v;
	int err = 0;

	if (n < sizeof(v))
		return -EINVAL;
	if (either_copyin(&v, addr, sizeof(v), user) < 0)
		return -EFAULT;
	if (v == ~0ULL)
		return -EINVAL;
	acquire(&efd->lock);
	while (COUNT_MAX - efd->count < v && (err = efd_wait(efd, f)) == 0)
		;
	if (err == 0) {
		efd->count += v;
		wakeup(efd);
	}
	release(&efd->lock);
	if (err < 0)
		return err;
	poll_wake();
	return sizeof(v);
}

static int efd_poll(struct file *f, uint64_t *due)
{
	struct eventfd *efd = f->obj;
	uint64_t c = __atomic_load_n(&efd->count, __ATOMIC_ACQUIRE);

	return (c > 0 ? POLLIN | POLLRDNORM : 0) | (c < COUNT_MAX ? POLLOUT | POLLWRNORM : 0);
}

static void efd_close(struct file *f) { kfree(f->obj); }

static const struct file_ops eventfd_ops = {
	.kind = "eventfd",
	.mode = 0600,
	.read = efd_read,
	.write = efd_write,
	.poll = efd_poll,
	.close = efd_close,
};

/* eventfd2(initval, flags) */
uint64_t sys_eventfd2(void)
{
	int flags = argraw(1);
	struct eventfd *efd;
	struct file *f;

	if (flags & ~(EFD_SEMAPHORE | EFD_NONBLOCK | EFD_CLOEXEC))
		return -EINVAL;
	if (!(efd = kzalloc()))
		return -ENOMEM;
	initlock(&efd->lock, "eventfd", LOCK_COND);
	efd->count = (uint32_t)argraw(0);
	efd->semaphore = flags & EFD_SEMAPHORE;
	if (!(f = file_obj(&eventfd_ops, efd, 0, flags))) {
		kfree(efd);
		return -ENFILE;
	}
	int fd = fdalloc(f, 0, flags & EFD_CLOEXEC);
	if (fd < 0)
		fileclose(f);
	return fd;
}
