/*
 * unixsock: named AF_UNIX sockets. socket, bind to a path in /tmp (an
 * S_IFSOCK node: open gives ENXIO) or an abstract name, listen,
 * connect, accept4 (SOCK_CLOEXEC, SOCK_NONBLOCK's EAGAIN), bytes both
 * ways, getsockname and getpeername of each end, a listener's poll and
 * epoll readiness, a forked child connecting, SOCK_SEQPACKET's
 * boundaries; SOCK_DGRAM sendto a path, connect, ECONNREFUSED once the
 * receiver is closed; the errors (EADDRINUSE, ENOENT, ECONNREFUSED, EISCONN,
 * EINVAL, ENOTCONN, EPROTOTYPE). The same binary gives the same lines
 * under Linux (the linux suite).
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "rawerr.h"
#include "syscall.h"
#include "linux/fdkinds.h"
#include "linux/socket.h"

#define PATH "/tmp/unixsock.sock"

struct kpollfd {
	int32_t fd;
	int16_t events, revents;
};

static long
sock(int type)
{
	return syscall3(SYS_socket, AF_UNIX, type, 0);
}

/* A sockaddr_un of name (len bytes: an abstract name has a 0 first). */
static long
addr_call(long nr, int fd, const char *name, long len)
{
	struct sockaddr_un a = { AF_UNIX, { 0 } };

	memcpy(a.path, name, len);
	return syscall3(nr, fd, (long)&a, 2 + len);
}

static long
bind_(int fd, const char *path)
{
	return addr_call(SYS_bind, fd, path, strlen(path));
}

static long
connect_(int fd, const char *path)
{
	return addr_call(SYS_connect, fd, path, strlen(path));
}

/* getsockname or getpeername: the length, and the path into out. */
static long
name(long nr, int fd, char *out)
{
	struct sockaddr_un a;
	int len = sizeof a;

	memset(&a, 0, sizeof a);
	long r = syscall3(nr, fd, (long)&a, (long)&len);
	if (r < 0)
		return r;
	strcpy(out, a.path);
	return len;
}

static long
ready(int fd, int events)
{
	struct kpollfd p = { fd, (int16_t)events, 0 };
	struct timespec zero = { 0, 0 };
	long r = syscall5(SYS_ppoll, (long)&p, 1, (long)&zero, 0, 8);

	return r < 0 ? r : p.revents;
}

static void
stream(void)
{
	char buf[64] = { 0 }, nm[128];
	struct kstat st;

	unlink(PATH);
	int l = sock(SOCK_STREAM);
	check_long("socket(AF_UNIX, SOCK_STREAM)", l >= 0, 1);
	check_long("bind " PATH, bind_(l, PATH), 0);
	check_long("  the path is a socket", kfstatat(-100, PATH, &st, 0) == 0 &&
		   (st.st_mode & S_IFMT) == 0140000, 1);
	check_err("  open of it", open(PATH, O_RDWR) < 0 ? -errno : 0, 6);
	int other = sock(SOCK_STREAM);
	check_err("bind of another to it", bind_(other, PATH), 98);
	check_err("a client connects before listen", connect_(other, PATH), 111);
	check_long("listen", syscall2(SYS_listen, l, 5), 0);
	check_long("  poll: nothing to accept", ready(l, 1 | 4), 0);
	check_err("  accept4(SOCK_NONBLOCK listener)", (syscall3(SYS_fcntl, l, 4, 04000),
		  syscall4(SYS_accept4, l, 0, 0, 0)), 11);
	syscall3(SYS_fcntl, l, 4, 0);

	int c = sock(SOCK_STREAM);
	check_err("an unconnected socket's write", write(c, "x", 1) < 0 ? -errno : 0, 107);
	check_err("  its read", read(c, buf, 1) < 0 ? -errno : 0, 22);
	check_err("  its getpeername", name(SYS_getpeername, c, nm), 107);
	check_long("connect", connect_(c, PATH), 0);
	check_long("  the listener polls IN", ready(l, 1 | 4), 1);
	int ep = syscall1(SYS_epoll_create1, 0);
	struct epoll_event ev = { .events = EPOLLIN, .data = 5 }, out[2];
	syscall4(SYS_epoll_ctl, ep, EPOLL_CTL_ADD, l, (long)&ev);
	check_long("  and epoll reports it", syscall6(SYS_epoll_pwait, ep, (long)out, 2, 0, 0, 8), 1);
	close(ep);
	check_err("connect again", connect_(c, PATH), 106);
	struct sockaddr_un peer;
	int plen = sizeof peer;
	int a = syscall4(SYS_accept4, l, (long)&peer, (long)&plen, SOCK_CLOEXEC);
	check_long("accept4(SOCK_CLOEXEC)", a >= 0, 1);
	check_long("  FD_CLOEXEC", syscall2(SYS_fcntl, a, 1), 1);
	check_long("  the peer's address: unnamed", plen, 2);
	check_long("client to server", write(c, "hello", 5) + read(a, buf, sizeof buf), 10);
	check_str("  the bytes", buf, "hello");
	check_long("server to client", write(a, "hi", 2) + read(c, buf, sizeof buf), 4);
	check_long("getsockname of the listener", name(SYS_getsockname, l, nm), 2 + strlen(PATH) + 1);
	check_str("  its path", nm, PATH);
	check_long("getsockname of the client: unnamed", name(SYS_getsockname, c, nm), 2);
	check_long("getpeername of the client", name(SYS_getpeername, c, nm), 2 + strlen(PATH) + 1);
	check_str("  the listener's path", nm, PATH);
	check_long("getsockname of the accepted one", name(SYS_getsockname, a, nm), 2 + strlen(PATH) + 1);
	check_long("getpeername of the accepted one", name(SYS_getpeername, a, nm), 2);
	check_err("getpeername of the listener", name(SYS_getpeername, l, nm), 107);
	check_err("connect of the listener", connect_(l, PATH), 22);
	close(a);
	check_long("the accepted end closed: the client reads end of file", read(c, buf, 1), 0);
	close(c);

	pid_t pid = fork();
	if (pid == 0) {
		int k = sock(SOCK_STREAM);
		connect_(k, PATH);
		write(k, "child", 5);
		_exit(0);
	}
	a = syscall3(SYS_accept, l, 0, 0);
	memset(buf, 0, sizeof buf);
	check_long("a child connects, accept waits for it", read(a, buf, sizeof buf), 5);
	check_str("  its bytes", buf, "child");
	wait_status(pid);
	close(a);

	int sp = sock(SOCK_SEQPACKET);
	check_err("a seqpacket socket to a stream listener", connect_(sp, PATH), 91);
	close(sp);
	close(l);
	check_err("the listener closed: connect", connect_(other, PATH), 111);
	check_long("unlink the path", unlink(PATH), 0);
	check_err("  connect", connect_(other, PATH), 2);
	check_long("  a new bind of it", bind_(other, PATH), 0);
	close(other);
	unlink(PATH);
}

static void
abstract_and_seqpacket(void)
{
	static const char abs[] = "\0unixsock-abstract";
	long alen = sizeof abs - 1;
	char buf[16], nm[128];

	int l = sock(SOCK_SEQPACKET);
	check_long("bind an abstract name", addr_call(SYS_bind, l, abs, alen), 0);
	check_err("  bound twice", addr_call(SYS_bind, sock(SOCK_SEQPACKET), abs, alen), 98);
	syscall2(SYS_listen, l, 1);
	int c = sock(SOCK_SEQPACKET);
	check_long("  connect to it", addr_call(SYS_connect, c, abs, alen), 0);
	int a = syscall3(SYS_accept, l, 0, 0);
	check_long("  getsockname: its length", name(SYS_getsockname, l, nm), 2 + alen);
	write(c, "one", 3);
	write(c, "three", 5);
	check_long("seqpacket: the first message", read(a, buf, sizeof buf), 3);
	check_long("  the second", read(a, buf, sizeof buf), 5);
	close(c);
	check_long("  the client closed: end of file", read(a, buf, sizeof buf), 0);
	close(a);
	close(l);
	check_err("  the name goes with it", addr_call(SYS_connect, sock(SOCK_SEQPACKET), abs, alen), 111);
}

static long
sendto_(int fd, const char *msg, const char *path)
{
	struct sockaddr_un a = { AF_UNIX, { 0 } };

	strcpy(a.path, path);
	return syscall6(SYS_sendto, fd, (long)msg, strlen(msg), 0, (long)&a, 2 + strlen(path));
}

static void
datagrams(void)
{
	static const char dpath[] = "/tmp/unixsock.dgram";
	char buf[16];

	unlink(dpath);
	int srv = sock(SOCK_DGRAM), cl = sock(SOCK_DGRAM);
	check_long("datagrams: bind", bind_(srv, dpath), 0);
	check_long("  poll: nothing", ready(srv, 1), 0);
	check_err("  a send with no address", write(cl, "x", 1) < 0 ? -errno : 0, 107);
	check_long("  sendto the path", sendto_(cl, "a", dpath), 1);
	check_long("  and again", sendto_(cl, "bc", dpath), 2);
	check_long("  poll: IN", ready(srv, 1), 1);
	check_long("  the first message", read(srv, buf, sizeof buf), 1);
	check_long("  the second", read(srv, buf, sizeof buf), 2);
	check_long("connect", connect_(cl, dpath), 0);
	check_long("  a write goes there", write(cl, "xyz", 3), 3);
	check_long("  ", read(srv, buf, sizeof buf), 3);
	check_err("sendto a missing path", sendto_(cl, "x", "/tmp/unixsock-none"), 2);
	int st = sock(SOCK_STREAM);
	bind_(st, PATH);
	check_err("sendto a stream socket's path", sendto_(cl, "x", PATH), 91);
	close(st);
	unlink(PATH);
	close(srv);
	check_err("the receiver closed: write", write(cl, "x", 1) < 0 ? -errno : 0, 111);
	close(cl);
	unlink(dpath);
}

static void
errors(void)
{
	int s = sock(SOCK_STREAM), fd = open("/tmp/unixsock.txt", O_RDWR | O_CREAT, 0644);
	struct sockaddr_un a = { 2, { 'x' } };

	check_err("socket type 9", syscall3(SYS_socket, AF_UNIX, 9, 0), 94);
	check_err("socket protocol 5", syscall3(SYS_socket, AF_UNIX, SOCK_STREAM, 5), 93);
	check_err("connect to a missing path", connect_(s, "/tmp/unixsock-none"), 2);
	check_err("connect to a regular file", connect_(s, "/tmp/unixsock.txt"), 111);
	check_err("bind of family AF_INET", syscall3(SYS_bind, s, (long)&a, 4), 22);
	check_err("bind of length 1", syscall3(SYS_bind, s, (long)&a, 1), 22);
	close(fd);
	close(s);
	unlink("/tmp/unixsock.txt");
}

int
main(void)
{
	stream();
	abstract_and_seqpacket();
	datagrams();
	errors();
	printf("unixsock: done\n");
	return 0;
}
