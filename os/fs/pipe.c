/*
 * Pipes: a page-sized ring between a writing and a reading file.
 * Readers sleep while it is empty, writers while it is full; a read
 * with no writers left sees end of file, a write with no readers left
 * gets EPIPE and the process SIGPIPE. A FIFO's openers share one
 * (tmpfs_fifo.c): each end is counted, and an open may wait for the
 * other end's first opener.
 */
#include "kern/kern.h"
#include "mm/mm.h"
#include "fs/fs.h"
#include "fs/file.h"
#include "uapi/linux/poll.h"

#define PIPE_SIZE (PGSIZE - 64)

struct pipe {
	struct spinlock lock;
	uint64_t nread, nwrite;	/* bytes ever read and written */
	int readers, writers;	/* open ends: files of pipe(2), openers of a FIFO */
	uint32_t ropens, wopens;	/* ends ever opened: what a FIFO's open waits on */
	char data[PIPE_SIZE];
};
_Static_assert(sizeof(struct pipe) <= PGSIZE, "a pipe fits a page");

/* A pipe with no end open yet; NULL if no page is free. */
struct pipe *pipe_new(void)
{
	struct pipe *pi = kalloc();

	if (!pi)
		return NULL;
	initlock(&pi->lock, "pipe", LOCK_COND);
	pi->nread = pi->nwrite = 0;
	pi->readers = pi->writers = 0;
	pi->ropens = pi->wopens = 0;
	return pi;
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
		if (proc_killed(myproc())) {
			err = -ERESTARTSYS;
			break;
		}
		sleep(&pi->ropens, &pi->lock);
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
		kfree(pi);
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
		kfree(pi);
	return last;
}

ssize_t pipe_write(struct pipe *pi, uint64_t addr, size_t n, bool user, bool nonblock)
{
	size_t done = 0;

	acquire(&pi->lock);
	while (done < n) {
		if (pi->readers == 0) {
			release(&pi->lock);
			kill_self(SIGPIPE);
			return done ? (ssize_t)done : -EPIPE;
		}
		if (proc_killed(myproc())) {
			release(&pi->lock);
			return done ? (ssize_t)done : -ERESTARTSYS;
		}
		if (pi->nwrite == pi->nread + PIPE_SIZE) {
			if (nonblock) {
				release(&pi->lock);
				return done ? (ssize_t)done : -EAGAIN;
			}
			wakeup(&pi->nread);
			sleep(&pi->nwrite, &pi->lock);
			continue;
		}
		/* copy up to the end of free space or of the ring, whichever is first */
		size_t at = pi->nwrite % PIPE_SIZE;
		size_t room = MIN(PIPE_SIZE - (pi->nwrite - pi->nread), PIPE_SIZE - at);
		size_t k = MIN(room, n - done);
		if (either_copyin(&pi->data[at], addr + done, k, user) < 0) {
			release(&pi->lock);
			return done ? (ssize_t)done : -EFAULT;
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
	acquire(&pi->lock);
	while (pi->nread == pi->nwrite && pi->writers > 0) {
		if (nonblock) {
			release(&pi->lock);
			return -EAGAIN;
		}
		if (proc_killed(myproc())) {
			release(&pi->lock);
			return -ERESTARTSYS;
		}
		sleep(&pi->nread, &pi->lock);
	}
	size_t done = 0;
	while (done < n && pi->nread < pi->nwrite) {
		size_t at = pi->nread % PIPE_SIZE;
		size_t k = MIN(MIN(pi->nwrite - pi->nread, PIPE_SIZE - at), n - done);
		if (either_copyout(addr + done, &pi->data[at], k, user) < 0) {
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
 * What an end is ready for, as Linux's pipe_poll: a reader POLLIN while
 * there are bytes, POLLHUP once no writer is left (a FIFO: once one had
 * opened it); a writer POLLOUT while there is room, POLLERR once no
 * reader is left.
 */
int pipe_poll(struct pipe *pi, bool reader, bool writer)
{
	int ev = 0;

	acquire(&pi->lock);
	if (reader && pi->nwrite != pi->nread)
		ev |= POLLIN | POLLRDNORM;
	if (reader && pi->writers == 0 && pi->wopens > 0)
		ev |= POLLHUP;
	if (writer && pi->nwrite - pi->nread < PIPE_SIZE)
		ev |= POLLOUT | POLLWRNORM;
	if (writer && pi->readers == 0)
		ev |= POLLERR;
	release(&pi->lock);
	return ev;
}
