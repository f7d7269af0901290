/*
 * ppoll and pselect6: which descriptors are ready, waiting until one
 * is, the deadline passes or a signal comes. A file says what it is
 * ready for (file_poll): a pipe by its ring and its ends, a type with a
 * poll op by that op (the tty, a FIFO), any other file always, as
 * Linux's DEFAULT_POLLMASK. Pollers sleep on one channel that every
 * change of a pipe or of the tty's input wakes (poll_wake): one queue
 * for all, which wakes pollers that did not wait for that change (they
 * look again and sleep again), and costs the pipes a glance at a
 * counter while no one polls.
 */
#include "kern/kern.h"
#include "dev/dev.h"
#include "mm/mm.h"
#include "fs/fs.h"
#include "fs/file.h"
#include "fs/vfs.h"
#include "kern/syscall.h"
#include "uapi/linux/poll.h"
#include "uapi/linux/time.h"

static struct {
	struct spinlock lock;	/* what pollers sleep under */
	uint64_t gen;		/* changes so far (under lock, read without) */
	int pollers;		/* processes in poll_loop, and edge-triggered epoll items (atomic) */
} pw = { SPINLOCK_INIT("poll", LOCK_COND), 0, 0 };

/*
 * Something a poller may wait for has changed. Callers make the change
 * under their own lock and call this after letting it go: a poller
 * counts itself in before it looks at a file, so either its look comes
 * after the change or the change's caller sees it counted and wakes it.
 */
void poll_wake(void)
{
	if (!__atomic_load_n(&pw.pollers, __ATOMIC_SEQ_CST))
		return;
	acquire(&pw.lock);
	pw.gen++;
	wakeup(&pw);
	release(&pw.lock);
}

/* The count of changes so far (epoll's edge-triggered items look at it). */
uint64_t poll_gen(void) { return __atomic_load_n(&pw.gen, __ATOMIC_ACQUIRE); }

/* Counts (delta 1) or uncounts (-1) a lasting poller: an epoll's
 * edge-triggered item, which must see every change, so that
 * poll_wake counts changes while one is watched even with no one
 * waiting (and only then: the pipes' fast path stays a glance). */
void poll_hold(int delta) { __atomic_add_fetch(&pw.pollers, delta, __ATOMIC_SEQ_CST); }

/* What f is ready for now (POLL* bits): a caller masks what it asked.
 * *due is lowered to when that changes by itself (a timerfd's expiry). */
int file_poll(struct file *f, uint64_t *due)
{
	if (f->type == FD_PIPE)
		return pipe_poll(f->pipe, f->readable, f->writable);
	if (f->type == FD_OBJ)
		return f->ops->poll(f, due);
	if (f->type == FD_VNODE && f->vn->ops->poll)
		return f->vn->ops->poll(f->vn, f);
	return POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM;
}

/* One look at every descriptor: scan(arg, due) gives how many are ready
 * or -errno, and lowers *due (monotonic ns, 0: none) to when a file's
 * readiness changes by itself. Repeated until one is, the deadline
 * (monotonic ns, 0: none) or a signal; once only if once. ppoll's,
 * pselect6's and epoll_pwait's loop. */
int poll_loop(int (*scan)(void *arg, uint64_t *due), void *arg, uint64_t deadline, bool once)
{
	int ready, err;

	__atomic_add_fetch(&pw.pollers, 1, __ATOMIC_SEQ_CST);
	for (;;) {
		uint64_t gen = __atomic_load_n(&pw.gen, __ATOMIC_ACQUIRE), due = 0;
		if ((ready = scan(arg, &due)) != 0 || once)
			break;
		bool own = !due || (deadline && deadline <= due);	/* the caller's deadline first */
		err = 0;
		acquire(&pw.lock);
		if (pw.gen == gen)
			err = sleep_timed(&pw, &pw.lock, own ? deadline : due, true);
		release(&pw.lock);
		if (err == -ETIMEDOUT && !own)
			continue;	/* a file's own time came: look again */
		if (err < 0) {
			ready = err == -ETIMEDOUT ? 0 : err;
			break;
		}
	}
	__atomic_sub_fetch(&pw.pollers, 1, __ATOMIC_SEQ_CST);
	return ready;
}

/* Lowers *due to t, a time a file's readiness changes (0: never). */
void poll_due(uint64_t *due, uint64_t t)
{
	if (t && (!*due || t < *due))
		*due = t;
}

/* The deadline of a timeout argument (monotonic ns: 0 none, *once for a
 * zero timeout). */
static int poll_deadline(uint64_t uts, uint64_t *deadline, bool *once)
{
	uint64_t ns = 0;
	int err = uts ? read_timespec(uts, &ns) : 0;

	*once = uts && ns == 0;
	*deadline = uts && ns ? monotonic_ns() + ns : 0;
	return err;
}

/* Writes back what is left of the timeout, as Linux does for both calls
 * (glibc reads no part of it; a fault there is not the call's error). */
static void timeout_left(uint64_t uts, uint64_t deadline)
{
	uint64_t now = monotonic_ns(), left = deadline > now ? deadline - now : 0;
	struct timespec ts = { left / 1000000000, left % 1000000000 };

	if (!uts || !deadline)
		return;
	if (myproc()->is32)	/* rv32's time64 timespec: 64-bit seconds, then 32-bit ns */
		ts.tv_nsec = (uint32_t)ts.tv_nsec;
	copyout(myproc()->pagetable, uts, &ts, sizeof(ts));
}

/* The mask a ppoll or pselect6 waits with, if it names one (8 bytes, as
 * rt_sigsuspend's); *swapped if it did. */
int poll_sigmask(uint64_t umask, uint64_t size, bool *swapped)
{
	uint64_t mask;

	*swapped = false;
	if (!umask)
		return 0;
	if (size != sizeof(mask))
		return -EINVAL;
	if (copyin(myproc()->pagetable, &mask, umask, sizeof(mask)) < 0)
		return -EFAULT;
	signal_mask_wait(myproc(), mask);
	*swapped = true;
	return 0;
}

/* ---- ppoll ---- */

struct ppoll_args {
	uint64_t ufds;
	int n;
};

#define CHUNK 32

/* Every pollfd's revents, written back; how many have any, or -errno. */
static int ppoll_scan(void *arg, uint64_t *due)
{
	struct ppoll_args *a = arg;
	pagetable_t pt = myproc()->pagetable;
	struct pollfd fds[CHUNK];
	int ready = 0;

	for (int i = 0; i < a->n; i += CHUNK) {
		int k = MIN(CHUNK, a->n - i);
		uint64_t at = a->ufds + i * sizeof(struct pollfd);
		if (copyin(pt, fds, at, k * sizeof(struct pollfd)) < 0)
			return -EFAULT;
		for (int j = 0; j < k; j++) {
			struct file *f;
			fds[j].revents = 0;
			if (fds[j].fd < 0)
				continue;
			if (!(f = fd_ref(fds[j].fd))) {
				fds[j].revents = POLLNVAL;
			} else {
				fds[j].revents = file_poll(f, due) & (fds[j].events | POLLERR | POLLHUP);
				fileclose(f);
			}
			ready += fds[j].revents != 0;
		}
		if (copyout(pt, at, fds, k * sizeof(struct pollfd)) < 0)
			return -EFAULT;
	}
	return ready;
}

/* ppoll(fds, nfds, timeout, sigmask, sigsetsize) */
uint64_t sys_ppoll(void)
{
	struct ppoll_args a = { argraw(0), (int)argraw(1) };
	uint64_t uts = argraw(2), deadline;
	bool once, swapped;
	int err;

	if (argraw(1) > myproc()->nofile_limit[0])
		return -EINVAL;
	if ((err = poll_deadline(uts, &deadline, &once)) < 0 ||
	    (err = poll_sigmask(argraw(3), argraw(4), &swapped)) < 0)
		return err;
	err = poll_loop(ppoll_scan, &a, deadline, once);
	if (swapped)
		signal_mask_restore(myproc(), err == -EINTR);
	timeout_left(uts, deadline);
	return err;
}

/* ---- pselect6 ---- */

#define SET_WORDS (NOFILE_MAX / 64)

/* The three sets asked (in) and their answer (out), a page of them. */
struct select_args {
	int n;
	uint64_t in[3][SET_WORDS], out[3][SET_WORDS];
};
_Static_assert(sizeof(struct select_args) <= PGSIZE, "select's sets fit a page");

static const int select_events[3] = {
	POLLIN | POLLRDNORM | POLLRDBAND | POLLHUP | POLLERR,	/* read */
	POLLOUT | POLLWRNORM | POLLWRBAND | POLLERR,		/* write */
	POLLPRI,						/* except */
};

/* Bits set in the answer, or -EBADF for a descriptor asked and not open. */
static int select_scan(void *arg, uint64_t *due)
{
	struct select_args *a = arg;
	int ready = 0;

	memset(a->out, 0, sizeof(a->out));
	for (int fd = 0; fd < a->n; fd++) {
		uint64_t bit = 1UL << (fd % 64);
		int w = fd / 64, ev;
		struct file *f;
		if (!((a->in[0][w] | a->in[1][w] | a->in[2][w]) & bit))
			continue;
		if (!(f = fd_ref(fd)))
			return -EBADF;
		ev = file_poll(f, due);
		fileclose(f);
		for (int s = 0; s < 3; s++) {
			if ((a->in[s][w] & bit) && (ev & select_events[s])) {
				a->out[s][w] |= bit;
				ready++;
			}
		}
	}
	return ready;
}

/* pselect6(n, readfds, writefds, exceptfds, timeout, {sigmask, size}) */
uint64_t sys_pselect6(void)
{
	pagetable_t pt = myproc()->pagetable;
	uint64_t sets[3] = { argraw(1), argraw(2), argraw(3) }, uts = argraw(4), deadline;
	uint64_t sig[2] = { 0, 0 };	/* the sigmask's address and size */
	int n = argraw(0), err;
	size_t bytes = (size_t)(n + 63) / 64 * 8;
	bool once, swapped = false;

	if (n < 0 || n > (int)myproc()->nofile_limit[0] || n > NOFILE_MAX)
		return -EINVAL;
	if (argraw(5) && copyin(pt, sig, argraw(5), sizeof(sig)) < 0)
		return -EFAULT;
	if ((err = poll_deadline(uts, &deadline, &once)) < 0)
		return err;
	struct select_args *a = kzalloc();
	if (!a)
		return -ENOMEM;
	a->n = n;
	for (int s = 0; s < 3 && err == 0; s++)
		if (sets[s] && copyin(pt, a->in[s], sets[s], bytes) < 0)
			err = -EFAULT;
	if (err == 0 && (err = poll_sigmask(sig[0], sig[1], &swapped)) == 0)
		err = poll_loop(select_scan, a, deadline, once);
	if (swapped)
		signal_mask_restore(myproc(), err == -EINTR);
	for (int s = 0; s < 3 && err >= 0; s++)
		if (sets[s] && copyout(pt, sets[s], a->out[s], bytes) < 0)
			err = -EFAULT;
	kfree(a);
	timeout_left(uts, deadline);
	return err;
}
