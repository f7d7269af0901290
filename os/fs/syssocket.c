/*
 * The socket calls, over AF_UNIX sockets (socket.c): socketpair,
 * shutdown, sendto/recvfrom, sendmsg/recvmsg (iovecs; SCM_RIGHTS,
 * scm.c), getsockopt/setsockopt, getsockname/getpeername; and named
 * sockets: socket, bind (a path or an abstract name, sockname.c),
 * listen, accept4, connect of SOCK_STREAM and SOCK_SEQPACKET; a
 * SOCK_DGRAM socket binds, connects (its default destination) and
 * sends to a name (a receiver sees no sender's address).
 * socket(2) of another family is EAFNOSUPPORT: there is no network,
 * AF_INET neither.
 */
#include "kern/kern.h"
#include "mm/mm.h"
#include "fs/fs.h"
#include "fs/file.h"
#include "fs/socket.h"
#include "kern/syscall.h"
#include "dev/dev.h"
#include "uapi/linux/time.h"

#define SOCK_TYPE_MASK 0xf
#define MSG_CMSG_COMPAT 0x80000000	/* Linux's own, for 32-bit callers: refused from user space */
#define IOV_MAX_HERE (PGSIZE / sizeof(struct iovec))	/* a page of iovecs */

/* The socket of descriptor fd: EBADF, or ENOTSOCK for another file. */
static int sock_fd(int fd, struct file **f)
{
	int err = fd_file(fd, f);

	return err < 0 ? err : file_is_sock(*f) ? 0 : -ENOTSOCK;
}

/* socket(2)'s and socketpair(2)'s checks of type and protocol, as
 * Linux's: the base type in *base, SOCK_* flags in *flags. */
static int sock_args(int type, int proto, int *base, int *flags)
{
	*flags = type & ~SOCK_TYPE_MASK;
	*base = type & SOCK_TYPE_MASK;
	if (*flags & ~(SOCK_NONBLOCK | SOCK_CLOEXEC))
		return -EINVAL;
	if (proto != 0 && proto != AF_UNIX)
		return -EPROTONOSUPPORT;
	if (*base != SOCK_STREAM && *base != SOCK_DGRAM && *base != SOCK_SEQPACKET)
		return -ESOCKTNOSUPPORT;
	return 0;
}

/* socket(domain, type, protocol) */
uint64_t sys_socket(void)
{
	int base, flags, err;
	struct file *f;

	if (argraw(0) != AF_UNIX)
		return -EAFNOSUPPORT;
	if ((err = sock_args(argraw(1), argraw(2), &base, &flags)) < 0 ||
	    (err = sock_new(base, flags & SOCK_NONBLOCK ? O_NONBLOCK : 0, &f)) < 0)
		return err;
	int fd = fdalloc(f, 0, flags & SOCK_CLOEXEC);
	if (fd < 0)
		fileclose(f);
	return fd;
}

/* socketpair(domain, type, protocol, sv) */
uint64_t sys_socketpair(void)
{
	int domain = argraw(0), base, flags;
	struct file *f[2];
	int fd[2], err;

	if ((argraw(1) & ~SOCK_TYPE_MASK) & ~(SOCK_NONBLOCK | SOCK_CLOEXEC))
		return -EINVAL;
	if (domain != AF_UNIX)
		return domain == AF_INET || domain == AF_INET6 ? -EOPNOTSUPP : -EAFNOSUPPORT;
	if ((err = sock_args(argraw(1), argraw(2), &base, &flags)) < 0)
		return err;
	if ((err = sock_pair(base, flags & SOCK_NONBLOCK ? O_NONBLOCK : 0, f)) < 0)
		return err;
	fd[0] = fdalloc(f[0], 0, flags & SOCK_CLOEXEC);
	fd[1] = fd[0] < 0 ? -1 : fdalloc(f[1], 0, flags & SOCK_CLOEXEC);
	if (fd[1] >= 0 && copyout(myproc()->pagetable, argraw(3), fd, sizeof(fd)) == 0)
		return 0;
	err = fd[0] < 0 ? fd[0] : fd[1] < 0 ? fd[1] : -EFAULT;
	for (int e = 0; e < 2; e++) {	/* as pipe2: each with its descriptor, or alone */
		if (fd[e] >= 0)
			fd_close(fd[e]);
		else
			fileclose(f[e]);
	}
	return err;
}

uint64_t sys_shutdown(void)
{
	struct file *f;
	int err = sock_fd(argraw(0), &f);

	return err < 0 ? err : sock_shutdown(f, argraw(1));
}

/* The iovecs of a msghdr copied into v (a page); their total in *n. */
static int iovecs_in(const struct msghdr *m, struct iovec *v, size_t *n)
{
	*n = 0;
	if (m->iovlen > UIO_MAXIOV)
		return -EMSGSIZE;
	if (m->iovlen > IOV_MAX_HERE)
		return -ENOMEM;	/* more than a page of them: not taken here */
	if (copyin(myproc()->pagetable, v, m->iov, m->iovlen * sizeof(*v)) < 0)
		return -EFAULT;
	for (uint64_t i = 0; i < m->iovlen; i++) {
		if ((int64_t)v[i].len < 0 || *n + v[i].len > INT32_MAX)
			return -EINVAL;
		*n += v[i].len;
	}
	return 0;
}

/* A sockaddr_un from the user (len bytes) as a name: a path ends at
 * its first 0 byte, an abstract name (a 0 byte first) takes them all. */
static int sockaddr_in(uint64_t addr, uint64_t len, struct sockname *nm)
{
	struct sockaddr_un a;

	if (len <= sizeof(a.family) || len > sizeof(a))
		return -EINVAL;
	if (copyin(myproc()->pagetable, &a, addr, len) < 0)
		return -EFAULT;
	if (a.family != AF_UNIX)
		return -EINVAL;
	nm->len = len - sizeof(a.family);
	memmove(nm->path, a.path, nm->len);
	if (nm->path[0] != 0)	/* a path: up to its first 0 byte */
		for (int i = 0; i < nm->len; i++)
			if (nm->path[i] == 0)
				nm->len = i;
	return 0;
}

/* A send to the address at addr (len bytes): a datagram socket's to
 * the socket bound there; a connected one's is EISCONN. rights taken. */
static int64_t send_addr(struct file *f, uint64_t addr, uint64_t len, struct iocur *c, size_t n,
			 int flags, struct scm *rights)
{
	struct sockname nm;
	struct sock *t = NULL;
	int err = file_sock_type(f) == SOCK_DGRAM ? sockaddr_in(addr, len, &nm) : -EISCONN;

	if (err == 0)
		t = sockname_find(&nm, &err);
	if (!t) {
		scm_free(rights);
		return err;
	}
	int64_t r = sock_sendto(f, t, c, n, flags, rights);
	sock_unpin(t);
	return r;
}

/* One sendmsg or recvmsg on socket f: the msghdr at umsg, its
 * iovecs (their total in *n), one transfer. The count, or -errno. */
static int64_t msg_one(struct file *f, uint64_t umsg, int flags, bool send, size_t *n)
{
	pagetable_t pt = myproc()->pagetable;
	int mflags = flags & MSG_CMSG_CLOEXEC;	/* Linux gives it back */
	struct msghdr m;
	struct scm *rights = NULL;
	int64_t r;

	*n = 0;
	if (copyin(pt, &m, umsg, sizeof(m)) < 0)
		return -EFAULT;
	struct iovec *v = kalloc();
	if (!v)
		return -ENOMEM;
	if ((r = iovecs_in(&m, v, n)) == 0 && send)
		r = scm_in(m.control, m.controllen, &rights);
	if (r == 0) {
		struct iocur c = { v, (int)m.iovlen, 0, 0, true };
		r = !send ? sock_recv(f, &c, *n, flags, &mflags, &rights) :
		    m.name && m.namelen ? send_addr(f, m.name, m.namelen, &c, *n, flags, rights) :
					  sock_send(f, &c, *n, flags, rights);
	}
	kfree(v);
	if (send || r < 0)
		return r;
	int err = scm_out(&m, rights, flags, &mflags);
	m.namelen = 0;	/* no sender's address: the pair is unnamed */
	m.flags = mflags;
	if (err < 0 || copyout(pt, umsg, &m, sizeof(m)) < 0)
		return -EFAULT;
	return r;
}

/* sendmsg(fd, msg, flags), recvmsg(fd, msg, flags) */
static int64_t msg_io(bool send)
{
	struct file *f;
	size_t n;
	int64_t r = sock_fd(argraw(0), &f);

	return r < 0 ? r : msg_one(f, argraw(1), argraw(2), send, &n);
}

uint64_t sys_sendmsg(void) { return msg_io(true); }
uint64_t sys_recvmsg(void) { return msg_io(false); }

/* struct mmsghdr: a msghdr, then the count its transfer moved */
#define MMSG_SIZE 64
#define MMSG_LEN 56	/* msg_len's offset */
_Static_assert(sizeof(struct msghdr) == MMSG_LEN, "msg_len follows the msghdr");

static uint64_t mmsg_at(uint64_t vec, unsigned i) { return vec + (uint64_t)i * MMSG_SIZE; }

/* Entry i's msg_len = r. */
static int mmsg_len_out(uint64_t vec, unsigned i, int64_t r)
{
	uint32_t len = r;

	return copyout(myproc()->pagetable, mmsg_at(vec, i) + MMSG_LEN, &len, sizeof(len));
}

/*
 * sendmmsg(fd, vec, vlen, flags), Linux 6.1's __sys_sendmmsg: a
 * sendmsg per entry, at most UIO_MAXIOV, each count in its msg_len;
 * stops at an error or a send cut short (a full non-blocking socket),
 * and gives the entries sent, or the error only if none was.
 */
uint64_t sys_sendmmsg(void)
{
	uint64_t vec = argraw(1);
	unsigned vlen = MIN((unsigned)argraw(2), UIO_MAXIOV), flags = argraw(3), sent = 0;
	struct file *f;
	size_t n = 0;
	int64_t r;

	if (flags & MSG_CMSG_COMPAT)
		return -EINVAL;
	if ((r = sock_fd(argraw(0), &f)) < 0)
		return r;
	while (sent < vlen) {
		if ((r = msg_one(f, mmsg_at(vec, sent), flags, true, &n)) < 0)
			break;
		bool cut = (size_t)r < n;
		if ((r = mmsg_len_out(vec, sent, r)) < 0)
			break;
		sent++;
		if (cut)
			break;
	}
	return sent ? sent : r;
}

/* recvmmsg's timeout: its end, monotonic ns (0: none); -EFAULT or
 * -EINVAL for a bad one, as Linux checks it before the descriptor. */
static int mmsg_deadline(uint64_t uts, uint64_t *end)
{
	uint64_t ns;
	int err;

	*end = 0;
	if (!uts)
		return 0;
	if ((err = read_timespec(uts, &ns)) < 0)
		return err;
	*end = monotonic_ns() + ns;
	return 0;
}

/* What is left of the timeout, written back; false once it is used up
 * (then written as 0). */
static bool mmsg_time_left(uint64_t uts, uint64_t end)
{
	uint64_t now = monotonic_ns();
	struct timespec left = ns_timespec(now < end ? end - now : 0);

	copyout(myproc()->pagetable, uts, &left, sizeof(left));
	return now < end;
}

/*
 * recvmmsg(fd, vec, vlen, flags, timeout), Linux 6.1's do_recvmmsg: a
 * recvmsg per entry, each count in its msg_len; MSG_WAITFORONE makes
 * those after the first MSG_DONTWAIT. The timeout is looked at only
 * between messages, so a receive that waits is not cut short by it
 * (recvmmsg(2)'s BUGS): it ends the call once it has run out, and what
 * is left of it is written back. An error after a message is not
 * returned: the messages received are (Linux keeps the error for the
 * socket's next call, as SO_ERROR; a socket here keeps none).
 */
uint64_t sys_recvmmsg(void)
{
	uint64_t vec = argraw(1), uts = argraw(4), end;
	unsigned vlen = argraw(2), flags = argraw(3), got = 0;
	struct file *f;
	size_t n;
	int64_t r;

	if (flags & MSG_CMSG_COMPAT)
		return -EINVAL;
	if ((r = mmsg_deadline(uts, &end)) < 0)
		return r;
	if ((r = sock_fd(argraw(0), &f)) < 0)
		return r;
	while (got < vlen) {
		if ((r = msg_one(f, mmsg_at(vec, got), flags & ~MSG_WAITFORONE, false, &n)) < 0)
			break;
		if ((r = mmsg_len_out(vec, got, r)) < 0)
			break;
		got++;
		if (flags & MSG_WAITFORONE)
			flags |= MSG_DONTWAIT;
		if (uts && !mmsg_time_left(uts, end))
			break;
	}
	return got ? got : r;
}

/* sendto(fd, buf, len, flags, addr, addrlen) */
uint64_t sys_sendto(void)
{
	struct iovec v = { argraw(1), argraw(2) };
	struct iocur c = { &v, 1, 0, 0, true };
	struct file *f;
	int err = sock_fd(argraw(0), &f);

	if (err < 0)
		return err;
	if (argraw(4))
		return send_addr(f, argraw(4), argraw(5), &c, v.len, argraw(3), NULL);
	return sock_send(f, &c, v.len, argraw(3), NULL);
}

/* recvfrom(fd, buf, len, flags, addr, addrlen): the sender is unnamed,
 * so *addrlen becomes 0, as Linux's. */
uint64_t sys_recvfrom(void)
{
	struct iovec v = { argraw(1), argraw(2) };
	struct iocur c = { &v, 1, 0, 0, true };
	struct file *f;
	int mflags = 0;
	uint32_t zero = 0;
	int64_t r = sock_fd(argraw(0), &f);

	if (r < 0)
		return r;
	r = sock_recv(f, &c, v.len, argraw(3), &mflags, NULL);
	if (r >= 0 && argraw(4) && argraw(5) &&
	    copyout(myproc()->pagetable, argraw(5), &zero, sizeof(zero)) < 0)
		return -EFAULT;
	return r;
}

/* getsockopt(fd, level, name, val, len): SOL_SOCKET's that a pair has. */
uint64_t sys_getsockopt(void)
{
	pagetable_t pt = myproc()->pagetable;
	struct file *f;
	int len, val;
	int err = sock_fd(argraw(0), &f);

	if (err < 0)
		return err;
	if (argraw(1) != SOL_SOCKET)
		return -EOPNOTSUPP;
	if (copyin(pt, &len, argraw(4), sizeof(len)) < 0)
		return -EFAULT;
	if (len < 0)
		return -EINVAL;
	if ((err = sock_getopt(f, argraw(2), &val)) < 0)
		return err;
	len = MIN(len, (int)sizeof(val));
	if (copyout(pt, argraw(3), &val, len) < 0 || copyout(pt, argraw(4), &len, sizeof(len)) < 0)
		return -EFAULT;
	return 0;
}

/* setsockopt(fd, level, name, val, len) */
uint64_t sys_setsockopt(void)
{
	struct file *f;
	int val;
	int err = sock_fd(argraw(0), &f);

	if (err < 0)
		return err;
	if (argraw(1) != SOL_SOCKET)
		return -EOPNOTSUPP;
	if ((int)argraw(4) < (int)sizeof(val))
		return -EINVAL;
	if (copyin(myproc()->pagetable, &val, argraw(3), sizeof(val)) < 0)
		return -EFAULT;
	return sock_setopt(f, argraw(2), val);
}

/* A name out to addr and *lenp, as Linux's unix_getname: the family
 * alone for an unnamed socket, a path with its 0 byte counted; as much
 * as *lenp has room for, *lenp the whole length. */
static int sockaddr_out(uint64_t addr, uint64_t lenp, const struct sockname *nm)
{
	pagetable_t pt = myproc()->pagetable;
	struct sockaddr_un a = { AF_UNIX, { 0 } };
	int len, whole = sizeof(a.family) + nm->len + (nm->len && nm->path[0] ? 1 : 0);

	if (copyin(pt, &len, lenp, sizeof(len)) < 0)
		return -EFAULT;
	if (len < 0)
		return -EINVAL;
	memmove(a.path, nm->path, nm->len);
	if (copyout(pt, addr, &a, MIN(len, whole)) < 0 || copyout(pt, lenp, &whole, sizeof(whole)) < 0)
		return -EFAULT;
	return 0;
}

/* getsockname and getpeername */
static int64_t name_call(bool peer)
{
	struct sockname nm;
	struct file *f;
	int err = sock_fd(argraw(0), &f);

	if (err < 0 || (err = sock_name(f, peer, &nm)) < 0)
		return err;
	return sockaddr_out(argraw(1), argraw(2), &nm);
}

uint64_t sys_getsockname(void) { return name_call(false); }
uint64_t sys_getpeername(void) { return name_call(true); }

/* bind(fd, addr, len) and connect(fd, addr, len) */
static int64_t addr_call(int (*op)(struct file *, const struct sockname *))
{
	struct sockname nm;
	struct file *f;
	int err = sock_fd(argraw(0), &f);

	if (err < 0 || (err = sockaddr_in(argraw(1), argraw(2), &nm)) < 0)
		return err;
	return op(f, &nm);
}

uint64_t sys_bind(void) { return addr_call(sock_bind); }
uint64_t sys_connect(void) { return addr_call(sock_connect); }

uint64_t sys_listen(void)
{
	struct file *f;
	int err = sock_fd(argraw(0), &f);

	return err < 0 ? err : sock_listen(f, argraw(1));
}

/* accept4(fd, addr, len, flags) and accept(fd, addr, len) */
static int64_t accept_call(int flags)
{
	struct sockname nm;
	struct file *f, *c;
	int err = sock_fd(argraw(0), &f);

	if (err < 0)
		return err;
	if (flags & ~(SOCK_NONBLOCK | SOCK_CLOEXEC))
		return -EINVAL;
	if ((err = sock_accept(f, flags & SOCK_NONBLOCK ? O_NONBLOCK : 0, &c)) < 0)
		return err;
	int fd = fdalloc(c, 0, flags & SOCK_CLOEXEC);
	if (fd < 0) {
		fileclose(c);
		return fd;
	}
	/* the connecting socket's name, unnamed unless it bound one */
	if (argraw(1) && sock_name(c, true, &nm) == 0 &&
	    sockaddr_out(argraw(1), argraw(2), &nm) < 0)
		return -EFAULT;	/* the descriptor stays, as Linux's does */
	return fd;
}

uint64_t sys_accept4(void) { return accept_call(argraw(3)); }
uint64_t sys_accept(void) { return accept_call(0); }
