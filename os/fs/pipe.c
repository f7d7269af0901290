/*
 * Pipes: a page-sized ring between a writing and a reading file.
 * Readers sleep while it is empty, writers while it is full; a read
 * with no writers left sees end of file, a write with no readers left
 * gets EPIPE and the process SIGPIPE.
 */
#include "kern/kern.h"
#include "mm/mm.h"
#include "fs/fs.h"
#include "fs/file.h"

#define PIPE_SIZE (PGSIZE - 64)

struct pipe {
	struct spinlock lock;
	uint64_t nread, nwrite;	/* bytes ever read and written */
	bool readopen, writeopen;
	char data[PIPE_SIZE];
};
_Static_assert(sizeof(struct pipe) <= PGSIZE, "a pipe fits a page");

int pipe_alloc(struct file **rf, struct file **wf)
{
	struct pipe *pi = kalloc();

	*rf = *wf = NULL;
	if (!pi || !(*rf = filealloc()) || !(*wf = filealloc())) {
		kfree(pi);
		if (*rf)
			fileclose(*rf);
		return -ENFILE;
	}
	initlock(&pi->lock, "pipe", LOCK_COND);
	pi->nread = pi->nwrite = 0;
	pi->readopen = pi->writeopen = true;
	(*rf)->type = (*wf)->type = FD_PIPE;
	(*rf)->pipe = (*wf)->pipe = pi;
	(*rf)->readable = true;
	(*wf)->writable = true;
	return 0;
}

/* The last file of one end is gone; the pipe goes with the second end. */
void pipe_close(struct pipe *pi, bool writer)
{
	acquire(&pi->lock);
	if (writer)
		pi->writeopen = false;
	else
		pi->readopen = false;
	wakeup(writer ? (void *)&pi->nread : (void *)&pi->nwrite);
	bool last = !pi->readopen && !pi->writeopen;
	release(&pi->lock);
	if (last)
		kfree(pi);
}

ssize_t pipe_write(struct pipe *pi, uint64_t addr, size_t n, bool user, bool nonblock)
{
	size_t done = 0;

	acquire(&pi->lock);
	while (done < n) {
		if (!pi->readopen) {
			release(&pi->lock);
			kill(myproc()->pid, SIGPIPE);
			return done ? (ssize_t)done : -EPIPE;
		}
		if (proc_killed(myproc())) {
			release(&pi->lock);
			return done ? (ssize_t)done : -EINTR;
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
	return done;
}

ssize_t pipe_read(struct pipe *pi, uint64_t addr, size_t n, bool user, bool nonblock)
{
	acquire(&pi->lock);
	while (pi->nread == pi->nwrite && pi->writeopen) {
		if (nonblock) {
			release(&pi->lock);
			return -EAGAIN;
		}
		if (proc_killed(myproc())) {
			release(&pi->lock);
			return -EINTR;
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
	return done;
}
