/*
 * timerfd: a timer behind a descriptor. Its expirations are counted
 * from the clock when someone looks (a read, a poll, gettime), not by
 * an interrupt: a read of 8 bytes takes the count, waiting for the
 * next expiry if it is 0; a poller is woken at the expiry (the time its
 * poll op names, poll_due). CLOCK_REALTIME and CLOCK_BOOTTIME are read
 * as CLOCK_MONOTONIC after the absolute time is converted: a later
 * clock_settime does not move an armed timer (Linux's would,
 * TFD_TIMER_CANCEL_ON_SET: accepted, never cancels).
 */
#include "kern/kern.h"
#include "dev/dev.h"
#include "mm/mm.h"
#include "fs/fs.h"
#include "fs/file.h"
#include "kern/syscall.h"
#include "uapi/linux/fdkinds.h"
#include "uapi/linux/poll.h"
#include "uapi/linux/time.h"

struct timerfd {
	struct spinlock lock;	/* guards the rest; what readers sleep under */
	int clock;
	bool armed;
	int64_t expires;	/* monotonic ns of the next expiry (before boot: < 0) */
	uint64_t interval;	/* ns; 0: once */
	uint64_t ticks;		/* expirations not read yet */
};

static const struct file_ops timerfd_ops;

/* Counts the expirations up to now. Under t->lock. */
static void tfd_update(struct timerfd *t, int64_t now)
{
	if (!t->armed || now < t->expires)
		return;
	uint64_t n = 1 + (t->interval ? (uint64_t)(now - t->expires) / t->interval : 0);
	t->ticks += n;
	t->expires += n * t->interval;
	t->armed = t->interval != 0;
}

static ssize_t tfd_read(struct file *f, uint64_t addr, size_t n, bool user)
{
	struct timerfd *t = f->obj;
	int err = 0;

	if (n < sizeof(uint64_t))
		return -EINVAL;
	acquire(&t->lock);
	for (tfd_update(t, monotonic_ns()); !t->ticks; tfd_update(t, monotonic_ns())) {
		uint64_t until = t->armed ? t->expires : 0;	/* disarmed: until settime */
		err = f->nonblock ? -EAGAIN : sleep_timed(t, &t->lock, until, true);
		if (err == -ETIMEDOUT)
			err = 0;
		if (err < 0)
			break;
	}
	uint64_t v = t->ticks;
	if (err == 0)
		t->ticks = 0;
	release(&t->lock);
	if (err < 0)
		return err;
	return either_copyout(addr, &v, sizeof(v), user) < 0 ? -EFAULT : (ssize_t)sizeof(v);
}

static int tfd_poll(struct file *f, uint64_t *due)
{
	struct timerfd *t = f->obj;

	acquire(&t->lock);
	tfd_update(t, monotonic_ns());
	int ev = t->ticks ? POLLIN | POLLRDNORM : 0;
	if (!ev && t->armed)
		poll_due(due, t->expires);
	release(&t->lock);
	return ev;
}

static void tfd_close(struct file *f) { kfree(f->obj); }

static const struct file_ops timerfd_ops = {
	.kind = "timerfd",
	.mode = 0600,
	.read = tfd_read,
	.poll = tfd_poll,
	.close = tfd_close,
};

/* timerfd_create(clockid, flags) */
uint64_t sys_timerfd_create(void)
{
	int clock = argraw(0), flags = argraw(1);
	struct timerfd *t;
	struct file *f;

	if (clock != CLOCK_REALTIME && clock != CLOCK_MONOTONIC && clock != CLOCK_BOOTTIME)
		return -EINVAL;
	if (flags & ~(TFD_NONBLOCK | TFD_CLOEXEC))
		return -EINVAL;
	if (!(t = kzalloc()))
		return -ENOMEM;
	initlock(&t->lock, "timerfd", LOCK_COND);
	t->clock = clock;
	if (!(f = file_obj(&timerfd_ops, t, 0, flags))) {
		kfree(t);
		return -ENFILE;
	}
	int fd = fdalloc(f, 0, flags & TFD_CLOEXEC);
	if (fd < 0)
		fileclose(f);
	return fd;
}

/* The timerfd of descriptor fd: EBADF, or EINVAL for another file. */
static int tfd_get(int fd, struct timerfd **t)
{
	struct file *f;
	int err = fd_file(fd, &f);

	if (err < 0)
		return err;
	if (f->type != FD_OBJ || f->ops != &timerfd_ops)
		return -EINVAL;
	*t = f->obj;
	return 0;
}

/* t's setting now: the time to its next expiry and its interval. Under t->lock. */
static struct itimerspec tfd_setting(struct timerfd *t, int64_t now)
{
	tfd_update(t, now);
	return (struct itimerspec){ ns_timespec(t->interval), ns_timespec(t->armed ? t->expires - now : 0) };
}

/* timerfd_settime(fd, flags, new, old) */
uint64_t sys_timerfd_settime(void)
{
	int flags = argraw(1);
	uint64_t interval, value;
	int64_t now = monotonic_ns(), at;
	struct timerfd *t;
	int err;

	if (flags & ~(TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET))
		return -EINVAL;
	if ((err = tfd_get(argraw(0), &t)) < 0 || (err = read_itimerspec(argraw(2), &interval, &value)) < 0)
		return err;
	/* the monotonic time of the first expiry; a past one counts its
	 * intervals since, even from before boot */
	at = !(flags & TFD_TIMER_ABSTIME) ? now + (int64_t)value :
	     t->clock == CLOCK_REALTIME ? (int64_t)value - ((int64_t)realtime_ns() - now) :
					  (int64_t)value;
	acquire(&t->lock);
	struct itimerspec old = tfd_setting(t, now);
	t->armed = value != 0;
	t->expires = at;
	t->interval = value ? interval : 0;
	t->ticks = 0;
	wakeup(t);
	release(&t->lock);
	poll_wake();
	if (argraw(3) && copyout(myproc()->pagetable, argraw(3), &old, sizeof(old)) < 0)
		return -EFAULT;
	return 0;
}

/* timerfd_gettime(fd, cur) */
uint64_t sys_timerfd_gettime(void)
{
	struct timerfd *t;
	int err = tfd_get(argraw(0), &t);

	if (err < 0)
		return err;
	acquire(&t->lock);
	struct itimerspec cur = tfd_setting(t, monotonic_ns());
	release(&t->lock);
	return copyout(myproc()->pagetable, argraw(1), &cur, sizeof(cur)) < 0 ? -EFAULT : 0;
}
