/*
 * AF_UNIX socket pairs (socketpair(2)): two ends, each a file, and a
 * queue each way: end e reads q[e], which the other end writes. A
 * queue is a page-sized ring of bytes; a datagram or a seqpacket
 * socket also keeps each message's length, so a read takes one whole
 * message (the rest of a longer one dropped, MSG_TRUNC), as Linux's
 * af_unix does. shutdown and a closed end work as Linux's: a reader
 * sees end of file once its queue is empty, a writer EPIPE (and
 * SIGPIPE unless MSG_NOSIGNAL). A message may carry open files
 * (SCM_RIGHTS, struct scm): attached to its first byte (a stream) or
 * to it (a datagram), handed over by the read that takes it. A socket
 * in flight is a reference that could close a loop (a pair holding its
 * own end, or two holding each other's) that nothing would ever read:
 * Linux collects such loops; here a socket may only be sent by a pair
 * that is not itself in flight, and only if its own pair holds no
 * socket (ETOOMANYREFS), so no loop can form. Named sockets (bind,
 * listen, connect, accept) are socket_conn.c's; the calls are
 * syssocket.c's and scm.c's.
 */
#include "kern/kern.h"
#include "mm/mm.h"
#include "fs/fs.h"
#include "fs/file.h"
#include "fs/socket.h"
#include "fs/sock.h"
#include "uapi/linux/poll.h"

static const struct file_ops sock_ops;

static bool is_stream(struct sock *s) { return s->type == SOCK_STREAM; }

/* What end e can no longer do: its own shutdowns, and both once the
 * other end of a connected (stream, seqpacket) pair is closed. */
static int shut_of(struct sock *s, int e)
{
	bool peer_gone = !s->open[!e] && (s->state == SS_PAIR || s->state == SS_CONN);

	return s->shut[e] | (peer_gone && s->type != SOCK_DGRAM ? SHUT_IN | SHUT_OUT : 0);
}

/* ---- moving bytes between a ring and the caller's iovecs ---- */

/*
 * Copies under a socket's lock do not fault user pages in: filling one
 * may sleep on the disk (a lazily loaded program's data). A copy that
 * meets a page not mapped yet says -EAGAIN (either_copyin_locked) and
 * leaves the queue as it was; its caller puts the cursor back, fills
 * the pages with the lock dropped (sock_fill), looks at the queue anew
 * and copies again; -EAGAIN again for that copy is EFAULT. That costs
 * nothing on the common path, where faulting every buffer in before
 * the lock cost a page-table walk per call.
 */

/* Moves k bytes between buf and the iovecs at c (to buf if in), under
 * the socket's lock: -EAGAIN for a page not mapped yet, or -EFAULT. */
static int cur_move(struct iocur *c, char *buf, size_t k, bool in)
{
	while (k > 0) {
		if (c->i >= c->n)
			return -EFAULT;
		const struct iovec *v = &c->v[c->i];
		size_t m = MIN(k, v->len - c->off);
		int err = in ? either_copyin_locked(buf, v->base + c->off, m, c->user)
			     : either_copyout_locked(v->base + c->off, buf, m, c->user);
		if (err < 0)
			return err;
		buf += m;
		k -= m;
		if ((c->off += m) == v->len) {
			c->i++;
			c->off = 0;
		}
	}
	return 0;
}

/* k bytes between the ring of q at byte at (ever) and the iovecs at
 * c; on an error c is put back where it was. */
static int ring_move(struct sockq *q, uint64_t at, struct iocur *c, size_t k, bool in)
{
	struct iocur start = *c;
	size_t o = at % SQ_SIZE, first = MIN(k, SQ_SIZE - o);
	int err = cur_move(c, q->data + o, first, in);

	if (err == 0 && k > first)
		err = cur_move(c, q->data, k - first, in);
	if (err < 0)
		*c = start;
	return err;
}

/* Whether s may carry r without closing a loop (the file comment). */
static bool rights_ok(struct sock *s, struct scm *r);

/*
 * After a copy's -EAGAIN under s->lock: faults in the user pages the
 * next copy from c may reach (need: PTE_R to send from them, PTE_W to
 * receive), with the lock dropped; at most a ring's worth, the most a
 * copy moves, so a huge buffer is not filled all at once. Others ran
 * meanwhile: -ETOOMANYREFS if the files of r (NULL: none) may no
 * longer ride on s, else 0.
 */
static int sock_fill(struct sock *s, const struct iocur *c, int need, struct scm *r)
{
	size_t left = SQ_SIZE;

	release(&s->lock);
	for (int i = c->i; left > 0 && i < c->n; i++) {
		size_t off = i == c->i ? c->off : 0, m = MIN(c->v[i].len - off, left);
		user_prefault(c->v[i].base + off, m, need);
		left -= m;
	}
	acquire(&s->lock);
	return rights_ok(s, r) ? 0 : -ETOOMANYREFS;
}

/* ---- files in flight ---- */

/* Counts r's sockets in (d 1) or out of (-1) flight through s. */
static void rights_count(struct sock *s, struct scm *r, int d)
{
	for (int i = 0; r && i < r->n; i++) {
		if (!file_is_sock(r->f[i]))
			continue;
		__atomic_add_fetch(&((struct sock *)r->f[i]->obj)->inflight, d, __ATOMIC_RELAXED);
		__atomic_add_fetch(&s->held, d, __ATOMIC_RELAXED);
	}
}

static bool rights_ok(struct sock *s, struct scm *r)
{
	for (int i = 0; r && i < r->n; i++) {
		if (!file_is_sock(r->f[i]))
			continue;
		struct sock *x = r->f[i]->obj;
		if (x == s || __atomic_load_n(&x->held, __ATOMIC_RELAXED) ||
		    __atomic_load_n(&s->inflight, __ATOMIC_RELAXED))
			return false;
	}
	return true;
}

/* Queues r on q at at, if it has room (r NULL: nothing to queue). */
static bool att_put(struct sock *s, struct sockq *q, uint64_t at, struct scm *r)
{
	if (!r)
		return true;
	if (q->awrite - q->aread == SQ_ATT)
		return false;
	q->att[q->awrite % SQ_ATT].at = at;
	q->att[q->awrite++ % SQ_ATT].r = r;
	rights_count(s, r, 1);
	return true;
}

/* The files riding on at, taken off q (left there if peek); NULL if none. */
static struct scm *att_take(struct sock *s, struct sockq *q, uint64_t at, bool peek)
{
	if (q->aread == q->awrite || q->att[q->aread % SQ_ATT].at != at || peek)
		return NULL;
	struct scm *r = q->att[q->aread++ % SQ_ATT].r;
	rights_count(s, r, -1);
	return r;
}

/* Where the first attachment past byte at rides on q (a stream's read
 * stops before it); ~0 if none. */
static uint64_t att_after(struct sockq *q, uint64_t at)
{
	for (uint32_t i = q->aread; i != q->awrite; i++)
		if (q->att[i % SQ_ATT].at > at)
			return q->att[i % SQ_ATT].at;
	return ~0ULL;
}

/* ---- the pair ---- */

static void sock_free(struct sock *s)
{
	kfree(s->q[0].data);
	kfree(s->q[1].data);
	kfree(s);
}

/* A sock of type with its queues, no end open yet; NULL if out of pages. */
static struct sock *sock_alloc(int type, int state)
{
	struct sock *s = kzalloc();

	if (!s)
		return NULL;
	s->q[0].data = kalloc();
	s->q[1].data = kalloc();
	if (!s->q[0].data || !s->q[1].data) {
		sock_free(s);
		return NULL;
	}
	initlock(&s->lock, "sock", LOCK_COND);
	s->type = type;
	s->state = state;
	for (int e = 0; e < 2; e++)
		s->sndbuf[e] = s->rcvbuf[e] = BUF_DEFAULT;
	return s;
}

/* A file of end e of s, which has no file yet; NULL if none is free. */
struct file *sock_file(struct sock *s, int e, int flags)
{
	struct file *f = file_obj(&sock_ops, s, e, flags);

	if (f)
		s->open[e] = true;
	return f;
}

/* A connected pair of type, its two files in f[0] and f[1]. */
int sock_pair(int type, int flags, struct file *f[2])
{
	struct sock *s = sock_alloc(type, SS_PAIR);

	f[0] = f[1] = NULL;
	if (s && (f[0] = sock_file(s, 0, flags)) && (f[1] = sock_file(s, 1, flags)))
		return 0;
	if (f[0]) {
		f[0]->type = FD_NONE;	/* no close of the object's */
		fileclose(f[0]);
	}
	if (s)
		sock_free(s);
	return -ENFILE;
}

/* socket(2)'s: an unconnected socket of type, end 0 of its sock. */
int sock_new(int type, int flags, struct file **f)
{
	struct sock *s = sock_alloc(type, SS_UNCONN);

	if (!s || !(*f = sock_file(s, 0, flags))) {
		if (s)
			sock_free(s);
		return s ? -ENFILE : -ENOMEM;
	}
	return 0;
}

static void sock_close(struct file *f)
{
	struct sock *s = f->obj;

	struct sockq *q = &s->q[f->end];
	struct scm *unread[SQ_ATT];
	int n = 0;

	struct file *pending[BACKLOG_MAX];
	int np = 0;

	if (s->bound && f->end == 0)
		sockname_unbind(s);	/* no connect finds it from now on */
	if (s->dest && f->end == 0)
		sock_unpin(s->dest);
	acquire(&s->lock);
	s->open[f->end] = false;
	bool last = !s->open[!f->end] && s->pins == 0;
	while (q->aread != q->awrite)	/* no one can read them now */
		unread[n++] = att_take(s, q, q->att[q->aread % SQ_ATT].at, false);
	while (f->end == 0 && s->nback > 0)	/* a listener's connections not accepted */
		pending[np++] = s->backlog[--s->nback];
	s->state = s->state == SS_LISTEN ? SS_UNCONN : s->state;
	wakeup(&s->q[0]);
	wakeup(&s->q[1]);
	wakeup(&s->backlog);
	release(&s->lock);
	poll_wake();
	while (n > 0)
		scm_free(unread[--n]);
	while (np > 0)
		fileclose(pending[--np]);
	if (last)
		sock_free(s);
}

/* A connect to s is over: s goes if its ends closed meanwhile. */
void sock_unpin(struct sock *s)
{
	acquire(&s->lock);
	bool last = __atomic_sub_fetch(&s->pins, 1, __ATOMIC_RELAXED) == 0 && !s->open[0] &&
		    !s->open[1];
	release(&s->lock);
	if (last)
		sock_free(s);
}

/* sockname_find's pin, under the table's lock: s stays until unpinned. */
void sock_pin(struct sock *s) { __atomic_add_fetch(&s->pins, 1, __ATOMIC_RELAXED); }

/* shutdown(2): end e's how, and its other end's mirror image. */
int sock_shutdown(struct file *f, int how)
{
	struct sock *s = f->obj;
	int e = f->end;
	uint8_t m = how == SHUT_RD ? SHUT_IN : how == SHUT_WR ? SHUT_OUT : SHUT_IN | SHUT_OUT;

	if (how < SHUT_RD || how > SHUT_RDWR)
		return -EINVAL;
	acquire(&s->lock);
	s->shut[e] |= m;
	if (s->type != SOCK_DGRAM)	/* Linux tells a connected peer */
		s->shut[!e] |= (m & SHUT_IN ? SHUT_OUT : 0) | (m & SHUT_OUT ? SHUT_IN : 0);
	wakeup(&s->q[0]);
	wakeup(&s->q[1]);
	release(&s->lock);
	poll_wake();
	return 0;
}

/* Sleeps for a change of q; -ERESTARTSYS for a signal. Under s->lock. */
static int sock_wait(struct sock *s, struct sockq *q)
{
	return sleep_intr(q, &s->lock) < 0 ? -ERESTARTSYS : 0;
}

/* Whether a message of n bytes fits q now. */
static bool msg_fits(struct sockq *q, size_t n)
{
	return q->mwrite - q->mread < SQ_MSGS && SQ_SIZE - (q->nwrite - q->nread) >= n;
}

/* Why end e may not write now: -EPIPE (SIGPIPE unless nosignal), or
 * -ECONNREFUSED for a datagram pair whose other end is closed; 0. */
static int write_refused(struct sock *s, int e, bool nosignal)
{
	if (!(shut_of(s, e) & SHUT_OUT) && (s->open[!e] || s->type != SOCK_DGRAM))
		return 0;
	if (s->type == SOCK_DGRAM && !(s->shut[e] & SHUT_OUT))
		return -ECONNREFUSED;
	if (!nosignal)
		kill_self(SIGPIPE);
	return -EPIPE;
}

/* Queues the message of n bytes just copied to q's ring, with the
 * files of *r (taken). */
static void msg_commit(struct sock *s, struct sockq *q, size_t n, struct scm **r)
{
	att_put(s, q, q->mwrite, *r);
	*r = NULL;
	q->len[q->mwrite++ % SQ_MSGS] = n;
	q->nwrite += n;
}

/* Waits for room for a message of n bytes (with files if att) in the
 * queue end e writes, unless nb: 0, or why it cannot be sent. */
static int msg_room(struct sock *s, int e, size_t n, int flags, bool nb, bool att)
{
	struct sockq *q = &s->q[!e];
	int err;

	while (!msg_fits(q, n) || (att && q->awrite - q->aread == SQ_ATT)) {
		if ((err = write_refused(s, e, flags & MSG_NOSIGNAL)) < 0)
			return err;
		if (nb)
			return -EAGAIN;
		if ((err = sock_wait(s, q)) < 0)
			return err;
	}
	return write_refused(s, e, flags & MSG_NOSIGNAL);
}

/* Queues one message of n bytes from c for the other end: whole, or
 * nothing of it. */
static ssize_t send_msg(struct sock *s, int e, struct iocur *c, size_t n, int flags, bool nb,
			struct scm **r)
{
	struct sockq *q = &s->q[!e];
	int err;

	if (n > SQ_SIZE)
		return -EMSGSIZE;
	for (bool filled = false;; filled = true) {
		if ((err = msg_room(s, e, n, flags, nb, *r)) < 0)
			return err;
		if ((err = ring_move(q, q->nwrite, c, n, true)) != -EAGAIN || filled)
			break;
		if ((err = sock_fill(s, c, PTE_R, *r)) < 0)
			return err;
	}
	if (err < 0)
		return -EFAULT;
	msg_commit(s, q, n, r);
	return n;
}

/* Streams n bytes from c, waiting for room unless nb. */
static ssize_t send_stream(struct sock *s, int e, struct iocur *c, size_t n, int flags, bool nb,
			   struct scm **r)
{
	struct sockq *q = &s->q[!e];
	size_t done = 0;
	int err = 0;
	bool filled = false;	/* the pages of the next copy were faulted in */

	while (done < n) {
		if ((err = write_refused(s, e, flags & MSG_NOSIGNAL)) < 0)
			break;
		size_t room = SQ_SIZE - (q->nwrite - q->nread);
		if (room == 0 || (*r && q->awrite - q->aread == SQ_ATT)) {
			if (nb) {
				err = -EAGAIN;
				break;
			}
			wakeup(&s->q[!e]);
			if ((err = sock_wait(s, q)) < 0)
				break;
			continue;
		}
		size_t k = MIN(room, n - done);
		if ((err = ring_move(q, q->nwrite, c, k, true)) == -EAGAIN && !filled) {
			if ((err = sock_fill(s, c, PTE_R, *r)) < 0)
				break;
			filled = true;
			continue;
		}
		if (err < 0) {
			err = -EFAULT;
			break;
		}
		filled = false;
		if (att_put(s, q, q->nwrite, *r))	/* on the first byte */
			*r = NULL;
		q->nwrite += k;
		done += k;
	}
	return done ? (ssize_t)done : err;
}

/* Waits for room for a datagram of n bytes (with files if att) in the
 * queue t's end 0 reads, unless nb: 0, or why it cannot be sent. */
static int dgram_room(struct sock *t, size_t n, bool nb, bool att)
{
	struct sockq *q = &t->q[0];
	int err = 0;

	while (err == 0 && (!msg_fits(q, n) || (att && q->awrite - q->aread == SQ_ATT))) {
		if (!t->open[0])
			return -ECONNREFUSED;
		err = nb ? -EAGAIN : sock_wait(t, q);
	}
	return err < 0 ? err : t->open[0] ? 0 : -ECONNREFUSED;
}

/* sock_sendto's part under t->lock: the datagram of n bytes from c
 * queued whole for t's end 0, with the files of *r (taken), or not at all. */
static ssize_t dgram_put(struct sock *t, struct iocur *c, size_t n, bool nb, struct scm **r)
{
	struct sockq *q = &t->q[0];
	int err;

	for (bool filled = false;; filled = true) {
		if ((err = dgram_room(t, n, nb, *r)) < 0)
			return err;
		if ((err = ring_move(q, q->nwrite, c, n, true)) != -EAGAIN || filled)
			break;
		if ((err = sock_fill(t, c, PTE_R, *r)) < 0)
			return err;
	}
	if (err < 0)
		return -EFAULT;
	msg_commit(t, q, n, r);
	wakeup(q);
	return n;
}

/*
 * A datagram from f's socket to t's (NULL: none named, ENOTCONN): into
 * the queue t's own end reads, waiting for room unless nonblocking;
 * ECONNREFUSED once t is closed. rights are taken, as sock_send's.
 */
ssize_t sock_sendto(struct file *f, struct sock *t, struct iocur *c, size_t n, int flags,
		    struct scm *rights)
{
	bool nb = f->nonblock || (flags & MSG_DONTWAIT);
	ssize_t r = -ENOTCONN;

	if (t && t->type != SOCK_DGRAM)
		r = -EPROTOTYPE;
	else if (t && n > SQ_SIZE)
		r = -EMSGSIZE;
	else if (t) {
		acquire(&t->lock);
		r = rights_ok(t, rights) ? dgram_put(t, c, n, nb, &rights) : -ETOOMANYREFS;
		release(&t->lock);
	}
	if (rights)
		scm_free(rights);
	if (r >= 0)
		poll_wake();
	return r;
}

/* sendmsg's core: n bytes from the iovecs at c out of f's end, with
 * the files of rights (NULL: none), which it takes: queued with the
 * bytes, or closed if they are not sent (an error, a stream's 0 bytes). */
ssize_t sock_send(struct file *f, struct iocur *c, size_t n, int flags, struct scm *rights)
{
	struct sock *s = f->obj;
	bool nb = f->nonblock || (flags & MSG_DONTWAIT);

	if (s->type == SOCK_DGRAM && s->state != SS_PAIR)	/* a named socket's */
		return sock_sendto(f, s->dest, c, n, flags, rights);
	acquire(&s->lock);
	ssize_t r = -ETOOMANYREFS;
	if (s->state == SS_UNCONN || s->state == SS_LISTEN)
		r = -ENOTCONN;
	else if (rights_ok(s, rights))
		r = is_stream(s) ? send_stream(s, f->end, c, n, flags, nb, &rights)
				 : send_msg(s, f->end, c, n, flags, nb, &rights);
	wakeup(&s->q[!f->end]);
	release(&s->lock);
	if (rights)
		scm_free(rights);
	if (r >= 0)
		poll_wake();
	return r;
}

/* The oldest message of q, len bytes, taken off unread (a read's copy
 * failed); its files, for the caller to close. */
static struct scm *msg_drop(struct sock *s, struct sockq *q, size_t len)
{
	struct scm *r = att_take(s, q, q->mread, false);

	q->nread += len;
	q->mread++;
	wakeup(q);
	return r;
}

/* recvmsg's core: up to n bytes into the iovecs at c; *mflags gets
 * MSG_TRUNC if a message was longer. With MSG_TRUNC in flags a
 * message's whole length is returned, as Linux does. The files the
 * bytes carried go to *rights (NULL: they are closed). */
ssize_t sock_recv(struct file *f, struct iocur *c, size_t n, int flags, int *mflags,
		  struct scm **rights)
{
	struct scm *r = NULL;
	struct sock *s = f->obj;
	struct sockq *q = &s->q[f->end];
	bool nb = f->nonblock || (flags & MSG_DONTWAIT);
	bool filled = false;	/* the user's pages were faulted in */
	ssize_t got = 0;
	int err;

	acquire(&s->lock);
again:
	if ((s->state == SS_UNCONN && s->type != SOCK_DGRAM) || s->state == SS_LISTEN) {
		got = s->type == SOCK_STREAM ? -EINVAL : -ENOTCONN;	/* Linux's answers */
		goto out;
	}
	while (q->nwrite == q->nread && q->mwrite == q->mread) {
		if ((shut_of(s, f->end) & SHUT_IN) || (!s->open[!f->end] && is_stream(s)))
			goto out;
		if (nb) {
			got = -EAGAIN;
			goto out;
		}
		if ((got = sock_wait(s, q)) < 0)
			goto out;
	}
	size_t len = is_stream(s) ? q->nwrite - q->nread : q->len[q->mread % SQ_MSGS];
	if (is_stream(s))	/* files ride on a byte: a read stops before the next */
		len = MIN(len, att_after(q, q->nread) - q->nread);
	size_t k = MIN(len, n);
	if ((err = ring_move(q, q->nread, c, k, false)) == -EAGAIN && !filled) {
		sock_fill(s, c, PTE_W, NULL);
		filled = true;
		goto again;	/* another reader may have taken it meanwhile */
	}
	if (err < 0) {
		got = -EFAULT;
		if (!is_stream(s) && !(flags & MSG_PEEK))
			r = msg_drop(s, q, len);	/* as Linux's unix_dgram_recvmsg */
		goto out;
	}
	got = k;
	if (!is_stream(s) && k < len) {
		*mflags |= MSG_TRUNC;
		if (flags & MSG_TRUNC)
			got = len;
	}
	r = att_take(s, q, is_stream(s) ? q->nread : q->mread, flags & MSG_PEEK);
	if (!(flags & MSG_PEEK)) {
		q->nread += is_stream(s) ? k : len;
		q->mread += !is_stream(s);
		wakeup(q);
	}
out:
	release(&s->lock);
	if (rights && got >= 0)
		*rights = r;
	else if (r)
		scm_free(r);
	if (got > 0)
		poll_wake();
	return got;
}

static ssize_t sock_read(struct file *f, uint64_t addr, size_t n, bool user)
{
	struct iovec v = { addr, n };
	struct iocur c = { &v, 1, 0, 0, user };
	int mflags = 0;

	return sock_recv(f, &c, n, 0, &mflags, NULL);
}

static ssize_t sock_write(struct file *f, uint64_t addr, size_t n, bool user)
{
	struct iovec v = { addr, n };
	struct iocur c = { &v, 1, 0, 0, user };

	return sock_send(f, &c, n, 0, NULL);
}

/* As Linux's unix_poll and unix_dgram_poll. */
static int sock_poll(struct file *f, uint64_t *due)
{
	struct sock *s = f->obj;
	struct sockq *in = &s->q[f->end], *out = &s->q[!f->end];
	int ev = 0;

	(void)due;
	acquire(&s->lock);
	if (s->state == SS_LISTEN || (s->state == SS_UNCONN && s->type != SOCK_DGRAM)) {
		/* a listener: readable with a connection to accept; an
		 * unconnected socket: hung up, writable (as unix_poll) */
		ev = s->state == SS_LISTEN ? (s->nback ? POLLIN | POLLRDNORM : 0) :
		     POLLHUP | POLLOUT | POLLWRNORM | POLLWRBAND;
		release(&s->lock);
		return ev;
	}
	int sh = shut_of(s, f->end);
	if (sh == (SHUT_IN | SHUT_OUT))
		ev |= POLLHUP;
	if (sh & SHUT_IN)
		ev |= POLLRDHUP | POLLIN | POLLRDNORM;
	if (in->nwrite != in->nread || in->mwrite != in->mread)
		ev |= POLLIN | POLLRDNORM;
	if (out->nwrite - out->nread < SQ_SIZE && out->mwrite - out->mread < SQ_MSGS)
		ev |= POLLOUT | POLLWRNORM | POLLWRBAND;
	release(&s->lock);
	return ev;
}

int file_sock_type(struct file *f) { return ((struct sock *)f->obj)->type; }

bool file_is_sock(struct file *f) { return f->type == FD_OBJ && f->ops == &sock_ops; }

static const struct file_ops sock_ops = {
	.kind = "socket",
	.mode = S_IFSOCK | 0777,
	.read = sock_read,
	.write = sock_write,
	.poll = sock_poll,
	.close = sock_close,
};
