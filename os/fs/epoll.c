/*
 * epoll: a set of descriptors watched through one. An item is a
 * descriptor number and the open file it had when it was added (its
 * slot and serial: a slot is reused): a scan looks the number up in the
 * caller's table and polls the file (file_poll, as ppoll does), and an
 * item whose number no longer holds that file is dropped, so closing the descriptor removes it (Linux
 * keys on the open file, and keeps watching it while a dup of it is
 * open; here the dup does not keep it). Level-triggered items are
 * reported while ready; EPOLLET ones when a bit they ask rises or a
 * change was made anywhere since the last report (poll_gen: at worst a
 * report more than Linux, never one less); EPOLLONESHOT ones once,
 * until EPOLL_CTL_MOD. epoll_pwait waits in poll_loop, as ppoll does.
 * A set holds EP_MAX items (ENOSPC, as Linux at max_user_watches); an
 * epoll that holds an epoll cannot be added to another (ELOOP), which
 * keeps nesting free of cycles.
 */
#include "kern/kern.h"
#include "dev/dev.h"
#include "mm/mm.h"
#include "fs/fs.h"
#include "fs/file.h"
#include "fs/vfs.h"
#include "kern/syscall.h"
#include "uapi/linux/fdkinds.h"

struct epitem {
	int fd;
	uint32_t events;	/* asked: EPOLL* bits and flags */
	struct file *f;		/* what fd held when added: compared, not referenced */
	uint64_t serial;	/* and its serial: the slot may hold another opening since */
	uint64_t data;		/* given back with each report */
	uint32_t last;		/* EPOLLET: the bits seen ready at the last look */
	bool off;		/* EPOLLONESHOT: reported, until EPOLL_CTL_MOD */
	uint64_t gen;		/* EPOLLET: poll_gen at the last report */
};

struct epoll {
	struct spinlock lock;	/* guards n and items (LOCK_LEAF: nothing taken under it) */
	int n;
	struct epitem items[];
};

#define EP_MAX ((PGSIZE - sizeof(struct epoll)) / sizeof(struct epitem))
#define GONE UINT32_MAX	/* ep_scan: an item whose descriptor is closed */
#define EV_MAX (PGSIZE / sizeof(struct epoll_event))	/* reported by one scan */

static const struct file_ops epoll_ops;

static bool file_is_epoll(struct file *f) { return f->type == FD_OBJ && f->ops == &epoll_ops; }

/* Item i of ep dropped. Under ep->lock. */
static void ep_drop(struct epoll *ep, int i)
{
	if (ep->items[i].events & EPOLLET)
		poll_hold(-1);
	ep->items[i] = ep->items[--ep->n];
}

/* The index of fd's item, or -1. Under ep->lock. */
static int ep_find(struct epoll *ep, int fd, struct file *f, uint64_t serial)
{
	for (int i = 0; i < ep->n; i++)
		if (ep->items[i].fd == fd && ep->items[i].f == f && ep->items[i].serial == serial)
			return i;
	return -1;
}

/* What item it reports now (0: nothing), from what its file is ready
 * for (ev, masked) and the change count g; it is updated when report. */
static uint32_t ep_report(struct epitem *it, uint32_t ev, uint64_t g, bool report)
{
	uint32_t out = ev;

	if (it->off)
		return 0;
	if ((it->events & EPOLLET) && !(ev & ~it->last) && g == it->gen)
		out = 0;
	if (report) {
		it->last = ev;
		if (out) {
			it->gen = g;
			it->off = it->events & EPOLLONESHOT;
		}
	}
	return out;
}

/*
 * One look at every item of ep: up to max reports into out (NULL: only
 * counts them, changing nothing). Items are copied out first and polled
 * without ep's lock (a file's poll takes locks of its own), then what
 * was seen is written back into the items still there.
 */
static int ep_scan(struct epoll *ep, struct epoll_event *out, int max, uint64_t *due)
{
	struct epitem *snap = kalloc();
	uint32_t *seen = kalloc();
	uint64_t g = poll_gen();
	int n, ready = 0;

	if (!snap || !seen) {
		kfree(snap);
		kfree(seen);
		return -ENOMEM;
	}
	acquire(&ep->lock);
	n = ep->n;
	memmove(snap, ep->items, n * sizeof(*snap));
	release(&ep->lock);
	for (int i = 0; i < n; i++) {
		struct file *f = snap[i].off ? NULL : fd_ref(snap[i].fd);
		seen[i] = 0;
		if (f == snap[i].f && f->serial == snap[i].serial)
			seen[i] = file_poll(f, due) & (snap[i].events | EPOLLERR | EPOLLHUP);
		else if (!snap[i].off)
			seen[i] = GONE;	/* its descriptor was closed */
		if (f)
			fileclose(f);
	}
	acquire(&ep->lock);
	for (int i = 0; i < n; i++) {
		int k = ep_find(ep, snap[i].fd, snap[i].f, snap[i].serial);
		if (k < 0)
			continue;	/* deleted or changed meanwhile */
		if (seen[i] == GONE) {
			ep_drop(ep, k);
			continue;
		}
		if (ready >= max)
			continue;
		uint32_t r = ep_report(&ep->items[k], seen[i], g, out != NULL);
		if (r && out)
			out[ready] = (struct epoll_event){ .events = r, .data = ep->items[k].data };
		ready += r != 0;
	}
	release(&ep->lock);
	kfree(snap);
	kfree(seen);
	return ready;
}

/* An epoll is ready to read while one of its items would be reported. */
static int ep_poll(struct file *f, uint64_t *due)
{
	return ep_scan(f->obj, NULL, EP_MAX, due) > 0 ? EPOLLIN | EPOLLRDNORM : 0;
}

static void ep_close(struct file *f)
{
	struct epoll *ep = f->obj;

	while (ep->n > 0)
		ep_drop(ep, ep->n - 1);
	kfree(ep);
}

static const struct file_ops epoll_ops = {
	.kind = "eventpoll",
	.mode = 0600,
	.poll = ep_poll,
	.close = ep_close,
};

/* epoll_create1(flags) */
uint64_t sys_epoll_create1(void)
{
	int flags = argraw(0);
	struct epoll *ep;
	struct file *f;

	if (flags & ~EPOLL_CLOEXEC)
		return -EINVAL;
	if (!(ep = kzalloc()))
		return -ENOMEM;
	initlock(&ep->lock, "epoll", LOCK_LEAF);
	if (!(f = file_obj(&epoll_ops, ep, 0, 0))) {
		kfree(ep);
		return -ENFILE;
	}
	int fd = fdalloc(f, 0, flags & EPOLL_CLOEXEC);
	if (fd < 0)
		fileclose(f);
	return fd;
}

/* Whether ep watches an epoll. Under ep->lock. */
static bool ep_nests(struct epoll *ep)
{
	for (int i = 0; i < ep->n; i++)
		if (file_is_epoll(ep->items[i].f) && ep->items[i].f->serial == ep->items[i].serial)
			return true;
	return false;
}

/* EPOLL_CTL_ADD, _MOD, _DEL of fd (its file tf) with ev. Under ep->lock. */
static int ep_change(struct epoll *ep, int op, int fd, struct file *tf, struct epoll_event *ev)
{
	int k = ep_find(ep, fd, tf, tf->serial);

	if (op == EPOLL_CTL_ADD) {
		if (k >= 0)
			return -EEXIST;
		if (ep->n == (int)EP_MAX)
			return -ENOSPC;
		k = ep->n++;
		ep->items[k] = (struct epitem){ .fd = fd, .f = tf, .serial = tf->serial };
	} else if (k < 0) {
		return -ENOENT;
	}
	if (ep->items[k].events & EPOLLET)
		poll_hold(-1);
	if (op == EPOLL_CTL_DEL) {
		ep->items[k].events = 0;
		ep_drop(ep, k);
		return 0;
	}
	ep->items[k].events = ev->events;
	ep->items[k].data = ev->data;
	ep->items[k].last = 0;
	ep->items[k].off = false;
	if (ev->events & EPOLLET)
		poll_hold(1);
	return 0;
}

/* epoll_ctl(epfd, op, fd, event), its checks in Linux's order */
uint64_t sys_epoll_ctl(void)
{
	int op = argraw(1), fd = argraw(2), err;
	struct epoll_event ev = { 0 };
	struct file *ef, *tf;

	if (op != EPOLL_CTL_DEL && copyin(myproc()->pagetable, &ev, argraw(3), sizeof(ev)) < 0)
		return -EFAULT;
	if ((err = fd_file(argraw(0), &ef)) < 0 || (err = fd_file(fd, &tf)) < 0)
		return err;
	if (tf->type == FD_VNODE && !tf->vn->ops->poll)
		return -EPERM;	/* a regular file or a directory: always ready */
	if (tf == ef || !file_is_epoll(ef))
		return -EINVAL;
	if (op != EPOLL_CTL_ADD && op != EPOLL_CTL_MOD && op != EPOLL_CTL_DEL)
		return -EINVAL;
	if ((ev.events & EPOLLEXCLUSIVE) && op == EPOLL_CTL_MOD)
		return -EINVAL;
	struct epoll *ep = ef->obj;
	bool loop = false;
	if (op == EPOLL_CTL_ADD && file_is_epoll(tf)) {
		struct epoll *inner = tf->obj;
		acquire(&inner->lock);
		loop = ep_nests(inner);
		release(&inner->lock);
	}
	if (loop)
		return -ELOOP;
	acquire(&ep->lock);
	err = ep_change(ep, op, fd, tf, &ev);
	release(&ep->lock);
	if (err == 0)
		poll_wake();	/* an epoll's readiness may have changed */
	return err;
}

struct pwait_args {
	struct epoll *ep;
	struct epoll_event *out;
	int max;
};

static int pwait_scan(void *arg, uint64_t *due)
{
	struct pwait_args *a = arg;

	return ep_scan(a->ep, a->out, a->max, due);
}

/* epoll_pwait(epfd, events, maxevents, timeout ms, sigmask, sigsetsize) */
uint64_t sys_epoll_pwait(void)
{
	int maxevents = argraw(2), timeout = argraw(3), err;
	uint64_t deadline = timeout > 0 ? monotonic_ns() + timeout * 1000000ULL : 0;
	struct file *ef;
	bool swapped;

	if (maxevents <= 0 || maxevents > INT32_MAX / (int)sizeof(struct epoll_event))
		return -EINVAL;
	if ((err = fd_file(argraw(0), &ef)) < 0)
		return err;
	if (!file_is_epoll(ef))
		return -EINVAL;
	struct pwait_args a = { ef->obj, kalloc(), MIN(maxevents, (int)EV_MAX) };
	if (!a.out)
		return -ENOMEM;
	if ((err = poll_sigmask(argraw(4), argraw(5), &swapped)) == 0) {
		err = poll_loop(pwait_scan, &a, deadline, timeout == 0);
		if (swapped)
			signal_mask_restore(myproc(), err == -EINTR);
	}
	if (err > 0 && copyout(myproc()->pagetable, argraw(1), a.out, err * sizeof(*a.out)) < 0)
		err = -EFAULT;
	kfree(a.out);
	return err;
}
