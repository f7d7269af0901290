/*
 * signalfd4: pending signals read as data. A read takes the pending
 * signals of the descriptor's mask (the reading thread's own, then its
 * group's), one struct signalfd_siginfo of 128 bytes each, waiting for
 * one if none is pending. A posted signal wakes no one who has it
 * blocked (signal.c), so, as rt_sigtimedwait, a reader looks again at
 * every tick and a poller every tick (its poll op names the next).
 */
#include "kern/kern.h"
#include "kern/proc.h"
#include "dev/dev.h"
#include "mm/mm.h"
#include "fs/fs.h"
#include "fs/file.h"
#include "kern/syscall.h"
#include "uapi/linux/fdkinds.h"
#include "uapi/linux/poll.h"

#define UNBLOCKABLE ((1UL << (SIGKILL - 1)) | (1UL << (SIGSTOP - 1)))

struct signalfd {
	uint64_t mask;		/* the signals it reads (atomic: signalfd4 may change it) */
};

static const struct file_ops signalfd_ops;

/* Takes one pending signal of mask into *si; false if none is. */
static bool sfd_take(uint64_t mask, struct signalfd_siginfo *si)
{
	struct sigdata d;
	int sig = signal_take(myproc(), mask, &d);

	if (!sig)
		return false;
	*si = (struct signalfd_siginfo){ .ssi_signo = sig, .ssi_code = d.code,
					 .ssi_pid = d.pid };
	return true;
}

/* Waits a tick for a signal of mask; -EINTR if another one comes. */
static int sfd_wait(struct signalfd *s)
{
	int err = 0;

	acquire(&tickslock);
	if (proc_killed(myproc()))
		err = -EINTR;
	else if (!signal_pending_in(myproc(), s->mask))
		sleep((void *)&ticks, &tickslock);
	release(&tickslock);
	return err;
}

static ssize_t sfd_read(struct file *f, uint64_t addr, size_t n, bool user)
{
	struct signalfd *s = f->obj;
	struct signalfd_siginfo si;
	size_t done = 0;
	int err;

	if (n < sizeof(si))
		return -EINVAL;
	while (!sfd_take(__atomic_load_n(&s->mask, __ATOMIC_RELAXED), &si)) {
		if (f->nonblock)
			return -EAGAIN;
		if ((err = sfd_wait(s)) < 0)
			return err;
	}
	do {
		if (either_copyout(addr + done, &si, sizeof(si), user) < 0)
			return done ? (ssize_t)done : -EFAULT;
		done += sizeof(si);
	} while (done + sizeof(si) <= n && sfd_take(s->mask, &si));
	return done;
}

static int sfd_poll(struct file *f, uint64_t *due)
{
	struct signalfd *s = f->obj;

	if (signal_pending_in(myproc(), __atomic_load_n(&s->mask, __ATOMIC_RELAXED)))
		return POLLIN | POLLRDNORM;
	poll_due(due, monotonic_ns() + 1000000000 / HZ);
	return 0;
}

static void sfd_close(struct file *f) { kfree(f->obj); }

static const struct file_ops signalfd_ops = {
	.kind = "signalfd",
	.mode = 0600,
	.read = sfd_read,
	.poll = sfd_poll,
	.close = sfd_close,
};

/* signalfd4(fd, mask, size, flags): a new signalfd (fd -1), or a new
 * mask for the signalfd fd. SIGKILL and SIGSTOP are never read. */
uint64_t sys_signalfd4(void)
{
	int fd = argraw(0), flags = argraw(3);
	uint64_t mask;
	struct file *f;
	int err;

	if (flags & ~(SFD_NONBLOCK | SFD_CLOEXEC) || argraw(2) != sizeof(mask))
		return -EINVAL;
	if (copyin(myproc()->pagetable, &mask, argraw(1), sizeof(mask)) < 0)
		return -EFAULT;
	mask &= ~UNBLOCKABLE;
	if (fd != -1) {
		if ((err = fd_file(fd, &f)) < 0)
			return err;
		if (f->type != FD_OBJ || f->ops != &signalfd_ops)
			return -EINVAL;
		__atomic_store_n(&((struct signalfd *)f->obj)->mask, mask, __ATOMIC_RELAXED);
		return fd;
	}
	struct signalfd *s = kzalloc();
	if (!s)
		return -ENOMEM;
	s->mask = mask;
	if (!(f = file_obj(&signalfd_ops, s, 0, flags))) {
		kfree(s);
		return -ENFILE;
	}
	if ((fd = fdalloc(f, 0, flags & SFD_CLOEXEC)) < 0)
		fileclose(f);
	return fd;
}
