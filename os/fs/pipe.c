/*
 * Pipes: a ring of 64 KiB (Linux's), its pages allocated as writes
 * reach them and kept until the pipe goes, between a writing and a
 * reading file. Readers sleep while it is empty, writers while it is
 * full; a write of up to PIPE_BUF bytes goes in whole or waits (EAGAIN
 * without blocking), a longer one may be split. A read with no writers
 * left sees end of file, a write with no readers left gets EPIPE and
 * the process SIGPIPE. A FIFO's openers share one (tmpfs_fifo.c): each
 * end is counted, and an open may wait for the other end's first
 * opener. F_SETPIPE_SZ sets the ring's size, a power of two of pages.
 * splice.c's calls copy into, out of and between rings (pipe_link).
 */
#include "kern/kern.h"
#include "mm/mm.h"
#include "fs/fs.h"
#include "fs/file.h"
#include "uapi/linux/poll.h"

#define PIPE_BUF 4096		/* writes up to this long are whole */
#define PIPE_DEF_PAGES 16	/* Linux's default: 64 KiB */
#define PIPE_MAX_PAGES 256	/* Linux's pipe-max-size: 1 MiB */

struct pipe {
	struct spinlock lock;
	uint64_t nread, nwrite;	/* bytes ever read and written */
	int readers, writers;	/* open ends: files of pipe(2), openers of a FIFO */
	uint32_t ropens, wopens;	/* ends ever opened: what a FIFO's open waits on */
	uint32_t npages;	/* the ring's size in pages: a power of two */
	uint64_t mask;		/* the ring's size in bytes - 1 */
	/* the ring's pages, NULL until a write reaches one; those past
	 * npages are not looked at */
	char *page[PIPE_MAX_PAGES];
};
_Static_assert(sizeof(struct pipe) <= PGSIZE, "a pipe fits a page");

static uint64_t ring_size(const struct pipe *pi) { return pi->mask + 1; }

/* Room for a write: up to the page the reader is in, not into it. Linux
 * fills a page per buffer and reuses a buffer once read to its end, so
 * a full pipe takes nothing more until a whole page is read. */
static uint64_t room(const struct pipe *pi)
{
	return (pi->nread & ~(uint64_t)(PGSIZE - 1)) + ring_size(pi) - pi->nwrite;
}

static void set_pages(struct pipe *pi, uint32_t npages)
{
	pi->npages = npages;
	pi->mask = (uint64_t)npages * PGSIZE - 1;
}

/* A pipe with no end open yet, its first page there: a pipe that
 * carries a few bytes at a time (a child's report to its parent, when
 * memory has run out) never waits for a page. NULL if no page is free. */
struct pipe *pipe_new(void)
{
	struct pipe *pi = kalloc();

	if (!pi)
		return NULL;
	initlock(&pi->lock, "pipe", LOCK_COND);
	pi->nread = pi->nwrite = 0;
	pi->readers = pi->writers = 0;
	pi->ropens = pi->wopens = 0;
	set_pages(pi, PIPE_DEF_PAGES);
	memset(pi->page, 0, PIPE_DEF_PAGES * sizeof(pi->page[0]));
	if (!(pi->page[0] = kalloc())) {
		kfree(pi);
		return NULL;
	}
	return pi;
}

static void pipe_free(struct pipe *pi)
{
	for (uint32_t i = 0; i < pi->npages; i++)
		kfree(pi->page[i]);
	kfree(pi);
}

/* Where ring byte pos lives, and how many bytes follow it in its page;
 * for a write, whose page is allocated now if it has none yet (NULL if
 * none is free). */
static char *ring_at(struct pipe *pi, uint64_t pos, bool write, size_t *span)
{
	uint64_t at = pos & pi->mask;
	char **pg = &pi->page[at / PGSIZE];

	*span = PGSIZE - at % PGSIZE;
	if (!write)	/* a byte held: its page is there */
		return *pg + at % PGSIZE;
	if (__builtin_expect(!*pg, 0) && !(*pg = kalloc()))
		return NULL;
	return *pg + at % PGSIZE;
}

/* One more open end: a reader's, a writer's or both (a FIFO's O_RDWR). */
void pipe_open(struct pipe *pi, bool reader, bool writer)
{
	acquire(&pi->lock);
	pi->readers += reader;
	pi->ropens += reader;
	pi->writers += writer;
	pi->wopens += writer;
	wakeup(&pi->ropens);
	release(&pi->lock);
	poll_wake();
}

/*
 * A FIFO's open waits for the other end (a reader for a writer, a
 * writer for a reader): until one is open, or one has opened since the
 * wait began even if it closed again, as Linux's FIFO counters do.
 * 0, or -ERESTARTSYS for a signal.
 */
int pipe_wait_peer(struct pipe *pi, bool writer)
{
	int err = 0;

	acquire(&pi->lock);
	uint32_t seen = writer ? pi->ropens : pi->wopens;
	while ((writer ? pi->readers : pi->writers) == 0 &&
	       (writer ? pi->ropens : pi->wopens) == seen) {
		if (sleep_intr(&pi->ropens, &pi->lock) < 0) {
			err = -ERESTARTSYS;
			break;
		}
	}
	release(&pi->lock);
	return err;
}

/* Whether a reader has pipe open: a FIFO's O_WRONLY|O_NONBLOCK needs one. */
bool pipe_has_reader(struct pipe *pi)
{
	return __atomic_load_n(&pi->readers, __ATOMIC_ACQUIRE) > 0;
}

int pipe_alloc(struct file **rf, struct file **wf)
{
	struct pipe *pi = pipe_new();

	*rf = *wf = NULL;
	if (!pi || !(*rf = filealloc()) || !(*wf = filealloc())) {
		if (pi)
			pipe_free(pi);
		if (*rf)
			fileclose(*rf);
		return -ENFILE;
	}
	pi->readers = pi->writers = 1;
	pi->ropens = pi->wopens = 1;
	(*rf)->type = (*wf)->type = FD_PIPE;
	(*rf)->pipe = (*wf)->pipe = pi;
	(*rf)->readable = true;
	(*wf)->writable = true;
	return 0;
}

/* An end is closed; the pipe goes with the last end: true then. */
bool pipe_close(struct pipe *pi, bool writer)
{
	acquire(&pi->lock);
	if (writer)
		pi->writers--;
	else
		pi->readers--;
	wakeup(writer ? (void *)&pi->nread : (void *)&pi->nwrite);
	bool last = pi->readers == 0 && pi->writers == 0;
	release(&pi->lock);
	poll_wake();
	if (last)
		pipe_free(pi);
	return last;
}

/* What a write of n more bytes (done already written) needs free: all
 * of a PIPE_BUF one at once, else any room. */
static uint64_t room_needed(size_t n, size_t done)
{
	return n <= PIPE_BUF && done == 0 ? n : 1;
}

/* Faults in [addr, addr + n) with the pipe's lock dropped, for a copy
 * under it that found a page missing (either_copyin_locked). */
static void fill_unlocked(struct pipe *pi, uint64_t addr, size_t n, int need)
{
	release(&pi->lock);
	user_prefault(addr, n, need);
	acquire(&pi->lock);
}

/* Waits, pi->lock held, until pi has need bytes of room: the room; or
 * -EPIPE with no reader left, -EAGAIN (nonblock), -ERESTARTSYS. As
 * Linux's pipe_write, a signal matters only once it must wait. */
static inline int64_t wait_room(struct pipe *pi, uint64_t need, bool nonblock)
{
	for (;;) {
		if (pi->readers == 0)
			return -EPIPE;
		uint64_t free = room(pi);
		if (free >= need)
			return free;
		if (nonblock)
			return -EAGAIN;
		wakeup(&pi->nread);
		if (sleep_intr(&pi->nwrite, &pi->lock) < 0)
			return -ERESTARTSYS;
	}
}

/* Waits, pi->lock held, until pi holds a byte or has no writer left:
 * 0, -EAGAIN (nonblock) or -ERESTARTSYS. */
static inline int wait_bytes(struct pipe *pi, bool nonblock)
{
	while (pi->nread == pi->nwrite && pi->writers > 0) {
		if (nonblock)
			return -EAGAIN;
		if (sleep_intr(&pi->nread, &pi->lock) < 0)
			return -ERESTARTSYS;
	}
	return 0;
}

ssize_t pipe_write(struct pipe *pi, uint64_t addr, size_t n, bool user, bool nonblock)
{
	size_t done = 0;
	bool filled = false;	/* the rest of the user's range was faulted in */

	acquire(&pi->lock);
	while (done < n) {
		int64_t free = wait_room(pi, room_needed(n, done), nonblock);
		if (free < 0) {
			release(&pi->lock);
			if (free == -EPIPE)
				kill_self(SIGPIPE);
			return done ? (ssize_t)done : free;
		}
		/* copy up to the end of free space or of the page, whichever is first */
		size_t span;
		char *to = ring_at(pi, pi->nwrite, true, &span);
		size_t k = MIN(MIN((uint64_t)free, span), n - done);
		int err = to ? either_copyin_locked(to, addr + done, k, user) : -ENOMEM;
		if (err == -EAGAIN && !filled) {
			if (n <= PIPE_BUF) {	/* no reader saw its start: keep it whole */
				pi->nwrite -= done;
				done = 0;
			}
			fill_unlocked(pi, addr + done, n - done, PTE_R);
			filled = true;
			continue;
		}
		if (err) {
			release(&pi->lock);
			return done ? (ssize_t)done : err == -ENOMEM ? err : -EFAULT;
		}
		pi->nwrite += k;
		done += k;
	}
	wakeup(&pi->nread);
	release(&pi->lock);
	poll_wake();
	return done;
}

ssize_t pipe_read(struct pipe *pi, uint64_t addr, size_t n, bool user, bool nonblock)
{
	bool filled = false;	/* the user's range was faulted in */
	int err;

	acquire(&pi->lock);
again:
	if ((err = wait_bytes(pi, nonblock)) < 0) {
		release(&pi->lock);
		return err;
	}
	ssize_t done = 0;
	while ((size_t)done < n && pi->nread < pi->nwrite) {
		size_t span;
		char *from = ring_at(pi, pi->nread, false, &span);
		size_t k = MIN(MIN(pi->nwrite - pi->nread, span), n - done);
		err = either_copyout_locked(addr + done, from, k, user);
		if (err == -EAGAIN && !filled) {
			fill_unlocked(pi, addr + done, n - done, PTE_W);
			filled = true;
			if (done == 0)	/* it may be empty again: wait anew */
				goto again;
			continue;
		}
		if (err) {	/* what was read stands */
			if (done == 0)
				done = -EFAULT;
			break;
		}
		pi->nread += k;
		done += k;
	}
	wakeup(&pi->nwrite);
	release(&pi->lock);
	poll_wake();
	return done;
}

/*
 * For splice, tee and vmsplice (splice.c), which copy through the ring
 * where Linux moves or shares its buffers' pages.
 */

/* Linux's ipipe_prep: waits until pi holds a byte or has no writer
 * left. 0, -EAGAIN (nonblock) or -ERESTARTSYS. */
int pipe_wait_bytes(struct pipe *pi, bool nonblock)
{
	acquire(&pi->lock);
	int err = wait_bytes(pi, nonblock);
	release(&pi->lock);
	return err;
}

/* Whether pi is empty with no writer left: its end of file. */
bool pipe_at_eof(struct pipe *pi)
{
	acquire(&pi->lock);
	bool eof = pi->nread == pi->nwrite && pi->writers == 0;
	release(&pi->lock);
	return eof;
}

/* Linux's opipe_prep and wait_for_space: waits until pi has room. The
 * room, or -EPIPE (and SIGPIPE) with no reader, -EAGAIN (nonblock),
 * -ERESTARTSYS. */
int64_t pipe_wait_room(struct pipe *pi, bool nonblock)
{
	acquire(&pi->lock);
	int64_t r = wait_room(pi, 1, nonblock);
	release(&pi->lock);
	if (r == -EPIPE)
		kill_self(SIGPIPE);
	return r;
}

/* Copies up to n of the bytes pi holds, from its reader's place on,
 * into the kernel's buf without taking them; *at is that place, for
 * pipe_take. The count. */
size_t pipe_peek(struct pipe *pi, void *buf, size_t n, uint64_t *at)
{
	size_t done = 0;

	acquire(&pi->lock);
	*at = pi->nread;
	n = MIN(n, pi->nwrite - pi->nread);
	while (done < n) {
		size_t span;
		char *from = ring_at(pi, pi->nread + done, false, &span);
		size_t k = MIN(span, n - done);
		memcpy((char *)buf + done, from, k);
		done += k;
	}
	release(&pi->lock);
	return done;
}

/* Takes the n bytes pipe_peek copied from at out of the ring, unless
 * another reader took them meanwhile (it has them then: Linux's pipe
 * mutex would have kept it out until the splice was done). */
void pipe_take(struct pipe *pi, uint64_t at, size_t n)
{
	acquire(&pi->lock);
	if (pi->nread == at && n <= pi->nwrite - at)
		pi->nread += n;
	wakeup(&pi->nwrite);
	release(&pi->lock);
	poll_wake();
}

/*
 * Copies up to n of the bytes in holds to out (two pipes: the locks in
 * address order), taking them from in (splice) or leaving them (tee),
 * as Linux's splice_pipe_to_pipe and link_pipe. The count: 0 if in is
 * empty or out full; -EPIPE (and SIGPIPE) if out has no reader left,
 * -ENOMEM if out's next page cannot be had.
 */
ssize_t pipe_link(struct pipe *in, struct pipe *out, size_t n, bool take)
{
	ssize_t done = 0;

	acquire_two(&in->lock, &out->lock);
	if (out->readers == 0)
		done = -EPIPE;
	else
		n = MIN(n, MIN(in->nwrite - in->nread, room(out)));
	while (done >= 0 && (size_t)done < n) {
		size_t ispan, ospan;
		char *from = ring_at(in, in->nread + done, false, &ispan);
		char *to = ring_at(out, out->nwrite, true, &ospan);
		if (!to) {
			done = done ? done : -ENOMEM;
			break;
		}
		size_t k = MIN(MIN(ispan, ospan), n - done);
		memcpy(to, from, k);
		out->nwrite += k;
		done += k;
	}
	if (done > 0) {
		if (take) {
			in->nread += done;
			wakeup(&in->nwrite);
		}
		wakeup(&out->nread);
	}
	release(&out->lock);
	release(&in->lock);
	if (done == -EPIPE)
		kill_self(SIGPIPE);
	if (done > 0)
		poll_wake();
	return done;
}

/*
 * What an end is ready for, as Linux's pipe_poll: a reader POLLIN while
 * there are bytes, POLLHUP once no writer is left (a FIFO: once one had
 * opened it); a writer POLLOUT while a page is free (Linux's: a free
 * buffer), POLLERR once no reader is left.
 */
int pipe_poll(struct pipe *pi, bool reader, bool writer)
{
	int ev = 0;

	acquire(&pi->lock);
	if (reader && pi->nwrite != pi->nread)
		ev |= POLLIN | POLLRDNORM;
	if (reader && pi->writers == 0 && pi->wopens > 0)
		ev |= POLLHUP;
	if (writer && room(pi) >= PIPE_BUF)
		ev |= POLLOUT | POLLWRNORM;
	if (writer && pi->readers == 0)
		ev |= POLLERR;
	release(&pi->lock);
	return ev;
}

/* F_GETPIPE_SZ: the ring's size in bytes. */
long pipe_get_size(struct pipe *pi)
{
	return __atomic_load_n(&pi->npages, __ATOMIC_RELAXED) * PGSIZE;
}

/* The pages the bytes held lie on (Linux counts its buffers: the same
 * for writes of whole pages). */
static uint64_t pages_held(const struct pipe *pi)
{
	if (pi->nwrite == pi->nread)
		return 0;
	return (pi->nwrite - 1) / PGSIZE - pi->nread / PGSIZE + 1;
}

/*
 * F_SETPIPE_SZ: the ring's size, size rounded up to a power of two of
 * pages (at most 1 MiB: EPERM past it, as Linux's pipe-max-size for a
 * user; EBUSY if the pages held would not fit). Sizes being powers of
 * two of pages, a byte keeps its place in its page in either ring: the
 * pages held move to their slots in the new ring, the others are freed.
 * The new size, or -errno.
 */
long pipe_set_size(struct pipe *pi, uint64_t size)
{
	uint32_t np = 1;

	if (size > (uint64_t)PIPE_MAX_PAGES * PGSIZE)
		return -EPERM;
	while ((uint64_t)np * PGSIZE < size)
		np *= 2;
	char **old = kalloc();
	if (!old)
		return -ENOMEM;
	acquire(&pi->lock);
	uint32_t on = pi->npages;
	if (pages_held(pi) > np) {
		release(&pi->lock);
		kfree(old);
		return -EBUSY;
	}
	uint64_t omask = pi->mask;
	memcpy(old, pi->page, on * sizeof(char *));
	memset(pi->page, 0, np * sizeof(pi->page[0]));
	set_pages(pi, np);
	for (uint64_t pg = pi->nread / PGSIZE; pg * PGSIZE < pi->nwrite; pg++) {
		char **from = &old[(pg * PGSIZE & omask) / PGSIZE];
		pi->page[(pg * PGSIZE & pi->mask) / PGSIZE] = *from;
		*from = NULL;
	}
	wakeup(&pi->nwrite);	/* a bigger ring has room for a writer */
	release(&pi->lock);
	poll_wake();
	for (uint32_t i = 0; i < on; i++)
		kfree(old[i]);
	kfree(old);
	return (long)np * PGSIZE;
}
