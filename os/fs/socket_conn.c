/*
 * Named AF_UNIX sockets: bind(2) puts a socket's name in sockname.c's
 * table, listen(2) makes it take connections, connect(2) makes end 1
 * of the connecting socket's pair a file queued on the listener, which
 * accept(2) hands out; a datagram socket's connect only names where its
 * sends go. Also the names getsockname and getpeername give, and the
 * options. The pair itself, its queues and transfers, are socket.c's.
 */
#include "kern/kern.h"
#include "fs/fs.h"
#include "fs/file.h"
#include "fs/socket.h"
#include "fs/sock.h"

/* bind(2): nm for f's socket, made in the file system (or abstract). */
int sock_bind(struct file *f, const struct sockname *nm)
{
	struct sock *s = f->obj;

	if (f->end != 0 || s->state != SS_UNCONN || s->bound)
		return -EINVAL;	/* a pair's end, or bound already */
	int err = sockname_bind(s, nm);
	if (err == 0) {
		s->name = *nm;
		s->bound = true;
	}
	return err;
}

/* listen(2): a bound socket takes connections, backlog of them waiting. */
int sock_listen(struct file *f, int backlog)
{
	struct sock *s = f->obj;
	int err = 0;

	acquire(&s->lock);
	if (s->type == SOCK_DGRAM)
		err = -EOPNOTSUPP;
	else if (!s->bound || (s->state != SS_UNCONN && s->state != SS_LISTEN))
		err = -EINVAL;	/* Linux would bind an abstract name itself: not here */
	else {
		s->state = SS_LISTEN;
		s->maxback = backlog < 1 ? 1 : MIN(backlog, BACKLOG_MAX);
	}
	release(&s->lock);
	return err;
}

/* Queues c, a connection's accepted end, on listener l; waits for room
 * unless nb. */
static int backlog_put(struct sock *l, struct file *c, bool nb)
{
	int err = 0;

	acquire(&l->lock);
	while (err == 0) {
		if (l->state != SS_LISTEN)
			err = -ECONNREFUSED;
		else if (l->nback < l->maxback)
			break;
		else if (nb)
			err = -EAGAIN;
		else if (sleep_intr(&l->backlog, &l->lock) < 0)
			err = -ERESTARTSYS;
	}
	if (err == 0) {
		l->backlog[l->nback++] = c;
		wakeup(&l->backlog);
	}
	release(&l->lock);
	return err;
}

/* A datagram socket's connect: where its sends go from now on (a
 * socket of a pair is connected already: EISCONN). */
static int dgram_connect(struct sock *s, const struct sockname *nm)
{
	struct sock *t, *old;
	int err;

	if (s->state == SS_PAIR)
		return -EISCONN;
	if (!(t = sockname_find(nm, &err)))
		return err;
	if (t->type != SOCK_DGRAM) {
		sock_unpin(t);
		return -EPROTOTYPE;
	}
	acquire(&s->lock);
	old = s->dest;
	s->dest = t;
	release(&s->lock);
	if (old)
		sock_unpin(old);
	return 0;
}

/* connect(2) of f's unconnected socket to the listener named nm: end 1
 * of f's sock becomes a file the listener's accept gives out. */
int sock_connect(struct file *f, const struct sockname *nm)
{
	struct sock *s = f->obj, *l;
	struct file *c;
	int err;

	if (s->type == SOCK_DGRAM)
		return dgram_connect(s, nm);
	if (s->state != SS_UNCONN)
		return s->state == SS_LISTEN ? -EINVAL : -EISCONN;
	if (!(l = sockname_find(nm, &err)))
		return err;
	if (l->type != s->type) {
		sock_unpin(l);
		return -EPROTOTYPE;
	}
	acquire(&s->lock);
	c = s->state == SS_UNCONN ? sock_file(s, 1, 0) : NULL;
	if (c) {
		s->state = SS_CONN;
		s->conn = l->name;
	}
	release(&s->lock);
	err = c ? backlog_put(l, c, f->nonblock) : -EISCONN;
	sock_unpin(l);
	if (err < 0 && c) {
		acquire(&s->lock);
		s->state = SS_UNCONN;
		s->open[1] = false;
		release(&s->lock);
		c->type = FD_NONE;	/* no close of the object's */
		fileclose(c);
	}
	poll_wake();
	return err;
}

/* accept4(2)'s core: the oldest connection of listener f, waiting for
 * one unless nonblocking; flags its file's O_NONBLOCK. */
int sock_accept(struct file *f, int flags, struct file **out)
{
	struct sock *l = f->obj;
	int err = 0;

	acquire(&l->lock);
	while (err == 0 && l->nback == 0) {
		if (l->state != SS_LISTEN)
			err = -EINVAL;
		else if (f->nonblock)
			err = -EAGAIN;
		else if (sleep_intr(&l->backlog, &l->lock) < 0)
			err = -ERESTARTSYS;
	}
	if (err == 0) {
		*out = l->backlog[0];
		memmove(l->backlog, l->backlog + 1, --l->nback * sizeof(l->backlog[0]));
		(*out)->nonblock = flags & O_NONBLOCK;
		wakeup(&l->backlog);
	}
	release(&l->lock);
	return err;
}

/* The name of f's end (peer: of the other end), as getsockname and
 * getpeername give it: a connection's accepted end has its listener's,
 * the connecting end its own if it bound one. -ENOTCONN for the peer of
 * an unconnected socket. */
int sock_name(struct file *f, bool peer, struct sockname *nm)
{
	struct sock *s = f->obj;
	int side = peer ? !f->end : f->end;	/* the end whose name is asked */

	*nm = (struct sockname){ 0 };
	if (peer && s->state != SS_CONN && s->state != SS_PAIR)
		return -ENOTCONN;
	if (side == 1 && s->state == SS_CONN)
		*nm = s->conn;
	else if (side == 0 && s->bound)
		*nm = s->name;
	return 0;
}

/* SO_TYPE, SO_SNDBUF and SO_RCVBUF's values; -ENOPROTOOPT for others. */
int sock_getopt(struct file *f, int opt, int *val)
{
	struct sock *s = f->obj;

	switch (opt) {
	case SO_TYPE: *val = s->type; return 0;
	case SO_DOMAIN: *val = AF_UNIX; return 0;
	case SO_ERROR: *val = 0; return 0;
	case SO_SNDBUF: *val = s->sndbuf[f->end]; return 0;
	case SO_RCVBUF: *val = s->rcvbuf[f->end]; return 0;
	}
	return -ENOPROTOOPT;
}

/* SO_SNDBUF and SO_RCVBUF stored as Linux does (doubled, within its
 * limits); they do not change our queues' size. */
int sock_setopt(struct file *f, int opt, int val)
{
	struct sock *s = f->obj;
	uint32_t v = MIN((uint32_t)val, BUF_DEFAULT) * 2;

	if (opt == SO_SNDBUF)
		s->sndbuf[f->end] = MAX(v, 4608);
	else if (opt == SO_RCVBUF)
		s->rcvbuf[f->end] = MAX(v, 2304);
	else
		return -ENOPROTOOPT;
	return 0;
}
